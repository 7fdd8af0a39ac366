"""Hovering the timeline's customs points and event lines shows the figure or event with its
source, a citation a reader can look up (issue 15, item 6; issue 16, item 2)."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from dprk_explorer.gui.application import application
from dprk_explorer.gui.plots.timeline import TimelinePlot
from dprk_explorer.model import PRESETS
from dprk_explorer.model.core.timeline import TIMELINE_EVENTS
from dprk_explorer.model.sources.resources import load_history
from tests.gui.answer_helpers import answer_of, view_of


def _plot() -> TimelinePlot:
    application()
    plot = TimelinePlot()
    plot.resize(900, 420)
    answer = answer_of(PRESETS["record"].scenario)
    plot.show_answer(answer, view_of(answer))
    plot.show()
    QtWidgets.QApplication.processEvents()
    return plot


def test_a_customs_point_under_the_cursor_names_its_figure_and_source() -> None:
    plot = _plot()
    view = plot.getPlotItem().getViewBox()
    months = [row for row in load_history() if row["granularity"] == "month"]
    for i, row in enumerate(months):
        x, y = plot.point_xy[:, i]
        pos = plot.mapFromScene(view.mapViewToScene(QtCore.QPointF(x, y)))
        tip = plot.point_tip(pos)
        citation = row["citations"][0]
        assert f"Source: {citation.publisher}, " in tip, row["period"]
        assert (citation.url or "URL not recorded") in tip
    assert plot.point_tip(QtCore.QPoint(2, 2)) == ""  # off the view: nothing
    plot.close()


def test_an_event_line_names_who_reported_it() -> None:
    plot = _plot()
    view = plot.getPlotItem().getViewBox()
    top = view.viewRange()[1][1]
    for x, row in zip(plot.event_x, TIMELINE_EVENTS, strict=True):
        pos = plot.mapFromScene(view.mapViewToScene(QtCore.QPointF(x, 0.5 * top)))
        tip = plot.event_tip(pos)
        assert row["event"] in tip
        for citation in row["citations"]:
            assert citation.text() in tip
    plot.close()


def test_the_tooltip_shown_over_a_customs_point_is_its_source() -> None:
    """The tooltip the viewport shows (a real tooltip event), not only the text behind it."""
    from PySide6 import QtGui

    plot = _plot()
    view = plot.getPlotItem().getViewBox()
    x, y = plot.point_xy[:, 0]
    pos = plot.mapFromScene(view.mapViewToScene(QtCore.QPointF(x, y)))
    event = QtGui.QHelpEvent(QtCore.QEvent.Type.ToolTip, pos, plot.viewport().mapToGlobal(pos))
    QtWidgets.QApplication.sendEvent(plot.viewport(), event)
    assert QtWidgets.QToolTip.text() == plot.point_tip(pos)
    assert "Source: " in QtWidgets.QToolTip.text()
    QtWidgets.QToolTip.hideText()
    plot.close()

"""A pin's line on the timeline names its pin when hovered (its tooltip reaches the mouse: on a
PlotDataItem it sat on a parent with no shape, where no hover ever found it)."""

from __future__ import annotations

from PySide6 import QtCore
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.plots.timeline import TimelinePlot
from tests.gui.plots.test_year_answer import shown, two_pins, view_of, year_answer


def test_hovering_a_pins_line_names_the_pin(qtbot: QtBot) -> None:
    pins = two_pins()
    answer = year_answer(pins)
    plot = shown(qtbot, TimelinePlot(), 800, 420)
    assert isinstance(plot, TimelinePlot)
    plot.show_answer(answer, view_of(answer, pins))
    view = plot.getPlotItem().getViewBox()
    for pin in pins:
        x, y = plot.pin_curves[pin.slot].getData()
        middle = len(x) // 2
        at = view.mapViewToScene(QtCore.QPointF(x[middle], y[middle]))
        tips = [item.toolTip() for item in plot.scene().items(at) if item.toolTip()]
        assert f"Pin '{pin.name}': total monthly revenue" in tips

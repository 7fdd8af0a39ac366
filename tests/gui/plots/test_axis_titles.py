"""An axis title reads as set through range changes, new titles and fitted sizes; and a range
change alone does not typeset it again (pyqtgraph did, ~200 times while the window was built)."""

from __future__ import annotations

from PySide6 import QtGui

from dprk_explorer.gui.plots.base import ReadableAxis, StyledPlot


def counted(axis: ReadableAxis) -> list[str]:
    """Every HTML the axis's title is given from now on."""
    given: list[str] = []
    typeset = axis.label.setHtml

    def record(html: str) -> None:
        given.append(html)
        typeset(html)

    axis.label.setHtml = record  # type: ignore[method-assign]
    return given


def test_a_title_reads_as_set_through_range_changes(qapp, qtbot):
    plot = StyledPlot("Revenue")
    qtbot.addWidget(plot)
    axis = plot.getPlotItem().getAxis("left")
    assert isinstance(axis, ReadableAxis)
    axis.setLabel("Revenue (USD m)")
    given = counted(axis)
    for high in (10.0, 500.0, 2000.0, 40.0):
        axis.setRange(0.0, high)
        assert axis.label.toPlainText().strip() == "Revenue (USD m)"
    assert given == []  # the same title: never typeset again
    axis.setLabel("Change (USD m)")
    assert axis.label.toPlainText().strip() == "Change (USD m)"
    assert len(given) >= 1
    # Units take pyqtgraph's SI prefix as the range grows and lose it as it shrinks.
    axis.setLabel("Revenue", units="USD")
    axis.setRange(0.0, 5e6)
    assert "MUSD" in axis.label.toPlainText()
    axis.setRange(0.0, 5.0)
    assert "MUSD" not in axis.label.toPlainText()
    assert "(USD)" in axis.label.toPlainText()


def test_a_fitted_title_takes_its_smaller_size(qapp, qtbot):
    plot = StyledPlot("A plot")
    qtbot.addWidget(plot)
    plot.resize(320, 240)
    plot.show()
    qtbot.waitExposed(plot)
    axis = plot.getPlotItem().getAxis("left")
    axis.setLabel("A very long axis title that cannot fit at the tick font's size at all")
    qtbot.waitUntil(lambda: axis.labelStyle.get("font-size") not in (None, "9pt", "10pt"))
    fitted_pt = float(axis.labelStyle["font-size"].removesuffix("pt"))
    assert drawn_pt(axis) == fitted_pt
    axis.setRange(0.0, 1234.0)  # a range change keeps the fitted size
    assert drawn_pt(axis) == fitted_pt


def drawn_pt(axis: ReadableAxis) -> float:
    """The point size the title's text is typeset at."""
    cursor = QtGui.QTextCursor(axis.label.document())
    cursor.setPosition(1)
    return float(cursor.charFormat().fontPointSize())

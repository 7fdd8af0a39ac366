"""A line's legend entry is a line in the curve's own pen, and nothing else (no symbol)."""

from __future__ import annotations

from PySide6 import QtGui

from dprk_explorer.gui.plots.timeline import TimelinePlot


def drawn_sample(sample: object) -> QtGui.QImage:
    image = QtGui.QImage(20, 20, QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    sample.paint(painter)  # type: ignore[attr-defined]
    painter.end()
    return image


def test_a_curve_swatch_draws_its_pen_as_a_line(qapp, qtbot):
    plot = TimelinePlot()
    qtbot.addWidget(plot)
    # The swatches are the entries whose item is on no plot (the plot's own curves are drawn
    # as Curve paths, which a legend cannot read).
    lines = [(sample, label) for sample, label in plot.legend.items if sample.item.scene() is None]
    assert len(lines) == 4  # no sanctions, scenario, to China, the record's fit
    for sample, label in lines:
        pen = sample.item.opts["pen"]
        image = drawn_sample(sample)
        colour = pen.color().rgb()
        on_line = [image.pixel(x, 11) for x in range(2, 18)]
        assert on_line.count(colour) >= 8, label.text  # dashed lines: at least half
        off_line = {
            image.pixel(x, y) for x in range(20) for y in range(20) if abs(y - 11) > pen.width()
        }
        assert off_line == {QtGui.QColor("white").rgb()}, label.text  # no symbol

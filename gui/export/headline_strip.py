"""The brief's headline strip: the window's four headline figures (caption, value, detail) for
the answer's period, measured and painted on the page (gui.text.headline words them once)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6 import QtCore, QtGui

from dprk_explorer.gui import palette
from dprk_explorer.gui.export.print_text import MIN_FONT_PT
from dprk_explorer.gui.text.headline import Headline

VALUE_PT = 14.0


def headline_fonts() -> tuple[QtGui.QFont, QtGui.QFont]:
    """The captions' and details' font, and the values'."""
    small = QtGui.QFont()
    small.setPointSizeF(MIN_FONT_PT)
    big = QtGui.QFont()
    big.setPointSizeF(VALUE_PT)
    big.setBold(True)
    return small, big


def headline_height() -> float:
    small, big = headline_fonts()
    return (
        2 * QtGui.QFontMetricsF(small).lineSpacing() + QtGui.QFontMetricsF(big).lineSpacing() + 8.0
    )


def paint_headline(
    painter: QtGui.QPainter, rect: QtCore.QRectF, numbers: Sequence[Headline], pen_factor: float
) -> None:
    """The figures side by side in `rect`, on the strip's background over a rule."""
    small, big = headline_fonts()
    painter.fillRect(rect, QtGui.QColor(palette.HEADLINE_BACKGROUND))
    painter.setPen(palette.pen(palette.HEADLINE_RULE, pen_factor))
    painter.drawLine(rect.bottomLeft(), rect.bottomRight())
    cell = rect.width() / len(numbers)
    line_small = QtGui.QFontMetricsF(small).lineSpacing()
    line_big = QtGui.QFontMetricsF(big).lineSpacing()
    flags = QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop
    for i, number in enumerate(numbers):
        x = rect.left() + i * cell + 6.0
        y = rect.top() + 4.0
        width = cell - 8.0
        painter.setPen(QtGui.QColor(palette.HEADLINE_CAPTION))
        painter.setFont(small)
        painter.drawText(QtCore.QRectF(x, y, width, line_small), flags, number.caption)
        painter.setPen(QtGui.QColor(palette.HEADLINE_VALUE))
        painter.setFont(big)
        painter.drawText(QtCore.QRectF(x, y + line_small, width, line_big), flags, number.value)
        painter.setPen(QtGui.QColor(palette.HEADLINE_CAPTION))
        painter.setFont(small)
        painter.drawText(
            QtCore.QRectF(x, y + line_small + line_big, width, line_small), flags, number.detail
        )

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


#: A figure's text starts this far into its cell, and its box is this much narrower.
TEXT_LEFT_PX = 6.0
TEXT_INSET_PX = 8.0
#: Each figure's cell is this much wider than its longest line.
CELL_PADDING_PX = 14.0


def cell_widths(width: float, numbers: Sequence[Headline]) -> list[float]:
    """Each figure's share of the strip: what its longest line needs, and the rest shared
    equally (equal cells cut the won-back figure's two groups, "China's routes $203 m, others
    $2.76 bn", at a quarter of the page); scaled down together if the strip is narrower."""
    small, big = headline_fonts()
    fine, bold = QtGui.QFontMetricsF(small), QtGui.QFontMetricsF(big)
    needs = [
        max(
            fine.horizontalAdvance(number.caption),
            bold.horizontalAdvance(number.value),
            fine.horizontalAdvance(number.detail),
        )
        + CELL_PADDING_PX
        for number in numbers
    ]
    spare = width - sum(needs)
    if spare >= 0:
        return [need + spare / len(needs) for need in needs]
    return [need * width / sum(needs) for need in needs]


def paint_headline(
    painter: QtGui.QPainter, rect: QtCore.QRectF, numbers: Sequence[Headline], pen_factor: float
) -> None:
    """The figures side by side in `rect`, on the strip's background over a rule."""
    small, big = headline_fonts()
    painter.fillRect(rect, QtGui.QColor(palette.HEADLINE_BACKGROUND))
    painter.setPen(palette.pen(palette.HEADLINE_RULE, pen_factor))
    painter.drawLine(rect.bottomLeft(), rect.bottomRight())
    line_small = QtGui.QFontMetricsF(small).lineSpacing()
    line_big = QtGui.QFontMetricsF(big).lineSpacing()
    flags = QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop
    x = rect.left()
    for number, cell in zip(numbers, cell_widths(rect.width(), numbers), strict=True):
        left, x = x, x + cell
        x_text = left + TEXT_LEFT_PX
        y = rect.top() + 4.0
        width = cell - TEXT_INSET_PX
        painter.setPen(QtGui.QColor(palette.HEADLINE_CAPTION))
        painter.setFont(small)
        painter.drawText(QtCore.QRectF(x_text, y, width, line_small), flags, number.caption)
        painter.setPen(QtGui.QColor(palette.HEADLINE_VALUE))
        painter.setFont(big)
        painter.drawText(
            QtCore.QRectF(x_text, y + line_small, width, line_big), flags, number.value
        )
        painter.setPen(QtGui.QColor(palette.HEADLINE_CAPTION))
        painter.setFont(small)
        painter.drawText(
            QtCore.QRectF(x_text, y + line_small + line_big, width, line_small),
            flags,
            number.detail,
        )

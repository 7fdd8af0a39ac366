"""Text on a printed figure: the logical DPI it is laid out at, centimetres in those pixels, the
least point sizes a page uses, and rich-text blocks laid out at a width.

A figure is laid out at its physical size in logical pixels (the screen's logical DPI, 96 on the
offscreen platform), so fonts keep their point sizes whatever the output's resolution.
"""

from __future__ import annotations

from PySide6 import QtGui

from dprk_explorer.gui.export.options import CM_PER_INCH

#: No text on a page is smaller (plots' value labels and event names are 7-8 pt on screen).
MIN_FONT_PT = 7.5
#: An axis label too long for its axis is set at this size before it takes two lines.
MIN_AXIS_LABEL_PT = 8.0
CAPTION_PT = MIN_FONT_PT
BODY_PT = MIN_FONT_PT
TITLE_PT = 11.0


def logical_dpi() -> float:
    """Pixels per inch the widgets lay text out at (fonts are in points)."""
    screen = QtGui.QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInch() if screen is not None else 96.0
    return dpi if dpi > 0 else 96.0


def cm_to_px(cm: float, dpi: float) -> float:
    return cm / CM_PER_INCH * dpi


def rich_text(html: str, point_size: float, width: float) -> QtGui.QTextDocument:
    """Rich text laid out at `width`: its height is known before it is placed."""
    document = QtGui.QTextDocument()
    font = QtGui.QFont()
    font.setPointSizeF(point_size)
    document.setDefaultFont(font)
    document.setDocumentMargin(2.0)
    document.setDefaultStyleSheet("p { margin-top: 0px; margin-bottom: 2px; }")
    document.setHtml(html)
    document.setTextWidth(width)
    return document

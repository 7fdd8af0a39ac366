"""Colours and pens shared by every plot: Okabe-Ito, readable for colour-blind readers and in print.

Baseline against scenario is told apart by lightness and line style as well as hue, so the plots
survive greyscale printing too.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

# Okabe & Ito (2008), "Color Universal Design".
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#8C8C8C"
LIGHT_GREY = "#C8C8C8"

BASELINE = GREY
SCENARIO = BLUE
HISTORY = BLACK
LOSS = VERMILLION
GAIN_SMUGGLING = ORANGE
GAIN_EXPORTS = GREEN
GAIN_LABOUR = PURPLE
NET = BLUE

#: Which colour each offset channel takes in the waterfall.
CHANNEL_GROUP_COLOUR = {
    "smuggling": GAIN_SMUGGLING,
    "iron_ore": GAIN_EXPORTS,
    "lead": GAIN_EXPORTS,
    "seafood": GAIN_EXPORTS,
    "other_goods": GAIN_EXPORTS,
    "textiles": GAIN_LABOUR,
    "overseas_labour": GAIN_LABOUR,
}

#: Colour map for the compliance x laxity heat map (perceptually uniform, colour-blind safe).
HEATMAP = "cividis"

AXIS_FONT_PT = 9
TITLE_SIZE = "10pt"


def pen(colour: str, width: float = 2.0, style: QtCore.Qt.PenStyle | None = None) -> QtGui.QPen:
    """A cosmetic pen: its width stays in pixels whatever the zoom or export resolution."""
    p = pg.mkPen(colour, width=width)
    if style is not None:
        p.setStyle(style)
    p.setCosmetic(True)
    return QtGui.QPen(p)


def brush(colour: str, alpha: int = 255) -> QtGui.QBrush:
    c = QtGui.QColor(colour)
    c.setAlpha(alpha)
    return QtGui.QBrush(c)


def configure_pyqtgraph() -> None:
    """White background, black text: the look of a printed figure.

    Antialiasing is off by default (axis-aligned bars and grid lines gain nothing from it, and
    it makes every fill ~20x slower on the raster engine); the curves and the contour that need
    it switch it on themselves.
    """
    pg.setConfigOptions(background="w", foreground="k", antialias=False, imageAxisOrder="row-major")


# --- widget text: one style sheet for the whole app (applied by gui.application) -------------
# Text takes the desktop palette's roles, so a dark theme stays readable; only warnings and the
# "not robust" flag carry their own hue, chosen to read on light and dark backgrounds alike.
#: A warning or refusal next to a control ("4 pins at most ...").
WARNING_TEXT = "#C0501A"
#: The headline's and analysis panel's "Not robust" flag.
NOT_ROBUST = "#C0501A"

#: Widgets set a `role` property ("muted", "note", "warning", "alarm"); this sheet styles them.
STYLE_SHEET = f"""
QLabel[role="muted"] {{ color: palette(placeholder-text); font-size: 8pt; }}
QLabel[role="note"] {{ font-size: 9pt; }}
QToolButton[role="heading"] {{ border: none; font-weight: 600; }}
QLabel[role="warning"] {{ color: {WARNING_TEXT}; font-size: 8pt; }}
#firstRunHint {{ background: palette(tool-tip-base); border-bottom: 1px solid palette(mid); }}
#firstRunHint QLabel {{ color: palette(tool-tip-text); }}
#headlineStrip {{ background: palette(alternate-base); border-bottom: 1px solid palette(mid); }}
#headlineCaption {{ color: palette(placeholder-text); font-size: 9pt; }}
#headlineValue {{ font-size: 16pt; font-weight: 600; }}
#headlineValue[role="alarm"] {{ color: {NOT_ROBUST}; }}
#headlineDetail {{ color: palette(placeholder-text); font-size: 9pt; }}
#headlineCompare {{ font-size: 9pt; }}
"""


def muted_hex(widget: QtWidgets.QWidget) -> str:
    """Muted text for rich-text labels (which take no style-sheet palette roles), as #rrggbb."""
    return widget.palette().color(QtGui.QPalette.ColorRole.PlaceholderText).name()


def set_role(widget: QtWidgets.QWidget, role: str) -> None:
    """Give `widget` a style role from STYLE_SHEET and restyle it at once."""
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)

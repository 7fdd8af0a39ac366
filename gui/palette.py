"""Colours and pens shared by every plot: Okabe-Ito, readable for colour-blind readers and in print.

Baseline against scenario is told apart by lightness and line style as well as hue, so the plots
survive greyscale printing too.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui

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

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
# Neutrals for axes, text, outlines and fills.
WHITE = "#FFFFFF"
NEAR_BLACK = "#111111"
TEXT_DARK = "#1A1A1A"
CHARCOAL = "#333333"
DARK_GREY = "#444444"
MID_GREY = "#666666"
SILVER = "#A0A0A0"
PALE_GREY = "#D0D4D8"
MIST = "#F4F6F8"
DARK_RED = "#8B0000"

BASELINE = GREY
SCENARIO = BLUE
HISTORY = BLACK
LOSS = VERMILLION
GAIN_SMUGGLING = ORANGE
GAIN_EXPORTS = GREEN
GAIN_LABOUR = PURPLE
#: The routes China's enforcement does not govern: blue family and black, apart from its routes.
GAIN_RUSSIA_LABOUR = SKY_BLUE
GAIN_CYBER = NEAR_BLACK
GAIN_ARMS = DARK_GREY
NET = BLUE
OTHER_BANS = YELLOW

#: Axes, ticks, grid and the zero lines of the analysis charts.
AXIS = DARK_GREY
#: Tick labels.
TEXT_PEN_COLOUR = BLACK
#: Value labels' text, and white where a label sits inside a long bar.
LABEL_TEXT = TEXT_DARK
LABEL_TEXT_INSIDE = WHITE
#: Bar outlines (waterfall, tornado), the waterfall's dotted connectors, the timeline's events.
BAR_OUTLINE = CHARCOAL
CONNECTOR = MID_GREY
EVENT_LINE = SILVER
EVENT_TEXT = CHARCOAL
#: Light fills (colour, alpha) that keep text readable over grid lines, bars and the map.
LABEL_FILL = (WHITE, 170)
EVENT_LABEL_FILL = (WHITE, 200)
MAP_TEXT_FILL = (WHITE, 210)
MARKER_FILL = (WHITE, 230)
#: The light line under a contour and the outline of the timeline's customs dots.
HALO = WHITE
#: Hatching over the waterfall's loss bars (colour, alpha): losses read as losses in greyscale.
HATCH = (BLACK, 110)
#: The exported page: background, banner, the title's second part, the headline strip.
PAGE = WHITE
BANNER = DARK_RED
SUBTITLE = DARK_GREY
HEADLINE_BACKGROUND = MIST
HEADLINE_RULE = PALE_GREY
HEADLINE_CAPTION = DARK_GREY
HEADLINE_VALUE = NEAR_BLACK

#: Colour map for the compliance x laxity heat map (perceptually uniform, colour-blind safe).
HEATMAP = "cividis"

AXIS_FONT_PT = 9
TITLE_SIZE = "10pt"


def pen(colour: str, width: float = 2.0, style: QtCore.Qt.PenStyle | None = None) -> QtGui.QPen:
    """A cosmetic pen: its width stays `width` device pixels whatever the zoom. Qt counts those
    pixels on the device, so a caller drawing on a 2x screen or a 300 dpi page passes `width`
    times its scale (StyledPlot.pen does, with the plot's print scale or device pixel ratio)."""
    p = pg.mkPen(colour, width=width)
    if style is not None:
        p.setStyle(style)
    p.setCosmetic(True)
    return QtGui.QPen(p)


def scaled_pen(pen: QtGui.QPen, factor: float) -> QtGui.QPen:
    """A cosmetic pen `factor` times as wide (a 0-width cosmetic pen counts as 1 px); the pen
    itself when `factor` is 1. For pens declared once as constants, built at a print scale."""
    if factor == 1.0 or not pen.isCosmetic() or pen.style() == QtCore.Qt.PenStyle.NoPen:
        return pen
    out = QtGui.QPen(pen)
    out.setWidthF(max(pen.widthF(), 1.0) * factor)
    return out


def brush(colour: str, alpha: int = 255, style: QtCore.Qt.BrushStyle | None = None) -> QtGui.QBrush:
    c = QtGui.QColor(colour)
    c.setAlpha(alpha)
    if style is not None:
        return QtGui.QBrush(c, style)
    return QtGui.QBrush(c)


#: The 5-95 % whiskers on the channel bars, fresh and while the analysis is updating.
BAND_PEN = pen(BLACK, 1.3)
STALE_BAND_PEN = pen(GREY, 1.3, QtCore.Qt.PenStyle.DashLine)


def configure_pyqtgraph() -> None:
    """White background, black text: the look of a printed figure.

    Antialiasing is off by default (axis-aligned bars and grid lines gain nothing from it, and
    it makes every fill ~20x slower on the raster engine); the curves and the contour that need
    it switch it on themselves.
    """
    pg.setConfigOptions(
        background=PAGE, foreground=TEXT_PEN_COLOUR, antialias=False, imageAxisOrder="row-major"
    )


# --- widget text: roles set by set_role; style sheets only on the headline, hint and ring ----
# Text takes the desktop palette's roles, so a dark theme stays readable; only warnings and the
# "not robust" flag carry their own hue, chosen to read on light and dark backgrounds alike.
#: A warning or refusal next to a control ("4 pins at most ...").
WARNING_TEXT = "#C0501A"
#: The headline's and analysis panel's "Not robust" flag.
NOT_ROBUST = "#C0501A"

#: The ring round whichever control has the keyboard focus (gui.application.FocusRing draws it
#: as a QFocusFrame, so sliders, buttons, boxes, lists and tabs all get the same ring).
FOCUS_RING_PX = 2

#: Each text role's look, the one place it is declared: (point size or None for the inherited
#: size, bold or not, colour: a #rrggbb hue, a palette role's name, or None for the
#: inherited text colour). set_role gives a widget its role's font and palette directly, so the
#: docks' controls are drawn by the plain desktop style (an app-wide style sheet would have
#: every control polished by QStyleSheetStyle, the biggest single cost of building the window).
ROLES: dict[str, tuple[float | None, bool, str | None]] = {
    "": (None, False, None),
    "muted": (8.0, False, "placeholder-text"),  # sources, hints, small print
    "note": (9.0, False, None),  # a preset's rationale
    "warning": (8.0, False, WARNING_TEXT),  # a refusal next to a control
    "heading": (None, True, None),  # a section's toggle (borderless: HEADING_STYLE_SHEET)
    "alarm": (None, False, NOT_ROBUST),  # the headline's "not robust" flag (its own size)
}

#: Palette role names a role's colour may take (the desktop's hue, light or dark theme).
_PALETTE_ROLES = {"placeholder-text": QtGui.QPalette.ColorRole.PlaceholderText}

#: The few widgets that keep a style sheet of their own (cheap: a handful of labels each).
HEADLINE_STYLE_SHEET = """
#headlineStrip { background: palette(alternate-base); border-bottom: 1px solid palette(mid); }
#headlineCaption { color: palette(placeholder-text); font-size: 9pt; }
#headlineValue { font-size: 16pt; font-weight: 600; }
#headlineDetail { color: palette(placeholder-text); font-size: 9pt; }
#headlineCompare { font-size: 9pt; }
"""
FIRST_RUN_STYLE_SHEET = """
#firstRunHint { background: palette(tool-tip-base); border-bottom: 1px solid palette(mid); }
#firstRunHint QLabel { color: palette(tool-tip-text); }
"""
#: A heading toggle (a checkable tool button) draws no bevel, even when checked (open).
HEADING_STYLE_SHEET = "QToolButton { border: none; }"
FOCUS_RING_STYLE_SHEET = (
    f"QFocusFrame {{ border: {FOCUS_RING_PX}px solid palette(highlight); border-radius: 3px; }}"
)


def muted_hex(widget: QtWidgets.QWidget) -> str:
    """Muted text for rich-text labels (which take no style-sheet palette roles), as #rrggbb."""
    return widget.palette().color(QtGui.QPalette.ColorRole.PlaceholderText).name()


def role_colour(widget: QtWidgets.QWidget, role: str) -> QtGui.QColor | None:
    """The text colour `role` declares, resolved against the widget's palette (None: inherited)."""
    colour = ROLES[role][2]
    if colour is None:
        return None
    if colour in _PALETTE_ROLES:
        return widget.palette().color(_PALETTE_ROLES[colour])
    return QtGui.QColor(colour)


def set_role(widget: QtWidgets.QWidget, role: str) -> None:
    """Give `widget` the font and text colour ROLES declares for `role` ("" for none).

    Only what the role declares is set (so a headline value keeps its strip's 16 pt when it
    turns "alarm"); what it does not is inherited again from the parent.
    """
    if widget.property("role") == role:
        return
    size_pt, bold, _ = ROLES[role]
    old_size_pt, old_bold, _ = ROLES[str(widget.property("role") or "")]
    widget.setProperty("role", role)
    # The font only when a role sets it or set it: a headline value keeps its strip's font.
    if (size_pt, bold, old_size_pt, old_bold) != (None, False, None, False):
        font = widget.font()
        font.setResolveMask(0)  # inherit all but what the role sets
        if size_pt is not None:
            font.setPointSizeF(size_pt)
        if bold:
            font.setWeight(QtGui.QFont.Weight.DemiBold)
        widget.setFont(font)
    text = QtGui.QPalette()  # an empty palette: inherit every colour from the parent
    colour = role_colour(widget, role)
    if colour is not None:
        text.setColor(QtGui.QPalette.ColorRole.WindowText, colour)
    widget.setPalette(text)
    if isinstance(widget, QtWidgets.QToolButton):  # a heading shows no bevel, open or shut
        widget.setStyleSheet(HEADING_STYLE_SHEET if role == "heading" else "")

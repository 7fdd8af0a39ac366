"""Pinned comparison: keep up to four scenarios drawn on every plot beside the live one.

A pin freezes the model Result of the scenario it was made from. Each pin takes a slot for its
whole life, and the slot fixes its colour, marker symbol and line dash, so removing one pin never
restyles another. The colours are Okabe-Ito hues other than the baseline grey and the live
scenario's blue; symbols and dashes differ too, so pins stay apart in greyscale print and for
colour-blind readers. The headline strip compares the live scenario with one chosen pin.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from dprk_explorer.gui import palette
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.model import LEVER_IDS, PARAMETERS, Result, Scenario
from dprk_explorer.model.core.scenario import MAX_TEXT_CHARS, clean_text

MAX_PINS = 4
#: Per slot: colour, pyqtgraph symbol, the same symbol as a text glyph, line dash pattern.
#: Green first: vermillion is also the timeline's "recorded exports" line, so it is the last
#: slot taken. Dash patterns are in pen widths (Qt's convention).
SLOT_STYLES: tuple[tuple[str, str, str, tuple[float, ...]], ...] = (
    (palette.GREEN, "o", "●", (4.0, 2.0)),
    (palette.PURPLE, "s", "■", (1.0, 1.5)),
    (palette.ORANGE, "t", "▼", (4.0, 1.5, 1.0, 1.5, 1.0, 1.5)),
    (palette.VERMILLION, "d", "◆", (6.0, 4.0)),
)
FULL_MESSAGE = f"{MAX_PINS} pins at most: remove one to pin another."
NONE_TEXT = "(none)"
#: Widest a pin's name may be in a plot legend: two columns fit a quarter of a 1280 px window.
LEGEND_NAME_PX = 140
#: The record, drawn beside the scenario on the annual plots like a pin: black as on the
#: timeline (the record's model line), its own glyph and dash. Colour, glyph, dash.
RECORD_STYLE: tuple[str, str, tuple[float, ...]] = (palette.HISTORY, "✕", (2.0, 2.0))
#: Drawing slots of the annual plots' comparison series: the pins' slots, then the record's.
RECORD_INDEX = MAX_PINS
COMPARED_STYLES: tuple[tuple[str, str, tuple[float, ...]], ...] = (
    *((colour, glyph, dash) for colour, _, glyph, dash in SLOT_STYLES),
    RECORD_STYLE,
)
#: How far pins may widen an annual plot's value axis beyond the live bars: the axis spans at
#: most 1 + PIN_REACH times the live span (split between the two ends when both can grow),
#: before room for labels. Further out, a ghost bar stops at the edge and its value carries an
#: arrow, so one extreme pin never squashes the live bars.
PIN_REACH = 0.5


@dataclass(frozen=True, eq=False)
class Pin:
    """A named, frozen scenario result and how it is drawn. Compared by identity."""

    name: str
    result: Result
    colour: str
    symbol: str
    slot: int = 0

    @property
    def glyph(self) -> str:
        """The pin's symbol as a text character (for labels and lists)."""
        return SLOT_STYLES[self.slot][2]

    @property
    def dash(self) -> tuple[float, ...]:
        return SLOT_STYLES[self.slot][3]

    def summary(self) -> str:
        """The lever settings and any other changed parameter, for tooltips."""
        scenario = self.result.scenario
        lines = [f"{self.name} (scenario '{scenario.name}')"]
        for key in LEVER_IDS:
            p = PARAMETERS[key]
            lines.append(f"{p.label}: {scenario[key]:g} {p.unit}")
        others = {k: v for k, v in scenario.changed_from_default().items() if k not in LEVER_IDS}
        for key, value in others.items():
            p = PARAMETERS[key]
            shown = ("yes" if value else "no") if isinstance(value, bool) else f"{value:g}"
            lines.append(f"{p.label}: {shown} {p.unit}".rstrip())
        lines.append(f"Net change: {fmt.usd(self.result.net_change_usd_m, signed=True)}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Compared:
    """A series drawn beside the live scenario on the annual plots (a pin or the record), with
    its result for the period the live scenario shows, so like is compared with like."""

    name: str
    result: Result
    index: int  # the drawing slot: a pin's slot, or RECORD_INDEX

    @property
    def label(self) -> str:
        """How a tooltip names it: "pin 'Tight border'", "Record 2019"."""
        return self.name if self.index == RECORD_INDEX else f"pin '{self.name}'"

    @property
    def colour(self) -> str:
        return COMPARED_STYLES[self.index][0]

    @property
    def glyph(self) -> str:
        return COMPARED_STYLES[self.index][1]

    @property
    def dash(self) -> tuple[float, ...]:
        return COMPARED_STYLES[self.index][2]


def compares_with_record(scenario: Scenario, record: Scenario) -> bool:
    """Whether the record's year is a fair comparison: the scenario branches from the record,
    or is the record."""
    return scenario.branch is not None or scenario.same_values(record)


def reach(low: float, high: float) -> tuple[float, float]:
    """The value-axis limits comparison series may widen a plot to (PIN_REACH); a plot whose
    axis starts at zero (revenue) grows at the top only."""
    extra = PIN_REACH * max(high - low, 1e-9)
    if low < 0:
        return low - extra / 2, high + extra / 2
    return low, high + extra


def legend_name(pin: Pin, max_px: int = LEGEND_NAME_PX, point_size: int = 8) -> str:
    """The pin's name as a legend shows it (8 pt), elided to at most `max_px` pixels, so a pin
    never widens a plot."""
    return legend_name_text(pin.name, max_px, point_size)


def legend_name_text(name: str, max_px: int = LEGEND_NAME_PX, point_size: int = 8) -> str:
    """`name` elided to at most `max_px` pixels at `point_size` (a legend's entry)."""
    font = QtGui.QFont()
    font.setPointSize(point_size)
    metrics = QtGui.QFontMetrics(font)
    return metrics.elidedText(name, QtCore.Qt.TextElideMode.ElideRight, max_px)


def pin_pen(pin: Pin, width: float = 2.0, scale: float = 1.0) -> QtGui.QPen:
    """The pin's line: its colour with its own dash pattern (in pen widths, so it scales with
    the width), `scale` times as wide for print."""
    pen = palette.pen(pin.colour, width * scale)
    pen.setDashPattern(list(pin.dash))
    return pen


#: The width of the black outline every pin marker has (px).
OUTLINE_PX = 1.0


def outline_pen(scale: float = 1.0) -> QtGui.QPen:
    """The black outline every pin marker has, so it reads on any bar or map colour; `scale`
    times as wide for print."""
    return palette.pen(palette.BLACK, OUTLINE_PX * scale)


def symbol_pixmap(pin: Pin, size: int = 14) -> QtGui.QPixmap:
    """The pin's marker as drawn on the plots, for lists and labels."""
    pixmap = QtGui.QPixmap(size + 4, size + 4)
    pixmap.fill(QtCore.Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(pixmap)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.translate((size + 4) / 2, (size + 4) / 2)
    pg.graphicsItems.ScatterPlotItem.drawSymbol(
        painter, pin.symbol, size, outline_pen(), palette.brush(pin.colour)
    )
    painter.end()
    return pixmap


def pin_name(text: str) -> str:
    """A name typed or pasted for a pin, as a scenario's name is kept (model.scenario.clean_text:
    nothing invisible or reordering, one line), spaces collapsed, at most a name's length."""
    return " ".join(clean_text(text).split())[: MAX_TEXT_CHARS["name"]]


class PinStore(QtCore.QObject):
    """Up to MAX_PINS pins, each in a fixed slot (colour, symbol, dash) for its whole life."""

    #: The pins, oldest first, after every change.
    pinsChanged = QtCore.Signal(list)
    #: One clear message for the user (a pin refused).
    message = QtCore.Signal(str)

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._slots: list[Pin | None] = [None] * MAX_PINS
        self._order: list[Pin] = []

    @property
    def pins(self) -> list[Pin]:
        """The pins, oldest first (a copy)."""
        return list(self._order)

    @property
    def is_full(self) -> bool:
        return len(self._order) >= MAX_PINS

    def unique_name(self, name: str) -> str:
        """`name`, or `name (2)`, `name (3)` ... if a pin already has it."""
        taken = {p.name for p in self._order}
        if name not in taken:
            return name
        n = 2
        while f"{name} ({n})" in taken:
            n += 1
        return f"{name} ({n})"

    def pin(self, name: str, result: Result) -> Pin | None:
        """Pin `result` under `name` (made unique); None and a message when full."""
        if self.is_full:
            self.message.emit(FULL_MESSAGE)
            return None
        twin = next(
            (p for p in self._order if p.result.scenario.same_values(result.scenario)), None
        )
        if twin is not None:
            self.message.emit(f"These settings are already pinned as '{twin.name}'.")
            return None
        slot = self._slots.index(None)
        colour, symbol, _, _ = SLOT_STYLES[slot]
        clean = pin_name(name) or pin_name(result.scenario.name) or "Pin"
        pin = Pin(self.unique_name(clean), result, colour, symbol, slot)
        self._slots[slot] = pin
        self._order.append(pin)
        self.pinsChanged.emit(self.pins)
        return pin

    def rename(self, pin: Pin, name: str) -> Pin | None:
        """Give `pin` a short name of its own (made unique); its slot and style stay."""
        clean = pin_name(name)
        if pin not in self._order or not clean or clean == pin.name:
            return None
        others = [p for p in self._order if p is not pin]
        taken = {p.name for p in others}
        unique, n = clean, 2
        while unique in taken:
            unique, n = f"{clean} ({n})", n + 1
        renamed = dataclasses.replace(pin, name=unique)
        self._order[self._order.index(pin)] = renamed
        self._slots[pin.slot] = renamed
        self.pinsChanged.emit(self.pins)
        return renamed

    def remove(self, pin: Pin) -> None:
        if pin not in self._order:
            return
        self._order.remove(pin)
        self._slots[pin.slot] = None
        self.pinsChanged.emit(self.pins)

    def clear(self) -> None:
        if not self._order:
            return
        self._order.clear()
        self._slots = [None] * MAX_PINS
        self.pinsChanged.emit(self.pins)

"""Pinned comparison: keep up to four scenarios drawn on every plot beside the live one.

A pin freezes the model Result of the scenario it was made from. Each pin takes a slot for its
whole life, and the slot fixes its colour, marker symbol and line dash, so removing one pin never
restyles another. The colours are Okabe-Ito hues other than the baseline grey and the live
scenario's blue; symbols and dashes differ too, so pins stay apart in greyscale print and for
colour-blind readers. The headline strip compares the live scenario with one chosen pin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyqtgraph as pg
from dprk_explorer.gui import palette
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.model import LEVER_IDS, PARAMETERS, Result
from PySide6 import QtCore, QtGui, QtWidgets

if TYPE_CHECKING:
    from dprk_explorer.gui.state import ScenarioState

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


def legend_name(pin: Pin, max_px: int = LEGEND_NAME_PX, point_size: int = 8) -> str:
    """The pin's name as a legend shows it (8 pt), elided to at most `max_px` pixels, so a pin
    never widens a plot."""
    font = QtGui.QFont()
    font.setPointSize(point_size)
    metrics = QtGui.QFontMetrics(font)
    return metrics.elidedText(pin.name, QtCore.Qt.TextElideMode.ElideRight, max_px)


def pin_pen(pin: Pin, width: float = 2.0) -> QtGui.QPen:
    """The pin's line: its colour with its own dash pattern."""
    pen = palette.pen(pin.colour, width)
    pen.setDashPattern(list(pin.dash))
    return pen


def outline_pen() -> QtGui.QPen:
    """The black outline every pin marker has, so it reads on any bar or map colour."""
    return palette.pen(palette.BLACK, 1.0)


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
        slot = self._slots.index(None)
        colour, symbol, _, _ = SLOT_STYLES[slot]
        clean = name.strip() or result.scenario.name
        pin = Pin(self.unique_name(clean), result, colour, symbol, slot)
        self._slots[slot] = pin
        self._order.append(pin)
        self.pinsChanged.emit(self.pins)
        return pin

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


class PinRow(QtWidgets.QWidget):
    """One pin in the panel: symbol swatch, name, net change and a remove button."""

    removeClicked = QtCore.Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.pin: Pin | None = None
        self.swatch = QtWidgets.QLabel()
        self.swatch.setFixedSize(20, 20)
        self.name = QtWidgets.QLabel()
        self.name.setObjectName("pinName")
        self.name.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )
        self.net = QtWidgets.QLabel()
        self.net.setObjectName("pinNet")
        self.net.setAlignment(
            QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
        )
        self.remove = QtWidgets.QToolButton()
        self.remove.setObjectName("pinRemove")
        self.remove.setText("×")
        self.remove.setAutoRaise(True)
        self.remove.clicked.connect(lambda: self.removeClicked.emit(self.pin))
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.swatch)
        layout.addWidget(self.name, 1)
        layout.addWidget(self.net)
        layout.addWidget(self.remove)

    def show_pin(self, pin: Pin | None) -> None:
        self.pin = pin
        self.setVisible(pin is not None)
        if pin is None:
            return
        self.swatch.setPixmap(symbol_pixmap(pin))
        self._elide()
        self.net.setText(fmt.usd(pin.result.net_change_usd_m, signed=True))
        self.net.setToolTip("Net revenue change of the pinned scenario against 2016, per year")
        self.remove.setToolTip(f"Remove pin {pin.name}")
        self.remove.setAccessibleName(f"Remove pin {pin.name}")
        self.setToolTip(pin.summary())

    def _elide(self) -> None:
        if self.pin is None:
            return
        width = max(self.name.width(), 40)
        metrics = self.name.fontMetrics()
        self.name.setText(
            metrics.elidedText(self.pin.name, QtCore.Qt.TextElideMode.ElideRight, width)
        )

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()


class PinPanel(QtWidgets.QGroupBox):
    """Pin the current scenario, list and remove pins, choose the headline's comparison."""

    #: The pin the headline compares with, or None.
    comparisonChanged = QtCore.Signal(object)

    def __init__(self, store: PinStore, state: ScenarioState) -> None:
        super().__init__("Pinned scenarios")
        self.setObjectName("pinPanel")
        self.store = store
        self.state = state
        self.pin_button = QtWidgets.QPushButton("Pin current scenario…")
        self.pin_button.setObjectName("pinButton")
        self.pin_button.clicked.connect(self._ask_and_pin)
        self.hint = QtWidgets.QLabel(
            "Pin a scenario to keep it drawn on every plot while you move the levers."
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555; font-size: 8pt;")
        self.rows = [PinRow() for _ in range(MAX_PINS)]
        for row in self.rows:
            row.removeClicked.connect(self._remove)
            row.hide()
        self.note = QtWidgets.QLabel()
        self.note.setObjectName("pinNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #A33C00; font-size: 8pt;")
        self.note.hide()
        self.combo = QtWidgets.QComboBox()
        self.combo.setObjectName("pinCompareCombo")
        self.combo.setToolTip("The pin the headline numbers are compared with")
        self.combo.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(12)  # a long pin name never widens the dock
        self.combo.addItem(NONE_TEXT, None)
        compare_label = QtWidgets.QLabel("Compare headline with:")
        compare_label.setBuddy(self.combo)

        layout = QtWidgets.QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(self.pin_button)
        layout.addWidget(self.hint)
        for row in self.rows:
            layout.addWidget(row)
        layout.addWidget(self.note)
        layout.addWidget(compare_label)
        layout.addWidget(self.combo)

        self.combo.currentIndexChanged.connect(self._combo_changed)
        store.pinsChanged.connect(self.show_pins)
        store.message.connect(self._show_note)
        self.show_pins(store.pins)

    # --- reading ------------------------------------------------------------------------------

    @property
    def comparison(self) -> Pin | None:
        pin = self.combo.currentData()
        return pin if isinstance(pin, Pin) else None

    # --- actions ------------------------------------------------------------------------------

    def _ask_and_pin(self) -> None:
        default = self.store.unique_name(self.state.scenario.name)
        name, ok = QtWidgets.QInputDialog.getText(
            self, "Pin current scenario", "Name of the pin:", text=default
        )
        if ok:
            self.pin_current(name)

    def pin_current(self, name: str) -> Pin | None:
        """Pin the current scenario's result under `name` (the scenario's name if empty)."""
        self.state.flush()
        pin = self.store.pin(name, self.state.result)
        if pin is not None and self.comparison is None:
            self.set_comparison(pin)  # the first pin is what one compares with
        return pin

    def set_comparison(self, pin: Pin | None) -> None:
        index = 0 if pin is None else self.combo.findData(pin)
        self.combo.setCurrentIndex(max(index, 0))

    def _remove(self, pin: Pin | None) -> None:
        if pin is not None:
            self.store.remove(pin)

    def _combo_changed(self, _index: int) -> None:
        self.comparisonChanged.emit(self.comparison)

    def _show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.show()

    # --- showing ------------------------------------------------------------------------------

    def show_pins(self, pins: list[Pin]) -> None:
        for row, pin in zip(self.rows, [*pins, *[None] * MAX_PINS], strict=False):
            row.show_pin(pin)
        self.hint.setVisible(not pins)
        full = len(pins) >= MAX_PINS
        self.pin_button.setEnabled(not full)
        self.pin_button.setToolTip(
            FULL_MESSAGE
            if full
            else "Keep the current scenario drawn on every plot under a name, for comparison"
        )
        if not full:
            self.note.hide()
        chosen = self.comparison
        with QtCore.QSignalBlocker(self.combo):
            self.combo.clear()
            self.combo.addItem(NONE_TEXT, None)
            for pin in pins:
                self.combo.addItem(QtGui.QIcon(symbol_pixmap(pin)), pin.name, pin)
            index = self.combo.findData(chosen) if chosen in pins else 0
            self.combo.setCurrentIndex(max(index, 0))
        if self.comparison is not chosen:
            self.comparisonChanged.emit(self.comparison)


def install_pins(window: QtWidgets.QMainWindow) -> PinStore:
    """Add pinned comparison to a MainWindow: the store, its panel in the controls column, and
    the wiring to every plot and the headline. Sets `window.pins` and `window.pin_panel`.
    Idempotent: a window that already has its pins keeps them."""
    existing = getattr(window, "pins", None)
    if isinstance(existing, PinStore):
        return existing
    state = window.state  # type: ignore[attr-defined]
    headline = window.headline  # type: ignore[attr-defined]
    plots = list(window.plots)  # type: ignore[attr-defined]
    store = PinStore(window)
    panel = PinPanel(store, state)
    column: QtWidgets.QVBoxLayout = window.controls_column  # type: ignore[attr-defined]
    presets = getattr(window, "presets", None)
    after = column.indexOf(presets) if presets is not None else -1
    column.insertWidget(after + 1 if after >= 0 else column.count() - 1, panel)

    def show_pins(pins: list[Pin]) -> None:
        for plot in plots:
            plot.show_pins(pins)
        headline.show_pins(pins)

    store.pinsChanged.connect(show_pins)
    panel.comparisonChanged.connect(headline.set_comparison)
    show_message = getattr(window, "show_message", None)
    if show_message is not None:
        store.message.connect(show_message)
    show_pins(store.pins)
    setattr(window, "pins", store)  # noqa: B010 - so a second call finds it (idempotent)
    setattr(window, "pin_panel", panel)  # noqa: B010
    return store

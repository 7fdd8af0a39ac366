"""The pinned-scenarios panel: pin the current scenario, list the pins, choose one to compare."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.pins import (
    FULL_MESSAGE,
    MAX_PINS,
    NONE_TEXT,
    Pin,
    PinStore,
    symbol_pixmap,
)
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.text import format as fmt


class PinRow(QtWidgets.QWidget):
    """One pin in the panel: symbol swatch, name, net change and a remove button."""

    removeClicked = QtCore.Signal(object)
    renameClicked = QtCore.Signal(object)

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
        self.rename = QtWidgets.QToolButton()
        self.rename.setObjectName("pinRename")
        self.rename.setText("✎")
        self.rename.setAutoRaise(True)
        self.rename.setToolTip("Give this pin a short name of its own (legends and the headline)")
        self.rename.clicked.connect(lambda: self.renameClicked.emit(self.pin))
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.swatch)
        layout.addWidget(self.name, 1)
        layout.addWidget(self.net)
        layout.addWidget(self.rename)
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
        palette.set_role(self.hint, "muted")
        self.rows = [PinRow() for _ in range(MAX_PINS)]
        for row in self.rows:
            row.removeClicked.connect(self._remove)
            row.renameClicked.connect(self._ask_rename)
            row.hide()
        self.note = QtWidgets.QLabel()
        self.note.setObjectName("pinNote")
        self.note.setWordWrap(True)
        palette.set_role(self.note, "warning")
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

    def _ask_rename(self, pin: Pin | None) -> None:
        if pin is None:
            return
        name, ok = QtWidgets.QInputDialog.getText(
            self, "Rename pin", "Short name for this pin:", text=pin.name
        )
        if ok:
            self.store.rename(pin, name)

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

"""What the analyst has chosen to see, beside the scenario: the period, the bands, the record
beside the scenario, the pins and the one the headline compares with, the export choices.

`View` is a frozen snapshot every view receives with the answer (`show_answer(answer, view)`), so a
view is a function of the two and holds no state of its own. `ViewState` owns the current `View`
and announces each change, as `ScenarioState` owns the scenario.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from PySide6 import QtCore

from dprk_explorer.gui.pins import Pin
from dprk_explorer.model.core.period import STEADY, Period

#: Where the bands' choice is remembered between sessions (the other choices start afresh).
KEY_BANDS = "view/uncertainty_bands"


@dataclass(frozen=True)
class View:
    """The view choices one answer is drawn with.

    `pins` are the pinned scenarios' styles, in the order of the answer's `pins` comparisons;
    `compared_pin` is the index of the one the headline compares with (None: none).
    """

    period: Period = STEADY
    bands: bool = False
    record_shown: bool = False
    pins: tuple[Pin, ...] = ()
    compared_pin: int | None = None

    def with_changes(self, **changes: object) -> View:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def compared(self) -> Pin | None:
        """The pin the headline compares with, or None."""
        return None if self.compared_pin is None else self.pins[self.compared_pin]


def index_of(pin: Pin | None, pins: tuple[Pin, ...]) -> int | None:
    """`pin`'s place in `pins` (pins are told apart by identity), or None."""
    return next((i for i, p in enumerate(pins) if p is pin), None)


class ViewState(QtCore.QObject):
    """The one owner of the current `View`; `changed` carries each new one."""

    changed = QtCore.Signal(object)

    def __init__(self, view: View | None = None, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view if view is not None else View()

    @property
    def view(self) -> View:
        return self._view

    def update(self, **changes: object) -> None:
        """Apply `changes` (View field names); announce only when something changed."""
        view = self._view.with_changes(**changes)
        if view != self._view:
            self._view = view
            self.changed.emit(view)

    def set_pins(self, pins: list[Pin] | tuple[Pin, ...], compared: Pin | None) -> None:
        """The pins (in the store's order) and the one compared with, if it is among them."""
        shown = tuple(pins)
        self.update(pins=shown, compared_pin=index_of(compared, shown))

    # --- remembered between sessions ----------------------------------------------------------

    def restore(self, settings: QtCore.QSettings | None) -> None:
        if settings is not None:
            self.update(bands=bool(settings.value(KEY_BANDS, False, type=bool)))

    def save(self, settings: QtCore.QSettings | None) -> None:
        if settings is not None:
            settings.setValue(KEY_BANDS, self._view.bands)

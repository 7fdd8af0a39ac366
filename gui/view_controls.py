"""The controls of the view state: the period selector and the View menu's bands and record
toggles. Each writes its choice to the `ViewState` and follows it, so a choice made anywhere
(a control, a new branch, a restored setting) shows on every control at once.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui.view_state import View, ViewState
from dprk_explorer.model.analysis.bands import N_DRAWS
from dprk_explorer.model.core.period import Period, offered_periods
from dprk_explorer.model.core.timeline import HORIZON_YEARS

PERIOD_TIP = (
    "What every figure is for: the headline, the channel bars, the waterfall, the map and the "
    "analysis. The steady state is every ban fully in force, with no lags, as a year's revenue; "
    "a year or a span of years sums the months of the monthly path. The timeline always shows "
    f"{HORIZON_YEARS}."
)
BANDS_TEXT = "Uncertainty &bands"
BANDS_TIP = (
    f"5-95 % ranges from {N_DRAWS:,} Monte Carlo draws over every uncertain assumption: "
    "a band on the timeline, whiskers on the channel bars. Grey while being recomputed."
)
RECORD_TEXT = "&Record beside the scenario"
RECORD_TIP = (
    "On the channel plot and the waterfall, the record (the model's reproduction of it) for "
    "the period shown, beside a scenario that branches from the record or is it."
)


def period_text(period: Period) -> str:
    """'Steady state', '2019', '2016-2020': a period as the selector lists it."""
    return period.label[:1].upper() + period.label[1:]


class PeriodChoice(QtCore.QObject):
    """Fills `combo` with every offered period and keeps it and `view_state.period` as one."""

    def __init__(self, combo: QtWidgets.QComboBox, view_state: ViewState) -> None:
        super().__init__(combo)
        self.combo = combo
        self.view_state = view_state
        with QtCore.QSignalBlocker(combo):
            combo.clear()
            for period in offered_periods():
                combo.addItem(period_text(period), period.token)
        combo.setToolTip(PERIOD_TIP)
        self.follow(view_state.view)
        combo.currentIndexChanged.connect(self._chosen)
        view_state.changed.connect(self.follow)

    def follow(self, view: View) -> None:
        """Show `view`'s period (a period not offered is added, so it is never shown blank)."""
        index = self.combo.findData(view.period.token)
        if index < 0:
            self.combo.addItem(period_text(view.period), view.period.token)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)

    def _chosen(self, index: int) -> None:
        if index >= 0:
            self.view_state.update(period=Period.parse(str(self.combo.itemData(index))))


class Toggle(QtCore.QObject):
    """A checkable action bound to one of the view's on/off choices."""

    def __init__(self, action: QtGui.QAction, view_state: ViewState, choice: str) -> None:
        super().__init__(action)
        self.action = action
        self.choice = choice
        action.setCheckable(True)
        action.setChecked(bool(getattr(view_state.view, choice)))
        action.toggled.connect(lambda on: view_state.update(**{choice: on}))
        view_state.changed.connect(self.follow)

    def follow(self, view: View) -> None:
        self.action.setChecked(bool(getattr(view, self.choice)))


def bands_action(view_state: ViewState, parent: QtCore.QObject) -> QtGui.QAction:
    """View → Uncertainty bands (Ctrl+B), bound to `View.bands`."""
    action = QtGui.QAction(BANDS_TEXT, parent)
    action.setObjectName("bandsAction")
    action.setShortcut(QtGui.QKeySequence("Ctrl+B"))
    action.setToolTip(BANDS_TIP)
    Toggle(action, view_state, "bands")
    return action


def record_action(
    view_state: ViewState, parent: QtCore.QObject, unavailable: str | None
) -> QtGui.QAction:
    """View → Record beside the scenario, bound to `View.record_shown`; disabled, and why in
    its tooltip, when the record is unavailable (`unavailable` is the reason)."""
    action = QtGui.QAction(RECORD_TEXT, parent)
    action.setObjectName("recordBesideAction")
    Toggle(action, view_state, "record_shown")
    action.setEnabled(unavailable is None)
    action.setToolTip(
        RECORD_TIP if unavailable is None else f"The record is unavailable: {unavailable}"
    )
    return action

"""The one answer every view draws: built from the scenario's result, the view, the pins and the
analysis whenever one of them changes, and handed to the views with the view it is drawn with.

Views compute nothing: `model.answer.Answer` holds every figure for the period. The hub keeps the
slider path fast: one answer per evaluation (a stale analysis rides on the evaluation that made
it stale), the record evaluated once by its caller, and the map re-evaluated only when what it
reads changes (`model.grid.grid_key`): a drag of a map lever in the steady state keeps it;
in a year or span, where a map costs more, a drag draws it from fewer cells until released.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
from numpy.typing import NDArray
from PySide6 import QtCore

from dprk_explorer.gui.analysis_runner import AnalysisRunner
from dprk_explorer.gui.pins import Pin, PinStore
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.view_state import View, ViewState
from dprk_explorer.model import GridResult, Result, evaluate_grid
from dprk_explorer.model.answer import Answer
from dprk_explorer.model.core.grid import MAP_AXIS_PCT, grid_key
from dprk_explorer.model.core.period import Period
from dprk_explorer.model.record.record import FittedRecord

#: The map's axes in a year or a span, where a cell sums the monthly path: steps of 2.5 points
#: (41 x 41 cells, ~7 ms against ~55 ms for 101 x 101). The steady state keeps MAP_AXIS_PCT's
#: 1-point steps (~1-2 ms).
PERIOD_MAP_AXIS_PCT: NDArray[np.float64] = np.linspace(0.0, 100.0, 41)
#: While a lever is dragged in a year or span: steps of 5 points (21 x 21 cells, ~2 ms), so the
#: map follows the hand within a frame; released, it is drawn from PERIOD_MAP_AXIS_PCT again.
DRAG_MAP_AXIS_PCT: NDArray[np.float64] = np.linspace(0.0, 100.0, 21)


class AnswerView(Protocol):
    """A view: it draws an answer as the view asks, and holds no state of its own."""

    def show_answer(self, answer: Answer, view: View) -> None: ...


def map_axis(period: Period, dragging: bool = False) -> NDArray[np.float64]:
    """The compliance and laxity axis of the map for `period` (`dragging`: a lever moves)."""
    if period.is_steady:
        return MAP_AXIS_PCT
    return DRAG_MAP_AXIS_PCT if dragging else PERIOD_MAP_AXIS_PCT


class AnswerHub(QtCore.QObject):
    """Builds the `Answer` for the current scenario and `View`, and announces it."""

    #: (Answer, View): what every view's `show_answer` draws.
    answerChanged = QtCore.Signal(object, object)

    def __init__(
        self,
        state: ScenarioState,
        view_state: ViewState,
        pins: PinStore,
        runner: AnalysisRunner,
        record: FittedRecord | None,
        record_result: Result | None,
        parent: QtCore.QObject | None = None,
    ) -> None:
        """`record_result` is `record`'s evaluation (None with it: the record is unavailable)."""
        super().__init__(parent)
        self.state = state
        self.view_state = view_state
        self.pins = pins
        self.runner = runner
        self.record = record
        self.record_result = record_result
        self._result: Result | None = None
        self._answer: Answer | None = None
        self._grid: GridResult | None = None
        self._grid_key: tuple[object, ...] | None = None
        self._held = False  # while the view's change reaches the runner: one answer for both
        self._dragging = False
        view_state.set_pins(pins.pins, view_state.view.compared)
        runner.set_period(view_state.view.period)
        state.changed.connect(self._result_changed)
        view_state.changed.connect(self._view_changed)
        pins.pinsChanged.connect(lambda shown: view_state.set_pins(shown, self.view.compared))
        runner.ready.connect(lambda _outcome: self._refresh())
        runner.stale.connect(self._analysis_stale)
        state.dragging.connect(self._drag)

    # --- reading ------------------------------------------------------------------------------

    @property
    def answer(self) -> Answer | None:
        """The answer last announced (None before the first result)."""
        return self._answer

    @property
    def view(self) -> View:
        return self.view_state.view

    def current(self) -> tuple[Answer, View]:
        """The answer for the scenario as it is now, evaluating a pending change first (exports
        and pins read it between frames)."""
        self.state.flush()
        answer = self._answer
        if answer is None or not answer.scenario.same_values(self.state.scenario):
            self._result_changed(self.state.result)
        assert self._answer is not None
        return self._answer, self.view

    # --- writing ------------------------------------------------------------------------------

    def compare_with(self, pin: Pin | None) -> None:
        """The headline compares the live scenario with `pin` (None: with no pin)."""
        self.view_state.set_pins(self.pins.pins, pin)

    # --- building -----------------------------------------------------------------------------

    def _result_changed(self, result: Result) -> None:
        self._result = result
        self._refresh()

    def _view_changed(self, view: View) -> None:
        self._held = True
        try:
            self.runner.set_period(view.period)  # stale now: this view's answer says so
        finally:
            self._held = False
        self._refresh()

    def _drag(self, dragging: bool) -> None:
        """Released: a map drawn from the drag's fewer cells is drawn from all of them again."""
        self._dragging = dragging
        grid = self._grid
        if not dragging and grid is not None and not self._whole(grid, grid.period):
            self._refresh()

    def _whole(self, grid: GridResult, period: Period) -> bool:
        return grid.compliance_pct.size == map_axis(period).size

    def _map(self, result: Result, period: Period) -> GridResult:
        """The map for `period`: the one at hand while what it reads is unchanged (and it has
        all its cells, or a drag goes on), else evaluated now."""
        key = grid_key(result.scenario, period)
        grid = self._grid
        if (
            grid is not None
            and key == self._grid_key
            and (self._dragging or self._whole(grid, period))
        ):
            return grid
        axis = map_axis(period, self._dragging)
        self._grid_key = key
        return evaluate_grid(result.scenario, axis, axis, period)

    def _analysis_stale(self) -> None:
        """The analysis on show is stale. When the scenario moved away from it, the evaluation
        the move set off carries the news (one answer per evaluation, however long the drag);
        a new target or period needs an answer now."""
        latest = self.runner.latest
        if latest is None or latest.analysis.scenario.same_values(self.state.scenario):
            self._refresh()

    def _refresh(self) -> None:
        if self._held or self._result is None:
            return
        view = self.view
        self._answer = self._build(self._result, view)
        self.answerChanged.emit(self._answer, view)

    def _build(self, result: Result, view: View) -> Answer:
        period = view.period
        self._grid = grid = self._map(result, period)
        answer = Answer.of(
            result,
            period,
            record=self.record,
            record_result=self.record_result,
            pins=tuple((pin.name, pin.result) for pin in view.pins),
            grid=grid,
        )
        runner = self.runner
        outcome = runner.latest
        if outcome is None:
            return answer.with_analysis(None, None, fresh=False)
        analysis = outcome.analysis
        fresh = (
            runner.is_fresh
            and analysis.period == period
            and analysis.scenario.same_values(result.scenario)
            and analysis.scenario.branch == result.scenario.branch
        )
        # A goal seek stays on show (greyed while stale) only while a target is set.
        goal = outcome.goal if runner.target_pct is not None else None
        return answer.with_analysis(analysis, goal, fresh)

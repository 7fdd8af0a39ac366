"""Runs the analysis (bands, tornado, attribution, robustness, goal seek) for the period shown,
off the GUI thread.

It takes ~20 ms, more than a frame, so it never runs on the slider-to-plot path: once the
scenario has been still for SETTLE_MS, one worker thread computes it and the result comes back
as a queued signal. Until then every view shows its last analysis marked stale. A result for a
scenario, period or target that has changed since is dropped; the newest request always wins.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from PySide6 import QtCore

from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.model import Scenario
from dprk_explorer.model.analysis.combined import Analysis, analyse
from dprk_explorer.model.analysis.goal_seek import GoalSeek, goal_seek
from dprk_explorer.model.core.period import STEADY, Period

#: How long the scenario must be still before the analysis runs (a drag has settled).
SETTLE_MS = 150


@dataclass(frozen=True)
class AnalysisOutcome:
    """One finished analysis and, if a target is set, the goal seek, for one scenario and
    period."""

    request: int
    analysis: Analysis
    goal: GoalSeek | None


def compute(
    request: int, scenario: Scenario, target_pct: float | None, period: Period = STEADY
) -> AnalysisOutcome:
    goal = goal_seek(scenario, target_pct, period) if target_pct is not None else None
    return AnalysisOutcome(request, analyse(scenario, period=period), goal)


class AnalysisRunner(QtCore.QObject):
    #: A fresh AnalysisOutcome for the current scenario and period (on the GUI thread).
    ready = QtCore.Signal(object)
    #: The shown analysis no longer matches the scenario; a fresh one is on its way.
    stale = QtCore.Signal()
    _finished = QtCore.Signal(object)  # from the worker thread; queued to the GUI thread

    def __init__(self, state: ScenarioState, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._target_pct: float | None = None
        self._period = STEADY
        self._request = 0
        self._latest: AnalysisOutcome | None = None
        self._executor: ThreadPoolExecutor | None = None  # started with the first analysis
        self._closed = False
        self._held = False  # no analysis starts until `release` (the window's first paint)
        self._waiting = False  # a request came while held
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self._start)
        self._finished.connect(self._deliver, QtCore.Qt.ConnectionType.QueuedConnection)
        state.scenarioChanged.connect(self._scenario_changed)

    # --- reading ------------------------------------------------------------------------------

    @property
    def latest(self) -> AnalysisOutcome | None:
        """The newest analysis delivered (it may be stale: see `is_fresh`)."""
        return self._latest

    @property
    def is_fresh(self) -> bool:
        latest = self._latest
        return latest is not None and latest.request == self._request

    @property
    def target_pct(self) -> float | None:
        return self._target_pct

    @property
    def period(self) -> Period:
        return self._period

    # --- writing ------------------------------------------------------------------------------

    def set_target(self, target_pct: float | None) -> None:
        """Seek the compliance for this net change (%), or stop seeking (None)."""
        if target_pct == self._target_pct:
            return
        self._target_pct = target_pct
        # The goal on show is for another target even if a change already made it stale.
        self.request(delay_ms=0, always_announce=True)

    def set_period(self, period: Period) -> None:
        """Analyse for `period` from now on: the analysis on show is stale, a fresh one starts
        at once (a period is chosen with the levers still)."""
        if period == self._period:
            return
        self._period = period
        self.request(delay_ms=0, always_announce=True)

    def request(self, delay_ms: int = SETTLE_MS, always_announce: bool = False) -> None:
        """Mark the shown analysis stale and compute a fresh one after `delay_ms` of quiet."""
        was_fresh = self.is_fresh
        self._request += 1
        if was_fresh or always_announce:  # once per change of state, not every step of a drag
            self.stale.emit()
        self._timer.start(delay_ms)

    def hold(self) -> None:
        """Start no analysis until `release`: requests still mark it stale and are kept.

        The window holds it until its first paint: the first analysis (~0.2 s of CPU with the
        Monte Carlo's imports) would otherwise share the processor and the interpreter with the
        first paint, which shows it as "checking" either way."""
        self._held = True

    def release(self) -> None:
        """Start the analysis held back by `hold` (at once, if one was requested meanwhile)."""
        if not self._held:
            return
        self._held = False
        if self._waiting:
            self._waiting = False
            self._timer.start(0)

    def run_here(self) -> None:
        """Compute the analysis now, on this thread, and deliver it: for a window that waits
        for it before anything else (a screenshot), so its views draw it in their first paint
        rather than once stale and again when it arrives."""
        self._timer.stop()
        self._deliver_outcome(
            compute(self._request, self.state.scenario, self._target_pct, self._period)
        )

    def shutdown(self) -> None:
        """Stop the worker (the window is closing); a pending result is dropped."""
        self._timer.stop()
        self._closed = True
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    # --- internals ----------------------------------------------------------------------------

    def _scenario_changed(self, scenario: Scenario) -> None:
        latest = self._latest
        if (
            latest is not None
            and latest.analysis.scenario.same_values(scenario)
            and latest.analysis.period == self._period
        ):
            return  # a rename, or a change undone before the analysis ran
        self.request()

    def _start(self) -> None:
        if self._closed:
            return
        if self._held:
            self._waiting = True
            return
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="analysis")
        future = self._executor.submit(
            compute, self._request, self.state.scenario, self._target_pct, self._period
        )
        future.add_done_callback(self._done)

    def _done(self, future: Future[AnalysisOutcome]) -> None:
        """Runs on the worker thread: hand the outcome to the GUI thread."""
        if future.cancelled():
            return
        self._finished.emit(future)

    def _deliver(self, future: Future[AnalysisOutcome]) -> None:
        # An exception in the model surfaces here, on the GUI thread.
        self._deliver_outcome(future.result())

    def _deliver_outcome(self, outcome: AnalysisOutcome) -> None:
        if outcome.request != self._request:
            return  # the scenario, period or target changed while it ran: a newer one is coming
        self._latest = outcome
        self.ready.emit(outcome)

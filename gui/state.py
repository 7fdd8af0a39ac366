"""The one owner of the current scenario (glue's state class, napari's evented model).

Widgets write to it through `propose` (every change goes through the undo stack) and listen to
`changed`. Drags produce more events than frames: evaluation is coalesced to at most one per
frame interval, and the last value always wins. What is shown of the result (the period, the
map, pins, the analysis) is built from it by `gui.answers.AnswerHub`.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import time
from collections.abc import Callable, Mapping

import shiboken6
from PySide6 import QtCore, QtGui

from dprk_explorer.gui.text.scenario_name import honest
from dprk_explorer.model import Result, Scenario, ScenarioError, evaluate
from dprk_explorer.model.core.parameters import PARAMETERS
from dprk_explorer.model.core.scenario import branch_settings
from dprk_explorer.model.record.record import record_scenario

FRAME_S = 1.0 / 60.0
#: A change this much early for its frame still counts as the next frame's: moves from a 60 Hz
#: drag arrive a frame apart give or take the jitter of the work before them, and waiting out
#: that jitter on a timer would add a millisecond or more to half the moves.
FRAME_JITTER_S = 0.0005
#: Key presses on one lever this close together (seconds) are one undo step, as a drag is.
STEP_RUN_S = 1.5
UNDO_LIMIT = 1000
#: How many pushes past the stack's size before deleted commands are let go.
PRUNE_EVERY = 64


class SetValuesCommand(QtGui.QUndoCommand):
    """One undoable change of one or more parameters; consecutive moves in one drag merge."""

    ID = 1001

    def __init__(
        self,
        state: ScenarioState,
        before: Scenario,
        after: Scenario,
        text: str,
        drag_id: int | None,
    ) -> None:
        super().__init__(text)
        self.state = state
        self.before = before
        self.after = after
        self.drag_id = drag_id

    def id(self) -> int:
        return self.ID

    def mergeWith(self, other: QtGui.QUndoCommand) -> bool:
        if not isinstance(other, SetValuesCommand) or self.drag_id is None:
            return False
        if other.drag_id != self.drag_id:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self.state._apply(self.after)

    def undo(self) -> None:
        self.state._apply(self.before)


class ScenarioState(QtCore.QObject):
    """Holds the scenario, applies changes through a QUndoStack, evaluates once per frame.

    `clock` (seconds, monotonic) times frames and runs of key steps; tests pass their own to
    drive a drag frame by frame.
    """

    #: The scenario's values changed (emitted at once, before evaluation; for widgets to sync).
    scenarioChanged = QtCore.Signal(object)
    #: A fresh model result for the current scenario.
    changed = QtCore.Signal(object)
    #: One clear message for the user (bad value refused, file not loaded ...).
    message = QtCore.Signal(str)
    #: A slider drag began (True) or ended (False).
    dragging = QtCore.Signal(bool)

    _drag_ids = itertools.count(1)

    def __init__(
        self,
        scenario: Scenario | None = None,
        parent: QtCore.QObject | None = None,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.undo_stack = QtGui.QUndoStack(self)
        # Each step holds two small Scenario objects; 1,000 steps (~2 MB) bound the memory of a
        # long session of keyboard steps, which (unlike drags) are one step each.
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self._pushed: list[SetValuesCommand] = []  # to let deleted commands' scenarios go
        self._scenario = scenario if scenario is not None else Scenario.default()
        self._result: Result | None = None
        self._drag_id: int | None = None
        #: The run of key steps in progress: (parameter, merge id, time of the last step).
        self._step_run: tuple[str, int, float] | None = None
        self._last_eval = -1.0
        self._due = -1.0
        self.evaluations = 0
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(QtCore.Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._evaluate_due)

    # --- reading ------------------------------------------------------------------------------

    @property
    def scenario(self) -> Scenario:
        return self._scenario

    @property
    def result(self) -> Result:
        if self._result is None or not self._result.scenario.same_values(self._scenario):
            self._evaluate_now()
        assert self._result is not None
        return self._result

    # --- writing ------------------------------------------------------------------------------

    def begin_drag(self) -> None:
        """Moves until `end_drag` become one undo step."""
        self._drag_id = next(self._drag_ids)
        self.dragging.emit(True)

    def end_drag(self) -> None:
        self._drag_id = None
        self.dragging.emit(False)

    def step(self, pid: str, value: float, month: str | None = None) -> bool:
        """A key step on one lever (from `month` on, or for all months): a run of steps on it,
        each within STEP_RUN_S of the last and nothing else changed between, is one undo step
        (60 presses, one undo)."""
        now = self._clock()
        run = self._step_run
        top = self.undo_stack.command(self.undo_stack.index() - 1)
        same_run = (
            run is not None
            and run[0] == pid
            and now - run[2] <= STEP_RUN_S
            and isinstance(top, SetValuesCommand)
            and top.drag_id == run[1]
        )
        merge_id = run[1] if same_run and run is not None else next(self._drag_ids)
        self._step_run = (pid, merge_id, now)
        if self._drag_id is not None:  # a drag is under way: its own merging applies
            return self.set_lever(pid, value, month)
        self._drag_id = merge_id
        try:
            return self.set_lever(pid, value, month)
        finally:
            self._drag_id = None

    def set_branch(self, month: str | None) -> bool:
        """Make the scenario the record until `month`, then its own settings (its values at the
        old branch month, when it had one: they move with the branch); None: no branch, the
        values kept. One undoable step (merged within a drag of the timeline's marker), refused
        with a message if the record is missing."""
        try:
            if month is None:
                after = self._scenario.with_branch_label(None)
            else:
                after = branch_settings(self._scenario).branched(month, record=record_scenario)
        except ScenarioError as error:
            self.message.emit(str(error))
            self.scenarioChanged.emit(self._scenario)
            return False
        if after == self._scenario:
            return True
        text = f"Branch from the record at {month}" if month else "No branch from the record"
        self._push(SetValuesCommand(self, self._scenario, after, text, self._drag_id))
        return True

    def set_lever(self, pid: str, value: float, month: str | None = None) -> bool:
        """One parameter for all months (its schedule dropped), or from `month` on."""
        if month is None:
            return self.propose({pid: value})
        return self.propose_step(pid, month, value)

    def propose_step(self, pid: str, month: str, value: object) -> bool:
        """`pid` takes `value` from `month` on, as one undoable step (merged within a drag)."""
        try:
            after = honest(self._scenario.with_step(pid, month, value))
        except ScenarioError as error:
            self.message.emit(str(error))
            self.scenarioChanged.emit(self._scenario)
            return False
        if after.same_values(self._scenario):
            return True
        text = f"Change {PARAMETERS[pid].label} from {month}"
        self._push(SetValuesCommand(self, self._scenario, after, text, self._drag_id))
        return True

    def propose(self, changes: Mapping[str, object], text: str | None = None) -> bool:
        """Validate and apply `changes` as one undoable step; refuse bad values with a message."""
        try:
            after = honest(self._scenario.with_values(changes))
        except ScenarioError as error:
            self.message.emit(str(error))
            self.scenarioChanged.emit(self._scenario)  # widgets snap back to the valid state
            return False
        if after.same_values(self._scenario):
            return True
        if text is None:
            names = ", ".join(PARAMETERS[k].label for k in changes if k in PARAMETERS)
            text = f"Change {names}"
        self._push(SetValuesCommand(self, self._scenario, after, text, self._drag_id))
        return True

    def _push(self, command: SetValuesCommand) -> None:
        """Push onto the undo stack. A command Qt deletes (merged into the one before, or past
        the undo limit) leaves its Python side alive in PySide6, holding two scenarios: so
        every PRUNE_EVERY pushes those of deleted commands let their scenarios go (RSS grew
        about 1 MB per 1,000 slider moves before)."""
        self.undo_stack.push(command)
        self._pushed.append(command)
        if len(self._pushed) >= PRUNE_EVERY + self.undo_stack.count():
            alive = []
            for pushed in self._pushed:
                if shiboken6.isValid(pushed):
                    alive.append(pushed)
                else:
                    pushed.__dict__.clear()  # the scenarios, the state
            self._pushed = alive

    def replace(self, scenario: Scenario, text: str) -> None:
        """Switch to a whole scenario (a preset, an opened file) as one undoable step."""
        if scenario == self._scenario:
            return
        self._push(SetValuesCommand(self, self._scenario, scenario, text, None))

    def rename(self, name: str) -> None:
        """Give the scenario a name (not an undo step: a name changes no number)."""
        self._relabel(self._scenario.renamed(name=name))

    def set_notes(self, notes: str) -> None:
        """The user's notes (not an undo step: notes change no number)."""
        self._relabel(self._scenario.renamed(notes=notes))

    def _relabel(self, scenario: Scenario) -> None:
        """A new name or notes: the result (and so every answer, export and caption) carries
        them at once, without evaluating again, since no number changes."""
        self._scenario = scenario
        self.scenarioChanged.emit(scenario)
        if self._result is not None and self._result.scenario.same_values(scenario):
            self._result = dataclasses.replace(self._result, scenario=scenario)
            self.changed.emit(self._result)

    def reset_parameters(self, ids: list[str], text: str) -> None:
        self.propose({k: PARAMETERS[k].default for k in ids}, text)

    # --- evaluation ---------------------------------------------------------------------------

    def _apply(self, scenario: Scenario) -> None:
        self._scenario = scenario
        self.scenarioChanged.emit(scenario)
        self._schedule()

    def _schedule(self) -> None:
        """At most one evaluation per frame, the last value winning.

        The first change after a quiet frame is evaluated at once (no added latency); changes
        that arrive within the same frame wait for one timer, which evaluates the latest
        scenario when the frame is over. Frames keep their spacing: an evaluation the timer
        makes late counts from when it was due, so one late timer does not push every later
        move of a steady drag onto a timer too.
        """
        if self._timer.isActive():
            return
        since = self._clock() - self._last_eval
        if since >= FRAME_S - FRAME_JITTER_S:
            self._evaluate_now()
        else:
            self._due = self._last_eval + FRAME_S
            self._timer.start(max(1, math.ceil(1000 * (FRAME_S - since))))

    def _evaluate_due(self) -> None:
        due = self._due
        self._evaluate_now()
        self._last_eval = due

    def announce(self) -> None:
        """Tell every listener the current result (a new window's first draw), evaluating only
        if nothing current has been evaluated yet."""
        if self._result is None or not self._result.scenario.same_values(self._scenario):
            self._evaluate_now()
            return
        self.changed.emit(self._result)

    def flush(self) -> None:
        """Evaluate now if a change is pending (tests, screenshots, exports)."""
        if self._timer.isActive() or self._result is None:
            self._timer.stop()
            self._evaluate_now()

    def _evaluate_now(self) -> None:
        self._timer.stop()
        self._last_eval = self._clock()
        self._result = evaluate(self._scenario)
        self.evaluations += 1
        self.changed.emit(self._result)

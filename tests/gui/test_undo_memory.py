"""A long session keeps bounded memory: the undo history is capped (UNDO_LIMIT), and the
scenarios of commands Qt deletes (merged, or past the cap) are let go, although PySide6 keeps
those commands' Python side alive."""

from __future__ import annotations

import gc

import pytest

from dprk_explorer.gui import state as state_module
from dprk_explorer.gui.application import application
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.model import Scenario


def _live_scenarios() -> int:
    gc.collect()
    return sum(isinstance(o, Scenario) for o in gc.get_objects())


def test_scenarios_of_deleted_undo_steps_are_let_go(monkeypatch: pytest.MonkeyPatch) -> None:
    application()
    monkeypatch.setattr(state_module, "UNDO_LIMIT", 50)
    state = ScenarioState(Scenario.default())
    before = _live_scenarios()
    for i in range(2000):  # alternating levers: each change its own undo step
        lever = "border_laxity" if i % 2 else "labour_outsourcing"
        state.propose({lever: float(i % 90) + 1.0})
    assert state.undo_stack.count() == 50
    # The 50 steps in the stack hold at most two scenarios each; 2,000 were made.
    assert _live_scenarios() - before <= 2 * 50 + state_module.PRUNE_EVERY * 2 + 5
    # And undo still works over the whole history kept.
    for _ in range(50):
        state.undo_stack.undo()
    assert not state.undo_stack.canUndo()

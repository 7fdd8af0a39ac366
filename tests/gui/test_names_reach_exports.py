"""A name or notes typed after the last lever change reach every answer, and so every export
(issue #22: the brief kept "Custom (from …)" after the scenario was renamed)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from dprk_explorer.model import Scenario
from tests.gui_helpers import make_window, settle


def test_a_name_and_notes_typed_last_are_in_the_answer(qtbot: QtBot, tmp_path: Path) -> None:
    window = make_window(tmp_path, Scenario.default().with_values({"border_laxity": 40}))
    qtbot.addWidget(window)
    settle(window, qtbot)
    evaluations = window.state.evaluations
    window.state.rename("Lax border, 2019 brief")
    window.state.set_notes("RFA: half of vehicles searched.")
    answer = window.answers.answer
    assert answer is not None
    assert answer.scenario.name == "Lax border, 2019 brief"
    assert answer.scenario.notes == "RFA: half of vehicles searched."
    assert window.state.result.scenario.name == "Lax border, 2019 brief"
    assert window.state.evaluations == evaluations  # a name changes no number: no evaluation

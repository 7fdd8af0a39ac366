"""Names stay honest: once settings leave a preset, the scenario is 'Custom (from <preset>)' in
the window title, the brief, the default file name and new pins, and the preset's rationale is
never kept as the user's notes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dprk_explorer.gui.text.scenario_name import differences, honest
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import PRESETS
from tests.gui_helpers import cli_in_process


@pytest.fixture
def window(shared_window: MainWindow) -> MainWindow:
    """One window for the module, reset and checked before each test (tests/shared_window.py)."""
    return shared_window


SUSPENSION = PRESETS["china_2017_suspension"]
CUSTOM = "Custom (from China's 2017 coal suspension)"


def test_leaving_a_preset_renames_and_drops_its_rationale() -> None:
    moved = honest(SUSPENSION.scenario.with_values({"coal_ban_compliance": 50}))
    assert moved.name == CUSTOM
    assert moved.notes == ""
    assert differences(moved, SUSPENSION) == {"coal_ban_compliance": (100.0, 50.0)}
    back = honest(moved.with_values({"coal_ban_compliance": 100}))
    assert back.name == SUSPENSION.label


def test_the_window_title_pins_and_file_name_follow(window: MainWindow, tmp_path: Path) -> None:
    window.state.replace(SUSPENSION.scenario, "preset")
    assert window.windowTitle().startswith(SUSPENSION.label)
    window.levers.rows["coal_ban_compliance"].spin.setValue(50)
    assert window.state.scenario.name == CUSTOM
    assert window.windowTitle().startswith(CUSTOM)
    assert window.state.scenario.notes == ""
    assert Path(window.exporter._suggested("brief", ".png")).name.startswith("Custom_")
    pin = window.pin_panel.pin_current(window.state.scenario.name)
    assert pin is not None and pin.name == CUSTOM
    assert window.presets.combo.currentText() != SUSPENSION.label


def test_export_with_a_set_is_titled_custom(tmp_path: Path) -> None:
    done = cli_in_process(
        "run", "--preset", "china_2017_suspension", "--set", "coal_ban_compliance=50",
        "--format", "json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    scenario = json.loads(done.stdout)["scenario"]
    assert scenario["name"] == CUSTOM and scenario["notes"] == ""
    out = tmp_path / "brief.svg"
    done = cli_in_process(
        "export", "--preset", "china_2017_suspension", "--set", "coal_ban_compliance=50",
        "--out", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert CUSTOM.replace("'", "&#x27;") in text or CUSTOM in text
    assert "<title>China's 2017 coal suspension" not in text


def test_name_and_notes_fields_feed_the_title_file_and_key_numbers(
    window: MainWindow, tmp_path: Path
) -> None:
    from dprk_explorer.model import Scenario

    fields = window.scenario_fields
    fields.name.setText("Tight border after Singapore")
    fields.name.editingFinished.emit()
    fields.notes.setPlainText("What if Dandong had kept inspecting trucks?")
    assert window.windowTitle().startswith("Tight border after Singapore")
    path = tmp_path / "tight.toml"
    assert window.files.write(path)
    saved = Scenario.from_file(path)
    assert saved.name == "Tight border after Singapore"
    assert saved.notes == "What if Dandong had kept inspecting trucks?"
    window.levers.rows["border_laxity"].spin.setValue(5)  # the user's own name is kept
    assert window.state.scenario.name == "Tight border after Singapore"
    window.state.replace(SUSPENSION.scenario, "preset")
    assert fields.name.text() == SUSPENSION.label


def test_key_numbers_name_the_assumption_the_result_hinges_on() -> None:
    from dprk_explorer.gui.text.caption import key_numbers
    from dprk_explorer.model import evaluate
    from dprk_explorer.model.analysis.combined import analyse
    from dprk_explorer.model.answer import Answer

    scenario = SUSPENSION.scenario
    analysis = analyse(scenario)
    widest = next(bar for bar in analysis.tornado.bars if bar.moves)
    text = key_numbers(Answer.of(evaluate(scenario)).with_analysis(analysis))
    from dprk_explorer.gui.text import format as fmt
    from dprk_explorer.model import PARAMETERS

    assert f"moves most with {PARAMETERS[widest.parameter].label.lower()}" in text
    assert fmt.usd(widest.net_at_low_usd_m, signed=True) in text
    assert fmt.usd(widest.net_at_high_usd_m, signed=True) in text


def test_an_assumption_the_result_hinges_on_is_called_one_once() -> None:
    """For 2024 the record's result hinges on the arms transfers to Russia, whose name already
    says "(a wide assumption)": the key numbers said "(a wide assumption) (an assumption with
    no sourced value)"."""
    from dprk_explorer.gui.text.caption import key_numbers
    from dprk_explorer.model import PARAMETERS
    from dprk_explorer.model.core.period import Period
    from tests.gui.answer_helpers import answer_of, record

    answer = answer_of(record()[0].scenario, Period.year(2024), analysis=True)
    assert answer.analysis is not None
    widest = next(bar for bar in answer.analysis.tornado.bars if bar.moves)
    label = PARAMETERS[widest.parameter].label.lower()
    assert "assumption" in label  # the case this test is about
    text = key_numbers(answer).lower()
    assert f"moves most with {label}: the net change" in text
    assert "assumption) (" not in text

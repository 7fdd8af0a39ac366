"""Schedules built in the window: "Applies from <month> on" makes a lever edit a step of its
schedule; the timeline marks it; one drag is one undo step; save, reopen and the command line
give the same numbers."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import Scenario, evaluate
from tests.gui_helpers import CLI, choose_period, settle


@pytest.fixture
def window(shared_window: MainWindow) -> MainWindow:
    """One window for the module, reset and checked before each test (tests/shared_window.py)."""
    return shared_window


def test_a_lever_edit_from_a_month_on_is_a_schedule_step(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    levers = window.levers
    levers.set_month("2018-06")
    row = levers.rows["border_laxity"]
    stack = window.state.undo_stack
    start = stack.count()
    window.state.begin_drag()
    row.slider.setSliderDown(True)
    for position in range(260, 510, 10):
        row.slider.setValue(position)
    row.slider.setSliderDown(False)
    window.state.end_drag()
    assert stack.count() == start + 1  # one drag, one undo step
    scenario = window.state.scenario
    assert scenario.schedules["border_laxity"] == (("2018-06", 50.0),)
    assert scenario["border_laxity"] == 25.0  # before June 2018 it is as it was
    assert row.range_note.text() == "25 % from 2016-01, 50 % from 2018-06"
    settle(window, qtbot)
    # The timeline marks the step where it begins, named.
    assert window.timeline.step_labels[0].toPlainText().startswith("Laxity 50 %")
    x, _ = window.timeline.step_lines.getData()
    assert len(x) == 2
    # The monthly path follows the schedule: the model's own numbers are drawn.
    expected = evaluate(scenario).monthly_scenario_usd_m.sum(axis=0)
    _, drawn = window.timeline.scenario_curve.getData()
    assert (drawn == expected).all()

    path = tmp_path / "step.toml"
    assert window.files.write(path)
    assert Scenario.from_file(path).same_values(scenario)
    done = subprocess.run(
        [CLI, "run", "--scenario", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    by_year = json.loads(done.stdout)["path_by_year"]
    assert by_year == evaluate(scenario).to_dict()["path_by_year"]

    window.undo_action.trigger()
    assert "border_laxity" not in window.state.scenario.schedules
    assert window.timeline.step_labels == [] or not window.timeline._steps


def test_for_all_months_replaces_a_schedule_with_one_value(window: MainWindow) -> None:
    levers = window.levers
    levers.set_month("2018-06")
    levers.rows["border_laxity"].spin.setValue(50)
    levers.set_month(None)
    assert levers.rows["border_laxity"].spin.value() == 25  # the first month's value
    levers.rows["border_laxity"].spin.setValue(10)
    assert "border_laxity" not in window.state.scenario.schedules
    assert window.state.scenario["border_laxity"] == 10


def test_the_period_selector_shows_one_calendar_year(window: MainWindow, qtbot: QtBot) -> None:
    from dprk_explorer.gui.text import format as fmt
    from dprk_explorer.model import PRESETS

    scenario = PRESETS["post_singapore_2018"].scenario
    window.state.replace(scenario, "preset")
    settle(window, qtbot)
    steady = evaluate(scenario)
    year = steady.for_year(2019)
    assert year.net_change_usd_m != steady.net_change_usd_m
    choose_period(window, "2019")
    assert window.headline.net.value.text() == fmt.usd(year.net_change_usd_m, signed=True)
    assert window.headline.net.title.text() == "Net change in 2019"
    assert window.headline.net.detail.text().endswith("vs no sanctions")
    shown = [label.toPlainText() for label in window.channels.value_labels]
    assert shown == [f"{v:,.0f}" for v in year.scenario_usd_m]
    assert shown != [f"{v:,.0f}" for v in steady.scenario_usd_m]
    choose_period(window, "steady")
    assert window.headline.net.value.text() == fmt.usd(steady.net_change_usd_m, signed=True)

"""Words a newcomer reads (issue 27, item 14): the window's title names the preset the default
scenario is, and a schedule's steps keep their names' capitals and say on or off."""

from __future__ import annotations

from dprk_explorer.gui.plots.timeline import step_text
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import PRESETS


def test_the_title_names_the_preset_the_default_scenario_is(window: MainWindow) -> None:
    preset = PRESETS["unsc_2321_target"]
    assert window.presets.combo.currentText() == preset.label
    assert window.windowTitle().startswith(f"{preset.label} — ")
    window.levers.rows["border_laxity"].spin.setValue(40)  # no preset's settings now
    assert window.windowTitle().startswith("Default *")
    window.undo_action.trigger()
    assert window.windowTitle().startswith(f"{preset.label} — ")


def test_schedule_steps_keep_their_capitals_and_say_on_or_off() -> None:
    assert step_text("border_laxity", "2018-06", 50.0) == "Laxity 50 % from Jun 2018"
    assert step_text("ban_2397_goods", "2017-01", False) == "2397 goods off from Jan 2017"
    assert step_text("ban_textiles", "2017-01", True) == (
        "Ban textiles (UNSC 2375) on from Jan 2017"
    )
    assert step_text("smuggling_lag_months", "2019-02", 3.0) == (
        "Smuggling lag 3 months from Feb 2019"
    )

"""The record in the window: its fit drawn on the timeline, a counterfactual that branches from
it at a month, and the headline's difference against the record for the year shown."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import evaluate
from dprk_explorer.model.branch import vs_record_by_year
from dprk_explorer.model.record import record_scenario
from tests.gui_helpers import settle


def test_branch_at_june_2018_with_a_tight_border_against_the_record(
    window: MainWindow, qtbot: QtBot
) -> None:
    record = evaluate(record_scenario())
    assert window.timeline.record_curve.isVisible()
    _, drawn = window.timeline.record_curve.getData()
    assert (drawn == record.monthly_recorded_exports_to_china_usd_m).all()

    levers = window.levers
    levers.branch.setCurrentIndex(levers.branch.findData("2018-06"))
    levers.branch.activated.emit(levers.branch.currentIndex())
    assert window.state.scenario.branch == "2018-06"
    assert levers.month() == "2018-06"  # edits now apply from the branch on
    assert window.headline.year() == 2019
    levers.rows["border_laxity"].spin.setValue(5)
    settle(window, qtbot)
    scenario = window.state.scenario
    result = evaluate(scenario)
    # Before the branch the counterfactual is the record, month for month.
    months = result.monthly_scenario_usd_m[:, :29]
    assert (months == record.monthly_scenario_usd_m[:, :29]).all()
    rows = vs_record_by_year(result.path_by_year(), record.path_by_year())
    difference = next(r["total_usd_m"] for r in rows if r["year"] == 2019)
    assert difference != 0
    assert window.headline.net.detail.text() == (
        f"vs record 2019: {fmt.usd(difference, signed=True)}"
    )
    assert window.timeline.branch_label.isVisible()
    assert window.timeline.branch_label.toPlainText() == "branch from the record, 2018-06"


def test_the_caption_and_key_numbers_state_the_fit_for_a_branch() -> None:
    from dprk_explorer.gui.text.caption import key_numbers, make_caption
    from dprk_explorer.model import PRESETS
    from dprk_explorer.model.branch import branch_scenario

    branched = branch_scenario(record_scenario().with_values({"border_laxity": 5}), "2018-06")
    caption = make_caption(evaluate(branched)).headline
    assert "The record preset reproduces China's customs within 3.7 % a year, 2016-2018" in caption
    assert "follows the record until 2018-06" in caption
    assert "reproduces" in key_numbers(evaluate(branched))
    stylised = evaluate(PRESETS["china_2017_suspension"].scenario)
    assert "reproduces" not in make_caption(stylised).headline  # not a claim about this one

"""The analysis in the window: computed off the GUI thread once the levers settle, drawn from
exactly what the model returns, marked stale in between."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.analysis_runner import AnalysisOutcome, compute
from dprk_explorer.gui.plots import channels as channel_plot
from dprk_explorer.gui.plots import timeline as timeline_plot
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import PRESETS, Scenario, evaluate
from dprk_explorer.model.analysis.combined import analyse
from dprk_explorer.model.analysis.goal_seek import goal_seek
from tests.gui_helpers import make_window


@pytest.fixture
def window(shared_window: MainWindow) -> MainWindow:
    """One window for the module, reset and checked before each test (tests/shared_window.py)."""
    return shared_window


def fresh(window: MainWindow, qtbot: QtBot) -> AnalysisOutcome:
    """Wait for the analysis of the current scenario."""
    runner = window.analysis_runner

    def current() -> bool:
        latest = runner.latest
        return (
            runner.is_fresh
            and latest is not None
            and latest.analysis.scenario.same_values(window.state.scenario)
        )

    qtbot.waitUntil(current, timeout=10_000)
    latest = runner.latest
    assert latest is not None
    return latest


def test_the_analysis_arrives_once_settled_and_matches_the_model(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.state.replace(PRESETS["post_singapore_2018"].scenario, "preset")
    outcome = fresh(window, qtbot)
    expected = analyse(window.state.scenario)
    assert outcome.analysis.attribution == expected.attribution
    assert outcome.analysis.tornado == expected.tornado
    assert outcome.analysis.robustness == expected.robustness
    # The attribution chart draws the Shapley values and the net change, to the cent.
    widths = window.analysis.attribution.shapley.opts["width"]
    shapley = [*expected.attribution.shapley_usd_m.values(), expected.attribution.net_change_usd_m]
    np.testing.assert_allclose(widths, np.abs(shapley))
    # The tornado's rows are the assumptions that move the net change, widest first.
    moving = [bar.parameter for bar in expected.tornado.bars if bar.moves]
    assert window.analysis.tornado.rows == moving
    robust = "Robust" if expected.robustness.robust else "Not robust"
    assert window.headline.robust.value.text() == robust


def test_a_change_marks_the_analysis_stale_until_a_fresh_one_arrives(
    window: MainWindow, qtbot: QtBot
) -> None:
    fresh(window, qtbot)
    window.levers.rows["border_laxity"].spin.setValue(40)
    assert not window.analysis_runner.is_fresh
    assert window.headline.robust.value.text().endswith("…")
    assert window.analysis.attribution.shapley.opacity() < 1.0
    outcome = fresh(window, qtbot)
    assert outcome.analysis.scenario["border_laxity"] == 40
    assert window.analysis.attribution.shapley.opacity() == 1.0
    assert not window.headline.robust.value.text().endswith("…")


def test_a_result_for_an_older_request_is_dropped(window: MainWindow, qtbot: QtBot) -> None:
    runner = window.analysis_runner
    fresh(window, qtbot)
    shown = runner.latest
    old: Future[AnalysisOutcome] = Future()
    old.set_result(
        compute(runner._request - 1, Scenario.default().with_values({"border_laxity": 99}), None)
    )
    with qtbot.assertNotEmitted(runner.ready):
        runner._deliver(old)
    assert runner.latest is shown


def test_bands_draw_the_model_percentiles_and_hide_again(window: MainWindow, qtbot: QtBot) -> None:
    window.bands_action.setChecked(True)
    assert window.analysis.bands_check.isChecked()
    bands = fresh(window, qtbot).analysis.bands
    timeline, channels = window.timeline, window.channels
    assert timeline.band.isVisible() and channels.band_whiskers.isVisible()
    np.testing.assert_array_equal(timeline.band_low.yData, bands.monthly_total_p5)
    np.testing.assert_array_equal(timeline.band_high.yData, bands.monthly_total_p95)
    np.testing.assert_array_equal(
        channels.band_whiskers.opts["x"],
        np.concatenate([bands.channel_p5, bands.baseline_channel_p5]),
    )
    np.testing.assert_allclose(
        channels.band_whiskers.opts["x"] + channels.band_whiskers.opts["right"],
        np.concatenate([bands.channel_p95, bands.baseline_channel_p95]),
    )
    # The band keeps the central path inside it, on screen as in the model.
    central = evaluate(window.state.scenario).monthly_scenario_usd_m.sum(axis=0)
    assert np.all(timeline.band_low.yData <= central + 1e-9)
    assert np.all(central <= timeline.band_high.yData + 1e-9)
    # A move greys the band until the fresh one comes.
    window.levers.rows["coal_ban_compliance"].spin.setValue(90)
    assert timeline.band.brush().color() == timeline_plot.STALE_BAND_BRUSH.color()
    assert channels.band_whiskers.opts["pen"] is channel_plot.STALE_BAND_PEN
    fresh(window, qtbot)
    assert timeline.band.brush().color() == timeline_plot.BAND_BRUSH.color()
    window.bands_action.setChecked(False)
    assert not timeline.band.isVisible() and not channels.band_whiskers.isVisible()


def test_goal_seek_marks_the_map_and_sets_the_lever_undoably(
    window: MainWindow, qtbot: QtBot
) -> None:
    panel = window.analysis
    panel.goal_spin.setValue(-10.0)
    panel.goal_check.setChecked(True)
    outcome = fresh(window, qtbot)
    expected = goal_seek(window.state.scenario, -10.0)
    assert outcome.goal == expected and expected.compliance_pct is not None
    marker_x, marker_y = window.map.goal_marker.getData()
    assert marker_x[0] == pytest.approx(expected.compliance_pct)
    assert marker_y[0] == window.state.scenario["border_laxity"]
    assert window.map.goal_contour.isVisible() and window.map.goal_contour.lines
    assert panel.goal_answer.text().startswith(
        f"Coal-ban compliance {expected.compliance_pct:.1f} %"
    )
    assert panel.goal_apply.isEnabled()
    panel.goal_apply.click()
    assert window.state.scenario["coal_ban_compliance"] == round(expected.compliance_pct, 2)
    reached = evaluate(window.state.scenario).net_change_pct
    assert reached == pytest.approx(-10.0, abs=0.01)
    window.undo_action.trigger()
    assert window.state.scenario["coal_ban_compliance"] == 62
    panel.goal_check.setChecked(False)
    assert not window.map.goal_contour.isVisible() and not window.map.goal_marker.isVisible()


def test_an_unreachable_goal_says_so_and_offers_nothing_to_apply(
    window: MainWindow, qtbot: QtBot
) -> None:
    panel = window.analysis
    panel.goal_spin.setValue(-90.0)
    panel.goal_check.setChecked(True)
    outcome = fresh(window, qtbot)
    assert outcome.goal is not None and not outcome.goal.reachable
    assert panel.goal_answer.text().startswith("Not reachable")
    assert not panel.goal_apply.isEnabled()
    assert not window.map.goal_marker.isVisible()
    assert window.map.goal_label.toPlainText().endswith("not reached")


def test_the_headline_says_when_the_lever_ranking_can_flip(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.levers.rows["labour_outsourcing"].spin.setValue(105)
    fresh(window, qtbot)
    assert window.headline.robust.value.text() == "Not robust"
    assert window.headline.robust.detail.text() == "ranking can flip"
    tip = window.headline.robust.toolTip()
    # the sources in the window's own words (gui/text/names.py)
    assert "Not robust: the ranking of its sources (labour outsourcing / border laxity)" in tip


def test_the_analysis_plots_paint(fresh_window: MainWindow, qtbot: QtBot) -> None:
    window = fresh_window  # raising the Analysis tab moves the docks' layout for good
    window.analysis_dock.raise_()
    fresh(window, qtbot)
    plots = (window.analysis.attribution, window.analysis.tornado)
    for tab, plot in enumerate(plots):  # one chart at a time, each on its tab
        window.analysis.charts.setCurrentIndex(tab)
        qtbot.waitUntil(lambda p=plot: p.paint_count > 0)
    image = window.analysis.grab().toImage()
    assert not image.isNull() and image.width() > 200


def test_no_analysis_runs_while_a_drag_goes_on(window: MainWindow, qtbot: QtBot) -> None:
    fresh(window, qtbot)
    runner = window.analysis_runner
    shown = runner.latest
    window.state.begin_drag()
    for value in range(20, 60, 4):  # moves every 30 ms, well inside the settle time
        window.levers.rows["border_laxity"].spin.setValue(value)
        qtbot.wait(30)
        assert runner.latest is shown
    window.state.end_drag()
    assert fresh(window, qtbot).analysis.scenario["border_laxity"] == 56


def test_key_numbers_carry_the_attribution_and_the_range(window: MainWindow, qtbot: QtBot) -> None:
    scenario = PRESETS["china_2017_suspension"].scenario
    window.state.replace(scenario, "preset")
    text = window.exporter.key_numbers()
    # Every source of the net change is named, with the model's own figures (issue 22).
    attribution = analyse(scenario).attribution
    assert "Of the net change a year" in text and "which sum to the net change" in text
    compliance = attribution.shapley_usd_m["coal_ban_compliance"]
    assert f"coal-ban compliance for {fmt.usd(compliance, signed=True)}" in text
    bans = fmt.usd(attribution.shapley_usd_m["bans"], signed=True)
    assert f"the bans as written account for {bans}" in text
    assert f"interaction {fmt.usd(attribution.interaction_usd_m, signed=True)}" in text
    assert "5-95 %, 1,000 Monte Carlo draws" in text


def test_the_bands_setting_is_remembered(qtbot: QtBot, tmp_path: Path) -> None:
    first = make_window(tmp_path)
    qtbot.addWidget(first)
    first.bands_action.setChecked(True)
    first.close()
    second = make_window(tmp_path)
    qtbot.addWidget(second)
    assert second.bands_action.isChecked() and second.analysis.bands_check.isChecked()


def test_a_zero_target_stays_on_the_map_while_stale(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.analysis
    panel.goal_spin.setValue(0.0)
    panel.goal_check.setChecked(True)
    fresh(window, qtbot)
    assert window.map.goal_contour.isVisible()
    window.levers.rows["border_laxity"].spin.setValue(30)
    assert not window.analysis_runner.is_fresh
    assert window.map.goal_contour.isVisible()  # the target is kept; only the marker waits
    assert not window.map.goal_marker.isVisible()


def test_the_window_start_holds_the_analysis_until_every_plot_has_painted(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The window's own start (gui.launch) paints first: no analysis runs while the window is
    unpainted, however long that takes; once every plot has painted it arrives as ever."""
    from dprk_explorer.gui.analysis_runner import SETTLE_MS
    from dprk_explorer.gui.launch import analyse_after_first_paint

    window = make_window(tmp_path)
    qtbot.addWidget(window)
    analyse_after_first_paint(window)
    qtbot.wait(3 * SETTLE_MS)  # the settle time has passed, but nothing has painted
    runner = window.analysis_runner
    assert runner.latest is None and runner._executor is None
    assert window.headline.robust.value.text() == "checking…"
    window.show()
    qtbot.waitUntil(lambda: all(plot.paint_count > 0 for plot in window.plots))
    fresh(window, qtbot)
    assert window.headline.robust.value.text() == "Robust"


def test_a_screenshot_window_draws_its_analysis_in_its_first_paint(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """`--screenshot` computes the analysis before the window is shown: the headline has its
    verdict (not "checking") before any plot has painted, and no worker thread ran."""
    window = make_window(tmp_path)
    qtbot.addWidget(window)
    window.analysis_runner.run_here()
    assert all(plot.paint_count == 0 for plot in window.plots)
    assert window.analysis_runner.is_fresh and window.analysis_runner._executor is None
    assert window.headline.robust.value.text() == "Robust"
    assert fresh(window, qtbot).analysis.scenario.same_values(window.state.scenario)

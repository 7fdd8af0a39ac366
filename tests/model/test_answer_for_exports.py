"""What the exports read from an Answer and nowhere else: the record's fit, the map and a fresh
analysis for the answer's own period, each offset step's share of the coal loss, and whether a
lever changes inside the period (issue #22, the brief)."""

from __future__ import annotations

import math

import pytest

from dprk_explorer.model import Scenario, evaluate
from dprk_explorer.model.analysis.combined import analyse
from dprk_explorer.model.analysis.goal_seek import goal_seek
from dprk_explorer.model.answer import Answer, record_fit
from dprk_explorer.model.core.evaluate import varies_within
from dprk_explorer.model.core.grid import MAP_AXIS_PCT, evaluate_grid
from dprk_explorer.model.core.period import STEADY, Period
from dprk_explorer.model.record.record import record_or_reason

FOUND, _ = record_or_reason()
assert FOUND is not None
RECORD_RESULT = evaluate(FOUND.scenario)
YEAR_2019 = Period.year(2019)
BRANCH = FOUND.scenario.with_values({"border_laxity": 5.0}).branched(
    "2018-06", record=lambda: FOUND.scenario
)


def test_the_records_fit_is_its_largest_yearly_error_against_chinas_customs() -> None:
    fit = record_fit(FOUND)
    assert fit is not None
    errors = {
        int(row["period"]): abs(float(row["error_pct"]))
        for row in FOUND.residuals
        if row["series"] == "china_imports_from_dprk" and str(row["period"]).isdigit()
    }
    assert fit.max_error_pct == max(errors.values()) > 0
    assert (fit.first_year, fit.last_year) == (min(errors), max(errors))
    branch = Answer.of(evaluate(BRANCH), YEAR_2019, FOUND, RECORD_RESULT)
    assert branch.record_fit == fit
    stylised = Answer.of(evaluate(Scenario.default()), YEAR_2019, FOUND, RECORD_RESULT)
    assert stylised.record_fit is None  # the record's fit says nothing about this scenario


def test_a_map_is_taken_only_for_the_answers_period() -> None:
    answer = Answer.of(evaluate(BRANCH), YEAR_2019, FOUND, RECORD_RESULT)
    grid = evaluate_grid(BRANCH, MAP_AXIS_PCT[::10], MAP_AXIS_PCT[::10], YEAR_2019)
    assert answer.with_grid(grid).grid is grid
    steady = evaluate_grid(BRANCH, MAP_AXIS_PCT[::10], MAP_AXIS_PCT[::10], STEADY)
    with pytest.raises(ValueError, match="another period"):
        answer.with_grid(steady)


def test_analysed_keeps_a_fresh_analysis_and_replaces_a_stale_one() -> None:
    answer = Answer.of(evaluate(BRANCH), YEAR_2019, FOUND, RECORD_RESULT)
    fresh = answer.with_analysis(analyse(BRANCH, n_draws=200, period=YEAR_2019))
    assert fresh.analysed() is fresh
    # A moment-old analysis (another scenario, another period) and its goal seek: replaced by
    # the answer's own, the goal sought again for the same target in the answer's period.
    before = Scenario.default()
    stale = answer.with_analysis(
        analyse(before, n_draws=200), goal_seek(before, -50.0, STEADY), fresh=False
    )
    made = stale.analysed()
    assert made.analysis_fresh and made.analysis is not None and made.goal is not None
    assert made.analysis.period == made.goal.period == YEAR_2019
    assert made.analysis.scenario.same_values(BRANCH)
    assert made.goal.target_net_change_pct == -50.0
    assert sum(made.analysis.attribution.shapley_usd_m.values()) == pytest.approx(
        made.net_change_usd_m, abs=1e-6
    )
    assert Answer.of(evaluate(BRANCH), YEAR_2019).analysed().analysis is not None


def test_each_steps_share_of_the_coal_loss_is_the_step_over_the_loss() -> None:
    result = evaluate(BRANCH).for_period(YEAR_2019)
    shares = result.steps_share_of_coal_loss_pct
    assert list(shares) == [*result.steps_usd_m, "net_change"]
    loss = result.coal_loss_usd_m
    assert loss > 0
    for step, value in result.steps_usd_m.items():
        assert shares[step] == pytest.approx(100.0 * value / loss)
    assert shares["net_change"] == pytest.approx(100.0 * result.net_change_usd_m / loss)
    nothing_lost = Scenario.default().with_values({"coal_ban_compliance": 0.0})
    unlost = evaluate(nothing_lost).steps_share_of_coal_loss_pct
    assert evaluate(nothing_lost).coal_loss_usd_m == 0
    assert all(math.isnan(v) for v in unlost.values())


def test_a_lever_varies_within_a_period_only_where_its_schedule_steps_inside_it() -> None:
    stepped = Scenario.default().with_step("border_laxity", "2019-06", 50.0)
    assert varies_within(stepped, "border_laxity", YEAR_2019)
    assert varies_within(stepped, "border_laxity", Period.span(2017, 2020))
    assert not varies_within(stepped, "border_laxity", Period.year(2018))
    assert not varies_within(stepped, "border_laxity", Period.year(2020))
    assert not varies_within(stepped, "border_laxity", STEADY)
    assert not varies_within(stepped, "coal_ban_compliance", YEAR_2019)

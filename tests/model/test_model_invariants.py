"""Property-based checks of the invariants DESIGN 'The model' promises."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dprk_explorer.model import PARAMETERS, Scenario, evaluate
from dprk_explorer.model.core.evaluate import OFFSET_CHANNELS
from dprk_explorer.model.sources.resources import CHANNEL_IDS
from tests.strategies import scenarios, value_strategy

TOL = 1e-6


@given(scenarios())
def test_no_channel_goes_negative(scenario: Scenario) -> None:
    result = evaluate(scenario)
    assert (result.scenario_usd_m >= -TOL).all()
    assert (result.baseline_usd_m >= 0).all()
    assert (result.monthly_scenario_usd_m >= -TOL).all()


@given(scenarios())
def test_channels_sum_to_total_and_net_change_adds_up(scenario: Scenario) -> None:
    result = evaluate(scenario)
    assert math.isclose(result.total_scenario_usd_m, float(result.scenario_usd_m.sum()))
    offsets = sum(result.offsets_usd_m[c] for c in OFFSET_CHANNELS)
    assert math.isclose(
        result.net_change_usd_m, offsets - result.coal_loss_usd_m, rel_tol=1e-9, abs_tol=1e-6
    )
    assert result.coal_loss_usd_m >= -TOL


@given(scenarios(), st.floats(0, 100), st.floats(0, 100))
def test_more_compliance_never_raises_official_coal(scenario: Scenario, a: float, b: float) -> None:
    low, high = sorted((a, b))
    coal_low = evaluate(scenario.with_values({"coal_ban_compliance": low})).scenario_usd_m[0]
    coal_high = evaluate(scenario.with_values({"coal_ban_compliance": high})).scenario_usd_m[0]
    assert coal_high <= coal_low + TOL


@given(scenarios(), st.floats(0, 100), st.floats(0, 100))
def test_more_laxity_never_lowers_smuggling(scenario: Scenario, a: float, b: float) -> None:
    low, high = sorted((a, b))
    smuggled_low = evaluate(scenario.with_values({"border_laxity": low}))
    smuggled_high = evaluate(scenario.with_values({"border_laxity": high}))
    for channel in ("smuggled_coal", "smuggling"):
        i = CHANNEL_IDS.index(channel)
        assert smuggled_high.scenario_usd_m[i] >= smuggled_low.scenario_usd_m[i] - TOL
        assert (
            smuggled_high.monthly_scenario_usd_m[i] >= smuggled_low.monthly_scenario_usd_m[i] - TOL
        ).all()


NO_BANS = {p.id: False for p in PARAMETERS.values() if p.group == "sanctions"}
#: The routes since 2020 China does not govern: zero in the no-sanctions baseline by definition.
NO_ROUTES = {p.id: False for p in PARAMETERS.values() if p.group == "routes"}


@given(scenarios())
def test_no_bans_at_all_gives_the_baseline_in_every_month(scenario: Scenario) -> None:
    quiet = scenario.with_values({**NO_BANS, **NO_ROUTES, "labour_outsourcing": 100})
    result = evaluate(quiet)
    np.testing.assert_allclose(result.scenario_usd_m, result.baseline_usd_m, atol=1e-9)
    np.testing.assert_allclose(
        result.monthly_scenario_usd_m, result.monthly_baseline_usd_m, atol=1e-9
    )
    # 2016 volumes at each month's price: 2016 itself is the sourced 2016 baseline.
    np.testing.assert_allclose(
        result.monthly_baseline_usd_m[:, :12].sum(axis=1),
        result.baseline_usd_m,
        rtol=1e-12,
        atol=1e-9,
    )
    assert result.offset_ratio is None and result.recovery_ratio is None


@given(scenarios())
def test_no_enforcement_equals_baseline(scenario: Scenario) -> None:
    zero = {p: 0 for p in PARAMETERS if p.startswith("compliance_")}
    quiet = scenario.with_values(
        {
            **zero,
            "coal_ban_compliance": 0,
            "other_partners_compliance_pct": 0,
            "labour_outsourcing": 100,
            "repatriation_2397": False,
            "covid_border_closure": False,
            **NO_ROUTES,
        }
    )
    result = evaluate(quiet)
    np.testing.assert_allclose(result.scenario_usd_m, result.baseline_usd_m, atol=1e-9)
    np.testing.assert_allclose(
        result.monthly_scenario_usd_m, result.monthly_baseline_usd_m, atol=1e-9
    )


@given(scenarios())
def test_offset_ratio_is_recovered_over_lost(scenario: Scenario) -> None:
    result = evaluate(scenario)
    if result.offset_ratio is None:
        assert result.coal_loss_usd_m <= 1e-9
    else:
        recovered = sum(result.offsets_usd_m.values())
        assert math.isclose(result.offset_ratio, recovered / result.coal_loss_usd_m, rel_tol=1e-12)


@given(scenarios())
def test_goods_never_gain_from_a_ban_at_labour_100(scenario: Scenario) -> None:
    """x(1-d) + (1-x) r <= 1: a ban can be offset at most fully, unless labour grows or a
    route China does not govern adds revenue (the processing shift comes out of what smuggling
    does not win back, and redirection out of what is left)."""
    result = evaluate(scenario.with_values({"labour_outsourcing": 100, **NO_ROUTES}))
    assert result.net_change_usd_m <= TOL


@settings(max_examples=15)
@given(scenarios())
def test_same_scenario_same_numbers(scenario: Scenario) -> None:
    first, second = evaluate(scenario), evaluate(scenario)
    assert (first.scenario_usd_m == second.scenario_usd_m).all()
    assert (first.monthly_scenario_usd_m == second.monthly_scenario_usd_m).all()


def test_before_any_ban_the_path_is_the_baseline() -> None:
    result = evaluate(
        Scenario.default().with_values({"coal_ban_compliance": 100, "coal_cap_2321": False})
    )
    # Jan 2016 - Jan 2017: no coal measure is in force yet (the default bans only coal).
    np.testing.assert_allclose(
        result.monthly_scenario_usd_m[:, :13], result.monthly_baseline_usd_m[:, :13]
    )


def test_full_compliance_loses_the_sourced_coal_revenue() -> None:
    result = evaluate(Scenario.default().with_values({"coal_ban_compliance": 100}))
    assert result.coal_loss_usd_m == PARAMETERS["baseline_coal_usd_m"].default == 1180


@given(value_strategy("labour_outsourcing"))
def test_labour_lever_scales_only_the_china_share(labour_pct: float) -> None:
    scenario = Scenario.default().with_values(
        {"labour_outsourcing": labour_pct, "coal_ban_compliance": 0}
    )
    result = evaluate(scenario)
    share = scenario["labour_china_share_pct"] / 100
    expected = 250 * (1 + share * (labour_pct / 100 - 1))
    labour = CHANNEL_IDS.index("overseas_labour")
    assert math.isclose(result.scenario_usd_m[labour], expected, rel_tol=1e-12)


@given(scenarios())
def test_waterfall_steps_add_up_to_the_net_change(scenario: Scenario) -> None:
    result = evaluate(scenario)
    steps = result.steps_usd_m
    assert math.isclose(sum(steps.values()), result.net_change_usd_m, rel_tol=1e-9, abs_tol=1e-6)
    assert math.isclose(-steps["coal_lost"], result.coal_loss_usd_m, rel_tol=1e-12, abs_tol=1e-9)
    smuggled = result.offsets_usd_m["smuggling"] + result.offsets_usd_m["smuggled_coal"]
    assert math.isclose(steps["smuggling"], smuggled, abs_tol=1e-9)
    assert steps["other_bans_lost"] <= TOL
    assert steps["redirected_exports"] >= -TOL

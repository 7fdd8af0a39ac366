"""Reality checks (issue 23): what any specialist knows must hold, over random scenarios with
schedules, in every month and in the steady state. docs/model.md states each one beside the
equation it constrains.

- More border laxity never lowers any month's total revenue.
- Switching any ban off never lowers any month's total; for the two measures that move trade in
  time (the 2321 cap's annual room, the delayed cargoes China's suspension released later) it
  never lowers revenue to date, in any month.
- Official plus smuggled flow of a good never exceeds what would flow with no ban on it (in
  tonnes for coal).
- Delayed cargoes arrive only under the measure that delayed them.
- Levers and assumptions act through the same adjustment both ways: a step up and the same step
  down move the flows they drive by mirror images, month by month.
- A closure acts on every route it closes, by the same share.
- China's levers never move a route China does not govern (workers in Russia, cyber theft, arms
  to Russia); counting such a route never lowers any month's total nor moves another channel,
  and it runs only from its start date; what is won back splits into routes China governs and
  routes it does not, summing to the whole.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dprk_explorer.model import LEVER_IDS, PARAMETERS, Scenario, evaluate
from dprk_explorer.model.core.evaluate import Result
from dprk_explorer.model.core.flows import (
    BAN_SWITCH,
    CYBER_SWITCH,
    REDIRECT_TARGETS,
    ROUTE_CHINA_GOVERNS,
)
from dprk_explorer.model.core.timeline import (
    CLOSURE_CLOSED,
    CLOSURE_PARTLY,
    COAL_PRICE_2016,
    N_MONTHS,
    ROUTE_ONSET,
    ROUTE_SWITCH,
    SEASON,
    month_index,
)
from dprk_explorer.model.sources.resources import CHANNEL_IDS, NEW_ROUTE_CHANNELS
from tests.strategies import MONTH_TEXTS, scheduled

ABS = 1e-6
REL = 1e-9
#: Every switch of a ban or measure in resources/sanctions_bans.csv (the closure included).
BAN_SWITCHES = tuple(sorted(set(BAN_SWITCH.values())))
#: The measures that move trade in time: a ban before them in the year leaves the annual cap
#: room for later months; the suspension's delayed cargoes arrive in months it had blocked.
TIME_MOVING = ("coal_cap_2321", "coal_delayed_cargoes")
COAL = CHANNEL_IDS.index("coal")
SMUGGLED = [CHANNEL_IDS.index(c) for c in ("smuggled_coal", "smuggling")]
months = st.sampled_from(MONTH_TEXTS[1:])


def _total(result: Result) -> np.ndarray:
    return result.monthly_scenario_usd_m.sum(axis=0)


def _path(scenario: Scenario, pid: str) -> np.ndarray:
    path = scenario.path(pid)
    return path if path is not None else np.full(N_MONTHS, float(scenario[pid]))


def _at_least(high: np.ndarray, low: np.ndarray, what: str) -> None:
    slack = ABS + REL * np.abs(low)
    worst = int(np.argmin(high - low + slack))
    assert (high >= low - slack).all(), f"{what}: month {worst}: {high[worst]} < {low[worst]}"


@settings(max_examples=20, deadline=None)
@given(scheduled(), months, st.floats(0, 100), st.floats(0, 100))
def test_more_laxity_never_lowers_any_months_total(
    scenario: Scenario, month: str, a: float, b: float
) -> None:
    low, high = sorted((a, b))
    for at in ("2016-01", month):
        lax = evaluate(scenario.with_step("border_laxity", at, high))
        tight = evaluate(scenario.with_step("border_laxity", at, low))
        _at_least(_total(lax), _total(tight), f"laxity {low}->{high} from {at}")
        assert lax.total_scenario_usd_m >= tight.total_scenario_usd_m - ABS


@settings(max_examples=15, deadline=None)
@given(scheduled())
def test_switching_any_ban_off_never_lowers_any_months_total(scenario: Scenario) -> None:
    """Per month, for every measure that moves no trade in time (the cap and the delayed
    cargoes off); the cap itself, switched off, never lowers any month either."""
    base = scenario.with_values(dict.fromkeys(TIME_MOVING, False))
    for switch in BAN_SWITCHES:
        on, off = base, base.with_values({switch: False})
        _at_least(_total(evaluate(off)), _total(evaluate(on)), f"{switch} off")
        assert evaluate(off).total_scenario_usd_m >= evaluate(on).total_scenario_usd_m - ABS
    capped, uncapped = scenario, scenario.with_values({"coal_cap_2321": False})
    _at_least(_total(evaluate(uncapped)), _total(evaluate(capped)), "the 2321 cap off")


@settings(max_examples=15, deadline=None)
@given(scheduled())
def test_switching_any_ban_off_never_lowers_revenue_to_date(scenario: Scenario) -> None:
    """With the cap and the delayed cargoes: revenue from January 2016 to any month. Without
    redirection: a good's absorptive capacity caps redirection each month, so a measure that
    only moves blocked trade in time (the suspension, whose cargoes arrived later and nearly
    refilled the cap) can let a little more be redirected by spreading it over more months;
    the per-month check above covers redirection for every ban that moves nothing in time."""
    scenario = scenario.with_values({"redirect_share_pct": 0.0})
    on = evaluate(scenario)
    for switch in BAN_SWITCHES:
        off = evaluate(scenario.with_values({switch: False}))
        _at_least(np.cumsum(_total(off)), np.cumsum(_total(on)), f"{switch} off, to date")
        assert off.total_scenario_usd_m >= on.total_scenario_usd_m - ABS


@settings(max_examples=20, deadline=None)
@given(scheduled())
def test_official_plus_smuggled_never_exceeds_the_no_ban_flow(scenario: Scenario) -> None:
    result = evaluate(scenario)
    monthly = result.monthly_path()
    # Coal, in tonnes: 2016 volume in the month's share of the year's customs working days.
    no_ban_mt = _path(scenario, "baseline_coal_usd_m") / COAL_PRICE_2016 / 12.0 * SEASON
    official_and_smuggled = monthly["official_coal_mt"] + monthly["smuggled_coal_mt"]
    _at_least(no_ban_mt, official_and_smuggled, "coal, Mt")
    # Other goods: their own official flow (not what redirection added, nor the processing the
    # textile ban moved into unbanned goods) and their smuggling, at official prices, against
    # their no-ban flow.
    terms = result.monthly_terms_usd_m
    own = (
        sum(
            result.monthly_scenario_usd_m[CHANNEL_IDS.index(c)] - terms[f"landed_{c}"]
            for c in REDIRECT_TARGETS
        )
        - terms["processing_trade"]
    )
    smuggled = result.monthly_scenario_usd_m[CHANNEL_IDS.index("smuggling")] / (
        1.0 - _path(scenario, "smuggling_discount_pct") / 100.0
    )
    no_ban = sum(result.monthly_baseline_usd_m[CHANNEL_IDS.index(c)] for c in REDIRECT_TARGETS)
    # Textile orders move with the labour lever: their no-ban flow is the orders', not 2016's.
    orders = sum(
        evaluate(_no_bans(scenario)).monthly_scenario_usd_m[CHANNEL_IDS.index(c)]
        for c in REDIRECT_TARGETS
    )
    _at_least(np.maximum(no_ban, orders), own + smuggled, "other goods, USD m")


def _no_bans(scenario: Scenario) -> Scenario:
    return scenario.with_values(dict.fromkeys(BAN_SWITCHES, False))


@settings(max_examples=15, deadline=None)
@given(scheduled(), st.booleans())
def test_delayed_cargoes_arrive_only_under_the_measure_that_delayed_them(
    scenario: Scenario, whole_horizon: bool
) -> None:
    """China's suspension delayed them: with it off in the months they arrive (Aug-Sep 2017),
    switching them on or off changes nothing in any month; with it on, nothing before."""
    if whole_horizon:
        without = scenario.with_values({"china_coal_suspension": False})
    else:
        after = scenario.value_in("china_coal_suspension", "2017-10")
        without = scenario.with_step("china_coal_suspension", "2017-08", False).with_step(
            "china_coal_suspension", "2017-10", after
        )
    paths = [
        evaluate(without.with_values({"coal_delayed_cargoes": on})).monthly_scenario_usd_m
        for on in (True, False)
    ]
    np.testing.assert_array_equal(paths[0], paths[1])
    arrive = month_index("2017-08")
    paths = [
        evaluate(scenario.with_values({"coal_delayed_cargoes": on})).monthly_scenario_usd_m
        for on in (True, False)
    ]
    np.testing.assert_array_equal(paths[0][:, :arrive], paths[1][:, :arrive])


#: Per lever or assumption, the flows it drives linearly (so a step up and the same step down
#: must move them by mirror images): channel ids.
DRIVES: dict[str, tuple[str, ...]] = {
    "border_laxity": ("smuggled_coal", "smuggling"),
    "coal_ban_compliance": ("coal", "smuggled_coal"),
    "labour_outsourcing": ("overseas_labour",),
    "smuggling_discount_pct": ("smuggled_coal", "smuggling"),
    "repatriation_2397_pct": ("overseas_labour",),
    "covid_closure_pct": ("smuggled_coal", "smuggling"),
}


@settings(max_examples=20, deadline=None)
@given(
    scheduled(),
    st.sampled_from(sorted(DRIVES)),
    months,
    st.floats(0, 1),
    st.floats(0, 1),
)
def test_levers_and_assumptions_act_through_the_same_adjustment_both_ways(
    scenario: Scenario, pid: str, month: str, x: float, y: float
) -> None:
    parameter = PARAMETERS[pid]
    a, b = (parameter.minimum + f * (parameter.maximum - parameter.minimum) for f in (x, y))
    plain = scenario.with_values({pid: a})
    up = plain.with_step(pid, month, b)
    down = scenario.with_values({pid: b}).with_step(pid, month, a)
    at_a, at_b = evaluate(plain), evaluate(scenario.with_values({pid: b}))
    rows = [CHANNEL_IDS.index(c) for c in DRIVES[pid]]
    mirrored = (
        evaluate(up).monthly_scenario_usd_m[rows] + evaluate(down).monthly_scenario_usd_m[rows]
    )
    ends = at_a.monthly_scenario_usd_m[rows] + at_b.monthly_scenario_usd_m[rows]
    np.testing.assert_allclose(mirrored, ends, rtol=1e-9, atol=1e-6, err_msg=f"{pid} at {month}")


#: Levers and assumptions with no adjustment lag, and the flows they drive.
AT_ONCE: dict[str, tuple[str, ...]] = {
    "coal_ban_compliance": ("coal", "smuggled_coal"),
    "smuggling_discount_pct": ("smuggled_coal", "smuggling"),
    "covid_closure_pct": ("smuggled_coal", "smuggling"),
    "repatriation_2397_pct": ("overseas_labour",),
}


@settings(max_examples=20, deadline=None)
@given(scheduled(), st.sampled_from(sorted(AT_ONCE)), months, st.floats(0, 1))
def test_a_value_without_a_lag_moves_every_flow_it_drives_at_once(
    scenario: Scenario, pid: str, month: str, x: float
) -> None:
    """Ending enforcement acts as fast as starting it: from the month a compliance (or any value
    without a lag) changes, every flow it drives is where the new value puts it, official coal
    and smuggled coal alike; before that month nothing moves."""
    parameter = PARAMETERS[pid]
    b = parameter.minimum + x * (parameter.maximum - parameter.minimum)
    stepped = evaluate(scenario.with_step(pid, month, b))
    # The same value set from the start, with the scenario's own path before the month.
    rows = [CHANNEL_IDS.index(c) for c in AT_ONCE[pid]]
    m = month_index(month)
    whole = evaluate(_from_month_on(scenario, pid, month, b))
    np.testing.assert_allclose(
        stepped.monthly_scenario_usd_m[rows, m:],
        whole.monthly_scenario_usd_m[rows, m:],
        rtol=1e-9,
        atol=1e-6,
        err_msg=f"{pid} from {month}",
    )


def _from_month_on(scenario: Scenario, pid: str, month: str, value: float) -> Scenario:
    """The scenario stepped to `value` at `month`, but with `value` before the month too (the
    flows from `month` on must not remember what the value was before)."""
    stepped = scenario.with_step(pid, month, value)
    whole = scenario.with_values({pid: value})
    for at, later in stepped.schedules.get(pid, ()):
        if month_index(at) > month_index(month):
            whole = whole.with_step(pid, at, later)
    return whole


@settings(max_examples=20, deadline=None)
@given(scheduled())
def test_a_closure_acts_on_every_route_it_closes(scenario: Scenario) -> None:
    """Recorded goods of every kind (their own flow) and the informal crossings are cut by the
    same share in every month; labour abroad and the routes since 2020 (workers and arms to
    Russia, cyber theft) are not routes it closes."""
    closed = scenario.with_values({"covid_border_closure": True})
    opened = scenario.with_values({"covid_border_closure": False})
    on, off = evaluate(closed), evaluate(opened)
    kept = 1.0 - _path(closed, "covid_closure_pct") / 100.0 * (
        CLOSURE_CLOSED + (1.0 - _path(closed, "covid_reopening_pct") / 100.0) * CLOSURE_PARTLY
    )
    for channel in CHANNEL_IDS:
        i = CHANNEL_IDS.index(channel)
        if channel in ("overseas_labour", *NEW_ROUTE_CHANNELS):
            np.testing.assert_array_equal(
                on.monthly_scenario_usd_m[i], off.monthly_scenario_usd_m[i]
            )
            continue
        landed = f"landed_{channel}"
        own_on = on.monthly_scenario_usd_m[i] - on.monthly_terms_usd_m.get(landed, 0.0)
        own_off = off.monthly_scenario_usd_m[i] - off.monthly_terms_usd_m.get(landed, 0.0)
        np.testing.assert_allclose(own_on, kept * own_off, rtol=1e-9, atol=1e-9, err_msg=channel)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(0, 200), min_size=N_MONTHS, max_size=N_MONTHS),
    st.lists(st.floats(0, 1), min_size=N_MONTHS, max_size=N_MONTHS),
)
def test_a_month_the_cap_touches_is_capped_only_on_the_days_it_is_in_force(
    demand: list[float], share: list[float]
) -> None:
    """The cap's share of a month counts against the year's room; the rest of the month flows:
    a month the cap touches for four days is never treated as capped for all of it."""
    from dprk_explorer.model.core.flows import _capped
    from dprk_explorer.model.core.timeline import COAL_PRICE

    d, f = np.array(demand), np.array(share)
    zero = np.zeros(N_MONTHS)
    allowed = _capped(d, zero, f, zero, COAL_PRICE, monthly=True)
    _at_least(allowed, (1.0 - f) * d, "the uncapped days")
    _at_least(d, allowed, "never more than the demand")
    np.testing.assert_allclose(_capped(d, zero, zero, zero, COAL_PRICE, monthly=True), d)


# --- the routes since 2020 (issue 24) ---------------------------------------------------------

NEW_ROUTES = [CHANNEL_IDS.index(c) for c in NEW_ROUTE_CHANNELS]


@settings(max_examples=10, deadline=None)
@given(scheduled(), months, st.sampled_from(LEVER_IDS), st.floats(0, 1))
def test_chinas_levers_never_move_a_route_china_does_not_govern(
    scenario: Scenario, month: str, lever: str, fraction: float
) -> None:
    """Workers in Russia, cyber theft and arms to Russia are not under China's control: no lever
    of China's enforcement (compliance, laxity, labour in China) moves them, in any month."""
    parameter = PARAMETERS[lever]
    value = parameter.minimum + fraction * (parameter.maximum - parameter.minimum)
    moved = evaluate(scenario.with_step(lever, month, value))
    kept = evaluate(scenario)
    np.testing.assert_array_equal(
        moved.monthly_scenario_usd_m[NEW_ROUTES], kept.monthly_scenario_usd_m[NEW_ROUTES]
    )
    assert not any(ROUTE_CHINA_GOVERNS[c] for c in NEW_ROUTE_CHANNELS)


@settings(max_examples=10, deadline=None)
@given(scheduled(), months, st.sampled_from([*sorted(ROUTE_SWITCH.values()), CYBER_SWITCH]))
def test_counting_a_route_never_lowers_any_months_total(
    scenario: Scenario, month: str, switch: str
) -> None:
    """A route since 2020 only adds: switching it on, from any month, never lowers any month's
    total, never moves another channel, and it runs only from its start date."""
    on = evaluate(scenario.with_step(switch, "2016-01", True).with_step(switch, month, True))
    off = evaluate(scenario.with_step(switch, "2016-01", False).with_step(switch, month, False))
    _at_least(_total(on), _total(off), f"{switch} on")
    others = [i for i in range(len(CHANNEL_IDS)) if i not in NEW_ROUTES]
    np.testing.assert_array_equal(
        on.monthly_scenario_usd_m[others], off.monthly_scenario_usd_m[others]
    )
    assert (on.monthly_scenario_usd_m[NEW_ROUTES] >= 0.0).all()
    for channel, onset in ROUTE_ONSET.items():
        row = on.monthly_scenario_usd_m[CHANNEL_IDS.index(channel)]
        assert (row[onset == 0.0] == 0.0).all(), f"{channel} before its start"


@settings(max_examples=10, deadline=None)
@given(scheduled())
def test_won_back_splits_into_routes_china_governs_and_routes_it_does_not(
    scenario: Scenario,
) -> None:
    """The answer's two parts of what was won back are each >= 0 and sum to the whole, for the
    steady state and every year; the part China does not govern is the new routes' revenue."""
    result = evaluate(scenario)
    for period in (result, *(result.for_year(y) for y in (2019, 2024))):
        governs, beyond = period.recovered_china_governs_usd_m, period.recovered_not_china_usd_m
        assert governs >= 0.0 and beyond >= 0.0
        assert governs + beyond == pytest.approx(period.recovered_total_usd_m, abs=ABS)
        routes = period.scenario_usd_m[NEW_ROUTES].sum()
        assert beyond == pytest.approx(routes, rel=REL, abs=ABS)

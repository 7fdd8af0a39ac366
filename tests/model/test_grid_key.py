"""The map's key: two scenarios with equal keys have the same map for the period, so the window
keeps a map while only what it does not read changes (a drag of a map lever)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from dprk_explorer.model import Scenario, evaluate_grid
from dprk_explorer.model.core.grid import MAP_LEVERS, grid_key
from dprk_explorer.model.core.period import STEADY, Period
from tests.strategies import MONTH_TEXTS, periods, questions

#: A few cells are enough to tell two maps apart.
AXIS = np.linspace(0.0, 100.0, 6)


def same_map(a: Scenario, b: Scenario, period: Period) -> bool:
    one = evaluate_grid(a, AXIS, AXIS, period).net_change_usd_m
    two = evaluate_grid(b, AXIS, AXIS, period).net_change_usd_m
    return bool(np.allclose(one, two, rtol=1e-9, atol=1e-6))


@given(
    questions(),
    periods(),
    st.sampled_from(MAP_LEVERS),
    st.sampled_from(MONTH_TEXTS),
    st.floats(0.0, 100.0),
)
def test_equal_keys_mean_the_same_map(
    scenario: Scenario, period: Period, lever: str, month: str, value: float
) -> None:
    """A step of a map lever, anywhere: where the key stays, the map stays."""
    if scenario.branch is not None and month < scenario.branch:
        month = scenario.branch
    moved = scenario.with_step(lever, month, value)
    if grid_key(moved, period) == grid_key(scenario, period):
        assert same_map(scenario, moved, period)


def test_a_drag_of_a_map_lever_keeps_the_steady_map_and_a_whole_horizon_map() -> None:
    scenario = Scenario.default()
    for lever in MAP_LEVERS:
        dragged = scenario.with_values({lever: 93.0})
        for period in (STEADY, Period.year(2016), Period.span(2016, 2020)):
            assert grid_key(dragged, period) == grid_key(scenario, period), (lever, period)
            assert same_map(scenario, dragged, period)


def test_a_later_period_reads_the_lever_before_it() -> None:
    """In 2019 the map moves the levers inside 2019 only; 2016-2018 keep the scenario's values,
    which carry into 2019 through the lags: a drag changes that map, and its key."""
    scenario = Scenario.default()
    dragged = scenario.with_values({"coal_ban_compliance": 93.0, "border_laxity": 5.0})
    period = Period.year(2019)
    assert grid_key(dragged, period) != grid_key(scenario, period)
    assert not same_map(scenario, dragged, period)


def test_any_other_parameter_or_the_period_changes_the_key() -> None:
    scenario = Scenario.default()
    other = scenario.with_values({"labour_outsourcing": 150.0})
    for period in (STEADY, Period.year(2019), Period.span(2016, 2020)):
        assert grid_key(other, period) != grid_key(scenario, period)
    assert grid_key(scenario, STEADY) != grid_key(scenario, Period.year(2019))
    scheduled = scenario.with_step("labour_outsourcing", "2019-06", 150.0)
    assert grid_key(scheduled, STEADY) == grid_key(other, STEADY)  # the value in force at the end

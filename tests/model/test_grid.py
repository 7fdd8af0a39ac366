"""The vectorised compliance x laxity map gives exactly what one-by-one evaluation gives."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dprk_explorer.model import Scenario, evaluate, evaluate_grid
from tests.strategies import scenarios


@settings(max_examples=10, deadline=None)
@given(
    scenarios(),
    st.lists(st.floats(0, 100), min_size=1, max_size=5),
    st.lists(st.floats(0, 100), min_size=1, max_size=5),
)
def test_grid_equals_pointwise(
    scenario: Scenario, compliance: list[float], laxity: list[float]
) -> None:
    grid = evaluate_grid(scenario, np.array(compliance), np.array(laxity))
    assert grid.net_change_usd_m.shape == (len(compliance), len(laxity))
    for i, c in enumerate(compliance):
        for j, x in enumerate(laxity):
            point = evaluate(scenario.with_values({"coal_ban_compliance": c, "border_laxity": x}))
            assert grid.net_change_usd_m[i, j] == point.net_change_usd_m
            assert grid.coal_loss_usd_m[i, j] == point.coal_loss_usd_m
            assert grid.total_scenario_usd_m[i, j] == point.total_scenario_usd_m
            if point.offset_ratio is None:
                assert np.isnan(grid.offset_ratio[i, j])
            else:
                assert grid.offset_ratio[i, j] == point.offset_ratio


def test_full_size_grid_shape() -> None:
    axis = np.linspace(0, 100, 101)
    grid = evaluate_grid(Scenario.default(), axis, axis)
    assert grid.net_change_usd_m.shape == (101, 101)
    assert np.isnan(grid.offset_ratio[0]).all()  # no compliance, nothing lost

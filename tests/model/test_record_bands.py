"""Bands that know the record: the record's fitted values, levers included, are drawn from the
fit (issue 23: the bands drew no lever and missed the record they were conditioned on)."""

from __future__ import annotations

import numpy as np

from dprk_explorer.model import Scenario, preset_scenario
from dprk_explorer.model.analysis.bands import monte_carlo, record_weights
from dprk_explorer.model.analysis.robustness import conditioned_points
from dprk_explorer.model.record.record import read_record


def test_record_bands_draw_the_fitted_values_levers_included() -> None:
    record = preset_scenario("record")
    conditioned = monte_carlo(record)
    free = monte_carlo(record, condition=False)
    assert conditioned.conditioned and not free.conditioned
    fitted = {f.parameter for f in read_record().fitted}
    assert set(conditioned.fitted_drawn) == fitted
    assert {"coal_ban_compliance", "border_laxity"} <= set(conditioned.fitted_drawn)
    assert free.fitted_drawn == ()
    # The example: 2017 official coal had a band of USD 426.9-428.8 m, no lever drawn.
    low, high = conditioned.figure_by_year("official_coal_usd_m")
    free_low, free_high = free.figure_by_year("official_coal_usd_m")
    assert high[1] - low[1] > free_high[1] - free_low[1]


def test_a_branch_draws_the_fitted_values_only_where_it_keeps_the_record() -> None:
    """After the branch month the branch's own laxity is a policy setting, not drawn."""
    branch = preset_scenario("singapore_2018_branch")
    bands = monte_carlo(branch)
    assert "border_laxity" in bands.fitted_drawn
    low, high = bands.figure_by_year("smuggled_coal_mt")
    record_low, record_high = monte_carlo(preset_scenario("record")).figure_by_year(
        "smuggled_coal_mt"
    )
    # 2017 (before the branch) is the record's own band; the years after it differ
    assert low[1] == record_low[1] and high[1] == record_high[1]
    assert (low[3], high[3]) != (record_low[3], record_high[3])


def test_weights_are_normalised_and_uniform_off_the_record() -> None:
    weights, effective = record_weights(preset_scenario("record"), 1000, 1)
    assert np.isclose(weights.sum(), 1.0) and effective >= 100 - 1e-6
    weights, effective = record_weights(Scenario.default(), 1000, 1)
    assert np.allclose(weights, 1e-3) and effective == 1000


def test_robustness_of_a_branch_checks_the_conditioned_draws_only() -> None:
    draws, box = conditioned_points(preset_scenario("singapore_2018_branch"), 1000, 1)
    assert box is not None
    assert 0 < np.shape(draws["smuggling_discount_pct"])[0] < 1000

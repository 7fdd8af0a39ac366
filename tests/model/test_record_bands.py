"""Bands that know the record: importance weights narrow them where the record pins the model."""

from __future__ import annotations

import numpy as np

from dprk_explorer.model import Scenario, preset_scenario
from dprk_explorer.model.analysis.bands import monte_carlo, record_weights
from dprk_explorer.model.analysis.robustness import conditioned_points
from dprk_explorer.model.timeline import MONTH_YEARS


def test_record_bands_are_conditioned_and_narrower_where_the_record_pins() -> None:
    record = preset_scenario("record")
    conditioned = monte_carlo(record)
    free = monte_carlo(record, condition=False)
    assert conditioned.conditioned and not free.conditioned
    assert 0 < conditioned.effective_draws < conditioned.n_draws
    months = MONTH_YEARS == 2019
    width = conditioned.monthly_total_p95[months] - conditioned.monthly_total_p5[months]
    free_width = free.monthly_total_p95[months] - free.monthly_total_p5[months]
    assert width.sum() < free_width.sum()


def test_weights_are_normalised_and_uniform_off_the_record() -> None:
    weights, effective = record_weights(preset_scenario("record"), 1000, 1)
    assert np.isclose(weights.sum(), 1.0) and effective >= 100 - 1e-6
    weights, effective = record_weights(Scenario.default(), 1000, 1)
    assert np.allclose(weights, 1e-3) and effective == 1000


def test_robustness_of_a_branch_checks_the_conditioned_draws_only() -> None:
    draws, box = conditioned_points(preset_scenario("singapore_2018_branch"), 1000, 1)
    assert box is not None
    assert 0 < np.shape(draws["smuggling_discount_pct"])[0] < 1000

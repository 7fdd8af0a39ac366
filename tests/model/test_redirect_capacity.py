"""The absorptive capacity of the goods still open (`redirect_capacity_pct`): what redirection
lands on the open goods never exceeds the capacity times their revenue, and never falls as the
redirected share rises, per month, in the steady state and over arrays of draws."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dprk_explorer.model import Scenario, evaluate
from dprk_explorer.model.core.evaluate import monthly_arrays
from dprk_explorer.model.core.flows import MONTHLY, REDIRECT_TARGETS, _landed, scenario_channels
from dprk_explorer.model.sources.resources import CHANNEL_IDS
from tests.strategies import scenarios

TOL = 1e-6
N_DRAWS = 5

revenue = st.floats(0.0, 1e4, allow_nan=False)
fraction = st.floats(0.0, 3.0, allow_nan=False)


@given(
    hnp.arrays(np.float64, (N_DRAWS, len(REDIRECT_TARGETS)), elements=revenue),
    hnp.arrays(np.float64, (N_DRAWS,), elements=revenue),
    hnp.arrays(np.float64, (N_DRAWS,), elements=fraction),
    st.floats(0.0, 1.0),
)
def test_landed_is_capped_by_capacity_and_monotone_in_what_is_redirected(
    weights: np.ndarray, redirected: np.ndarray, capacity: np.ndarray, more: float
) -> None:
    """Over an axis of draws (arrays broadcast): landed_c <= capacity x w_c, the total never
    exceeds what was redirected, nothing lands where no good is open, and more redirected
    revenue never lands less on any good."""
    weight = {c: weights[:, k] for k, c in enumerate(REDIRECT_TARGETS)}
    landed = _landed(redirected, weight, capacity)
    larger = _landed(redirected * (1.0 + more), weight, capacity)
    total = sum(landed.values(), np.zeros(N_DRAWS))
    closed = weights.sum(axis=1) == 0.0
    for c in REDIRECT_TARGETS:
        assert landed[c].shape == (N_DRAWS,)
        assert (landed[c] >= 0.0).all()
        assert (landed[c] <= capacity * weight[c] * (1 + 1e-12) + TOL).all()
        assert (larger[c] >= landed[c] - TOL).all()
    assert (total <= redirected * (1 + 1e-12) + TOL).all()
    assert (total[closed] == 0.0).all()


@settings(max_examples=15, deadline=None)
@given(scenarios(), st.floats(0, 100), st.floats(0, 100))
def test_landed_redirection_never_exceeds_capacity_and_rises_with_the_share(
    scenario: Scenario, a: float, b: float
) -> None:
    """Per month: what lands on each open good is at most the capacity times its revenue before
    redirection (its official revenue is at least its open revenue), and a larger redirected
    share never lands less on any good."""
    low, high = sorted((a, b))
    results = [
        evaluate(scenario.with_values({"redirect_share_pct": share})) for share in (low, high)
    ]
    capacity = float(scenario["redirect_capacity_pct"]) / 100.0
    for result in results:
        for channel in REDIRECT_TARGETS:
            landed = result.monthly_terms_usd_m[f"landed_{channel}"]
            recorded = result.monthly_scenario_usd_m[CHANNEL_IDS.index(channel)]
            assert (landed <= capacity * (recorded - landed) * (1 + 1e-9) + TOL).all()
    for channel in REDIRECT_TARGETS:
        lower, higher = (r.monthly_terms_usd_m[f"landed_{channel}"] for r in results)
        assert (higher >= lower - TOL).all()


@settings(max_examples=10, deadline=None)
@given(scenarios(), hnp.arrays(np.float64, (N_DRAWS, 1), elements=st.floats(0.0, 300.0)))
def test_capacity_over_draws_equals_each_draw_alone(scenario: Scenario, draws: np.ndarray) -> None:
    """The capacity broadcasts like every other value: a column of draws gives, row by row, the
    monthly path each draw gives alone."""
    values = monthly_arrays(scenario)
    together = scenario_channels({**values, "redirect_capacity_pct": draws}, MONTHLY)
    for i in range(N_DRAWS):
        alone = scenario_channels({**values, "redirect_capacity_pct": draws[i]}, MONTHLY)
        for channel, path in together.items():
            np.testing.assert_allclose(path[i], np.broadcast_to(alone[channel], path[i].shape))

"""Bands that know the record: the record's fitted values, levers included, are drawn from the
fit (issue 23: the bands drew no lever and missed the record they were conditioned on)."""

from __future__ import annotations

import numpy as np
import pytest

from dprk_explorer.model import Scenario, preset_scenario
from dprk_explorer.model.analysis.attribution import source_shapley
from dprk_explorer.model.analysis.bands import monte_carlo, scenario_draws
from dprk_explorer.model.analysis.robustness import robustness
from dprk_explorer.model.record.record import load_record_series, read_record


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


def test_robustness_checks_the_draws_the_bands_use_with_every_source_ranked() -> None:
    """One draw machinery: the robustness check of the record draws the fitted levers from the
    fit (the same draws as the bands), and ranks the levers with the bans as written and the
    2020 closure (the attribution's sources)."""
    record = preset_scenario("record")
    draws = scenario_draws(record)
    assert draws.values["border_laxity"].shape == (1000,)  # a lever, drawn from its fit
    shared, own = monte_carlo(record, draws=draws), monte_carlo(record)
    assert np.array_equal(shared.figures_by_year_p95, own.figures_by_year_p95)
    players, phi = source_shapley(record, {"border_laxity": draws.values["border_laxity"][:5]})
    assert {"bans", "border_closure", "border_laxity"} <= set(players)
    assert phi.shape == (5, len(players)) and len(set(np.round(phi[:, 1], 6))) > 1
    # Laxity drawn from its fit (s.e. 7.5 points) can overtake coal-ban compliance in the
    # steady state of the record's final settings; ranked among the levers alone before.
    check = robustness(record.with_values({"coal_ban_compliance": 20.0}), draws=None)
    assert check.points_checked > 1000
    assert all(a in players and b in players for a, b in check.flipped_pairs)


def test_a_stylised_scenario_draws_no_fitted_value() -> None:
    draws = scenario_draws(Scenario.default())
    assert draws.fitted_drawn == ()
    assert np.ndim(draws.values["border_laxity"]) == 0  # a lever is a setting, not drawn


def test_the_discrepancy_comes_from_other_years_residuals_beyond_their_stated_errors() -> None:
    """The predictive band's model discrepancy (docs/validation.md): zero when the residuals
    are within the figures' stated errors, the excess when they scatter more, and never from
    the figure's own year (no figure widens its own band)."""
    import dataclasses

    from dprk_explorer.model.analysis.bands import discrepancy_sigma

    month = next(
        f
        for f in load_record_series()
        if f.series == "china_imports_from_dprk_m" and f.use == "fit"
    )
    fitted = [dataclasses.replace(month, year=year) for year in (2016, 2017, 2018, 2019)]
    stated = month.source_sigma
    small = np.full(4, stated / 2)
    assert discrepancy_sigma(fitted[:1], fitted, small, 1.0)[0] == 0.0
    big = np.array([9.0, 0.4, 0.4, 0.4])  # 2016's own residual is huge
    tau = discrepancy_sigma(fitted[:1], fitted, big, 1.0)[0]  # the target is 2016's figure
    assert tau == pytest.approx(np.sqrt(0.4**2 - stated**2), rel=1e-6)
    assert discrepancy_sigma(fitted[1:2], fitted, big, 1.0)[0] > 1.0  # 2016 counts for 2017


def test_the_fit_through_2017_holds_no_default_with_data_from_2018_on() -> None:
    """Issue 23: every uncertain assumption whose default or range uses 2018-2020 data is, in
    the out-of-sample fit, estimated from an uninformative prior, not held at its default."""
    from dprk_explorer.model.core.parameters import PARAMETERS
    from dprk_explorer.model.record.calibration import FIT_SPEC, _prior
    from dprk_explorer.model.reference.validation import unfitted_after

    spec = (*FIT_SPEC, *unfitted_after(2018))
    fitted = {pid for pid, _, _ in spec}
    for p in PARAMETERS.values():
        if p.is_uncertain and p.group != "baseline" and (p.data_year or 0) >= 2018:
            assert p.id in fitted, p.id
            centre, sd = _prior(p.id, "2016-01", 2018)
            assert (centre, sd) == ((p.minimum + p.maximum) / 2, (p.maximum - p.minimum) / 2)
    assert {"compliance_2397_pct", "covid_closure_pct", "labour_lag_months"} <= fitted

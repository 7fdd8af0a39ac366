"""Everything the analysis views and `run --analysis` show for one scenario, computed together.

The window runs `analyse` off the GUI thread once a drag settles; the command line runs it
directly. Each part lives in its own module (bands, tornado, attribution, robustness).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dprk_explorer.model.analysis.attribution import Attribution, attribution
from dprk_explorer.model.analysis.bands import (
    N_DRAWS,
    PERCENTILES,
    SEED,
    Bands,
    monte_carlo,
    scenario_draws,
)
from dprk_explorer.model.analysis.goal_seek import GoalSeek
from dprk_explorer.model.analysis.robustness import Robustness, robustness
from dprk_explorer.model.analysis.tornado import Tornado, tornado
from dprk_explorer.model.core.period import STEADY, Period
from dprk_explorer.model.core.scenario import Scenario


@dataclass(frozen=True)
class Analysis:
    """Bands, tornado, attribution and robustness, all for one scenario and one period."""

    scenario: Scenario
    bands: Bands
    tornado: Tornado
    attribution: Attribution
    robustness: Robustness
    period: Period = STEADY

    def to_dict(self) -> dict[str, Any]:
        """The keys `run --format json --analysis` adds (see README, Command line)."""
        low, high = PERCENTILES
        return {
            "analysis_period": self.period.label,
            "attribution_usd_m": dict(self.attribution.shapley_usd_m),
            "interaction_usd_m": self.attribution.interaction_usd_m,
            "other_measures_usd_m": self.attribution.other_measures_usd_m,
            "alone_usd_m": dict(self.attribution.alone_usd_m),
            "band_usd_m": {"p5": self.bands.total_p5, "p95": self.bands.total_p95},
            "net_change_band_usd_m": {
                "p5": self.bands.net_change_p5,
                "p95": self.bands.net_change_p95,
            },
            "band_method": (
                f"Monte Carlo, {self.bands.n_draws} draws, seed {self.bands.seed}, "
                f"percentiles {low:g} and {high:g} of the scenario's total revenue "
                f"({self.period.per}, {self.period.unit})"
                + (
                    ", conditioned on the record (its fitted values drawn from the fit, with "
                    "their standard errors and correlation)"
                    if self.bands.conditioned
                    else ""
                )
            ),
            "band_by_year": self.bands.band_by_year(),
            "tornado": [
                {
                    "parameter": bar.parameter,
                    "low": bar.low_value,
                    "high": bar.high_value,
                    "net_change_at_low_usd_m": bar.net_at_low_usd_m,
                    "net_change_at_high_usd_m": bar.net_at_high_usd_m,
                }
                for bar in self.tornado.bars
            ],
            "robustness": {
                "robust": self.robustness.robust,
                "sign_flips": self.robustness.sign_flips,
                "ranking_flips": self.robustness.ranking_flips,
                "message": self.robustness.message(),
                "points_checked": self.robustness.points_checked,
            },
        }


def analyse(
    scenario: Scenario, n_draws: int = N_DRAWS, seed: int = SEED, period: Period = STEADY
) -> Analysis:
    """Every analysis for `period`: the figures a view shows next to the headline's."""
    draws = scenario_draws(scenario, n_draws, seed)  # one set: the bands and robustness share it
    bars = tornado(scenario, period)
    bands = monte_carlo(scenario, period=period, draws=draws)
    check = robustness(
        scenario, period=period, draws=draws, bars=bars, net_draws=bands.net_change_draws
    )
    return Analysis(
        scenario=scenario,
        bands=bands,
        tornado=bars,
        attribution=attribution(scenario, period),
        robustness=check,
        period=period,
    )


def goal_seek_dict(answer: GoalSeek) -> dict[str, Any]:
    """The `goal_seek` key of `run --format json --goal-net-change-pct X`."""
    return {
        "target_net_change_pct": answer.target_net_change_pct,
        "coal_ban_compliance": answer.compliance_pct,
        "reached_net_change_pct": answer.reached_net_change_pct,
        "closest_coal_ban_compliance": answer.closest_compliance_pct,
        "reason": None if answer.reachable else answer.reason,
        "answer": answer.reason,
    }

"""Evaluate one scenario: revenue by channel, coal loss, what wins it back, the monthly path."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    import pandas as pd

from dprk_explorer.model.flows import (
    GOODS_CHANNELS,
    STEP_IDS,
    baseline_channels,
    scenario_channels,
    summarise,
)
from dprk_explorer.model.parameters import PARAMETERS
from dprk_explorer.model.resources import CHANNEL_IDS, load_channels
from dprk_explorer.model.scenario import Scenario
from dprk_explorer.model.timeline import MONTHS, ONSETS, exponential_lag

FloatArray = NDArray[np.float64]

CHANNEL_LABELS: dict[str, str] = {row["channel"]: row["label"] for row in load_channels()}
CHANNEL_SHORT_LABELS: dict[str, str] = {
    row["channel"]: row["short_label"] for row in load_channels()
}
STEP_LABELS: dict[str, str] = {
    "coal_lost": "Coal lost",
    "other_bans_lost": "Other bans",
    "smuggling": "Smuggling",
    "redirected_exports": "Unbanned exports",
    "labour": "Labour",
}
OFFSET_CHANNELS: tuple[str, ...] = tuple(c for c in CHANNEL_IDS if c != "coal")
#: Tolerance below which a coal loss counts as nothing lost (USD m), so the offset ratio is null.
NO_LOSS_USD_M = 1e-9


def scenario_arrays(scenario: Scenario) -> dict[str, FloatArray]:
    return {k: np.asarray(float(v)) for k, v in scenario.values.items()}


def annual_summary(values: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """Annual totals, net change, coal loss and offsets for parameter arrays that broadcast.

    The grid, the Monte Carlo, the tornado, the attribution and the goal seek all evaluate many
    scenarios at once through this one function.
    """
    return summarise(baseline_channels(values), scenario_channels(values), NO_LOSS_USD_M)


@dataclass(frozen=True)
class Result:
    """Everything the plots, headline strip, command line and exports show for one scenario."""

    scenario: Scenario
    baseline_usd_m: FloatArray  # per channel, CHANNEL_IDS order, USD m per year
    scenario_usd_m: FloatArray
    monthly_baseline_usd_m: FloatArray  # (channel, month), USD m per month
    monthly_scenario_usd_m: FloatArray
    steps_usd_m: dict[str, float]  # STEP_IDS: the net change split by route (the waterfall)

    channels: tuple[str, ...] = CHANNEL_IDS

    @property
    def months(self) -> NDArray[np.datetime64]:
        return MONTHS

    @cached_property
    def _summary(self) -> dict[str, float]:
        base = dict(zip(CHANNEL_IDS, self.baseline_usd_m, strict=True))
        scen = dict(zip(CHANNEL_IDS, self.scenario_usd_m, strict=True))
        return {k: float(v) for k, v in summarise(base, scen, NO_LOSS_USD_M).items()}

    @property
    def coal_loss_usd_m(self) -> float:
        return self._summary["coal_loss_usd_m"]

    @property
    def offsets_usd_m(self) -> dict[str, float]:
        """Per non-coal channel, revenue won back against the baseline (negative: more lost)."""
        change = self.scenario_usd_m - self.baseline_usd_m
        return {c: float(change[i]) for i, c in enumerate(CHANNEL_IDS) if c != "coal"}

    @property
    def offset_total_usd_m(self) -> float:
        return self._summary["offset_total_usd_m"]

    @property
    def offset_ratio(self) -> float | None:
        """Offsets / coal loss; None when no coal revenue is lost."""
        ratio = self._summary["offset_ratio"]
        return None if np.isnan(ratio) else ratio

    @property
    def total_baseline_usd_m(self) -> float:
        return self._summary["total_baseline_usd_m"]

    @property
    def total_scenario_usd_m(self) -> float:
        return self._summary["total_scenario_usd_m"]

    @property
    def net_change_usd_m(self) -> float:
        return self._summary["net_change_usd_m"]

    @property
    def net_change_pct(self) -> float | None:
        """Net change against the baseline total; None when every baseline is set to zero."""
        if self.total_baseline_usd_m <= 0:
            return None
        return 100.0 * self.net_change_usd_m / self.total_baseline_usd_m

    @cached_property
    def monthly_recorded_exports_usd_m(self) -> FloatArray:
        """Scenario goods exports through official customs, comparable to China's import series."""
        rows = [CHANNEL_IDS.index(c) for c in GOODS_CHANNELS]
        recorded: FloatArray = self.monthly_scenario_usd_m[rows].sum(axis=0)
        return recorded

    def channel_table(self) -> pd.DataFrame:
        import pandas as pd  # lazily: the window starts faster without pandas

        return pd.DataFrame(
            {
                "channel": list(CHANNEL_IDS),
                "label": [CHANNEL_LABELS[c] for c in CHANNEL_IDS],
                "baseline_usd_m": self.baseline_usd_m,
                "scenario_usd_m": self.scenario_usd_m,
                "change_usd_m": self.scenario_usd_m - self.baseline_usd_m,
            }
        )

    def monthly_table(self) -> pd.DataFrame:
        import pandas as pd

        frame = pd.DataFrame(
            self.monthly_scenario_usd_m.T,
            columns=[f"{c}_usd_m" for c in CHANNEL_IDS],
            index=pd.PeriodIndex(self.months.astype(str), freq="M", name="month"),
        )
        frame["total_scenario_usd_m"] = self.monthly_scenario_usd_m.sum(axis=0)
        frame["total_baseline_usd_m"] = self.monthly_baseline_usd_m.sum(axis=0)
        return frame

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of `dprk-explorer run --format json` (see DESIGN, Command line)."""
        return {
            "scenario": {
                "name": self.scenario.name,
                "notes": self.scenario.notes,
                **{
                    k: (v if isinstance(v, bool) else float(v))
                    for k, v in self.scenario.values.items()
                },
            },
            "channels": [
                {
                    "channel": c,
                    "label": CHANNEL_LABELS[c],
                    "baseline_usd_m": float(self.baseline_usd_m[i]),
                    "scenario_usd_m": float(self.scenario_usd_m[i]),
                }
                for i, c in enumerate(CHANNEL_IDS)
            ],
            "coal_loss_usd_m": self.coal_loss_usd_m,
            "offsets_usd_m": self.offsets_usd_m,
            "offset_ratio": self.offset_ratio,
            "total_baseline_usd_m": self.total_baseline_usd_m,
            "total_scenario_usd_m": self.total_scenario_usd_m,
            "net_change_usd_m": self.net_change_usd_m,
            "net_change_pct": self.net_change_pct,
            "steps_usd_m": dict(self.steps_usd_m),
            "units": {p.id: p.unit for p in PARAMETERS.values()},
        }


def evaluate(scenario: Scenario) -> Result:
    """Annual steady state and the monthly path for one scenario."""
    values = scenario_arrays(scenario)
    base = baseline_channels(values)
    terms: dict[str, FloatArray] = {}
    annual = scenario_channels(values, terms=terms)
    monthly = scenario_channels(values, onset=ONSETS, smooth=exponential_lag, periods_per_year=12.0)
    baseline_usd_m = np.array([float(base[c]) for c in CHANNEL_IDS])
    return Result(
        scenario=scenario,
        baseline_usd_m=baseline_usd_m,
        scenario_usd_m=np.array([float(annual[c]) for c in CHANNEL_IDS]),
        monthly_baseline_usd_m=np.repeat(baseline_usd_m[:, None] / 12.0, len(MONTHS), axis=1),
        monthly_scenario_usd_m=np.stack([monthly[c] for c in CHANNEL_IDS]),
        steps_usd_m={k: float(terms[k]) for k in STEP_IDS},
    )

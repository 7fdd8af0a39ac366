"""Evaluate one scenario: revenue by channel, the coal loss, what wins it back, and the monthly path."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from model.flows import GOODS_CHANNELS, baseline_channels, scenario_channels
from model.parameters import PARAMETERS
from model.resources import CHANNEL_IDS, load_channels
from model.scenario import Scenario
from model.timeline import MONTHS, ONSETS, exponential_lag

FloatArray = NDArray[np.float64]

CHANNEL_LABELS: dict[str, str] = {row["channel"]: row["label"] for row in load_channels()}
OFFSET_CHANNELS: tuple[str, ...] = tuple(c for c in CHANNEL_IDS if c != "coal")
#: Tolerance below which a coal loss counts as nothing lost (USD m), so the offset ratio is null.
NO_LOSS_USD_M = 1e-9


def scenario_arrays(scenario: Scenario) -> dict[str, FloatArray]:
    return {k: np.asarray(float(v)) for k, v in scenario.values.items()}


@dataclass(frozen=True)
class Result:
    """Everything the plots, headline strip, command line and exports show for one scenario."""

    scenario: Scenario
    baseline_usd_m: FloatArray  # per channel, CHANNEL_IDS order, USD m per year
    scenario_usd_m: FloatArray
    monthly_baseline_usd_m: FloatArray  # (channel, month), USD m per month
    monthly_scenario_usd_m: FloatArray

    channels: tuple[str, ...] = CHANNEL_IDS

    @property
    def months(self) -> NDArray[np.datetime64]:
        return MONTHS

    @property
    def coal_loss_usd_m(self) -> float:
        return float(self.baseline_usd_m[0] - self.scenario_usd_m[0])

    @property
    def offsets_usd_m(self) -> dict[str, float]:
        """Per non-coal channel, revenue won back against the baseline (negative: a further loss)."""
        change = self.scenario_usd_m - self.baseline_usd_m
        return {c: float(change[i]) for i, c in enumerate(CHANNEL_IDS) if c != "coal"}

    @property
    def offset_total_usd_m(self) -> float:
        return float(sum(self.offsets_usd_m.values()))

    @property
    def offset_ratio(self) -> float | None:
        loss = self.coal_loss_usd_m
        return None if loss <= NO_LOSS_USD_M else self.offset_total_usd_m / loss

    @property
    def total_baseline_usd_m(self) -> float:
        return float(self.baseline_usd_m.sum())

    @property
    def total_scenario_usd_m(self) -> float:
        return float(self.scenario_usd_m.sum())

    @property
    def net_change_usd_m(self) -> float:
        return self.total_scenario_usd_m - self.total_baseline_usd_m

    @property
    def net_change_pct(self) -> float:
        return 100.0 * self.net_change_usd_m / self.total_baseline_usd_m

    @cached_property
    def monthly_recorded_exports_usd_m(self) -> FloatArray:
        """Scenario goods exports through official customs, comparable to China's import series."""
        rows = [CHANNEL_IDS.index(c) for c in GOODS_CHANNELS]
        return self.monthly_scenario_usd_m[rows].sum(axis=0)

    def channel_table(self) -> pd.DataFrame:
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
                **{k: (v if isinstance(v, bool) else float(v)) for k, v in self.scenario.values.items()},
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
            "units": {p.id: p.unit for p in PARAMETERS.values()},
        }


def evaluate(scenario: Scenario) -> Result:
    """Annual steady state and the monthly path for one scenario."""
    values = scenario_arrays(scenario)
    base = baseline_channels(values)
    annual = scenario_channels(values)
    monthly = scenario_channels(values, onset=ONSETS, smooth=exponential_lag, periods_per_year=12.0)
    baseline_usd_m = np.array([float(base[c]) for c in CHANNEL_IDS])
    return Result(
        scenario=scenario,
        baseline_usd_m=baseline_usd_m,
        scenario_usd_m=np.array([float(annual[c]) for c in CHANNEL_IDS]),
        monthly_baseline_usd_m=np.repeat(baseline_usd_m[:, None] / 12.0, len(MONTHS), axis=1),
        monthly_scenario_usd_m=np.stack([monthly[c] for c in CHANNEL_IDS]),
    )

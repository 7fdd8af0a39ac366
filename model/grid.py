"""The compliance x laxity map: the same equations over a grid, in one vectorised pass."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from dprk_explorer.model.evaluate import period_arrays, period_totals, with_settings
from dprk_explorer.model.period import STEADY, Period
from dprk_explorer.model.scenario import Scenario

FloatArray = NDArray[np.float64]

#: The map's axes: compliance and laxity from 0 to 100 % in steps of 1 point.
MAP_AXIS_PCT: FloatArray = np.linspace(0.0, 100.0, 101)


@dataclass(frozen=True)
class GridResult:
    """Arrays of shape (len(compliance_pct), len(laxity_pct)); the rest as in the scenario."""

    compliance_pct: FloatArray
    laxity_pct: FloatArray
    net_change_usd_m: FloatArray
    coal_loss_usd_m: FloatArray
    offset_ratio: FloatArray  # NaN where no coal revenue is lost
    total_scenario_usd_m: FloatArray
    period: Period = STEADY


def evaluate_grid(
    scenario: Scenario,
    compliance_pct: FloatArray,
    laxity_pct: FloatArray,
    period: Period = STEADY,
) -> GridResult:
    """Results for `period` at every (compliance, laxity) pair, all else as in `scenario`.

    In a year or span each lever's path inside the period moves to the pair's value (see
    `with_settings`): at the levers' values in force the cell is the scenario itself.
    """
    compliance = np.asarray(compliance_pct, dtype=np.float64)
    laxity = np.asarray(laxity_pct, dtype=np.float64)
    values = with_settings(
        period_arrays(scenario, period),
        scenario,
        period,
        {"coal_ban_compliance": compliance[:, None], "border_laxity": laxity[None, :]},
    )
    shape = (compliance.size, laxity.size)
    summary = period_totals(values, period)
    kept = ("net_change_usd_m", "coal_loss_usd_m", "offset_ratio", "total_scenario_usd_m")
    summary = {
        k: v if np.shape(v) == shape else np.broadcast_to(v, shape).copy()
        for k, v in summary.items()
        if k in kept
    }
    return GridResult(
        compliance_pct=compliance,
        laxity_pct=laxity,
        net_change_usd_m=summary["net_change_usd_m"],
        coal_loss_usd_m=summary["coal_loss_usd_m"],
        offset_ratio=summary["offset_ratio"],
        total_scenario_usd_m=summary["total_scenario_usd_m"],
        period=period,
    )

"""The compliance x laxity map: the same equations over a grid, in one vectorised pass."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from dprk_explorer.model.evaluate import annual_summary, scenario_arrays
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


def evaluate_grid(
    scenario: Scenario, compliance_pct: FloatArray, laxity_pct: FloatArray
) -> GridResult:
    """Annual results for every (compliance, laxity) pair, all else as in `scenario`."""
    compliance = np.asarray(compliance_pct, dtype=np.float64)
    laxity = np.asarray(laxity_pct, dtype=np.float64)
    values = scenario_arrays(scenario)
    values["coal_ban_compliance"] = compliance[:, None]
    values["border_laxity"] = laxity[None, :]
    shape = (compliance.size, laxity.size)
    summary = annual_summary(values)
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
    )

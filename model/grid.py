"""The compliance x laxity map: the same equations over a grid, in one vectorised pass."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from model.evaluate import NO_LOSS_USD_M, scenario_arrays
from model.flows import baseline_channels, scenario_channels
from model.scenario import Scenario

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class GridResult:
    """Arrays of shape (len(compliance_pct), len(laxity_pct)); other parameters from the scenario."""

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
    base = baseline_channels(values)
    scen = scenario_channels(values)
    shape = (compliance.size, laxity.size)
    total_base = np.broadcast_to(sum(base.values(), np.float64(0.0)), shape)
    total_scen = np.broadcast_to(sum(scen.values(), np.float64(0.0)), shape)
    loss = np.broadcast_to(base["coal"] - scen["coal"], shape)
    net = total_scen - total_base
    offsets = net + loss
    ratio = np.where(loss > NO_LOSS_USD_M, offsets / np.where(loss > 0, loss, 1.0), np.nan)
    return GridResult(
        compliance_pct=compliance,
        laxity_pct=laxity,
        net_change_usd_m=net,
        coal_loss_usd_m=np.array(loss),
        offset_ratio=ratio,
        total_scenario_usd_m=np.array(total_scen),
    )

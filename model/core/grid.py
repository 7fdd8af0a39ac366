"""The compliance x laxity map: the same equations over a grid, in one vectorised pass."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from dprk_explorer.model.core.evaluate import (
    period_arrays,
    period_totals,
    value_in_force,
    with_settings,
)
from dprk_explorer.model.core.parameters import PARAMETERS
from dprk_explorer.model.core.period import STEADY, Period
from dprk_explorer.model.core.scenario import Scenario
from dprk_explorer.model.core.timeline import N_MONTHS

FloatArray = NDArray[np.float64]

#: The map's axes: compliance and laxity from 0 to 100 % in steps of 1 point.
MAP_AXIS_PCT: FloatArray = np.linspace(0.0, 100.0, 101)
#: The map's two levers: each cell sets them to its (compliance, laxity) pair.
MAP_LEVERS = ("coal_ban_compliance", "border_laxity")


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


def grid_key(scenario: Scenario, period: Period = STEADY) -> tuple[object, ...]:
    """What `evaluate_grid(scenario, ..., period)` reads of the scenario: two scenarios with
    equal keys have the same map for `period` (to rounding), so a map can be kept while only
    what it does not read changes.

    Steady state: every other parameter's steady value (a cell replaces both levers' values).
    A year or span: every other parameter's values and schedule; for each map lever, its
    monthly values before the period (they carry into it through the lags) and its path inside
    the period less its value in force (a cell moves that path to the cell's value). A lever
    with no schedule has no shape inside the period, so dragging it leaves the map of a period
    that starts with the horizon as it was; a later period's map moves with it.
    """
    if period.is_steady:
        steady = scenario.steady_values()
        return (period, tuple(v for k, v in steady.items() if k not in MAP_LEVERS))
    others = tuple(
        (scenario.values[k], scenario.schedules.get(k, ()))
        for k in PARAMETERS
        if k not in MAP_LEVERS
    )
    mask = period.month_mask()
    start = int(np.argmax(mask))
    levers: list[tuple[bytes, bytes]] = []
    for key in MAP_LEVERS:
        path = scenario.path(key)
        months = path if path is not None else np.full(N_MONTHS, float(scenario.values[key]))
        shape = months[mask] - value_in_force(scenario, key, period)
        levers.append((months[:start].tobytes(), shape.tobytes()))
    return (period, others, tuple(levers))

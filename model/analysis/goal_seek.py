"""Goal seek: which coal-ban compliance gives a target net change in total revenue?

Every other setting is held. The net change is scanned over the whole compliance range in one
vectorised pass, the crossing nearest the current setting is refined by bisection, and when no
compliance reaches the target the answer says so and gives the closest one.
"""

from __future__ import annotations

from collections.abc import Callable
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

FloatArray = NDArray[np.float64]

LEVER = "coal_ban_compliance"
SCAN_POINTS = 1001
PERIOD_SCAN_POINTS = 201
REFINE_POINTS = 65
REFINE_ROUNDS = 6


@dataclass(frozen=True)
class GoalSeek:
    target_net_change_pct: float
    target_net_change_usd_m: float  # the same target in USD m/yr (NaN when the baseline is zero)
    compliance_pct: float | None  # None: not reachable
    reached_net_change_pct: float  # at compliance_pct, or at the closest compliance
    closest_compliance_pct: float  # equals compliance_pct when reachable
    reason: str  # one sentence for the window and the command line
    period: Period = STEADY

    @property
    def reachable(self) -> bool:
        return self.compliance_pct is not None


Scan = Callable[[FloatArray], FloatArray]


def net_change_pct_scan(scenario: Scenario, period: Period = STEADY) -> Scan:
    """compliance (%) -> net change (% of the no-ban total) for `period`, every other setting
    held; vectorised over the compliance values (the map's goal line reads the same)."""
    values = period_arrays(scenario, period)

    def scan(compliance: FloatArray) -> FloatArray:
        moved = with_settings(values, scenario, period, {LEVER: np.asarray(compliance)})
        if not period.is_steady:
            moved = {k: v if k == LEVER else np.asarray(v)[None, :] for k, v in moved.items()}
        totals = period_totals(moved, period)
        base = totals["total_baseline_usd_m"]
        safe = np.where(base > 0.0, base, 1.0)
        pct = np.where(base > 0.0, 100.0 * totals["net_change_usd_m"] / safe, np.nan)
        shaped: FloatArray = np.reshape(pct, np.shape(compliance))
        return shaped

    return scan


def _refine(scan: Scan, target: float, low: float, high: float) -> float:
    """Narrow a bracket [low, high] whose ends straddle the target, a vectorised scan per round,
    then interpolate linearly inside the last bracket (the net change is linear in compliance
    between kinks, so this lands on the target to rounding)."""
    for _ in range(REFINE_ROUNDS):
        points = np.linspace(low, high, REFINE_POINTS)
        gap = scan(points) - target
        if (hits := np.flatnonzero(gap == 0.0)).size:
            return float(points[hits[0]])
        i = int(np.flatnonzero(np.signbit(gap[:-1]) != np.signbit(gap[1:]))[0])
        low, high = float(points[i]), float(points[i + 1])
    ends = scan(np.array([low, high])) - target
    if ends[0] == ends[1]:
        return low
    return float(low + (high - low) * ends[0] / (ends[0] - ends[1]))


#: Gaps (percentage points) this small are rounding: the target is met at that point.
EXACT_PCT = 1e-9


def goal_seek(
    scenario: Scenario, target_net_change_pct: float, period: Period = STEADY
) -> GoalSeek:
    """The compliance (%) whose net change for `period` is `target_net_change_pct` % of the
    no-ban total of that period (in a year or span, the compliance in force over the period)."""
    lever = PARAMETERS[LEVER]
    scan = net_change_pct_scan(scenario, period)
    values = period_arrays(scenario, period)
    if not period.is_steady:
        values = {k: np.asarray(v)[None, :] for k, v in values.items()}
    target = float(target_net_change_pct)
    # A year's scan evaluates every month of the path: fewer points, the same refinement.
    points = SCAN_POINTS if period.is_steady else PERIOD_SCAN_POINTS
    grid = np.linspace(lever.minimum, lever.maximum, points)
    gap = scan(grid) - target
    base = float(np.ravel(period_totals(values, period)["total_baseline_usd_m"])[0])
    target_usd_m = target / 100.0 * base if base > 0.0 else float("nan")
    if np.isnan(gap).all():
        return GoalSeek(
            target,
            target_usd_m,
            None,
            float("nan"),
            value_in_force(scenario, LEVER, period),
            "not reachable: every 2016 baseline revenue is zero",
            period=period,
        )
    current = value_in_force(scenario, LEVER, period)
    # A target at a scan point counts as met to rounding: the vectorised scan and a single
    # evaluation may differ in the last bit, and a target at an end has no crossing to find.
    exact = np.flatnonzero(np.abs(gap) <= EXACT_PCT)
    crossings = np.flatnonzero(np.signbit(gap[:-1]) != np.signbit(gap[1:]))
    candidates: list[float] = [float(grid[i]) for i in exact]
    for i in crossings:
        candidates.append(_refine(scan, target, float(grid[i]), float(grid[i + 1])))
    if candidates:
        answer = min(candidates, key=lambda c: (abs(c - current), c))
        reached = float(scan(np.asarray(answer)))
        return GoalSeek(
            target,
            target_usd_m,
            answer,
            reached,
            answer,
            f"coal-ban compliance {answer:.1f} % gives {reached:+.1f} %",
            period=period,
        )
    closest_index = int(np.nanargmin(np.abs(gap)))
    closest = float(grid[closest_index])
    reached = float(gap[closest_index] + target)
    span = (float(np.nanmin(gap + target)), float(np.nanmax(gap + target)))
    return GoalSeek(
        target,
        target_usd_m,
        None,
        reached,
        closest,
        f"not reachable with the other settings held: compliance from {lever.minimum:g} to "
        f"{lever.maximum:g} % gives a net change from {span[0]:+.1f} % to {span[1]:+.1f} %; "
        f"the closest is {reached:+.1f} % at {closest:g} %",
        period=period,
    )

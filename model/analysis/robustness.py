"""Robustness: does the story survive the plausible ranges of the uncertain assumptions?

Two things a brief states can flip: the sign of the net change, and which lever explains most
of it (the ranking of the levers by the size of their Shapley values). Both are checked at every
corner of the plausible box of the (at most ten) assumptions that move the annual result most
(the widest tornado bars), and at the Monte Carlo draws. The net change is multilinear in most
assumptions (each enters as a factor of degree one), so over those ten its extremes lie at
corners; the others are covered by the draws only. The
ranking compares sizes of Shapley values, which corners and draws test well but not exhaustively.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np
from numpy.typing import NDArray

from dprk_explorer.model.analysis.attribution import ALL, coalition_net_change, shapley
from dprk_explorer.model.analysis.bands import (
    N_DRAWS,
    SEED,
    draw_values,
    plausible_box,
    record_weights,
    weighted_percentiles,
)
from dprk_explorer.model.analysis.tornado import tornado
from dprk_explorer.model.core.evaluate import monthly_arrays, scenario_arrays
from dprk_explorer.model.core.parameters import LEVER_IDS, PARAMETERS
from dprk_explorer.model.core.period import STEADY, Period
from dprk_explorer.model.core.scenario import Scenario

FloatArray = NDArray[np.float64]

#: Differences smaller than this (USD m/yr) are rounding, not a flip.
TOLERANCE_USD_M = 1e-6
#: Assumptions of this group move only the monthly timing, never the annual result.
TIMING_GROUP = "timing"
#: Corners are checked for at most this many assumptions (2**10 corners), the widest bars first.
MAX_CORNER_PARAMETERS = 10
#: A year or span evaluates every month at each point: 2**7 corners and at most this many draws.
MAX_PERIOD_CORNER_PARAMETERS = 7
MAX_PERIOD_DRAWS = 128


@dataclass(frozen=True)
class Robustness:
    sign_flips: bool  # the net change takes the other sign somewhere in the plausible ranges
    ranking_flips: bool  # the levers' order by |Shapley value| changes somewhere
    flipped_pairs: tuple[tuple[str, str], ...]  # (lever ranked higher, lever that can overtake it)
    points_checked: int
    period: Period = STEADY

    @property
    def robust(self) -> bool:
        return not (self.sign_flips or self.ranking_flips)

    def message(self) -> str:
        """One line for the headline strip and the key numbers; empty when robust."""
        parts = []
        if self.sign_flips:
            parts.append("the sign of the net change")
        if self.ranking_flips:
            pairs = ", ".join(
                f"{PARAMETERS[a].label.lower()} / {PARAMETERS[b].label.lower()}"
                for a, b in self.flipped_pairs
            )
            parts.append(f"the ranking of the levers ({pairs})")
        if not parts:
            return ""
        return "Not robust: " + " and ".join(parts) + " can flip within the plausible ranges"


#: Conditioned on the record, the draws that carry this share of the weight are checked.
CREDIBLE_MASS = 0.95


def conditioned_points(
    scenario: Scenario, n_draws: int, seed: int
) -> tuple[dict[str, FloatArray], dict[str, tuple[float, float]] | None]:
    """The draws to check and the box whose corners to check. For the record and its branches:
    the draws in the 95 % credible set under the record's importance weights, and each
    assumption's weighted 5-95 % range; otherwise every draw and the plausible box."""
    draws = draw_values(scenario, n_draws, seed)
    weights, effective = record_weights(scenario, n_draws, seed)
    if effective >= n_draws - 1e-6:
        return draws, None
    order = np.argsort(weights)[::-1]
    count = int(np.searchsorted(np.cumsum(weights[order]), CREDIBLE_MASS)) + 1
    keep = np.sort(order[:count])
    box: dict[str, tuple[float, float]] = {}
    for pid in plausible_box(scenario):
        low, high = weighted_percentiles(np.asarray(draws[pid])[:, None], weights, (5.0, 95.0))
        box[pid] = (float(low[0]), float(high[0]))
    kept = {
        k: (v[keep] if np.ndim(v) and np.shape(v)[0] == n_draws else v) for k, v in draws.items()
    }
    return kept, box


def corner_values(
    scenario: Scenario,
    box_override: dict[str, tuple[float, float]] | None = None,
    period: Period = STEADY,
) -> dict[str, FloatArray]:
    """Every corner of the plausible box (or `box_override`, the record's conditioned box) of
    the assumptions that move the period's result most (steady values)."""
    widest = [bar.parameter for bar in tornado(scenario, period).bars if bar.moves]
    most = MAX_CORNER_PARAMETERS if period.is_steady else MAX_PERIOD_CORNER_PARAMETERS
    chosen = set(widest[:most])
    box = {
        pid: bounds
        for pid, bounds in (box_override or plausible_box(scenario)).items()
        if PARAMETERS[pid].group != TIMING_GROUP and pid in chosen
    }
    corners = np.array(list(product((0, 1), repeat=len(box))), dtype=np.float64)
    values = scenario_arrays(scenario)
    for column, (pid, (low, high)) in enumerate(box.items()):
        values[pid] = low + (high - low) * corners[:, column]
    return values


def _monthly_points(scenario: Scenario, points: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """Steady points (one value per parameter and point) as monthly paths: a schedule moves as a
    whole, as in the Monte Carlo."""
    values = monthly_arrays(scenario)
    for pid, v in points.items():
        x = np.asarray(v, dtype=np.float64)
        if x.ndim == 0:
            continue
        parameter = PARAMETERS[pid]
        path = np.asarray(values[pid], dtype=np.float64)
        values[pid] = np.clip(
            path + (x[:, None] - float(scenario.final_value(pid))),
            parameter.minimum,
            parameter.maximum,
        )
    return values


def robustness(
    scenario: Scenario, n_draws: int = N_DRAWS, seed: int = SEED, period: Period = STEADY
) -> Robustness:
    """Sign and ranking flips of the period's net change over the plausible ranges."""
    draws, box = conditioned_points(scenario, n_draws, seed)
    corners = corner_values(scenario, box, period)
    if period.is_steady:
        central = coalition_net_change(scenario_arrays(scenario))
        corner_net = np.atleast_2d(coalition_net_change(corners))
        draw_net = coalition_net_change(draws)
    else:
        n = next((np.shape(v)[0] for v in draws.values() if np.ndim(v)), 1)
        every = max(1, -(-n // MAX_PERIOD_DRAWS))
        some = {k: (v[::every] if np.ndim(v) else v) for k, v in draws.items()}
        monthly = monthly_arrays(scenario)
        central = coalition_net_change({k: np.asarray(v) for k, v in monthly.items()}, scenario,
                                       period)  # fmt: skip
        corner_net = np.atleast_2d(
            coalition_net_change(_widen(_monthly_points(scenario, corners)), scenario, period)
        )
        draw_net = coalition_net_change(_widen(_monthly_points(scenario, some)), scenario, period)
    points = np.concatenate([corner_net, np.atleast_2d(draw_net)])
    net, net_points = float(central[ALL]), points[:, ALL]
    if abs(net) <= TOLERANCE_USD_M:
        sign_flips = bool((np.abs(net_points) > TOLERANCE_USD_M).any())
    else:
        sign_flips = bool((np.sign(net) * net_points < -TOLERANCE_USD_M).any())
    size, size_points = np.abs(shapley(central)), np.abs(shapley(points))
    flipped: list[tuple[str, str]] = []
    for i, j in product(range(len(LEVER_IDS)), repeat=2):
        if (
            size[i] - size[j] > TOLERANCE_USD_M
            and ((size_points[:, j] - size_points[:, i]) > TOLERANCE_USD_M).any()
        ):
            flipped.append((LEVER_IDS[i], LEVER_IDS[j]))
    return Robustness(
        sign_flips=sign_flips,
        ranking_flips=bool(flipped),
        flipped_pairs=tuple(flipped),
        points_checked=len(net_points),
        period=period,
    )


def _widen(values: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """Monthly arrays with a leading point axis (size 1 where a parameter has no points)."""
    return {k: v if np.ndim(v) >= 2 else np.asarray(v)[None, :] for k, v in values.items()}

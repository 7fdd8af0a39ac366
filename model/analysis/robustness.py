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
from dprk_explorer.model.analysis.bands import N_DRAWS, SEED, draw_values, plausible_box
from dprk_explorer.model.analysis.tornado import tornado
from dprk_explorer.model.evaluate import scenario_arrays
from dprk_explorer.model.parameters import LEVER_IDS, PARAMETERS
from dprk_explorer.model.scenario import Scenario

FloatArray = NDArray[np.float64]

#: Differences smaller than this (USD m/yr) are rounding, not a flip.
TOLERANCE_USD_M = 1e-6
#: Assumptions of this group move only the monthly timing, never the annual result.
TIMING_GROUP = "timing"
#: Corners are checked for at most this many assumptions (2**10 corners), the widest bars first.
MAX_CORNER_PARAMETERS = 10


@dataclass(frozen=True)
class Robustness:
    sign_flips: bool  # the net change takes the other sign somewhere in the plausible ranges
    ranking_flips: bool  # the levers' order by |Shapley value| changes somewhere
    flipped_pairs: tuple[tuple[str, str], ...]  # (lever ranked higher, lever that can overtake it)
    points_checked: int

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


def corner_values(scenario: Scenario) -> dict[str, FloatArray]:
    """Every corner of the plausible box of the assumptions that enter the annual result."""
    widest = [bar.parameter for bar in tornado(scenario).bars if bar.moves]
    chosen = set(widest[:MAX_CORNER_PARAMETERS])
    box = {
        pid: bounds
        for pid, bounds in plausible_box(scenario).items()
        if PARAMETERS[pid].group != TIMING_GROUP and pid in chosen
    }
    corners = np.array(list(product((0, 1), repeat=len(box))), dtype=np.float64)
    values = scenario_arrays(scenario)
    for column, (pid, (low, high)) in enumerate(box.items()):
        values[pid] = low + (high - low) * corners[:, column]
    return values


def robustness(scenario: Scenario, n_draws: int = N_DRAWS, seed: int = SEED) -> Robustness:
    central = coalition_net_change(scenario_arrays(scenario))
    corners = np.atleast_2d(coalition_net_change(corner_values(scenario)))
    points = np.concatenate([corners, coalition_net_change(draw_values(scenario, n_draws, seed))])
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
    )

"""Attribution: the net change split among the policy levers by Shapley values.

A lever's Shapley value is its marginal effect averaged over every order in which the levers
could be switched from neutral (doing nothing) to the scenario's setting. The values do not
depend on any order and sum exactly to the part of the net change the levers explain: the net
change less what the measures no lever moves do (the other bans, with their own compliance, the
2397 repatriation and the 2020 closure), which is reported beside them.
The interaction term is what the one-at-a-time
effects miss: the net change minus the sum of each lever's effect when it alone is moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from math import factorial

import numpy as np
from numpy.typing import NDArray

from dprk_explorer.model.evaluate import annual_summary, scenario_arrays
from dprk_explorer.model.parameters import LEVER_IDS, LEVER_NEUTRAL
from dprk_explorer.model.scenario import Scenario

FloatArray = NDArray[np.float64]

#: Every coalition of levers as a row of 0/1 flags (1: the lever at the scenario's setting).
COALITIONS: NDArray[np.int64] = np.array(list(product((0, 1), repeat=len(LEVER_IDS))))


def _shapley_weights() -> NDArray[np.float64]:
    """(coalition, lever) weights w with phi = v @ w: + for coalitions with the lever, - without."""
    n = len(LEVER_IDS)
    weights = np.zeros((len(COALITIONS), n))
    for row, members in enumerate(COALITIONS):
        size = int(members.sum())
        for lever in range(n):
            if members[lever]:  # v(S) with S containing the lever, s = |S| - 1 others
                s = size - 1
                weights[row, lever] = factorial(s) * factorial(n - s - 1) / factorial(n)
            else:  # v(S) without the lever enters with a minus sign
                s = size
                weights[row, lever] = -factorial(s) * factorial(n - s - 1) / factorial(n)
    return weights


SHAPLEY_WEIGHTS = _shapley_weights()
#: Rows of COALITIONS: each lever alone, no lever, every lever.
ALONE = [
    int(np.flatnonzero((COALITIONS == np.eye(len(LEVER_IDS), dtype=int)[i]).all(1))[0])
    for i in range(len(LEVER_IDS))
]
NONE = int(np.flatnonzero(COALITIONS.sum(1) == 0)[0])
ALL = int(np.flatnonzero(COALITIONS.sum(1) == len(LEVER_IDS))[0])


def coalition_net_change(values: dict[str, FloatArray]) -> FloatArray:
    """Net change (USD m/yr) for every coalition: shape (..., coalition) for parameter arrays of
    shape (...,) (e.g. Monte Carlo draws) or scalars."""
    moved = dict(values)
    for column, pid in enumerate(LEVER_IDS):
        setting = np.asarray(values[pid], dtype=np.float64)[..., None]
        moved[pid] = np.where(COALITIONS[:, column] == 1, setting, LEVER_NEUTRAL[pid])
    widened = {k: (np.asarray(v)[..., None] if k not in LEVER_IDS else v) for k, v in moved.items()}
    net: FloatArray = annual_summary(widened)["net_change_usd_m"]
    return net


def shapley(coalition_net: FloatArray) -> FloatArray:
    """Shapley values (..., lever) from coalition net changes (..., coalition)."""
    phi: FloatArray = coalition_net @ SHAPLEY_WEIGHTS
    return phi


@dataclass(frozen=True)
class Attribution:
    """The net change split among the levers (USD m/yr)."""

    shapley_usd_m: dict[str, float]  # per lever id; sums to net_change_usd_m
    alone_usd_m: dict[str, float]  # each lever moved alone from neutral
    interaction_usd_m: float  # net change minus the sum of the one-at-a-time effects
    net_change_usd_m: float
    #: The net change with every lever at neutral: what the measures no lever moves do. The
    #: Shapley values plus this sum to the net change.
    other_measures_usd_m: float = 0.0


def attribution(scenario: Scenario) -> Attribution:
    net = coalition_net_change(scenario_arrays(scenario))
    phi = shapley(net)
    alone = {pid: float(net[ALONE[i]] - net[NONE]) for i, pid in enumerate(LEVER_IDS)}
    return Attribution(
        shapley_usd_m={pid: float(phi[i]) for i, pid in enumerate(LEVER_IDS)},
        alone_usd_m=alone,
        interaction_usd_m=float(net[ALL] - net[NONE]) - sum(alone.values()),
        net_change_usd_m=float(net[ALL]),
        other_measures_usd_m=float(net[NONE]),
    )

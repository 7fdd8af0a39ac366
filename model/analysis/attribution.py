"""Attribution: the change against a base split among everything that differs from it.

The sources are each policy lever, the bans as written (every resolution's and China's switches),
the 2020 border closure, and the other assumptions; a source is in play when any of its
parameters differs from the base in any month (a lever's schedule and a record branch included).
A source's Shapley value is its marginal effect averaged over every order in which the sources
could be switched from the base's values to the scenario's. The values do not depend on any
order and sum exactly to the change against the base, for the steady state and for any year or
span of years. The interaction term is what the one-at-a-time effects miss: the change minus the
sum of each source's effect when it alone is switched.

With no base given the base is "no sanctions": the scenario with every lever at its neutral value
and every ban switched off, whose revenue is the no-ban baseline's, so the values sum to the
net change the headline shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from math import factorial

import numpy as np
from numpy.typing import NDArray

from dprk_explorer.model.core.evaluate import period_arrays, period_totals
from dprk_explorer.model.core.parameters import LEVER_IDS, LEVER_NEUTRAL, PARAMETERS, Value
from dprk_explorer.model.core.period import STEADY, Period
from dprk_explorer.model.core.scenario import Scenario

FloatArray = NDArray[np.float64]

#: The switch of the 2020 closure: a source of its own (it is no sanction).
CLOSURE_SWITCH = "covid_border_closure"
#: Every ban switch (resolutions, China's suspension, the 2397 repatriation), one source.
BAN_SWITCHES: tuple[str, ...] = tuple(
    p.id for p in PARAMETERS.values() if p.group == "sanctions" and p.id != CLOSURE_SWITCH
)
#: The switches of the routes since 2020 China does not govern (workers and arms to Russia,
#: cyber theft): one source, off in the no-sanctions base (zero in its baseline by definition).
ROUTE_SWITCHES: tuple[str, ...] = tuple(p.id for p in PARAMETERS.values() if p.group == "routes")
#: Source id -> its parameters, in the order the attribution reports them.
SOURCES: dict[str, tuple[str, ...]] = {
    **{pid: (pid,) for pid in LEVER_IDS},
    "bans": BAN_SWITCHES,
    "border_closure": (CLOSURE_SWITCH,),
    "routes": ROUTE_SWITCHES,
    "assumptions": tuple(
        p.id for p in PARAMETERS.values() if p.group not in ("lever", "sanctions", "routes")
    ),
}
OTHER_SOURCE_IDS: tuple[str, ...] = tuple(s for s in SOURCES if s not in LEVER_IDS)


def no_sanctions(scenario: Scenario) -> Scenario:
    """The scenario with no sanctions: every lever neutral, every ban, the closure and the
    routes since 2020 off; its assumptions (and their schedules) kept, so its revenue is the
    no-ban baseline's."""
    off: dict[str, Value] = {
        **LEVER_NEUTRAL,
        **dict.fromkeys((*BAN_SWITCHES, CLOSURE_SWITCH, *ROUTE_SWITCHES), False),
    }
    values = {**scenario.values, **off}
    schedules = {k: v for k, v in scenario.schedules.items() if k not in off}
    return Scenario._build(values, schedules, "No sanctions", "")


@lru_cache(maxsize=8)
def shapley_weights(n: int) -> tuple[NDArray[np.int64], FloatArray]:
    """Every coalition of n players as 0/1 rows, and (coalition, player) weights w with
    phi = v @ w: + for coalitions with the player, - without."""
    coalitions = np.array(list(product((0, 1), repeat=n)), dtype=np.int64).reshape(-1, n)
    weights = np.zeros((len(coalitions), n))
    for row, members in enumerate(coalitions):
        size = int(members.sum())
        for player in range(n):
            if members[player]:
                s = size - 1
                weights[row, player] = factorial(s) * factorial(n - s - 1) / factorial(n)
            else:
                s = size
                weights[row, player] = -factorial(s) * factorial(n - s - 1) / factorial(n)
    return coalitions, weights


#: The levers' coalitions and weights (robustness ranks the levers by these).
COALITIONS, SHAPLEY_WEIGHTS = shapley_weights(len(LEVER_IDS))
ALONE = [
    int(np.flatnonzero((COALITIONS == np.eye(len(LEVER_IDS), dtype=int)[i]).all(1))[0])
    for i in range(len(LEVER_IDS))
]
NONE = int(np.flatnonzero(COALITIONS.sum(1) == 0)[0])
ALL = int(np.flatnonzero(COALITIONS.sum(1) == len(LEVER_IDS))[0])


def coalition_net_change(
    values: dict[str, FloatArray], scenario: Scenario | None = None, period: Period = STEADY
) -> FloatArray:
    """Net change for every coalition of levers (the others at neutral): shape
    (..., coalition) for parameter arrays of shape (...,) (e.g. Monte Carlo draws) or scalars;
    a year or span needs monthly arrays (trailing month axis)."""
    moved = dict(values)
    for column, pid in enumerate(LEVER_IDS):
        setting = np.asarray(values[pid], dtype=np.float64)
        if period.is_steady:
            moved[pid] = np.where(
                COALITIONS[:, column] == 1, setting[..., None], LEVER_NEUTRAL[pid]
            )
        else:  # (..., coalition, month)
            on = (COALITIONS[:, column] == 1)[:, None]
            moved[pid] = np.where(on, setting[..., None, :], LEVER_NEUTRAL[pid])
    widened: dict[str, FloatArray] = {}
    for k, v in moved.items():
        if k in LEVER_IDS:
            widened[k] = v
        elif period.is_steady:
            widened[k] = np.asarray(v)[..., None]
        else:
            widened[k] = np.asarray(v)[..., None, :]
    net: FloatArray = period_totals(widened, period)["net_change_usd_m"]
    return net


def shapley(coalition_net: FloatArray) -> FloatArray:
    """The levers' Shapley values (..., lever) from coalition net changes (..., coalition)."""
    phi: FloatArray = coalition_net @ SHAPLEY_WEIGHTS
    return phi


@dataclass(frozen=True)
class Attribution:
    """The change against the base for one period, split among its sources (USD m; per year in
    the steady state). `shapley_usd_m` has a key per lever and one per other source in play."""

    shapley_usd_m: dict[str, float]  # sums to net_change_usd_m
    alone_usd_m: dict[str, float]  # each source switched alone from the base
    interaction_usd_m: float  # net change minus the sum of the one-at-a-time effects
    net_change_usd_m: float
    period: Period = STEADY

    @property
    def levers_usd_m(self) -> dict[str, float]:
        return {k: v for k, v in self.shapley_usd_m.items() if k in LEVER_IDS}

    @property
    def others_usd_m(self) -> dict[str, float]:
        """What every source other than the levers accounts for (the bans, the closure...)."""
        return {k: v for k, v in self.shapley_usd_m.items() if k not in LEVER_IDS}

    @property
    def other_measures_usd_m(self) -> float:
        return sum(self.others_usd_m.values())


def _differs(scenario: Scenario, base: Scenario, pids: tuple[str, ...]) -> bool:
    return any(
        scenario.values[p] != base.values[p] or scenario.schedules.get(p) != base.schedules.get(p)
        for p in pids
    )


def attribution(
    scenario: Scenario, period: Period = STEADY, base: Scenario | None = None
) -> Attribution:
    """Shapley values of every source that differs from `base` (default: no sanctions)."""
    reference = no_sanctions(scenario) if base is None else base
    players = players_in_play(scenario, reference)
    coalitions, weights = shapley_weights(len(players))
    mine, theirs = period_arrays(scenario, period), period_arrays(reference, period)
    values: dict[str, FloatArray] = {}
    for key in mine:
        a, b = np.asarray(mine[key], np.float64), np.asarray(theirs[key], np.float64)
        owner = next((i for i, s in enumerate(players) if key in SOURCES[s]), None)
        if owner is None or np.array_equal(a, b):
            values[key] = a if period.is_steady else a[None, :]
            continue
        on = coalitions[:, owner] == 1
        values[key] = np.where(on, a, b) if period.is_steady else np.where(on[:, None], a, b)
    totals = period_totals(values, period)["total_scenario_usd_m"]
    empty = int(np.flatnonzero(coalitions.sum(1) == 0)[0])
    net = np.asarray(totals, np.float64) - float(totals[empty])
    net[empty] = 0.0
    phi = net @ weights
    everyone = int(np.flatnonzero(coalitions.sum(1) == len(players))[0])
    alone: dict[str, float] = {}
    for i, source in enumerate(players):
        row = int(np.flatnonzero((coalitions == np.eye(len(players), dtype=int)[i]).all(1))[0])
        alone[source] = float(net[row])
    total = float(net[everyone])
    return Attribution(
        shapley_usd_m={s: float(phi[i]) for i, s in enumerate(players)},
        alone_usd_m=alone,
        interaction_usd_m=total - sum(alone.values()),
        net_change_usd_m=total,
        period=period,
    )


def players_in_play(scenario: Scenario, reference: Scenario) -> list[str]:
    """The sources the attribution splits the change among: every lever, and each other source
    any of whose parameters differs from `reference` in some month."""
    return [
        s for s, pids in SOURCES.items() if s in LEVER_IDS or _differs(scenario, reference, pids)
    ]


def source_shapley(
    scenario: Scenario,
    points: dict[str, FloatArray],
    period: Period = STEADY,
    base: Scenario | None = None,
) -> tuple[tuple[str, ...], FloatArray]:
    """The sources in play and their Shapley values at each of n points: (point, source),
    in USD m for `period`. `points` replaces some parameters by n values each (steady: (n,);
    a year or span: (n, month) or (n, 1)), e.g. Monte Carlo draws: a source's parameter is
    switched between its point's value and the base's, a parameter no source switches takes
    its point's value in every coalition (the base keeps the scenario's assumptions)."""
    reference = no_sanctions(scenario) if base is None else base
    players = players_in_play(scenario, reference)
    coalitions, weights = shapley_weights(len(players))
    mine, theirs = period_arrays(scenario, period), period_arrays(reference, period)
    on_axis = (slice(None), None) if period.is_steady else (slice(None), None, slice(None))
    values: dict[str, FloatArray] = {}
    for key in mine:
        a, b = np.asarray(mine[key], np.float64), np.asarray(theirs[key], np.float64)
        owner = next((i for i, s in enumerate(players) if key in SOURCES[s]), None)
        point = points.get(key)
        if point is not None:
            a = np.asarray(point, np.float64)[on_axis]  # (n, 1) or (n, 1, month)
        elif not period.is_steady:
            a = a[None, None, :]
        switched = owner is not None and not np.array_equal(mine[key], theirs[key])
        if not switched:
            values[key] = a
            continue
        on = coalitions[:, owner] == 1
        values[key] = np.where(on if period.is_steady else on[:, None], a, b)
    totals = np.asarray(period_totals(values, period)["total_scenario_usd_m"], np.float64)
    empty = int(np.flatnonzero(coalitions.sum(1) == 0)[0])
    net = totals - totals[..., empty : empty + 1]
    phi: FloatArray = np.atleast_2d(net @ weights)
    return tuple(players), phi

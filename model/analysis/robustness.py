"""Robustness: does the story survive the uncertainty the bands show?

Two things a brief states can flip: the sign of the net change, and which source explains most
of it (the ranking, by the size of their Shapley values, of the sources the attribution splits
the change among: each lever, the bans as written, the 2020 border closure and the other
assumptions, those in play). Both are checked at the Monte Carlo draws the bands use (one set,
`bands.scenario_draws`: for the record and its branches the fitted values, levers included,
drawn from their fit); the sign also at every corner of the box of the (at most ten)
assumptions that move the result most (the widest tornado bars): their plausible ranges, or for
a value drawn from the fit the 5-95 % range of its draws. The net change is multilinear in most
assumptions (each enters as a factor of degree one), so over those its extremes lie at corners;
the others are covered by the draws only. The ranking compares sizes of Shapley values, at 100
of the draws and the corners of the eight widest bars' box (fewer for a year or span), which
test it well but not exhaustively (every coalition of sources at every point would cost more
than the rest of the analysis).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

import numpy as np
from numpy.typing import NDArray

from dprk_explorer.model.analysis.attribution import source_shapley
from dprk_explorer.model.analysis.bands import N_DRAWS, SEED, Draws, scenario_draws
from dprk_explorer.model.analysis.tornado import Tornado, tornado
from dprk_explorer.model.core.evaluate import monthly_arrays, period_arrays, period_totals
from dprk_explorer.model.core.parameters import PARAMETERS
from dprk_explorer.model.core.period import STEADY, Period
from dprk_explorer.model.core.scenario import Scenario

FloatArray = NDArray[np.float64]

#: Differences smaller than this (USD m/yr) are rounding, not a flip.
TOLERANCE_USD_M = 1e-6
#: Assumptions of this group move only the monthly timing, never the annual result.
TIMING_GROUP = "timing"
#: Corners are checked for at most this many assumptions (2**10 corners), the widest bars first.
MAX_CORNER_PARAMETERS = 10
#: A year or span evaluates every month at each point: 2**7 corners and at most this many of
#: the draws (evenly spaced) for the sign.
MAX_PERIOD_CORNER_PARAMETERS = 7
MAX_PERIOD_DRAWS = 128
#: The ranking evaluates every coalition of the sources in play (up to 2**6) at each point: so
#: many of the draws (evenly spaced), steady and for a year or span.
RANKING_DRAWS = 100
RANKING_PERIOD_DRAWS = 16
#: ... and at the corners of the box of so many of the widest bars (2**8 and 2**4 corners).
RANKING_CORNER_PARAMETERS = 8
RANKING_PERIOD_CORNER_PARAMETERS = 4


def source_words(source: str) -> str:
    """A source in the model's words: a lever's label, else its id in words."""
    if source in PARAMETERS:
        return PARAMETERS[source].label.lower()
    return source.replace("_", " ")


@dataclass(frozen=True)
class Robustness:
    sign_flips: bool  # the net change takes the other sign somewhere in the plausible ranges
    ranking_flips: bool  # the sources' order by |Shapley value| changes somewhere
    flipped_pairs: tuple[tuple[str, str], ...]  # (source ranked higher, source that can overtake)
    points_checked: int
    period: Period = STEADY

    @property
    def robust(self) -> bool:
        return not (self.sign_flips or self.ranking_flips)

    def message(self, words: Callable[[str], str] = source_words) -> str:
        """One line for the headline strip and the key numbers; empty when robust. `words`
        names a source (the window passes its own labels)."""
        parts = []
        if self.sign_flips:
            parts.append("the sign of the net change")
        if self.ranking_flips:
            pairs = ", ".join(f"{words(a)} / {words(b)}" for a, b in self.flipped_pairs)
            parts.append(f"the ranking of its sources ({pairs})")
        if not parts:
            return ""
        return "Not robust: " + " and ".join(parts) + " can flip within the uncertain ranges"


@lru_cache(maxsize=MAX_CORNER_PARAMETERS + 1)
def _unit_corners(n: int) -> FloatArray:
    """(corner, axis): every corner of the unit n-cube, in itertools.product order (read-only,
    cached: 1,024 rows of Python tuples cost more to build than the corners' arithmetic)."""
    corners = np.array(list(product((0.0, 1.0), repeat=n)), dtype=np.float64)
    corners.setflags(write=False)
    return corners


def corner_points(
    scenario: Scenario,
    draws: Draws,
    bars: Tornado,
    period: Period = STEADY,
    most: int | None = None,
) -> dict[str, FloatArray]:
    """Every corner of the box (`Draws.box`) of the `most` assumptions that move the period's
    result most (the tornado's widest bars): per assumption, its value at each corner."""
    if most is None:
        most = MAX_CORNER_PARAMETERS if period.is_steady else MAX_PERIOD_CORNER_PARAMETERS
    chosen = [
        bar.parameter
        for bar in bars.bars
        if bar.moves and PARAMETERS[bar.parameter].group != TIMING_GROUP
    ][:most]
    box = draws.box(scenario, chosen)
    corners = _unit_corners(len(chosen))
    return {
        pid: box[pid][0] + (box[pid][1] - box[pid][0]) * corners[:, column]
        for column, pid in enumerate(chosen)
    }


def _monthly_corners(
    scenario: Scenario, corners: dict[str, FloatArray], draws: Draws
) -> dict[str, FloatArray]:
    """Corners as monthly points: a schedule moves as a whole, as in the Monte Carlo; a value
    drawn from the fit moves where the draws move it (its kept months)."""
    own = monthly_arrays(scenario)
    out: dict[str, FloatArray] = {}
    for pid, x in corners.items():
        parameter = PARAMETERS[pid]
        path = np.asarray(own[pid], dtype=np.float64)
        out[pid] = np.clip(
            path + (x[:, None] - float(scenario.final_value(pid))),
            parameter.minimum,
            parameter.maximum,
        )
    return out


def _drawn(draws: Draws, period: Period, most: int) -> dict[str, FloatArray]:
    """The drawn parameters at `most` evenly spaced draws (all of them if fewer), as steady
    values or monthly arrays."""
    every = max(1, -(-draws.n_draws // most))
    source = draws.values if period.is_steady else draws.monthly
    axes = 1 if period.is_steady else 2
    return {k: np.asarray(v)[::every] for k, v in source.items() if np.ndim(v) == axes}


def _net_change(scenario: Scenario, points: dict[str, FloatArray], period: Period) -> FloatArray:
    """The period's net change at each point (one evaluation per point)."""
    values = period_arrays(scenario, period)
    values.update(points)
    if not period.is_steady:
        values = {k: v if k in points else np.asarray(v)[None, :] for k, v in values.items()}
    net: FloatArray = np.atleast_1d(
        np.asarray(period_totals(values, period)["net_change_usd_m"], np.float64)
    )
    return net


def robustness(
    scenario: Scenario,
    n_draws: int = N_DRAWS,
    seed: int = SEED,
    period: Period = STEADY,
    draws: Draws | None = None,
    bars: Tornado | None = None,
    net_draws: FloatArray | None = None,
) -> Robustness:
    """Sign and ranking flips of the period's net change and its sources over the draws and
    the corners. `draws`, `bars` and `net_draws` (each draw's net change for the period) are
    the scenario's own: the analysis passes those its bands and tornado computed."""
    draws = draws if draws is not None else scenario_draws(scenario, n_draws, seed)
    bars = bars if bars is not None else tornado(scenario, period)
    corners = corner_points(scenario, draws, bars, period)
    if not period.is_steady:
        corners = _monthly_corners(scenario, corners, draws)
    steady = period.is_steady
    players, central = source_shapley(scenario, {}, period)
    # The sign: at every draw (the bands' own net changes, when given) and every corner.
    if net_draws is not None and len(net_draws) == draws.n_draws:
        net_points = np.asarray(net_draws, dtype=np.float64)
    else:
        sign_draws = _drawn(draws, period, draws.n_draws if steady else MAX_PERIOD_DRAWS)
        net_points = _net_change(scenario, sign_draws, period)
    if corners:
        net_points = np.concatenate([net_points, _net_change(scenario, corners, period)])
    net = float(central[0].sum())
    if abs(net) <= TOLERANCE_USD_M:
        sign_flips = bool((np.abs(net_points) > TOLERANCE_USD_M).any())
    else:
        sign_flips = bool((np.sign(net) * net_points < -TOLERANCE_USD_M).any())
    # The ranking: every source's Shapley value (every coalition of them) at some of the draws
    # and the corners of the widest bars' box.
    most = RANKING_DRAWS if steady else RANKING_PERIOD_DRAWS
    ranked = [source_shapley(scenario, _drawn(draws, period, most), period)[1]]
    few = RANKING_CORNER_PARAMETERS if steady else RANKING_PERIOD_CORNER_PARAMETERS
    some = corner_points(scenario, draws, bars, period, few)
    if some:
        if not steady:
            some = _monthly_corners(scenario, some, draws)
        ranked.append(source_shapley(scenario, some, period)[1])
    points = np.concatenate(ranked)
    size, size_points = np.abs(central[0]), np.abs(points)
    flipped: list[tuple[str, str]] = []
    for i, j in product(range(len(players)), repeat=2):
        if (
            size[i] - size[j] > TOLERANCE_USD_M
            and ((size_points[:, j] - size_points[:, i]) > TOLERANCE_USD_M).any()
        ):
            flipped.append((players[i], players[j]))
    return Robustness(
        sign_flips=sign_flips,
        ranking_flips=bool(flipped),
        flipped_pairs=tuple(flipped),
        points_checked=len(net_points) + len(points),
        period=period,
    )

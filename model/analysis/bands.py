"""Uncertainty bands: a vectorised Monte Carlo over every uncertain value.

Each uncertain assumption (the coal price in the months without a figure among them) is drawn
from a split uniform distribution whose median is the scenario's value: half the draws lie
uniformly between the plausible low and the value, half between the value and the plausible
high. A value set outside that range widens it to include the value. For the record and its
branches, the values the record preset fitted (the levers coal-ban compliance and border laxity
among them) are drawn instead from the fit: normal, with the fit's standard errors and
correlation, inside their bounds, in every month the scenario keeps the record's value. The
draws are fixed by a seed, so the same scenario always gives the same bands. Every figure of
`path_by_year` has its own band per year (`band_by_year`), as have the period's total and net
change. docs/model.md explains the choice; docs/validation.md reports how often the bands cover
the record.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from dprk_explorer.model.core.evaluate import (
    NO_LOSS_USD_M,
    PATH_FIGURES,
    monthly_arrays,
    monthly_figures,
    scenario_arrays,
)
from dprk_explorer.model.core.flows import (
    MONTHLY,
    _total,
    baseline_channels,
    scenario_channels,
    summarise,
)
from dprk_explorer.model.core.parameters import PARAMETERS, UNCERTAIN_IDS
from dprk_explorer.model.core.period import STEADY, Period
from dprk_explorer.model.core.scenario import Scenario
from dprk_explorer.model.core.timeline import N_MONTHS, YEARS, month_index
from dprk_explorer.model.sources.resources import CHANNEL_IDS

FloatArray = NDArray[np.float64]
_T = TypeVar("_T")

#: The Monte Carlo's fixed seed (the date of China's coal suspension), and its default size.
SEED = 20170219
N_DRAWS = 1000
PERCENTILES = (5.0, 95.0)
#: Most draws per block of the monthly path. The blocks are evaluated side by side on
#: BLOCK_WORKERS threads (numpy lets go of the interpreter inside each array operation). On a
#: quiet 2-core machine two blocks of 500, one a core, measured fastest: the whole analysis
#: p95 33 ms against 37 ms with eight blocks of 125, in paired runs. Smaller blocks (whose
#: arrays stay in a core's cache) won only when the two threads shared one busy core, where
#: the analysis then took ~30 % less; the window's own thread is idle while a settled drag's
#: analysis runs, so the quiet case is the one that counts. Every month and draw is computed
#: by the same operations whatever the blocks: the bands are identical (a test).
BLOCK_DRAWS = 500
#: Threads the blocks run on: one per core, at most two (more blocks than cores only add
#: Python overhead per array).
BLOCK_WORKERS = max(1, min(2, os.cpu_count() or 1))
_POOL: list[ThreadPoolExecutor] = []


def _map_blocks(work: Callable[[int, int], _T], edges: list[int]) -> list[_T]:
    """`work(start, stop)` for each block between `edges`, on BLOCK_WORKERS threads, in order.
    (A smaller numpy ufunc buffer, set per block, gained ~7 % with blocks of 125 draws and
    nothing measurable at 500, so numpy's default stays.)"""
    spans = list(pairwise(edges))
    if len(spans) < 2 or BLOCK_WORKERS < 2:
        return [work(*span) for span in spans]
    if not _POOL:
        _POOL.append(ThreadPoolExecutor(BLOCK_WORKERS, thread_name_prefix="monte-carlo"))
    return list(_POOL[0].map(lambda span: work(*span), spans))


def _knows_the_record(scenario: Scenario) -> bool:
    """Bands are conditioned for the record and for counterfactuals that branch from it; a
    stylised steady state keeps the bands of its plausible ranges (docs/validation.md)."""
    if scenario.branch is not None:
        return True
    from dprk_explorer.model.record.record import record_or_reason

    found, _ = record_or_reason()
    return found is not None and scenario.same_values(found.scenario)


@lru_cache(maxsize=8)
def _uniforms(n_draws: int, seed: int) -> FloatArray:
    """(draw, parameter) uniforms in [0, 1), in UNCERTAIN_IDS order; read-only and cached."""
    draws = np.random.default_rng(seed).random((n_draws, len(UNCERTAIN_IDS)))
    draws.setflags(write=False)
    return draws


def plausible_box(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """Per uncertain parameter, its plausible (low, high), widened to include the value set."""
    box: dict[str, tuple[float, float]] = {}
    for pid in UNCERTAIN_IDS:
        parameter, value = PARAMETERS[pid], float(scenario.final_value(pid))
        assert parameter.low is not None and parameter.high is not None
        box[pid] = (min(parameter.low, value), max(parameter.high, value))
    return box


def draw_monthly_values(scenario: Scenario, draws: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """The monthly parameter arrays with each uncertain one replaced by its draws: a plain value
    by the draw, a schedule shifted by (draw - its final value), kept inside the allowed range."""
    values = monthly_arrays(scenario)
    for pid in UNCERTAIN_IDS:
        drawn = np.asarray(draws[pid])[..., None]
        path = scenario.path(pid)
        if path is None:
            values[pid] = drawn
        else:
            parameter = PARAMETERS[pid]
            shifted = path + (drawn - float(scenario.final_value(pid)))
            values[pid] = np.clip(shifted, parameter.minimum, parameter.maximum)
    return values


def draw_values(
    scenario: Scenario, n_draws: int = N_DRAWS, seed: int = SEED
) -> dict[str, FloatArray]:
    """The scenario's parameter arrays with every uncertain one replaced by `n_draws` draws."""
    values = scenario_arrays(scenario)
    uniforms = _uniforms(n_draws, seed)
    for column, (pid, (low, high)) in enumerate(plausible_box(scenario).items()):
        middle = float(scenario.final_value(pid))
        u = uniforms[:, column]
        values[pid] = np.where(
            u < 0.5, low + (middle - low) * (2.0 * u), middle + (high - middle) * (2.0 * u - 1.0)
        )
    return values


#: Draws kept between runs, newest last: the assumptions' draws depend only on the assumptions
#: (a lever's slider leaves them as they are), the fitted values' only on the fit.
CACHE_SIZE = 8
_CACHE: dict[tuple[object, ...], object] = {}


def _cached(key: tuple[object, ...], make: Any) -> Any:
    """The value cached under `key`, made (and kept, the oldest dropped) when missing."""
    if key in _CACHE:
        return _CACHE[key]
    value = make()
    if len(_CACHE) >= CACHE_SIZE:
        del _CACHE[next(iter(_CACHE))]
    _CACHE[key] = value
    return value


def _read_only(values: dict[str, FloatArray]) -> dict[str, FloatArray]:
    for array in values.values():
        if isinstance(array, np.ndarray):
            array.setflags(write=False)
    return values


def _assumption_draws(
    scenario: Scenario, n_draws: int, seed: int
) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
    """The uncertain assumptions' draws, steady and monthly (read-only), for their values and
    schedules in `scenario`: cached, so a lever's move draws nothing again."""
    key: list[object] = ["assumptions", n_draws, seed]
    for pid in UNCERTAIN_IDS:
        path = scenario.path(pid)
        key += [float(scenario.final_value(pid)), None if path is None else path.tobytes()]

    def make() -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
        steady = draw_values(scenario, n_draws, seed)
        monthly = draw_monthly_values(scenario, steady)
        return (
            _read_only({pid: np.asarray(steady[pid]) for pid in UNCERTAIN_IDS}),
            _read_only({pid: np.asarray(monthly[pid]) for pid in UNCERTAIN_IDS}),
        )

    result: tuple[dict[str, FloatArray], dict[str, FloatArray]] = _cached(tuple(key), make)
    return result


@dataclass(frozen=True)
class FittedSlots:
    """Values a fit estimated: (parameter, first month) each, with the estimate, its standard
    error, its bounds, and the fit's correlation matrix; the months each holds until the next
    slot of the same parameter."""

    slots: tuple[tuple[str, str], ...]
    value: FloatArray
    std_error: FloatArray
    low: FloatArray
    high: FloatArray
    correlation: FloatArray

    def _key(self) -> tuple[object, ...]:
        arrays = (self.value, self.std_error, self.low, self.high, self.correlation)
        return (self.slots, *(np.asarray(a, dtype=np.float64).tobytes() for a in arrays))

    def draws(self, n_draws: int, seed: int) -> FloatArray:
        """(draw, slot): normal with the fit's errors and correlation, clipped to the bounds
        (read-only, cached for the fit)."""
        out: FloatArray = _cached(
            ("fitted", n_draws, seed, *self._key()), lambda: self._draws(n_draws, seed)
        )
        return out

    def _draws(self, n_draws: int, seed: int) -> FloatArray:
        """The correlation's symmetric square root by its eigenvalues (negative rounding ones
        set to 0). The symmetric root is unique, unlike the eigenvectors' signs and order, which
        differ between LAPACK builds and CPUs: the same seed gives the same draws everywhere."""
        k = len(self.slots)
        if k == 0:
            return np.zeros((n_draws, 0))
        eigenvalues, vectors = np.linalg.eigh((self.correlation + self.correlation.T) / 2.0)
        root = (vectors * np.sqrt(np.clip(eigenvalues, 0.0, None))) @ vectors.T
        normal = np.random.default_rng([seed, 1]).standard_normal((n_draws, k))
        drawn = self.value + (normal @ root.T) * self.std_error
        clipped: FloatArray = np.clip(drawn, self.low, self.high)
        clipped.setflags(write=False)
        return clipped

    def months(self) -> dict[tuple[str, str], NDArray[np.bool_]]:
        """Per slot, the months it holds (until the parameter's next slot)."""
        out: dict[tuple[str, str], NDArray[np.bool_]] = {}
        for pid, month in self.slots:
            start = month_index(month)
            later = [month_index(m) for p, m in self.slots if p == pid and month_index(m) > start]
            end = min(later, default=N_MONTHS)
            mask = np.zeros(N_MONTHS, dtype=bool)
            mask[start:end] = True
            out[(pid, month)] = mask
        return out


def record_slots() -> FittedSlots | None:
    """The record preset's fitted values (None when the record is unavailable)."""
    from dprk_explorer.model.record.record import record_or_reason

    found, _ = record_or_reason()
    if found is None:
        return None
    return FittedSlots(
        slots=tuple((f.parameter, f.month) for f in found.fitted),
        value=np.array([f.value for f in found.fitted]),
        std_error=np.array([f.std_error for f in found.fitted]),
        low=np.array([f.low for f in found.fitted]),
        high=np.array([f.high for f in found.fitted]),
        correlation=np.asarray(found.correlation, dtype=np.float64),
    )


def draw_fitted(
    scenario: Scenario,
    reference: Scenario,
    fitted: FittedSlots,
    monthly_values: dict[str, FloatArray],
    n_draws: int,
    seed: int,
) -> set[str]:
    """Replace, in `monthly_values`, each fitted parameter's path by `n_draws` paths: in the
    months the scenario keeps the reference's (the record's) value, the scenario's value moved
    by the draw's deviation from the fitted value; elsewhere (a branch's own setting) what
    `monthly_values` holds. A parameter with one value all horizon, kept throughout, stays one
    value per draw (no month axis). Returns the parameters drawn."""
    draws = fitted.draws(n_draws, seed)
    masks = fitted.months()
    by_pid: dict[str, list[int]] = {}
    for j, (pid, _month) in enumerate(fitted.slots):
        by_pid.setdefault(pid, []).append(j)
    drawn: set[str] = set()
    for pid, slots in by_pid.items():
        parameter = PARAMETERS[pid]
        mine = _path(scenario, pid)
        kept = np.isclose(mine, _path(reference, pid), rtol=0.0, atol=1e-9)
        if not kept.any():
            continue
        drawn.add(pid)
        deviation = draws[:, slots] - fitted.value[slots]  # (draw, slot)
        if len(slots) == 1 and kept.all() and (mine == mine[0]).all():
            monthly_values[pid] = np.clip(
                mine[0] + deviation, parameter.minimum, parameter.maximum
            )  # (draw, 1)
            continue
        shift = np.zeros((n_draws, N_MONTHS))
        for k, j in enumerate(slots):
            months = masks[fitted.slots[j]] & kept
            shift[:, months] = deviation[:, k : k + 1]
        current = np.broadcast_to(
            np.asarray(monthly_values[pid], dtype=np.float64), (n_draws, N_MONTHS)
        )
        base = np.where(kept, mine, current)  # the record's own value where it is kept
        monthly_values[pid] = np.clip(base + shift, parameter.minimum, parameter.maximum)
    return drawn


def _fitted_draws(
    scenario: Scenario,
    reference: Scenario,
    fitted: FittedSlots,
    monthly_values: dict[str, FloatArray],
    n_draws: int,
    seed: int,
) -> set[str]:
    """`draw_fitted`, cached for the fitted parameters' paths in the scenario and the
    reference (a move of any other setting, or of the period, draws nothing again)."""
    pids = tuple(dict.fromkeys(pid for pid, _month in fitted.slots))
    key = (
        "fitted paths",
        n_draws,
        seed,
        *fitted._key(),
        *(_path(s, pid).tobytes() for s in (scenario, reference) for pid in pids),
    )

    def make() -> tuple[dict[str, FloatArray], set[str]]:
        own = {pid: monthly_values[pid] for pid in pids}
        drawn = draw_fitted(scenario, reference, fitted, own, n_draws, seed)
        return _read_only({pid: np.asarray(own[pid]) for pid in drawn}), drawn

    arrays, drawn = _cached(key, make)
    monthly_values.update(arrays)
    return set(drawn)


def _path(scenario: Scenario, pid: str) -> FloatArray:
    path = scenario.path(pid)
    return path if path is not None else np.full(N_MONTHS, float(scenario.values[pid]))


@dataclass(frozen=True)
class Draws:
    """One scenario's Monte Carlo draws, the one set the bands and the robustness check share:
    per parameter its steady value and its monthly array, with a leading draw axis where it
    is drawn (the uncertain assumptions from their plausible ranges, the fitted values of
    the record from their fit)."""

    n_draws: int
    seed: int
    values: dict[str, FloatArray]  # steady: (draw,) where drawn
    monthly: dict[str, FloatArray]  # (draw, month) or (draw, 1) where drawn
    #: The parameters drawn from a fit (none off the record).
    fitted_drawn: tuple[str, ...] = ()

    def box(self, scenario: Scenario, pids: Any) -> dict[str, tuple[float, float]]:
        """Per uncertain assumption in `pids`, the range whose corners the robustness check
        tries: its plausible range, or for a value drawn from the fit the 5-95 % range of its
        draws."""
        plausible = plausible_box(scenario)
        box: dict[str, tuple[float, float]] = {}
        fitted = [pid for pid in pids if pid in self.fitted_drawn]
        if fitted:  # one sort of every fitted value's draws (a copy: the draws are shared)
            rows = np.array([np.broadcast_to(self.values[pid], (self.n_draws,)) for pid in fitted])
            low, high = row_percentiles(rows)
            box.update({pid: (float(low[i]), float(high[i])) for i, pid in enumerate(fitted)})
        return {pid: box[pid] if pid in box else plausible[pid] for pid in pids}


def scenario_draws(
    scenario: Scenario,
    n_draws: int = N_DRAWS,
    seed: int = SEED,
    condition: bool = True,
    fitted: FittedSlots | None = None,
    reference: Scenario | None = None,
) -> Draws:
    """The scenario's draws. With `fitted` (or, conditioned, the record's fit for the record
    and its branches), each fitted value is drawn from its fit in the months the scenario
    keeps `reference`'s (the record's) value, instead of from its plausible range."""
    values = scenario_arrays(scenario)
    monthly_values = monthly_arrays(scenario)
    steady_draws, monthly_draws = _assumption_draws(scenario, n_draws, seed)
    values.update(steady_draws)
    monthly_values.update(monthly_draws)
    if fitted is None and condition and _knows_the_record(scenario):
        from dprk_explorer.model.record.record import record_or_reason

        found, _ = record_or_reason()
        fitted = record_slots()
        reference = found.scenario if found is not None else None
    drawn: set[str] = set()
    if fitted is not None:
        own, own_steady = monthly_arrays(scenario), scenario_arrays(scenario)
        for pid in {slot[0] for slot in fitted.slots} & set(UNCERTAIN_IDS):
            monthly_values[pid] = own[pid]  # drawn from the fit instead
            values[pid] = own_steady[pid]
        drawn = _fitted_draws(
            scenario, reference or scenario, fitted, monthly_values, n_draws, seed
        )
        for pid in drawn:
            values[pid] = np.asarray(monthly_values[pid])[:, -1]  # steady: the final month's
    return Draws(n_draws, seed, values, monthly_values, tuple(sorted(drawn)))


#: The figures of `band_by_year`, in PATH_FIGURES order (the rows of Bands.figures_by_year_*).
BAND_FIGURES: tuple[str, ...] = tuple(PATH_FIGURES)


def _monthly_paths(
    monthly_values: dict[str, FloatArray],
    n_draws: int,
    mask: NDArray[np.bool_],
    by_year: dict[str, list[FloatArray]] | None = None,
) -> tuple[FloatArray, FloatArray]:
    """(draw, month) scenario total revenue, and (draw, channel) revenue summed over the months
    in `mask`, evaluated in blocks of at most BLOCK_DRAWS draws; with `by_year`, each
    PATH_FIGURES figure's (draw, year) sums are appended to it, block by block.

    The blocks are of even size, so none holds a single draw out of many: a lone draw's lag
    would take the one-tau kernel instead of the recursion every other draw runs.
    """
    n_blocks = -(-n_draws // BLOCK_DRAWS)
    edges = [n_draws * i // n_blocks for i in range(n_blocks + 1)]

    def block_paths(
        start: int, stop: int
    ) -> tuple[FloatArray, dict[str, FloatArray], FloatArray | None]:
        block = {
            k: v[start:stop] if np.ndim(v) >= 2 and np.shape(v)[0] == n_draws else v
            for k, v in monthly_values.items()
        }
        terms: dict[str, FloatArray] | None = {} if by_year is not None else None
        monthly = scenario_channels(block, MONTHLY, terms=terms, figures_only=True)
        # The figures' total is this sum, in the same order: computed once, not twice.
        figures = monthly_figures(monthly, terms) if terms is not None else None
        if figures is not None:
            total = figures["total_usd_m"]
        else:
            total = _total(monthly[c] for c in CHANNEL_IDS)
        years: dict[str, FloatArray] = {}
        if figures:  # every figure's yearly sums in one call (eleven additions, not 11 a figure)
            shape = (stop - start, N_MONTHS)
            stacked = np.stack([np.broadcast_to(path, shape) for path in figures.values()])
            years = dict(zip(figures, _year_sums(stacked), strict=True))
        sums = None
        if mask.any():
            sums = np.stack(
                [
                    np.broadcast_to(monthly[c][..., mask].sum(axis=-1), (stop - start,))
                    for c in CHANNEL_IDS
                ],
                axis=1,
            )
        return np.broadcast_to(total, (stop - start, np.shape(total)[-1])), years, sums

    done = _map_blocks(block_paths, edges)
    blocks = [total for total, _years, _sums in done]
    sums = [part for _paths, _years, part in done if part is not None]
    if by_year is not None:
        for _paths, years, _sums in done:
            for figure, sums_by_year in years.items():
                by_year.setdefault(figure, []).append(sums_by_year)
    channel_sums = np.concatenate(sums) if sums else np.zeros((n_draws, len(CHANNEL_IDS)))
    return np.concatenate(blocks), channel_sums


def row_percentiles(rows: FloatArray, q: tuple[float, ...] = PERCENTILES) -> FloatArray:
    """(q, row): `np.percentile(rows, q, axis=1)` (its default, linear method), bit for bit,
    from rows sorted in place (`rows` is overwritten, as with overwrite_input).

    np.percentile selects the few order statistics it needs by introselect, once per wanted
    index in turn; numpy's sort of a row of doubles is vectorised and several times faster
    than that selection (about 5 x for 1,000 draws). The values at the two neighbouring
    indices are then blended by numpy's own interpolation (`_lerp`: from the lower value below
    a weight of 0.5, from the upper at or above it); a row holding a NaN gives NaN, as numpy's.
    A test holds the two equal on random rows with ties, infinities and NaNs. (A row holding
    both 0.0 and -0.0 may give a zero of the other sign: equal values, which neither numpy's
    selection nor its sort orders.)
    """
    n = rows.shape[-1]
    rows.sort(axis=-1)
    # numpy's indices and weights (_get_indexes, _get_gamma): an index at or past the last
    # takes the last value, with the weight measured from index -1
    virtual = (n - 1) * (np.asarray(q, dtype=np.float64) / 100.0)
    below = np.floor(virtual)
    above = below + 1.0
    below[virtual >= n - 1] = above[virtual >= n - 1] = -1.0
    gamma = (virtual - below)[:, None]
    a, b = rows[:, below.astype(np.intp)].T, rows[:, above.astype(np.intp)].T  # (q, row)
    diff = b - a
    out: FloatArray = np.add(a, diff * gamma)
    np.subtract(b, diff * (1.0 - gamma), out=out, where=np.broadcast_to(gamma >= 0.5, out.shape))
    nan = np.isnan(rows[:, -1])
    if nan.any():
        out[:, nan] = np.nan
    return out


def _year_sums(path: FloatArray) -> FloatArray:
    """(..., year): each calendar year's sum of a (..., month) path, bit for bit what
    `path.reshape(..., years, 12).sum(axis=-1)` gives, in eleven whole-array additions.

    numpy reduces each year's 12 numbers in its own call (about 130,000 calls per Monte Carlo,
    more time than all the band arithmetic). Its pairwise sum of 12 contiguous numbers adds the
    first eight as a tree, ((m0+m1)+(m2+m3))+((m4+m5)+(m6+m7)), then the last four one by one,
    onto its identity 0.0 (which turns a sum of -0.0 into 0.0): the same additions here, in the
    same order, over every draw and year at once (a test holds the two equal).
    """
    m = path.reshape(*path.shape[:-1], len(YEARS), 12)
    total = np.add(m[..., 0], m[..., 1])
    total += np.add(m[..., 2], m[..., 3])
    upper = np.add(m[..., 4], m[..., 5])
    upper += np.add(m[..., 6], m[..., 7])
    total += upper
    for month in range(8, 12):
        total += m[..., month]
    total += 0.0
    return total


@dataclass(frozen=True)
class Bands:
    """5th and 95th percentiles of the Monte Carlo, in USD m (monthly: per month); the channel,
    total and net-change bands are for `period` (per year in the steady state)."""

    n_draws: int
    seed: int
    monthly_total_p5: FloatArray  # scenario total revenue per month, shape (60,)
    monthly_total_p95: FloatArray
    channel_p5: FloatArray  # scenario revenue per channel per year, CHANNEL_IDS order
    channel_p95: FloatArray
    baseline_channel_p5: FloatArray  # 2016 revenue per channel (the baselines are uncertain too)
    baseline_channel_p95: FloatArray
    total_p5: float  # scenario total revenue per year
    total_p95: float
    net_change_p5: float
    net_change_p95: float
    #: Conditioned on the record (the fitted values drawn from the fit); the effective number
    #: of draws (all of them: the draws are not weighted).
    conditioned: bool = False
    effective_draws: float = 0.0
    period: Period = STEADY
    #: (figure, year): the 5th and 95th percentiles of each calendar year's sum of each
    #: BAND_FIGURES figure.
    figures_by_year_p5: FloatArray = field(default_factory=lambda: np.zeros((0, len(YEARS))))
    figures_by_year_p95: FloatArray = field(default_factory=lambda: np.zeros((0, len(YEARS))))
    #: The parameters drawn from the record's fit (none off the record).
    fitted_drawn: tuple[str, ...] = ()
    #: Each draw's net change for `period` (the robustness check reads its sign from here).
    net_change_draws: FloatArray = field(default_factory=lambda: np.zeros(0), compare=False)

    def band_by_year(self) -> list[dict[str, object]]:
        """Per calendar year, each `path_by_year` figure's 5-95 % band: {year, figure: {p5,
        p95}} (`run --analysis --format json`)."""
        out: list[dict[str, object]] = []
        for i, year in enumerate(YEARS):
            row: dict[str, object] = {"year": year}
            for k, figure in enumerate(BAND_FIGURES[: len(self.figures_by_year_p5)]):
                row[figure] = {
                    "p5": float(self.figures_by_year_p5[k, i]),
                    "p95": float(self.figures_by_year_p95[k, i]),
                }
            out.append(row)
        return out

    def figure_by_year(self, figure: str) -> tuple[FloatArray, FloatArray]:
        """(p5, p95) of one `path_by_year` figure, per year."""
        k = BAND_FIGURES.index(figure)
        return self.figures_by_year_p5[k], self.figures_by_year_p95[k]


def monte_carlo(
    scenario: Scenario,
    n_draws: int = N_DRAWS,
    seed: int = SEED,
    condition: bool = True,
    period: Period = STEADY,
    draws: Draws | None = None,
) -> Bands:
    """Bands for the scenario's monthly path, and its channels and totals for `period`, in one
    pass: the same draws give every figure, so a year's band and the path's agree. Conditioned
    (the record and its branches): the record's fitted values are drawn from the fit. `draws`
    are the scenario's own (scenario_draws), when the caller has them already."""
    if draws is None:
        draws = scenario_draws(scenario, n_draws, seed, condition)
    n_draws, seed = draws.n_draws, draws.seed
    values, monthly_values, drawn = draws.values, draws.monthly, set(draws.fitted_drawn)
    by_year: dict[str, list[FloatArray]] = {}
    monthly_total, channel_sums = _monthly_paths(
        monthly_values, n_draws, period.month_mask(), by_year
    )
    if period.is_steady:
        annual = scenario_channels(values)
        base = baseline_channels(values)
        summary = summarise(base, annual, NO_LOSS_USD_M)  # annual_summary, channels reused
    else:
        annual = {c: channel_sums[:, i] for i, c in enumerate(CHANNEL_IDS)}
        monthly_base = baseline_channels(monthly_values, MONTHLY)
        mask = period.month_mask()
        base = {
            c: np.broadcast_to(monthly_base[c], (n_draws, len(mask)))[:, mask].sum(axis=-1)
            for c in CHANNEL_IDS
        }
        total_scen = channel_sums.sum(axis=1)
        total_base = sum((base[c] for c in CHANNEL_IDS), np.zeros(()))
        summary = {
            "total_scenario_usd_m": total_scen,
            "net_change_usd_m": total_scen - total_base,
        }
    _low, _high = PERCENTILES
    effective = float(n_draws)
    conditioned = bool(drawn)

    # Every band in one percentile call over one (figure, draw) array: each row is a figure's
    # draws, contiguous (a strided column per figure sorted several times slower).
    n_months = monthly_total.shape[-1]
    rows = [
        np.broadcast_to(monthly_total, (n_draws, n_months)).T,
        np.stack([np.broadcast_to(annual[c], (n_draws,)) for c in CHANNEL_IDS]),
        np.stack([np.broadcast_to(base[c], (n_draws,)) for c in CHANNEL_IDS]),
        np.broadcast_to(summary["total_scenario_usd_m"], (n_draws,))[None, :],
        np.broadcast_to(summary["net_change_usd_m"], (n_draws,))[None, :],
        *(np.concatenate(by_year[figure]).T for figure in BAND_FIGURES),
    ]
    sizes = [len(r) for r in rows]
    every = np.concatenate(rows)
    half = [0, len(every) // 2, len(every)]  # the rows' percentiles in two halves, side by side
    # `every` is this function's own: each half is sorted in place (without first copying
    # 2 MB of draws).
    p5_all, p95_all = np.concatenate(
        _map_blocks(lambda i, j: row_percentiles(every[i:j]), half), axis=1
    )
    parts = np.cumsum([0, *sizes])
    (
        (month_p5, month_p95),
        (channel_p5, channel_p95),
        (base_p5, base_p95),
        (total_p5, total_p95),
        (net_p5, net_p95),
    ) = ((p5_all[parts[i] : parts[i + 1]], p95_all[parts[i] : parts[i + 1]]) for i in range(5))
    years = len(YEARS)
    figures_p5 = p5_all[parts[5] :].reshape(len(BAND_FIGURES), years)
    figures_p95 = p95_all[parts[5] :].reshape(len(BAND_FIGURES), years)
    return Bands(
        n_draws=n_draws,
        seed=seed,
        monthly_total_p5=month_p5,
        monthly_total_p95=month_p95,
        channel_p5=channel_p5,
        channel_p95=channel_p95,
        baseline_channel_p5=base_p5,
        baseline_channel_p95=base_p95,
        total_p5=float(total_p5[0]),
        total_p95=float(total_p95[0]),
        net_change_p5=float(net_p5[0]),
        net_change_p95=float(net_p95[0]),
        conditioned=conditioned,
        effective_draws=effective,
        period=period,
        figures_by_year_p5=figures_p5,
        figures_by_year_p95=figures_p95,
        fitted_drawn=tuple(sorted(drawn)),
        net_change_draws=np.broadcast_to(summary["net_change_usd_m"], (n_draws,)),
    )


def figure_draws(
    scenario: Scenario,
    observations: Any,
    n_draws: int = N_DRAWS,
    seed: int = SEED,
    fitted: FittedSlots | None = None,
    reference: Scenario | None = None,
) -> FloatArray:
    """(draw, figure): the model's value of each published figure in `observations` (a
    record.Observations) under each Monte Carlo draw: the uncertain assumptions from their
    plausible ranges and, with `fitted`, the fitted values from their fit (in the months the
    scenario keeps `reference`'s values). The coverage table of docs/validation.md reads it."""
    from dprk_explorer.model.record.record import model_quantities

    monthly_values = scenario_draws(
        scenario, n_draws, seed, condition=False, fitted=fitted, reference=reference
    ).monthly
    n_blocks = -(-n_draws // BLOCK_DRAWS)
    edges = [n_draws * i // n_blocks for i in range(n_blocks + 1)]

    def block_figures(start: int, stop: int) -> FloatArray:
        block = {
            k: v[start:stop] if np.ndim(v) >= 2 and np.shape(v)[0] == n_draws else v
            for k, v in monthly_values.items()
        }
        model = observations.model(model_quantities(block))
        return np.broadcast_to(model, (stop - start, model.shape[-1]))

    out: FloatArray = np.concatenate(_map_blocks(block_figures, edges))
    return out


#: The model's discrepancy is estimated per family of figures: what a figure measures (its
#: quantity's kind) and whether it covers a month or two or a longer span.
FAMILY_KINDS: dict[str, str] = {
    "china_imports": "trade",
    "recorded_exports": "trade",
    "other_partners": "trade",
    "official_coal_usd_m": "official coal",
    "official_coal_mt": "official coal",
    "smuggled_value": "smuggling",
    "smuggled_coal_value": "smuggling",
    "smuggled_coal_mt": "smuggling",
    "smuggled_coal_price": "smuggling",
    "labour": "labour",
    "repatriated_pct": "labour",
}
#: A family with fewer residuals than this (from the years allowed) borrows its span's pooled
#: estimate, and a span with fewer borrows every figure's.
MIN_FAMILY = 3


def figure_family(figure: Any) -> tuple[str, str]:
    """(kind, span) of a record.Figure: its discrepancy family."""
    span = "a month or two" if len(figure.months) <= 2 else "longer"
    return FAMILY_KINDS[figure.quantity], span


def _excess_sd(errors: FloatArray, stated: FloatArray, dof_factor: float) -> float:
    """The tau >= 0 at which the residuals' chi-square, each over its stated error and tau
    combined, equals their number corrected for the fit's degrees of freedom:
    sum(r^2 / (s^2 + tau^2)) = n / c; 0 when the stated errors already explain them. The sum
    falls as tau grows, so bisection finds it."""
    target = len(errors) / dof_factor
    squared, variance = errors**2, stated**2

    def chi2(tau2: float) -> float:
        return float(np.sum(squared / (variance + tau2)))

    if chi2(0.0) <= target:
        return 0.0
    low, high = 0.0, float(np.max(squared)) + 1.0
    for _ in range(60):
        middle = (low + high) / 2.0
        low, high = (middle, high) if chi2(middle) > target else (low, middle)
    return float(np.sqrt((low + high) / 2.0))


def discrepancy_sigma(
    targets: Any, fitted: Any, log_errors: FloatArray, dof_factor: float
) -> FloatArray:
    """Per target figure (record.Figure), the model's discrepancy: the sd of a multiplicative
    log error that the figures' stated errors do not explain, estimated from the fit's own
    residuals (`log_errors` of the `fitted` figures): the tau that brings the family's
    chi-square, with tau added to each figure's stated error, to its number of figures over
    c = n / (n - fitted values) (a fit's residuals are smaller than its errors). Only
    residuals of other years than the target's count, so no figure sets its own band; a family
    with fewer than MIN_FAMILY of them borrows its span's, then every figure's."""
    errors = np.asarray(log_errors, dtype=np.float64)
    stated = np.array([f.source_sigma for f in fitted])
    families = [figure_family(f) for f in fitted]
    years = np.array([f.year for f in fitted])
    out = np.zeros(len(targets))
    for i, target in enumerate(targets):
        kind, span = figure_family(target)
        other = years != target.year
        for chosen in (
            np.array([fam == (kind, span) for fam in families]) & other,
            np.array([fam[1] == span for fam in families]) & other,
            other,
        ):
            if chosen.sum() >= MIN_FAMILY:
                out[i] = _excess_sd(errors[chosen], stated[chosen], dof_factor)
                break
    return out


def predictive(draws: FloatArray, sigma: FloatArray, seed: int = SEED) -> FloatArray:
    """The draws with a log-normal error of `sigma` per figure added (its stated error, and the
    model's discrepancy when comparing with the record): what the record would show, draw by
    draw."""
    noise = np.random.default_rng([seed, 2]).standard_normal(draws.shape)
    out: FloatArray = draws * np.exp(noise * sigma)
    return out

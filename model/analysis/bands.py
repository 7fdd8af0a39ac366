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

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dprk_explorer.model.core.evaluate import (
    PATH_FIGURES,
    annual_summary,
    monthly_arrays,
    monthly_figures,
    scenario_arrays,
)
from dprk_explorer.model.core.flows import MONTHLY, baseline_channels, scenario_channels
from dprk_explorer.model.core.parameters import PARAMETERS, UNCERTAIN_IDS
from dprk_explorer.model.core.period import STEADY, Period
from dprk_explorer.model.core.scenario import Scenario
from dprk_explorer.model.core.timeline import N_MONTHS, YEARS, month_index
from dprk_explorer.model.sources.resources import CHANNEL_IDS

FloatArray = NDArray[np.float64]

#: The Monte Carlo's fixed seed (the date of China's coal suspension), and its default size.
SEED = 20170219
N_DRAWS = 1000
PERCENTILES = (5.0, 95.0)
#: Most draws per block of the monthly path. Arrays of 200 x 60 doubles (96 KB) stay under glibc's
#: 128 KB mmap threshold, so the many temporaries reuse heap memory; whole 1,000-draw arrays
#: (480 KB) each page-faulted a fresh mapping, which cost two thirds of the Monte Carlo's time.
#: Every month and draw is computed by the same operations either way: the bands are identical.
BLOCK_DRAWS = 200
#: Conditioning on the record: importance weights exp(beta * loglik), tempered (beta <= 1) so at
#: least this share of the draws counts (effective sample size), lest one draw carry the band.
MIN_EFFECTIVE_SHARE = 0.1


def _record_loglik(scenario: Scenario, n_draws: int, seed: int) -> FloatArray | None:
    """Per draw, the log-likelihood of the record's fitted figures when the record preset runs
    with the draw's assumptions (None when the record is unavailable)."""
    key = tuple(float(scenario.final_value(pid)) for pid in UNCERTAIN_IDS)
    return _cached_loglik(key, n_draws, seed)


@lru_cache(maxsize=32)
def _cached_loglik(key: tuple[float, ...], n_draws: int, seed: int) -> FloatArray | None:
    from dprk_explorer.model.record.record import (
        load_record_series,
        model_quantities,
        observations,
        record_or_reason,
    )

    found, _ = record_or_reason()
    if found is None:
        return None
    record = found.scenario
    # Each draw's deviation from the scenario's value, applied to the record's own value.
    scenario = Scenario.from_mapping(dict(zip(UNCERTAIN_IDS, key, strict=True)), base=record)
    draws = draw_values(scenario, n_draws, seed)
    shifted = {
        pid: np.clip(
            np.asarray(draws[pid]) - value + float(record.final_value(pid)),
            PARAMETERS[pid].minimum,
            PARAMETERS[pid].maximum,
        )
        for pid, value in zip(UNCERTAIN_IDS, key, strict=True)
    }
    values = draw_monthly_values(record, shifted)
    obs = _observations(load_record_series, observations)
    errors = obs.log_errors(model_quantities(values))
    loglik: FloatArray = -0.5 * np.sum((errors / obs.sigma) ** 2, axis=-1)
    loglik.setflags(write=False)
    return loglik


_OBS: list[object] = []


def _observations(load: object, build: object) -> Any:
    if not _OBS:
        _OBS.append(build(load(), "fit"))  # type: ignore[operator]
    return _OBS[0]


def _knows_the_record(scenario: Scenario) -> bool:
    """Bands are conditioned for the record and for counterfactuals that branch from it; a
    stylised steady state keeps the bands of its plausible ranges (docs/validation.md)."""
    if scenario.branch is not None:
        return True
    from dprk_explorer.model.record.record import record_or_reason

    found, _ = record_or_reason()
    return found is not None and scenario.same_values(found.scenario)


def record_weights(scenario: Scenario, n_draws: int, seed: int) -> tuple[FloatArray, float]:
    """Normalised importance weights of the draws given the record, and the effective number of
    draws; equal weights when the record is unavailable."""
    loglik = _record_loglik(scenario, n_draws, seed) if _knows_the_record(scenario) else None
    if loglik is None:
        return np.full(n_draws, 1.0 / n_draws), float(n_draws)
    centred = loglik - loglik.max()
    beta, low, high = 1.0, 0.0, 1.0
    for _ in range(30):
        w = np.exp(beta * centred)
        w /= w.sum()
        ess = 1.0 / float(np.sum(w**2))
        if ess >= MIN_EFFECTIVE_SHARE * n_draws:
            if beta == 1.0:
                break
            low = beta
        else:
            high = beta
        beta = (low + high) / 2.0
    w = np.exp(low * centred) if beta != 1.0 else np.exp(centred)
    w /= w.sum()
    return w, 1.0 / float(np.sum(w**2))


def weighted_percentiles(
    stack: FloatArray, weights: FloatArray, q: tuple[float, ...]
) -> FloatArray:
    """Percentiles of `stack` along axis 0 under `weights` (interpolated on the weighted CDF).

    np.interp's rule, column by column, in one numpy step for all columns (a loop over the 60
    months' columns took a tenth of the conditioned bands' time): below the first point its
    value, from the last point on the last value, else the line between the two points around.
    """
    order = np.argsort(stack, axis=0)
    ranked = np.take_along_axis(stack, order, axis=0)
    ordered_weights = weights[order]
    cdf = np.cumsum(ordered_weights, axis=0)
    cdf = (cdf - 0.5 * ordered_weights) / cdf[-1:]
    n = len(weights)
    flat_cdf = cdf.reshape(n, -1)
    flat_val = ranked.reshape(n, -1)
    columns = np.arange(flat_cdf.shape[1])
    out = np.empty((len(q), *stack.shape[1:]))
    res = out.reshape(len(q), -1)
    for k, level in enumerate(np.asarray(q, dtype=np.float64) / 100.0):
        j = np.count_nonzero(flat_cdf <= level, axis=0) - 1  # the last point at or below
        inner = np.clip(j, 0, max(n - 2, 0))
        x0, y0 = flat_cdf[inner, columns], flat_val[inner, columns]
        nxt = np.minimum(inner + 1, n - 1)
        x1, y1 = flat_cdf[nxt, columns], flat_val[nxt, columns]
        with np.errstate(divide="ignore", invalid="ignore"):  # only where not chosen below
            between = (y1 - y0) / (x1 - x0) * (level - x0) + y0
        res[k] = np.where(j < 0, flat_val[0], np.where(j >= n - 1, flat_val[-1], between))
    return out


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

    def draws(self, n_draws: int, seed: int) -> FloatArray:
        """(draw, slot): normal with the fit's errors and correlation, clipped to the bounds.
        The correlation's square root by its eigenvalues (negative rounding ones set to 0)."""
        k = len(self.slots)
        if k == 0:
            return np.zeros((n_draws, 0))
        eigenvalues, vectors = np.linalg.eigh((self.correlation + self.correlation.T) / 2.0)
        root = vectors * np.sqrt(np.clip(eigenvalues, 0.0, None))
        normal = np.random.default_rng([seed, 1]).standard_normal((n_draws, k))
        drawn = self.value + (normal @ root.T) * self.std_error
        clipped: FloatArray = np.clip(drawn, self.low, self.high)
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


def _path(scenario: Scenario, pid: str) -> FloatArray:
    path = scenario.path(pid)
    return path if path is not None else np.full(N_MONTHS, float(scenario.values[pid]))


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
    blocks, sums = [], []
    for start, stop in pairwise(edges):
        block = {
            k: v[start:stop] if np.ndim(v) >= 2 and np.shape(v)[0] == n_draws else v
            for k, v in monthly_values.items()
        }
        terms: dict[str, FloatArray] | None = {} if by_year is not None else None
        monthly = scenario_channels(block, MONTHLY, terms=terms, figures_only=True)
        total = sum((monthly[c] for c in CHANNEL_IDS), np.zeros(()))
        blocks.append(np.broadcast_to(total, (stop - start, np.shape(total)[-1])))
        if by_year is not None and terms is not None:
            for figure, path in monthly_figures(monthly, terms).items():
                whole = np.broadcast_to(path, (stop - start, N_MONTHS))
                years = whole.reshape(stop - start, len(YEARS), 12).sum(axis=-1)
                by_year.setdefault(figure, []).append(years)
        if mask.any():
            sums.append(
                np.stack(
                    [
                        np.broadcast_to(monthly[c][..., mask].sum(axis=-1), (stop - start,))
                        for c in CHANNEL_IDS
                    ],
                    axis=1,
                )
            )
    channel_sums = np.concatenate(sums) if sums else np.zeros((n_draws, len(CHANNEL_IDS)))
    return np.concatenate(blocks), channel_sums


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
) -> Bands:
    """Bands for the scenario's monthly path, and its channels and totals for `period`, in one
    pass: the same draws give every figure, so a year's band and the path's agree. Conditioned
    (the record and its branches): the record's fitted values are drawn from the fit."""
    values = draw_values(scenario, n_draws, seed)
    monthly_values = draw_monthly_values(scenario, values)
    drawn: set[str] = set()
    fitted = record_slots() if condition and _knows_the_record(scenario) else None
    if fitted is not None:
        from dprk_explorer.model.record.record import record_or_reason

        found, _ = record_or_reason()
        assert found is not None
        own, own_steady = monthly_arrays(scenario), scenario_arrays(scenario)
        for pid in {slot[0] for slot in fitted.slots} & set(UNCERTAIN_IDS):
            monthly_values[pid] = own[pid]  # drawn from the fit instead
            values[pid] = own_steady[pid]
        drawn = draw_fitted(scenario, found.scenario, fitted, monthly_values, n_draws, seed)
        for pid in drawn:
            values[pid] = np.asarray(monthly_values[pid])[:, -1]  # steady: the final month's
    by_year: dict[str, list[FloatArray]] = {}
    monthly_total, channel_sums = _monthly_paths(
        monthly_values, n_draws, period.month_mask(), by_year
    )
    if period.is_steady:
        annual = scenario_channels(values)
        base = baseline_channels(values)
        summary = annual_summary(values)
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
    p5_all, p95_all = np.percentile(np.concatenate(rows), PERCENTILES, axis=1)
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

    values = draw_values(scenario, n_draws, seed)
    monthly_values = draw_monthly_values(scenario, values)
    if fitted is not None:
        own = monthly_arrays(scenario)
        for pid in {slot[0] for slot in fitted.slots} & set(UNCERTAIN_IDS):
            monthly_values[pid] = own[pid]
        draw_fitted(scenario, reference or scenario, fitted, monthly_values, n_draws, seed)
    n_blocks = -(-n_draws // BLOCK_DRAWS)
    edges = [n_draws * i // n_blocks for i in range(n_blocks + 1)]
    parts = []
    for start, stop in pairwise(edges):
        block = {
            k: v[start:stop] if np.ndim(v) >= 2 and np.shape(v)[0] == n_draws else v
            for k, v in monthly_values.items()
        }
        quantities = model_quantities(block)
        model = observations.model(quantities)
        parts.append(np.broadcast_to(model, (stop - start, model.shape[-1])))
    out: FloatArray = np.concatenate(parts)
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

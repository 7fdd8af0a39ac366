"""Uncertainty bands: a vectorised Monte Carlo over every uncertain assumption's plausible range.

Each uncertain parameter is drawn from a split uniform distribution whose median is the
scenario's value: half the draws lie uniformly between the plausible low and the value, half
between the value and the plausible high. The value is the best estimate, equally likely to be
too high or too low, and nothing outside the plausible range is drawn. A value set outside that
range widens it to include the value. The draws are fixed by a seed, so the same scenario always
gives the same bands. docs/model.md explains the choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dprk_explorer.model.evaluate import annual_summary, monthly_arrays, scenario_arrays
from dprk_explorer.model.flows import MONTHLY, baseline_channels, scenario_channels
from dprk_explorer.model.parameters import PARAMETERS, UNCERTAIN_IDS
from dprk_explorer.model.period import STEADY, Period
from dprk_explorer.model.resources import CHANNEL_IDS
from dprk_explorer.model.scenario import Scenario

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
    from dprk_explorer.model.record import (
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
    from dprk_explorer.model.record import record_or_reason

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


def _monthly_paths(
    monthly_values: dict[str, FloatArray], n_draws: int, mask: NDArray[np.bool_]
) -> tuple[FloatArray, FloatArray]:
    """(draw, month) scenario total revenue, and (draw, channel) revenue summed over the months
    in `mask`, evaluated in blocks of at most BLOCK_DRAWS draws.

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
        monthly = scenario_channels(block, MONTHLY)
        total = sum((monthly[c] for c in CHANNEL_IDS), np.zeros(()))
        blocks.append(np.broadcast_to(total, (stop - start, np.shape(total)[-1])))
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
    #: Conditioned on the record (importance weights); the effective number of draws.
    conditioned: bool = False
    effective_draws: float = 0.0
    period: Period = STEADY


def monte_carlo(
    scenario: Scenario,
    n_draws: int = N_DRAWS,
    seed: int = SEED,
    condition: bool = True,
    period: Period = STEADY,
) -> Bands:
    """Bands for the scenario's monthly path, and its channels and totals for `period`, in one
    pass: the same draws give every figure, so a year's band and the path's agree."""
    values = draw_values(scenario, n_draws, seed)
    monthly_values = draw_monthly_values(scenario, values)
    monthly_total, channel_sums = _monthly_paths(monthly_values, n_draws, period.month_mask())
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
    weights, effective = (
        record_weights(scenario, n_draws, seed)
        if condition
        else (np.full(n_draws, 1.0 / n_draws), float(n_draws))
    )
    conditioned = effective < n_draws - 1e-6

    def spread(stack: FloatArray) -> tuple[FloatArray, FloatArray]:
        if not conditioned:
            p5, p95 = np.percentile(stack, PERCENTILES, axis=0)
            return p5, p95
        p5, p95 = weighted_percentiles(np.asarray(stack), weights, PERCENTILES)
        return p5, p95

    month_p5, month_p95 = spread(np.broadcast_to(monthly_total, (n_draws, monthly_total.shape[-1])))
    channel_p5, channel_p95 = spread(
        np.stack([np.broadcast_to(annual[c], (n_draws,)) for c in CHANNEL_IDS], axis=1)
    )
    base_p5, base_p95 = spread(
        np.stack([np.broadcast_to(base[c], (n_draws,)) for c in CHANNEL_IDS], axis=1)
    )
    total = np.broadcast_to(summary["total_scenario_usd_m"], (n_draws,))
    net = np.broadcast_to(summary["net_change_usd_m"], (n_draws,))
    total_p5, total_p95 = spread(total)
    net_p5, net_p95 = spread(net)
    return Bands(
        n_draws=n_draws,
        seed=seed,
        monthly_total_p5=month_p5,
        monthly_total_p95=month_p95,
        channel_p5=channel_p5,
        channel_p95=channel_p95,
        baseline_channel_p5=base_p5,
        baseline_channel_p95=base_p95,
        total_p5=float(total_p5),
        total_p95=float(total_p95),
        net_change_p5=float(net_p5),
        net_change_p95=float(net_p95),
        conditioned=conditioned,
        effective_draws=effective,
        period=period,
    )

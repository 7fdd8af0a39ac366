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

import numpy as np
from numpy.typing import NDArray

from dprk_explorer.model.evaluate import annual_summary, monthly_arrays, scenario_arrays
from dprk_explorer.model.flows import MONTHLY, baseline_channels, scenario_channels
from dprk_explorer.model.parameters import PARAMETERS, UNCERTAIN_IDS
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


def _monthly_total(monthly_values: dict[str, FloatArray], n_draws: int) -> FloatArray:
    """(draw, month) scenario total revenue, evaluated in blocks of at most BLOCK_DRAWS draws.

    The blocks are of even size, so none holds a single draw out of many: a lone draw's lag
    would take the one-tau kernel instead of the recursion every other draw runs.
    """
    n_blocks = -(-n_draws // BLOCK_DRAWS)
    edges = [n_draws * i // n_blocks for i in range(n_blocks + 1)]
    blocks = []
    for start, stop in pairwise(edges):
        block = {
            k: v[start:stop] if np.ndim(v) >= 2 and np.shape(v)[0] == n_draws else v
            for k, v in monthly_values.items()
        }
        monthly = scenario_channels(block, MONTHLY)
        total = sum((monthly[c] for c in CHANNEL_IDS), np.zeros(()))
        blocks.append(np.broadcast_to(total, (stop - start, np.shape(total)[-1])))
    return np.concatenate(blocks)


@dataclass(frozen=True)
class Bands:
    """5th and 95th percentiles of the Monte Carlo, in USD m (monthly: per month)."""

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


def monte_carlo(scenario: Scenario, n_draws: int = N_DRAWS, seed: int = SEED) -> Bands:
    """Bands for the scenario's monthly path, its channels and its totals, in one pass."""
    values = draw_values(scenario, n_draws, seed)
    monthly_total = _monthly_total(draw_monthly_values(scenario, values), n_draws)
    annual = scenario_channels(values)
    base = baseline_channels(values)
    summary = annual_summary(values)
    low, high = PERCENTILES

    def spread(stack: FloatArray) -> tuple[FloatArray, FloatArray]:
        p5, p95 = np.percentile(stack, [low, high], axis=0)
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
    return Bands(
        n_draws=n_draws,
        seed=seed,
        monthly_total_p5=month_p5,
        monthly_total_p95=month_p95,
        channel_p5=channel_p5,
        channel_p95=channel_p95,
        baseline_channel_p5=base_p5,
        baseline_channel_p95=base_p95,
        total_p5=float(np.percentile(total, low)),
        total_p95=float(np.percentile(total, high)),
        net_change_p5=float(np.percentile(net, low)),
        net_change_p95=float(np.percentile(net, high)),
    )

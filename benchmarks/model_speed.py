"""Model speed against DESIGN 'Speed': one scenario <= 1 ms, a 101x101 grid <= 20 ms.

Prints one line per measurement and, last, one JSON object with the figures.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable

import numpy as np

from dprk_explorer.model import PRESETS, Scenario, evaluate, evaluate_grid

BUDGET_SCENARIO_MS = 1.0
BUDGET_GRID_MS = 20.0


def _timings_ms(call: Callable[[], object], repeats: int) -> list[float]:
    call()  # warm caches (lag kernels, imports)
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        out.append(1000.0 * (time.perf_counter() - start))
    return out


def main() -> None:
    scenarios = [Scenario.default(), *(p.scenario for p in PRESETS.values())]
    single = []
    for scenario in scenarios:
        single += _timings_ms(lambda s=scenario: evaluate(s), 400)
    axis = np.linspace(0.0, 100.0, 101)
    grid = _timings_ms(lambda: evaluate_grid(Scenario.default(), axis, axis), 200)
    figures = {
        "scenario_p50_ms": statistics.median(single),
        "scenario_p95_ms": float(np.percentile(single, 95)),
        "grid_101x101_p50_ms": statistics.median(grid),
        "grid_101x101_p95_ms": float(np.percentile(grid, 95)),
        "budget_scenario_ms": BUDGET_SCENARIO_MS,
        "budget_grid_ms": BUDGET_GRID_MS,
    }
    print(
        f"one scenario: p50 {figures['scenario_p50_ms']:.3f} ms, "
        f"p95 {figures['scenario_p95_ms']:.3f} ms (budget {BUDGET_SCENARIO_MS} ms)"
    )
    print(
        f"101x101 grid: p50 {figures['grid_101x101_p50_ms']:.3f} ms, "
        f"p95 {figures['grid_101x101_p95_ms']:.3f} ms (budget {BUDGET_GRID_MS} ms)"
    )
    figures["within_budget"] = (
        figures["scenario_p95_ms"] <= BUDGET_SCENARIO_MS
        and figures["grid_101x101_p95_ms"] <= BUDGET_GRID_MS
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

"""The map's 100 % offset contour for a 101 x 101 grid: ratio grid to drawn path, as the map
does it on every labour step (gui.plots.revenue_map, contourpy). Prints one line per scenario
and, last, one JSON object with the figures (microseconds)."""

from __future__ import annotations

import json
import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np

import dprk_explorer.model as model
from dprk_explorer.gui import palette
from dprk_explorer.gui.application import application
from dprk_explorer.gui.plots.revenue_map import OFFSET_LEVEL, RevenueMapPlot

AXIS = np.linspace(0.0, 100.0, 101)
REPEATS = 500
SCENARIOS = {
    # One line across the map.
    "labour_200": model.Scenario.default().with_values({"labour_outsourcing": 200}),
    # No contour: the note instead.
    "china_2017": model.PRESETS["china_2017_suspension"].scenario,
}


def main() -> None:
    application()
    palette.configure_pyqtgraph()
    plot = RevenueMapPlot()
    figures: dict[str, float] = {}
    for name, scenario in SCENARIOS.items():
        grid = model.evaluate_grid(scenario, AXIS, AXIS)

        def once(grid: model.GridResult = grid) -> None:
            ratio = np.ascontiguousarray(np.asarray(grid.offset_ratio, dtype=np.float64).T)
            plot.contour.setData(ratio, OFFSET_LEVEL)

        for _ in range(20):
            once()
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            once()
            times.append((time.perf_counter() - start) * 1e6)
        median, p95 = statistics.median(times), float(np.percentile(times, 95))
        print(
            f"{name}: 101 x 101 grid to path: median {median:.0f} us, p95 {p95:.0f} us, "
            f"{len(plot.contour.lines)} line(s)"
        )
        figures[f"{name}_median_us"] = round(median, 1)
        figures[f"{name}_p95_us"] = round(p95, 1)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

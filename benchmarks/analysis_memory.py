"""The analysis' memory in the window (issue 26: <= 300 MB peak however many analyses run).

Opens the window (1280x800, offscreen) with the uncertainty bands shown, then runs N analyses
(default 400), each for a new scenario as a settled lever move sets one off, and each delivered
to every view (bands, analysis panel). Prints the resident memory at first paint, every 100
analyses and the peak, and, last, one JSON object. ANALYSES=N sets N.
"""

from __future__ import annotations

import json
import os
import resource
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys
from pathlib import Path

import numpy as np

# Run as a script (`python benchmarks/analysis_memory.py`, as the README says), the project's
# root is not on the path: the latency benchmark's helpers are imported from beside it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.gui_latency import rss_mb, wait_repainted
from dprk_explorer.gui.application import application
from dprk_explorer.gui.heap import freeze_startup_heap, keep_freed_memory
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import LEVER_IDS, PARAMETERS, Scenario

ANALYSES = int(os.environ.get("ANALYSES", "400"))
BUDGET_MB = 300.0


def main() -> None:
    keep_freed_memory()  # as gui.launch.run_window does
    app = application()
    state = ScenarioState(Scenario.default())
    window = MainWindow(state, settings=None)
    window.resize(1280, 800)
    window.show()
    wait_repainted(app, window, [0, 0, 0, 0])
    freeze_startup_heap()
    window.bands_action.setChecked(True)
    figures: dict[str, float] = {"rss_first_paint_mb": rss_mb()}
    print(f"first paint: {figures['rss_first_paint_mb']:.1f} MB")
    runner = window.analysis_runner
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    for n in range(1, ANALYSES + 1):
        pid = LEVER_IDS[int(rng.integers(len(LEVER_IDS)))]
        p = PARAMETERS[pid]
        value = round(float(rng.uniform(p.minimum, p.maximum)) / p.step) * p.step
        state.propose({pid: value})
        state.flush()
        runner.request(delay_ms=0)
        deadline = time.perf_counter() + 30.0
        while not runner.is_fresh:
            app.processEvents()
            if time.perf_counter() > deadline:
                raise RuntimeError("the analysis did not arrive within 30 s")
        if n % 100 == 0:
            figures[f"rss_after_{n}_mb"] = rss_mb()
            print(f"after {n} analyses: {figures[f'rss_after_{n}_mb']:.1f} MB")
    figures["analyses"] = ANALYSES
    figures["seconds"] = time.perf_counter() - start
    figures["peak_rss_mb"] = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6
    )  # KiB on Linux
    print(
        f"peak resident memory {figures['peak_rss_mb']:.1f} MB after {ANALYSES} analyses "
        f"(budget {BUDGET_MB:.0f} MB)"
    )
    window.close()
    print(json.dumps({k: round(v, 3) for k, v in figures.items()}))


if __name__ == "__main__":
    main()

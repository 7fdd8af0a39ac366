"""Analysis timings (issue: analysis): Monte Carlo bands (1,000 draws x 60 months), tornado,
Shapley attribution, robustness check, goal seek, and the whole analysis the window runs off
the GUI thread once a drag settles.

There is no budget in DESIGN for these: the window never runs them on the slider-to-plot path.
Issue 15 sets one: bands conditioned on the record within 30 ms (the last line).
Prints one line per measurement and, last, one JSON object with the figures. Where the
platform counts them, each line also gives the minor page faults per run: fresh memory the
allocator maps for large temporaries, which has cost more than the arithmetic.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.model_speed import _timings_ms
from dprk_explorer.gui.heap import keep_freed_memory
from dprk_explorer.model import PRESETS, Scenario
from dprk_explorer.model.analysis.attribution import attribution
from dprk_explorer.model.analysis.bands import N_DRAWS, monte_carlo
from dprk_explorer.model.analysis.combined import analyse
from dprk_explorer.model.analysis.goal_seek import goal_seek
from dprk_explorer.model.analysis.robustness import robustness
from dprk_explorer.model.analysis.tornado import tornado

REPEATS = 40


def _minor_faults() -> int | None:
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def main() -> None:
    keep_freed_memory()  # as the app does (gui.launch.run_window): it runs these in its process
    scenarios = [Scenario.default(), *(p.scenario for p in PRESETS.values())]
    parts: dict[str, Callable[[Scenario], object]] = {
        f"bands_{N_DRAWS}_draws": monte_carlo,
        "tornado": tornado,
        "attribution": attribution,
        "robustness": robustness,
        "goal_seek": lambda s: goal_seek(s, -20.0),
        "whole_analysis": analyse,
    }
    figures: dict[str, float] = {}
    for name, run in parts.items():
        samples: list[float] = []
        faults_before = _minor_faults()
        for scenario in scenarios:
            samples += _timings_ms(lambda s=scenario, r=run: r(s), REPEATS)
        faults_after = _minor_faults()
        figures[f"{name}_p50_ms"] = statistics.median(samples)
        figures[f"{name}_p95_ms"] = float(np.percentile(samples, 95))
        faults = ""
        if faults_before is not None and faults_after is not None:
            # _timings_ms runs each scenario once more to warm up
            runs = len(samples) + len(scenarios)
            figures[f"{name}_minor_faults_per_run"] = (faults_after - faults_before) / runs
            faults = f", {figures[f'{name}_minor_faults_per_run']:.0f} minor page faults per run"
        print(
            f"{name}: p50 {figures[f'{name}_p50_ms']:.2f} ms, "
            f"p95 {figures[f'{name}_p95_ms']:.2f} ms ({len(samples)} runs{faults})"
        )
    # Issue 15's budget: bands conditioned on the record <= 30 ms (off the GUI thread), for the
    # record itself and for a counterfactual branched from it.
    from dprk_explorer.model.record.record import record_or_reason, record_scenario

    found, reason = record_or_reason()
    if found is None:
        print(f"conditioned bands: not measured ({reason})")
    else:
        branch = found.scenario.branched("2018-06", record=record_scenario).with_step(
            "border_laxity", "2018-06", 5.0
        )
        samples = []
        for scenario in (found.scenario, branch):
            samples += _timings_ms(lambda s=scenario: monte_carlo(s), REPEATS * 5)
        figures["conditioned_bands_p50_ms"] = statistics.median(samples)
        figures["conditioned_bands_p95_ms"] = float(np.percentile(samples, 95))
        print(
            f"conditioned bands (the record, and it branched at 2018-06): p50 "
            f"{figures['conditioned_bands_p50_ms']:.2f} ms, p95 "
            f"{figures['conditioned_bands_p95_ms']:.2f} ms ({len(samples)} runs; budget 30 ms)"
        )
    print(json.dumps({k: round(v, 3) for k, v in figures.items()}))


if __name__ == "__main__":
    main()

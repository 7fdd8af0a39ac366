"""Calibration of the record (`dprk-explorer calibrate`'s fit): budget <= 10 s (DESIGN, Speed).

Prints one line per measurement and, last, one JSON object with the figures.
"""

from __future__ import annotations

import json
import statistics
import time

from dprk_explorer.model.record.calibration import fit
from dprk_explorer.model.record.record import load_record_series

REPEATS = 5


def main() -> None:
    figures = load_record_series()
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fit(figures)
        samples.append(time.perf_counter() - start)
    figures_out = {"fit_median_s": statistics.median(samples), "fit_max_s": max(samples)}
    print(f"fit: median {figures_out['fit_median_s']:.3f} s, max {figures_out['fit_max_s']:.3f} s")
    print(json.dumps({k: round(v, 4) for k, v in figures_out.items()}))


if __name__ == "__main__":
    main()

"""Export speed against DESIGN 'Speed': the one-page brief at 300 dpi, PNG or PDF, <= 1 s.

Measured as the user meets it: File -> Export brief from a window on the China 2017 preset, from
the call to the file on disk (fresh plots laid out, drawn, encoded, written atomically). Runs
offscreen. Prints one line per format and, last, one JSON object with the figures.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dprk_explorer.gui.application import application
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import PRESETS

BUDGET_S = 1.0
DPI = 300
REPEATS = 7


def main() -> None:
    application()
    state = ScenarioState(PRESETS["china_2017_suspension"].scenario)
    window = MainWindow(state, settings=None)
    exporter = window.exporter
    exporter.set_banner("DRAFT — not for citation")
    figures: dict[str, object] = {"dpi": DPI, "budget_s": BUDGET_S, "repeats": REPEATS}
    within = True
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("png", "pdf"):
            path = Path(folder) / f"brief.{fmt}"
            assert exporter.export_figure(path, "brief", DPI), exporter.last_error  # warm up
            times = []
            for _ in range(REPEATS):
                start = time.perf_counter()
                ok = exporter.export_figure(path, "brief", DPI)
                times.append(time.perf_counter() - start)
                assert ok, exporter.last_error
            median, worst = statistics.median(times), max(times)
            size = path.stat().st_size
            print(
                f"brief at {DPI} dpi, {fmt.upper()}: median {median:.3f} s, "
                f"worst {worst:.3f} s, {size / 1e6:.2f} MB (budget {BUDGET_S} s)"
            )
            figures[f"{fmt}_median_s"] = round(median, 4)
            figures[f"{fmt}_worst_s"] = round(worst, 4)
            figures[f"{fmt}_bytes"] = size
            within = within and worst <= BUDGET_S
    figures["within_budget"] = within
    window.close()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

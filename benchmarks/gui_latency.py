"""Slider-to-repainted latency, start-up and memory of the explorer window (DESIGN, Speed).

Moves each lever >= 200 times at a 60 Hz drag pace in a 1280x800 window offscreen and measures
the time from the slider's new value to the last plot repainted (a plot whose drawing the move
leaves as it was has nothing to repaint). Then makes 10,000 more moves and measures resident
memory. Prints figures as it goes and, last, one JSON object.

Budgets: p95 <= 16.7 ms; start-up <= 1.5x the bare `import PySide6.QtWidgets, pyqtgraph`;
peak RSS <= 300 MB; RSS growth over 10,000 moves <= 10 MB.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
from PySide6 import QtCore, QtWidgets  # noqa: E402

from dprk_explorer.gui.application import application  # noqa: E402
from dprk_explorer.gui.heap import freeze_startup_heap, keep_freed_memory  # noqa: E402
from dprk_explorer.gui.state import ScenarioState  # noqa: E402
from dprk_explorer.gui.widgets.levers import SLIDER_SCALE  # noqa: E402
from dprk_explorer.gui.window import MainWindow  # noqa: E402
from dprk_explorer.model import LEVER_IDS, PARAMETERS, Scenario  # noqa: E402
from dprk_explorer.model.record.record import record_or_reason, record_scenario  # noqa: E402

FRAME_S = 1 / 60
MOVES_PER_LEVER = int(os.environ.get("MOVES_PER_LEVER", "240"))
SOAK_MOVES = int(os.environ.get("SOAK_MOVES", "10000"))


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def wall_s(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, env=env, cwd=REPO, capture_output=True)
    return time.perf_counter() - start


def startup_figures(runs: int = 7) -> dict[str, float]:
    """Median wall time of the bare import and of the app's start, alternated run by run so a
    machine that speeds up or slows down part-way through biases neither."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    bare = [sys.executable, "-c", "import PySide6.QtWidgets, pyqtgraph"]
    # The app's own start path (gui.launch.run_window), quitting once every plot has painted.
    app = [
        sys.executable,
        "-c",
        "from dprk_explorer.gui.launch import run_window; run_window(None, quit_after_paint=True)",
    ]
    floor, start = [], []
    for _ in range(runs):
        floor.append(wall_s(bare, env))
        start.append(wall_s(app, env))
    floor_s, start_s = statistics.median(floor), statistics.median(start)
    print(
        f"import floor {floor_s:.3f} s; start to first painted window {start_s:.3f} s; "
        f"ratio {start_s / floor_s:.2f} (budget 1.5)"
    )
    return {"import_floor_s": floor_s, "startup_s": start_s, "startup_ratio": start_s / floor_s}


def wait_repainted(app: QtWidgets.QApplication, window: MainWindow, counts: list[int]) -> None:
    """Until every plot has painted past `counts` (the window's first paint)."""
    deadline = time.perf_counter() + 5.0
    while any(p.paint_count <= c for p, c in zip(window.plots, counts, strict=True)):
        app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents)
        if time.perf_counter() > deadline:
            raise RuntimeError("plots did not repaint within 5 s")


class PaintClock:
    """When each plot last finished painting (every plot emits `painted` after its paint)."""

    def __init__(self, window: MainWindow) -> None:
        self.last = [0.0] * len(window.plots)
        for i, plot in enumerate(window.plots):
            plot.painted.connect(lambda i=i: self._stamp(i))

    def _stamp(self, i: int) -> None:
        self.last[i] = time.perf_counter()


#: The window counts as drawn once this long has passed after the evaluation with no paint.
IDLE_S = 0.002


def move(
    app: QtWidgets.QApplication, window: MainWindow, clock: PaintClock, pid: str, value: float
) -> tuple[float, int]:
    """One slider move: ms from the new value to the last plot repainted, and how many plots
    repainted. A plot whose drawing the move leaves as it was (laxity with no ban to smuggle
    around) has nothing to repaint; the time counts to the last paint, not to the idle check."""
    slider = window.levers.rows[pid].slider
    step = PARAMETERS[pid].step
    value = round(value / step) * step  # slider values snap to the lever's step
    if slider.value() == round(value * SLIDER_SCALE):
        value += 1.0 if value < PARAMETERS[pid].maximum else -1.0  # a move must move
    evaluations = window.state.evaluations
    start = time.perf_counter()
    slider.setValue(round(value * SLIDER_SCALE))
    deadline = start + 5.0
    evaluated = 0.0  # when the evaluation was first seen done
    while True:
        app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents)
        now = time.perf_counter()
        if window.state.evaluations > evaluations:
            evaluated = evaluated or now
            if now - max(evaluated, *clock.last) >= IDLE_S:
                break
        if now > deadline:
            raise RuntimeError("the window did not settle within 5 s")
    painted = sum(t > start for t in clock.last)
    if painted == 0:
        raise RuntimeError(f"no plot repainted after moving {pid}")
    return 1000 * (max(clock.last) - start), painted


def drag_every_lever(
    app: QtWidgets.QApplication, window: MainWindow, clock: PaintClock
) -> tuple[dict[str, list[float]], dict[int, int]]:
    """Each lever dragged over its whole range and back in uneven steps, at a 60 Hz pace: the
    latencies of every move by lever, and how many moves repainted how many plots."""
    latencies: dict[str, list[float]] = {}
    repainted: dict[int, int] = {}  # moves by how many of the four plots they repainted
    for pid in LEVER_IDS:
        p = PARAMETERS[pid]
        path = np.concatenate(
            [
                np.linspace(p.minimum, p.maximum, MOVES_PER_LEVER // 2),
                np.linspace(p.maximum, p.minimum, MOVES_PER_LEVER // 2) + 0.3,
            ]
        ).clip(p.minimum, p.maximum)
        window.state.begin_drag()
        samples = []
        for value in path:
            began = time.perf_counter()
            ms, painted = move(app, window, clock, pid, float(value))
            samples.append(ms)
            repainted[painted] = repainted.get(painted, 0) + 1
            pace(app, began)
        window.state.end_drag()
        latencies[pid] = samples
        print(
            f"{pid}: {len(samples)} moves, p50 {np.percentile(samples, 50):.2f} ms, "
            f"p95 {np.percentile(samples, 95):.2f} ms, max {max(samples):.2f} ms"
        )
    return latencies, repainted


def settle_analysis(app: QtWidgets.QApplication, window: MainWindow) -> None:
    """Until the analysis (bands) for the scenario shown has arrived (off the GUI thread)."""
    deadline = time.perf_counter() + 10.0
    while not window.analysis_runner.is_fresh and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.005)


def pace(app: QtWidgets.QApplication, since: float) -> None:
    """Hold a 60 Hz drag pace without sleeping through events."""
    while time.perf_counter() - since < FRAME_S:
        app.processEvents()


def main() -> None:
    figures: dict[str, float] = {} if os.environ.get("SKIP_STARTUP") else startup_figures()
    keep_freed_memory()  # as gui.launch.run_window does before the window
    app = application()
    state = ScenarioState(Scenario.default())
    window = MainWindow(state, settings=None)
    window.resize(1280, 800)
    window.show()
    wait_repainted(app, window, [0, 0, 0, 0])
    freeze_startup_heap()  # as gui.launch.run_window does once the window is up
    clock = PaintClock(window)

    latencies, repainted = drag_every_lever(app, window, clock)
    every = [v for s in latencies.values() for v in s]
    figures["slider_p50_ms"] = float(np.percentile(every, 50))
    figures["slider_p95_ms"] = float(np.percentile(every, 95))
    for pid, samples in latencies.items():
        figures[f"{pid}_p95_ms"] = float(np.percentile(samples, 95))
    figures["moves_repainting_all_plots_pct"] = 100 * repainted.get(4, 0) / len(every)
    print(
        f"all levers: {len(every)} moves, p50 {figures['slider_p50_ms']:.2f} ms, "
        f"p95 {figures['slider_p95_ms']:.2f} ms (budget 16.7 ms); plots repainted per move: "
        + ", ".join(f"{n} in {k} moves" for n, k in sorted(repainted.items()))
    )

    # The record, branched at June 2018, with the uncertainty bands shown (issue 15): the
    # timeline draws the record, its fit, the branch marker and the band as the levers move.
    found, _reason = record_or_reason()
    if found is not None:
        state.replace(
            found.scenario.branched("2018-06", record=record_scenario), "Apply the record, branched"
        )
        window.bands_action.setChecked(True)
        settle_analysis(app, window)
        record_latencies, _ = drag_every_lever(app, window, clock)
        on_record = [v for s in record_latencies.values() for v in s]
        figures["record_branch_bands_p50_ms"] = float(np.percentile(on_record, 50))
        figures["record_branch_bands_p95_ms"] = float(np.percentile(on_record, 95))
        print(
            f"the record branched at 2018-06, bands on: {len(on_record)} moves, p50 "
            f"{figures['record_branch_bands_p50_ms']:.2f} ms, p95 "
            f"{figures['record_branch_bands_p95_ms']:.2f} ms (budget 16.7 ms)"
        )
        state.replace(Scenario.default(), "Back to the default")
        window.bands_action.setChecked(False)

    # Memory: warm up, then 10,000 moves across the three levers.
    rng = np.random.default_rng(0)
    for _ in range(300):
        pid = LEVER_IDS[int(rng.integers(3))]
        move(app, window, clock, pid, float(rng.uniform(0, PARAMETERS[pid].maximum)))
    before = rss_mb()
    soak_start = time.perf_counter()
    for _ in range(SOAK_MOVES):
        pid = LEVER_IDS[int(rng.integers(3))]
        move(app, window, clock, pid, float(rng.uniform(0, PARAMETERS[pid].maximum)))
    after = rss_mb()
    figures["rss_before_soak_mb"] = before
    figures["rss_after_soak_mb"] = after
    figures["rss_growth_mb"] = after - before
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
    figures["soak_moves"] = SOAK_MOVES
    figures["soak_s"] = time.perf_counter() - soak_start
    print(
        f"memory: {before:.1f} MB -> {after:.1f} MB after {SOAK_MOVES} moves "
        f"(growth {after - before:+.1f} MB, budget 10); peak {figures['peak_rss_mb']:.1f} MB "
        f"(budget 300)"
    )
    window.close()
    print(json.dumps({k: round(v, 3) for k, v in figures.items()}))


if __name__ == "__main__":
    main()

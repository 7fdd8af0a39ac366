"""Slider-to-repainted latency and memory of the explorer window (DESIGN, Speed; issue 26).

Moves each lever >= 200 times at a 60 Hz drag pace in a 1280x800 window offscreen and measures
the time from the slider's new value to the last plot repainted (a plot whose drawing the move
leaves as it was has nothing to repaint), in four states: the default window, with four pins,
with the record branched at June 2018, and with the uncertainty bands on (the record branched).
In the same run, the matplotlib peer: the same four plots drawn by matplotlib (Agg) from the same
answers, one full redraw per move, as a matplotlib app would. Then makes 10,000 more moves and
measures resident memory. Prints figures as it goes and, last, one JSON object.

Start-up is measured through the real entry point by benchmarks/startup.py (SKIP_STARTUP is
kept for old command lines; it does nothing now).

Budgets (issue 26): p95 <= 8.3 ms (one frame at 120 Hz) in every state, p50 <= 5 ms in the
default window; peak RSS <= 300 MB; RSS growth over 10,000 moves <= 10 MB.
"""

from __future__ import annotations

import json
import os
import resource
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
from dprk_explorer.model import LEVER_IDS, PARAMETERS, PRESETS, Scenario  # noqa: E402
from dprk_explorer.model.record.record import record_or_reason, record_scenario  # noqa: E402

FRAME_S = 1 / 60
MOVES_PER_LEVER = int(os.environ.get("MOVES_PER_LEVER", "240"))
SOAK_MOVES = int(os.environ.get("SOAK_MOVES", "10000"))


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


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


#: Moves per lever for the matplotlib peer (each is a full redraw, ~10x the window's).
PEER_MOVES_PER_LEVER = int(os.environ.get("PEER_MOVES_PER_LEVER", "40"))


def matplotlib_peer(window: MainWindow) -> tuple[float, float] | None:
    """p50 and p95 (ms) of the same four plots drawn by matplotlib (Agg, offscreen) from the
    same model: each move evaluates the scenario (and the map when what it reads changed, as
    the window's AnswerHub does), updates the artists in place and redraws the figure at the
    window's plot size (1280x800 less the levers). None when matplotlib is not installed
    (`pip install matplotlib`; it is no dependency of the app)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        print("matplotlib peer: not measured (matplotlib is not installed)")
        return None
    from dprk_explorer.model import evaluate, evaluate_grid
    from dprk_explorer.model.answer import Answer
    from dprk_explorer.model.core.grid import MAP_AXIS_PCT, grid_key

    def answer_for(scenario: Scenario, grid: object, key: object) -> tuple[Answer, object, object]:
        result = evaluate(scenario)
        new_key = grid_key(scenario)
        if new_key != key:
            grid = evaluate_grid(scenario, MAP_AXIS_PCT, MAP_AXIS_PCT)
        return Answer.of(result, grid=grid), grid, new_key  # type: ignore[arg-type]

    size = window.plots[0].size()
    fig = Figure(figsize=(2 * size.width() / 100, 2 * size.height() / 100), dpi=100)
    FigureCanvasAgg(fig)  # a figure's own canvas draws nothing: Agg renders the pixels
    (channels, waterfall), (timeline, revenue_map) = fig.subplots(2, 2)
    scenario = Scenario.default()
    answer, grid, key = answer_for(scenario, None, None)
    result = answer.result
    n = len(result.scenario_usd_m)
    rows = np.arange(n)
    base_bars = channels.barh(rows + 0.2, result.baseline_usd_m, 0.38, color="0.8")
    scen_bars = channels.barh(rows - 0.2, result.scenario_usd_m, 0.38, color="C0")
    labels = [channels.text(0, y, "", va="center", fontsize=7) for y in rows - 0.2]
    steps = list(result.steps_usd_m.values())
    step_bars = waterfall.bar(np.arange(len(steps) + 1), [0.0] * (len(steps) + 1), 0.62)
    step_labels = [waterfall.text(x, 0, "", ha="center", fontsize=7) for x in range(len(steps) + 1)]
    path = answer.path
    x = np.arange(len(path.months))
    (base_line,) = timeline.plot(x, path.monthly_total_baseline_usd_m, "--", color="0.4")
    (scen_line,) = timeline.plot(x, path.monthly_total_scenario_usd_m, color="C0")
    (recorded_line,) = timeline.plot(x, path.monthly_recorded_exports_to_china_usd_m, "-.")
    net = np.asarray(grid.net_change_usd_m).T  # type: ignore[attr-defined]
    image = revenue_map.imshow(net, origin="lower", extent=(0, 100, 0, 100), aspect="auto")
    fig.colorbar(image, ax=revenue_map)
    contour = [
        revenue_map.contour(MAP_AXIS_PCT, MAP_AXIS_PCT, np.asarray(grid.offset_ratio).T, [1.0])
    ]  # type: ignore[attr-defined]
    (marker,) = revenue_map.plot([0], [0], "o", mfc="white", mec="black", ms=10)
    for ax, title in zip(
        (channels, waterfall, timeline, revenue_map),
        ("Revenue by channel", "Offset waterfall", "Monthly revenue", "Compliance x laxity map"),
        strict=True,
    ):
        ax.set_title(title, fontsize=9)
    fig.tight_layout()

    def draw(answer: Answer, new_grid: bool) -> None:
        result = answer.result
        for bar, value in zip(base_bars, result.baseline_usd_m, strict=True):
            bar.set_width(value)
        for bar, label, value in zip(scen_bars, labels, result.scenario_usd_m, strict=True):
            bar.set_width(value)
            label.set_x(value)
            label.set_text(f"{value:,.0f}")
        channels.set_xlim(0, 1.2 * max(result.baseline_usd_m.max(), 1.0))
        values = np.array(list(result.steps_usd_m.values()))
        ends = np.cumsum(values)
        bottoms = np.append(ends - values, 0.0)
        heights = np.append(values, result.net_change_usd_m)
        for bar, label, bottom, height in zip(
            step_bars, step_labels, bottoms, heights, strict=True
        ):
            bar.set_y(bottom)
            bar.set_height(height)
            label.set_y(max(bottom, bottom + height))
            label.set_text(f"{height:+,.0f}")
        waterfall.relim()
        waterfall.autoscale_view()
        path = answer.path
        base_line.set_ydata(path.monthly_total_baseline_usd_m)
        scen_line.set_ydata(path.monthly_total_scenario_usd_m)
        recorded_line.set_ydata(path.monthly_recorded_exports_to_china_usd_m)
        timeline.relim()
        timeline.autoscale_view()
        if new_grid:
            grid = answer.grid
            assert grid is not None
            net = np.asarray(grid.net_change_usd_m).T
            image.set_data(net)
            image.set_clim(np.nanmin(net), np.nanmax(net))
            contour[0].remove()
            ratio = np.asarray(grid.offset_ratio).T
            contour[0] = revenue_map.contour(MAP_AXIS_PCT, MAP_AXIS_PCT, ratio, [1.0])
        marker.set_data(
            [answer.levers_in_force["coal_ban_compliance"]],
            [answer.levers_in_force["border_laxity"]],
        )
        fig.canvas.draw()

    draw(answer, True)
    samples = []
    for pid in LEVER_IDS:
        p = PARAMETERS[pid]
        for value in np.linspace(p.minimum, p.maximum, PEER_MOVES_PER_LEVER):
            start = time.perf_counter()
            scenario = scenario.with_values({pid: float(value)})
            answer, new, key_now = answer_for(scenario, grid, key)
            draw(answer, new is not grid)
            grid, key = new, key_now
            samples.append(1000 * (time.perf_counter() - start))
    return float(np.percentile(samples, 50)), float(np.percentile(samples, 95))


BUDGET_P95_MS = 8.3
BUDGET_P50_MS = 5.0


def summarise(
    figures: dict[str, float], key: str, what: str, latencies: dict[str, list[float]]
) -> list[float]:
    """Put the state's p50 and p95 into `figures` (`slider{key}_p50_ms`, ...) and print them."""
    every = [v for s in latencies.values() for v in s]
    figures[f"slider{key}_p50_ms"] = float(np.percentile(every, 50))
    figures[f"slider{key}_p95_ms"] = float(np.percentile(every, 95))
    print(
        f"{what}: {len(every)} moves, p50 {figures[f'slider{key}_p50_ms']:.2f} ms, "
        f"p95 {figures[f'slider{key}_p95_ms']:.2f} ms (budget {BUDGET_P95_MS} ms)"
    )
    return every


def pin_four(app: QtWidgets.QApplication, window: MainWindow, state: ScenarioState) -> None:
    """Four pins, from the presets (as an analyst pins what they compare), then back to the
    default scenario."""
    for pid in list(PRESETS)[:4]:
        state.replace(PRESETS[pid].scenario, f"Apply {pid}")
        state.flush()
        window.pin_panel.pin_current(pid)
    state.replace(Scenario.default(), "Back to the default")
    state.flush()
    app.processEvents()


def unpin_all(app: QtWidgets.QApplication, window: MainWindow) -> None:
    for pin in list(window.pins.pins):
        window.pins.remove(pin)
    app.processEvents()


def main() -> None:
    figures: dict[str, float] = {}
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
    every = summarise(figures, "", "default window, all levers", latencies)
    for pid, samples in latencies.items():
        figures[f"{pid}_p95_ms"] = float(np.percentile(samples, 95))
    figures["moves_repainting_all_plots_pct"] = 100 * repainted.get(4, 0) / len(every)
    print(
        "plots repainted per move: "
        + ", ".join(f"{n} in {k} moves" for n, k in sorted(repainted.items()))
    )
    peer = matplotlib_peer(window)
    if peer is not None:
        figures["matplotlib_p50_ms"], figures["matplotlib_p95_ms"] = peer
        figures["matplotlib_vs_slider_p50"] = peer[0] / figures["slider_p50_ms"]
        print(
            f"matplotlib peer (the same four plots, Agg, full redraw): p50 {peer[0]:.1f} ms, "
            f"p95 {peer[1]:.1f} ms: {figures['matplotlib_vs_slider_p50']:.1f}x the window's p50"
        )

    pin_four(app, window, state)
    pinned, _ = drag_every_lever(app, window, clock)
    summarise(figures, "_pins", "four pins", pinned)
    unpin_all(app, window)

    # The record, branched at June 2018: the timeline draws the record, its fit and the branch
    # marker as the levers move; then with the uncertainty bands shown (issue 15).
    found, _reason = record_or_reason()
    if found is not None:
        state.replace(
            found.scenario.branched("2018-06", record=record_scenario), "Apply the record, branched"
        )
        state.flush()
        branched, _ = drag_every_lever(app, window, clock)
        summarise(figures, "_branch", "the record branched at 2018-06", branched)
        window.bands_action.setChecked(True)
        settle_analysis(app, window)
        banded, _ = drag_every_lever(app, window, clock)
        summarise(figures, "_bands", "branched, bands on", banded)
        state.replace(Scenario.default(), "Back to the default")
        window.bands_action.setChecked(False)
    within = all(
        figures.get(f"slider{k}_p95_ms", 0.0) <= BUDGET_P95_MS
        for k in ("", "_pins", "_branch", "_bands")
    )
    print(
        f"every state p95 <= {BUDGET_P95_MS} ms: {within}; default p50 <= {BUDGET_P50_MS} ms: "
        f"{figures['slider_p50_ms'] <= BUDGET_P50_MS}"
    )

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
    figures["peak_rss_mb"] = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6
    )  # KiB on Linux
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

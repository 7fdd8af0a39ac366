"""Start the window: one QApplication, one state, one main window; optionally a screenshot."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui.application import application, use_offscreen_without_display
from dprk_explorer.gui.export.options import check_target
from dprk_explorer.gui.heap import freeze_startup_heap, keep_freed_memory
from dprk_explorer.gui.io import appdata
from dprk_explorer.gui.io.atomic import remove_orphans, write_bytes
from dprk_explorer.gui.io.session import (
    Autosave,
    LockState,
    inspect_lock,
    recovered_scenario,
    restore_pins,
)
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.window import MainWindow, last_scenario
from dprk_explorer.model import Scenario

#: Set to 1, the window quits once every plot has painted (the start-up benchmark).
QUIT_AFTER_PAINT_ENV = "DPRK_EXPLORER_QUIT_AFTER_PAINT"


def save_png_atomically(window: QtWidgets.QWidget, out: Path) -> None:
    """The window as drawn, written atomically: no partial file is ever left. Encoded as the
    exports are (gui.export.png: no row filters, ~30 ms where Qt's writer took ~65 ms, and a
    smaller file); the window is opaque, so RGB keeps every pixel."""
    from dprk_explorer.gui.export.png import encode_png

    image = window.grab().toImage()
    if image.isNull():
        raise OSError("Qt could not draw the window")
    dpi = max(1, round(image.dotsPerMeterX() * 0.0254))
    write_bytes(out, encode_png(image, dpi, {}))


def check_writable(out: Path) -> str | None:
    """Why the screenshot `out` cannot be written, or None: the exports' own check, for PNG.
    Checked before any window opens."""
    return check_target(out, ("png",))


def quit_on_signals(app: QtWidgets.QApplication) -> None:
    """SIGTERM and Ctrl+C end the app as a close would: autosave, release the lock, exit.

    Python handles signals only between bytecodes, so a cheap timer lets it run while Qt waits.
    """
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_args: app.quit())
    ticker = QtCore.QTimer(app)
    ticker.timeout.connect(lambda: None)
    ticker.start(250)


def keep_on_screen(window: QtWidgets.QWidget) -> None:
    """A geometry saved on another screen layout must not put the window out of reach: fit it
    into the available area of the screen it is on, or of the primary screen."""
    frame = window.frameGeometry()
    screen = QtGui.QGuiApplication.screenAt(frame.center()) or window.screen()
    if screen is None:
        return
    area = screen.availableGeometry()
    if area.isEmpty():
        return
    extra_w = frame.width() - window.width()  # the window manager's frame, if any
    extra_h = frame.height() - window.height()
    width = min(window.width(), max(1, area.width() - extra_w))
    height = min(window.height(), max(1, area.height() - extra_h))
    # Never left of or above the area: the title bar stays in reach even when the window's
    # minimum size is larger than the screen.
    x = max(area.left(), min(frame.x(), area.left() + area.width() - width - extra_w))
    y = max(area.top(), min(frame.y(), area.top() + area.height() - height - extra_h))
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


def analyse_after_first_paint(window: MainWindow) -> None:
    """Hold the window's analysis until every plot has painted once.

    Before the first paint the analysis can only show "checking"; started earlier it would
    take the processor from the paint (the Monte Carlo and its imports, ~0.2 s of CPU)."""
    runner = window.analysis_runner
    runner.hold()

    def painted() -> None:
        if not all(plot.paint_count > 0 for plot in window.plots):
            return
        for plot in window.plots:
            plot.painted.disconnect(painted)
        runner.release()

    for plot in window.plots:
        plot.painted.connect(painted)


def warn(message: str) -> None:
    """A start-up problem the window also shows: on stderr, for whoever started it."""
    try:
        print(f"dprk-explorer: warning: {message}", file=sys.stderr)
    except (OSError, ValueError):
        pass


def run_window(
    scenario: Scenario | None, screenshot: str | None = None, quit_after_paint: bool = False
) -> int:
    """Open the window (on `scenario`, or the last session's); with `screenshot`, save it once
    every plot has painted and exit. `quit_after_paint` (or QUIT_AFTER_PAINT_ENV set to 1, so
    benchmarks/startup.py can time the installed `dprk-explorer` as a whole process) exits
    there without saving."""
    quit_after_paint = quit_after_paint or os.environ.get(QUIT_AFTER_PAINT_ENV) == "1"
    if screenshot:
        out = Path(screenshot).resolve()
        problem = check_writable(out)
        if problem:
            print(f"dprk-explorer: error: {problem}", file=sys.stderr)
            return 2
        use_offscreen_without_display()
    keep_freed_memory()
    app = application()
    interactive = not screenshot and not quit_after_paint
    settings = QtCore.QSettings() if interactive else None
    notes: list[str] = []
    lock_state = LockState.CLEAN
    if interactive:
        folder_problem = appdata.data_dir_problem()
        if folder_problem:
            notes.append(folder_problem)
        remove_orphans(appdata.data_dir())  # temporary files of saves a crash interrupted
        lock_state, _lock_note = inspect_lock(appdata.lock_file())
        if scenario is None and lock_state == LockState.CRASHED:
            scenario, recovered_note = recovered_scenario(appdata.session_file())
            notes.append(recovered_note)
        if scenario is None and settings is not None:
            scenario, saved_note = last_scenario(settings)
            if not notes or not notes[-1]:
                notes.append(saved_note)
    state = ScenarioState(scenario or Scenario.default())
    window = MainWindow(state, settings=settings)
    if interactive:
        analyse_after_first_paint(window)
    elif not screenshot:
        window.analysis_runner.hold()  # it quits at the first paint: no analysis to wait for
    if interactive:
        keep_on_screen(window)
        # Only the interactive window reports crashes: its logging machinery (~20 ms of
        # imports) stays out of screenshots and the start-up benchmark.
        from dprk_explorer.gui.io.crash_report import ExceptionReporter

        reporter = ExceptionReporter(appdata.log_file(), window)
        reporter.install()
        notes.append(reporter.log_problem)
        autosave = Autosave(state, appdata.session_file(), appdata.lock_file(), window.pins)
        if lock_state != LockState.RUNNING:  # a second instance keeps to its own session
            notes.append(restore_pins(window.pins, autosave.pins_path))
        notes.append(autosave.start())
        app.aboutToQuit.connect(autosave.finish)
        app.aboutToQuit.connect(reporter.uninstall)
    notes = [n for n in notes if n]
    for problem in notes:
        if not problem.startswith("Restored"):
            warn(problem)
    note = "; ".join(notes)
    if screenshot or quit_after_paint:
        window.resize(1280, 800)
    if screenshot:
        # The headline's robustness flag and the bands, not "checking": computed before the
        # first paint, so the plots draw once with them (not stale, then again).
        window.analysis_runner.run_here()
    window.show()
    freeze_startup_heap()
    if note:
        window.show_message(note)
    if interactive:
        quit_on_signals(app)
        return app.exec()

    result = {"code": 0}

    def capture() -> None:
        if not all(plot.paint_count > 0 for plot in window.plots):
            return
        if screenshot and not window.analysis_runner.is_fresh:
            return
        timer.stop()
        if screenshot:
            try:
                save_png_atomically(window, out)
            except OSError as error:
                print(f"dprk-explorer: error: {out}: {error}", file=sys.stderr)
                result["code"] = 2
        app.quit()

    timer = QtCore.QTimer()
    if screenshot:
        timer.timeout.connect(capture)  # the grab happens outside any paint event
        timer.start(10)
    else:
        # Quit right after the last plot's first paint (once the window has been flushed),
        # not at a poll up to 10 ms, and a second paint of the plots with text items, later.
        for plot in window.plots:
            plot.painted.connect(lambda: timer.start(0))
        timer.setSingleShot(True)
        timer.timeout.connect(capture)
    app.exec()
    return result["code"]

"""Fixtures' building blocks for the GUI tests: a window on its own settings file."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

from PySide6 import QtCore
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.application import application
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import Scenario
from dprk_explorer.model.core.period import Period


def make_window(tmp_path: Path, scenario: Scenario | None = None) -> MainWindow:
    application()
    settings = QtCore.QSettings(str(tmp_path / "settings.ini"), QtCore.QSettings.Format.IniFormat)
    state = ScenarioState(scenario or Scenario.default())
    window = MainWindow(state, settings=settings)
    # The offscreen screen is 800x800, so the first size would be smaller: tests draw at the
    # 1280x800 default unless the settings restore another geometry.
    if settings.value("window/geometry") is None:
        window.resize(1280, 800)
    return window


def settle(window: MainWindow, qtbot: QtBot) -> None:
    """Wait until the state has evaluated the latest scenario (the frame timer has fired)."""
    qtbot.waitUntil(
        lambda: (
            window.state._result is not None
            and window.state._result.scenario.same_values(window.state.scenario)
            and not window.state._timer.isActive()
        )
    )


def choose_period(window: MainWindow, text: str) -> None:
    """Choose a period in the window's selector as the analyst does: 'steady', '2019',
    '2016-2020'."""
    combo = window.headline.period
    index = combo.findData(Period.parse(text).token)
    assert index >= 0, f"the selector offers no period {text!r}"
    combo.setCurrentIndex(index)


def app_env(home: Path) -> dict[str, str]:
    """Environment for running the real app in a subprocess: headless, with its own settings,
    application-data and runtime folders under `home`."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_RUNTIME_DIR": str(home),
        "QT_QPA_PLATFORM": "offscreen",
    }


#: The installed console script, beside the interpreter running the tests: CLI tests run what a
#: user runs, never the source tree through PYTHONPATH.
CLI = str(Path(sys.executable).with_name("dprk-explorer"))


def cli_in_process(*args: str) -> subprocess.CompletedProcess[str]:
    """The console script's own entry function (`dprk_explorer.gui.cli:main`, what CLI runs) in
    this process, stdout and stderr captured: the same code path as the installed command,
    without a new interpreter's start (a few CLI tests still run CLI end to end)."""
    from dprk_explorer.gui.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse's own errors exit as the command would
            code = exit_.code if isinstance(exit_.code, int) else 1
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())

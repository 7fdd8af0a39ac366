"""Scenario files, atomic writes, autosave, crash recovery, exception reporting, drag and drop:
never lose work, never crash on input."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.io import atomic
from dprk_explorer.gui.io.crash_report import ExceptionReporter
from dprk_explorer.gui.io.session import (
    Autosave,
    previous_run_crashed,
    recovered_scenario,
    restore_pins,
)
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import Scenario
from tests.gui_helpers import CLI, app_env, make_window, settle


@pytest.fixture
def window(shared_window: MainWindow) -> MainWindow:
    """One window for the module, reset and checked before each test (tests/shared_window.py)."""
    return shared_window


REPO = Path(__file__).resolve().parents[3]


def test_save_then_open_is_exact_and_undoable(window: MainWindow, tmp_path: Path) -> None:
    window.levers.rows["border_laxity"].spin.setValue(41.5)
    window.assumptions.set_expanded(True)
    window.assumptions.fields["ban_textiles"].setChecked(True)
    saved = window.state.scenario
    path = tmp_path / "lax.toml"
    assert window.files.write(path)
    assert window.state.scenario.name == "lax"  # an unnamed scenario takes the file's name
    assert "(lax.toml)" in window.windowTitle() and "*" not in window.windowTitle()
    assert Scenario.from_file(path).same_values(saved)

    window.levers.rows["coal_ban_compliance"].spin.setValue(5)
    assert window.windowTitle().endswith("* — DPRK sanctions revenue explorer")
    assert window.files.open_path(path)
    assert window.state.scenario.same_values(saved)
    assert window.levers.rows["border_laxity"].spin.value() == 41.5
    assert window.files.recent()[0] == str(path)
    window.undo_action.trigger()  # opening a file is one undoable step
    assert window.state.scenario["coal_ban_compliance"] == 5


#: Each way a scenario file can be bad, and what the message must say. One window reads them
#: all in turn: a bad file changes nothing, so each must leave the window as the first found it.
BAD_FILES = [
    (b"coal_ban_compliance = 250\n", "key 'coal_ban_compliance' = 250 is out of range"),
    (b"coal_ban_compliance = nan\n", "is not finite"),
    (b"colour = 1\n", "unknown key 'colour'"),
    (b"border_laxity = 'high'\n", "is not a number"),
    (b"[[[\n", "malformed TOML"),
    (b"name = '\xff'\n", "is not UTF-8"),
]


def test_a_bad_file_changes_nothing_and_says_why(window: MainWindow, tmp_path: Path) -> None:
    before = window.state.scenario
    undo_steps = window.state.undo_stack.count()
    for number, (content, needle) in enumerate(BAD_FILES):
        path = tmp_path / f"bad{number}.toml"
        path.write_bytes(content)
        assert not window.files.open_path(path), content
        assert window.state.scenario == before, content
        assert window.state.undo_stack.count() == undo_steps, content
        assert window.files.last_message is not None
        text = window.files.last_message.text()
        assert str(path) in text and needle in text, (content, text)
        assert needle in window.status.currentMessage(), content
        assert path.read_bytes() == content  # the file on disk is left as it was


def test_opening_a_folder_or_a_missing_file_is_refused(window: MainWindow, tmp_path: Path) -> None:
    assert not window.files.open_path(tmp_path)
    assert "is a folder" in window.files.last_message.text()
    assert not window.files.open_path(tmp_path / "gone.toml")
    assert "no such file" in window.files.last_message.text()


def test_a_failed_save_keeps_the_old_file_and_leaves_no_partial_file(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "keep.toml"
    assert window.files.write(path)
    original = path.read_bytes()
    window.levers.rows["labour_outsourcing"].spin.setValue(180)

    def refuse(_src: str, _dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    assert not window.files.write(path)
    assert path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir() if p.name != "settings.ini"] == ["keep.toml"]
    message = window.files.last_message.text()
    assert str(path) in message and "Permission denied" in message and "unchanged" in message


def test_saving_into_a_missing_folder_or_over_a_folder_says_why(
    window: MainWindow, tmp_path: Path
) -> None:
    assert not window.files.write(tmp_path / "no" / "such" / "x.toml")
    assert "does not exist" in window.files.last_message.text()
    (tmp_path / "dir.toml").mkdir()
    assert not window.files.write(tmp_path / "dir.toml")
    assert (tmp_path / "dir.toml").is_dir()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_drag_and_drop_opens_a_scenario(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "dropped.toml"
    path.write_text("labour_outsourcing = 150\n", encoding="utf-8")
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(path))])
    point = QtCore.QPointF(400, 300)
    enter = QtGui.QDragEnterEvent(
        point.toPoint(),
        QtCore.Qt.DropAction.CopyAction,
        mime,
        QtCore.Qt.MouseButton.LeftButton,
        QtCore.Qt.KeyboardModifier.NoModifier,
    )
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QtGui.QDropEvent(
        point,
        QtCore.Qt.DropAction.CopyAction,
        mime,
        QtCore.Qt.MouseButton.LeftButton,
        QtCore.Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    assert window.state.scenario["labour_outsourcing"] == 150


def test_autosave_writes_the_session_after_changes(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    autosave = Autosave(window.state, tmp_path / "session.toml", tmp_path / "running.lock")
    autosave.start()
    assert autosave.lock.is_locked()
    saves = autosave.saves
    window.levers.rows["border_laxity"].spin.setValue(77)
    window.levers.rows["border_laxity"].spin.setValue(78)  # debounced: one save for both
    qtbot.waitUntil(lambda: autosave.saves > saves, timeout=5000)
    assert autosave.saves == saves + 1
    assert Scenario.from_file(tmp_path / "session.toml")["border_laxity"] == 78
    assert not previous_run_crashed(tmp_path / "running.lock")  # we are alive
    autosave.finish()
    assert not (tmp_path / "running.lock").exists()


def test_pins_are_autosaved_and_restored(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    autosave = Autosave(
        window.state, tmp_path / "session.toml", tmp_path / "running.lock", window.pins
    )
    window.pin_panel.pin_current("Before")
    window.levers.rows["border_laxity"].spin.setValue(60)
    settle(window, qtbot)
    window.pin_panel.pin_current("Lax")
    autosave.save_now()
    other = make_window(tmp_path / "second")
    qtbot.addWidget(other)
    assert restore_pins(other.pins, autosave.pins_path) == ""
    assert [p.name for p in other.pins.pins] == ["Before", "Lax"]
    assert other.pins.pins[1].result.scenario["border_laxity"] == 60
    assert other.pins.pins[1].result.net_change_usd_m == window.pins.pins[1].result.net_change_usd_m
    autosave.finish()


def test_a_corrupt_pins_file_is_reported_not_fatal(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "pins.toml"
    path.write_text("[[pin]]\nborder_laxity = 900\n", encoding="utf-8")
    note = restore_pins(window.pins, path)
    assert "could not be restored" in note and "out of range" in note
    assert window.pins.pins == []


def test_a_corrupt_autosave_is_reported_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "session.toml"
    path.write_text("coal_ban_compliance = 'x'\n", encoding="utf-8")
    scenario, note = recovered_scenario(path)
    assert scenario is None
    assert "could not be restored" in note and "is not a number" in note


REPORT_AND_QUIT = """
import sys
from PySide6 import QtCore, QtWidgets
from dprk_explorer.gui import launch as a
from dprk_explorer.gui.window import MainWindow
application = a.application()
def report():
    window = next(w for w in QtWidgets.QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    print("compliance", window.state.scenario["coal_ban_compliance"])
    print("status", window.status.currentMessage())
    application.quit()
QtCore.QTimer.singleShot(1500, report)
sys.exit(a.run_window(None))
"""


def test_kill_9_then_restart_restores_the_session(tmp_path: Path) -> None:
    env = app_env(tmp_path)
    session = tmp_path / "data" / "dprk-explorer" / "dprk-explorer" / "session.toml"
    first = subprocess.Popen(
        [CLI, "--set", "coal_ban_compliance=33"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not (session.exists() and "coal_ban_compliance = 33.0" in session.read_text()):
            assert first.poll() is None, "the app exited early"
            assert time.monotonic() < deadline, "no autosave within 60 s"
            time.sleep(0.1)  # waiting on another process, not on Qt
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    assert (session.parent / "running.lock").exists()  # killed: the lock stayed behind

    second = subprocess.run(
        [sys.executable, "-c", REPORT_AND_QUIT],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert second.returncode == 0, second.stderr
    assert "compliance 33.0" in second.stdout
    assert "status Restored your session after an unexpected exit" in second.stdout
    assert not (session.parent / "running.lock").exists()  # a clean exit this time


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_shown_and_survived(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    log = tmp_path / "app.log"
    reporter = ExceptionReporter(log, window)
    reporter.install()
    try:

        def broken() -> None:
            raise ZeroDivisionError("a deliberate fault")

        QtCore.QTimer.singleShot(0, broken)
        qtbot.waitUntil(lambda: bool(reporter.dialogs))
        dialog = reporter.dialogs[-1]
        assert "ZeroDivisionError: a deliberate fault" in dialog.text()
        assert str(log) in dialog.text()
        assert "ZeroDivisionError: a deliberate fault" in log.read_text(encoding="utf-8")
        assert "Traceback" in log.read_text(encoding="utf-8")
        # The app keeps working.
        window.levers.rows["coal_ban_compliance"].spin.setValue(90)
        assert window.state.scenario["coal_ban_compliance"] == 90
        assert isinstance(dialog, QtWidgets.QMessageBox)
    finally:
        reporter.uninstall()


def test_open_asks_before_replacing_unsaved_changes(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "other.toml"
    path.write_text(Scenario.default().with_values({"border_laxity": 70}).to_toml())
    window.levers.rows["coal_ban_compliance"].spin.setValue(10)  # an unsaved change
    asked: list[Path] = []

    def refuse(file: Path) -> bool:
        asked.append(file)
        return False

    monkeypatch.setattr(window.files, "confirm_replace", refuse)
    assert not window.files.open_asking(path)
    assert asked == [path] and window.state.scenario["coal_ban_compliance"] == 10
    monkeypatch.setattr(window.files, "confirm_replace", lambda file: True)
    assert window.files.open_asking(path)
    assert window.state.scenario["border_laxity"] == 70
    asked.clear()
    monkeypatch.setattr(window.files, "confirm_replace", refuse)
    assert window.files.open_asking(path)  # nothing unsaved now: no question
    assert asked == []

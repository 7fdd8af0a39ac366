"""Hostile state in the application-data folder (issue 17): a corrupt pins file, a read-only
folder or log, a lock that is a folder, a PID reused, two instances, orphaned temporary files.
The app always starts, says what is wrong once, and never overwrites what it could not restore.

Starts of the real app run in a child process under an address-space limit and a timeout
(tests/hostile_helpers.py).
"""

from __future__ import annotations

import errno
import fcntl
import os
import subprocess
import time
from pathlib import Path

import pytest
from PySide6 import QtCore
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.io import session
from dprk_explorer.gui.io.atomic import remove_orphans
from dprk_explorer.gui.io.crash_report import ExceptionReporter, configure_log
from dprk_explorer.gui.io.session import (
    Autosave,
    inspect_lock,
    previous_run_crashed,
    recovered_scenario,
    restore_pins,
)
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import Scenario
from tests.hostile_helpers import data_folder, python, start

BAD_PINS = {
    "a table, not an array": "[pin]\nborder_laxity = 3\n",
    "a string": 'pin = "abc"\n',
    "arrays 5,000 deep": "pin = " + "[" * 5_000 + "]" * 5_000 + "\n",
    "a 5,000-digit integer": "pin = " + "9" * 5_000 + "\n",
    "a 50,000-part key": '"=".' + "a." * 50_000 + "a = 1\n",
    "out of range": "[[pin]]\nborder_laxity = 900\n",
    "not UTF-8": "[[pin]]\nname = '\udcff'\n",
}


def test_a_corrupt_pins_file_does_not_stop_the_start(tmp_path: Path) -> None:
    """The real start with one corrupt pins file; every kind of corruption (5,000-deep arrays
    among them) goes through the same restore_pins in the next test's bounded child."""
    pins = data_folder(tmp_path) / "pins.toml"
    pins.write_text(BAD_PINS["a table, not an array"], encoding="utf-8")
    original = pins.read_bytes()
    stdout, stderr = start(tmp_path)
    assert "pins 0" in stdout
    assert "Pinned scenarios could not be restored" in stdout
    kept = sorted(pins.parent.glob("pins.toml.bad-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == original
    assert str(kept[0]) in stdout  # the message says where
    assert "warning: Pinned scenarios could not be restored" in stderr


RESTORE_EACH = """
import sys, json
from pathlib import Path
from dprk_explorer.gui.application import application
from dprk_explorer.gui.io.session import restore_pins
from dprk_explorer.gui.pins import PinStore
application()
for path in sys.argv[1:]:
    store = PinStore()
    note = restore_pins(store, Path(path))
    print(json.dumps([len(store.pins), note]))
"""


def test_every_corrupt_pins_file_is_one_note_and_kept(tmp_path: Path) -> None:
    paths = []
    for number, text in enumerate(BAD_PINS.values()):
        folder = tmp_path / str(number)
        folder.mkdir()
        path = folder / "pins.toml"
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
        paths.append(path)
    done = python(RESTORE_EACH, *map(str, paths), timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.peak_mb < 400, done.peak_mb
    lines = done.stdout.splitlines()
    assert len(lines) == len(BAD_PINS)
    for path, line, kind in zip(paths, lines, BAD_PINS, strict=True):
        assert line.startswith("[0, ") and "could not be restored" in line, (kind, line)
        assert "kept as" in line and "pins.toml.bad-" in line, (kind, line)
        assert not path.exists() and len(list(path.parent.glob("pins.toml.bad-*"))) == 1


def test_a_session_that_cannot_be_restored_is_kept_beside(tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    (folder / "session.toml").write_text("coal_ban_compliance = 'x'\n", encoding="utf-8")
    (folder / "running.lock").write_text("pid=999999\n", encoding="utf-8")  # a crash
    stdout, _stderr = start(tmp_path)
    kept = sorted(folder.glob("session.toml.bad-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "coal_ban_compliance = 'x'\n"
    assert "could not be restored" in stdout and str(kept[0]) in stdout
    assert (folder / "session.toml").exists()  # the new session, autosaved


def test_a_read_only_app_data_folder_does_not_stop_the_start(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file where the folder should be", encoding="utf-8")
    stdout, stderr = start(tmp_path)
    assert "compliance" in stdout
    assert "cannot be created" in stdout and "Autosave is off" in stdout
    assert "warning:" in stderr
    assert (tmp_path / "data").read_text(encoding="utf-8") == "a file where the folder should be"


def test_a_log_that_cannot_be_written_does_not_stop_the_start(tmp_path: Path) -> None:
    (data_folder(tmp_path) / "dprk-explorer.log").mkdir()
    stdout, stderr = start(tmp_path)
    assert "the log" in stdout and "cannot be written" in stdout
    assert "warning: the log" in stderr


def test_a_lock_that_is_a_folder_is_not_a_crash(tmp_path: Path) -> None:
    folder = data_folder(tmp_path)
    (folder / "running.lock").mkdir()
    (folder / "session.toml").write_text("coal_ban_compliance = 12\n", encoding="utf-8")
    stdout, _stderr = start(tmp_path)
    assert "Restored your session" not in stdout
    assert "compliance 12" not in stdout
    assert "Autosave is off" in stdout and "running.lock" in stdout
    assert (folder / "running.lock").is_dir()


# --- the lock, in process -----------------------------------------------------------------------


def test_a_dead_pid_reused_by_a_live_process_still_shows_the_crash(tmp_path: Path) -> None:
    lock = tmp_path / "running.lock"
    other = subprocess.Popen(["sleep", "30"])
    try:  # the crashed run's PID, now another live process's (as after a reboot)
        lock.write_text(f"pid={other.pid}\nstart=1\nboot=x\n", encoding="utf-8")
        assert previous_run_crashed(lock)
        lock.write_text(f"{other.pid}\ndprk-explorer\nhost\n", encoding="utf-8")  # QLockFile's
        assert previous_run_crashed(lock)
    finally:
        other.kill()
        other.wait()


def test_a_second_instance_says_so_and_keeps_off_the_first_ones_session(
    qtbot: QtBot, tmp_path: Path
) -> None:
    first = ScenarioState(Scenario.default().with_sets(["border_laxity=11"]))
    second = ScenarioState(Scenario.default().with_sets(["border_laxity=22"]))
    path, lock = tmp_path / "session.toml", tmp_path / "running.lock"
    one, two = Autosave(first, path, lock), Autosave(second, path, lock)
    assert one.start() == ""
    assert inspect_lock(lock)[0] == "running" and not previous_run_crashed(lock)
    note = two.start()
    assert f"another explorer (PID {os.getpid()}) is running" in note and "Autosave is off" in note
    two.save_now()
    two.finish()
    assert Scenario.from_file(path)["border_laxity"] == 11
    assert lock.exists()  # the second's exit does not release the first's lock
    one.finish()
    assert not lock.exists()


def test_a_lock_that_cannot_be_created_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = ScenarioState(Scenario.default())
    missing = Autosave(state, tmp_path / "session.toml", tmp_path / "gone" / "running.lock")
    assert "cannot be created (No such file or directory)" in missing.start()

    def full(_fd: int, _data: bytes, _offset: int) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(session.os, "pwrite", full)
    autosave = Autosave(state, tmp_path / "session.toml", tmp_path / "running.lock")
    note = autosave.start()
    assert "Autosave is off" in note and "No space left on device" in note
    assert not autosave.lock.is_locked()


def test_orphaned_temporary_files_are_removed(tmp_path: Path) -> None:
    old = [tmp_path / f".session.toml.{n}.tmp" for n in range(60)]
    old.append(tmp_path / ".pins.toml.abc.dprkx.tmp")
    for path in old:
        path.write_bytes(b"x" * 1000)
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    killed = tmp_path / ".pins.toml.new.dprkx.tmp"  # its writer was killed a moment ago
    killed.write_bytes(b"x")
    old.append(killed)
    fresh = tmp_path / ".session.toml.new.dprkx.tmp"  # a save under way: its writer locks it
    fresh.write_bytes(b"x")
    keep = tmp_path / "notes.tmp"
    keep.write_bytes(b"x")
    os.utime(keep, (time.time() - 3600, time.time() - 3600))
    with fresh.open("rb") as writer:
        fcntl.flock(writer.fileno(), fcntl.LOCK_EX)
        assert sorted(remove_orphans(tmp_path)) == sorted(old)
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name, keep.name]


def test_unrestorable_files_are_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "session.toml"
    path.write_text("x = = 1\n", encoding="utf-8")
    scenario, note = recovered_scenario(path)
    assert scenario is None and "kept as" in note
    assert [p.read_text(encoding="utf-8") for p in tmp_path.glob("session.toml.bad-*")] == [
        "x = = 1\n"
    ]


def test_restore_pins_refuses_more_pins_than_the_store_holds(
    window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "pins.toml"
    path.write_text("[[pin]]\n" * 5, encoding="utf-8")
    assert "5 pins; at most 4" in restore_pins(window.pins, path)
    assert window.pins.pins == []


# --- the window ---------------------------------------------------------------------------------


def test_a_saved_geometry_off_screen_is_brought_back(window: MainWindow) -> None:
    from dprk_explorer.gui.launch import keep_on_screen

    area = window.screen().availableGeometry()
    window.setGeometry(area.right() + 5000, area.bottom() + 5000, 50_000, 40_000)
    keep_on_screen(window)
    frame = window.frameGeometry()
    assert area.contains(frame.topLeft()), (area, frame)  # the title bar is in reach
    # As small as the screen, or as the window's layout allows (it needs ~1,100 px across).
    assert frame.width() <= max(area.width(), 1_200), (area, frame)
    assert frame.height() <= max(area.height(), 1_200), (area, frame)
    window.setGeometry(-9000, -9000, 900, 600)
    keep_on_screen(window)
    assert area.contains(window.frameGeometry().topLeft())


@pytest.mark.qt_no_exception_capture
def test_repeated_errors_share_one_dialog(window: MainWindow, tmp_path: Path) -> None:
    reporter = ExceptionReporter(tmp_path / "app.log", window)
    for number in range(500):  # a paint failing on every frame
        try:
            raise ZeroDivisionError(f"fault {number}")
        except ZeroDivisionError as error:
            reporter.handle(ZeroDivisionError, error, error.__traceback__)
    assert len(reporter.dialogs) == 1 and reporter.repeats == 499
    assert "499 more errors since this one" in reporter.dialogs[0].informativeText()
    assert "fault 499" in (tmp_path / "app.log").read_text(encoding="utf-8")
    reporter.dialogs[0].done(0)
    QtCore.QCoreApplication.processEvents()
    assert reporter.dialogs == []


def test_a_log_that_cannot_be_opened_is_reported_not_raised(tmp_path: Path) -> None:
    folder = tmp_path / "app.log"
    folder.mkdir()
    assert "cannot be written" in configure_log(folder)


LAST_SCENARIO = """
import sys, time
from PySide6 import QtCore
from dprk_explorer.gui.window import last_scenario
settings = QtCore.QSettings(sys.argv[1], QtCore.QSettings.Format.IniFormat)
settings.setValue("session/last_scenario", '"=".' + "a." * 50_000 + "a = 1\\n")
started = time.monotonic()
scenario, note = last_scenario(settings)
print(scenario, round(time.monotonic() - started, 2), note)
"""


def test_the_settings_last_scenario_meets_the_same_guard(tmp_path: Path) -> None:
    done = python(LAST_SCENARIO, str(tmp_path / "settings.ini"), timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("None ") and "more than 64 dotted parts" in done.stdout
    assert done.peak_mb < 300, done.peak_mb

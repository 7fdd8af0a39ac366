"""Autosave and crash recovery: the session is written (debounced, atomically) to the
application-data folder; a lock file marks a running session, so the next start can tell a
clean exit from a crash or `kill -9` and restore what was on screen.

The lock is `running.lock`, held with flock(2) for as long as the app runs. The kernel drops
the hold when the process dies however it dies, so "the file is there and nobody holds it" means
the last run did not exit cleanly, whatever process now has its old PID (a PID alone is reused).
A second instance finds the hold taken: it says so and does not autosave, so the two never
overwrite each other's session. The file records the holder's PID, its start time (from /proc)
and the boot id, for the message and for people reading it.

A session or pins file that cannot be restored is never overwritten: it is renamed beside
itself (`session.toml.bad-YYYYMMDD-HHMMSS`) and the message says where.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import stat
from pathlib import Path
from typing import Any

from PySide6 import QtCore

from dprk_explorer.gui.io.atomic import WriteError, write_text
from dprk_explorer.gui.pins import MAX_PINS, PinStore
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.model import Scenario, ScenarioError, evaluate
from dprk_explorer.model.core import toml_io
from dprk_explorer.model.core.scenario import MAX_TEXT_CHARS
from dprk_explorer.model.record.record import record_scenario

AUTOSAVE_DELAY_MS = 800


def _read_small(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[:200].strip()
    except OSError:
        return ""


def process_start(pid: int) -> str:
    """The start time of process `pid` in clock ticks since boot (field 22 of /proc/PID/stat),
    or "" where there is no /proc."""
    text = _read_small(Path(f"/proc/{pid}/stat")) if pid > 0 else ""
    fields = text.rpartition(")")[2].split()
    return fields[19] if len(fields) > 19 else ""


def boot_id() -> str:
    return _read_small(Path("/proc/sys/kernel/random/boot_id"))


class LockState:
    """What `running.lock` says: nothing (clean), crashed, held by another instance, or unusable."""

    CLEAN = "clean"
    CRASHED = "crashed"
    RUNNING = "running"
    UNUSABLE = "unusable"


def inspect_lock(lock_path: Path) -> tuple[str, str]:
    """The lock's state and, for RUNNING and UNUSABLE, a sentence for the user."""
    try:
        info = os.stat(lock_path, follow_symlinks=False)
    except FileNotFoundError:
        return LockState.CLEAN, ""
    except OSError as error:
        return LockState.UNUSABLE, f"{lock_path} cannot be read ({error.strerror})"
    if not stat.S_ISREG(info.st_mode):
        return LockState.UNUSABLE, f"{lock_path} is not a regular file (remove it)"
    try:
        descriptor = os.open(lock_path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        return LockState.UNUSABLE, f"{lock_path} cannot be read ({error.strerror})"
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = lock_holder(lock_path)
            return LockState.RUNNING, f"another explorer (PID {holder or 'unknown'}) is running"
        except OSError:
            pass  # a file system without flock: take the file as left behind
        return LockState.CRASHED, ""
    finally:
        os.close(descriptor)


def lock_holder(lock_path: Path) -> str:
    first = _read_small(lock_path).splitlines()
    return first[0].removeprefix("pid=") if first else ""


def previous_run_crashed(lock_path: Path) -> bool:
    """A lock file left behind, and no live process holds it: the last run did not exit
    cleanly. A lock that is a folder or unreadable is no evidence of a crash."""
    return inspect_lock(lock_path)[0] == LockState.CRASHED


class SessionLock:
    """running.lock, held (flock) while this instance runs; released and removed at a clean
    exit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._descriptor: int | None = None

    def is_locked(self) -> bool:
        return self._descriptor is not None

    def try_lock(self) -> str:
        """Take the lock; "" on success, else why not (another instance, a full disk, ...)."""
        if self._descriptor is not None:
            return ""
        try:
            descriptor = os.open(
                self.path,
                os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOFOLLOW,
                0o644,
            )
        except OSError as error:
            return f"the lock {self.path} cannot be created ({error.strerror})"
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                os.close(descriptor)
                return f"the lock {self.path} is not a regular file"
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return f"another explorer (PID {lock_holder(self.path) or 'unknown'}) is running"
        except OSError as error:
            os.close(descriptor)
            return f"the lock {self.path} cannot be taken ({error.strerror})"
        pid = os.getpid()
        record = f"pid={pid}\nstart={process_start(pid)}\nboot={boot_id()}\n".encode()
        try:
            os.ftruncate(descriptor, 0)
            if os.pwrite(descriptor, record, 0) != len(record):
                raise OSError(28, "No space left on device")
            os.fsync(descriptor)
        except OSError as error:
            # Held by no one from here, an empty lock left behind would read as a crash at the
            # next start: removed while still held (a full disk allows a removal).
            try:
                self.path.unlink()
            except OSError:
                pass
            os.close(descriptor)
            return f"the lock {self.path} cannot be written ({error.strerror})"
        self._descriptor = descriptor
        return ""

    def unlock(self) -> None:
        """A clean exit: remove the file, then let go of it."""
        if self._descriptor is None:
            return
        try:
            self.path.unlink()
        except OSError:
            pass
        os.close(self._descriptor)
        self._descriptor = None


def keep_aside(path: Path) -> Path | None:
    """Rename a file that could not be restored to `<name>.bad-YYYYMMDD-HHMMSS` beside it, so
    the next autosave cannot overwrite it; the new path, or None if it could not be moved."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.bad-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.bad-{stamp}-{number}")
    try:
        os.rename(path, aside)
    except OSError:
        return None
    return aside


def _kept_note(path: Path) -> str:
    aside = keep_aside(path)
    if aside is None:
        return f"; {path} could not be renamed and is left as it is"
    return f"; the file is kept as {aside}"


def pins_text(store: PinStore) -> str:
    """Every pin as a TOML table `[[pin]]` holding a complete scenario file (written by the
    scenario's own writer, its schedule the pin's own sub-table)."""
    blocks = []
    for pin in store.pins:
        scenario = pin.result.scenario.renamed(name=pin.name[: MAX_TEXT_CHARS["name"]])
        blocks.append(scenario.to_toml(table="pin"))
    return "\n".join(blocks)


def _pin_tables(data: dict[str, Any], where: str) -> list[dict[str, Any]]:
    extra = [key for key in data if key != "pin"]
    tables = data.get("pin", [])
    if extra or not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ScenarioError(f"{where}expected only [[pin]] tables, each a scenario")
    if len(tables) > MAX_PINS:
        raise ScenarioError(f"{where}{len(tables)} pins; at most {MAX_PINS}")
    return tables


def restore_pins(store: PinStore, path: Path) -> str:
    """Re-pin what the last session had pinned; a note for the status bar if the file was bad
    (then it is kept aside and no pin is restored)."""
    if not os.path.lexists(path):
        return ""
    where = f"{path}: "
    try:
        text = toml_io.read_text(path, where, "a pins file")
        tables = _pin_tables(toml_io.loads(text, where), where)
        scenarios = [
            Scenario.from_mapping(table, where=where, record=record_scenario) for table in tables
        ]
    except (toml_io.TomlError, ScenarioError) as error:
        return f"Pinned scenarios could not be restored ({error}){_kept_note(path)}"
    for scenario in scenarios:
        store.pin(scenario.name, evaluate(scenario))
    return ""


def recovered_scenario(session_path: Path) -> tuple[Scenario | None, str]:
    """The autosaved scenario and the status-bar note; None if there is nothing usable (then a
    bad file is kept aside, never overwritten)."""
    if not os.path.lexists(session_path):
        return None, ""
    try:
        scenario = Scenario.from_file(session_path, record=record_scenario)
    except ScenarioError as error:
        note = f"The autosaved session could not be restored ({error}){_kept_note(session_path)}"
        return None, note
    return scenario, "Restored your session after an unexpected exit"


class Autosave(QtCore.QObject):
    """Writes the current scenario shortly after every change, and once more at a clean exit.
    It writes only while it holds the lock: a second instance, or one that cannot take the lock,
    does not autosave (and says why)."""

    def __init__(
        self,
        state: ScenarioState,
        session_path: Path,
        lock_path: Path,
        pins: PinStore | None = None,
    ) -> None:
        super().__init__(state)
        self.state = state
        self.session_path = session_path
        self.pins = pins
        self.pins_path = session_path.with_name("pins.toml")
        self.lock = SessionLock(lock_path)
        self.saves = 0
        #: False once start() finds the lock taken or unusable: then nothing is autosaved.
        self.enabled = True
        self.problem = ""
        self._warned = False
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        state.scenarioChanged.connect(lambda _scenario: self._timer.start())
        if pins is not None:
            pins.pinsChanged.connect(lambda _pins: self._timer.start())

    def start(self) -> str:
        """Take the lock and save; "" or the sentence saying why autosave is off."""
        problem = self.lock.try_lock()
        if problem:
            self.enabled = False
            self.problem = f"Autosave is off: {problem}. Save your work with File → Save."
            return self.problem
        self.save_now()
        return ""

    def save_now(self) -> None:
        self._timer.stop()
        if not self.enabled:
            return
        try:
            write_text(self.session_path, self.state.scenario.to_toml())
            if self.pins is not None:
                write_text(self.pins_path, pins_text(self.pins))
        except WriteError as error:
            if not self._warned:  # say it once, not on every slider move
                self._warned = True
                self.state.message.emit(f"Autosave failed: {error}")
            return
        self.saves += 1

    def finish(self) -> None:
        """A clean exit: save, then release the lock so the next start restores nothing."""
        self.save_now()
        self.lock.unlock()

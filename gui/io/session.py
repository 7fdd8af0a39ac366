"""Autosave and crash recovery: the session is written (debounced, atomically) to the
application-data folder; a lock file marks a running session, so the next start can tell a
clean exit from a crash or `kill -9` and restore what was on screen."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from PySide6 import QtCore

from dprk_explorer.gui.io.atomic import WriteError, write_text
from dprk_explorer.gui.pins import PinStore
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.model import Scenario, ScenarioError, evaluate

AUTOSAVE_DELAY_MS = 800


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def previous_run_crashed(lock_path: Path) -> bool:
    """A lock file left by a process that is no longer running: it did not exit cleanly."""
    if not lock_path.exists():
        return False
    pid, _host, _app = QtCore.QLockFile(str(lock_path)).getLockInfo()  # pid 0: unreadable
    return pid <= 0 or not _pid_alive(pid)


def pins_text(store: PinStore) -> str:
    """Every pin as a TOML table `[[pin]]` holding a complete scenario file."""
    blocks = []
    for pin in store.pins:
        scenario = pin.result.scenario.renamed(name=pin.name)
        blocks.append("[[pin]]\n" + scenario.to_toml())
    return "\n".join(blocks)


def restore_pins(store: PinStore, path: Path) -> str:
    """Re-pin what the last session had pinned; a note for the status bar if a pin was bad."""
    if not path.exists():
        return ""
    try:
        tables = tomllib.loads(path.read_text(encoding="utf-8")).get("pin", [])
        scenarios = [Scenario.from_mapping(table, where=f"{path}: ") for table in tables]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ScenarioError, TypeError) as e:
        return f"Pinned scenarios could not be restored ({e})"
    for scenario in scenarios:
        store.pin(scenario.name, evaluate(scenario))
    return ""


def recovered_scenario(session_path: Path) -> tuple[Scenario | None, str]:
    """The autosaved scenario and the status-bar note; None if there is nothing usable."""
    if not session_path.exists():
        return None, ""
    try:
        scenario = Scenario.from_file(session_path)
    except ScenarioError as error:
        return None, f"The autosaved session could not be restored ({error})"
    return scenario, "Restored your session after an unexpected exit"


class Autosave(QtCore.QObject):
    """Writes the current scenario shortly after every change, and once more at a clean exit."""

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
        self.lock = QtCore.QLockFile(str(lock_path))
        self.lock.setStaleLockTime(0)  # a lock is stale only when its process is gone
        self.saves = 0
        self._warned = False
        self._timer = QtCore.QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        state.scenarioChanged.connect(lambda _scenario: self._timer.start())
        if pins is not None:
            pins.pinsChanged.connect(lambda _pins: self._timer.start())

    def start(self) -> None:
        self.lock.tryLock(0)  # removes a stale lock left by a crashed run
        self.save_now()

    def save_now(self) -> None:
        self._timer.stop()
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

"""Running a hostile case so that a regression fails instead of eating the machine: a child
process with an address-space limit and a timeout, its wall time and peak memory measured."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from tests.gui_helpers import CLI, app_env, cli_in_process

REPO = Path(__file__).resolve().parents[1]
#: Qt and numpy reserve virtual memory well beyond what they use; 1.5 GB of address space is
#: room for them and far below what the faults took (2.5-14 GB).
ADDRESS_SPACE = 1_500_000_000
#: What "done" allows a refusal: 300 MB. Its time is no test's business (tests never assert on
#: wall-clock time: a loaded machine failed them); a refusal that hangs hits the child's timeout.
REFUSAL_MB = 300
PREFIX = "dprk-explorer: error: "


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    #: The child's peak RSS; None for a case run in-process (`in_process`), which has none.
    peak_mb: float | None
    timed_out: bool


#: Runs in a small fresh interpreter, which starts the case: a child forked straight from pytest
#: would count pytest's own memory (hundreds of MB) in its peak, since Linux keeps the peak of
#: the image replaced at exec. This one's image is a few MB. It writes the child's exit status,
#: time and peak RSS (wait4) as JSON to the file named first.
_RUNNER = """
import json, os, resource, signal, subprocess, sys, time
result, limit, timeout, argv = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4:]
def prepare():
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.setsid()  # its own group: a timeout ends every process it started
start = time.monotonic()
child = subprocess.Popen(argv, preexec_fn=prepare)
timed_out = False
while True:
    pid, status, usage = os.wait4(child.pid, os.WNOHANG)
    if pid:
        break
    if time.monotonic() - start > timeout:
        timed_out = True
        os.killpg(child.pid, signal.SIGKILL)
        pid, status, usage = os.wait4(child.pid, 0)
        break
    time.sleep(0.005)
child.returncode = 0
with open(result, "w") as out:
    json.dump([os.waitstatus_to_exitcode(status), time.monotonic() - start,
               usage.ru_maxrss / 1024, timed_out], out)
"""


def bounded(
    argv: list[str],
    *,
    timeout: float = 60.0,
    env: dict[str, str] | None = None,
    stdin: int | None = subprocess.DEVNULL,
) -> Done:
    """Run `argv` under the limits; its exit status, output, wall time and peak RSS."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as folder,
    ):
        result = Path(folder) / "result.json"
        runner = [sys.executable, "-I", "-c", _RUNNER, str(result), str(ADDRESS_SPACE)]
        subprocess.run(
            [*runner, str(timeout), *argv],
            stdin=stdin,
            stdout=out,
            stderr=err,
            cwd=REPO,
            env=env,
            timeout=timeout + 30,
            check=False,
        )
        returncode, seconds, peak_mb, timed_out = json.loads(result.read_text(encoding="utf-8"))
        out.seek(0)
        err.seek(0)
        return Done(
            returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            peak_mb,
            timed_out,
        )


def cli(*args: str, timeout: float = 60.0, **kwargs: object) -> Done:
    return bounded([CLI, *args], timeout=timeout, **kwargs)  # type: ignore[arg-type]


def python(code: str, *args: str, timeout: float = 90.0, home: Path | None = None) -> Done:
    """`code` in a fresh interpreter under the limits (headless Qt, its own app-data folder)."""
    env = app_env(home) if home is not None else {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return bounded([sys.executable, "-c", code, *args], timeout=timeout, env=env)


class Overran(BaseException):
    """`in_process`'s timer went off. Not an Exception: no handler of the command's can turn it
    into a refusal."""


def in_process(*args: str, timeout: float = 60.0) -> Done:
    """The console script's entry function in this process under a timer, for the cases that
    open nothing that can run away (a message's wording, its digits, an argument's length): a
    child's start (~0.5 s of CPU) was their whole cost. A hang fails at the timer; memory is
    not measured (the cases that could exhaust it run in a bounded child: `cli`)."""

    def overran(_signum: int, _frame: FrameType | None) -> None:
        raise Overran(f"no answer in {timeout:.0f} s")

    previous = signal.signal(signal.SIGALRM, overran)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    start = time.monotonic()
    try:
        done = cli_in_process(*args)
    except Overran:
        return Done(-1, "", "", time.monotonic() - start, None, True)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return Done(done.returncode, done.stdout, done.stderr, time.monotonic() - start, None, False)


def assert_refused(done: Done, *needles: str) -> str:
    """Exit 2, one line on stderr starting with the program's prefix, no traceback, nothing on
    stdout; before the child's timeout and within the memory a refusal may take."""
    assert not done.timed_out, f"no answer in time ({done.seconds:.1f} s)"
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr[-2000:]
    assert lines[0].startswith(PREFIX), lines[0]
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    assert done.peak_mb is None or done.peak_mb < REFUSAL_MB, f"{done.peak_mb:.0f} MB"
    return lines[0]


# --- the real window, started on its own application-data folder --------------------------------

#: Starts the real app as a user does (launch.run_window: crash recovery, pins, autosave), lets
#: it settle, reports what it shows and quits cleanly. One "pin" line per pin: its name and its
#: scenario's file text, as JSON.
START_AND_REPORT = """
import json, sys
from PySide6 import QtCore, QtWidgets
from dprk_explorer.gui import launch
from dprk_explorer.gui.window import MainWindow
app = launch.application()
def report():
    window = next(w for w in QtWidgets.QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    print("compliance", window.state.scenario["coal_ban_compliance"])
    print("pins", len(window.pins.pins))
    for pin in window.pins.pins:
        print("pin", json.dumps([pin.name, pin.result.scenario.renamed(pin.name).to_toml()]))
    print("status", window.status.currentMessage())
    app.quit()
QtCore.QTimer.singleShot(300, report)
sys.exit(launch.run_window(None))
"""


def data_folder(home: Path) -> Path:
    folder = home / "data" / "dprk-explorer" / "dprk-explorer"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def start(home: Path, script: str = START_AND_REPORT, *args: str) -> tuple[str, str]:
    """Start the real window on `home`, let it settle, quit; its stdout and stderr."""
    done = python(script, *args, home=home, timeout=90)
    assert not done.timed_out and done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.peak_mb < 600, f"{done.peak_mb:.0f} MB"  # the whole window, started
    return done.stdout, done.stderr

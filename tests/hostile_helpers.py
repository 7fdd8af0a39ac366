"""Running a hostile case so that a regression fails instead of eating the machine: a child
process with an address-space limit and a timeout, its wall time and peak memory measured."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.gui_helpers import CLI, app_env

REPO = Path(__file__).resolve().parents[1]
#: Qt and numpy reserve virtual memory well beyond what they use; 1.5 GB of address space is
#: room for them and far below what the faults took (2.5-14 GB).
ADDRESS_SPACE = 1_500_000_000
#: What "done" allows a refusal: under 2 s and 300 MB (generous here: the suite runs two jobs
#: on two cores, and an interpreter start with pandas is most of it).
REFUSAL_S = 2.0
REFUSAL_MB = 300
PREFIX = "dprk-explorer: error: "
#: A slow CI machine running two test jobs: an interpreter start is counted on top.
STARTUP_ALLOWANCE_S = 1.0


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    timed_out: bool


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
    os.setsid()  # its own group: a timeout ends every process it started


def bounded(
    argv: list[str],
    *,
    timeout: float = 60.0,
    env: dict[str, str] | None = None,
    stdin: int | None = subprocess.DEVNULL,
) -> Done:
    """Run `argv` under the limits; its exit status, output, wall time and peak RSS (wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        child = subprocess.Popen(
            argv, stdin=stdin, stdout=out, stderr=err, cwd=REPO, env=env, preexec_fn=_limit
        )
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
            time.sleep(0.01)
        seconds = time.monotonic() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Done(
            child.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            seconds,
            usage.ru_maxrss / 1024,
            timed_out,
        )


def cli(*args: str, timeout: float = 60.0, **kwargs: object) -> Done:
    return bounded([CLI, *args], timeout=timeout, **kwargs)  # type: ignore[arg-type]


def python(code: str, *args: str, timeout: float = 90.0, home: Path | None = None) -> Done:
    """`code` in a fresh interpreter under the limits (headless Qt, its own app-data folder)."""
    env = app_env(home) if home is not None else {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return bounded([sys.executable, "-c", code, *args], timeout=timeout, env=env)


def assert_refused(done: Done, *needles: str, seconds: float = REFUSAL_S) -> str:
    """Exit 2, one line on stderr starting with the program's prefix, no traceback, nothing on
    stdout; within the time and memory a refusal may take."""
    assert not done.timed_out, f"no answer in time ({done.seconds:.1f} s)"
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr[-2000:]
    assert lines[0].startswith(PREFIX), lines[0]
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    assert done.seconds < seconds + STARTUP_ALLOWANCE_S, f"{done.seconds:.2f} s"
    assert done.peak_mb < REFUSAL_MB, f"{done.peak_mb:.0f} MB"
    return lines[0]

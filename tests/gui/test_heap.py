"""The app keeps its analysis's temporaries mapped between runs (gui/heap.py): a second run
of the same allocation faults no fresh pages in. In a child process: the setting is global."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CHILD = """
import resource, sys
import numpy as np
from dprk_explorer.gui.heap import keep_freed_memory
took = keep_freed_memory() if sys.argv[1] == "keep" else False
def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
def run():  # a dozen 480 KB arrays alive at once, then freed: a Monte Carlo run's pattern
    arrays = [np.ones((1000, 60)) for _ in range(12)]
    del arrays
for _ in range(3):  # warm up: the first runs map the memory
    run()
before = faults()
for _ in range(20):
    run()
print(took, (faults() - before) / 20)
"""


def _run(mode: str) -> tuple[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    took, faults = done.stdout.split()
    return took, float(faults)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator only")
def test_freed_analysis_memory_stays_mapped() -> None:
    took, kept_faults = _run("keep")
    assert took == "True"
    _, default_faults = _run("default")
    assert default_faults > 1000  # glibc trims the freed 5.8 MB: ~1,400 pages each run
    assert kept_faults < 10


def test_the_app_keeps_freed_memory_before_its_window() -> None:
    import inspect

    from dprk_explorer.gui import launch

    source = inspect.getsource(launch.run_window)
    assert source.index("keep_freed_memory()") < source.index("application()")


def test_a_paused_collector_runs_again_and_a_disabled_one_stays_off() -> None:
    import gc

    from dprk_explorer.gui.heap import pause_collection, resume_collection

    assert gc.isenabled()
    try:
        pause_collection()
        assert not gc.isenabled()
        resume_collection()
        assert gc.isenabled()
        gc.disable()  # someone else's choice: neither call overrides it
        pause_collection()
        resume_collection()
        assert not gc.isenabled()
    finally:
        gc.enable()


#: The real command (cli.main, --screenshot) in a child: whether the collector ran while the
#: window was built, and while the event loop drew and saved it.
SCREENSHOT_CHILD = """
import gc, sys
from dprk_explorer.gui import cli, launch
seen = {}
build, save = launch.MainWindow, launch.save_png_atomically
def window(*args, **kwargs):
    seen["build"] = gc.isenabled()
    return build(*args, **kwargs)
def saved(*args):
    seen["loop"] = gc.isenabled()
    save(*args)
launch.MainWindow, launch.save_png_atomically = window, saved
code = cli.main(["--screenshot", sys.argv[1]])
print(code, seen["build"], seen["loop"], gc.isenabled())
"""


def test_start_up_builds_the_window_without_collections_and_the_app_runs_with_them(
    tmp_path: Path,
) -> None:
    out = tmp_path / "w.png"
    done = subprocess.run(
        [sys.executable, "-c", SCREENSHOT_CHILD, str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "False", "True", "True"]
    assert out.stat().st_size > 0

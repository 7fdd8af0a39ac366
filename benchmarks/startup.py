"""Start-up through the real entry point: the installed `dprk-explorer` timed as a whole process,
alternated run by run with the bare `python -c "import PySide6.QtWidgets, pyqtgraph"` (the floor
no Qt app of this kind can start under), so a machine that speeds up or slows down part-way
through biases neither.

Measured, each as a ratio to the floor (issue 26's budgets):
- first paint: the window until every plot has painted (DPRK_EXPLORER_QUIT_AFTER_PAINT=1),
  <= 1.3x;
- `--screenshot OUT.png`: the window drawn, its analysis in, the PNG written, <= 1.6x;
- `export --out brief.png` and `.pdf`: the one-page brief headless, <= 1.6x.

Also each process's CPU time (user + system, from its rusage) and the same ratio on it: on a
machine shared with other work the wall clock moves with the load, the CPU time much less, so
it is the steadier figure to compare two versions by (the budgets are on the wall clock). And
the peak resident memory of each process (ru_maxrss of the child). Every run has its own
HOME, so no settings or session of the developer's are read or written. Prints one line per
measurement and, last, one JSON object.

Before timing, the installed package is byte-compiled (`compileall` on its own folders, as
`pip install .` does at install): a user's start reads our modules' .pyc as it reads PySide6's
and numpy's. Without it, a machine with PYTHONDONTWRITEBYTECODE=1 compiles our ~100 modules from
source on every start (~0.1 s), which no user pays. In the strict editable install the folders
are build/__editable__.../dprk_explorer/* (links to the sources; their __pycache__ lands there);
a package folder that is the source tree itself (a plain `pip install -e .`) is left alone, and
the printout says so.
"""

from __future__ import annotations

import compileall
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = int(os.environ.get("STARTUP_RUNS", "7"))
#: The console script installed beside the interpreter running this (a venv's bin/).
ENTRY = str(Path(sys.executable).with_name("dprk-explorer"))
BUDGETS = {"first_paint": 1.3, "screenshot": 1.6, "export_png": 1.6, "export_pdf": 1.6}
#: The project's own checkout: nothing is ever written under its source folders.
CHECKOUT = Path(__file__).resolve().parents[1]
SOURCE_FOLDERS = tuple(CHECKOUT / name for name in ("gui", "model", "resources", "docs"))


def byte_compile_installed() -> str:
    """Byte-compile the installed `dprk_explorer` as pip does at install; one line saying what."""
    spec = importlib.util.find_spec("dprk_explorer")  # a namespace package: nothing runs
    if spec is None or not spec.submodule_search_locations:
        sys.exit("dprk_explorer is not installed: pip install -e . first")
    compiled, left = [], []
    for location in spec.submodule_search_locations:
        for folder in sorted(Path(location).iterdir()):
            if not folder.is_dir():
                continue
            real = folder.resolve()
            if any(real == src or src in real.parents for src in SOURCE_FOLDERS):
                left.append(str(folder))  # the source tree itself: never written into
                continue
            if not compileall.compile_dir(folder, quiet=2):
                sys.exit(f"could not byte-compile {folder}")
            compiled.append(folder.name)
    line = f"byte-compiled as pip installs it: {', '.join(compiled) or 'nothing'} in {location}"
    if left:
        line += f"; left as source (compiled on every start): {', '.join(left)}"
    return line


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds of one whole process, its CPU seconds (user + system) and its peak resident
    memory (MB), from its own rusage."""
    start = time.perf_counter()
    child = subprocess.Popen(
        args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert child.stderr is not None
    errors = child.stderr.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{args[1:]} exited {child.returncode}: {errors[-400:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss * 1024 / 1e6  # KiB on Linux


def main() -> None:
    if not Path(ENTRY).exists():
        sys.exit(f"no {ENTRY}: install the package (pip install -e .) first")
    print(byte_compile_installed())
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_RUNTIME_DIR": str(home),
        }
        commands = {
            "floor": [sys.executable, "-c", "import PySide6.QtWidgets, pyqtgraph"],
            "first_paint": [ENTRY],
            "screenshot": [ENTRY, "--screenshot", str(home / "shot.png")],
            "export_png": [ENTRY, "export", "--out", str(home / "brief.png")],
            "export_pdf": [ENTRY, "export", "--out", str(home / "brief.pdf")],
        }
        paint_env = {**env, "DPRK_EXPLORER_QUIT_AFTER_PAINT": "1"}
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, list[float]] = {name: [] for name in commands}
        for args in commands.values():  # warm the file cache once
            subprocess.run(args, env=paint_env, capture_output=True)
        for _ in range(RUNS):
            for name, args in commands.items():
                wall, cpu, peak = timed(args, paint_env if name == "first_paint" else env)
                walls[name].append(wall)
                cpus[name].append(cpu)
                peaks[name].append(peak)
    figures: dict[str, float] = {}
    floor = statistics.median(walls["floor"])
    figures["import_floor_s"] = floor
    figures["import_floor_cpu_s"] = statistics.median(cpus["floor"])
    figures["import_floor_peak_rss_mb"] = statistics.median(peaks["floor"])
    print(
        f"import floor (bare PySide6.QtWidgets + pyqtgraph): {floor:.3f} s ({RUNS} runs), "
        f"CPU {figures['import_floor_cpu_s']:.3f} s, "
        f"peak RSS {figures['import_floor_peak_rss_mb']:.0f} MB"
    )
    for name, budget in BUDGETS.items():
        median = statistics.median(walls[name])
        # The ratio of each run to the floor run beside it, then their median: pairs share
        # the machine's load of the moment.
        ratios = [w / f for w, f in zip(walls[name], walls["floor"], strict=True)]
        figures[f"{name}_s"] = median
        figures[f"{name}_ratio"] = statistics.median(ratios)
        cpu_ratios = [c / f for c, f in zip(cpus[name], cpus["floor"], strict=True)]
        figures[f"{name}_cpu_s"] = statistics.median(cpus[name])
        figures[f"{name}_cpu_ratio"] = statistics.median(cpu_ratios)
        figures[f"{name}_peak_rss_mb"] = statistics.median(peaks[name])
        print(
            f"{name}: {median:.3f} s, {figures[f'{name}_ratio']:.2f}x the floor (budget "
            f"{budget}); CPU {figures[f'{name}_cpu_s']:.3f} s, "
            f"{figures[f'{name}_cpu_ratio']:.2f}x the floor's; "
            f"peak RSS {figures[f'{name}_peak_rss_mb']:.0f} MB"
        )
    print(json.dumps({k: round(v, 3) for k, v in figures.items()}))


if __name__ == "__main__":
    main()

"""What `pip install` puts in site-packages: one import package, dprk_explorer, and a working
console script even beside other distributions that ship top-level `model` or `gui` packages."""

from __future__ import annotations

import importlib
import importlib.metadata
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.gui_helpers import CLI

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the sources (the repository's own build/ stays untouched)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    for folder in ("gui", "model", "resources", "docs"):
        shutil.copytree(
            REPO / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (built,) = out.glob("dprk_explorer-*.whl")
    return built


def test_the_wheel_installs_one_top_level_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (top_level,) = [n for n in names if n.endswith(".dist-info/top_level.txt")]
        assert archive.read(top_level).decode().split() == ["dprk_explorer"]
    tops = {name.split("/")[0] for name in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"dprk_explorer"}
    # The data and the typing marker ship inside the package.
    assert "dprk_explorer/resources/parameters.toml" in names
    assert "dprk_explorer/model/py.typed" in names


def test_the_console_script_points_at_a_real_function(wheel: Path) -> None:
    """The wheel as built from pyproject.toml, and the installed metadata, name a callable."""
    import configparser

    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
        parser = configparser.ConfigParser()
        parser.read_string(archive.read(entry_points).decode())
    target = parser["console_scripts"]["dprk-explorer"]
    module, _, function = target.partition(":")
    assert callable(getattr(importlib.import_module(module), function, None)), target
    (script,) = importlib.metadata.entry_points(group="console_scripts", name="dprk-explorer")
    assert callable(script.load())


def test_other_top_level_model_and_gui_packages_do_not_shadow_ours(tmp_path: Path) -> None:
    """Another distribution's `model/__init__.py` (a common name) on the path changes nothing."""
    for name in ("model", "gui", "resources"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("raise ImportError('not ours')\n")
    done = subprocess.run(
        [CLI, "presets"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "china_2017_suspension" in done.stdout

"""The headless commands print nothing but their result or one error line."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.gui_helpers import CLI, cli_in_process


def _headless_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    return env


def test_export_and_screenshot_print_no_qt_platform_chatter(tmp_path: Path) -> None:
    for args in (
        ["export", "--out", str(tmp_path / "brief.png"), "--dpi", "72"],
        ["--screenshot", str(tmp_path / "window.png")],
    ):
        done = subprocess.run(
            [CLI, *args], capture_output=True, text=True, env=_headless_env(), timeout=120
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr == "" and done.stdout == ""


def test_version_prints_the_installed_version() -> None:
    from dprk_explorer.gui.text.names import app_version

    done = subprocess.run([CLI, "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout.strip() == f"dprk-explorer {app_version()}"
    assert app_version() != "dev"  # the installed metadata is found


def test_the_version_is_read_from_the_installed_metadata_without_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Captions and exports read the wheel's METADATA themselves (importlib.metadata costs an
    export's start ~40 ms): the same version as importlib.metadata's, or 'dev' uninstalled."""
    import importlib.metadata
    import sys

    from dprk_explorer.gui.text.names import (
        DISTRIBUTION,
        UNKNOWN_VERSION,
        app_version,
        installed_version,
    )

    assert installed_version() == importlib.metadata.version(DISTRIBUTION)
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert installed_version() is None
    assert app_version() == UNKNOWN_VERSION
    info = tmp_path / "dprk_explorer-9.8.7.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: dprk-explorer\nVersion: 9.8.7\n")
    assert app_version() == "9.8.7"


def test_a_mistyped_parameter_gets_a_did_you_mean() -> None:
    done = cli_in_process("run", "--set", "border_laxty=30")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "dprk-explorer: error: --set: unknown key 'border_laxty'; did you mean 'border_laxity'? "
        "(`dprk-explorer --help` lists the allowed keys)"
    )


def test_no_negative_zero_and_csv_rounded_as_shown() -> None:
    import csv
    import io

    done = cli_in_process("run", "--preset", "pre_ban_2016", "--format", "json")
    assert done.returncode == 0 and "-0.0" not in done.stdout
    done = cli_in_process("run", "--preset", "post_singapore_2018", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    for row in rows:
        for key in ("baseline_usd_m", "scenario_usd_m", "change_usd_m"):
            decimals = row[key].partition(".")[2]
            assert len(decimals) <= 2 and not row[key].startswith("-0.0"), row

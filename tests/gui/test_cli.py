"""The command line is a contract tested from outside: JSON keys, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dprk_explorer.gui.cli import main
from dprk_explorer.model import PARAMETERS, PRESETS
from dprk_explorer.model.sources.resources import CHANNEL_IDS
from tests.gui_helpers import CLI, app_env, cli_in_process

REPO = Path(__file__).resolve().parents[2]
CONTRACT_KEYS = {
    "scenario",
    "channels",
    "coal_loss_usd_m",
    "offsets_usd_m",
    "offset_ratio",
    "total_baseline_usd_m",
    "total_scenario_usd_m",
    "net_change_usd_m",
}


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed entry point's code path, in a fresh interpreter, as a user would call it."""
    env = dict(os.environ)
    return subprocess.run(
        [CLI, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )


def test_json_has_the_promised_keys_and_full_ban_loses_sourced_coal() -> None:
    done = run_cli("run", "--format", "json", "--set", "coal_ban_compliance=100")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert CONTRACT_KEYS <= set(data)
    assert set(PARAMETERS) <= set(data["scenario"])
    ids = {row["channel"] for row in data["channels"]}
    assert {"coal", "smuggling", "overseas_labour"} <= ids
    for row in data["channels"]:
        assert set(row) >= {"channel", "baseline_usd_m", "scenario_usd_m"}
    assert data["coal_loss_usd_m"] == 1180.0  # China customs 2016 (resources/baseline_channels.csv)
    assert data["offset_ratio"] == pytest.approx(sum(data["offsets_usd_m"].values()) / 1180.0)
    assert "PySide6" not in done.stderr


def test_run_loads_no_qt() -> None:
    env = dict(os.environ)
    code = (
        "import sys; from dprk_explorer.gui.cli import main; main(['run', '--format', 'csv']); "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))]; "
        "sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr


#: What the window's first paint never needs: the tables `run` prints (pandas), the
#: calibration (scipy), the workbook export (openpyxl). Loading them cost start-up 0.3 s+.
NOT_BEFORE_FIRST_PAINT = ("pandas", "scipy", "openpyxl", "matplotlib")


def test_the_window_paints_without_loading_what_it_does_not_draw(tmp_path: Path) -> None:
    """The command's own start, through `main` as the console script calls it, until every
    plot has painted: none of the heavy libraries first paint has no use for is loaded."""
    heavy = set(NOT_BEFORE_FIRST_PAINT)
    code = (
        "import sys; from dprk_explorer.gui.cli import main; code = main([]); "
        f"loaded = sorted({{m.split('.')[0] for m in sys.modules}} & {heavy!r}); "
        "print(','.join(loaded)); sys.exit(code)"
    )
    env = {**app_env(tmp_path), "DPRK_EXPLORER_QUIT_AFTER_PAINT": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-800:]
    assert done.stdout.strip() == "", f"loaded before first paint: {done.stdout.strip()}"


def test_nothing_lost_gives_null_ratio(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--format", "json", "--preset", "pre_ban_2016"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["offset_ratio"] is None
    assert data["net_change_usd_m"] == 0.0


def test_table_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--preset", "china_2017_suspension"]) == 0
    out = capsys.readouterr().out
    assert "Coal revenue lost:  1,180.0 USD m/yr" in out
    assert "Smuggling of other banned goods" in out
    assert "Routes won back:" in out
    assert main(["run", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "channel,label,baseline_usd_m,scenario_usd_m,change_usd_m"
    assert len(lines) == len(CHANNEL_IDS) + 1


def test_presets_lists_each_with_a_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["presets"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(PRESETS)


def test_scenario_file_and_sets_apply_last(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        'name = "mine"\ncoal_ban_compliance = 10\nborder_laxity = 40\n', encoding="utf-8"
    )
    assert (
        main(["run", "--format", "json", "--scenario", str(path), "--set", "border_laxity=0"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["scenario"]["name"] == "mine"
    assert data["scenario"]["coal_ban_compliance"] == 10
    assert data["scenario"]["border_laxity"] == 0
    assert data["offsets_usd_m"]["smuggling"] == 0


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (
            ["run", "--set", "coal_ban_compliance=150"],
            "key 'coal_ban_compliance' = 150 is out of range; allowed: a number from 0 to 100 %",
        ),
        (["run", "--set", "warp=9"], "unknown key 'warp'"),
        (["run", "--set", "coal_ban_compliance"], "is not of the form KEY=VALUE"),
        (["run", "--preset", "nope"], "unknown preset 'nope'; allowed: pre_ban_2016"),
        (["run", "--format", "xml"], "invalid choice: 'xml'"),
        (["run", "--scenario", "/no/such/file.toml"], "/no/such/file.toml: no such file"),
        (
            ["run", "--scenario", "s.toml", "--preset", "pre_ban_2016"],
            "give --scenario or --preset, not both",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(
    args: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("dprk-explorer: error: ")
    assert needle in lines[0]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"coal_ban_compliance = = 3\n", "malformed TOML"),
        (b"\xff\xfe\x00", "is not UTF-8 text"),
        (b"coal_ban_compliance = nan\n", "is not finite"),
        (b"labour_outsourcing = 'lots'\n", "is not a number"),
        (b"border = 3\n", "unknown key 'border'"),
    ],
)
def test_malformed_file_exits_2_without_traceback(
    tmp_path: Path, content: bytes, needle: str
) -> None:
    path = tmp_path / "broken.toml"
    path.write_bytes(content)
    done = cli_in_process("run", "--scenario", str(path))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert str(path) in done.stderr and needle in done.stderr

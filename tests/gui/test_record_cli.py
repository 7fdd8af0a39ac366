"""The command line: calibrate, --preset record, --branch and vs_record_by_year, through the
console script's entry function in-process (tests/gui/test_cli.py runs the installed command)."""

from __future__ import annotations

import json
from pathlib import Path

from dprk_explorer.model.record.record import record_path
from tests.gui_helpers import cli_in_process as run_cli


def test_run_record_preset_json() -> None:
    done = run_cli("run", "--preset", "record", "--format", "json")
    assert done.returncode == 0, done.stderr
    path = {row["year"]: row for row in json.loads(done.stdout)["path_by_year"]}
    for year, record in {2016: 2630.0, 2017: 1720.0, 2018: 213.15}.items():
        assert abs(path[year]["recorded_exports_to_china_usd_m"] / record - 1) <= 0.2


def test_branch_reports_difference_against_the_record() -> None:
    done = run_cli(
        "run",
        "--preset",
        "record",
        "--set",
        "border_laxity=5",
        "--branch",
        "2018-06",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["branch"] == "2018-06"
    rows = {row["year"]: row for row in out["vs_record_by_year"]}
    assert rows[2016]["total_usd_m"] == 0.0 and rows[2017]["total_usd_m"] == 0.0
    assert rows[2019]["smuggling_usd_m"] < 0


def test_bad_branch_is_one_line_exit_2() -> None:
    for month in ("2018-6", "2026-01"):
        done = run_cli("run", "--branch", month)
        assert done.returncode == 2
        assert "--branch" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_calibrate_prints_the_fit_table(tmp_path: Path) -> None:
    """Written to a file of its own: the test never rewrites the repository's record."""
    out = tmp_path / "record.toml"
    committed = record_path().read_bytes()
    done = run_cli("calibrate", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "series" in done.stdout and "china_imports_from_dprk" in done.stdout
    assert "converged" in done.stdout and f"Wrote {out}" in done.stdout
    written = out.read_text(encoding="utf-8")
    assert "[values]" in written and "[statistics]" in written
    assert record_path().read_bytes() == committed


def test_calibrate_refuses_an_output_it_cannot_write(tmp_path: Path) -> None:
    done = run_cli("calibrate", "--out", str(tmp_path / "missing" / "record.toml"))
    assert done.returncode == 2
    assert "does not exist" in done.stderr and len(done.stderr.strip().splitlines()) == 1

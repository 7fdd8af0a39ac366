"""`dprk-explorer export`, tested from outside: headless in a fresh interpreter with no display,
exit 2 and one line on stderr for bad input with nothing written, and exported figures accepted
by `--scenario` (the scenario travels inside the file). One export and two refusals run the
installed command; the other figures and refusals run its entry function in-process (the same
code path, without a new interpreter's start)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.gui_helpers import CLI, cli_in_process

REPO = Path(__file__).resolve().parents[2]


def run_cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """The entry point's code path as a user calls it, with no display and no platform set."""
    env = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    return subprocess.run(
        [CLI, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_export_works_headless_and_the_figure_reopens_its_scenario(tmp_path: Path) -> None:
    out = tmp_path / "brief.png"
    done = run_cli(
        "export",
        "--out",
        str(out),
        "--preset",
        "china_2017_suspension",
        "--set",
        "border_laxity=35",
        "--banner",
        "DRAFT — not for citation",
        "--dpi",
        "100",
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert [p.name for p in tmp_path.iterdir()] == ["brief.png"]

    again = run_cli("run", "--scenario", str(out), "--format", "json")
    assert again.returncode == 0, again.stderr
    scenario = json.loads(again.stdout)["scenario"]
    assert scenario["name"] == "Custom (from China's 2017 coal suspension)"  # settings differ
    assert scenario["border_laxity"] == 35.0
    assert scenario["coal_ban_compliance"] == 100.0


@pytest.mark.parametrize(("figure", "suffix"), [("map", ".pdf"), ("timeline", ".svg")])
def test_export_one_plot_as_vector(tmp_path: Path, figure: str, suffix: str) -> None:
    out = tmp_path / f"plot{suffix}"
    done = cli_in_process(
        "export", "--out", str(out), "--figure", figure, "--set", "border_laxity=61"
    )
    assert done.returncode == 0, done.stderr
    again = cli_in_process("run", "--scenario", str(out), "--format", "json")
    assert json.loads(again.stdout)["scenario"]["border_laxity"] == 61.0


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--out", "{tmp}/x.gif"], "must end in .png, .svg, .pdf"),
        (["--out", "{tmp}/x.png", "--figure", "pie"], "invalid choice: 'pie'"),
        (["--out", "{tmp}/x.png", "--dpi", "20"], "allowed: 50 to 1200"),
        (["--out", "{tmp}/x.png", "--dpi", "5000"], "allowed: 50 to 1200"),
        (["--out", "{tmp}/x.png", "--dpi", "many"], "'many' is not allowed; allowed: 50 to 1200"),
        (["--out", "{tmp}/no/such/x.png"], "does not exist"),
        (["--out", "{tmp}"], "is a folder"),
        (["--out", "{tmp}/x.png", "--preset", "nope"], "unknown preset 'nope'"),
        (["--out", "{tmp}/x.png", "--set", "border_laxity=300"], "out of range"),
        (["--out", "{tmp}/x.png", "--scenario", "{tmp}/missing.png"], "no such file"),
        ([], "--out"),
    ],
)
def test_bad_export_input_exits_2_with_one_line_and_writes_nothing(
    tmp_path: Path, args: list[str], says: str
) -> None:
    # two through the installed command (a suffix check, argparse's own), the rest in-process
    run = run_cli if args in ([], ["--out", "{tmp}/x.gif"]) else cli_in_process
    done = run("export", *(a.format(tmp=tmp_path) for a in args))
    assert done.returncode == 2
    assert says in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_export_page_year_bands_and_analysis_charts(tmp_path: Path) -> None:
    """`--page letter` writes a US Letter PDF; --bands, --attribution and --year are taken (the
    scenario still travels inside the file); --attribution with --tornado is refused."""
    import re

    out = tmp_path / "brief.pdf"
    done = cli_in_process(
        "export", "--out", str(out), "--page", "letter", "--bands", "--attribution",
        "--year", "2019", "--preset", "record", "--branch", "2018-06",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)", out.read_bytes())
    assert box is not None and (round(float(box[1])), round(float(box[2]))) == (612, 792)
    bad = cli_in_process("export", "--out", str(tmp_path / "x.pdf"), "--page", "a3")
    assert bad.returncode == 2 and "invalid choice: 'a3'" in bad.stderr
    both = cli_in_process("export", "--out", str(tmp_path / "x.pdf"), "--attribution", "--tornado")
    assert both.returncode == 2 and "one analysis chart" in both.stderr
    assert len(both.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


def png_texts(path: Path) -> dict[str, str]:
    """The PNG's text chunks (the exporter writes iTXt: key, five zero bytes, UTF-8 text)."""
    import struct

    data = path.read_bytes()
    texts, at = {}, 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            texts[key.decode("latin-1")] = rest[4:].decode("utf-8")
        at += 12 + length
    return texts


@pytest.mark.parametrize(
    ("args", "period"), [(["--period", "2017-2020"], "2017-2020"), (["--year", "2019"], "2019")]
)
def test_export_period_and_year_make_the_brief_for_that_period(
    tmp_path: Path, args: list[str], period: str
) -> None:
    """The brief's text (the file's description) states every figure for the period chosen,
    against no sanctions in the same period."""
    out = tmp_path / "brief.png"
    done = cli_in_process(
        "export", "--out", str(out), "--dpi", "50", "--preset", "record", "--set",
        "border_laxity=5", "--branch", "2018-06", *args,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    description = " ".join(png_texts(out)["Description"].replace("\u2060", "").split())
    assert f"In {period}, with" in description
    assert f"Against no sanctions, {period} (" in description
    assert f"Of the net change in {period} (" in description
    assert "the bans as written account for" in description
    again = cli_in_process("run", "--scenario", str(out), "--period", period, "--format", "json")
    answer = json.loads(again.stdout)
    assert answer["period"] == period and answer["base"] == f"no sanctions, {period}"
    from dprk_explorer.gui.text import format as fmt

    net = fmt.usd(answer["net_change_usd_m"], signed=True)
    assert f"changes by {net} in {period} (" in description


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--year", "2019", "--period", "2019"], "not allowed with argument --year"),
        (["--period", "2031"], "allowed: 'steady', a calendar year from 2016 to 2025"),
        (["--period", "2019-2017"], "period 2019-2017 is not allowed"),
    ],
)
def test_a_bad_export_period_exits_2_with_one_line(
    tmp_path: Path, args: list[str], says: str
) -> None:
    out = tmp_path / "x.png"
    done = cli_in_process("export", "--out", str(out), *args)
    assert done.returncode == 2
    assert says in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not out.exists()

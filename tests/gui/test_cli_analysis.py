"""`run --analysis` and `run --goal-net-change-pct`: the analysis keys of the JSON contract.

Through the console script's entry function in-process (tests/test_cli.py runs the installed
command end to end), except where a fresh interpreter is the point: the same band in two."""

from __future__ import annotations

import json

import pytest

from dprk_explorer.model import LEVER_IDS, Scenario, evaluate
from tests.gui.test_cli import run_cli as fresh_cli
from tests.gui_helpers import cli_in_process as run_cli


def test_analysis_adds_attribution_interaction_and_band() -> None:
    done = run_cli("run", "--format", "json", "--preset", "post_singapore_2018", "--analysis")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    # a key per lever plus one per other named source of the change (here the bans as written)
    assert set(data["attribution_usd_m"]) == {*LEVER_IDS, "bans"}
    assert sum(data["attribution_usd_m"].values()) == pytest.approx(data["net_change_usd_m"])
    assert data["other_measures_usd_m"] == pytest.approx(data["attribution_usd_m"]["bans"])
    alone = sum(data["alone_usd_m"].values())
    assert data["interaction_usd_m"] == pytest.approx(data["net_change_usd_m"] - alone)
    band = data["band_usd_m"]
    assert set(band) == {"p5", "p95"}
    assert band["p5"] <= data["total_scenario_usd_m"] <= band["p95"]
    assert data["robustness"]["robust"] is (data["robustness"]["message"] == "")
    spans = [
        abs(b["net_change_at_high_usd_m"] - b["net_change_at_low_usd_m"]) for b in data["tornado"]
    ]
    assert spans == sorted(spans, reverse=True)


def test_the_same_call_gives_the_same_band() -> None:
    """Two fresh interpreters: the draws depend on nothing a process carries (no hash seed)."""
    calls = [fresh_cli("run", "--format", "json", "--analysis") for _ in range(2)]
    assert [json.loads(c.stdout)["band_usd_m"] for c in calls] == [
        json.loads(calls[0].stdout)["band_usd_m"]
    ] * 2


def test_goal_seek_answers_and_the_answer_reaches_the_target() -> None:
    done = run_cli("run", "--format", "json", "--goal-net-change-pct", "-10")
    assert done.returncode == 0, done.stderr
    goal = json.loads(done.stdout)["goal_seek"]
    assert goal["reason"] is None
    compliance = goal["coal_ban_compliance"]
    again = evaluate(Scenario.default().with_values({"coal_ban_compliance": compliance}))
    assert again.net_change_pct == pytest.approx(-10.0, abs=1e-7)


def test_an_unreachable_goal_is_null_with_the_reason() -> None:
    done = run_cli("run", "--format", "json", "--goal-net-change-pct", "-90")
    assert done.returncode == 0, done.stderr
    goal = json.loads(done.stdout)["goal_seek"]
    assert goal["coal_ban_compliance"] is None
    assert goal["reason"].startswith("not reachable")
    assert goal["closest_coal_ban_compliance"] == 100.0


def test_table_output_carries_the_analysis_in_words() -> None:
    done = run_cli("run", "--analysis", "--goal-net-change-pct", "-10")
    assert done.returncode == 0, done.stderr
    assert "Attribution of the net change, steady state (Shapley values" in done.stdout
    assert "5-95 % band" in done.stdout
    assert "Goal seek, net change -10 % (steady state): coal-ban compliance" in done.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--goal-net-change-pct", "abc"), "'abc' is not allowed; allowed: a finite number"),
        (("--goal-net-change-pct", "inf"), "'inf' is not allowed"),
        (("--format", "csv", "--analysis"), "need --format json or table, not csv"),
    ],
)
def test_bad_analysis_options_exit_2_with_one_line(args: tuple[str, ...], expected: str) -> None:
    done = run_cli("run", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], done.stderr


@pytest.mark.parametrize("period", [("--year", "2019"), ("--period", "2017-2020")])
def test_every_analysis_key_is_for_the_period_asked(period: tuple[str, str]) -> None:
    """The record in 2019 (issue #22): the band, the attribution and the figures are for the
    same period, the attribution names the bans and sums to the net change."""
    done = run_cli("run", "--preset", "record", "--analysis", "--format", "json", *period)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    label = period[1]
    assert data["period"] == data["analysis_period"] == label
    assert data["base"] == f"no sanctions, {label}"
    net, total = data["net_change_usd_m"], data["total_scenario_usd_m"]
    assert sum(data["attribution_usd_m"].values()) == pytest.approx(net, abs=1e-6)
    assert data["attribution_usd_m"]["bans"] < 0
    low, high = data["net_change_band_usd_m"]["p5"], data["net_change_band_usd_m"]["p95"]
    where = "inside" if low <= net <= high else ("below" if net < low else "above")
    assert data["net_change_in_band"] == where
    assert data["band_usd_m"]["p5"] <= total <= data["band_usd_m"]["p95"]
    assert data["total_in_band"] == "inside"
    assert f"(in {label}, USD m)" in data["band_method"]


def test_levers_in_force_and_what_differs_include_schedules_and_the_branch() -> None:
    done = run_cli(
        "run", "--preset", "record", "--set", "border_laxity=5", "--branch", "2018-06",
        "--format", "json", "--year", "2019",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["levers_in_force"]["border_laxity"] == 5.0
    assert data["differs_from_base"][0] == {"branch": "2018-06", "from_month": "2018-06"}
    laxity = data["differs_from_base"][1]
    assert laxity["parameter"] == "border_laxity" and laxity["from_month"] == "2018-06"
    assert laxity["value"] == 5.0 and laxity["steps"] == {"2018-06": 5.0}
    plain = json.loads(
        run_cli("run", "--set", "border_laxity@2018-06=50", "--format", "json").stdout
    )
    assert plain["levers_in_force"]["border_laxity"] == 50.0  # the steady state: in force at last
    assert plain["differs_from_base"] == [
        {
            "parameter": "border_laxity",
            "value": 50.0,
            "base_value": 25.0,
            "from_month": "2018-06",
            "steps": {"2018-06": 50.0},
        }
    ]
    table = run_cli("run", "--set", "border_laxity@2018-06=50").stdout
    assert "Differs from default: Border laxity 50 % from 2018-06 (default 25 %)" in table
    assert "Levers: coal-ban compliance 62 %, border laxity 50 %" in table

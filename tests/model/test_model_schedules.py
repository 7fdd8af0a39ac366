"""Invariants per month and per schedule step (issue 14): bans by date, the 2321 cap, compliance
per ban, redirected revenue only onto open goods, schedules, results by calendar year."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dprk_explorer.gui.cli import main
from dprk_explorer.model import PARAMETERS, PRESETS, Scenario, ScenarioError, evaluate
from dprk_explorer.model.core.evaluate import monthly_arrays
from dprk_explorer.model.core.flows import (
    BAN_COMPLIANCE,
    CAP_MT,
    CAP_USD_M,
    GOODS_BANS,
    REDIRECT_TARGETS,
)
from dprk_explorer.model.core.timeline import (
    BAN_ONSET,
    CARGO_MT,
    COAL_PRICE,
    MONTH_YEARS,
    N_MONTHS,
    YEARS,
    month_index,
)
from dprk_explorer.model.sources.resources import CHANNEL_IDS
from tests.strategies import scenarios, scheduled

TOL = 1e-6
MONTH_TEXTS = [f"{y}-{m:02d}" for y in YEARS for m in range(1, 13)]
months = st.sampled_from(MONTH_TEXTS[1:])
COAL = CHANNEL_IDS.index("coal")


@settings(max_examples=20)
@given(scheduled())
def test_no_channel_negative_and_channels_sum_per_month(scenario: Scenario) -> None:
    result = evaluate(scenario)
    assert (result.monthly_scenario_usd_m >= -TOL).all()
    assert (result.scenario_usd_m >= -TOL).all()
    by_year = result.path_by_year()
    for row in by_year:
        m = MONTH_YEARS == row["year"]
        assert math.isclose(
            row["total_usd_m"], float(result.monthly_scenario_usd_m[:, m].sum()), rel_tol=1e-12
        )
        year = result.for_year(int(row["year"]))
        assert math.isclose(year.total_scenario_usd_m, row["total_usd_m"], rel_tol=1e-9)
        steps = sum(year.steps_usd_m.values())
        assert math.isclose(steps, year.net_change_usd_m, rel_tol=1e-9, abs_tol=1e-6)
        assert row["recorded_exports_to_china_usd_m"] <= row["recorded_exports_usd_m"] + TOL


@settings(max_examples=20)
@given(scheduled())
def test_won_back_and_blocked_are_never_negative(scenario: Scenario) -> None:
    result = evaluate(scenario)
    for period in (result, *(result.for_year(y) for y in YEARS)):
        assert all(v >= 0 for v in period.recovered_usd_m.values())
        assert all(v >= 0 for v in period.blocked_usd_m.values())
        ratio = period.recovery_ratio
        assert ratio is None or ratio >= 0


@settings(max_examples=15)
@given(scheduled(), st.floats(0, 100), st.floats(0, 100))
def test_more_compliance_never_raises_official_revenue_of_the_good_it_covers(
    scenario: Scenario, a: float, b: float
) -> None:
    low, high = sorted((a, b))
    pairs = [("coal_ban_compliance", "coal")] + [
        (BAN_COMPLIANCE[ban], channel) for ban, channel in GOODS_BANS
    ]
    for pid, channel in pairs:
        i = CHANNEL_IDS.index(channel)
        results = [evaluate(scenario.with_values({pid: v})) for v in (low, high)]
        official = [
            r.monthly_scenario_usd_m[i] - r.monthly_terms_usd_m.get(f"landed_{channel}", 0.0)
            for r in results
        ]
        assert (official[1] <= official[0] + TOL).all(), pid
        assert results[1].scenario_usd_m[i] <= results[0].scenario_usd_m[i] + TOL


@settings(max_examples=15)
@given(scheduled(), st.floats(0, 100), st.floats(0, 100))
def test_more_laxity_never_lowers_smuggling_per_month(
    scenario: Scenario, a: float, b: float
) -> None:
    low, high = sorted((a, b))
    for month in ("2016-01", "2018-06"):
        results = [evaluate(scenario.with_step("border_laxity", month, v)) for v in (low, high)]
        for channel in ("smuggled_coal", "smuggling"):
            i = CHANNEL_IDS.index(channel)
            assert (
                results[1].monthly_scenario_usd_m[i] >= results[0].monthly_scenario_usd_m[i] - TOL
            ).all()


@settings(max_examples=20)
@given(scenarios(), st.sampled_from(list(PARAMETERS)), months)
def test_a_schedule_with_one_step_equals_the_plain_value(
    scenario: Scenario, pid: str, month: str
) -> None:
    value = scenario[pid]
    at_start = scenario.with_step(pid, "2016-01", value)
    same = scenario.with_step(pid, month, value)
    assert at_start == scenario and same == scenario
    other = Scenario.from_mapping({pid: value}, base=scenario.with_step(pid, month, value))
    for variant in (at_start, same, other):
        result, plain = evaluate(variant), evaluate(scenario)
        assert (result.monthly_scenario_usd_m == plain.monthly_scenario_usd_m).all()
        assert (result.scenario_usd_m == plain.scenario_usd_m).all()


@settings(max_examples=15)
@given(scenarios(), st.sampled_from([p for p in PARAMETERS if PARAMETERS[p].kind == "float"]))
def test_a_step_changes_only_the_months_from_its_date_on(scenario: Scenario, pid: str) -> None:
    parameter = PARAMETERS[pid]
    other = parameter.maximum if scenario[pid] != parameter.maximum else parameter.minimum
    stepped = scenario.with_step(pid, "2019-01", other)
    before = month_index("2019-01")
    # Lags carry a change forward, never backward (a scheduled lag runs the recursion month
    # by month rather than through the cached kernel: equal to rounding).
    np.testing.assert_allclose(
        evaluate(stepped).monthly_scenario_usd_m[:, :before],
        evaluate(scenario).monthly_scenario_usd_m[:, :before],
        rtol=1e-12,
        atol=1e-12,
    )
    assert evaluate(stepped).scenario_usd_m.tolist() == (
        evaluate(scenario.with_values({pid: other})).scenario_usd_m.tolist()
    )


@settings(max_examples=20)
@given(scheduled())
def test_redirected_revenue_never_lands_on_a_good_banned_that_month(scenario: Scenario) -> None:
    result = evaluate(scenario)
    for channel in REDIRECT_TARGETS:
        banned = np.zeros(N_MONTHS)
        for ban, target in GOODS_BANS:
            if target != channel:
                continue
            switch = next(p for p in PARAMETERS if p == _switch(ban))
            path = scenario.path(switch)
            on = path if path is not None else np.full(N_MONTHS, float(scenario[switch]))
            share = _metal_share(scenario, ban, channel)
            banned = banned + share * on * BAN_ONSET[ban]
        landed = result.monthly_terms_usd_m[f"landed_{channel}"]
        assert (landed[banned >= 1.0 - 1e-12] <= TOL).all()
        assert (landed >= -TOL).all()
    assert "landed_coal" not in result.monthly_terms_usd_m


def _switch(ban: str) -> str:
    from dprk_explorer.model.core.flows import BAN_SWITCH

    return BAN_SWITCH[ban]


def _metal_share(scenario: Scenario, ban: str, channel: str) -> np.ndarray:
    if channel != "other_metals":
        return np.ones(N_MONTHS)
    path = scenario.path("other_metals_2270_share_pct")
    share = (
        path
        if path is not None
        else np.full(N_MONTHS, float(scenario["other_metals_2270_share_pct"]))
    )
    share = share / 100.0
    return share if ban == "unsc_2270" else 1.0 - share


@settings(max_examples=20)
@given(scheduled())
def test_the_2321_cap_is_never_exceeded_while_it_binds(scenario: Scenario) -> None:
    full = scenario.with_values({"coal_ban_compliance": 100, "coal_cap_2321": True})
    result = evaluate(full)
    coal = result.monthly_scenario_usd_m[COAL]
    values = monthly_arrays(full)
    # The cap counts the months it is in force: until UNSC 2371 (if on) replaced it, the day
    # 2371's ban bit (the delayed cargoes cleared before then count against it too).
    counted = (values["coal_cap_2321"] * BAN_ONSET["unsc_2321_cap"]) > 0.0
    for year in YEARS[1:]:
        m = (MONTH_YEARS == year) & counted
        assert coal[m].sum() <= CAP_USD_M + TOL
        assert (coal[m] / COAL_PRICE[m]).sum() <= CAP_MT + TOL
    # With less than full compliance, only the unenforced share of the cut leaks past it.
    assert result.coal_loss_usd_m >= -TOL


def test_2371_replaces_the_cap_from_the_day_it_bites() -> None:
    """2371 replaced the cap with its full ban from 5 Sep 2017, after its wind-down for contracts
    concluded under the cap; the cargoes China's suspension held up cleared before then, under
    the cap. So switching 2371 off keeps the cap but takes nothing away: no month of 2017 loses
    (issue 23: the old rule ended the cap on 2371's adoption, so 2371 off cost the cargoes)."""
    record = PRESETS["record_hand_set"].scenario
    coal = evaluate(record).monthly_scenario_usd_m[COAL]
    sep = month_index("2017-09")
    assert coal[sep] == pytest.approx(CARGO_MT[sep] * COAL_PRICE[sep])  # the USD 44 m cargo
    kept_cap = evaluate(record.with_values({"coal_ban_2371": False})).monthly_scenario_usd_m[COAL]
    y2017 = MONTH_YEARS == 2017
    assert kept_cap[y2017].sum() <= CAP_USD_M + TOL
    assert (kept_cap[y2017] >= coal[y2017] - TOL).all()


def test_the_cap_binds_in_tonnes_or_dollars_whichever_is_lower() -> None:
    no_suspension = Scenario.default().with_values(
        {"coal_ban_compliance": 100, "china_coal_suspension": False, "coal_ban_2371": False}
    )
    coal = evaluate(no_suspension).monthly_scenario_usd_m[COAL]
    y2017, y2019 = MONTH_YEARS == 2017, MONTH_YEARS == 2019
    # 2017 (~80 USD/t): 7.5 Mt is worth ~USD 600 m, so the dollar cap binds.
    assert coal[y2017].sum() == pytest.approx(CAP_USD_M)
    # 2019 (100 USD/t): still the dollars (USD 750 m of tonnes); at 2016's 52.5 USD/t tonnes bind.
    assert coal[y2019].sum() == pytest.approx(CAP_USD_M)
    steady = evaluate(no_suspension)
    assert steady.scenario_usd_m[COAL] == pytest.approx(CAP_MT * 52.5, rel=1e-3)


def test_2017_official_coal_is_the_cap_with_the_delayed_cargoes() -> None:
    record = evaluate(PRESETS["record_hand_set"].scenario)
    coal_2017 = record.path_by_year()[1]["official_coal_usd_m"]
    # Jan-Jul under the cap, then the wind-down cargoes past it: the record's USD 410.6 m.
    assert coal_2017 == pytest.approx(410.6, rel=0.1)
    assert (
        record.monthly_scenario_usd_m[COAL][month_index("2017-01") : month_index("2017-08")].sum()
        <= CAP_USD_M + TOL
    )
    without = evaluate(
        PRESETS["record_hand_set"].scenario.with_values({"coal_delayed_cargoes": False})
    )
    assert without.path_by_year()[1]["official_coal_usd_m"] < coal_2017 - 100


def test_the_record_preset_is_within_a_quarter_of_china_customs() -> None:
    rows = evaluate(PRESETS["record_hand_set"].scenario).path_by_year()
    for row, recorded in zip(rows, (2630.0, 1720.0, 213.15), strict=False):
        assert abs(row["recorded_exports_to_china_usd_m"] / recorded - 1) <= 0.25


def test_post_singapore_wins_back_a_positive_share() -> None:
    result = evaluate(PRESETS["post_singapore_2018"].scenario)
    ratio = result.recovery_ratio
    assert ratio is not None and 0 < ratio < 1
    assert result.recovered_usd_m["smuggling"] > 0
    assert PRESETS["post_singapore_2018"].scenario.schedules["border_laxity"] == (
        ("2018-06", 50.0),
    )


# --- files and the command line ------------------------------------------------------------


def test_schedule_round_trips_through_a_file() -> None:
    scenario = Scenario.default().with_sets(
        ["border_laxity@2017-02=25", "border_laxity@2018-06=50", "ban_textiles@2017-09=true"]
    )
    text = scenario.to_toml()
    assert "[schedule]" in text
    again = Scenario.from_toml_text(text)
    assert again == scenario
    assert (
        evaluate(again).monthly_scenario_usd_m == evaluate(scenario).monthly_scenario_usd_m
    ).all()


def test_a_schedule_table_in_a_file_is_read() -> None:
    text = 'border_laxity = 10\n[schedule]\nborder_laxity = { "2017-02" = 25, "2018-06" = 50 }\n'
    scenario = Scenario.from_toml_text(text)
    path = scenario.path("border_laxity")
    assert path is not None
    assert path[0] == 10 and path[month_index("2017-02")] == 25 and path[-1] == 50


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[schedule]\nborder_laxity = { "2026-01" = 5 }\n',
            "date '2026-01' is outside the horizon",
        ),
        (
            '[schedule]\nborder_laxity = { "2015-12" = 5 }\n',
            "date '2015-12' is outside the horizon",
        ),
        (
            '[schedule]\nborder_laxity = { "2018-06" = 5, "2017-02" = 5 }\n',
            "date '2017-02' is out of order",
        ),
        ('[schedule]\nborder_laxity = { "2018-6" = 5 }\n', "date '2018-6' is not a month"),
        (
            '[schedule]\nborder_laxity = { "2018-06" = 150 }\n',
            "at 2018-06 the value 150 is out of range; allowed: a number from 0 to 100 %",
        ),
        ('[schedule]\ncolour = { "2018-06" = 1 }\n', "unknown key 'colour'"),
        ("[schedule]\nborder_laxity = 5\n", "schedule for key 'border_laxity' = 5 is not allowed"),
    ],
)
def test_bad_schedules_are_refused_with_key_date_and_what_is_allowed(
    text: str, expected: str
) -> None:
    with pytest.raises(ScenarioError) as error:
        Scenario.from_toml_text(text, where="f.toml: ")
    message = str(error.value)
    assert expected in message and message.startswith("f.toml: ") and "\n" not in message
    assert "allowed" in message


@pytest.mark.parametrize(
    ("assignment", "expected"),
    [
        ("border_laxity@2026-01=5", "date '2026-01' is outside the horizon"),
        ("border_laxity@2018-13=5", "date '2018-13' is not a month"),
        ("border_laxity@=5", "is not of the form KEY=VALUE or KEY@YYYY-MM=VALUE"),
        ("border_laxity@2018-06=500", "at 2018-06 the value 500 is out of range"),
        ("border_laxity@2018-06=lots", "schedule at 2018-06: key 'border_laxity' = 'lots'"),
        ("nothing@2018-06=5", "unknown key 'nothing'"),
    ],
)
def test_bad_set_at_exits_2_with_one_line(
    assignment: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--set", assignment]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1


def test_run_json_gains_path_by_year_recovery_and_year(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--preset", "post_singapore_2018", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [row["year"] for row in data["path_by_year"]] == list(YEARS)
    keys = {
        "year",
        "total_usd_m",
        "recorded_exports_usd_m",
        "recorded_exports_to_china_usd_m",
        "official_coal_usd_m",
        "smuggling_usd_m",
        "smuggled_coal_usd_m",
        "overseas_labour_usd_m",
        # one valuation basis per figure, named (issue 23)
        "official_coal_mt",
        "smuggled_coal_mt",
        "smuggled_coal_market_usd_m",
        # the routes since 2020 (issue 24)
        "labour_russia_usd_m",
        "cyber_theft_usd_m",
        "arms_transfers_usd_m",
    }
    assert all(set(row) == keys for row in data["path_by_year"])
    assert set(data["recovered_usd_m"]) == {
        "smuggling",
        "redirected_exports",
        "labour",
        "labour_russia",
        "cyber_theft",
        "arms_transfers",
    }
    assert data["recovery_ratio"] > 0 and "offset_ratio" in data
    assert data["scenario"]["schedule"] == {"border_laxity": {"2018-06": 50.0}}
    assert (
        main(["run", "--preset", "post_singapore_2018", "--format", "json", "--year", "2018"]) == 0
    )
    year = json.loads(capsys.readouterr().out)
    assert year["period"] == "2018"
    row = data["path_by_year"][2]
    assert year["total_scenario_usd_m"] == pytest.approx(row["total_usd_m"])
    assert main(["run", "--set", "border_laxity@2018-06=50", "--year", "2018"]) == 0
    assert "Period: 2018" in capsys.readouterr().out
    assert main(["run", "--year", "2026"]) == 2
    assert "allowed: a calendar year from 2016 to 2025" in capsys.readouterr().err


def test_channel_metadata_says_gross_or_net() -> None:
    from dprk_explorer.model.sources.resources import CHANNEL_BASIS

    net = ("overseas_labour", "labour_russia", "cyber_theft")
    assert all(CHANNEL_BASIS[c].startswith("net") for c in net)
    assert all(CHANNEL_BASIS[c].startswith("gross") for c in CHANNEL_IDS if c not in net)
    assert "no source for a processing margin" in PARAMETERS["baseline_textiles_usd_m"].description

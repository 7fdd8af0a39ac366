"""The record to the present (issue 24): the horizon is data, the record is fitted through 2023,
2024-2025 are predicted, and the routes since 2020 reach the command line's JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dprk_explorer.gui.cli import main
from dprk_explorer.model.core.period import Period, offered_periods
from dprk_explorer.model.core.timeline import HORIZON, N_MONTHS, YEARS
from dprk_explorer.model.record.record import load_record_series
from dprk_explorer.model.sources.resources import ResourceError, load_horizon

#: The series of China's and KOTRA's trade, held out for 2024-2025 (checked from outside).
TRADE = ("china_imports", "recorded_exports", "other_partners")


def test_the_horizon_is_the_declared_one() -> None:
    declared = load_horizon()
    assert HORIZON == (declared["first_month"], declared["last_month"]) == ("2016-01", "2025-12")
    assert YEARS == tuple(range(2016, 2026)) and N_MONTHS == 120
    offered = offered_periods()
    for year in YEARS:
        assert Period.year(year) in offered
    for first, last in ((2016, 2025), (2017, 2019), (2021, 2025)):
        assert Period.span(first, last) in offered


def test_a_horizon_of_part_years_is_refused_with_the_file_named(tmp_path: Path) -> None:
    (tmp_path / "horizon.toml").write_text(
        'first_month = "2016-01"\nlast_month = "2025-06"\nreason = "x"\n', encoding="utf-8"
    )
    with pytest.raises(ResourceError, match=r"horizon.toml: key 'last_month'.*YYYY-12"):
        load_horizon(tmp_path)


def test_nothing_of_chinas_or_kotras_2024_2025_trade_is_in_the_record() -> None:
    """Held out: no trade figure for 2024 or later is fitted, checked, or even listed."""
    late = [
        f
        for f in load_record_series()
        if f.year >= 2024 and (f.quantity in TRADE or "kotra" in f.series or "china" in f.series)
    ]
    assert late == []
    fitted = [f for f in load_record_series() if f.use == "fit"]
    assert max(f.year for f in fitted) == 2023


def test_run_json_gives_path_by_year_2016_2025_with_the_routes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["run", "--preset", "record", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    rows = data["path_by_year"]
    assert [r["year"] for r in rows] == list(range(2016, 2026))
    by_year = {r["year"]: r for r in rows}
    for key in ("cyber_theft_usd_m", "arms_transfers_usd_m", "labour_russia_usd_m"):
        assert all(key in r for r in rows)
    assert by_year[2022]["arms_transfers_usd_m"] == 0.0  # from Sep 2023 only
    assert by_year[2024]["arms_transfers_usd_m"] > 0.0
    assert by_year[2023]["labour_russia_usd_m"] == 0.0 < by_year[2024]["labour_russia_usd_m"]
    assert by_year[2022]["cyber_theft_usd_m"] > by_year[2021]["cyber_theft_usd_m"] > 0.0
    split = data["recovered_china_governs_usd_m"] + data["recovered_not_china_usd_m"]
    assert split == pytest.approx(sum(data["recovered_usd_m"].values()))
    assert data["route_china_governs"]["cyber_theft"] is False
    assert data["route_china_governs"]["smuggling"] is True


def test_every_published_theft_counts_over_its_own_months_at_the_cash_out_share() -> None:
    """Cyber theft is the published amounts stolen, each over its months, times the share turned
    into hard currency: the Bangladesh Bank theft of February 2016 and the crypto thefts of
    2017-2018 count as the later years' do (they were left out, as if nothing was published
    before 2019)."""
    from dprk_explorer.model import PRESETS, evaluate
    from dprk_explorer.model.core.timeline import MONTHS
    from dprk_explorer.model.sources.resources import load_cyber_theft

    scenario = PRESETS["record"].scenario  # the route counted, one cash-out share throughout
    assert scenario["route_cyber_theft"] and not scenario.schedules.get("cyber_cashout_pct")
    share = scenario["cyber_cashout_pct"] / 100.0
    monthly = evaluate(scenario).monthly_path()["cyber_theft_usd_m"]
    labels = MONTHS.astype(str)
    rows = load_cyber_theft()
    assert rows[0]["first_month"] == "2016-02"
    for row in rows:
        inside = (labels >= row["first_month"]) & (labels <= row["last_month"])
        assert monthly[inside].sum() == pytest.approx(row["stolen_usd_m"] * share, rel=1e-9)
    assert monthly[0] == 0.0  # nothing published for January 2016

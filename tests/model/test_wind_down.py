"""Each resolution's wind-down for contracts as data (issue 15): trade contracted before adoption
flows until the wind-down ends, then the ban's compliance applies; a replaced ban ends."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dprk_explorer.model import ResourceError, Scenario
from dprk_explorer.model.core.evaluate import monthly_arrays
from dprk_explorer.model.core.flows import MONTHLY, scenario_channels
from dprk_explorer.model.core.timeline import (
    BAN_ONSET,
    BANS,
    N_MONTHS,
    YEARS,
    in_force_date,
    month_index,
    onset_fraction,
)
from dprk_explorer.model.sources.resources import GOODS_CHANNELS, load_bans
from tests.resource_helpers import edit
from tests.strategies import scenarios

TOL = 1e-9
ROW = {row["id"]: row for row in BANS}
dates = st.dates(dt.date(2016, 1, 1), dt.date(YEARS[-1], 12, 31))


@given(dates, st.integers(0, 400))
def test_without_a_wind_down_a_ban_bites_on_chinas_date(china: dt.date, lead_days: int) -> None:
    adopted = china - dt.timedelta(days=lead_days)
    assert in_force_date(china, adopted, 0.0) == china


@given(dates, st.integers(0, 60), st.floats(0.0, 400.0))
def test_a_wind_down_only_delays_a_ban(china: dt.date, lead_days: int, days: float) -> None:
    adopted = china - dt.timedelta(days=lead_days)
    start = in_force_date(china, adopted, days)
    assert start >= china
    assert (onset_fraction(start) <= onset_fraction(china) + TOL).all()


def test_the_wind_downs_end_when_china_said() -> None:
    """MOFCOM: no 2371 import formalities from 0:00 on 5 Sep 2017; textiles contracted before
    11 Sep could clear until 24:00 on 10 Dec 2017."""
    for ban, first_day in (
        ("unsc_2371_coal", dt.date(2017, 9, 5)),
        ("unsc_2371", dt.date(2017, 9, 5)),
        ("unsc_2375", dt.date(2017, 12, 11)),
    ):
        row = ROW[ban]
        assert in_force_date(row["china_date"], row["adopted"], row["wind_down_days"]) == first_day
        assert row["wind_down_source"]
    textiles = BAN_ONSET["unsc_2375"]
    assert textiles[month_index("2017-11")] == 0.0
    assert textiles[month_index("2017-12")] == pytest.approx(21 / 31)
    assert textiles[month_index("2018-01")] == 1.0


def test_bans_with_no_wind_down_keep_their_onset() -> None:
    for row in BANS:
        if row["wind_down_days"] == 0:
            expected = onset_fraction(row["china_date"], float(row["ramp_days"]))
            assert np.array_equal(BAN_ONSET[row["id"]], expected), row["id"]


def _recorded_goods(values: dict[str, np.ndarray], textile_onset: np.ndarray) -> np.ndarray:
    regime = dataclasses.replace(MONTHLY, onset={**BAN_ONSET, "unsc_2375": textile_onset})
    channels = scenario_channels(values, regime)
    total: np.ndarray = sum((channels[c] for c in GOODS_CHANNELS), np.zeros(N_MONTHS))
    return total


@settings(max_examples=15, deadline=None)
@given(scenarios(), st.integers(0, 400))
def test_a_wind_down_lies_between_the_ban_and_no_ban(scenario: Scenario, days: int) -> None:
    """Cumulated month by month, recorded goods with a textile wind-down of any length are at
    least those with the ban from China's date and at most those with no textile ban."""
    values = monthly_arrays(scenario.with_values({"ban_textiles": True}))
    row = ROW["unsc_2375"]
    china = row["china_date"]
    banned = _recorded_goods(values, onset_fraction(china))
    wound = _recorded_goods(values, onset_fraction(in_force_date(china, row["adopted"], days)))
    free = _recorded_goods(values, np.zeros(N_MONTHS))
    # The processing shift at 100 % wins back exactly what an earlier ban stops (issue 24): the
    # two cumulated paths can then agree to rounding only.
    scale = 1e-7 * max(1.0, float(free.sum()))
    assert (np.cumsum(banned) <= np.cumsum(wound) + scale).all()
    assert (np.cumsum(wound) <= np.cumsum(free) + scale).all()


def test_a_wind_down_without_a_source_is_refused(resources: Path) -> None:
    path = resources / "sanctions_bans.csv"
    text = path.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("unsc_2375,"))
    source = row[row.rindex(',"') + 1 :]
    edit(path, row, row[: -len(source)])
    with pytest.raises(ResourceError, match=r"row 7, column 'wind_down_source'.*90 days"):
        load_bans(resources)


def test_an_unknown_replacing_ban_is_named(resources: Path) -> None:
    edit(resources / "sanctions_bans.csv", ",unsc_2371_coal,coal,", ",unsc_9999,coal,")
    with pytest.raises(ResourceError, match=r"column 'replaced_by': 'unsc_9999'.*allowed"):
        load_bans(resources)


@given(year=st.integers(1900, 2200), number=st.integers(1, 12))
def test_month_index_agrees_with_numpy(year: int, number: int) -> None:
    """The fast path of month_index gives numpy's answer for every YYYY-MM."""
    from dprk_explorer.model.core.timeline import FIRST_MONTH, month_index

    month = f"{year:04d}-{number:02d}"
    assert month_index(month) == int((np.datetime64(month, "M") - FIRST_MONTH).astype(np.int64))


def test_month_index_refuses_what_is_not_a_month() -> None:
    from dprk_explorer.model.core.timeline import month_index

    for text in ("2018-13", "2018-00", "2018/06"):
        with pytest.raises(ValueError):
            month_index(text)

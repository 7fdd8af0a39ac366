"""Where the record supports a scenario (model/record/record_support.py): the rule's invariants."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dprk_explorer.model import PARAMETERS, Scenario
from dprk_explorer.model.core.timeline import MONTHS, N_MONTHS, YEARS
from dprk_explorer.model.record.branch import branch_scenario
from dprk_explorer.model.record.record import read_record
from dprk_explorer.model.record.record_support import (
    SUPPORT_STD_ERRORS,
    is_supported,
    last_record_year,
    record_support,
    support_intervals,
    support_sentence,
)

RECORD = read_record()
INTERVALS = support_intervals(RECORD)
NUMERIC = sorted(INTERVALS)


def test_the_record_itself_is_supported_in_its_fitted_years() -> None:
    support = record_support(RECORD.scenario, RECORD)
    assert support.excursions == ()
    assert support.last_record_year == 2023  # China's customs and KOTRA through 2023
    assert support.years_beyond == (2024, 2025)
    assert not any(support.is_prediction(year) for year in YEARS if year <= 2023)
    assert support_sentence(support, 2018) == ""


def test_a_tight_border_after_singapore_is_named_with_the_supported_range() -> None:
    branched = branch_scenario(RECORD.scenario.with_values({"border_laxity": 5}), "2018-06")
    support = record_support(branched, RECORD)
    [excursion] = support.excursions
    assert (excursion.parameter, excursion.month, excursion.value) == (
        "border_laxity",
        "2018-06",
        5,
    )
    # The supported range is the fitted border laxities, each +/- its standard error.
    fitted = [f for f in RECORD.fitted if f.parameter == "border_laxity"]
    low = min(max(f.low, f.value - SUPPORT_STD_ERRORS * f.std_error) for f in fitted)
    high = max(min(f.high, f.value + SUPPORT_STD_ERRORS * f.std_error) for f in fitted)
    assert excursion.text().startswith("border laxity 5 % from 2018-06 (the record supports ")
    shown = excursion.text().rsplit("supports ", 1)[1].rstrip(" %)")
    assert [float(v) for v in shown.split("-")] == pytest.approx([low, high], abs=0.051)
    sentence = support_sentence(support, 2024)
    assert "2024 lies after the record's last figure (2023): a prediction" in sentence


@given(i=st.integers(1, N_MONTHS - 1))
def test_a_branch_that_keeps_the_records_values_is_supported(i: int) -> None:
    """The record until month i, then the record's own settings: nothing to warn about."""
    branched = branch_scenario(RECORD.scenario, str(MONTHS[i]), record=RECORD.scenario)
    assert record_support(branched, RECORD).excursions == ()


@given(
    pid=st.sampled_from(NUMERIC),
    side=st.sampled_from([-1.0, 1.0]),
    beyond=st.floats(1e-3, 1e3),
    further=st.floats(0.0, 1e3),
)
def test_moving_a_value_further_out_never_makes_it_supported(
    pid: str, side: float, beyond: float, further: float
) -> None:
    intervals, _basis = INTERVALS[pid]
    p = PARAMETERS[pid]
    edge = intervals[0][0] if side < 0 else intervals[-1][1]
    value = edge + side * beyond
    out = value + side * further
    if not p.minimum <= out <= p.maximum:
        return  # not a value a scenario can hold
    assert not is_supported(value, intervals)
    assert not is_supported(out, intervals)
    scenario = RECORD.scenario.with_values({pid: out})
    support = record_support(scenario, RECORD)
    assert any(e.parameter == pid for e in support.excursions)


@given(
    pid=st.sampled_from(NUMERIC),
    fraction=st.floats(0.0, 1.0),
    i=st.integers(1, N_MONTHS - 1),
)
def test_a_value_inside_a_supported_range_is_never_named(pid: str, fraction: float, i: int) -> None:
    intervals, _basis = INTERVALS[pid]
    low, high = intervals[0]
    value = low + fraction * (high - low)
    settings = RECORD.scenario.with_values({pid: value})
    branched = branch_scenario(settings, str(MONTHS[i]), record=RECORD.scenario)
    assert not any(e.parameter == pid for e in record_support(branched, RECORD).excursions)


@given(year=st.sampled_from([None, *YEARS]))
def test_only_years_after_the_last_figure_are_predictions(year: int | None) -> None:
    support = record_support(Scenario.default(), RECORD)
    last = last_record_year()
    assert support.is_prediction(year) == (year is not None and year > last)
    assert ("a prediction" in support_sentence(support, year)) == support.is_prediction(year)

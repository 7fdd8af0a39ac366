"""Counterfactuals branch from the record: identical before the branch month, bit for bit, and
the settings after it."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dprk_explorer.model import Scenario, ScenarioError, evaluate, preset_scenario
from dprk_explorer.model.core.timeline import MONTHS, N_MONTHS
from dprk_explorer.model.record.branch import branch_scenario
from dprk_explorer.model.record.record import record_scenario

RECORD = preset_scenario("record")
RECORD_PATH = evaluate(RECORD).monthly_scenario_usd_m


def _month(i: int) -> str:
    return str(MONTHS[i])


@given(
    i=st.integers(1, N_MONTHS - 1),
    laxity=st.floats(0, 100),
    compliance=st.floats(0, 100),
    lag=st.sampled_from([None, 0.0, 2.0, 24.0]),
)
def test_branch_equals_record_before_and_settings_after(
    i: int, laxity: float, compliance: float, lag: float | None
) -> None:
    changes: dict[str, object] = {"border_laxity": laxity, "coal_ban_compliance": compliance}
    if lag is not None:
        changes["smuggling_lag_months"] = lag
    settings = Scenario.default().with_values(changes)
    branched = branch_scenario(settings, _month(i))
    path = evaluate(branched).monthly_scenario_usd_m
    assert np.array_equal(path[:, :i], RECORD_PATH[:, :i])
    for key in changes:
        own = branched.path(key)
        values = own if own is not None else np.full(N_MONTHS, float(branched.values[key]))
        assert np.all(values[i:] == float(settings.values[key]))


def test_branch_differs_after_the_month() -> None:
    settings = RECORD.with_values({"border_laxity": 5})
    branched = branch_scenario(settings, "2018-06")
    path = evaluate(branched).monthly_scenario_usd_m
    i = int(np.flatnonzero(MONTHS == np.datetime64("2018-06"))[0])
    assert np.array_equal(path[:, :i], RECORD_PATH[:, :i])
    assert not np.allclose(path[:, i:], RECORD_PATH[:, i:])


def test_branch_in_a_file_round_trips() -> None:
    text = 'name = "tight"\nbranch = "2018-06"\nborder_laxity = 5\n'
    scenario = Scenario.from_toml_text(text, record=record_scenario)
    assert scenario.branch == "2018-06"
    again = Scenario.from_toml_text(scenario.to_toml(), record=record_scenario)
    assert again == scenario
    # editing a branched scenario keeps it a branch
    edited = scenario.with_values({"coal_ban_compliance": 50})
    path = evaluate(edited).monthly_scenario_usd_m
    assert np.array_equal(path[:, :29], RECORD_PATH[:, :29])


@pytest.mark.parametrize("month", ["2018-6", "2026-01", "2015-12", "june", "2018-13"])
def test_bad_branch_month(month: str) -> None:
    with pytest.raises(ScenarioError, match="branch"):
        branch_scenario(Scenario.default(), month)
    with pytest.raises(ScenarioError, match="branch"):
        Scenario.from_mapping({"branch": month})


def test_a_step_before_the_branch_is_refused() -> None:
    scenario = branch_scenario(Scenario.default(), "2018-06")
    with pytest.raises(ScenarioError, match="before the branch month"):
        scenario.with_step("border_laxity", "2017-01", 5)


@given(
    i=st.integers(0, N_MONTHS - 1),
    laxity=st.floats(0, 100),
    later=st.integers(0, N_MONTHS - 1),
    later_laxity=st.floats(0, 100),
    labour=st.floats(0, 200),
)
def test_branching_builds_what_the_validated_file_route_builds(
    i: int, laxity: float, later: int, later_laxity: float, labour: float
) -> None:
    """The branch is built without validating its values a second time (both parts are valid
    scenarios): it equals the scenario a file of the same mapping gives, schedules and all."""
    from dprk_explorer.model.core.scenario import branch_mapping

    settings = Scenario.default().with_values(
        {"border_laxity": laxity, "labour_outsourcing": labour}
    )
    if later > 0:
        settings = settings.with_step("border_laxity", _month(later), later_laxity)
    month = _month(i)
    fast = branch_scenario(settings, month, RECORD)
    slow = Scenario.from_mapping(
        branch_mapping(RECORD, settings, month), name=settings.name, notes=settings.notes
    ).with_branch_label(month)
    assert fast == slow
    assert fast.schedules == slow.schedules and fast.values == slow.values


def test_a_branch_read_without_a_record_is_one_clear_message() -> None:
    """A scenario never reads the fitted record itself: a reader that gives it none is told."""
    text = 'branch = "2018-06"\nborder_laxity = 5\n'
    with pytest.raises(ScenarioError, match=r"^f\.toml: key 'branch' = '2018-06': no record"):
        Scenario.from_toml_text(text, where="f.toml: ")


def test_the_record_is_asked_for_only_when_a_branch_needs_it() -> None:
    def unavailable() -> Scenario:
        raise ScenarioError("record.toml is missing")

    plain = Scenario.from_toml_text("border_laxity = 5\n", record=unavailable)
    assert plain.branch is None and plain.branched(None, record=unavailable) is plain
    with pytest.raises(ScenarioError, match=r"^--branch: record\.toml is missing$"):
        plain.branched("2018-06", "--branch: ", record=unavailable)


def test_editing_a_branch_keeps_the_record_it_was_branched_from() -> None:
    """An edit re-branches over the scenario's own months before the branch (they are the
    record's), so it neither reads the fitted record again nor needs it."""
    other = Scenario.default().with_values({"border_laxity": 77.0, "coal_ban_compliance": 10.0})
    branched = Scenario.default().branched("2018-06", record=lambda: other)
    edited = branched.with_values({"coal_ban_compliance": 50.0}).with_step(
        "border_laxity", "2019-01", 20.0
    )
    assert edited.branch == "2018-06"
    assert edited.value_in("border_laxity", "2018-05") == 77.0
    assert edited.value_in("coal_ban_compliance", "2018-05") == 10.0
    assert edited.value_in("coal_ban_compliance", "2018-06") == 50.0
    assert edited.value_in("border_laxity", "2018-06") == Scenario.default()["border_laxity"]
    assert edited.value_in("border_laxity", "2019-01") == 20.0

"""Hypothesis strategies built from the single parameter declaration."""

from __future__ import annotations

from hypothesis import strategies as st

from dprk_explorer.model import LEVER_IDS, PARAMETERS, Scenario
from dprk_explorer.model.core.period import STEADY, Period
from dprk_explorer.model.core.timeline import YEARS


def value_strategy(pid: str) -> st.SearchStrategy[object]:
    parameter = PARAMETERS[pid]
    if parameter.kind == "bool":
        return st.booleans()
    return st.floats(parameter.minimum, parameter.maximum, allow_nan=False)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    values = {pid: draw(value_strategy(pid)) for pid in PARAMETERS}
    return Scenario.from_mapping(values)


MONTH_TEXTS = [f"{y}-{m:02d}" for y in YEARS for m in range(1, 13)]


@st.composite
def scheduled(draw: st.DrawFn, max_parameters: int = 3) -> Scenario:
    """A scenario with up to `max_parameters` parameters given up to three steps each."""
    scenario = draw(scenarios())
    chosen = st.lists(st.sampled_from(list(PARAMETERS)), max_size=max_parameters, unique=True)
    for pid in draw(chosen):
        for month in draw(st.lists(st.sampled_from(MONTH_TEXTS[1:]), max_size=3, unique=True)):
            scenario = scenario.with_step(pid, month, draw(value_strategy(pid)))
    return scenario


@st.composite
def questions(draw: st.DrawFn) -> Scenario:
    """Any kind of scenario an analyst builds: plain, scheduled, or branched from the record."""
    from dprk_explorer.model.record.branch import branch_scenario
    from dprk_explorer.model.record.record import record_scenario

    kind = draw(st.sampled_from(("plain", "scheduled", "branch")))
    if kind == "plain":
        return draw(scenarios())
    if kind == "scheduled":
        return draw(scheduled())
    record = record_scenario()
    levers = {pid: draw(value_strategy(pid)) for pid in LEVER_IDS}
    settings = Scenario.from_mapping(levers, base=record)
    return branch_scenario(settings, draw(st.sampled_from(MONTH_TEXTS)), record)


def periods() -> st.SearchStrategy[Period]:
    """The steady state, any year, or any span of years."""
    spans = st.tuples(st.sampled_from(YEARS), st.sampled_from(YEARS)).map(
        lambda ends: Period.span(min(ends), max(ends))
    )
    return st.one_of(st.just(STEADY), spans)

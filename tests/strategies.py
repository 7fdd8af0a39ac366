"""Hypothesis strategies built from the single parameter declaration."""

from __future__ import annotations

from hypothesis import strategies as st

from dprk_explorer.model import PARAMETERS, Scenario


def value_strategy(pid: str) -> st.SearchStrategy[object]:
    parameter = PARAMETERS[pid]
    if parameter.kind == "bool":
        return st.booleans()
    return st.floats(parameter.minimum, parameter.maximum, allow_nan=False)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    values = {pid: draw(value_strategy(pid)) for pid in PARAMETERS}
    return Scenario.from_mapping(values)

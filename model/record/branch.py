"""Counterfactuals that branch from the record: the record until month M, then these settings.

Before M every parameter takes the record's value (its fitted schedules included), so the
monthly path before M is the record's, month for month and bit for bit: the model is causal
(lags run forward, the 2321 cap counts the year's months so far). From M on, the settings'
values (and their own steps after M) apply. A scenario file says `branch = "2018-06"`; the
command line `--branch 2018-06`.

The branching itself is the scenario's (`Scenario.branched` in model/core/scenario.py), given the
record's scenario; this module gives it the fitted record.
"""

from __future__ import annotations

from dprk_explorer.model.core.scenario import Scenario
from dprk_explorer.model.record.record import record_scenario


def branch_scenario(settings: Scenario, month: str, record: Scenario | None = None) -> Scenario:
    """The record until `month`, then `settings` (its name and notes kept); month checked. The
    fitted record (resources/record.toml) unless `record` is given."""
    if record is None:
        return settings.branched(month, record=record_scenario)
    given = record
    return settings.branched(month, record=lambda: given)


def vs_record_by_year(
    scenario_path: list[dict[str, float | int]], record_path: list[dict[str, float | int]]
) -> list[dict[str, float | int]]:
    """Per calendar year, every path_by_year figure of the scenario minus the record's."""
    out: list[dict[str, float | int]] = []
    for mine, theirs in zip(scenario_path, record_path, strict=True):
        row: dict[str, float | int] = {"year": mine["year"]}
        for key, value in mine.items():
            if key != "year":
                row[key] = float(value) - float(theirs[key])
        out.append(row)
    return out

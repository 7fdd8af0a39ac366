"""Counterfactuals that branch from the record: the record until month M, then these settings.

Before M every parameter takes the record's value (its fitted schedules included), so the
monthly path before M is the record's, month for month and bit for bit: the model is causal
(lags run forward, the 2321 cap counts the year's months so far). From M on, the settings'
values (and their own steps after M) apply. A scenario file says `branch = "2018-06"`; the
command line `--branch 2018-06`.
"""

from __future__ import annotations

from typing import Any

from dprk_explorer.model.parameters import PARAMETERS, Value
from dprk_explorer.model.scenario import (
    MONTHS_ALLOWED,
    Scenario,
    ScenarioError,
    Step,
    canonical_steps,
    excerpt,
)
from dprk_explorer.model.timeline import N_MONTHS, month_index, parse_month


def check_branch_month(text: object, where: str = "") -> str:
    """'YYYY-MM' inside the horizon, or one ScenarioError naming the value and what is allowed."""
    month = parse_month(text)
    if month is None:
        raise ScenarioError(
            f"{where}key 'branch' = {excerpt(text)} is not a month; allowed: {MONTHS_ALLOWED}"
        )
    if not 0 <= month_index(month) < N_MONTHS:
        raise ScenarioError(
            f"{where}key 'branch' = '{month}' is outside the horizon; allowed: {MONTHS_ALLOWED}"
        )
    return month


def branch_mapping(record: Scenario, settings: Scenario, month: str) -> dict[str, Any]:
    """The mapping of the branched scenario: plain values and a [schedule] table."""
    first = month_index(month) == 0
    mapping: dict[str, Any] = {}
    schedule: dict[str, dict[str, Value]] = {}
    for key in PARAMETERS:
        start = settings.values[key] if first else record.values[key]
        steps: dict[str, Value] = {}
        if not first:
            steps.update({m: v for m, v in record.schedules.get(key, ()) if m < month})
            steps[month] = settings.value_in(key, month)
        steps.update({m: v for m, v in settings.schedules.get(key, ()) if m > month})
        mapping[key] = start
        if steps:
            schedule[key] = steps
    mapping["schedule"] = schedule
    return mapping


def branch_settings(scenario: Scenario) -> Scenario:
    """A branched scenario's own settings: every value as in force at its branch month, with
    its steps after it (the record's part dropped); an unbranched scenario as it is. Moving a
    branch re-branches these, so the analyst's values start at the new month."""
    month = scenario.branch
    if month is None:
        return scenario
    mapping: dict[str, Any] = {key: scenario.value_in(key, month) for key in PARAMETERS}
    mapping["schedule"] = {
        key: {m: v for m, v in scenario.schedules[key] if m > month}
        for key in PARAMETERS
        if any(m > month for m, _v in scenario.schedules.get(key, ()))
    }
    return Scenario.from_mapping(mapping, name=scenario.name, notes=scenario.notes)


def branch_scenario(settings: Scenario, month: str, record: Scenario | None = None) -> Scenario:
    """The record until `month`, then `settings` (its name and notes kept); month checked."""
    month = check_branch_month(month)
    if record is None:
        from dprk_explorer.model.record import record_scenario

        record = record_scenario()
    # Both are valid scenarios, so their values need no second validation (the window
    # branches on every slider step): only the steps are made canonical, as a file's would be.
    mapping = branch_mapping(record, settings, month)
    values: dict[str, Value] = {}
    schedules: dict[str, tuple[Step, ...]] = {}
    for key in PARAMETERS:
        steps = mapping["schedule"].get(key, {})
        values[key], kept = canonical_steps(mapping[key], steps.items())
        if kept:
            schedules[key] = kept
    return Scenario._build(values, schedules, settings.name, settings.notes, month)


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

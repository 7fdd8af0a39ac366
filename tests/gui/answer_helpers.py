"""Answers built through the model, as the window builds them, for the views' tests: a scenario
for a period, with the record, pins, the analysis and the map for the same period; and the View
whose pins are drawn in their slots' styles."""

from __future__ import annotations

import dataclasses
import functools

from dprk_explorer import model
from dprk_explorer.gui.pins import Pin, PinStore
from dprk_explorer.gui.view_state import View
from dprk_explorer.model.analysis.combined import Analysis, analyse
from dprk_explorer.model.analysis.goal_seek import GoalSeek, goal_seek
from dprk_explorer.model.answer import Answer
from dprk_explorer.model.core.grid import MAP_AXIS_PCT, GridResult, evaluate_grid
from dprk_explorer.model.core.period import STEADY, Period
from dprk_explorer.model.record.record import FittedRecord, record_or_reason

YEAR_2019 = Period.year(2019)


@functools.cache
def record() -> tuple[FittedRecord, model.Result]:
    found, reason = record_or_reason()
    assert found is not None, reason
    return found, model.evaluate(found.scenario)


def tight_branch() -> model.Scenario:
    """The record until 2018-06, then a tight border (5 % laxity): a counterfactual."""
    found, _ = record()
    return found.scenario.with_values({"border_laxity": 5.0}).branched(
        "2018-06", record=lambda: found.scenario
    )


def tight_border() -> model.Scenario:
    return model.Scenario.default().with_values({"border_laxity": 5.0})


def lax_border() -> model.Scenario:
    return model.Scenario.default().with_values(
        {"border_laxity": 80.0, "coal_ban_compliance": 40.0}
    )


@functools.cache
def _analysis(scenario: model.Scenario, period: Period) -> Analysis:
    return analyse(scenario, period=period)


@functools.cache
def _grid(scenario: model.Scenario, period: Period) -> GridResult:
    return evaluate_grid(scenario, MAP_AXIS_PCT, MAP_AXIS_PCT, period)


@functools.cache
def _goal(scenario: model.Scenario, period: Period, target_pct: float) -> GoalSeek:
    return goal_seek(scenario, target_pct, period)


def pinned(*named: tuple[str, model.Scenario]) -> list[Pin]:
    """Pins of the named scenarios, each in its slot (as the PinStore gives them)."""
    store = PinStore()
    for name, scenario in named:
        assert store.pin(name, model.evaluate(scenario)) is not None
    return store.pins


def answer_of(
    scenario: model.Scenario,
    period: Period = STEADY,
    pins: list[Pin] | tuple[Pin, ...] = (),
    analysis: bool = False,
    grid: bool = False,
    goal_pct: float | None = None,
    fresh: bool = True,
) -> Answer:
    """The answer the window shows for `scenario` in `period` (the record beside it)."""
    found, record_result = record()
    answer = Answer.of(
        model.evaluate(scenario),
        period,
        found,
        record_result,
        pins=tuple((pin.name, pin.result) for pin in pins),
        grid=_grid(scenario, period) if grid else None,
    )
    goal = _goal(scenario, period, goal_pct) if goal_pct is not None else None
    if analysis or goal is not None:
        found = _analysis(scenario, period) if analysis else None
        answer = answer.with_analysis(found, goal, fresh=fresh)
    return answer


def with_grid(answer: Answer, grid: GridResult) -> Answer:
    """The answer with another map for its period (a coarser grid, a doctored one)."""
    return dataclasses.replace(answer, grid=grid)


def view_of(
    answer: Answer,
    pins: list[Pin] | tuple[Pin, ...] = (),
    bands: bool = False,
    record_shown: bool = False,
    compared_pin: int | None = None,
) -> View:
    return View(
        period=answer.period,
        bands=bands,
        record_shown=record_shown,
        pins=tuple(pins),
        compared_pin=compared_pin,
    )

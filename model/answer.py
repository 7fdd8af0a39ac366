"""The answer to one question: a scenario, a period, and what it is compared with.

Every figure the window, the brief, the caption, the key numbers, the data export and the command
line show is read from an `Answer`; none of them computes one, so no two can disagree. It holds
the figures for the period (`result`), the no-sanctions base of that period with its label, the
analysis for the same period (bands, attribution, tornado, robustness, goal seek), the levers'
values in force (the map's coordinates), the record and pins for the same period with the
differences from them, what the record supports, and what differs from the reference settings
(the defaults, or the record for the record and its branches).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from dprk_explorer.model.analysis.combined import Analysis, goal_seek_dict
from dprk_explorer.model.analysis.goal_seek import GoalSeek
from dprk_explorer.model.core.evaluate import Result, value_in_force
from dprk_explorer.model.core.grid import GridResult
from dprk_explorer.model.core.parameters import DEFAULTS, LEVER_IDS, PARAMETERS, Value
from dprk_explorer.model.core.period import STEADY, Period
from dprk_explorer.model.core.scenario import Scenario
from dprk_explorer.model.core.timeline import MONTHS, N_MONTHS
from dprk_explorer.model.record.branch import vs_record_by_year
from dprk_explorer.model.record.record import FittedRecord
from dprk_explorer.model.record.record_support import Support, record_support, support_sentence
from dprk_explorer.model.sources.resources import CHANNEL_BASIS

#: The bases a smuggling figure can be on, worded once for the headline, the brief, the caption
#: and the key numbers: (short, full). Receipts are what North Korea is paid, the smuggling
#: channels' basis (resources/baseline_channels.csv), which every smuggling revenue figure of
#: the model is on; the market value is the smuggled coal at the month's coal price, the basis
#: of the Panel of Experts' estimates.
SMUGGLING_BASES: dict[str, tuple[str, str]] = {
    "receipts": ("receipts", CHANNEL_BASIS["smuggling"].removeprefix("gross ")),
    "coal_market": (
        "market value",
        "smuggled coal at the month's coal price, the Panel of Experts' basis",
    ),
}


@dataclass(frozen=True)
class Difference:
    """One setting that differs from the reference settings in some month.

    `month` is the first month it differs (None: in every month, a plain value); `value` and
    `reference_value` are the two values in force then; `steps` are the scenario's own schedule
    steps for the parameter (month, value), so "50 % from 2018-06" is never lost.
    """

    parameter: str
    value: Value
    reference_value: Value
    month: str | None = None
    steps: tuple[tuple[str, Value], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "parameter": self.parameter,
            "value": _plain(self.value),
            "base_value": _plain(self.reference_value),
            "from_month": self.month,
            "steps": {m: _plain(v) for m, v in self.steps},
        }


def _plain(value: Value) -> bool | float:
    return value if isinstance(value, bool) else float(value)


def _typed(key: str, value: float) -> Value:
    return bool(value) if isinstance(PARAMETERS[key].default, bool) else float(value)


def differences(scenario: Scenario, reference: Scenario | None) -> tuple[Difference, ...]:
    """Every parameter whose value in any month differs from `reference` (None: the declared
    defaults), schedule steps included, in declaration order."""
    out: list[Difference] = []
    for key in PARAMETERS:
        steps = tuple(scenario.schedules.get(key, ()))
        if reference is None:
            ours = scenario.path(key)
            theirs_value: Value = DEFAULTS[key]
            if ours is None:
                if scenario.values[key] != theirs_value:
                    out.append(Difference(key, scenario.values[key], theirs_value))
                continue
            recorded = np.full(N_MONTHS, float(theirs_value))
        else:
            ours = scenario.path(key)
            if ours is None and reference.path(key) is None:
                if scenario.values[key] != reference.values[key]:
                    out.append(Difference(key, scenario.values[key], reference.values[key]))
                continue
            theirs = reference.path(key)
            recorded = (
                theirs if theirs is not None else np.full(N_MONTHS, float(reference.values[key]))
            )
        mine = ours if ours is not None else np.full(N_MONTHS, float(scenario.values[key]))
        differ = np.flatnonzero(~np.isclose(mine, recorded))
        if differ.size == 0:
            continue
        first = int(differ[0])
        out.append(
            Difference(
                key,
                _typed(key, float(mine[first])),
                _typed(key, float(recorded[first])),
                None if first == 0 else str(MONTHS[first]),
                steps,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class Comparison:
    """Another scenario's figures for the same period, and the live one's difference from it."""

    kind: str  # "record" or "pin"
    name: str  # the record's or the pin's name
    result: Result  # its figures for the period
    total_difference_usd_m: float  # live total minus its total
    net_change_difference_usd_m: float  # live net change minus its net change
    levers_in_force: dict[str, float]  # its levers' values in force for the period (the map)

    @property
    def label(self) -> str:
        """'the record, 2019' or 'Tight border, steady state': whose figures, for when."""
        who = "the record" if self.kind == "record" else self.name
        return f"{who}, {self.result.period.label}"


def _comparison(kind: str, name: str, other: Result, mine: Result) -> Comparison:
    theirs = other.for_period(mine.period)
    return Comparison(
        kind=kind,
        name=name,
        result=theirs,
        total_difference_usd_m=mine.total_scenario_usd_m - theirs.total_scenario_usd_m,
        net_change_difference_usd_m=mine.net_change_usd_m - theirs.net_change_usd_m,
        levers_in_force={k: value_in_force(other.scenario, k, mine.period) for k in LEVER_IDS},
    )


@dataclass(frozen=True)
class RecordFit:
    """How closely the record preset reproduces China's customs, a year at a time: the largest
    error over the calendar years compared (fitted and held out alike), and their span."""

    max_error_pct: float
    first_year: int
    last_year: int


#: The series the record's fit is quoted against: China's imports from North Korea, by year.
FIT_SERIES = "china_imports_from_dprk"


def record_fit(record: FittedRecord) -> RecordFit | None:
    """The record's largest yearly error against China's customs (None: no yearly figure)."""
    annual = {
        int(row["period"]): abs(float(row["error_pct"]))
        for row in record.residuals
        if row.get("series") == FIT_SERIES and str(row.get("period")).isdigit()
    }
    if not annual:
        return None
    return RecordFit(max(annual.values()), min(annual), max(annual))


def _is_record_like(scenario: Scenario, record: FittedRecord | None) -> bool:
    return record is not None and (
        scenario.branch is not None or scenario.same_values(record.scenario)
    )


@dataclass(frozen=True)
class Answer:
    """Everything shown for one scenario and one period (see the module docstring)."""

    scenario: Scenario
    period: Period
    result: Result  # the figures for the period
    path: Result  # the whole evaluation: the monthly path, its steady state
    levers_in_force: dict[str, float]
    differs_from_base: tuple[Difference, ...]
    reference: str  # what `differs_from_base` compares with: "default" or "record"
    record: Comparison | None = None  # the record for the period (when it is available)
    record_path: Result | None = None  # the record's whole evaluation (the timeline draws it)
    pins: tuple[Comparison, ...] = ()
    support: Support | None = None  # for the record and its branches
    record_fit: RecordFit | None = None  # for the record and its branches
    analysis: Analysis | None = None  # for this scenario and period, once computed
    goal: GoalSeek | None = None
    grid: GridResult | None = None
    analysis_fresh: bool = field(default=True, compare=False)

    @classmethod
    def of(
        cls,
        path: Result,
        period: Period = STEADY,
        record: FittedRecord | None = None,
        record_result: Result | None = None,
        pins: tuple[tuple[str, Result], ...] = (),
        analysis: Analysis | None = None,
        goal: GoalSeek | None = None,
        grid: GridResult | None = None,
    ) -> Answer:
        """The answer for `path`'s scenario in `period`. `record_result` is the record's own
        evaluation (evaluated once by the caller); an analysis or goal seek for another scenario
        or period is refused (ValueError): it would answer a different question."""
        scenario = path.scenario
        if analysis is not None and not _same_question(analysis.scenario, analysis.period,
                                                       scenario, period):  # fmt: skip
            raise ValueError("the analysis is for another scenario or period")
        if goal is not None and goal.period != period:
            raise ValueError("the goal seek is for another period")
        if grid is not None and grid.period != period:
            raise ValueError("the map is for another period")
        result = path.for_period(period)
        record_like = _is_record_like(scenario, record)
        reference = record.scenario if record_like and record is not None else None
        return cls(
            scenario=scenario,
            period=period,
            result=result,
            path=path,
            levers_in_force={k: value_in_force(scenario, k, period) for k in LEVER_IDS},
            differs_from_base=differences(scenario, reference),
            reference="record" if reference is not None else "default",
            record=(
                _comparison("record", "the record", record_result, result)
                if record_result is not None
                else None
            ),
            record_path=record_result,
            pins=tuple(_comparison("pin", name, pin, result) for name, pin in pins),
            support=record_support(scenario, record) if record_like and record else None,
            record_fit=record_fit(record) if record_like and record else None,
            analysis=analysis,
            goal=goal,
            grid=grid,
        )

    def with_analysis(
        self, analysis: Analysis | None, goal: GoalSeek | None = None, fresh: bool = True
    ) -> Answer:
        """This answer with its analysis (None: not yet computed). A stale analysis (for the
        scenario a moment ago) may be shown greyed: `fresh` says which."""
        if (
            fresh
            and analysis is not None
            and not _same_question(analysis.scenario, analysis.period, self.scenario, self.period)
        ):
            raise ValueError("a fresh analysis must be for this scenario and period")
        return replace(self, analysis=analysis, goal=goal, analysis_fresh=fresh)

    def with_grid(self, grid: GridResult | None) -> Answer:
        """This answer with the map for its period (a map of another period is refused)."""
        if grid is not None and grid.period != self.period:
            raise ValueError("the map is for another period")
        return replace(self, grid=grid)

    def analysed(self) -> Answer:
        """This answer with a fresh analysis of its own scenario and period: its own when it is
        fresh, else computed now (~20-40 ms), the goal seek sought again for the same target.
        An export states the analysis as the answer's: never one of a moment ago."""
        if self.analysis is not None and self.analysis_fresh:
            return self
        from dprk_explorer.model.analysis.combined import analyse
        from dprk_explorer.model.analysis.goal_seek import goal_seek

        goal = (
            goal_seek(self.scenario, self.goal.target_net_change_pct, self.period)
            if self.goal is not None
            else None
        )
        return self.with_analysis(analyse(self.scenario, period=self.period), goal)

    # --- figures ------------------------------------------------------------------------------

    @property
    def branch(self) -> str | None:
        return self.scenario.branch

    @property
    def base_label(self) -> str:
        """The comparison base of the net change: 'no sanctions, 2019' (never '2016' for 2019)."""
        return f"no sanctions, {self.period.label}"

    @property
    def net_change_usd_m(self) -> float:
        return self.result.net_change_usd_m

    @property
    def total_usd_m(self) -> float:
        return self.result.total_scenario_usd_m

    @property
    def base_total_usd_m(self) -> float:
        return self.result.total_baseline_usd_m

    @property
    def recovered_china_governs_usd_m(self) -> float:
        """Won back in the period by routes China's enforcement governs (the levers' routes)."""
        return self.result.recovered_china_governs_usd_m

    @property
    def recovered_not_china_usd_m(self) -> float:
        """Won back in the period by routes China's enforcement does not govern (workers in
        Russia, cyber theft, arms to Russia)."""
        return self.result.recovered_not_china_usd_m

    @property
    def vs_record_usd_m(self) -> float | None:
        """For the record's branches: the total for the period minus the record's (None for any
        other scenario, whose difference from the record is not its question)."""
        if self.record is None or self.scenario.branch is None:
            return None
        return self.record.total_difference_usd_m

    def vs_record_by_year(self) -> list[dict[str, float | int]] | None:
        if self.record_path is None or self.scenario.branch is None:
            return None
        return vs_record_by_year(self.path.path_by_year(), self.record_path.path_by_year())

    @property
    def support_text(self) -> str:
        """Where the scenario leaves what the record supports, for the period ('' if nowhere)."""
        if self.support is None:
            return ""
        return support_sentence(self.support, self.period)

    @property
    def smuggling_receipts_usd_m(self) -> float:
        """Smuggling for the period on its receipts basis (SMUGGLING_BASES['receipts']): what
        the smuggling route wins back, the figure the headline and the routes count."""
        return self.result.recovered_usd_m["smuggling"]

    @property
    def smuggled_coal_market_usd_m(self) -> float | None:
        """Smuggled coal for the period on the market basis (SMUGGLING_BASES['coal_market']),
        the Panel of Experts' basis; None for the steady state, which has no months and so
        no month's coal price."""
        if self.period.is_steady:
            return None
        value = self.result.terms_usd_m.get("smuggled_coal_market")
        return None if value is None else float(value)

    def band_position(self, figure: str) -> str | None:
        """Where the figure ('net_change' or 'total') lies against its 5-95 % band: 'inside',
        'below' or 'above'; None while no analysis is at hand."""
        if self.analysis is None:
            return None
        bands = self.analysis.bands
        low, high, value = (
            (bands.net_change_p5, bands.net_change_p95, self.net_change_usd_m)
            if figure == "net_change"
            else (bands.total_p5, bands.total_p95, self.total_usd_m)
        )
        tolerance = 1e-9 * max(1.0, abs(value))
        if value < low - tolerance:
            return "below"
        if value > high + tolerance:
            return "above"
        return "inside"

    def differs_text_keys(self) -> tuple[str, ...]:
        """The parameter ids that differ (in order), the branch first when there is one."""
        return tuple(d.parameter for d in self.differs_from_base)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of `dprk-explorer run --format json` (README, Command line)."""
        out = self.result.to_dict()
        out["period"] = self.period.label
        out["base"] = self.base_label
        out["levers_in_force"] = dict(self.levers_in_force)
        differs: list[dict[str, Any]] = []
        if self.branch is not None:
            differs.append({"branch": self.branch, "from_month": self.branch})
        differs.extend(d.to_dict() for d in self.differs_from_base)
        out["differs_from_base"] = differs
        out["differs_from"] = self.reference
        if self.scenario.branch is not None:
            out["branch"] = self.scenario.branch
            by_year = self.vs_record_by_year()
            if by_year is not None:
                out["vs_record_by_year"] = by_year
                out["vs_record_usd_m"] = self.vs_record_usd_m
        if self.support is not None:
            out["support"] = self.support_text
        if self.analysis is not None:
            out.update(self.analysis.to_dict())
            out["net_change_in_band"] = self.band_position("net_change")
            out["total_in_band"] = self.band_position("total")
        if self.goal is not None:
            out["goal_seek"] = goal_seek_dict(self.goal)
        return out


def _same_question(
    scenario: Scenario, period: Period, other: Scenario, other_period: Period
) -> bool:
    return (
        period == other_period and scenario.same_values(other) and (scenario.branch == other.branch)
    )


def ask(
    scenario: Scenario,
    period: Period = STEADY,
    with_analysis: bool = False,
    goal_net_change_pct: float | None = None,
    pins: tuple[tuple[str, Result], ...] = (),
) -> Answer:
    """The whole answer to one question, headless (the command line, exports): the record is
    read (never fitted) and evaluated only when the scenario is the record or branches from it."""
    from dprk_explorer.model.analysis.combined import analyse
    from dprk_explorer.model.analysis.goal_seek import goal_seek
    from dprk_explorer.model.core.evaluate import evaluate
    from dprk_explorer.model.record.record import record_or_reason

    found, _reason = record_or_reason()
    record_like = _is_record_like(scenario, found)
    record_result = evaluate(found.scenario) if found is not None and record_like else None
    return Answer.of(
        evaluate(scenario),
        period,
        found,
        record_result,
        pins=pins,
        analysis=analyse(scenario, period=period) if with_analysis else None,
        goal=(
            goal_seek(scenario, goal_net_change_pct, period)
            if goal_net_change_pct is not None
            else None
        ),
    )


__all__ = [
    "SMUGGLING_BASES",
    "Answer",
    "Comparison",
    "Difference",
    "RecordFit",
    "ask",
    "differences",
    "record_fit",
]

"""Where the record supports a scenario: which settings lie outside the values the `record`
preset was fitted at, and which years lie beyond the record's last figure.

A model reproduces the record only at the values it was fitted with; elsewhere it extrapolates.
The rule, per numeric parameter and month of the horizon (booleans are not checked: a ban
switched off gives the 2016 flows, which the record covers):

- **fitted** (a value in record.toml's `[[fitted]]`): supported within SUPPORT_STD_ERRORS
  fitted standard errors of any of the parameter's fitted values (whatever month that value
  held from), inside the fit's bounds;
- **plausible** (an uncertain assumption the record does not pin): supported inside its
  plausible range, where its sourced default sits;
- **fixed** (a lever the record holds at one value, e.g. labour outsourcing): supported only at
  the record's own value.

The record's own value in every month is always supported. Years after the last calendar year
any fitted figure covers are a prediction, not a reproduction. Qt-free: the window, the
caption and docs/validation.md all read this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from dprk_explorer.model.core.parameters import PARAMETERS
from dprk_explorer.model.core.period import STEADY, Period
from dprk_explorer.model.core.scenario import Scenario
from dprk_explorer.model.core.timeline import MONTH_YEARS, MONTHS, N_MONTHS
from dprk_explorer.model.record.record import FittedRecord, load_record_series

#: How many fitted standard errors either side of a fitted value the record supports.
SUPPORT_STD_ERRORS = 1.0
#: Values this close (in the parameter's unit) to an edge count as on it (record.toml rounds).
TOLERANCE = 1e-6

Interval = tuple[float, float]
#: support_intervals of the record last asked about (kept with it, so its id stays its own).
_INTERVALS: dict[int, tuple[FittedRecord, dict[str, tuple[tuple[Interval, ...], str]]]] = {}


def _number(value: float) -> str:
    """Three significant figures, never in exponent form: '15.1', '87.2', '1,180'."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


@dataclass(frozen=True)
class Excursion:
    """One run of months in which a setting lies outside what the record supports."""

    parameter: str
    month: str  # the first month of the run, 'YYYY-MM'
    value: float
    supported: tuple[Interval, ...]  # the values the record supports for the parameter
    basis: str  # "fitted", "plausible" or "fixed"

    def text(self) -> str:
        """'border laxity 5 % from 2018-06 (the record supports 15-50 %)'."""
        p = PARAMETERS[self.parameter]
        unit = f" {p.unit}" if p.unit else ""
        ranges = ", ".join(
            f"{_number(low)}{unit}"
            if high - low <= TOLERANCE
            else f"{_number(low)}-{_number(high)}{unit}"
            for low, high in self.supported
        )
        since = "" if self.month == str(MONTHS[0]) else f" from {self.month}"
        label = p.label if p.label[:2].isupper() else p.label[0].lower() + p.label[1:]
        return f"{label} {_number(self.value)}{unit}{since} (the record supports {ranges})"


@dataclass(frozen=True)
class Support:
    """What of a scenario the record supports."""

    excursions: tuple[Excursion, ...]
    last_record_year: int
    years_beyond: tuple[int, ...]  # years of the horizon after the record's last figure

    @property
    def settings_supported(self) -> bool:
        return not self.excursions

    def is_prediction(self, period: Period | int | None) -> bool:
        """True for a calendar year, or a span reaching a year, after the record's last figure
        (None or the steady state: False, it is no year of the record)."""
        last = _period(period).last_year
        return last is not None and last > self.last_record_year


def last_record_year(fitted_figures: Iterable[tuple[int, ...]] | None = None) -> int:
    """The last calendar year any fitted figure of resources/record_series.csv covers."""
    if fitted_figures is None:
        fitted_figures = (f.months for f in load_record_series() if f.use == "fit")
    months = [m for months in fitted_figures for m in months]
    return int(MONTH_YEARS[max(months)])


@lru_cache(maxsize=1)
def _last_fitted_year() -> int:
    return last_record_year()


def _merge(intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    merged: list[Interval] = []
    for low, high in sorted(intervals):
        if merged and low <= merged[-1][1] + TOLERANCE:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    return tuple(merged)


def _values_in_force(scenario: Scenario, pid: str) -> np.ndarray:
    path = scenario.path(pid)
    if path is None:
        return np.full(N_MONTHS, float(scenario[pid]))
    return np.asarray(path, dtype=np.float64)


def support_intervals(record: FittedRecord) -> dict[str, tuple[tuple[Interval, ...], str]]:
    """Per numeric parameter, the values the record supports and on what basis."""
    out: dict[str, tuple[tuple[Interval, ...], str]] = {}
    for pid, p in PARAMETERS.items():
        if p.kind != "float":
            continue
        own = [(float(v), float(v)) for v in np.unique(_values_in_force(record.scenario, pid))]
        fitted = [f for f in record.fitted if f.parameter == pid]
        if fitted:
            spans = [
                (
                    max(f.low, f.value - SUPPORT_STD_ERRORS * f.std_error),
                    min(f.high, f.value + SUPPORT_STD_ERRORS * f.std_error),
                )
                for f in fitted
            ]
            out[pid] = (_merge([*spans, *own]), "fitted")
        elif p.is_uncertain:
            assert p.low is not None and p.high is not None
            out[pid] = (_merge([(p.low, p.high), *own]), "plausible")
        else:
            out[pid] = (_merge(own), "fixed")
    return out


def is_supported(value: float, intervals: tuple[Interval, ...]) -> bool:
    return any(low - TOLERANCE <= value <= high + TOLERANCE for low, high in intervals)


def record_support(
    scenario: Scenario, record: FittedRecord, last_year: int | None = None
) -> Support:
    """Which of `scenario`'s settings, month by month, and which years the record supports."""
    last = _last_fitted_year() if last_year is None else last_year
    key = id(record)
    if key not in _INTERVALS:  # the window asks on every slider step: built once a record
        _INTERVALS.clear()
        _INTERVALS[key] = (record, support_intervals(record))
    excursions: list[Excursion] = []
    for pid, (intervals, basis) in _INTERVALS[key][1].items():
        if pid not in scenario.schedules:  # one value for every month: one check
            if is_supported(float(scenario[pid]), intervals):
                continue
        values = _values_in_force(scenario, pid)
        bounds = np.array(intervals)
        inside = (values[:, None] >= bounds[:, 0] - TOLERANCE) & (
            values[:, None] <= bounds[:, 1] + TOLERANCE
        )
        outside = np.asarray(~inside.any(axis=1), dtype=bool)
        if not outside.any():
            continue
        for i in np.flatnonzero(outside):
            starts_run = i == 0 or not outside[i - 1] or values[i] != values[i - 1]
            if starts_run:
                excursions.append(
                    Excursion(pid, str(MONTHS[i]), float(values[i]), intervals, basis)
                )
    beyond = tuple(int(y) for y in np.unique(MONTH_YEARS) if y > last)
    return Support(tuple(excursions), last, beyond)


def _period(period: Period | int | None) -> Period:
    if isinstance(period, Period):
        return period
    return STEADY if period is None else Period.year(period)


def support_sentence(support: Support, period: Period | int | None = None) -> str:
    """One clause for a brief or caption (no full stop): where the scenario leaves the record,
    '' when nothing does."""
    parts: list[str] = []
    if support.excursions:
        listed = "; ".join(e.text() for e in support.excursions)
        parts.append(f"outside the range the record supports: {listed}")
    if support.is_prediction(period):
        asked = _period(period)
        after = "lies after" if asked.first_year == asked.last_year else "reaches past"
        parts.append(
            f"{asked.label} {after} the record's last figure ({support.last_record_year}): "
            "a prediction, not a reproduction"
        )
    return "; ".join(parts)

"""The period a question asks about: the steady state, one calendar year, or a span of years.

One value type, so the strip, the analysis, the map, the brief and the command line can never
answer for different periods: each reads the period from the one answer it shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from dprk_explorer.model.core.timeline import MONTH_YEARS, SPANS, YEARS

BoolArray = NDArray[np.bool_]

PERIOD_ALLOWED = (
    f"'steady', a calendar year from {YEARS[0]} to {YEARS[-1]}, "
    f"or a span of them such as {YEARS[1]}-{YEARS[-2]}"
)


class PeriodError(ValueError):
    """A period that is not the steady state, a year of the horizon or a span of them."""


def _ascii_year(text: str) -> int:
    """An ASCII-digit year (str.isdigit accepts '²' and fullwidth digits; int() some of them)."""
    if not (len(text) == 4 and text.isascii() and text.isdigit()):
        raise PeriodError(f"period '{text[:20]}' is not allowed; allowed: {PERIOD_ALLOWED}")
    return int(text)


@dataclass(frozen=True, order=True)
class Period:
    """`first_year`..`last_year` inclusive, or both None: the steady state (every ban in force,
    2016 coal price, no lags) as a year's revenue."""

    first_year: int | None = None
    last_year: int | None = None

    def __post_init__(self) -> None:
        if (self.first_year is None) != (self.last_year is None):
            raise PeriodError("a span needs both its first and its last year")
        if self.first_year is not None and self.last_year is not None:
            if not (YEARS[0] <= self.first_year <= self.last_year <= YEARS[-1]):
                raise PeriodError(
                    f"period {self.first_year}-{self.last_year} is not allowed; "
                    f"allowed: {PERIOD_ALLOWED}"
                )

    @classmethod
    def steady(cls) -> Period:
        return STEADY

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(year, year)

    @classmethod
    def span(cls, first: int, last: int) -> Period:
        return cls(first, last)

    @classmethod
    def parse(cls, text: str) -> Period:
        """'steady', 'YYYY' or 'YYYY-YYYY' (ASCII digits), or one PeriodError saying what is
        allowed."""
        cleaned = text.strip().lower()
        if cleaned in ("steady", "steady state", ""):
            return STEADY
        first, dash, last = cleaned.partition("-")
        if not dash:
            return cls.year(_ascii_year(first))
        return cls.span(_ascii_year(first), _ascii_year(last))

    @property
    def is_steady(self) -> bool:
        return self.first_year is None

    @property
    def years(self) -> tuple[int, ...]:
        """The calendar years the period sums (none for the steady state)."""
        if self.first_year is None or self.last_year is None:
            return ()
        return tuple(range(self.first_year, self.last_year + 1))

    @property
    def single_year(self) -> int | None:
        """The year of a one-year period; None for the steady state and for spans."""
        return self.first_year if self.first_year == self.last_year else None

    @property
    def label(self) -> str:
        """'steady state', '2019' or '2017-2019': the period's name in every view."""
        if self.first_year is None:
            return "steady state"
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}-{self.last_year}"

    @property
    def per(self) -> str:
        """How a figure for the period reads: 'a year' (steady state), 'in 2019', 'in 2017-2019'."""
        return "a year" if self.is_steady else f"in {self.label}"

    @property
    def unit(self) -> str:
        """The unit of a revenue figure for the period: a rate, or a sum over its months."""
        return "USD m/yr" if self.is_steady else "USD m"

    @property
    def token(self) -> str:
        """The period as `Period.parse` reads it back (files, settings, the command line)."""
        return "steady" if self.is_steady else self.label

    def month_mask(self) -> BoolArray:
        """Which months of the horizon the period sums (all False for the steady state)."""
        if self.first_year is None or self.last_year is None:
            return np.zeros(MONTH_YEARS.shape, dtype=bool)
        mask: BoolArray = (MONTH_YEARS >= self.first_year) & (MONTH_YEARS <= self.last_year)
        return mask

    def __str__(self) -> str:
        return self.label


STEADY = Period()


#: Every period a view offers: the steady state, each year, the whole horizon and the spans an
#: analyst asks about (resources/horizon.toml, each with why).
def offered_periods() -> tuple[Period, ...]:
    years = tuple(Period.year(y) for y in YEARS)
    spans = tuple(Period.span(first, last) for first, last, _why in SPANS)
    return (STEADY, *years, Period.span(YEARS[0], YEARS[-1]), *spans)

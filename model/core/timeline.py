"""The monthly horizon (resources/horizon.toml, 2016-01 to 2025-12): when each ban bites, coal
prices, adjustment lags, the customs holidays, the phases of the 2020-2023 border closure, the
published cyber thefts and when the routes to Russia start.

Each ban in resources/sanctions_bans.csv starts on China's implementation date (a partial first
month counts by days). Where the resolution let contracts signed before its adoption be delivered
for some days (its wind-down), that trade flows as contracted and the ban bites the day after the
wind-down ends; a deadline to comply (2397's repatriation) phases in linearly over its days. A ban
that a later resolution replaced (the 2321 cap, by 2371's full ban) ends when that one bites, so
no month falls between the two. The coal price path, the delayed cargoes of 2017, China's
Spring Festival holidays and the 2020 closure's phases come from their own sourced tables.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from dprk_explorer.model.sources.resources import (
    load_bans,
    load_closure_phases,
    load_coal_prices,
    load_customs_holidays,
    load_cyber_theft,
    load_delayed_cargoes,
    load_horizon,
    load_new_routes,
    load_timeline,
)

FloatArray = NDArray[np.float64]

#: The horizon as resources/horizon.toml declares it (whole calendar years): every month, year
#: and span below is derived from its first and last month, never written here.
HORIZON_DATA = load_horizon()
HORIZON: tuple[str, str] = (HORIZON_DATA["first_month"], HORIZON_DATA["last_month"])
FIRST_MONTH = np.datetime64(HORIZON[0], "M")
FIRST_YEAR, FIRST_MONTH_NUMBER = (int(part) for part in str(FIRST_MONTH).split("-"))
N_MONTHS = int((np.datetime64(HORIZON[1], "M") - FIRST_MONTH).astype(np.int64)) + 1
MONTHS: NDArray[np.datetime64] = FIRST_MONTH + np.arange(N_MONTHS)
YEARS: tuple[int, ...] = tuple(range(FIRST_YEAR, int(HORIZON[1][:4]) + 1))
#: The horizon's years as every label names them ('2016-2025').
HORIZON_YEARS = f"{YEARS[0]}-{YEARS[-1]}"
#: The spans of years the views offer besides single years and the whole horizon (with why).
SPANS: tuple[tuple[int, int, str], ...] = tuple(HORIZON_DATA["spans"])
#: Calendar year of each month of the horizon.
MONTH_YEARS: NDArray[np.int64] = MONTHS.astype("datetime64[Y]").astype(np.int64) + 1970

TIMELINE_EVENTS = load_timeline()
BANS = load_bans()
BAN_IDS: tuple[str, ...] = tuple(row["id"] for row in BANS)
COAL_PRICES = load_coal_prices()
DELAYED_CARGOES = load_delayed_cargoes()
CUSTOMS_HOLIDAYS = load_customs_holidays()
CLOSURE_PHASES = load_closure_phases()


#: How every month a user or a file gives is written (schedules, branches): the one wording.
MONTH_FORM = "a month YYYY-MM in the digits 0-9"


def parse_month(text: object) -> str | None:
    """`text` if it is a month 'YYYY-MM' (any year, a month 01-12) in ASCII digits, else None.

    The one parser of months: str.isdigit alone also takes '²', '⓽' or '፩' (which int() then
    refuses) and fullwidth or Arabic-Indic digits (which int() reads, while months are compared
    as text), so every other digit is refused here."""
    if not (isinstance(text, str) and len(text) == 7 and text.isascii() and text[4] == "-"):
        return None
    if not (text[:4].isdigit() and text[5:].isdigit() and 1 <= int(text[5:]) <= 12):
        return None
    return text


def month_index(month: str) -> int:
    """Index in MONTHS of a 'YYYY-MM' text (may lie outside 0..N_MONTHS-1). Plain arithmetic on the
    text (numpy's datetime parse cost ~5 us, and a slider step asks ~90 times); a text that
    is not YYYY-MM falls back to numpy, which raises as before."""
    if parse_month(month) is not None:
        return (int(month[:4]) - FIRST_YEAR) * 12 + int(month[5:]) - FIRST_MONTH_NUMBER
    return int((np.datetime64(month, "M") - FIRST_MONTH).astype(np.int64))


def onset_fraction(date: dt.date, ramp_days: float = 0.0) -> FloatArray:
    """Per month, the share of the measure in force: 0 before `date`, then 1 (partial in the first
    month by days); with `ramp_days`, rising linearly from 0 at `date` to 1 after that many days,
    averaged over each month's days."""
    starts = MONTHS.astype("datetime64[D]")
    ends = (MONTHS + 1).astype("datetime64[D]")
    days = (ends - starts).astype(np.float64)
    start = np.datetime64(date, "D")
    if ramp_days <= 0.0:
        after = (ends - start).astype(np.float64)
        fraction: FloatArray = np.clip(after / days, 0.0, 1.0)
        return fraction
    # integral of clip((d - start) / ramp, 0, 1) over each month's days, by whole days
    first, last = int(starts[0].astype(np.int64)), int(ends[-1].astype(np.int64))
    day = np.arange(first, last, dtype=np.float64) + 0.5
    level = np.clip((day - float(start.astype(np.int64))) / ramp_days, 0.0, 1.0)
    edges = (starts.astype(np.int64) - first).tolist()
    sums = np.add.reduceat(level, edges)
    ramped: FloatArray = sums / days
    return ramped


def in_force_date(china_date: dt.date, adopted: dt.date, wind_down_days: float) -> dt.date:
    """The first day a ban bites: China's date, or the day after the wind-down for contracts
    (which ends `wind_down_days` after adoption), whichever is later; no wind-down: China's date."""
    if wind_down_days <= 0.0:
        return china_date
    return max(china_date, adopted + dt.timedelta(days=int(wind_down_days) + 1))


#: Per ban id, the share of each month it is in force (before its switch and compliance).
BAN_ONSET: dict[str, FloatArray] = {
    row["id"]: onset_fraction(
        in_force_date(row["china_date"], row["adopted"], float(row["wind_down_days"])),
        float(row["ramp_days"]),
    )
    for row in BANS
}
#: Per ban id, the share of each month after its adoption.
ADOPTED_ONSET: dict[str, FloatArray] = {row["id"]: onset_fraction(row["adopted"]) for row in BANS}
#: Per ban id, the ban that replaced it (from the day that one bites), if any.
REPLACED_BY: dict[str, str] = {row["id"]: row["replaced_by"] for row in BANS if row["replaced_by"]}
#: When the labour lever starts to act: UNSC 2397 (workers), without its 24-month ramp.
LABOUR_ONSET: FloatArray = onset_fraction(
    next(row["china_date"] for row in BANS if row["id"] == "unsc_2397_workers")
)


def day_share(first: dt.date, last: dt.date) -> FloatArray:
    """Per month, the share of its days that lie in first..last (both included)."""
    days_before_end = onset_fraction(last + dt.timedelta(days=1))
    share: FloatArray = onset_fraction(first) - days_before_end
    return share


def _days_in_months() -> FloatArray:
    starts = MONTHS.astype("datetime64[D]")
    days: FloatArray = ((MONTHS + 1).astype("datetime64[D]") - starts).astype(np.float64)
    return days


def _season() -> FloatArray:
    """Per month, its share of the year's customs working days x 12: a month loses the days of
    a week-long public holiday in China (customs and most firms close), and each calendar year
    still sums to 12, so every year's total is its annual level."""
    days = _days_in_months()
    off = sum(
        (day_share(row["first_day"], row["last_day"]) * days for row in CUSTOMS_HOLIDAYS),
        np.zeros(N_MONTHS),
    )
    working = days - off
    season = np.empty(N_MONTHS)
    for year in YEARS:
        m = MONTH_YEARS == year
        season[m] = 12.0 * working[m] / working[m].sum()
    return season


#: The monthly pattern of recorded trade: 1 on average, less in a Spring Festival month.
SEASON: FloatArray = _season()


def _closure_share(state: str) -> FloatArray:
    return sum(
        (
            day_share(row["first_day"], row["last_day"])
            for row in CLOSURE_PHASES
            if row["state"] == state
        ),
        np.zeros(N_MONTHS),
    )


#: Per month, the share of its days every route was closed by the 2020 border closure, and the
#: share it was partly reopened (resources/closure_phases.csv).
CLOSURE_CLOSED: FloatArray = _closure_share("closed")
CLOSURE_PARTLY: FloatArray = _closure_share("partly reopened")


def _price_path() -> FloatArray:
    path = np.empty(N_MONTHS)
    for row in COAL_PRICES:
        path[max(month_index(row["from_month"]), 0) :] = row["usd_per_tonne"]
    return path


#: Coal price, USD per tonne, by month; the 2016 price values the baseline and the steady state.
COAL_PRICE: FloatArray = _price_path()
COAL_PRICE_2016: float = float(COAL_PRICE[:12].mean())
#: First month with no customs unit value for coal (China recorded none from 2018): from here
#: the path holds a price without a figure for its months, an assumption drawn in the bands.
PRICE_HELD_FROM = "2018-01"
PRICE_HELD: FloatArray = (np.arange(N_MONTHS) >= month_index(PRICE_HELD_FROM)).astype(np.float64)


def _cargo_path() -> FloatArray:
    path = np.zeros(N_MONTHS)
    for row in DELAYED_CARGOES:
        path[month_index(row["month"])] += row["tonnes_mt"]
    return path


#: Delayed coal cargoes China let in during its ban, million tonnes by month.
CARGO_MT: FloatArray = _cargo_path()

CYBER_THEFT = load_cyber_theft()
NEW_ROUTES = load_new_routes()


def _stolen_path() -> FloatArray:
    """Per month, the published amount stolen (USD m), each figure spread evenly over the months
    it covers; months no figure covers (before 2019) are zero."""
    path = np.zeros(N_MONTHS)
    for row in CYBER_THEFT:
        first, last = month_index(row["first_month"]), month_index(row["last_month"])
        inside = slice(max(first, 0), min(last + 1, N_MONTHS))
        path[inside] = row["stolen_usd_m"] / (last - first + 1)
    return path


#: Cyber theft, the published amount stolen each month (USD m), and its rate a year at the end
#: of the horizon (the steady state's: the last twelve months).
CYBER_STOLEN: FloatArray = _stolen_path()
CYBER_STOLEN_LAST_YEAR: float = float(CYBER_STOLEN[-12:].sum())
#: Per route since 2020 (resources/new_routes.csv): the share of each month it runs (rising
#: linearly over its ramp), its switch parameter and its yearly level parameter.
ROUTE_ONSET: dict[str, FloatArray] = {
    row["channel"]: onset_fraction(row["first_day"], float(row["ramp_days"])) for row in NEW_ROUTES
}
ROUTE_SWITCH: dict[str, str] = {row["channel"]: row["switch"] for row in NEW_ROUTES}
ROUTE_LEVEL: dict[str, str] = {row["channel"]: row["level"] for row in NEW_ROUTES}


@lru_cache(maxsize=64)
def _lag_kernel(tau_months: float) -> FloatArray:
    """Lower-triangular matrix K with (K @ u)[t] = the lagged series at month t."""
    if tau_months <= 0.0:
        return np.eye(N_MONTHS)
    alpha = 1.0 - np.exp(-1.0 / tau_months)
    age = np.arange(N_MONTHS)[:, None] - np.arange(N_MONTHS)[None, :]
    kernel: FloatArray = np.where(age >= 0, alpha * (1.0 - alpha) ** np.maximum(age, 0), 0.0)
    return kernel


def _lag_path(series: list[float], alpha: list[float]) -> list[float]:
    """The recursion for one series in Python floats (the same IEEE operations as numpy's, in
    the same order, so bit for bit the same; faster than numpy for a path of scalars)."""
    out = []
    level = 0.0
    per_month = len(alpha) > 1
    a = alpha[0]
    for month, u in enumerate(series):
        if per_month:
            a = alpha[month]
        level = level + a * (u - level)
        out.append(level)
    return out


def exponential_lag(series: FloatArray, tau_months: FloatArray) -> FloatArray:
    """y[t] = y[t-1] + alpha (u[t] - y[t-1]), alpha = 1 - exp(-1/tau), y[-1] = 0; tau=0: no lag.

    Along the last (month) axis. A single tau uses a cached kernel; an array of taus (one per
    Monte Carlo draw, or one per month for a scheduled lag) runs the recursion over the months:
    for one series in Python floats, for many in one numpy step over every series a month.
    """
    u = np.asarray(series, dtype=np.float64)
    tau = np.asarray(tau_months, dtype=np.float64)
    if tau.size == 1:
        return u @ _lag_kernel(float(tau.reshape(-1)[0])).T
    if tau.ndim == 1 and tau.shape[0] == N_MONTHS:
        return _scheduled_lag(u, tau)
    alpha = _alpha(tau)
    shape = np.broadcast_shapes(u.shape, (*alpha.shape[:-1], N_MONTHS))
    u = np.broadcast_to(u, shape)
    alpha = np.broadcast_to(alpha, (*shape[:-1], alpha.shape[-1]))
    per_month = alpha.shape[-1] > 1
    if len(shape) == 1:  # one series with a scheduled lag
        return np.array(_lag_path(u.tolist(), alpha.tolist()))
    out = np.empty(shape)
    level = np.zeros(shape[:-1])
    step = np.empty(shape[:-1])
    first_alpha = np.ascontiguousarray(alpha[..., 0])
    for month in range(N_MONTHS):
        # level = level + a * (u - level), in place: the same operations in the same order
        np.subtract(u[..., month], level, out=step)
        np.multiply(alpha[..., month] if per_month else first_alpha, step, out=step)
        np.add(level, step, out=level)
        out[..., month] = level
    return out


def lag_alpha(tau: FloatArray) -> FloatArray:
    """Each month's step towards the target for time constants `tau` (months; 0: no lag)."""
    return _alpha(np.asarray(tau, dtype=np.float64))


def _alpha(tau: FloatArray) -> FloatArray:
    """Each month's step towards the target for time constants `tau` (months; 0: no lag). A
    denormal tau overflows 1/tau to inf: exp(-inf) = 0 and alpha = 1, as with no lag."""
    with np.errstate(over="ignore"):
        alpha: FloatArray = np.where(
            tau > 0.0, 1.0 - np.exp(-1.0 / np.where(tau > 0.0, tau, 1.0)), 1.0
        )
    return alpha


def _scheduled_lag(u: FloatArray, tau: FloatArray) -> FloatArray:
    """A lag whose time constant changes at some month: the months before the first change are
    computed as with the constant lag (the same kernel, so the same bits: a counterfactual that
    changes a lag at M equals the record before M exactly); the recursion runs from there."""
    changes = np.flatnonzero(tau != tau[0])
    first = int(changes[0]) if changes.size else N_MONTHS
    out = np.array(u @ _lag_kernel(float(tau[0])).T)
    if first == N_MONTHS:
        return out
    alpha = _alpha(tau)
    level = out[..., first - 1] if first > 0 else np.zeros(u.shape[:-1])
    for month in range(first, N_MONTHS):
        level = level + alpha[month] * (u[..., month] - level)
        out[..., month] = level
    return out

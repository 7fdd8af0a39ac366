"""The monthly path, 2016-01 to 2020-12: when each part of a scenario starts, and how fast it lands.

The scenario's settings are switched on at the dated events in resources/sanctions_timeline.csv
(one event per model role) and reach their level through exponential adjustment lags. The path
shows how fast each channel gets there, not a history of changing policy.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from dprk_explorer.model.resources import MODEL_ROLES, load_timeline

FloatArray = NDArray[np.float64]

FIRST_MONTH = np.datetime64("2016-01", "M")
N_MONTHS = 60
MONTHS: NDArray[np.datetime64] = FIRST_MONTH + np.arange(N_MONTHS)

TIMELINE_EVENTS = load_timeline()
ROLE_DATES: dict[str, dt.date] = {
    row["model_role"]: row["date"] for row in TIMELINE_EVENTS if row["model_role"] in MODEL_ROLES
}


def month_start_dates() -> NDArray[np.datetime64]:
    return MONTHS.astype("datetime64[D]")


def onset_fraction(date: dt.date) -> FloatArray:
    """Per month, the fraction of the month on or after `date`: 0 before, partial, then 1."""
    starts = MONTHS.astype("datetime64[D]")
    ends = (MONTHS + 1).astype("datetime64[D]")
    days = (ends - starts).astype(np.float64)
    after = (ends - np.datetime64(date, "D")).astype(np.float64)
    fraction: FloatArray = np.clip(after / days, 0.0, 1.0)
    return fraction


ONSETS: dict[str, FloatArray] = {role: onset_fraction(ROLE_DATES[role]) for role in MODEL_ROLES}


@lru_cache(maxsize=64)
def _lag_kernel(tau_months: float) -> FloatArray:
    """Lower-triangular matrix K with (K @ u)[t] = the lagged series at month t."""
    if tau_months <= 0.0:
        return np.eye(N_MONTHS)
    alpha = 1.0 - np.exp(-1.0 / tau_months)
    age = np.arange(N_MONTHS)[:, None] - np.arange(N_MONTHS)[None, :]
    kernel: FloatArray = np.where(age >= 0, alpha * (1.0 - alpha) ** np.maximum(age, 0), 0.0)
    return kernel


def exponential_lag(series: FloatArray, tau_months: FloatArray) -> FloatArray:
    """y[t] = y[t-1] + alpha (u[t] - y[t-1]), alpha = 1 - exp(-1/tau), y[-1] = 0; tau=0: no lag.

    Along the last (month) axis. A single tau uses a cached kernel; an array of taus (one per
    Monte Carlo draw) runs the recursion over its 60 months.
    """
    u = np.asarray(series, dtype=np.float64)
    tau = np.asarray(tau_months, dtype=np.float64)
    if tau.size == 1:
        return u @ _lag_kernel(float(tau.reshape(-1)[0])).T
    alpha = np.where(tau > 0.0, 1.0 - np.exp(-1.0 / np.where(tau > 0.0, tau, 1.0)), 1.0)[..., 0]
    shape = np.broadcast_shapes(u.shape, (*alpha.shape, N_MONTHS))
    u = np.broadcast_to(u, shape)
    out = np.empty(shape)
    level = np.zeros(shape[:-1])
    for month in range(N_MONTHS):
        level = level + alpha * (u[..., month] - level)
        out[..., month] = level
    return out

"""Tornado: each uncertain assumption moved alone to its plausible low and high.

The bars show how far the annual net change moves, so the assumptions that matter most for a
brief come first. All 2 x k scenarios are evaluated in one vectorised pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dprk_explorer.model.core.evaluate import period_arrays, period_totals
from dprk_explorer.model.core.parameters import PARAMETERS, UNCERTAIN_IDS
from dprk_explorer.model.core.period import STEADY, Period
from dprk_explorer.model.core.scenario import Scenario

#: Spans below this (USD m/yr) are rounding: the assumption has no effect on the net change.
NO_EFFECT_USD_M = 1e-6


@dataclass(frozen=True)
class TornadoBar:
    """One assumption: the net change (USD m/yr) with it at its low and at its high."""

    parameter: str
    low_value: float
    high_value: float
    net_at_low_usd_m: float
    net_at_high_usd_m: float

    @property
    def span_usd_m(self) -> float:
        return abs(self.net_at_high_usd_m - self.net_at_low_usd_m)

    @property
    def moves(self) -> bool:
        """False when the assumption leaves the net change as it is (bar to rounding)."""
        return self.span_usd_m > NO_EFFECT_USD_M


@dataclass(frozen=True)
class Tornado:
    net_change_usd_m: float  # the scenario's own net change, where every bar is centred
    bars: tuple[TornadoBar, ...]  # sorted by span, widest first; zero-span ones last
    period: Period = STEADY

    @property
    def no_effect(self) -> tuple[str, ...]:
        """Assumptions that do not move this scenario's annual net change (the lags move only
        the timing; a labour share matters only when the labour lever is off 100 %)."""
        return tuple(bar.parameter for bar in self.bars if not bar.moves)


def tornado(scenario: Scenario, period: Period = STEADY) -> Tornado:
    """Net change for `period` with each uncertain parameter at its plausible low, then its high
    (a schedule moves as a whole, as in the Monte Carlo)."""
    k = len(UNCERTAIN_IDS)
    values = period_arrays(scenario, period)
    lows = np.array([PARAMETERS[pid].low for pid in UNCERTAIN_IDS], dtype=np.float64)
    highs = np.array([PARAMETERS[pid].high for pid in UNCERTAIN_IDS], dtype=np.float64)
    # Row 2i moves parameter i to its low, row 2i+1 to its high; every other row keeps the
    # value, and the last row is the scenario itself.
    for column, pid in enumerate(UNCERTAIN_IDS):
        value = float(scenario.final_value(pid))
        moved = np.full(2 * k + 1, value)
        moved[2 * column] = lows[column]
        moved[2 * column + 1] = highs[column]
        if period.is_steady:
            values[pid] = moved
        else:  # the path moved by (setting - final value), inside the allowed range
            parameter = PARAMETERS[pid]
            path = np.asarray(values[pid], dtype=np.float64)
            values[pid] = np.clip(
                path + (moved - value)[:, None], parameter.minimum, parameter.maximum
            )
    if not period.is_steady:
        values = {
            key: np.asarray(v)[None, ...] if np.ndim(v) < 2 else v for key, v in values.items()
        }
    net = period_totals(values, period)["net_change_usd_m"]
    bars = [
        TornadoBar(
            parameter=pid,
            low_value=float(lows[i]),
            high_value=float(highs[i]),
            net_at_low_usd_m=float(net[2 * i]),
            net_at_high_usd_m=float(net[2 * i + 1]),
        )
        for i, pid in enumerate(UNCERTAIN_IDS)
    ]
    bars.sort(key=lambda bar: bar.span_usd_m, reverse=True)  # stable: ties keep declaration order
    return Tornado(net_change_usd_m=float(net[-1]), bars=tuple(bars), period=period)

"""Evaluate one scenario: revenue by channel, what the bans blocked, what wins it back, the
monthly path and its calendar years."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    import pandas as pd

from dprk_explorer.model.core.flows import (
    BLOCKED_IDS,
    MONTHLY,
    ROUTE_CHINA_GOVERNS,
    ROUTE_IDS,
    STEP_IDS,
    _total,
    baseline_channels,
    scenario_channels,
    summarise,
)
from dprk_explorer.model.core.parameters import PARAMETERS
from dprk_explorer.model.core.period import STEADY, Period
from dprk_explorer.model.core.scenario import Scenario
from dprk_explorer.model.core.timeline import MONTH_YEARS, MONTHS, YEARS
from dprk_explorer.model.sources.resources import (
    CHANNEL_BASIS,
    CHANNEL_IDS,
    CHANNEL_LABELS,
    GOODS_CHANNELS,
    SMUGGLING_CHANNELS,
)

FloatArray = NDArray[np.float64]

OFFSET_CHANNELS: tuple[str, ...] = tuple(c for c in CHANNEL_IDS if c != "coal")
#: Tolerance below which a loss counts as nothing lost (USD m), so its ratio is null.
NO_LOSS_USD_M = 1e-9
_TERM_IDS = (*STEP_IDS, *(f"blocked_{b}" for b in BLOCKED_IDS if b != "labour"))


def scenario_arrays(scenario: Scenario) -> dict[str, FloatArray]:
    """Every parameter at its steady-state value (the value in force at the end of the horizon)."""
    return {k: np.float64(v) for k, v in scenario.steady_values().items()}  # type: ignore[misc]


def monthly_arrays(scenario: Scenario) -> dict[str, FloatArray]:
    """Every parameter with a month axis: a schedule's value each month, a plain value's one."""
    keys = list(scenario.values)
    # The plain values as one-element views of one array (one array built, not one per key;
    # a view never owns its data, so the model never writes into it).
    plain = np.array([float(v) for v in scenario.values.values()])
    out: dict[str, FloatArray] = {}
    for i, key in enumerate(keys):
        path = scenario.path(key) if key in scenario.schedules else None
        out[key] = path if path is not None else plain[i : i + 1]
    return out


def _monthly_values(scenario: Scenario) -> dict[str, FloatArray]:
    """`monthly_arrays` for one scenario's own path: a plain value as a number (np.float64)
    rather than a one-element array. The same doubles, so the same results; but the products of
    plain values (shares, compliances, the smuggling discount) are then scalar arithmetic, not a
    numpy call each (most of one scenario's monthly path is such calls' overhead)."""
    out: dict[str, FloatArray] = {}
    for key, value in scenario.values.items():
        path = scenario.path(key) if key in scenario.schedules else None
        out[key] = path if path is not None else np.float64(value)  # type: ignore[assignment]
    return out


def annual_summary(values: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """Steady-state totals, net change, coal loss and offsets for parameter arrays that broadcast.

    The grid, the Monte Carlo, the tornado, the attribution and the goal seek all evaluate many
    scenarios at once through this one function.
    """
    return summarise(baseline_channels(values), scenario_channels(values), NO_LOSS_USD_M)


def period_arrays(scenario: Scenario, period: Period) -> dict[str, FloatArray]:
    """The parameter arrays a period is evaluated from: steady values, or monthly paths."""
    return scenario_arrays(scenario) if period.is_steady else monthly_arrays(scenario)


def period_totals(values: Mapping[str, FloatArray], period: Period) -> dict[str, FloatArray]:
    """Totals, net change, coal loss and offsets for `period` (as `summarise` gives them), for
    parameter arrays with any leading axes: steady arrays for the steady state, monthly arrays
    (trailing month axis) for a year or span. The attribution, tornado, goal seek and map of a
    period all sum here."""
    if period.is_steady:
        return annual_summary(dict(values))
    mask = period.month_mask()
    scen = scenario_channels(values, MONTHLY)
    base = baseline_channels(values, MONTHLY)
    return summarise(
        {c: np.asarray(base[c])[..., mask].sum(axis=-1) for c in CHANNEL_IDS},
        {c: np.asarray(scen[c])[..., mask].sum(axis=-1) for c in CHANNEL_IDS},
        NO_LOSS_USD_M,
    )


def value_in_force(scenario: Scenario, key: str, period: Period) -> float:
    """A parameter's value in force for `period`: its steady value, or the mean of its monthly
    values over the period's months (its value, when it does not change inside the period).
    This is where the map marks the current setting, and what `levers_in_force` reports."""
    if period.is_steady:
        return float(scenario.final_value(key))
    path = scenario.path(key)
    if path is None:
        return float(scenario.values[key])
    inside = path[period.month_mask()]
    if (inside == inside[0]).all():  # one value all period: that value, not a rounded mean
        return float(inside[0])
    return float(inside.mean())


def varies_within(scenario: Scenario, key: str, period: Period) -> bool:
    """Whether a parameter takes more than one value inside `period` (never in the steady
    state): its `value_in_force` is then the mean of its months."""
    path = scenario.path(key)
    if period.is_steady or path is None:
        return False
    inside = path[period.month_mask()]
    return not bool((inside == inside[0]).all())


def with_settings(
    values: Mapping[str, FloatArray],
    scenario: Scenario,
    period: Period,
    settings: Mapping[str, FloatArray],
) -> dict[str, FloatArray]:
    """`values` with each parameter in `settings` set to the given value(s) for `period`.

    Steady state: the value replaces the parameter's. A year or span: inside the period's
    months the parameter's path moves by (setting - its value in force), kept inside its allowed
    range; before and after the period it is the scenario's own. At the value in force the path
    is the scenario's own, so the map and the goal seek agree with the headline at the marker.
    A setting may carry leading axes (a grid, a scan): the result broadcasts over them.
    """
    out = dict(values)
    for key, setting in settings.items():
        x = np.asarray(setting, dtype=np.float64)
        if period.is_steady:
            out[key] = x
            continue
        parameter = PARAMETERS[key]
        path = np.broadcast_to(np.asarray(values[key], dtype=np.float64), MONTHS.shape)
        shift = x[..., None] - value_in_force(scenario, key, period)
        moved = np.clip(path + shift, parameter.minimum, parameter.maximum)
        out[key] = np.where(period.month_mask(), moved, path)
    return out


def _nonnegative(value: float) -> float:
    """`value` clipped at zero, never -0.0 (which prints as '-0.0')."""
    return max(float(value), 0.0) + 0.0


@dataclass(frozen=True)
class Result:
    """Everything the plots, headline strip, command line and exports show for one scenario.

    The annual figures are the steady state (every ban switched on fully in force, 2016 coal
    price, no lags) unless `period` is a year or a span: then they are the sums of its months.
    """

    scenario: Scenario
    baseline_usd_m: FloatArray  # per channel, CHANNEL_IDS order, USD m per year
    scenario_usd_m: FloatArray
    monthly_baseline_usd_m: FloatArray  # (channel, month), USD m per month, no ban at all
    monthly_scenario_usd_m: FloatArray
    steps_usd_m: dict[str, float]  # STEP_IDS: the net change split by route (the waterfall)
    terms_usd_m: dict[str, float]  # steps and what was blocked, for the annual figures
    monthly_terms_usd_m: dict[str, FloatArray]  # the same per month, plus landed_<channel>
    period: Period = STEADY
    #: The steady-state result a period's result was derived from (None: this is it).
    steady: Result | None = field(default=None, repr=False, compare=False)

    channels: tuple[str, ...] = CHANNEL_IDS

    @property
    def months(self) -> NDArray[np.datetime64]:
        return MONTHS

    @cached_property
    def _summary(self) -> dict[str, float]:
        base = dict(zip(CHANNEL_IDS, self.baseline_usd_m, strict=True))
        scen = dict(zip(CHANNEL_IDS, self.scenario_usd_m, strict=True))
        return {k: float(v) for k, v in summarise(base, scen, NO_LOSS_USD_M).items()}

    @property
    def year(self) -> int | None:
        """The calendar year of a one-year period; None for the steady state and for spans."""
        return self.period.single_year

    @property
    def coal_loss_usd_m(self) -> float:
        return self._summary["coal_loss_usd_m"]

    @property
    def offsets_usd_m(self) -> dict[str, float]:
        """Per non-coal channel, revenue won back against the baseline (negative: more lost)."""
        change = self.scenario_usd_m - self.baseline_usd_m
        return {c: float(change[i]) for i, c in enumerate(CHANNEL_IDS) if c != "coal"}

    @property
    def offset_total_usd_m(self) -> float:
        return self._summary["offset_total_usd_m"]

    @property
    def offset_ratio(self) -> float | None:
        """Offsets / coal loss; None when no coal revenue is lost. Other bans' losses are netted
        in, so it can be negative: `recovery_ratio` is the share won back of what was blocked."""
        ratio = self._summary["offset_ratio"]
        return None if np.isnan(ratio) else ratio

    @property
    def blocked_usd_m(self) -> dict[str, float]:
        """What the bans (and the 2020 closure) took, by kind; each >= 0 (USD m/yr)."""
        terms = self.terms_usd_m
        return {
            "coal": _nonnegative(terms["blocked_coal"]),
            "other_bans": _nonnegative(terms["blocked_other_bans"]),
            "border_closure": _nonnegative(terms["blocked_border_closure"]),
            "labour": _nonnegative(-terms["labour"]),
        }

    @property
    def recovered_usd_m(self) -> dict[str, float]:
        """What each route won back, each >= 0 (USD m/yr), in ROUTE_IDS order: smuggling,
        exports no ban covers (redirected revenue and the processing the textile ban freed),
        labour (a gain only; a labour loss counts as blocked), and the routes since 2020 China's
        enforcement does not govern (workers in Russia, cyber theft, arms to Russia)."""
        terms = self.terms_usd_m
        return {route: _nonnegative(terms[route]) for route in ROUTE_IDS}

    @property
    def recovered_china_governs_usd_m(self) -> float:
        """Won back by routes China's enforcement of the bans governs (smuggling across its
        border, exports it buys, labour in China): what the three levers act on."""
        return sum(v for r, v in self.recovered_usd_m.items() if ROUTE_CHINA_GOVERNS[r])

    @property
    def recovered_not_china_usd_m(self) -> float:
        """Won back by routes China's enforcement does not govern: workers in Russia, cyber
        theft, arms to Russia (resources/baseline_channels.csv, `china_governs`)."""
        return sum(v for r, v in self.recovered_usd_m.items() if not ROUTE_CHINA_GOVERNS[r])

    @property
    def blocked_total_usd_m(self) -> float:
        return sum(self.blocked_usd_m.values())

    @property
    def blocked_other_than_coal_usd_m(self) -> float:
        """What the bans and the closure blocked besides coal (USD m for the period)."""
        return self.blocked_total_usd_m - self.blocked_usd_m["coal"]

    @property
    def recovered_total_usd_m(self) -> float:
        return sum(self.recovered_usd_m.values())

    @property
    def recovery_ratio(self) -> float | None:
        """Won back / blocked (>= 0); None when nothing was blocked."""
        blocked = self.blocked_total_usd_m
        if blocked <= NO_LOSS_USD_M:
            return None
        return self.recovered_total_usd_m / blocked

    @property
    def steps_share_of_coal_loss_pct(self) -> dict[str, float]:
        """Each waterfall step and the net change ("net_change") as a percentage of the coal
        revenue lost; NaN when no coal revenue is lost (the data export's offsets table)."""
        loss = self.coal_loss_usd_m
        values = {**self.steps_usd_m, "net_change": self.net_change_usd_m}
        return {k: 100.0 * v / loss if loss > 0 else float("nan") for k, v in values.items()}

    def route_share_of_blocked(self) -> dict[str, float | None]:
        blocked = self.blocked_total_usd_m
        return {
            r: (v / blocked if blocked > NO_LOSS_USD_M else None)
            for r, v in self.recovered_usd_m.items()
        }

    @property
    def total_baseline_usd_m(self) -> float:
        return self._summary["total_baseline_usd_m"]

    @property
    def total_scenario_usd_m(self) -> float:
        return self._summary["total_scenario_usd_m"]

    @property
    def net_change_usd_m(self) -> float:
        return self._summary["net_change_usd_m"]

    @property
    def net_change_pct(self) -> float | None:
        """Net change against the baseline total; None when every baseline is set to zero."""
        if self.total_baseline_usd_m <= 0:
            return None
        return 100.0 * self.net_change_usd_m / self.total_baseline_usd_m

    def _rows(self, channels: tuple[str, ...]) -> list[int]:
        return [CHANNEL_IDS.index(c) for c in channels]

    @cached_property
    def monthly_total_scenario_usd_m(self) -> FloatArray:
        """Scenario revenue per month over every channel (USD m per month)."""
        total: FloatArray = self.monthly_scenario_usd_m.sum(axis=0)
        return total

    @cached_property
    def monthly_total_baseline_usd_m(self) -> FloatArray:
        """No-ban revenue per month over every channel (USD m per month)."""
        total: FloatArray = self.monthly_baseline_usd_m.sum(axis=0)
        return total

    @cached_property
    def monthly_recorded_exports_usd_m(self) -> FloatArray:
        """Goods exports through official customs to all partners (mirror statistics' basis)."""
        recorded: FloatArray = self.monthly_scenario_usd_m[self._rows(GOODS_CHANNELS)].sum(axis=0)
        return recorded

    @cached_property
    def monthly_recorded_exports_to_china_usd_m(self) -> FloatArray:
        """Goods exports as China's customs record them (GACC basis), by month: China's share
        of each good under China's own enforcement (other partners enforce the UN bans at their
        own compliance)."""
        return np.asarray(self.monthly_terms_usd_m["recorded_to_china"])

    def monthly_path(self) -> dict[str, FloatArray]:
        """Every `path_by_year` figure by month (PATH_FIGURES), each on the basis its name says."""
        return monthly_figures(
            self.monthly_scenario_usd_m,
            {k: np.asarray(v) for k, v in self.monthly_terms_usd_m.items()},
        )

    def path_by_year(self) -> list[dict[str, float | int]]:
        """One object per calendar year of the horizon (YEARS): sums of the monthly path."""
        monthly = self.monthly_path()
        out: list[dict[str, float | int]] = []
        for year in YEARS:
            m = MONTH_YEARS == year
            row: dict[str, float | int] = {"year": year}
            row.update({k: float(monthly[k][m].sum()) for k in PATH_FIGURES})
            out.append(row)
        return out

    def for_year(self, year: int) -> Result:
        """The same scenario with its annual figures for calendar year `year` (sums of months)."""
        if year not in YEARS:
            raise ValueError(f"year {year} is outside the horizon; allowed: {YEARS[0]}-{YEARS[-1]}")
        return self.for_period(Period.year(year))

    def for_period(self, period: Period) -> Result:
        """The same scenario with its annual figures for `period`: the steady state, or the sums
        of the months of its calendar years."""
        if period == self.period:
            return self
        origin = self if self.steady is None else self.steady
        if period.is_steady:
            return origin
        m = period.month_mask()
        terms = {k: float(v[..., m].sum()) for k, v in self.monthly_terms_usd_m.items()}
        return replace(
            self,
            baseline_usd_m=self.monthly_baseline_usd_m[:, m].sum(axis=1),
            scenario_usd_m=self.monthly_scenario_usd_m[:, m].sum(axis=1),
            steps_usd_m={k: terms[k] for k in STEP_IDS},
            terms_usd_m=terms,
            period=period,
            steady=origin,
        )

    def channel_table(self) -> pd.DataFrame:
        import pandas as pd  # lazily: the window starts faster without pandas

        return pd.DataFrame(
            {
                "channel": list(CHANNEL_IDS),
                "label": [CHANNEL_LABELS[c] for c in CHANNEL_IDS],
                "baseline_usd_m": self.baseline_usd_m,
                "scenario_usd_m": self.scenario_usd_m,
                "change_usd_m": self.scenario_usd_m - self.baseline_usd_m,
            }
        )

    def monthly_table(self) -> pd.DataFrame:
        import pandas as pd

        frame = pd.DataFrame(
            self.monthly_scenario_usd_m.T,
            columns=[f"{c}_usd_m" for c in CHANNEL_IDS],
            index=pd.PeriodIndex(self.months.astype(str), freq="M", name="month"),
        )
        frame["total_scenario_usd_m"] = self.monthly_scenario_usd_m.sum(axis=0)
        frame["total_baseline_usd_m"] = self.monthly_baseline_usd_m.sum(axis=0)
        return frame

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of `dprk-explorer run --format json` (see DESIGN, Command line)."""
        schedules = {
            key: {month: (v if isinstance(v, bool) else float(v)) for month, v in steps}
            for key, steps in self.scenario.schedules.items()
        }
        return {
            "scenario": {
                "name": self.scenario.name,
                "notes": self.scenario.notes,
                **{
                    k: (v if isinstance(v, bool) else float(v))
                    for k, v in self.scenario.values.items()
                },
                "schedule": schedules,
            },
            "period": self.period.label,
            "channels": [
                {
                    "channel": c,
                    "label": CHANNEL_LABELS[c],
                    "basis": CHANNEL_BASIS[c],
                    "baseline_usd_m": float(self.baseline_usd_m[i]),
                    "scenario_usd_m": float(self.scenario_usd_m[i]),
                }
                for i, c in enumerate(CHANNEL_IDS)
            ],
            "coal_loss_usd_m": self.coal_loss_usd_m,
            "offsets_usd_m": self.offsets_usd_m,
            "offset_ratio": self.offset_ratio,
            "blocked_usd_m": self.blocked_usd_m,
            "recovered_usd_m": self.recovered_usd_m,
            "recovered_china_governs_usd_m": self.recovered_china_governs_usd_m,
            "recovered_not_china_usd_m": self.recovered_not_china_usd_m,
            "route_china_governs": dict(ROUTE_CHINA_GOVERNS),
            "recovery_ratio": self.recovery_ratio,
            "total_baseline_usd_m": self.total_baseline_usd_m,
            "total_scenario_usd_m": self.total_scenario_usd_m,
            "net_change_usd_m": self.net_change_usd_m,
            "net_change_pct": self.net_change_pct,
            "steps_usd_m": dict(self.steps_usd_m),
            "path_by_year": self.path_by_year(),
            "units": {p.id: p.unit for p in PARAMETERS.values()},
        }


#: The figures of `path_by_year` and `band_by_year`, and what each is (its basis).
PATH_FIGURES: dict[str, str] = {
    "total_usd_m": "total revenue: gross goods and smuggling receipts and net labour, USD m",
    "recorded_exports_usd_m": "recorded goods exports to every partner (KOTRA's basis), USD m",
    "recorded_exports_to_china_usd_m": "recorded goods exports to China (China's customs), USD m",
    "official_coal_usd_m": "official coal exports at customs value, USD m",
    "official_coal_mt": "official coal exports, million tonnes",
    "smuggling_usd_m": "informal exports of banned goods, receipts at the smuggling price, USD m",
    "smuggled_coal_usd_m": "informal coal exports, receipts at the smuggling price, USD m",
    "smuggled_coal_mt": "informal coal exports, million tonnes",
    "smuggled_coal_market_usd_m": (
        "informal coal exports at the month's coal price (the Panel of Experts' basis), USD m"
    ),
    "overseas_labour_usd_m": "overseas labour, the state's take (net), USD m",
    "labour_russia_usd_m": "workers sent to Russia since 2024, the state's take (net), USD m",
    "cyber_theft_usd_m": "cyber theft turned into hard currency (stolen x cash-out share), USD m",
    "arms_transfers_usd_m": "arms and munitions to Russia, a wide assumption, USD m",
}


#: The goods channels lead the channels, in the same order (monthly_figures relies on it).
_N_GOODS = len(GOODS_CHANNELS)
assert CHANNEL_IDS[:_N_GOODS] == GOODS_CHANNELS


def monthly_figures(
    channels: FloatArray | Mapping[str, FloatArray], terms: Mapping[str, FloatArray]
) -> dict[str, FloatArray]:
    """The PATH_FIGURES by month from the monthly channels (rows in CHANNEL_IDS order, or a
    mapping) and terms, with any leading axes (one path, or one per Monte Carlo draw)."""

    def channel(c: str) -> FloatArray:
        if isinstance(channels, Mapping):
            return np.asarray(channels[c])
        return np.asarray(channels[CHANNEL_IDS.index(c), ...])

    # The same additions in the same order as sum(..., np.zeros(())), accumulated in place.
    goods = _total(channel(c) for c in GOODS_CHANNELS)
    smuggled = _total(channel(c) for c in SMUGGLING_CHANNELS)
    # The goods are the channels' first terms: the total goes on from their sum, not over them
    # again. 0.0 + goods is goods bit for bit (a sum begun as 0.0 + x is never -0.0).
    total = _total((goods, *(channel(c) for c in CHANNEL_IDS[_N_GOODS:])))
    return {
        "total_usd_m": np.asarray(total),
        "recorded_exports_usd_m": np.asarray(goods),
        "recorded_exports_to_china_usd_m": np.asarray(terms["recorded_to_china"]),
        "official_coal_usd_m": channel("coal"),
        "official_coal_mt": np.asarray(terms["official_coal_mt"]),
        "smuggling_usd_m": np.asarray(smuggled),
        "smuggled_coal_usd_m": channel("smuggled_coal"),
        "smuggled_coal_mt": np.asarray(terms["smuggled_coal_mt"]),
        "smuggled_coal_market_usd_m": np.asarray(terms["smuggled_coal_market"]),
        "overseas_labour_usd_m": channel("overseas_labour"),
        "labour_russia_usd_m": channel("labour_russia"),
        "cyber_theft_usd_m": channel("cyber_theft"),
        "arms_transfers_usd_m": channel("arms_transfers"),
    }


def evaluate(scenario: Scenario) -> Result:
    """Steady state and the monthly path (with its schedules) for one scenario."""
    values = scenario_arrays(scenario)
    base = baseline_channels(values)
    terms: dict[str, FloatArray] = {}
    annual = scenario_channels(values, terms=terms)
    monthly_values = _monthly_values(scenario)
    monthly_terms: dict[str, FloatArray] = {}
    monthly = scenario_channels(monthly_values, MONTHLY, terms=monthly_terms)
    monthly_base = baseline_channels(monthly_values, MONTHLY)
    n = len(MONTHS)
    monthly_baseline = np.empty((len(CHANNEL_IDS), n))
    for row, channel in enumerate(CHANNEL_IDS):
        monthly_baseline[row] = monthly_base[channel]
    annual_terms = {k: float(terms[k]) for k in _TERM_IDS}
    return Result(
        scenario=scenario,
        baseline_usd_m=np.array([float(base[c]) for c in CHANNEL_IDS]),
        scenario_usd_m=np.array([float(annual[c]) for c in CHANNEL_IDS]),
        monthly_baseline_usd_m=monthly_baseline,
        monthly_scenario_usd_m=np.stack([monthly[c] for c in CHANNEL_IDS]),
        steps_usd_m={k: annual_terms[k] for k in STEP_IDS},
        terms_usd_m=annual_terms,
        monthly_terms_usd_m={k: _read_only_path(v, n) for k, v in monthly_terms.items()},
    )


def _read_only_path(series: FloatArray, n: int) -> FloatArray:
    """A term's monthly path as a read-only array of n months (a broadcast view if it is flat)."""
    if np.shape(series) != (n,):
        if np.size(series) == 1:  # a flat term: filled (np.broadcast_to's set-up costs more)
            flat = np.full(n, np.reshape(series, ()))
            flat.flags.writeable = False
            return flat
        return np.broadcast_to(series, (n,))
    series.flags.writeable = False  # a fresh array of the scenario's own terms
    return series


__all__ = ["ROUTE_IDS", "Result", "evaluate"]

"""The model's equations: revenue by channel for given parameter arrays.

One function serves the annual steady state, the monthly path, the grid and the Monte Carlo:
every input is a numpy array that broadcasts. In the monthly path every value carries a trailing
month axis (of size 1 for a plain value, N_MONTHS for a schedule); in the steady state every ban the
scenario switches on is fully in force, coal is valued at its 2016 price and there are no lags.
docs/model.md states these equations in plain notation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from dprk_explorer.model.core.parameters import baseline_parameter_id
from dprk_explorer.model.core.timeline import (
    BAN_IDS,
    BAN_ONSET,
    BANS,
    CARGO_MT,
    CLOSURE_CLOSED,
    CLOSURE_PARTLY,
    COAL_PRICE,
    COAL_PRICE_2016,
    CYBER_STOLEN,
    CYBER_STOLEN_LAST_YEAR,
    LABOUR_ONSET,
    PRICE_HELD,
    REPLACED_BY,
    ROUTE_LEVEL,
    ROUTE_ONSET,
    ROUTE_SWITCH,
    SEASON,
    YEARS,
    exponential_lag,
    lag_alpha,
)
from dprk_explorer.model.sources.resources import (
    CHANNEL_CHINA_GOVERNS,
    CHANNEL_IDS,
    GOODS_CHANNELS,
    NEW_ROUTE_CHANNELS,
    SMUGGLING_CHANNELS,
    ZERO_BASELINE_CHANNELS,
    load_channels,
)

FloatArray = NDArray[np.float64]
Smoother = Callable[[FloatArray, FloatArray], FloatArray]

#: Goods that redirected revenue can land on: every goods channel but coal, while open.
REDIRECT_TARGETS: tuple[str, ...] = tuple(c for c in GOODS_CHANNELS if c != "coal")
#: Where the processing the textile ban freed lands: the goods no resolution bans.
PROCESSING_CHANNEL = "unbanned_goods"
#: The net change split into what the bans take and what each route wins back (the waterfall).
STEP_IDS = (
    "coal_lost",
    "other_bans_lost",
    "smuggling",
    "redirected_exports",
    "labour",
    *NEW_ROUTE_CHANNELS,
)
#: What the bans (and the border closure) blocked, and the routes that win revenue back.
BLOCKED_IDS = ("coal", "other_bans", "border_closure", "labour")
ROUTE_IDS = ("smuggling", "redirected_exports", "labour", *NEW_ROUTE_CHANNELS)
#: The channels each route wins revenue back through.
ROUTE_CHANNELS: dict[str, tuple[str, ...]] = {
    "smuggling": SMUGGLING_CHANNELS,
    "redirected_exports": tuple(c for c in GOODS_CHANNELS if c != "coal"),
    "labour": ("overseas_labour",),
    **{c: (c,) for c in NEW_ROUTE_CHANNELS},
}
#: Per route, whether China's enforcement governs it: every channel it runs through does
#: (resources/baseline_channels.csv, `china_governs`).
ROUTE_CHINA_GOVERNS: dict[str, bool] = {
    route: all(CHANNEL_CHINA_GOVERNS[c] for c in channels)
    for route, channels in ROUTE_CHANNELS.items()
}
#: The switch of cyber theft (its amounts are a sourced series, not a level parameter).
CYBER_SWITCH = "route_cyber_theft"
#: Share of each channel that China's customs record (the rest goes to other partners).
CHINA_SHARE: dict[str, float] = {
    row["channel"]: row["china_share_pct"] / 100.0 for row in load_channels()
}
BAN_SWITCH: dict[str, str] = {row["id"]: row["switch"] for row in BANS}
BAN_COMPLIANCE: dict[str, str] = {row["id"]: row["compliance"] for row in BANS}
_CAP_ROW = next(row for row in BANS if row["cap_usd_m"] is not None)
CAP_USD_M: float = float(_CAP_ROW["cap_usd_m"])
CAP_MT: float = float(_CAP_ROW["cap_mt"])
#: Bans on goods other than coal: (ban id, channel) pairs, before the other-metals split.
GOODS_BANS: tuple[tuple[str, str], ...] = tuple(
    (row["id"], channel)
    for row in BANS
    if row["id"] != "covid_closure"
    for channel in row["channels"]
    if channel in REDIRECT_TARGETS
)


@dataclass(frozen=True)
class Regime:
    """When the bans bite and what coal fetches: the monthly path or the steady state."""

    onset: Mapping[str, FloatArray]  # per ban id: share of each period it is in force
    labour_onset: FloatArray
    price: FloatArray  # coal, USD per tonne
    price_held: FloatArray  # 1 where the price path holds a price without a figure for it
    cargo_mt: FloatArray  # delayed cargoes let in during a coal ban, Mt per period
    season: FloatArray  # the period's share of a year's recorded trade x periods per year
    closed: FloatArray  # share of the period every route is closed (2020 closure)
    partly: FloatArray  # share of the period the routes are partly reopened
    cyber_stolen: FloatArray  # published amounts stolen by cyber attack, USD m per period
    route_onset: Mapping[str, FloatArray]  # per route since 2020: share of the period it runs
    periods_per_year: float
    monthly: bool


#: The steady state's values are numpy scalars, not 0-d arrays: one scenario's steady state is
#: about 300 operations on single numbers, and scalar arithmetic skips the array machinery
#: (the same IEEE doubles, so the same results; arrays of draws or a grid broadcast as before).
_ONE: FloatArray = np.float64(1.0)  # type: ignore[assignment]
_NONE: FloatArray = np.float64(0.0)  # type: ignore[assignment]
STEADY = Regime(
    onset=dict.fromkeys(BAN_IDS, _ONE),
    labour_onset=_ONE,
    price=np.float64(COAL_PRICE_2016),  # type: ignore[arg-type]
    price_held=_NONE,
    cargo_mt=_NONE,
    season=_ONE,
    # The closure as it stands at the end of the horizon, as every parameter takes its value then.
    closed=np.float64(CLOSURE_CLOSED[-1]),  # type: ignore[arg-type]
    partly=np.float64(CLOSURE_PARTLY[-1]),  # type: ignore[arg-type]
    cyber_stolen=np.float64(CYBER_STOLEN_LAST_YEAR),  # type: ignore[arg-type]
    route_onset=dict.fromkeys(ROUTE_ONSET, _ONE),
    periods_per_year=1.0,
    monthly=False,
)
MONTHLY = Regime(
    onset=BAN_ONSET,
    labour_onset=LABOUR_ONSET,
    price=COAL_PRICE,
    price_held=PRICE_HELD,
    cargo_mt=CARGO_MT,
    season=SEASON,
    closed=CLOSURE_CLOSED,
    partly=CLOSURE_PARTLY,
    cyber_stolen=CYBER_STOLEN,
    route_onset=ROUTE_ONSET,
    periods_per_year=12.0,
    monthly=True,
)


#: Most values a broadcast fills in a new array rather than a view (one monthly path).
SMALL_BROADCAST = 1024


def _doubles(x: object) -> FloatArray:
    """x as doubles: a number (np.float64) as it is, so that arithmetic on numbers stays scalar
    arithmetic (np.asarray would make a 0-d array of it); an array of doubles as it is."""
    if type(x) is np.float64:
        return x  # type: ignore[return-value]
    if type(x) is np.ndarray and x.dtype == np.float64:
        return x
    return np.asarray(x, dtype=np.float64)


def _no_lag(series: FloatArray, _tau: FloatArray) -> FloatArray:
    return series


def _shape(arrays: Iterable[FloatArray]) -> tuple[int, ...]:
    """The shape the arrays broadcast to (np.broadcast_shapes builds an array per shape)."""
    items = list(arrays)
    if 0 < len(items) <= 32:
        return tuple(np.broadcast(*items).shape)
    return np.broadcast_shapes(*(np.shape(x) for x in items))


def _dims(x: FloatArray | float) -> tuple[int, ...]:
    """np.shape(x), without its dispatch for arrays and numpy numbers (their own .shape): it is
    asked hundreds of times per scenario."""
    if type(x) is np.ndarray or type(x) is np.float64:
        return x.shape
    return tuple(np.shape(x))


def _broadcast(x: FloatArray, shape: tuple[int, ...]) -> FloatArray:
    """x as an array of `shape`: a read-only view (np.broadcast_to), or for one number and a
    path's few values a small new array (np.full costs a fifth of np.broadcast_to's set-up)."""
    dims = _dims(x)
    if dims == shape:
        return x
    if (dims == () or dims == (1,)) and len(shape) == 1 and shape[0] <= SMALL_BROADCAST:
        full: FloatArray = np.full(shape, np.reshape(x, ()))
        return full
    return np.broadcast_to(x, shape)


def _owns(fresh: FloatArray, other: FloatArray) -> bool:
    """True when `fresh` (a temporary nobody else holds) can take the result of an elementwise
    operation with `other` in place: same values, no new array of that size."""
    if type(fresh) is not np.ndarray or fresh.ndim == 0:  # a number: never in place
        return False
    flags = fresh.flags
    if not (flags.owndata and flags.writeable):
        return False
    shape = _dims(other)
    if shape == fresh.shape or shape == ():  # the common cases, without building a broadcast
        return True
    return bool(np.broadcast(fresh, other).shape == fresh.shape)


def _times(fresh: FloatArray, other: FloatArray) -> FloatArray:
    """fresh * other, in place in `fresh` where its shape allows."""
    if _owns(fresh, other):
        return np.multiply(fresh, other, out=fresh)
    result: FloatArray = fresh * other
    return result


def _over(fresh: FloatArray, other: FloatArray) -> FloatArray:
    """fresh / other, in place in `fresh` where its shape allows."""
    if _owns(fresh, other):
        return np.divide(fresh, other, out=fresh)
    result: FloatArray = fresh / other
    return result


def _total(items: Iterable[FloatArray]) -> FloatArray:
    """sum(items, np.zeros(())) (the same additions in the same order), accumulating in place
    once the running total has the full shape."""
    total: FloatArray = _NONE  # a number: a sum of numbers stays one (scalar arithmetic)
    started = False
    for x in items:
        if started and _owns(total, x):
            np.add(total, x, out=total)
        else:
            total = total + x
            started = True
    return total


def _landed(
    redirected: FloatArray, weight: Mapping[str, FloatArray], capacity: FloatArray
) -> dict[str, FloatArray]:
    """Redirected revenue shared among the open goods by weight, each good taking at most
    `capacity` (a fraction) of its own weight; none where no good is open.

    landed_c = min(redirected * w_c / W, capacity * w_c) = w_c * min(redirected / W, capacity):
    the same fraction of every open good's revenue, so no good's cap binds before another's.
    """
    total_weight = _total(weight.values())
    open_somewhere = total_weight > 0.0
    with np.errstate(over="ignore"):  # a denormal total: inf, and the capacity is the minimum
        if open_somewhere.all():  # the common case: np.where would change nothing
            growth = np.minimum(redirected / total_weight, capacity)
            return {c: w * growth for c, w in weight.items()}
        safe_total = np.where(open_somewhere, total_weight, 1.0)
        growth = np.where(open_somewhere, np.minimum(redirected / safe_total, capacity), 0.0)
    return {c: w * growth for c, w in weight.items()}


def coal_price(values: Mapping[str, FloatArray], regime: Regime = STEADY) -> FloatArray:
    """Coal, USD per tonne each period: the sourced path, its held months (no figure for them,
    from 2018) scaled by `coal_price_held_pct`; the 2016 average in the steady state."""
    if not regime.monthly:
        return regime.price
    held = np.asarray(values["coal_price_held_pct"], dtype=np.float64) / 100.0
    if np.shape(held) in ((), (1,)) and float(np.reshape(held, -1)[0]) == 1.0:
        return regime.price
    price: FloatArray = regime.price * (1.0 + (held - 1.0) * regime.price_held)
    return price


def baseline_channels(
    values: Mapping[str, FloatArray], regime: Regime = STEADY
) -> dict[str, FloatArray]:
    """Revenue by channel with no ban at all (USD m per period): 2016 volumes at the period's
    coal price, recorded goods in the period's share of the year's customs working days;
    smuggling of banned goods is zero by definition."""
    n = regime.periods_per_year
    out: dict[str, FloatArray] = {}
    for channel in CHANNEL_IDS:
        if channel in ZERO_BASELINE_CHANNELS:
            out[channel] = _NONE
            continue
        level = _doubles(values[baseline_parameter_id(channel)]) / n
        out[channel] = level * regime.season if channel in GOODS_CHANNELS else level
    out["coal"] = out["coal"] * (coal_price(values, regime) / COAL_PRICE_2016)
    shape = _shape(out.values())
    return {k: _broadcast(v, shape) for k, v in out.items()}


def _running_sum(x: FloatArray) -> FloatArray:
    """np.cumsum(x, axis=-1), bit for bit: numpy accumulates one element after another, so
    eleven whole-array additions over the months of every year give the same sums. numpy's
    own call walks each year's 12 numbers in a loop of its own (a Monte Carlo block's 2,500
    of them), which took twice as long. A few years (one path) stay with numpy's one call."""
    if x[..., 0].size < 64:
        few: FloatArray = np.cumsum(x, axis=-1)
        return few
    out: FloatArray = np.empty(x.shape)
    out[..., 0] = x[..., 0]
    for k in range(1, x.shape[-1]):
        np.add(out[..., k - 1], x[..., k], out=out[..., k])
    return out


def _capped(
    free: FloatArray,
    cargo: FloatArray,
    cap_on: FloatArray,
    cargo_cap_on: FloatArray,
    price: FloatArray,
    monthly: bool,
) -> FloatArray:
    """Coal the 2321 cap allows: USD 400.87 m or 7.5 Mt a year, whichever is lower at the price.

    `free` is the demand no full ban stops, `cargo` the delayed cargoes; `cap_on` and
    `cargo_cap_on` the share of each that falls under the cap that period. Steady state: the
    annual limit. Monthly: the share of a period under the cap counts against the calendar
    year's cumulative value and tonnage; the rest of the period flows as if there were no cap
    (a month the cap touches for four days is capped for four days, not for all of it).
    """
    if not monthly:
        limit = np.minimum(CAP_USD_M, CAP_MT * price)
        capped: FloatArray = free * (1.0 - cap_on) + cap_on * np.minimum(free, limit) + cargo
        return capped
    if not (bool((cap_on > 0.0).any()) or bool(((cargo_cap_on > 0.0) & (cargo > 0.0)).any())):
        return np.asarray(free + cargo)
    counted = cap_on * free + cargo_cap_on * cargo
    uncounted = (1.0 - cap_on) * free + (1.0 - cargo_cap_on) * cargo
    shape = np.broadcast_shapes(np.shape(counted), np.shape(price))
    years = (*shape[:-1], len(YEARS), 12)
    counted_y = np.broadcast_to(counted, shape).reshape(years)
    price_y = np.broadcast_to(price, shape).reshape(years)
    value_before = _running_sum(counted_y) - counted_y
    tonnes = counted_y / price_y
    tonnes_before = _running_sum(tonnes) - tonnes
    room = np.minimum(CAP_USD_M - value_before, (CAP_MT - tonnes_before) * price_y)
    allowed = np.maximum(np.minimum(counted_y, room), 0.0).reshape(shape)
    result: FloatArray = uncounted + allowed
    return result


def _settled(path: FloatArray, tau: FloatArray, smooth: Smoother) -> FloatArray:
    """A behaviour's value in force: each change of its path reached through the exponential
    lag, up or down alike, from the level it starts the horizon at (a value that never changes
    is in force at once; in the steady state every value is)."""
    if np.ndim(path) == 0 or np.shape(path)[-1] == 1 or smooth is _no_lag:
        return path
    start = path[..., :1]
    tau = np.asarray(tau, dtype=np.float64)
    if np.ndim(path) >= 2 and (tau.ndim == 0 or tau.shape[-1] == 1):
        stepped: FloatArray = start + _step_response(path - start, tau)
        return stepped
    settled: FloatArray = smooth(path - start, tau) + start
    return settled


#: Most lag responses `_reached` keeps (the four drawn lags of each of a Monte Carlo's eight
#: blocks, for two sets of draws): about 0.12 MB each at 125 draws a block.
REACHED_CACHE_SIZE = 64
_REACHED: dict[tuple[bytes, tuple[int, ...], int], FloatArray] = {}


def _reached(tau: FloatArray, n: int) -> FloatArray:
    """(..., n): the share of a step reached k = 1..n months after it, 1 - (1 - alpha)^k, for
    lags `tau` (read-only). Cached by the lags' values: the Monte Carlo draws its lags once per
    set of assumptions (bands._assumption_draws), so a lever's move, a period's or the next
    analysis of the same scenario reuses them, and the power (a tenth of the Monte Carlo's
    arithmetic) is taken once per draw and month, not once per run."""
    key = (tau.tobytes(), tau.shape, n)
    found = _REACHED.get(key)
    if found is not None:
        return found
    remain = (1.0 - lag_alpha(tau)) ** np.arange(1, n + 1)  # (..., n): share of a step still to go
    reached: FloatArray = np.subtract(1.0, remain, out=remain)
    reached.flags.writeable = False
    if len(_REACHED) >= REACHED_CACHE_SIZE:  # the oldest out (a thread may have taken it first)
        _REACHED.pop(next(iter(_REACHED), key), None)
    _REACHED[key] = reached
    return reached


def _step_response(steps: FloatArray, tau: FloatArray) -> FloatArray:
    """The exponential lag of a piecewise-constant path starting at 0 (schedules, and their
    Monte Carlo draws), in closed form: a step of size D at month m contributes
    D (1 - (1 - alpha)^(t - m + 1)) from month m on; one power per draw, no recursion."""
    n = steps.shape[-1]
    months = np.flatnonzero(
        np.any(np.diff(steps, axis=-1) != 0.0, axis=tuple(range(steps.ndim - 1)))
    )
    reached = _reached(tau, n)
    out = np.zeros(np.broadcast_shapes(steps.shape, reached.shape))
    first = steps[..., :1]
    if np.any(first != 0.0):
        out += first * reached
    for m in months + 1:
        delta = steps[..., m : m + 1] - steps[..., m - 1 : m]
        out[..., m:] += delta * reached[..., : n - m]
    return out


#: The terms `path_by_year` and `band_by_year` need beyond the channels (what
#: `scenario_channels(..., figures_only=True)` fills, for the Monte Carlo).
FIGURE_TERMS = ("recorded_to_china", "official_coal_mt", "smuggled_coal_mt", "smuggled_coal_market")


def scenario_channels(
    values: Mapping[str, FloatArray],
    regime: Regime = STEADY,
    terms: dict[str, FloatArray] | None = None,
    figures_only: bool = False,
) -> dict[str, FloatArray]:
    """Scenario revenue by channel (USD m per period).

    If `terms` is given, it receives the decomposition of the net change (`STEP_IDS`), what was
    blocked (`blocked_<id>`, `BLOCKED_IDS`), per redirect target what landed on it
    (`landed_<channel>`), the recorded exports to China (`recorded_to_china`) and the coal
    volumes and values on each basis (`official_coal_mt`, `smuggled_coal_mt`,
    `smuggled_coal_market`: at the period's coal price, before the smuggling discount). With
    `figures_only`, `terms` receives only FIGURE_TERMS (the Monte Carlo's per-figure bands).
    """

    def v(key: str) -> FloatArray:  # _doubles, inlined: called ~100 times per call
        x: object = values[key]
        if type(x) is np.float64:
            return x  # type: ignore[return-value]  # a steady scalar: as it is
        if type(x) is np.ndarray and x.dtype == np.float64:
            return x  # an array already of doubles
        return np.asarray(x, dtype=np.float64)

    shares: dict[str, FloatArray] = {}
    forces: dict[str, FloatArray] = {}

    def share(key: str) -> FloatArray:
        if key not in shares:  # each computed once per call (never modified in place)
            shares[key] = v(key) / 100.0
        return shares[key]

    def in_force(ban: str) -> FloatArray:
        if ban not in forces:
            force = v(BAN_SWITCH[ban]) * regime.onset[ban]
            successor = REPLACED_BY.get(ban)
            if successor is not None:  # ends as the ban that replaced it bites (if on)
                force = force * (1.0 - v(BAN_SWITCH[successor]) * regime.onset[successor])
            forces[ban] = force
        return forces[ban]

    smooth: Smoother = exponential_lag if regime.monthly else _no_lag
    n = regime.periods_per_year
    season = regime.season
    base = {c: v(baseline_parameter_id(c)) / n for c in (*GOODS_CHANNELS, "overseas_labour")}
    others = share("other_partners_compliance_pct")

    def enforced_share(china_compliance: FloatArray | float, channel: str) -> FloatArray:
        """The share of a good's banned trade stopped: China's compliance on what China buys,
        the other partners' on the rest."""
        china = CHINA_SHARE[channel]
        if china >= 1.0:  # numbers stay numbers (np.asarray would make a 0-d array of them)
            return china_compliance  # type: ignore[return-value]
        stopped: FloatArray = china * china_compliance + (1.0 - china) * others
        return stopped

    # Labour lever: the China share of labour and of garment processing moves with it, from 2397;
    # the 2397 repatriation removes its share of labour revenue over 24 months.
    lever = share("labour_outsourcing")
    shift: FloatArray | float = (
        0.0  # at its neutral 100 % the lever moves nothing (the lag of zero is zero)
        if np.ndim(lever) <= 1 and bool(np.asarray(lever == 1.0).all())
        else smooth((lever - 1.0) * regime.labour_onset, v("labour_lag_months"))
    )
    textile_base = base["textiles"] * season
    textile_orders = textile_base * (1.0 + share("textiles_china_share_pct") * shift)
    labour_income = (
        base["overseas_labour"]
        * (1.0 + share("labour_china_share_pct") * shift)
        * (1.0 - share("repatriation_2397_pct") * in_force("unsc_2397_workers"))
    )

    # Coal: tonnes x price. A full ban (China's suspension, 2371) stops new coal; the cargoes
    # China's suspension delayed arrive only under it; the 2321 cap limits what is left, the
    # cargoes included (they cleared before 2371 bit); compliance is the share of the cut enforced.
    price = coal_price(values, regime)
    potential_coal = base["coal"] / COAL_PRICE_2016 * price * season
    suspension = in_force("china_coal_suspension")
    coal_ban = np.maximum(suspension, in_force("unsc_2371_coal"))
    cargo = (
        np.minimum(regime.cargo_mt * price * v("coal_delayed_cargoes"), potential_coal) * suspension
    )
    cap_row = "unsc_2321_cap"
    # The share of the days no full ban covers that lie under the cap: the cap's days are days
    # no full ban covers (the full ban that replaced it starts as it ends), so a month the cap
    # and 2371 split is capped on the cap's days, not twice pro rata.
    open_days = 1.0 - coal_ban
    with np.errstate(divide="ignore", invalid="ignore"):
        capped_days = np.where(
            open_days > 0.0, np.minimum(in_force(cap_row), open_days) / open_days, 0.0
        )
    allowed = _capped(
        potential_coal * open_days,
        cargo,
        capped_days,
        v(BAN_SWITCH[cap_row]) * regime.onset[cap_row],
        price,
        regime.monthly,
    )
    coal_cut = potential_coal - allowed
    blocked_coal = enforced_share(share("coal_ban_compliance"), "coal") * coal_cut
    official_coal = potential_coal - blocked_coal
    china_coal = CHINA_SHARE["coal"] * (potential_coal - share("coal_ban_compliance") * coal_cut)

    # Other bans: each with its own compliance; 2270 and 2321 share the other-metals channel.
    potential = {c: base[c] * season for c in REDIRECT_TARGETS} | {"textiles": textile_orders}
    zero = _NONE  # a marker of "no ban yet" (by identity), and a number
    banned: dict[str, FloatArray] = dict.fromkeys(REDIRECT_TARGETS, zero)
    enforced: dict[str, FloatArray] = dict.fromkeys(REDIRECT_TARGETS, zero)
    enforced_china: dict[str, FloatArray] = dict.fromkeys(REDIRECT_TARGETS, zero)
    metals_2270 = share("other_metals_2270_share_pct")
    for ban, channel in GOODS_BANS:
        part: FloatArray | float = 1.0
        if channel == "other_metals":
            part = metals_2270 if ban == "unsc_2270" else 1.0 - metals_2270
        force = part * in_force(ban)
        compliance = share(BAN_COMPLIANCE[ban])
        first = enforced[channel] is zero
        banned[channel] = force if first else banned[channel] + force
        stopped = force * enforced_share(compliance, channel)
        enforced[channel] = stopped if first else enforced[channel] + stopped
        if terms is not None:  # China's own enforcement: only for the recorded exports to China
            china_stopped = force * compliance
            enforced_china[channel] = (
                china_stopped if first else enforced_china[channel] + china_stopped
            )
    official = {c: _times(1.0 - enforced[c], potential[c]) for c in REDIRECT_TARGETS}
    blocked_other = _total(potential[c] * enforced[c] for c in REDIRECT_TARGETS)

    # The 2020 border closure acts alike on every route it closes: recorded goods of every kind
    # and the informal crossings; by its phases (closed, partly reopened).
    closure = (
        share("covid_closure_pct")
        * v("covid_border_closure")
        * (regime.closed + (1.0 - share("covid_reopening_pct")) * regime.partly)
    )
    kept = 1.0 - closure

    # Blocked trade: a share crosses informally (the laxity in force, on routes the closure
    # leaves open), sold at a discount; a share of what smuggling does not win back is
    # redirected into goods still open. Laxity and the redirected share reach a new value
    # through their adjustment lags, up or down alike.
    laxity = _settled(share("border_laxity"), v("smuggling_lag_months"), smooth)
    crossing = laxity * kept
    kept_price = 1.0 - share("smuggling_discount_pct")
    market_coal = crossing * blocked_coal
    smuggled_coal = kept_price * market_coal
    smuggled_other = kept_price * crossing * blocked_other
    # What smuggling does not win back is reckoned before the closure, which then cuts the
    # redirected exports as it cuts every other route (so it factors out of the total).
    redirect = _settled(share("redirect_share_pct"), v("redirect_lag_months"), smooth)
    blocked = blocked_coal + blocked_other
    not_smuggled = 1.0 - kept_price * laxity
    # Processing the textile ban freed moves into goods no resolution bans (wigs, eyelashes): a
    # share of the garment trade the ban stops and smuggling does not win back, built up
    # through its lag as factories and workers are retooled (never more than the ban stops that
    # month: lifting the ban brings the garment trade back at once); a recorded good, cut by
    # the closure like any other. Redirection takes its share of what is left.
    stopped_share = in_force("unsc_2375") * enforced_share(share("compliance_2375_pct"), "textiles")
    built = np.minimum(smooth(stopped_share, v("processing_lag_months")), stopped_share)
    processing = share("processing_shift_pct") * built * potential["textiles"] * not_smuggled
    redirected = redirect * (blocked * not_smuggled - processing)

    # Redirected revenue lands only on goods still open that period, by their revenue, and each
    # can grow by at most the absorptive capacity (a share of its own revenue that period).
    # (np.minimum/np.maximum: np.clip's argument handling costs more than the clipping here)
    weight = {
        c: potential[c] * np.minimum(np.maximum(1.0 - banned[c], 0.0), 1.0)
        for c in REDIRECT_TARGETS
    }
    landed = _landed(redirected, weight, share("redirect_capacity_pct"))

    out: dict[str, FloatArray] = {"coal": official_coal * kept}
    for channel in REDIRECT_TARGETS:
        out[channel] = _times(official[channel] + landed[channel], kept)
    out[PROCESSING_CHANNEL] = out[PROCESSING_CHANNEL] + processing * kept
    out["overseas_labour"] = labour_income
    out["smuggled_coal"] = smuggled_coal
    out["smuggling"] = smuggled_other
    # The routes since 2020 China's enforcement does not govern: workers sent to Russia and
    # arms to Russia from their start dates at their assumed yearly levels; cyber theft, the
    # published amounts stolen times the share turned into hard currency.
    for route in ROUTE_ONSET:
        out[route] = v(ROUTE_SWITCH[route]) * regime.route_onset[route] * v(ROUTE_LEVEL[route]) / n
    out["cyber_theft"] = v(CYBER_SWITCH) * regime.cyber_stolen * share("cyber_cashout_pct")
    if terms is not None and not figures_only:
        landed_total = _total(landed.values())
        recorded_before = official_coal + _total(official.values())
        smuggled_before = kept_price * laxity * (blocked_coal + blocked_other)
        closure_lost = closure * (recorded_before + landed_total + processing + smuggled_before)
        labour_change = (labour_income - base["overseas_labour"]) + (textile_orders - textile_base)
        terms["coal_lost"] = -(blocked_coal + closure * official_coal)
        terms["other_bans_lost"] = -(blocked_other + closure * (recorded_before - official_coal))
        terms["smuggling"] = smuggled_coal + smuggled_other
        terms["redirected_exports"] = (landed_total + processing) * kept
        terms["processing_trade"] = processing * kept
        terms["labour"] = labour_change
        for route in NEW_ROUTE_CHANNELS:
            terms[route] = out[route]
        terms["blocked_coal"] = blocked_coal
        terms["blocked_other_bans"] = blocked_other
        terms["blocked_border_closure"] = closure_lost
        for channel in REDIRECT_TARGETS:
            terms[f"landed_{channel}"] = landed[channel] * kept
    if terms is not None:
        # China's share of each good at China's own enforcement, and of what landed on it: the
        # goods of one China share summed first (one product per share, not one per good).
        by_share: dict[float, list[FloatArray]] = {}
        for c in REDIRECT_TARGETS:
            own = potential[c]
            if enforced_china[c] is not zero:
                own = _times(1.0 - enforced_china[c], own)  # x * y == y * x, bit for bit
            by_share.setdefault(CHINA_SHARE[c], []).extend((own, landed[c]))
        by_share[CHINA_SHARE[PROCESSING_CHANNEL]].append(processing)
        china = china_coal + _total(x * _total(parts) for x, parts in by_share.items())
        terms["recorded_to_china"] = china * kept
        terms["official_coal_mt"] = out["coal"] / price
        terms["smuggled_coal_mt"] = market_coal / price
        terms["smuggled_coal_market"] = market_coal
    shape = _shape(out.values())
    return {
        k: out[k] if _dims(out[k]) == shape else np.broadcast_to(out[k], shape).copy()
        for k in CHANNEL_IDS
    }


def summarise(
    base: Mapping[str, FloatArray], scen: Mapping[str, FloatArray], no_loss_usd_m: float
) -> dict[str, FloatArray]:
    """Totals, coal loss, offsets and their ratio: one function for a scenario and a grid alike.

    The offset ratio is NaN where no coal revenue is lost (at most `no_loss_usd_m`).
    """
    total_base = sum((base[c] for c in CHANNEL_IDS), np.float64(0.0))
    total_scen = sum((scen[c] for c in CHANNEL_IDS), np.float64(0.0))
    offsets = sum((scen[c] - base[c] for c in CHANNEL_IDS if c != "coal"), np.float64(0.0))
    loss = base["coal"] - scen["coal"]
    lost = loss > no_loss_usd_m
    ratio = np.where(lost, offsets / np.where(lost, loss, 1.0), np.nan)
    return {
        "total_baseline_usd_m": np.asarray(total_base),
        "total_scenario_usd_m": np.asarray(total_scen),
        "net_change_usd_m": np.asarray(total_scen - total_base),
        "coal_loss_usd_m": np.asarray(loss),
        "offset_total_usd_m": np.asarray(offsets),
        "offset_ratio": np.asarray(ratio),
    }

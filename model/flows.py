"""The model's equations: revenue by channel for given parameter arrays.

One function serves the annual steady state, the monthly path and the grid: every input is a
numpy array that broadcasts, so a single scenario, a 101x101 map or 1,000 Monte Carlo draws are
the same arithmetic. docs/model.md states these equations in plain notation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from numpy.typing import NDArray

from dprk_explorer.model.parameters import baseline_parameter_id
from dprk_explorer.model.resources import CHANNEL_IDS

FloatArray = NDArray[np.float64]
Smoother = Callable[[FloatArray, FloatArray], FloatArray]

#: Goods channels the 2371 switch bans, and the one the 2375 switch bans.
ILS_CHANNELS = ("iron_ore", "lead", "seafood")
GOODS_CHANNELS = ("coal", "iron_ore", "lead", "seafood", "textiles", "other_goods")
#: The net change split into what the ban takes and what each route wins back (the waterfall).
STEP_IDS = ("coal_lost", "other_bans_lost", "smuggling", "redirected_exports", "labour")


def _no_lag(series: FloatArray, _tau: FloatArray) -> FloatArray:
    return series


def baseline_channels(values: Mapping[str, FloatArray]) -> dict[str, FloatArray]:
    """2016 revenue by channel (USD m per year); smuggling of banned goods is zero by definition."""
    out: dict[str, FloatArray] = {}
    for channel in CHANNEL_IDS:
        if channel == "smuggling":
            out[channel] = np.zeros_like(
                np.asarray(values[baseline_parameter_id("coal")], dtype=np.float64)
            )
        else:
            out[channel] = np.asarray(values[baseline_parameter_id(channel)], dtype=np.float64)
    return out


def scenario_channels(
    values: Mapping[str, FloatArray],
    onset: Mapping[str, FloatArray] | None = None,
    smooth: Smoother = _no_lag,
    periods_per_year: float = 1.0,
    terms: dict[str, FloatArray] | None = None,
) -> dict[str, FloatArray]:
    """Scenario revenue by channel (USD m per period).

    `onset` gives, per model role, how much of each period lies after the dated event that switches
    that part of the scenario on (1 everywhere for the annual steady state). `smooth(series, tau)`
    applies an adjustment lag along the last axis (identity for the steady state). If `terms`
    is given, it receives the decomposition of the net change (see `STEP_IDS`).
    """
    ones: FloatArray = np.ones(())
    on = dict(onset) if onset is not None else {}
    a_coal = on.get("coal_ban", ones)
    a_ils = on.get("iron_lead_seafood_ban", ones)
    a_tex = on.get("textiles_ban", ones)
    a_lab = on.get("labour_change", ones)

    def lagged(key: str) -> FloatArray:
        return (
            np.asarray(values[key], dtype=np.float64)[..., None]
            if onset is not None
            else (np.asarray(values[key], dtype=np.float64))
        )

    def share(key: str) -> FloatArray:
        return lagged(key) / 100.0

    base = {
        k: v[..., None] if onset is not None else v for k, v in baseline_channels(values).items()
    }
    base = {k: v / periods_per_year for k, v in base.items()}

    compliance = share("coal_ban_compliance")
    laxity = share("border_laxity")
    labour = share("labour_outsourcing")
    discount = share("smuggling_discount_pct")
    redirect = share("redirect_share_pct")
    ban_ils = lagged("ban_iron_lead_seafood")
    ban_tex = lagged("ban_textiles")

    # Labour lever: the China share of labour and of garment processing moves with the lever.
    labour_shift = smooth((labour - 1.0) * a_lab, lagged("labour_lag_months"))
    labour_income = base["overseas_labour"] * (1.0 + share("labour_china_share_pct") * labour_shift)
    textile_orders = base["textiles"] * (1.0 + share("textiles_china_share_pct") * labour_shift)

    # Enforcement: the share of each banned good's trade that official customs stop.
    enforced = {
        "coal": compliance * a_coal,
        "iron_ore": compliance * ban_ils * a_ils,
        "lead": compliance * ban_ils * a_ils,
        "seafood": compliance * ban_ils * a_ils,
        "textiles": compliance * ban_tex * a_tex,
        "other_goods": 0.0 * compliance,
    }
    potential = {k: base[k] for k in GOODS_CHANNELS} | {"textiles": textile_orders}
    official = {k: potential[k] * (1.0 - enforced[k]) for k in GOODS_CHANNELS}
    blocked: FloatArray = np.asarray(
        sum((potential[k] * enforced[k] for k in GOODS_CHANNELS), np.float64(0.0))
    )

    # Blocked trade either crosses informally (at a discount) or is partly redirected.
    smuggling = laxity * (1.0 - discount) * smooth(blocked, lagged("smuggling_lag_months"))
    redirected = redirect * (1.0 - laxity) * smooth(blocked, lagged("redirect_lag_months"))

    # Redirected revenue goes to goods no ban covers, in proportion to their 2016 revenue.
    open_weight = {
        "iron_ore": base["iron_ore"] * (1.0 - ban_ils * a_ils),
        "lead": base["lead"] * (1.0 - ban_ils * a_ils),
        "seafood": base["seafood"] * (1.0 - ban_ils * a_ils),
        "textiles": textile_orders * (1.0 - ban_tex * a_tex),
        "other_goods": base["other_goods"],
    }
    total_weight = sum(open_weight.values(), np.float64(0.0))
    safe_total = np.where(total_weight > 0.0, total_weight, 1.0)
    out: dict[str, FloatArray] = {"coal": official["coal"]}
    for channel, weight in open_weight.items():
        fraction = np.where(
            total_weight > 0.0, weight / safe_total, float(channel == "other_goods")
        )
        out[channel] = official[channel] + redirected * fraction
    out["overseas_labour"] = labour_income
    out["smuggling"] = smuggling
    if terms is not None:
        blocked_coal = potential["coal"] * enforced["coal"]
        terms["coal_lost"] = -blocked_coal
        terms["other_bans_lost"] = blocked_coal - blocked
        terms["smuggling"] = smuggling
        terms["redirected_exports"] = redirected
        terms["labour"] = (labour_income - base["overseas_labour"]) + (
            textile_orders - base["textiles"]
        )
    shape = np.broadcast_shapes(*(np.shape(v) for v in out.values()))
    return {
        k: out[k] if np.shape(out[k]) == shape else np.broadcast_to(out[k], shape).copy()
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

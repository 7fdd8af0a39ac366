"""The headline figures, worded and formatted once: the window's strip, the brief's page and
the caption all show these strings, read from one Answer (its period, its base, the record)."""

from __future__ import annotations

from dataclasses import dataclass

from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.answer_words import against_base, capitalised, usd_unit
from dprk_explorer.gui.text.labels import ROUTE_SHORT_LABELS
from dprk_explorer.model import Result
from dprk_explorer.model.answer import SMUGGLING_BASES, Answer
from dprk_explorer.model.core.flows import ROUTE_CHINA_GOVERNS, ROUTE_IDS


@dataclass(frozen=True)
class Headline:
    """One headline figure: caption, value, detail line, and what it means (its tooltip); the
    detail's shorter wording for a narrow strip ('' when it has none: the detail is short)."""

    caption: str
    value: str
    detail: str
    tooltip: str = ""
    short_detail: str = ""


#: Caption and tooltip of each headline figure, in the strip's order. "a year" in a caption
#: becomes the period ('in 2019'); in a tooltip {base} is the answer's base ('no sanctions,
#: 2019'), {against} 'against' it, {unit} the unit for the period ('USD m in 2019').
FIGURES: tuple[tuple[str, str], ...] = (
    ("Net change a year", "Total scenario revenue minus the total with {base} ({unit})."),
    (
        "Blocked by the bans",
        "Revenue the bans stop at official customs, {against}: coal, the other banned goods, "
        "the 2020 border closure and repatriated labour ({unit}).",
    ),
    (
        "Won back of that",
        "What the routes win back, as a share of what the bans blocked: smuggling, exports no "
        "ban covers and labour in China (routes China's enforcement governs), then labour in "
        "Russia, cyber theft and arms to Russia (routes it does not). Never negative: a route "
        "that loses counts as blocked, not as won back.",
    ),
    (
        "Total revenue a year",
        "Scenario revenue from all channels ({unit}): goods are gross export receipts, labour "
        "is what the state takes (net).",
    ),
)


def blocked_detail(result: Result) -> str:
    """'coal $1.18 bn + $1.26 bn': what the bans blocked, coal and the rest."""
    coal = result.blocked_usd_m["coal"]
    return f"coal {fmt.usd(coal)} + {fmt.usd(result.blocked_other_than_coal_usd_m)}"


#: The words of the won-back detail, and their shorter wording for a narrow strip (the
#: tooltip names the groups whole: `won_back_routes`).
WON_BACK_GROUPS = ("China's routes", "others")
WON_BACK_GROUPS_SHORT = ("China's", "others")


def won_back_detail(answer: Answer, short: bool = False) -> str:
    """ "China's routes $621 m, others $2.42 bn" ("China's $621 m, others $2.42 bn" `short`):
    what the routes China's enforcement governs won back, and what the routes it does not
    (cyber theft, arms and labour in Russia); each route by name is in the tooltip
    (`won_back_routes`): the strip's line has room for two."""
    result = answer.result
    if result.recovery_ratio is None:
        return ""
    governs = fmt.usd(answer.recovered_china_governs_usd_m)
    ours, theirs = WON_BACK_GROUPS_SHORT if short else WON_BACK_GROUPS
    return f"{ours} {governs}, {theirs} {fmt.usd(answer.recovered_not_china_usd_m)}"


def won_back_routes(answer: Answer) -> str:
    """'China's routes: smuggling receipts $206 m, unbanned $151 m, labour $0 m. Routes it does
    not govern: Russia labour $22 m, cyber $670 m, arms $1.73 bn.' (smuggling named with its
    basis, SMUGGLING_BASES: what North Korea is paid, not the market value)."""
    short, _full = SMUGGLING_BASES["receipts"]
    names = {**ROUTE_SHORT_LABELS, "smuggling": f"smuggling {short}"}
    won = answer.result.recovered_usd_m

    def listed(governed: bool) -> str:
        routes = [r for r in ROUTE_IDS if ROUTE_CHINA_GOVERNS[r] == governed]
        return ", ".join(f"{names[r]} {fmt.usd(won[r])}" for r in routes)

    return f"China's routes: {listed(True)}. Routes it does not govern: {listed(False)}."


def smuggling_basis_sentence(answer: Answer) -> str:
    """'Smuggling is counted as receipts at the smuggling price; smuggled coal valued at the
    month's coal price (the Panel of Experts' basis): $583 m.' (the market value only for a
    year or span: the steady state has no month's price)."""
    _short, receipts = SMUGGLING_BASES["receipts"]
    text = f"Smuggling is counted as {receipts}"
    market = answer.smuggled_coal_market_usd_m
    if market is not None:
        _short, basis = SMUGGLING_BASES["coal_market"]
        text += f"; {basis}: {fmt.usd(market)}"
    return text + "."


def vs_record_detail(answer: Answer, short: bool = False) -> str | None:
    """'vs the record: +$140 m' ('vs record: +$140 m' `short`): a counterfactual branched from
    the record against what happened, for the answer's period (the caption names it; None for
    any other scenario). One rule for the strip and the brief."""
    difference = answer.vs_record_usd_m
    if difference is None:
        return None
    return f"vs {'' if short else 'the '}record: {fmt.usd(difference, signed=True)}"


def vs_record_meaning(answer: Answer) -> str:
    """What the vs-record detail is, for the net change's tooltip ('' when there is none)."""
    if answer.vs_record_usd_m is None or answer.record is None:
        return ""
    return (
        f" Under it, for a branch of the record: its total minus the record's "
        f"({answer.record.label})."
    )


def share_won_back(result: Result) -> str:
    """'52 %', or 'nothing blocked' (no share of nothing)."""
    ratio = result.recovery_ratio
    return "nothing blocked" if ratio is None else fmt.pct(100 * ratio)


def headline_numbers(answer: Answer) -> list[Headline]:
    """The four figures of `answer`, for its period, in the order of FIGURES; a branch of the
    record says its difference from the record under the net change."""
    result = answer.result
    period = answer.period
    vs_base = f"{fmt.pct(result.net_change_pct, signed=True, digits=1)} vs no sanctions"
    values = [
        (
            fmt.usd(result.net_change_usd_m, signed=True),
            vs_record_detail(answer) or vs_base,
        ),
        (fmt.usd(result.blocked_total_usd_m), blocked_detail(result)),
        (share_won_back(result), won_back_detail(answer)),
        (fmt.usd(result.total_scenario_usd_m), "goods gross, labour net"),
    ]
    words = {
        "base": answer.base_label,
        "against": against_base(answer),
        "unit": usd_unit(period),
    }
    tips = [capitalised(tip.format(**words)) for _caption, tip in FIGURES]
    tips[0] += vs_record_meaning(answer)
    if result.recovery_ratio is not None:
        tips[2] += " " + won_back_routes(answer)
    tips[2] += " " + smuggling_basis_sentence(answer)
    shorter = [vs_record_detail(answer, short=True) or "", "", won_back_detail(answer, True), ""]
    return [
        Headline(caption.replace("a year", period.per), value, detail, tip, short)
        for (caption, _tip), (value, detail), tip, short in zip(
            FIGURES, values, tips, shorter, strict=True
        )
    ]

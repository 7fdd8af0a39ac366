"""How an answer's period, base and parts read, worded once for every view.

A net change is measured against "no sanctions" for the same period (the answer's `base_label`:
'no sanctions, 2019'), never against 2016 for a year that is not 2016. A figure for the steady
state is a rate (per year); one for a year or a span is the sum of its months. The attribution's
parts, the band's verdict and the axis units are worded here so the strip, the plots, the panel
and the brief cannot drift apart.
"""

from __future__ import annotations

from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.names import BANS_DETAIL, source_label
from dprk_explorer.model import LEVER_IDS, PARAMETERS
from dprk_explorer.model.answer import Answer
from dprk_explorer.model.core.period import Period


def capitalised(text: str) -> str:
    """The first letter upper case, the rest as written ('no sanctions, 2019' → 'No ...')."""
    return text[:1].upper() + text[1:]


def base_title(answer: Answer) -> str:
    """The base as a legend or a row names it: 'No sanctions, 2019'."""
    return capitalised(answer.base_label)


def legend_pair(answer: Answer) -> tuple[str, str]:
    """The base and the scenario as a plot's legend names them: 'No sanctions, 2019' and
    'Scenario, 2019'; in the steady state plain 'No sanctions' and 'Scenario' (the plot's title
    and axis say 'steady state' and 'per year', and the longer pair did not fit the legend)."""
    if answer.period.is_steady:
        return "No sanctions", "Scenario"
    return base_title(answer), f"Scenario, {answer.period.label}"


def against_base(answer: Answer) -> str:
    """'against no sanctions, 2019': what every change is measured from."""
    return f"against {answer.base_label}"


def per_period(period: Period) -> str:
    """How a figure for `period` is read after its value: 'a year (steady state)', 'in 2019'."""
    return "a year (steady state)" if period.is_steady else period.per


def measured_from(answer: Answer, period: Period) -> str:
    """What an analysis for `period` measures from: the answer's base when it is for the
    answer's period; a moment-old analysis of the period shown before says which it is."""
    if period == answer.period:
        return against_base(answer)
    return f"for {period.label}, being updated for {answer.period.label}"


def usd_unit(period: Period) -> str:
    """The unit of a revenue figure for `period` in words: 'USD m per year' (the steady
    state, a rate) or 'USD m in 2019' (a sum over the period's months)."""
    return "USD m per year" if period.is_steady else f"USD m {period.per}"


def usd_label(what: str, period: Period) -> str:
    """An axis label: 'Revenue (USD m per year)', 'Revenue (USD m in 2019)'."""
    return f"{what} ({usd_unit(period)})"


def figures_for(period: Period) -> str:
    """'the steady state (every ban in force)' or '2019': which figures a view shows."""
    return "the steady state (every ban in force, no lags)" if period.is_steady else period.label


#: What each source other than the levers stands for, for tooltips (its name: gui.text.names).
OTHER_SOURCE_MEANINGS: dict[str, str] = {
    "bans": BANS_DETAIL,
    "border_closure": "North Korea's own border closure (2020-2023)",
    "routes": "workers and arms sent to Russia and cyber theft, which China's enforcement does "
    "not govern",
    "assumptions": "the assumptions (baselines, shares, lags) where they differ from the base",
}


def source_name(source: str) -> str:
    """A part of the attribution as a chart's row names it: a lever's short label
    ('Compliance'), another source's name ('The bans as written', gui.text.names)."""
    if source in LEVER_IDS:
        return PARAMETERS[source].short_label
    return capitalised(source_label(source))


#: Where a figure lies against its 5-95 % range (Answer.band_position), in words.
BAND_POSITION_WORDS: dict[str, str] = {
    "inside": "inside its 5-95 % range",
    "below": "below its 5-95 % range",
    "above": "above its 5-95 % range",
}


def band_sentence(answer: Answer) -> str:
    """'5-95 % ranges in 2019: net change −$3.76 bn to −$3.52 bn, total revenue $480 m to
    $620 m. The net change as set (−$3.60 bn) lies inside its 5-95 % range; the total as set
    ($556 m) lies inside its 5-95 % range.' ('' while no analysis is at hand.)"""
    analysis = answer.analysis
    net_at, total_at = answer.band_position("net_change"), answer.band_position("total")
    if analysis is None or net_at is None or total_at is None:
        return ""
    bands = analysis.bands
    ranges = (
        f"5-95 % ranges {analysis.period.per}: net change "
        f"{fmt.usd(bands.net_change_p5, signed=True)} to "
        f"{fmt.usd(bands.net_change_p95, signed=True)}, total revenue {fmt.usd(bands.total_p5)} "
        f"to {fmt.usd(bands.total_p95)}."
    )
    if analysis.period != answer.period:  # a moment-old analysis of the period shown before
        return ranges
    return (
        f"{ranges} The net change as set "
        f"({fmt.usd(answer.net_change_usd_m, signed=True)}) lies {BAND_POSITION_WORDS[net_at]}; "
        f"the total as set ({fmt.usd(answer.total_usd_m)}) lies {BAND_POSITION_WORDS[total_at]}."
    )


def attribution_note(answer: Answer) -> str:
    """What the attribution chart shows, truthfully for the answer: 'Shapley values, which sum
    to the net change in 2019 (−$3.60 bn): each lever, the bans in force and the 2020
    closure.' ('' while no analysis is at hand.)"""
    if answer.analysis is None:
        return ""
    split = answer.analysis.attribution
    parts = ["each lever", *(source_label(s) for s in split.others_usd_m)]
    sources = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return (
        f"Shapley values, which sum to the net change {split.period.per} "
        f"({fmt.usd(split.net_change_usd_m, signed=True)}): {sources}."
    )

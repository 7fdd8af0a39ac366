"""What an exported figure says about where it came from, and the paste-ready key numbers.

Pure Python (no Qt): the caption of every exported figure (scenario name, every setting that
differs from the reference settings with its unit, the headline numbers for the period, the
baseline's sources in short form, app version and date) and the "key numbers" paragraph in plain
text and Markdown. Every figure is read from one `Answer` (its period, its base, its analysis, the
record's fit): nothing here computes a number, so the brief, the caption, the key numbers and the
data export cannot disagree. Labels and units come from `model.parameters`; numbers are formatted
as the headline strip shows them.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.answer_words import BAND_POSITION_WORDS, against_base, capitalised
from dprk_explorer.gui.text.differences import differences_text, value_text
from dprk_explorer.gui.text.headline import blocked_detail
from dprk_explorer.gui.text.labels import ROUTE_CHINA_GOVERNS, ROUTE_GROUP_WORDS, ROUTE_LABELS
from dprk_explorer.gui.text.names import APP_TITLE, app_version, source_label
from dprk_explorer.gui.text.verdicts import verdict
from dprk_explorer.model import PARAMETERS
from dprk_explorer.model.analysis.bands import BAND_FIGURES
from dprk_explorer.model.answer import SMUGGLING_BASES, Answer
from dprk_explorer.model.core.evaluate import varies_within
from dprk_explorer.model.core.scenario import clean_text
from dprk_explorer.model.core.timeline import HORIZON, TIMELINE_EVENTS, YEARS
from dprk_explorer.model.sources.citations import Citation
from dprk_explorer.model.sources.resources import CHANNEL_SHORT_LABELS, load_channels, load_history


def settings_against(answer: Answer) -> str:
    """What the listed settings differ from: 'the record' for the record and its branches,
    else 'the default'."""
    return "the record" if answer.reference == "record" else "the default"


def headline_sentence(answer: Answer) -> str:
    """The headline numbers for the answer's period in one line of text."""
    result = answer.result
    per = answer.period.per
    ratio = result.recovery_ratio
    won = (
        "nothing blocked"
        if ratio is None
        else f"{fmt.pct(100 * ratio)} of it won back "
        f"({fmt.usd(result.recovered_total_usd_m)}: {routes_text(answer)})"
    )
    text = (
        f"net revenue change {fmt.usd(result.net_change_usd_m, signed=True)} {per} "
        f"({fmt.pct(result.net_change_pct, signed=True, digits=1)} {against_base(answer)}); "
        f"blocked by the bans {fmt.usd(result.blocked_total_usd_m)} ({blocked_detail(result)} "
        "other); "
        f"{won}; total revenue {fmt.usd(result.total_scenario_usd_m)} "
        f"({answer.base_label}: {fmt.usd(result.total_baseline_usd_m)}; goods gross, labour net)"
    )
    return text + vs_record_clause(answer)


def vs_record_clause(answer: Answer) -> str:
    """'; total revenue against the record, 2019: −$416 m' for a branch of the record ('' for
    any other scenario): the headline's vs-record figure, for the same period."""
    difference = answer.vs_record_usd_m
    if difference is None or answer.record is None:
        return ""
    return f"; total revenue against {answer.record.label}: {fmt.usd(difference, signed=True)}"


def routes_text(answer: Answer) -> str:
    """ "routes China's enforcement governs win back $1.31 bn (smuggling $514 m (receipts ...),
    exports no ban covers $12 m, labour $0 m) and routes it does not $1.73 bn (labour in Russia
    $22 m, cyber theft $670 m (5-95 %: $410 m-$1.05 bn), ...)": each group's sum from the
    answer, each route in it, the smuggling one with its basis (SMUGGLING_BASES; the market value
    only for a year or span), and for a single year each route's 5-95 % range where the answer's
    analysis has one (a span's range is not the sum of its years' ranges, so none is given)."""
    won = answer.result.recovered_usd_m

    def route_text(route: str) -> str:
        label = ROUTE_LABELS[route]
        text = f"{label[:1].lower()}{label[1:]} {fmt.usd(won[route])}"
        if route == "smuggling":
            _short, receipts = SMUGGLING_BASES["receipts"]
            market = answer.smuggled_coal_market_usd_m
            basis = receipts
            if market is not None:
                _short, coal_market = SMUGGLING_BASES["coal_market"]
                basis += f"; {coal_market}: {fmt.usd(market)}"
            text += f" ({basis})"
        band = route_band(answer, route)
        if band is not None:
            text += f" (5-95 %: {fmt.usd(band[0])}-{fmt.usd(band[1])})"
        return text

    governed = [r for r in won if ROUTE_CHINA_GOVERNS[r]]
    others = [r for r in won if not ROUTE_CHINA_GOVERNS[r]]
    text = (
        f"{ROUTE_GROUP_WORDS[True]} win back {fmt.usd(answer.recovered_china_governs_usd_m)} "
        f"({', '.join(route_text(r) for r in governed)})"
    )
    if others:
        text += (
            f" and {ROUTE_GROUP_WORDS[False]} {fmt.usd(answer.recovered_not_china_usd_m)} "
            f"({', '.join(route_text(r) for r in others)})"
        )
    return text


def route_band(answer: Answer, route: str) -> tuple[float, float] | None:
    """A route's 5-95 % range for the answer's single year, from its analysis's yearly bands,
    where the route is one path figure of its own (`<route>_usd_m`); None otherwise."""
    analysis = answer.analysis
    year = answer.period.single_year
    figure = f"{route}_usd_m"
    if analysis is None or not answer.analysis_fresh or year is None or year not in YEARS:
        return None
    if figure not in BAND_FIGURES:
        return None
    bands = analysis.bands
    k, i = BAND_FIGURES.index(figure), YEARS.index(year)
    if k >= len(bands.figures_by_year_p5):
        return None
    return float(bands.figures_by_year_p5[k, i]), float(bands.figures_by_year_p95[k, i])


#: '62 %', '+$649 m', '−$1.18 bn', '6 months': kept on one line in a wrapped caption.
_NUMBER = re.compile(r"[+−-]?\$?\d[\d.,]*(?: (?:%|m|bn|months|USD m/yr))?")
WORD_JOINER = "\u2060"
NO_BREAK_SPACE = "\u00a0"


def _unbreakable(match: re.Match[str]) -> str:
    """A number with its sign and unit as one unbreakable word."""
    text = match.group(0).replace(" ", NO_BREAK_SPACE)
    return WORD_JOINER.join(text[:2]) + text[2:] if text[:1] in "+−-" else text


def _customs_drawn(period: str) -> bool:
    """Whether the timeline draws this customs point: every month, the years of the horizon."""
    first, last = (int(month[:4]) for month in HORIZON)
    return len(period) == 7 or first <= int(period) <= last


@dataclass(frozen=True)
class SourceEntry:
    """One source behind a figure and what it covers, by kind: baseline channels, China's
    customs points (periods), sanctions events (short labels)."""

    citation: Citation
    covers: dict[str, list[str]]

    def covered(self) -> str:
        parts = []
        if "baseline" in self.covers:
            labels = self.covers["baseline"]
            parts.append(", ".join(labels[:1] + [label.lower() for label in labels[1:]]))
        if "customs" in self.covers:
            parts.append("China's customs " + ", ".join(self.covers["customs"]))
        if "event" in self.covers:
            parts.append(", ".join(self.covers["event"]))
        return "; ".join(parts)


def source_entries() -> list[SourceEntry]:
    """Every source behind what a brief draws, once each (by address, else publisher and
    title): the 2016 baseline's channels, China's customs points and the sanctions events on
    the timeline, in that order."""
    found: dict[str, SourceEntry] = {}

    def add(citation: Citation, group: str, item: str) -> None:
        if not citation.is_publication:
            return
        entry = found.setdefault(citation.key, SourceEntry(citation, {}))
        items = entry.covers.setdefault(group, [])
        if item not in items:
            items.append(item)

    for row in load_channels():
        for citation in row["citations"]:
            add(citation, "baseline", CHANNEL_SHORT_LABELS[row["channel"]])
    for row in load_history():
        if _customs_drawn(row["period"]):
            for citation in row["citations"]:
                add(citation, "customs", row["period"])
    for row in TIMELINE_EVENTS:
        for citation in row["citations"]:
            add(citation, "event", row["short_label"])
    return list(found.values())


def baseline_sources() -> list[str]:
    """Every source in full, with what it covers:
    'Coal: Nikkei Asian Review (...), 'China imported more ...', 2017-01, https://...'."""
    return [f"{entry.covered()}: {entry.citation.text()}" for entry in source_entries()]


def short_sources() -> str:
    """The sources as a one-page figure names them: those of the channels' 2016 revenue (where
    every no-sanctions figure starts; a year's base is never called "the 2016 baseline") by
    publisher and date for each channel, and how many reports stand behind China's customs
    points and the sanctions dates (every one in full: `baseline_sources`, page 2 of a PDF).

    "For the channels' 2016 revenue: coal, Nikkei Asian Review 2017-01; ... Further: 12 reports
    for China's customs points and 13 sources for the sanctions dates."
    """
    entries = source_entries()
    baseline = [
        f"{entry.covered()}, {entry.citation.publisher} {entry.citation.date}"
        for entry in entries
        if "baseline" in entry.covers
    ]
    customs = sum("customs" in e.covers and "baseline" not in e.covers for e in entries)
    events = sum(
        "event" in e.covers and not e.covers.keys() & {"baseline", "customs"} for e in entries
    )
    text = f"For the channels' 2016 revenue: {'; '.join(baseline)}."
    counted = [
        f"{count} {noun}{'s' if count != 1 else ''} for {what}"
        for count, noun, what in (
            (customs, "report", "China's customs points"),
            (events, "source", "the sanctions dates"),
        )
        if count
    ]
    return text + (f" Further: {' and '.join(counted)}." if counted else "")


#: Where a figure's caption says the full citations are.
FULL_LIST_ELSEWHERE = "in this file's description, the PDF's page 2 and Help → Model and sources"
FULL_LIST_IN_PDF = "on page 2 and in the app's Help → Model and sources"


@dataclass(frozen=True)
class Caption:
    """Everything an exported figure states about its origin, as separate parts. A brief also
    carries its `summary` (the key numbers paragraph), drawn as its main text above the plots
    and standing in for the headline sentence."""

    scenario: str
    banner: str
    settings: list[str]
    headline: str
    sources: list[str]
    version: str
    date: str
    summary: str = ""
    #: The sources as the figure names them (publisher and date); `sources` has them in full.
    short_sources: str = ""
    #: What `settings` differ from: 'the default', or 'the record' for its branches.
    settings_against: str = "the default"

    @staticmethod
    def rich(text: str) -> str:
        """`text` as rich text in which a number never breaks from its unit or sign."""
        return _NUMBER.sub(_unbreakable, html.escape(text, quote=False))

    @property
    def made_with(self) -> str:
        return (
            f"{APP_TITLE} {self.version}, exported {self.date}. The scenario is embedded in this "
            "file: open it in the app (or pass it to --scenario) for the exact settings."
        )

    @property
    def settings_text(self) -> str:
        if not self.settings:
            where = (
                "at its default" if self.settings_against == "the default" else "as in the record"
            )
            return f"none (every parameter {where})"
        return "; ".join(self.settings)

    def plain(self) -> str:
        """The caption as plain text (SVG description, PDF subject, clipboard)."""
        lines = [f"DRAFT BANNER: {self.banner}"] if self.banner else []
        lines += [
            f"Scenario: {self.scenario}.",
            f"Settings that differ from {self.settings_against}: {self.settings_text}.",
            f"Summary: {self.summary}" if self.summary else f"Headline: {self.headline}.",
            "Sources: " + "; ".join(self.sources) + ".",
            self.made_with,
        ]
        return "\n".join(lines)

    def summary_html(self) -> str:
        return f"<p>{self.rich(self.summary)}</p>"

    def html(self, full_list_at: str = FULL_LIST_ELSEWHERE) -> str:
        """The caption as rich text for the figure (one paragraph per part; a brief's summary
        is drawn apart, above the plots). The sources are named by publisher and date, with
        where their full citations are (`full_list_at`): 33 full citations would fill a page."""
        headline = "" if self.summary else f"<p><b>Headline:</b> {self.rich(self.headline)}.</p>"
        sources = self.short_sources or "; ".join(self.sources) + "."
        return (
            f"<p><b>Scenario:</b> {self.rich(self.scenario)}. "
            f"<b>Settings that differ from {self.settings_against}:</b> "
            f"{self.rich(self.settings_text)}.</p>"
            f"{headline}<p><b>Sources</b> (titles and addresses {self.rich(full_list_at)}): "
            f"{self.rich(sources)}</p>"
            f"<p>{self.rich(self.made_with)}</p>"
        )

    def references_html(self) -> str:
        """Every source in full (publisher, 'title', date, address), one paragraph each, with
        what it covers: the PDF's page of sources."""
        # Escaped only: the number rule would put joiners into the addresses' digits.
        entries = "".join(f"<p>{html.escape(entry, quote=False)}</p>" for entry in self.sources)
        return (
            f"<p><b>Sources of the figures: {self.rich(self.scenario)}</b></p>{entries}"
            f"<p>{self.rich(self.made_with)}</p>"
        )


def record_fit_sentence(answer: Answer) -> str:
    """For the record and the counterfactuals that branch from it: how closely the record
    preset reproduces China's customs, and where the scenario leaves what the record supports
    for the period (one clause, no full stop); else ''."""
    fit = answer.record_fit
    if fit is None:
        return ""
    text = (
        "The record preset reproduces China's customs within "
        f"{fmt.pct(fit.max_error_pct, digits=1)} a year, {fit.first_year}-{fit.last_year} "
        "(fitted; errors in and out of sample in the validation notes)"
    )
    if answer.branch:
        text += f"; this counterfactual follows the record until {answer.branch}"
    leaves = answer.support_text
    return f"{text}; {leaves}" if leaves else text


def make_caption(
    answer: Answer, banner: str = "", date: dt.date | None = None, summary: str = ""
) -> Caption:
    """The caption of an exported figure of `answer`; a brief passes its key numbers as
    `summary`."""
    return Caption(
        scenario=answer.scenario.name,
        banner=clean_text(banner).strip(),  # as names and notes: nothing invisible or reversed
        settings=differences_text(answer),
        settings_against=settings_against(answer),
        headline=". ".join(filter(None, (headline_sentence(answer), record_fit_sentence(answer)))),
        sources=baseline_sources(),
        short_sources=short_sources(),
        version=app_version(),
        date=(date or dt.date.today()).isoformat(),
        summary=summary,
    )


# --- the key numbers paragraph ------------------------------------------------------------------


#: The sources of the change that read as plural ('the bans as written account for ...').
PLURAL_SOURCES = frozenset({"bans", "assumptions"})


def _levers(answer: Answer) -> str:
    """'100 % coal-ban compliance, 5 % border laxity and 100 % labour outsourcing': each
    lever's value in force for the period, '(mean)' where it changes inside it."""
    parts = []
    for key, value in answer.levers_in_force.items():
        label = PARAMETERS[key].label
        label = label if label[:2].isupper() else label[0].lower() + label[1:]
        mean = " (mean)" if varies_within(answer.scenario, key, answer.period) else ""
        parts.append(f"{value_text(key, round(value, 1))}{mean} {label}")
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]


def attribution_sentence(answer: Answer, markdown: bool = False) -> str:
    """'Of the net change in 2019 (−$3.60 bn), the bans as written account for −$2.37 bn,
    coal-ban compliance for −$1.02 bn, ... (Shapley values, which sum to the net change; ...).'
    The bans first: what the measures as written do, before what enforcement adds. '' without
    a fresh analysis for the answer's period."""
    analysis = answer.analysis
    if analysis is None or not answer.analysis_fresh or analysis.period != answer.period:
        return ""

    def b(text: str) -> str:
        return f"**{text}**" if markdown else text

    split = analysis.attribution
    order = sorted(split.shapley_usd_m, key=lambda source: source != "bans")
    first, *rest = order
    verb = "account for" if first in PLURAL_SOURCES else "accounts for"
    parts = [f"{source_label(first)} {verb} {b(fmt.usd(split.shapley_usd_m[first], signed=True))}"]
    parts += [
        f"{source_label(source)} for {b(fmt.usd(split.shapley_usd_m[source], signed=True))}"
        for source in rest
    ]
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return (
        f"Of the net change {analysis.period.per} "
        f"({fmt.usd(split.net_change_usd_m, signed=True)}), {listed} (Shapley values, which sum "
        f"to the net change; interaction {fmt.usd(split.interaction_usd_m, signed=True)})."
    )


def range_sentence(answer: Answer, markdown: bool = False) -> str:
    """The net change's 5-95 % range for the period and where the net change as set lies
    against it (Answer.band_position: inside, below or above, never assumed). '' without a
    fresh analysis for the answer's period."""
    analysis = answer.analysis
    position = answer.band_position("net_change")
    if (
        analysis is None
        or position is None
        or not answer.analysis_fresh
        or analysis.period != answer.period
    ):
        return ""

    def b(text: str) -> str:
        return f"**{text}**" if markdown else text

    bands = analysis.bands
    return (
        "Across the plausible ranges of the uncertain assumptions the net change "
        f"{analysis.period.per} runs from {b(fmt.usd(bands.net_change_p5, signed=True))} to "
        f"{b(fmt.usd(bands.net_change_p95, signed=True))} (5-95 %, {bands.n_draws:,} Monte Carlo "
        f"draws); as set ({fmt.usd(answer.net_change_usd_m, signed=True)}) it lies "
        f"{BAND_POSITION_WORDS[position]}."
    )


def analysis_sentences(answer: Answer, markdown: bool = False) -> str:
    """Attribution, uncertainty range, robustness and the weak point, in the words of a brief,
    all for the answer's period ('' without a fresh analysis for it)."""
    analysis = answer.analysis
    split = attribution_sentence(answer, markdown)
    if analysis is None or not split:
        return ""
    return (
        f"{split} {range_sentence(answer, markdown)} {verdict(analysis.robustness)}."
        f"{weak_point(answer, markdown)}"
    )


def weak_point(answer: Answer, markdown: bool = False) -> str:
    """' The result moves most with <assumption> (no sourced value): the net change in 2019 is
    X at its plausible low (v) and Y at its high (w).' — the assumption a reader should know
    the result hinges on; empty when no assumption moves it (or no analysis is at hand)."""
    analysis = answer.analysis
    if analysis is None:
        return ""
    bar = next((bar for bar in analysis.tornado.bars if bar.moves), None)
    if bar is None:
        return ""
    parameter = PARAMETERS[bar.parameter]
    label = source_label(bar.parameter)  # 'textiles ...', but 'UNSC 2270 ...' as written
    name = f"**{label}**" if markdown else label
    basis = (
        "an assumption with no sourced value"
        if parameter.certainty.startswith("assumption")
        else f"certainty: {parameter.certainty}"
    )
    # A name that already says it is an assumption ("... (a wide assumption)") is not told so
    # twice.
    said = "" if "assumption" in label else f" ({basis})"
    return (
        f" The result moves most with {name}{said}: the net change "
        f"{analysis.tornado.period.per} is {fmt.usd(bar.net_at_low_usd_m, signed=True)} at its "
        f"plausible low ({value_text(bar.parameter, bar.low_value)}) and "
        f"{fmt.usd(bar.net_at_high_usd_m, signed=True)} at its high "
        f"({value_text(bar.parameter, bar.high_value)})."
    )


def key_numbers(answer: Answer, markdown: bool = False, brief: bool = False) -> str:
    """A paste-ready paragraph for the answer's period: the levers in force, what the bans
    block, what wins it back, the net change against the answer's base, a branch's difference
    from the record, and with the answer's (fresh) analysis what each source accounts for and
    the uncertainty range, then where it comes from (scenario, app, data). On a `brief`, whose
    headline shows the difference from the record and whose caption says where it comes from,
    those two are left out.

    'With 62 % coal-ban compliance, 35 % border laxity and 100 % labour outsourcing, the bans
    block $1.18 bn a year ...'
    """

    def b(text: str) -> str:
        return f"**{text}**" if markdown else text

    result = answer.result
    period = answer.period
    per = period.per
    opening = f"{'With' if period.is_steady else f'In {period.label}, with'} {_levers(answer)}"
    ratio = result.recovery_ratio
    if ratio is None:
        middle = f"the bans block none of North Korea's revenue {against_base(answer)}"
    else:
        blocked = result.blocked_usd_m
        middle = (
            f"the bans block {b(fmt.usd(result.blocked_total_usd_m))} {per} "
            f"({fmt.usd(blocked['coal'])} of it coal); {routes_text(answer)}: together "
            f"{b(fmt.usd(result.recovered_total_usd_m))}, so {b(fmt.pct(100 * ratio))} of what "
            "was blocked is won back"
        )
    net = result.net_change_usd_m
    pct = fmt.pct(result.net_change_pct, signed=True, digits=1)
    closing = (
        f"{capitalised(against_base(answer))} ({fmt.usd(result.total_baseline_usd_m)}), its "
        f"total revenue changes by {b(fmt.usd(net, signed=True))} {per} ({pct}) to "
        f"{fmt.usd(result.total_scenario_usd_m)}."
    )
    if answer.vs_record_usd_m is not None and answer.record is not None and not brief:
        closing += (
            f" Against {answer.record.label}, its total differs by "
            f"{b(fmt.usd(answer.vs_record_usd_m, signed=True))}."
        )
    name = f"*{answer.scenario.name}*" if markdown else f"'{answer.scenario.name}'"
    source = (
        f"(Scenario {name}, {APP_TITLE} {app_version()}; baseline from customs data and "
        "published estimates.)"
    )
    extra = analysis_sentences(answer, markdown)
    extra = f" {extra}" if extra else ""
    fit = record_fit_sentence(answer)
    extra += f" {fit}." if fit else ""
    return f"{opening}, {middle}. {closing}{extra}" + ("" if brief else f" {source}")

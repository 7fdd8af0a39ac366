"""What an exported figure says about where it came from, and the paste-ready key numbers.

Pure Python (no Qt): the caption of every exported figure (scenario name, every parameter that
differs from its default with its unit, the headline numbers, the baseline's sources in short
form, app version and date) and the "key numbers" paragraph in plain text and Markdown. Labels and
units come from `model.parameters`; numbers are formatted as the headline strip shows them.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

import numpy as np

from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.differences import value_text
from dprk_explorer.gui.text.headline import blocked_detail
from dprk_explorer.gui.text.labels import ROUTE_LABELS
from dprk_explorer.gui.text.names import APP_TITLE, app_version, source_label
from dprk_explorer.gui.text.verdicts import verdict
from dprk_explorer.model import PARAMETERS, Result, Scenario
from dprk_explorer.model.analysis.combined import Analysis
from dprk_explorer.model.citations import Citation
from dprk_explorer.model.parameters import Value
from dprk_explorer.model.resources import CHANNEL_SHORT_LABELS, load_channels, load_history
from dprk_explorer.model.scenario import clean_text
from dprk_explorer.model.timeline import HORIZON, MONTHS, N_MONTHS, TIMELINE_EVENTS


def changed_settings(result: Result) -> list[str]:
    """'Coal-ban compliance 100 % (default 62 %)' for every parameter that differs."""
    lines = []
    for key, value in result.scenario.changed_from_default().items():
        parameter = PARAMETERS[key]
        lines.append(
            f"{parameter.label} {value_text(key, value)} "
            f"(default {value_text(key, parameter.default)})"
        )
    return lines


def changed_from_record(scenario: Scenario, record: Scenario) -> list[str]:
    """'Border laxity 5 % from 2018-06 (record: 27 %)' for every parameter whose value in
    any month differs from the record's: what a counterfactual changes. The record's own
    values are its fit (in the validation notes), not settings a reader has to check."""
    lines = []
    for key in PARAMETERS:
        ours, theirs = scenario.path(key), record.path(key)
        if ours is None and theirs is None:
            if scenario[key] != record[key]:
                lines.append(
                    f"{PARAMETERS[key].label} {value_text(key, scenario[key])} "
                    f"(record: {value_text(key, record[key])})"
                )
            continue
        mine = ours if ours is not None else np.full(N_MONTHS, float(scenario[key]))
        recorded = theirs if theirs is not None else np.full(N_MONTHS, float(record[key]))
        differ = np.flatnonzero(~np.isclose(mine, recorded))
        if differ.size == 0:
            continue
        first = int(differ[0])
        lines.append(
            f"{PARAMETERS[key].label} {value_text(key, _typed(key, mine[first]))} from "
            f"{MONTHS[first]} (record: {value_text(key, _typed(key, recorded[first]))})"
        )
    return lines


def _typed(key: str, value: float) -> Value:
    return bool(value) if isinstance(PARAMETERS[key].default, bool) else float(value)


def _settings(result: Result) -> tuple[str, list[str]]:
    """What the caption lists, and against what: a scenario of the record (the record itself
    or a branch of it) against the record, any other against the defaults."""
    from dprk_explorer.model.record import record_or_reason

    scenario = result.scenario
    found, _reason = record_or_reason()
    if found is not None and (scenario.branch or scenario.same_values(found.scenario)):
        return "the record", changed_from_record(scenario, found.scenario)
    return "the default", changed_settings(result)


def headline_sentence(result: Result) -> str:
    """The headline numbers in one line of text."""
    ratio = result.recovery_ratio
    won = (
        "nothing blocked"
        if ratio is None
        else f"{fmt.pct(100 * ratio)} of it won back "
        f"({fmt.usd(result.recovered_total_usd_m)}: {routes_text(result)})"
    )
    period = "a year" if result.year is None else f"in {result.year}"
    return (
        f"net revenue change {fmt.usd(result.net_change_usd_m, signed=True)} {period} "
        f"({fmt.pct(result.net_change_pct, signed=True, digits=1)}); "
        f"blocked by the bans {fmt.usd(result.blocked_total_usd_m)} ({blocked_detail(result)} "
        "other); "
        f"{won}; total revenue {fmt.usd(result.total_scenario_usd_m)} "
        f"(2016: {fmt.usd(result.total_baseline_usd_m)}; goods gross, labour net)"
    )


def routes_text(result: Result) -> str:
    """'smuggling $206 m, exports no ban covers $442 m, labour $0 m'."""
    return ", ".join(
        f"{ROUTE_LABELS[route].lower()} {fmt.usd(value)}"
        for route, value in result.recovered_usd_m.items()
    )


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
    """The sources as a one-page figure names them: the 2016 baseline's, by publisher and date
    for each channel, and how many reports stand behind China's customs points and the
    sanctions dates (every one in full: `baseline_sources`, page 2 of a PDF, Help).

    'For the 2016 baseline: coal, Nikkei Asian Review 2017-01; ... China's customs points:
    12 reports; the sanctions dates: 13 sources.'"""
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
    text = f"For the 2016 baseline: {'; '.join(baseline)}."
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


def record_fit_sentence(result: Result) -> str:
    """For the record and the counterfactuals that branch from it: how closely the record
    preset reproduces China's customs, and where the scenario leaves the record (one clause,
    no full stop); else ''."""
    from dprk_explorer.model.record import record_or_reason

    found, _reason = record_or_reason()
    scenario = result.scenario
    if found is None or not (scenario.branch or scenario.same_values(found.scenario)):
        return ""
    annual = {
        int(row["period"]): abs(float(row["error_pct"]))
        for row in found.residuals
        if row.get("series") == "china_imports_from_dprk" and str(row.get("period")).isdigit()
    }
    if not annual:
        return ""
    fit = (
        "The record preset reproduces China's customs within "
        f"{fmt.pct(max(annual.values()), digits=1)} a year, {min(annual)}-{max(annual)} "
        "(fitted; errors in and out of sample in the validation notes)"
    )
    if scenario.branch:
        fit += f"; this counterfactual follows the record until {scenario.branch}"
    from dprk_explorer.model.record_support import record_support, support_sentence

    leaves = support_sentence(record_support(scenario, found), result.year)
    return f"{fit}; {leaves}" if leaves else fit


def make_caption(
    result: Result, banner: str = "", date: dt.date | None = None, summary: str = ""
) -> Caption:
    """The caption of an exported figure; a brief passes its key numbers as `summary`."""
    against, settings = _settings(result)
    return Caption(
        scenario=result.scenario.name,
        banner=clean_text(banner).strip(),  # as names and notes: nothing invisible or reversed
        settings=settings,
        settings_against=against,
        headline=". ".join(filter(None, (headline_sentence(result), record_fit_sentence(result)))),
        sources=baseline_sources(),
        short_sources=short_sources(),
        version=app_version(),
        date=(date or dt.date.today()).isoformat(),
        summary=summary,
    )


# --- the key numbers paragraph ------------------------------------------------------------------


def _lever(result: Result, key: str) -> str:
    """The lever as the annual figures use it: its value at the end of its schedule."""
    scenario = result.scenario
    steps = scenario.schedules.get(key)
    text = value_text(key, scenario.final_value(key))
    return f"{text} (from {steps[-1][0]})" if steps else text


def analysis_sentences(analysis: Analysis, markdown: bool = False) -> str:
    """Attribution, uncertainty range and robustness, in the words of a brief.

    'Split among the levers by Shapley values, which sum to the net change: coal-ban compliance
    −$610 m, border laxity +$79 m, labour outsourcing $0 m (interaction +$157 m, ...). Across ...'
    """

    def b(text: str) -> str:
        return f"**{text}**" if markdown else text

    shares = [
        f"{source_label(source)} {b(fmt.usd(value, signed=True))}"
        for source, value in analysis.attribution.shapley_usd_m.items()
    ]
    listed = ", ".join(shares)
    bands = analysis.bands
    check = analysis.robustness
    per = analysis.period.per
    return (
        f"Split by Shapley values among the levers and everything else that differs from no "
        f"sanctions, which sum to the net change {per}: {listed} (interaction "
        f"{fmt.usd(analysis.attribution.interaction_usd_m, signed=True)}, the net change minus "
        "each source's effect alone). Across the plausible "
        f"ranges of the uncertain assumptions the net change {per} lies between "
        f"{b(fmt.usd(bands.net_change_p5, signed=True))} and "
        f"{b(fmt.usd(bands.net_change_p95, signed=True))} (5-95 %, "
        f"{bands.n_draws:,} Monte Carlo draws). {verdict(check)}.{weak_point(analysis, markdown)}"
    )


def weak_point(analysis: Analysis, markdown: bool = False) -> str:
    """' The result moves most with <assumption> (no sourced value): from X at its plausible
    low (v) to Y at its high (w).' — the assumption a reader should know the result hinges on;
    empty when no assumption moves it."""
    bar = next((bar for bar in analysis.tornado.bars if bar.moves), None)
    if bar is None:
        return ""
    parameter = PARAMETERS[bar.parameter]
    name = f"**{parameter.label.lower()}**" if markdown else parameter.label.lower()
    basis = (
        "an assumption with no sourced value"
        if parameter.certainty.startswith("assumption")
        else f"certainty: {parameter.certainty}"
    )
    return (
        f" The result moves most with {name} ({basis}): the net change is "
        f"{fmt.usd(bar.net_at_low_usd_m, signed=True)} at its plausible low "
        f"({value_text(bar.parameter, bar.low_value)}) and "
        f"{fmt.usd(bar.net_at_high_usd_m, signed=True)} at its high "
        f"({value_text(bar.parameter, bar.high_value)})."
    )


def key_numbers(
    result: Result,
    markdown: bool = False,
    analysis: Analysis | None = None,
    signed: bool = True,
) -> str:
    """A paste-ready paragraph: the levers, the coal loss, what wins it back, the net change,
    and with `analysis` the attribution to each lever and the uncertainty range. `signed`
    adds where it comes from (scenario, app, data); a brief's caption says that already.

    'With 62 % coal-ban compliance and 35 % border laxity, North Korea loses $731 m a year in
    coal revenue; smuggling, unbanned exports and labour win back $300 m (41 %) ...'
    """

    def b(text: str) -> str:
        return f"**{text}**" if markdown else text

    compliance = _lever(result, "coal_ban_compliance")
    laxity = _lever(result, "border_laxity")
    labour = _lever(result, "labour_outsourcing")
    opening = (
        f"With {compliance} {PARAMETERS['coal_ban_compliance'].label.lower()}, "
        f"{laxity} {PARAMETERS['border_laxity'].label.lower()} and "
        f"{PARAMETERS['labour_outsourcing'].label.lower()} at {labour} of its 2016 level"
    )
    ratio = result.recovery_ratio
    period = "a year" if result.year is None else f"in {result.year}"
    if ratio is None:
        middle = "the bans block none of North Korea's revenue against 2016"
    else:
        blocked = result.blocked_usd_m
        middle = (
            f"the bans block {b(fmt.usd(result.blocked_total_usd_m))} {period} "
            f"({fmt.usd(blocked['coal'])} of it coal); {routes_text(result)} win back "
            f"{b(fmt.usd(result.recovered_total_usd_m))}, so {b(fmt.pct(100 * ratio))} of what "
            "was blocked is won back"
        )
    net = result.net_change_usd_m
    pct = fmt.pct(result.net_change_pct, signed=True, digits=1)
    closing = (
        f"Its total revenue changes by {b(fmt.usd(net, signed=True))} {period} ({pct}), from "
        f"{fmt.usd(result.total_baseline_usd_m)} in 2016 to {fmt.usd(result.total_scenario_usd_m)}."
    )
    name = f"*{result.scenario.name}*" if markdown else f"'{result.scenario.name}'"
    source = (
        f"(Scenario {name}, {APP_TITLE} {app_version()}; 2016 baseline from customs data and "
        "published estimates.)"
    )
    extra = f" {analysis_sentences(analysis, markdown)}" if analysis is not None else ""
    fit = record_fit_sentence(result)
    extra += f" {fit}." if fit else ""
    return f"{opening}, {middle}. {closing}{extra}" + (f" {source}" if signed else "")

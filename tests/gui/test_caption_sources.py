"""The caption's sources: full citations, once each, for the baseline, customs and events."""

from __future__ import annotations

from dprk_explorer.gui.text.caption import baseline_sources, make_caption
from dprk_explorer.model import Scenario
from dprk_explorer.model.answer import ask
from dprk_explorer.model.core.timeline import TIMELINE_EVENTS
from dprk_explorer.model.sources.resources import load_channels, load_history


def entry_for(url_or_title: str) -> list[str]:
    return [entry for entry in baseline_sources() if url_or_title in entry]


def test_every_baseline_source_is_cited_with_title_and_url() -> None:
    for row in load_channels():
        if row["publisher"] == "By definition":
            continue
        entries = entry_for(row["url"])
        assert len(entries) == 1, row["channel"]
        assert entries[0].endswith(row["citations"][0].text())
        assert row["publisher"] in entries[0] and row["title"] in entries[0]
        assert row["source_date"] in entries[0]
    assert not entry_for("By definition")


def test_customs_points_and_sanctions_events_are_cited_once_each() -> None:
    cited = [
        (row["citations"][0], f"China's customs {row['period']}")
        for row in load_history()
        if row["period"] != "2015"  # before the horizon: the timeline does not draw it
    ] + [(row["citations"][0], row["short_label"]) for row in TIMELINE_EVENTS]
    for citation, covers in cited:
        entries = entry_for(citation.text())
        assert len(entries) == 1, covers
        head = entries[0].split(": ", 1)[0]
        assert covers.removeprefix("China's customs ") in head, (covers, head)
    assert not entry_for("2015")  # the 2015 customs figure is not drawn


def test_the_sources_name_no_bare_domains_and_repeat_no_source() -> None:
    entries = baseline_sources()
    urls = [entry.rsplit(", ", 1)[1] for entry in entries]
    assert all(url.startswith("http") or url == "URL not recorded" for url in urls)
    assert len({url for url in urls if url.startswith("http")}) == len(
        [url for url in urls if url.startswith("http")]
    )
    text = make_caption(ask(Scenario.default())).plain()
    assert "Crack in sanctions regime inevitable: expert', 2018-07-05, URL not recorded" in text
    assert "https://www.thecipherbrief.com" not in text  # cited by parameters, not drawn sources

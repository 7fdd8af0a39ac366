"""Every source a user can see is a citation (publisher, title, date, URL), never a file name."""

from __future__ import annotations

from pathlib import Path

import pytest

from dprk_explorer.model import PARAMETERS
from dprk_explorer.model.presets import PRESETS
from dprk_explorer.model.sources.citations import (
    Citation,
    internal_names,
    parse,
    uncited_addresses,
    unique,
)
from dprk_explorer.model.sources.resources import (
    load_bans,
    load_channels,
    load_coal_prices,
    load_delayed_cargoes,
    load_facts,
    load_history,
    load_timeline,
)

ROOT = Path(__file__).resolve().parents[2]
SHOWN_FILES = sorted(
    path
    for pattern in ("resources/*.csv", "resources/*.toml", "docs/*.md")
    for path in ROOT.glob(pattern)
)
TABLES = (
    load_channels,
    load_bans,
    load_coal_prices,
    load_delayed_cargoes,
    load_facts,
    load_timeline,
    load_history,
)


def free_text_sources() -> list[tuple[str, str]]:
    """(where, text) of every source a user reads as free text."""
    found = [(f"parameter {p.id}", p.source) for p in PARAMETERS.values()]
    found += [(f"preset {p.id}", p.sources) for p in PRESETS.values()]
    for load in TABLES:
        for number, row in enumerate(load(), start=1):
            found.append((f"{load.__name__} row {number}", row["source"]))
            if row.get("note"):
                found.append((f"{load.__name__} row {number} note", row["note"]))
    return found


def test_the_scan_knows_what_an_internal_name_looks_like() -> None:
    for name in (
        "<seed:000_78488a0f798aef88.txt>",
        "seed 004_e49e94e06f15d5a8.txt",
        "the UN figure in seed 004",
        "shared/data/README.md, conflict 9",
        "../shared/seeds",
    ):
        assert internal_names(f"Text ({name}) more."), name
    assert internal_names("Fixed seed (20170219): the same bands.") == []


@pytest.mark.parametrize("path", SHOWN_FILES, ids=lambda p: p.name)
def test_no_internal_file_names_in_resources_or_docs(path: Path) -> None:
    assert internal_names(path.read_text(encoding="utf-8")) == []


def test_every_address_in_a_source_belongs_to_a_full_citation() -> None:
    for where, text in free_text_sources():
        assert uncited_addresses(text) == [], where


def test_every_table_row_and_declared_source_cites_a_publication() -> None:
    for load in TABLES:
        for row in load():
            citations = row["citations"]
            assert citations, row["source"]
            for citation in citations:
                assert citation.publisher and citation.date
    for parameter in PARAMETERS.values():
        if not parameter.certainty.startswith("assumption") and parameter.group != "timing":
            assert parse(parameter.source), parameter.id
    for preset in PRESETS.values():
        assert parse(preset.sources), preset.id


def test_parsed_publishers_are_names_not_sentences() -> None:
    for where, text in free_text_sources():
        for citation in parse(text):
            assert len(citation.publisher) <= 60 and ". " not in citation.publisher, where


def test_a_citation_reads_back_from_its_inline_form() -> None:
    every = unique(c for load in TABLES for row in load() for c in row["citations"])
    for citation in every:
        plain = Citation(citation.publisher, citation.title, citation.date, citation.url)
        assert parse(plain.inline()) == [plain]


def test_the_text_form_names_what_is_not_recorded() -> None:
    known = Citation("Yonhap", "Title, with a comma", "2019-12-23", "https://example.org/a")
    assert known.text() == "Yonhap, 'Title, with a comma', 2019-12-23, https://example.org/a"
    untitled = Citation("Korea Herald", "", "2018-07-05")
    assert untitled.text() == "Korea Herald, title not recorded, 2018-07-05, URL not recorded"
    quoted = parse("CNN (opinion), 'Why', 2017-02-19, URL not recorded: 'a quote'; more")
    assert quoted == [Citation("CNN (opinion)", "Why", "2017-02-19", "", "a quote")]

"""Citations: publisher, title, date and address of a source, parsed from and written to text.

Every source in `resources/` is either a structured row (columns publisher, title, source_date,
url) or free text holding one or more citations in one canonical inline form:

    Publisher, 'Title', YYYY[-MM[-DD]] <https://...>          (the address known)
    Publisher, 'Title', YYYY[-MM[-DD]], URL not recorded      (it is not: never invented)
    Publisher, title not recorded, YYYY[-MM[-DD]] <https://...>    (likewise: date not recorded)

optionally followed by `: 'the quoted sentence'`. A citation starts a text, or follows `(`, `; `
or `: `. The caption, the tooltips and Help read sources through this module, so they agree on
what a citation is; a test checks that every address in resources/ sits inside one. Qt-free.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

URL_NOT_RECORDED = "URL not recorded"
TITLE_NOT_RECORDED = "title not recorded"
DATE_NOT_RECORDED = "date not recorded"
#: The publisher of a row that cites no publication (a quantity zero by the model's definition).
BY_DEFINITION = "By definition"

_DATE = r"\d{4}(?:-\d{2}){0,2}"
_CITATION = re.compile(
    r"(?:^|(?<=\()|(?<=; )|(?<=: ))"
    r"(?P<publisher>[A-Za-z][^;:,'<>]*?), (?:'(?P<title>.+?)'|" + TITLE_NOT_RECORDED + r"), "
    r"(?P<date>" + _DATE + "|" + DATE_NOT_RECORDED + r")"
    r"(?:,? <(?P<url>https?://[^>\s]+)>|, " + URL_NOT_RECORDED + r")"
    r"(?:: '(?P<quote>.+?)'(?=$|[;,.)]))?"
)
_ADDRESS = re.compile(r"<(https?://[^>\s]+)>")
#: Names that only mean something inside the project's working folders: never shown to a user.
INTERNAL_NAME = re.compile(
    r"<seed:[^>]*>|\bseed:?\s*0\d\d(?:_[0-9a-f]+)?(?:\.txt)?|\b0\d\d_[0-9a-f]{16}\.txt"
    r"|shared/(?:data|seeds)\b|\.\./shared|README\.md, conflict \d+|\bconflict \d+\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Citation:
    """One published source: who, what, when and where, and the sentence quoted from it."""

    publisher: str
    title: str  # '' when the headline was not recorded
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD, or DATE_NOT_RECORDED
    url: str = ""  # '' when the address was not recorded
    quote: str = ""

    @property
    def is_publication(self) -> bool:
        """False for 'By definition' rows, which a list of sources leaves out."""
        return self.publisher != BY_DEFINITION

    @property
    def key(self) -> str:
        """What makes two citations the same source: the address, else publisher and title."""
        return self.url or f"{self.publisher}|{self.title}"

    @property
    def _title(self) -> str:
        return f"'{self.title}'" if self.title else TITLE_NOT_RECORDED

    def text(self) -> str:
        """The citation as a reader looks it up: publisher, 'title', date, address."""
        return f"{self.publisher}, {self._title}, {self.date}, {self.url or URL_NOT_RECORDED}"

    def inline(self) -> str:
        """The canonical inline form that `parse` reads back."""
        where = f" <{self.url}>" if self.url else f", {URL_NOT_RECORDED}"
        return f"{self.publisher}, {self._title}, {self.date}{where}"

    def with_quote(self) -> str:
        """The citation and, where one exists, the quoted sentence on the next line."""
        return self.text() + (f"\n    '{self.quote}'" if self.quote else "")


def from_row(row: Mapping[str, Any], quote_column: str = "quote") -> Citation:
    """The citation of a structured resource row (publisher, title, source_date, url); a title
    cell 'title not recorded' means no headline is known."""
    title = str(row["title"]).strip()
    return Citation(
        publisher=str(row["publisher"]).strip(),
        title="" if title == TITLE_NOT_RECORDED else title,
        date=str(row["source_date"]).strip(),
        url=str(row.get("url") or "").strip(),
        quote=str(row.get(quote_column) or "").strip(),
    )


def _after_open_bracket(text: str) -> str:
    """The text after its last unclosed '(' : 'Assumption (Reuters (customs)' -> 'Reuters
    (customs)'; a citation inside brackets starts there."""
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] == ")":
            depth += 1
        elif text[index] == "(":
            if depth == 0:
                return text[index + 1 :]
            depth -= 1
    return text


def parse(text: str) -> list[Citation]:
    """Every citation in a free-text source, in order of appearance."""
    return [
        Citation(
            publisher=_after_open_bracket(match["publisher"]).strip(),
            title=match["title"] or "",
            date=match["date"],
            url=match["url"] or "",
            quote=match["quote"] or "",
        )
        for match in _CITATION.finditer(text)
    ]


def uncited_addresses(text: str) -> list[str]:
    """Addresses in a source that no full citation (publisher, title, date) carries."""
    cited = {citation.url for citation in parse(text)}
    return [url for url in _ADDRESS.findall(text) if url not in cited]


def internal_names(text: str) -> list[str]:
    """Project-internal file names in a text a user sees (there must be none)."""
    return [match.group(0) for match in INTERNAL_NAME.finditer(text)]


def unique(citations: Iterable[Citation]) -> list[Citation]:
    """The citations once each (by `key`), first appearance first."""
    seen: dict[str, Citation] = {}
    for citation in citations:
        seen.setdefault(citation.key, citation)
    return list(seen.values())


def completed(citation: Citation, known: Iterable[Citation]) -> Citation:
    """The citation with the title and date another resource records for the same address
    (the record's figures name only publisher and page), else as it is."""
    for other in known:
        if citation.url and other.url == citation.url and other.title:
            return Citation(
                citation.publisher, other.title, other.date, citation.url, citation.quote
            )
    return citation

"""The model's guards for text a user types or pastes (issue 25): one sanitiser for names and
notes, one parser for months, one excerpt for quoted values."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from dprk_explorer.model import Scenario, ScenarioError
from dprk_explorer.model.core.scenario import clean_text, excerpt, parse_integer
from dprk_explorer.model.core.timeline import parse_month

EVERY_CHARACTER = "".join(chr(code) for code in range(sys.maxunicode + 1))
JOINERS = "\u200c\u200d"


def _noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


@pytest.mark.parametrize("multiline", [False, True])
def test_no_control_format_or_reordering_character_survives(multiline: bool) -> None:
    cleaned = clean_text(EVERY_CHARACTER, multiline)
    kept = set(cleaned)
    left = {c for c in kept if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")} - set(
        JOINERS
    )
    assert left == ({"\n", "\t"} if multiline else set())
    assert not any(_noncharacter(c) for c in kept)
    assert clean_text(cleaned, multiline) == cleaned  # what is kept is kept again
    assert "\u202e" not in kept and "\u2066" not in kept and "\u200f" not in kept


def test_ordinary_text_in_any_script_is_kept() -> None:
    for text in (
        "Tight border, 62 %",
        "مرز سخت",  # Persian, and with its zero-width non-joiner below
        "می\u200cخواهم",
        "גבול הדוק",
        "국경 단속",
        "👩\u200d🔬 scientist",
        "R&D <draft> = 1 + 2 @ home",
        "\xa0no-break\u3000space",
    ):
        assert clean_text(text) == text
    assert clean_text("a\r\nb\x0bc\u2028d\te", multiline=True) == "a\nb\nc\nd\te"
    assert clean_text("a\r\nb\x0bc\u2028d\te") == "a b c d e"


def test_every_scenario_keeps_only_clean_names_and_notes() -> None:
    scenario = Scenario.from_mapping({"name": "62\u202e %", "notes": "x\u2066y\x00"})
    assert (scenario.name, scenario.notes) == ("62 %", "xy")
    assert scenario.renamed("a\u200fb", "c\rd").name == "ab"
    assert scenario.renamed("a\u200fb", "c\rd").notes == "c\nd"


@pytest.mark.parametrize(
    "month",
    [
        "2018-0²",
        "2018-0⓽",
        "2018-0፩",
        "２０１８-０６",
        "٢٠١٨-٠٦",
        "۲۰۱۸-۰۶",
        "2018-6",
        "2018-13",
        201806,
    ],
)
def test_a_month_is_written_in_ascii_digits(month: object) -> None:
    assert parse_month(month) is None
    with pytest.raises(ScenarioError, match="is not a month; allowed: a month YYYY-MM in the"):
        Scenario.default().with_step("border_laxity", month, 50)  # type: ignore[arg-type]


def test_a_month_in_ascii_digits_is_read() -> None:
    assert parse_month("2018-06") == "2018-06"
    assert Scenario.default().with_step("border_laxity", "2018-06", 50).schedules


def test_an_excerpt_is_short_whatever_the_value() -> None:
    assert len(excerpt("2" * 900_000)) < 100
    assert excerpt("a\nb") == "'a\\nb'"  # one line
    assert len(excerpt([[[[list(range(10_000))]]]])) < 100


@pytest.mark.parametrize("text", ["２０１９", "٢٠١٩", "2019²", "20 19", "", "-", "1" * 19, "2.0"])
def test_a_whole_number_is_written_in_ascii_digits(text: str) -> None:
    with pytest.raises(ValueError, match="is not a whole number in the digits 0-9"):
        parse_integer(text)


def test_a_whole_number_in_ascii_digits_is_read() -> None:
    assert [parse_integer(t) for t in ("2019", " 300 ", "-20", "+5")] == [2019, 300, -20, 5]

"""Scenario validation: one message naming the key, the value and what is allowed."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given

from dprk_explorer.model import PARAMETERS, Scenario, ScenarioError
from tests.strategies import scenarios


def test_default_scenario_uses_declared_defaults() -> None:
    scenario = Scenario.default()
    for pid, parameter in PARAMETERS.items():
        assert scenario[pid] == parameter.default


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"coal_ban_compliance": 101},
            "key 'coal_ban_compliance' = 101 is out of range; allowed: a number from 0 to 100 %",
        ),
        (
            {"border_laxity": -1},
            "key 'border_laxity' = -1 is out of range; allowed: a number from 0 to 100 %",
        ),
        ({"labour_outsourcing": math.nan}, "key 'labour_outsourcing' = nan is not finite"),
        ({"labour_outsourcing": math.inf}, "key 'labour_outsourcing' = inf is not finite"),
        ({"border_laxity": "high"}, "key 'border_laxity' = 'high' is not a number"),
        ({"border_laxity": True}, "key 'border_laxity' = True is not a number"),
        ({"ban_textiles": 1}, "key 'ban_textiles' = 1 is not allowed; allowed: true or false"),
        (
            {"colour": 3},
            "unknown key 'colour'; allowed keys: name, notes, format_version, branch, schedule, "
            "coal_ban_compliance",
        ),
        ({"format_version": 9}, "key 'format_version' = 9 is not supported; allowed: 1"),
        ({"name": 5}, "key 'name' = 5 is not allowed; allowed: text"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ScenarioError) as error:
        Scenario.default().with_values(changes)
    assert message in str(error.value)


def test_a_bad_change_leaves_the_original_untouched() -> None:
    scenario = Scenario.default()
    with pytest.raises(ScenarioError):
        scenario.with_values({"coal_ban_compliance": 50, "border_laxity": 500})
    assert scenario == Scenario.default()


@given(scenarios())
def test_toml_round_trip_is_exact(scenario: Scenario) -> None:
    named = Scenario.from_mapping(
        scenario.values, name='A "quoted" name', notes="line one\nline two"
    )
    again = Scenario.from_toml_text(named.to_toml())
    assert again == named
    assert dict(again.values) == dict(named.values)


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("coal_ban_compliance = [1, 2]\n", encoding="utf-8")
    with pytest.raises(
        ScenarioError, match=r"bad.toml: key 'coal_ban_compliance' = \[1, 2\] is not a number"
    ):
        Scenario.from_file(bad)
    bad.write_text("coal_ban_compliance = \n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"bad.toml: malformed TOML"):
        Scenario.from_file(bad)
    bad.write_bytes(b"name = '\xff\xfe'\n")
    with pytest.raises(ScenarioError, match=r"bad.toml: is not UTF-8 text"):
        Scenario.from_file(bad)
    bad.write_text("notes = '" + "x" * 1_000_001 + "'\n", encoding="utf-8")
    with pytest.raises(
        ScenarioError,
        match=r"bad.toml: is 1,000,012 bytes; scenario files may be at most 1,000,000",
    ):
        Scenario.from_file(bad)
    with pytest.raises(ScenarioError, match=r"missing.toml: no such file"):
        Scenario.from_file(tmp_path / "missing.toml")
    with pytest.raises(ScenarioError, match=r"is a folder"):
        Scenario.from_file(tmp_path)


def test_sets_parse_text() -> None:
    scenario = Scenario.default().with_sets(["coal_ban_compliance=100", "ban_textiles=true"])
    assert scenario["coal_ban_compliance"] == 100.0
    assert scenario["ban_textiles"] is True
    for bad, message in [
        ("coal_ban_compliance", "is not of the form KEY=VALUE"),
        ("coal_ban_compliance=abc", "'abc' is not a number"),
        ("ban_textiles=maybe", "allowed: true or false"),
        ("nope=1", "unknown key 'nope'"),
    ]:
        with pytest.raises(ScenarioError, match=message):
            Scenario.default().with_sets([bad])


def test_a_dotted_key_bomb_is_refused_quickly(tmp_path: Path) -> None:
    """100,000 key parts in 200 KB would exhaust memory in Python 3.11's TOML parser."""
    bomb = tmp_path / "bomb.toml"
    bomb.write_text("a" + ".a" * 100_000 + " = 1\n", encoding="utf-8")
    with pytest.raises(
        ScenarioError, match=r"bomb.toml: line 1: a key of more than 64 dotted parts"
    ):
        Scenario.from_file(bomb)
    header = tmp_path / "header.toml"
    header.write_text("[" + ".".join(["t"] * 5000) + "]\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="dotted parts"):
        Scenario.from_file(header)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbfborder_laxity = 40\n")
    assert Scenario.from_file(path)["border_laxity"] == 40

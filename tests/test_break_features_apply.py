"""tests/break_features.py's breakages still apply: each entry's text occurs exactly once in its
file and its named tests exist. Without this an entry goes stale silently when the source moves
on (seven had), and a test file that moved makes pytest exit with an error the tool counts as
CAUGHT. Text checks only: nothing is patched or run here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.break_features import Breakage

REPO = Path(__file__).resolve().parents[1]
NAME = "break_features_under_test"


def load() -> ModuleType:
    """The tool as a module (it is not collected: no test_ prefix). Registered in sys.modules
    before it runs, as its dataclass looks its own module up there."""
    spec = importlib.util.spec_from_file_location(NAME, REPO / "tests" / "break_features.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[NAME] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[NAME]
        raise
    return module


BREAKAGES: list[Breakage] = load().BREAKAGES


def test_every_description_is_its_own() -> None:
    """The tool picks entries by a part of their description: two alike would run together."""
    descriptions = [b.description for b in BREAKAGES]
    assert len(set(descriptions)) == len(descriptions)


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda b: b.description[:60])
def test_the_breakage_applies_once_and_names_tests_that_exist(breakage: Breakage) -> None:
    source = REPO / breakage.file
    assert source.is_file(), breakage.file
    count = source.read_text(encoding="utf-8").count(breakage.old)
    assert count == 1, f"old text occurs {count} times in {breakage.file}"
    assert breakage.new != breakage.old
    assert breakage.tests
    for node in breakage.tests:
        path, *names = node.split("::")
        test_file = REPO / path
        assert test_file.is_file(), node
        # A node id's test or class (parameters aside) is defined in its file.
        text = test_file.read_text(encoding="utf-8")
        for name in (n.split("[")[0] for n in names):
            assert f"def {name}(" in text or f"class {name}" in text, node

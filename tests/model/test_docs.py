"""docs/model.md shows the parameters, baseline and presets exactly as declared in resources/."""

from __future__ import annotations

from pathlib import Path

from dprk_explorer.model import PARAMETERS
from dprk_explorer.model.reference.model_page import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "model.md"


def test_generated_tables_are_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert render(text) == text, (
        "run: python -m dprk_explorer.model.reference.model_page docs/model.md"
    )


def test_every_parameter_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for pid in PARAMETERS:
        assert f"`{pid}`" in text

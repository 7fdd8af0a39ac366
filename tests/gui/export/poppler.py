"""Poppler's command-line tools (package poppler-utils) for the PDF tests: page count, text per
page and each page rasterised. Without them a PDF test skips on a developer's machine and fails
in CI (CI set), where .ci/run installs them: a CI run never passes with the PDFs unchecked."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

TOOLS = ("pdfinfo", "pdftotext", "pdftoppm")


def in_ci() -> bool:
    """As tests/conftest.py reads it: CI set to anything."""
    return bool(os.environ.get("CI"))


def require(tool: str) -> str:
    """The tool's path; else a skip, or in CI a failure naming the package to install."""
    path = shutil.which(tool)
    if path is not None:
        return path
    message = f"{tool} (poppler-utils) is not installed: the PDF cannot be checked"
    if in_ci():
        pytest.fail(f"{message}; CI must install poppler-utils (.ci/run does)")
    pytest.skip(message)


def page_count(pdf: Path) -> int:
    out = subprocess.run(
        [require("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    found = re.search(r"^Pages:\s+(\d+)", out, re.M)
    assert found is not None, out
    return int(found.group(1))


def page_text(pdf: Path, number: int) -> str:
    """The text of page `number` (from 1), its lines joined with spaces and its ligatures (the
    PDF's fonts draw "ff" as one glyph) undone."""
    out = subprocess.run(
        [require("pdftotext"), "-f", str(number), "-l", str(number), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return " ".join(unicodedata.normalize("NFKC", out).split())


def rasterise(pdf: Path, dpi: int, prefix: Path) -> list[Path]:
    """Every page as a PNG at `dpi`, in order."""
    subprocess.run(
        [require("pdftoppm"), "-r", str(dpi), "-png", str(pdf), str(prefix)],
        check=True,
        capture_output=True,
    )
    return sorted(prefix.parent.glob(f"{prefix.name}*.png"))

"""Fixtures of the model tests: a copy of resources/ a test may edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dprk_explorer.model.sources.resources import RESOURCE_DIR


@pytest.fixture
def resources(tmp_path: Path) -> Path:
    """A copy of the package's resources/ folder, for a test to break one file of."""
    target = tmp_path / "resources"
    shutil.copytree(RESOURCE_DIR, target)
    return target

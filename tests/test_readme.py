"""The README's quick start stays true: CI runs exactly its test command."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_ci_runs_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)\n```", readme.split("## Quick start")[1], re.S)
    install_and_open, install_and_test = blocks[0], blocks[1]
    assert install_and_open.endswith(".venv/bin/dprk-explorer")
    test_command = install_and_test.split(" && ")[-1]
    assert test_command == ".venv/bin/python -m pytest"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == test_command
    install = install_and_test.split(" && ")[1].replace(".venv/bin/pip install", "")
    assert f".venv/bin/pip install --quiet{install}" in ci  # the same install, quieter

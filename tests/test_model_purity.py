"""The model is pure: importing and evaluating it loads no Qt (a net beside import-linter)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_model_loads_no_qt() -> None:
    code = (
        "import sys, numpy; import model; model.evaluate(model.Scenario.default());"
        "model.evaluate_grid(model.Scenario.default(), numpy.arange(3.0), numpy.arange(3.0));"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'pyqtgraph', 'shiboken6', 'gui'));"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr


def test_model_sources_never_import_qt() -> None:
    for path in (REPO / "model").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for name in ("PySide6", "pyqtgraph", "shiboken6", "from gui", "import gui"):
            assert name not in text, f"{path.name} mentions {name}"

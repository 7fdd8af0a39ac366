"""The model is pure: importing and evaluating it loads no Qt (a net beside import-linter)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_model_loads_no_qt(tmp_path: Path) -> None:
    code = (
        "import sys, numpy; import dprk_explorer.model as m; m.evaluate(m.Scenario.default());"
        "m.evaluate_grid(m.Scenario.default(), numpy.arange(3.0), numpy.arange(3.0));"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in "
        "('PySide6', 'pyqtgraph', 'shiboken6') or n.startswith('dprk_explorer.gui'));"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    # Run outside the repository so the installed package, not the folder, is imported.
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_model_sources_never_import_qt() -> None:
    for path in (REPO / "model").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for name in ("PySide6", "pyqtgraph", "shiboken6", "dprk_explorer.gui"):
            assert name not in text, f"{path.name} mentions {name}"

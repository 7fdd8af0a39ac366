"""Guard the Qt pin: PySide6 6.12.0 on Python 3.11 leaks a reference to None per Qt call that
returns nothing and aborts the interpreter ("none_dealloc") after about 20,000 calls.

Run in a subprocess so the abort fails this test instead of killing the whole suite.
"""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
from PySide6 import QtCore
before = sys.getrefcount(None)
o = QtCore.QObject()
for _ in range(100_000):
    o.setObjectName("x")
leak = sys.getrefcount(None) - before
print(leak)
sys.exit(0 if leak < 1000 else 3)
"""


def test_100k_void_qt_calls_do_not_leak_none() -> None:
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"exit {done.returncode}: {done.stdout} {done.stderr[-500:]}"

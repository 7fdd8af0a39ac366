"""Shared test setup: Qt runs offscreen, so the suite needs no display."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

# Tests never fail on wall-clock time (speed lives in benchmarks/): no hypothesis deadlines.
settings.register_profile("no-deadline", deadline=None)
# CI draws the same examples on every run, so a landing never depends on the luck of the draw;
# developers' runs keep exploring new examples (and the slow fuzz run draws 10,000).
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "no-deadline")

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from dprk_explorer.gui.window import MainWindow

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def qapp():  # type: ignore[no-untyped-def]
    """pytest-qt's application is the app's own: its fonts and focus ring, as users see."""
    from dprk_explorer.gui.application import application

    return application()


def _new_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    from tests.gui_helpers import make_window

    w = make_window(tmp_path)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    """The explorer window on the default scenario, with its own settings file, shown."""
    return _new_window(qtbot, tmp_path)


@pytest.fixture
def fresh_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    """A window of the test's own, in a module whose `window` is the shared one: for what
    happens at construction, closing, or to the settings file a window starts from."""
    return _new_window(qtbot, tmp_path)


@pytest.fixture(scope="module")
def _module_window(qapp: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from tests.shared_window import SharedWindow

    shared = SharedWindow(tmp_path_factory.mktemp("shared-window"))
    yield shared
    shared.window.close()
    shared.window.deleteLater()


@pytest.fixture
def shared_window(_module_window: object, qtbot: QtBot) -> MainWindow:
    """The module's one window, put back to its first state and checked to be there (see
    tests/shared_window.py). A module opts in by defining its `window` fixture as this."""
    from tests.shared_window import SharedWindow

    assert isinstance(_module_window, SharedWindow)
    return _module_window.ready(qtbot)


@pytest.fixture(autouse=True)
def _no_modal_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal question in a test would wait forever offscreen: fail at once instead."""
    from PySide6 import QtWidgets

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError(f"a modal question opened during a test: {args[1:3]}")

    monkeypatch.setattr(QtWidgets.QMessageBox, "question", refuse)


@pytest.fixture(autouse=True)
def _delete_what_a_test_left_for_later() -> Iterator[None]:
    """Objects a test handed to deleteLater (a page's plots, a closed window's parts) are
    deleted as it ends: with no event loop running they piled up, and the next test to spin one
    (waiting for an autosave) paid for every earlier test's scenes at once (~40 s)."""
    yield
    if "PySide6.QtCore" in sys.modules:  # model tests never load Qt
        from PySide6 import QtCore

        if QtCore.QCoreApplication.instance() is not None:
            QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)

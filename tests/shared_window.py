"""One window shared by a test module's tests, put back to its first state before each test and
checked to be there (`fingerprint`): building, showing and closing a window costs ~0.8 s of CPU,
so a module whose tests only read a window or change what `reset` puts back builds one.

A test that needs what happens at construction (settings restored, the first paint, the size
after building, closing or quitting) takes `fresh_window` instead.

The check is what makes the sharing safe: `fingerprint` reads what a user sees and what the
window keeps (scenario, undo history, pins, view choices, settings file, the file open, docks'
layout, every control's value and every label's text, the windows open, the focus); a test that
leaves something `reset` does not put back fails the next test's set-up, loudly, never silently
handing it a changed window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6 import QtCore, QtTest, QtWidgets
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.view_state import View
from dprk_explorer.gui.widgets.analysis_panel import DEFAULT_TARGET_PCT
from dprk_explorer.gui.window import MainWindow
from tests.gui_helpers import make_window, settle


def _value(widget: QtWidgets.QWidget) -> tuple[object, ...]:
    """What the user reads or set in one widget."""
    if isinstance(widget, QtWidgets.QAbstractButton):
        return (widget.text(), widget.isChecked())
    if isinstance(widget, QtWidgets.QAbstractSlider):
        return (widget.minimum(), widget.maximum(), widget.value())
    if isinstance(widget, QtWidgets.QAbstractSpinBox):
        return (widget.text(),)
    if isinstance(widget, QtWidgets.QComboBox):
        return (widget.count(), widget.currentIndex(), widget.currentText())
    if isinstance(widget, QtWidgets.QLineEdit):
        return (widget.text(),)
    if isinstance(widget, QtWidgets.QLabel):
        return (widget.text(), widget.toolTip())
    if isinstance(widget, QtWidgets.QTextEdit | QtWidgets.QPlainTextEdit):
        return (widget.toPlainText(),)
    if isinstance(widget, QtWidgets.QTabBar):
        return (widget.count(), widget.currentIndex())
    if isinstance(widget, QtWidgets.QTableWidget):
        cells = [
            widget.item(r, c).text() if widget.item(r, c) is not None else None
            for r in range(widget.rowCount())
            for c in range(widget.columnCount())
        ]
        return (widget.rowCount(), widget.columnCount(), tuple(cells))
    return ()


def _tree(window: MainWindow) -> dict[str, QtWidgets.QWidget]:
    """Every widget in the window (its own windows apart) by its place in the tree."""
    found: dict[str, QtWidgets.QWidget] = {}

    def walk(widget: QtWidgets.QWidget, path: str) -> None:
        found[path] = widget
        seen: dict[str, int] = {}
        for child in widget.children():
            # The focus ring goes with the focus (compared on its own).
            if (
                isinstance(child, QtWidgets.QWidget)
                and not child.isWindow()
                and not isinstance(child, QtWidgets.QFocusFrame)
            ):
                name = f"{type(child).__name__}:{child.objectName()}"
                seen[name] = seen.get(name, 0) + 1
                walk(child, f"{path}/{name}#{seen[name]}")

    walk(window, "")
    return found


def _widgets(window: MainWindow) -> dict[str, tuple[object, ...]]:
    """Every widget shown, with its value; of a hidden one only that it is hidden (a hidden pin
    row keeps its last pin's text, which no one sees and the next pin replaces)."""
    return {
        path: (True, widget.isEnabled(), *_value(widget))
        if widget.isVisibleTo(window)
        else (False,)
        for path, widget in _tree(window).items()
    }


def _path_of(window: MainWindow, widget: QtWidgets.QWidget | None) -> str | None:
    if widget is None:
        return None
    names = []
    while widget is not None and widget is not window:
        names.append(f"{type(widget).__name__}:{widget.objectName()}")
        widget = widget.parentWidget()
    return "/".join(reversed(names)) if widget is window else "outside the window"


def fingerprint(window: MainWindow) -> dict[str, Any]:
    """What a test could find changed in the window, read from the window itself."""
    state, runner, settings = window.state, window.analysis_runner, window.settings
    assert settings is not None
    settings.sync()
    others = [
        f"{type(w).__name__} {w.windowTitle()!r}"
        for w in QtWidgets.QApplication.topLevelWidgets()
        if w.isVisible() and w is not window
    ]
    panel = window.analysis_dock._panel  # built on first use: then its goal seek is compared
    return {
        "scenario": state.scenario,
        "scenario file": state.scenario.to_toml(),
        "undo": (state.undo_stack.count(), state.undo_stack.index(), state.undo_stack.isClean()),
        "dragging": state._drag_id,
        "evaluation due": state._timer.isActive(),
        "pins": window.pins.pins,
        "pin compared": window.pin_panel.comparison,
        "view": window.view_state.view,
        "analysis": (runner.period, runner.target_pct, runner.is_fresh, runner._held),
        # as at first (unchecked, the first target) or not built yet: the same to a user
        "goal seek": None
        if panel is None
        or (not panel.goal_check.isChecked() and panel.goal_spin.value() == DEFAULT_TARGET_PCT)
        else _value(panel.goal_check) + _value(panel.goal_spin),
        "file": window.files.path,
        "last refusals": (window.files.last_message, window.exporter.last_error),
        "settings": {key: settings.value(key) for key in sorted(settings.allKeys())},
        "title": window.windowTitle(),
        "size": (window.size().width(), window.size().height()),
        "window state": (window.isVisible(), int(window.windowState().value)),
        "layout": bytes(window.saveState().data()),
        "status": window.status.currentMessage(),
        "other windows": others,
        "focus": _path_of(window, QtWidgets.QApplication.focusWidget()),
        "widgets": _widgets(window),
    }


def _compare(now: dict[str, Any], first: dict[str, Any]) -> list[str]:
    differences = [
        f"{key}: {now[key]!r:.300} (first {first[key]!r:.300})"
        for key in first
        if key != "widgets" and now[key] != first[key]
    ]
    # Widgets built after the first state (a dialog's, the analysis panel's) are not compared;
    # every widget there at first must be there still, as it was.
    widgets = now["widgets"]
    differences += [
        f"widget {path}: {widgets.get(path)} (first {value})"
        for path, value in first["widgets"].items()
        if widgets.get(path) != value
    ]
    return differences


def _settled(window: MainWindow, qtbot: QtBot) -> None:
    settle(window, qtbot)
    runner = window.analysis_runner
    qtbot.waitUntil(lambda: runner.is_fresh and not runner._timer.isActive(), timeout=10_000)
    for _ in range(2):  # layouts updated, then what they moved
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.LayoutRequest)
        QtCore.QCoreApplication.processEvents()


def reset(
    window: MainWindow, first: dict[str, Any], focus: QtWidgets.QWidget | None, qtbot: QtBot
) -> None:
    """Put the window back as `first` recorded it, by the means a user has where there is one."""
    for other in QtWidgets.QApplication.topLevelWidgets():
        if other.isVisible() and other is not window:
            other.close()
    state = window.state
    if state._drag_id is not None:
        state.end_drag()
    panel = window.analysis_dock._panel
    if panel is not None:
        panel.goal_check.setChecked(False)
        panel.goal_spin.setValue(DEFAULT_TARGET_PCT)
    window.pins.clear()
    window.levers.applies.setCurrentIndex(0)  # lever edits for all months (a view choice)
    window.view_state.update(**{f: getattr(View(), f) for f in ("period", "bands", "record_shown")})
    if state.scenario != first["scenario"]:
        state.replace(first["scenario"], "reset")
    state.undo_stack.clear()
    window.files.path = None
    window.files.last_message, window.exporter.last_error = first["last refusals"]
    settings = window.settings
    assert settings is not None
    settings.clear()
    for key, value in first["settings"].items():
        settings.setValue(key, value)
    window.assumptions.set_expanded(False)
    window.resize(*first["size"])
    for path, widget in _tree(window).items():
        if isinstance(widget, QtWidgets.QTabBar) and len(first["widgets"].get(path, ())) > 3:
            widget.setCurrentIndex(first["widgets"][path][3])  # the docks' tab in front
    # Restoring a layout that is already there re-lays the docks out (their scroll ranges change).
    if bytes(window.saveState().data()) != first["layout"]:
        window.reset_layout()
    if bytes(window.saveState().data()) != first["layout"]:
        window.restoreState(QtCore.QByteArray(first["layout"]))
    if QtWidgets.QApplication.activeWindow() is not window:  # a closed dialog had it
        window.activateWindow()
        QtTest.QTest.qWaitForWindowActive(window)
    if focus is not None:
        focus.setFocus()
    elif QtWidgets.QApplication.focusWidget() is not None:
        QtWidgets.QApplication.focusWidget().clearFocus()
    _settled(window, qtbot)
    for widget in window.findChildren(QtWidgets.QScrollBar):  # after the focus scrolled to it
        widget.setValue(widget.minimum())
    _settled(window, qtbot)
    window._update_title(state.scenario)
    window.status.clearMessage()


class SharedWindow:
    """The module's window and its first state."""

    def __init__(self, tmp_path: Path) -> None:
        self.window = make_window(tmp_path)
        self.window.show()
        assert QtTest.QTest.qWaitForWindowExposed(self.window)
        self.first: dict[str, Any] | None = None
        self.focus: QtWidgets.QWidget | None = None

    def ready(self, qtbot: QtBot) -> MainWindow:
        """The window as it first was, checked."""
        if self.first is None:
            _settled(self.window, qtbot)
            self.window.status.clearMessage()
            self.first = fingerprint(self.window)
            self.focus = QtWidgets.QApplication.focusWidget()
        else:
            reset(self.window, self.first, self.focus, qtbot)
            differences = _compare(fingerprint(self.window), self.first)
            assert not differences, (
                "the shared window is not back in its first state after the last test: "
                + "; ".join(differences[:4])
                + (f" and {len(differences) - 4} more" if len(differences) > 4 else "")
            )
        return self.window

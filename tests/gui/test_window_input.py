"""Input that must not change work without asking (issue 27, items 1-6): the wheel over a
control without focus, Tab on a hidden tab, the window's shortcuts in a text field, the file a
preset leaves, undo of the branch marker, and what a branch of the record replaces."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import PRESETS
from tests.gui_helpers import settle


@pytest.fixture
def window(shared_window: MainWindow) -> MainWindow:
    """One window for the module, reset and checked before each test (tests/shared_window.py)."""
    return shared_window


def wheel(widget: QtWidgets.QWidget, notches: int = -1) -> None:
    """A mouse-wheel turn over the middle of `widget`, as the window system sends it."""
    middle = QtCore.QPointF(widget.rect().center())
    event = QtGui.QWheelEvent(
        middle,
        QtCore.QPointF(widget.mapToGlobal(middle.toPoint())),
        QtCore.QPoint(0, 0),
        QtCore.QPoint(0, 120 * notches),
        QtCore.Qt.MouseButton.NoButton,
        QtCore.Qt.KeyboardModifier.NoModifier,
        QtCore.Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QtWidgets.QApplication.sendEvent(widget, event)


def test_the_wheel_scrolls_the_dock_and_changes_no_control_without_focus(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.assumptions.set_expanded(True)
    qtbot.wait(10)
    scroll = window.controls_dock.widget()
    assert isinstance(scroll, QtWidgets.QScrollArea)
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0
    scenario = window.state.scenario
    controls = [
        window.presets.combo,
        window.levers.branch,
        window.levers.rows["border_laxity"].spin,
        window.levers.rows["border_laxity"].slider,
        window.assumptions.fields["smuggling_discount_pct"],
    ]
    for control in controls:
        assert control.focusPolicy() != QtCore.Qt.FocusPolicy.WheelFocus, control
        before = bar.value()
        wheel(control)
        assert not control.hasFocus()
        assert window.state.scenario == scenario, f"the wheel changed {control.objectName()}"
        assert bar.value() > before, f"the dock did not scroll over {control.objectName()}"
        bar.setValue(0)
    # With the focus, the wheel is the control's: one notch down is one step down.
    spin = window.levers.rows["border_laxity"].spin
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    wheel(spin)
    settle(window, qtbot)
    assert window.state.scenario["border_laxity"] == scenario["border_laxity"] - 1


def test_tab_never_reaches_the_hidden_tab(fresh_window: MainWindow, qtbot: QtBot) -> None:
    window = fresh_window  # raising the Analysis tab moves the docks' layout for good
    window.analysis_dock.raise_()
    window.analysis  # noqa: B018 - built, as after a first look at the Analysis tab
    window.controls_dock.raise_()
    qtbot.wait(10)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    reached = []
    for _ in range(80):
        window.focusNextChild()
        widget = QtWidgets.QApplication.focusWidget()
        if widget is None or widget in reached:
            break
        reached.append(widget)
    assert window.levers.rows["border_laxity"].spin in reached
    hidden = [w for w in reached if window.analysis_dock.isAncestorOf(w)]
    assert not hidden, f"Tab reached the hidden Analysis tab: {hidden}"
    # The Analysis tab in front: Tab reaches its controls, and not the hidden Controls.
    window.analysis_dock.raise_()
    qtbot.wait(10)
    window.analysis.goal_check.setFocus()
    reached = []
    for _ in range(80):
        window.focusNextChild()
        widget = QtWidgets.QApplication.focusWidget()
        if widget is None or widget in reached:
            break
        reached.append(widget)
    assert window.analysis.goal_spin in reached
    assert not [w for w in reached if window.controls_dock.isAncestorOf(w)]


class X11TextKeys(QtCore.QObject):
    """What a text field does on X11 (Emacs-style moves: Ctrl+E to the end, Ctrl+B back a
    character): it claims those keys before any shortcut. The offscreen platform's key scheme
    binds neither, so the tests give the fields X11's claim."""

    CLAIMED = (QtCore.Qt.Key.Key_E, QtCore.Qt.Key.Key_B)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if (
            event.type() == QtCore.QEvent.Type.ShortcutOverride
            and isinstance(event, QtGui.QKeyEvent)
            and event.key() in self.CLAIMED
            and event.modifiers() == QtCore.Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            return True
        return False


def test_ctrl_e_exports_while_the_scenario_name_has_the_focus(
    window: MainWindow, qtbot: QtBot
) -> None:
    claim = X11TextKeys(window)
    window.scenario_fields.name.installEventFilter(claim)
    window.scenario_fields.notes.installEventFilter(claim)
    asked: list[str] = []
    window.exporter.export_figure_dialog = asked.append  # type: ignore[method-assign]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    name = window.scenario_fields.name
    name.setFocus()
    qtbot.waitUntil(name.hasFocus)
    name.setText("My scenario")
    name.setCursorPosition(0)
    qtbot.keyClick(name, QtCore.Qt.Key.Key_E, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert asked == ["brief"]
    assert name.text() == "My scenario"  # no character typed
    # The field keeps its own keys: Ctrl+A selects its text, End moves its cursor.
    qtbot.keyClick(name, QtCore.Qt.Key.Key_A, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert name.selectedText() == "My scenario"
    qtbot.keyClick(name, QtCore.Qt.Key.Key_End)
    assert name.cursorPosition() == len("My scenario")
    # Ctrl+B (bands) too, from the notes.
    window.scenario_fields.notes.setFocus()
    qtbot.waitUntil(window.scenario_fields.notes.hasFocus)
    bands = window.view_state.view.bands
    control = QtCore.Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window.scenario_fields.notes, QtCore.Qt.Key.Key_B, control)
    assert window.view_state.view.bands is not bands


def test_a_preset_unties_the_window_from_the_file_it_opened(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch
) -> None:
    file = tmp_path / "mine.toml"
    file.write_text('name = "Mine"\nborder_laxity = 40\n', encoding="utf-8")
    assert window.files.open_path(file)
    assert window.files.path == file
    assert "mine.toml" in window.windowTitle()
    combo = window.presets.combo
    combo.setCurrentIndex(combo.findData("china_2017_suspension"))
    combo.activated.emit(combo.currentIndex())
    assert window.files.path is None
    assert "mine.toml" not in window.windowTitle()
    asked: list[str] = []

    def save_as(*args: object, **kwargs: object) -> tuple[str, str]:
        asked.append(str(args[2]))
        return "", ""  # cancelled

    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", save_as)
    window.files.save_action.trigger()
    assert len(asked) == 1  # Save asks where: it would have overwritten mine.toml
    assert file.read_text(encoding="utf-8") == 'name = "Mine"\nborder_laxity = 40\n'


def test_undo_of_a_marker_drag_puts_applies_back_with_the_branch(
    window: MainWindow, qtbot: QtBot
) -> None:
    from tests.gui.test_window_record import _marker_at

    levers = window.levers
    levers.branch.setCurrentIndex(levers.branch.findData("2018-06"))
    levers.branch.activated.emit(levers.branch.currentIndex())
    assert levers.applies.currentText() == "from 2018-06 on"
    timeline = window.timeline
    timeline.branchDragging.emit(True)
    _marker_at(window, "2019-03")
    timeline.branchDragging.emit(False)
    settle(window, qtbot)
    assert levers.applies.currentText() == "from 2019-03 on"
    window.state.undo_stack.undo()
    settle(window, qtbot)
    assert window.state.scenario.branch == "2018-06"
    assert levers.applies.currentText() == "from 2018-06 on"
    window.state.undo_stack.undo()
    settle(window, qtbot)
    assert window.state.scenario.branch is None
    assert levers.applies.currentText() == "for all months"


def test_a_branch_from_a_stylised_scenario_says_the_record_s_later_bans_are_lifted(
    window: MainWindow, qtbot: QtBot
) -> None:
    levers = window.levers
    assert not levers.branch_note.isVisible()
    levers.branch.setCurrentIndex(levers.branch.findData("2017-01"))
    levers.branch.activated.emit(levers.branch.currentIndex())
    settle(window, qtbot)
    note = levers.branch_note.text()
    assert levers.branch_note.isVisible()
    assert "From 2017-01 your settings replace the record's" in note
    assert "lifted" in note and "textiles" in note.lower(), note
    assert "lifted" in window.status.currentMessage()
    # From the record itself nothing is lifted: no warning.
    window.state.replace(PRESETS["record"].scenario, "Apply preset 'record'")
    levers.branch.setCurrentIndex(levers.branch.findData("2017-01"))
    levers.branch.activated.emit(levers.branch.currentIndex())
    settle(window, qtbot)
    assert not levers.branch_note.isVisible()

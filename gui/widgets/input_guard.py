"""Input that must not change work without asking, guarded once for the whole application.

- The mouse wheel changes a value control (combo box, spin box, slider) only while it has the
  keyboard focus: scrolling a dock over one scrolls the dock. One notch over Preset used to
  replace the whole scenario. The wheel never gives such a control the focus either (a control
  that took the focus on a wheel event would then take the next notch).
- The window's own shortcuts (Ctrl+E, Ctrl+B, Ctrl+S ...) work while a text field has the
  focus: a line edit claims Ctrl+E and Ctrl+B for its Emacs-style cursor moves (End and Left do
  the same), so the shortcut did nothing while the scenario's name was being edited.

One event filter on the application (`InputGuard.install`): every control, built now or later
(the Analysis panel and the advanced form are built on first use), is covered the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6 import QtCore, QtGui, QtWidgets

#: Controls whose value the wheel changes.
VALUE_CONTROLS = (QtWidgets.QComboBox, QtWidgets.QAbstractSpinBox, QtWidgets.QAbstractSlider)
#: Controls that take text, and claim some Ctrl+letter keys for cursor moves.
TEXT_FIELDS = (
    QtWidgets.QLineEdit,
    QtWidgets.QAbstractSpinBox,
    QtWidgets.QPlainTextEdit,
    QtWidgets.QTextEdit,
)

#: Looked up once: a Qt module's attribute costs more than the filter's own test.
SHORTCUT_OVERRIDE = QtCore.QEvent.Type.ShortcutOverride
POLISH = QtCore.QEvent.Type.Polish
WHEEL_EVENT, KEY_EVENT, PLAIN_EVENT = QtGui.QWheelEvent, QtGui.QKeyEvent, QtCore.QEvent


def _value_control(widget: QtCore.QObject) -> QtWidgets.QWidget | None:
    """The value control `widget` is, or belongs to (a combo box's line edit), or None.
    A scroll bar is how one scrolls: it is no value control here."""
    if isinstance(widget, QtWidgets.QScrollBar) or not isinstance(widget, QtWidgets.QWidget):
        return None
    if isinstance(widget, VALUE_CONTROLS):
        return widget
    parent = widget.parentWidget()  # a combo box's or spin box's own line edit
    if isinstance(widget, QtWidgets.QLineEdit) and isinstance(parent, VALUE_CONTROLS):
        return parent
    return None


def no_wheel_focus(widget: QtCore.QObject) -> None:
    """A value control takes the focus by click or Tab, never by the wheel (Qt gives a
    wheel-focus control the focus before any event filter sees the wheel)."""
    if (
        isinstance(widget, VALUE_CONTROLS)
        and widget.focusPolicy() == QtCore.Qt.FocusPolicy.WheelFocus
    ):
        widget.setFocusPolicy(QtCore.Qt.FocusPolicy.StrongFocus)


def _scroll_area(widget: QtWidgets.QWidget) -> QtWidgets.QAbstractScrollArea | None:
    """The nearest scroll area that holds `widget` (not one that `widget` is)."""
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QtWidgets.QAbstractScrollArea) and not isinstance(
            parent, VALUE_CONTROLS
        ):
            return parent
        parent = parent.parentWidget()
    return None


class InputGuard(QtCore.QObject):
    """The application's event filter for the wheel and the window's shortcuts."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._shortcuts: list[QtGui.QKeySequence] = []

    @classmethod
    def install(cls, owner: QtWidgets.QWidget) -> InputGuard:
        """Filter every event of the application while `owner` (the window) lives; its
        controls polished already get their focus policy now, later ones when polished."""
        guard = cls(owner)
        app = QtWidgets.QApplication.instance()
        if app is not None:
            app.installEventFilter(guard)
        for widget in owner.findChildren(QtWidgets.QWidget):
            no_wheel_focus(widget)
        return guard

    def keep_shortcuts(self, actions: Iterable[QtGui.QAction]) -> None:
        """These actions' shortcuts win over a text field's own use of the same keys (none of
        them types a character)."""
        self._shortcuts = [s for a in actions for s in a.shortcuts() if not s.isEmpty()]

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        # Every event of the application passes here (~40 a slider step): sorted by the
        # event's class first, as reading its type makes a Python enum (~1 us an event).
        # Only a wheel event is a QWheelEvent, a shortcut override a QKeyEvent, and a
        # polish a plain QEvent, which matters to a value control alone.
        kind = type(event)
        if kind is WHEEL_EVENT:
            return self._wheel(watched, event)
        if kind is KEY_EVENT:
            if event.type() == SHORTCUT_OVERRIDE and isinstance(watched, TEXT_FIELDS):
                return self._shortcut(event)
        elif kind is PLAIN_EVENT and isinstance(watched, VALUE_CONTROLS):
            if event.type() == POLISH:
                no_wheel_focus(watched)
        return False

    def _wheel(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        control = _value_control(watched)
        if control is None or control.hasFocus():
            return False
        area = _scroll_area(control)
        if area is not None:  # the dock under the pointer scrolls instead
            QtCore.QCoreApplication.sendEvent(area.viewport(), event)
        return True

    def _shortcut(self, event: QtCore.QEvent) -> bool:
        """True (not accepted): the key goes to the shortcut, not the field."""
        if not isinstance(event, QtGui.QKeyEvent):
            return False
        pressed = QtGui.QKeySequence(event.keyCombination())
        return any(
            pressed.matches(s) == QtGui.QKeySequence.SequenceMatch.ExactMatch
            for s in self._shortcuts
        )

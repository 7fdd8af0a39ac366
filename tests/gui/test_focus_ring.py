"""Keyboard focus is visible on every Tab stop (issue 16, part 9): walking the window's focus
chain, each control drawn with the focus has a ring round it that it has not without."""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui.palette import FOCUS_RING_PX
from dprk_explorer.gui.plots.base import StyledPlot

MARGIN_PX = FOCUS_RING_PX + 2


def show_in_scroll_areas(widget: QtWidgets.QWidget) -> None:
    """Scroll `widget` into view, as each scroll area round it does when Tab reaches it
    (QScrollArea.focusNextPrevChild; focusNextChild on the window goes past them)."""
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QtWidgets.QScrollArea) and child is not widget:
            parent.ensureWidgetVisible(widget)
        child, parent = parent, parent.parentWidget()


def around(widget: QtWidgets.QWidget) -> QtGui.QImage:
    """The widget and a margin round it, as drawn in its parent (where a ring would be)."""
    parent = widget.parentWidget()
    rect = widget.geometry().adjusted(-MARGIN_PX, -MARGIN_PX, MARGIN_PX, MARGIN_PX)
    QtWidgets.QApplication.processEvents()
    return parent.grab(rect).toImage().convertToFormat(QtGui.QImage.Format.Format_RGB32)


def ring_pixels(focused: QtGui.QImage, unfocused: QtGui.QImage) -> int:
    """Pixels that differ in the margin outside the widget itself: a ring, not a text cursor
    or a native highlight inside the widget."""
    inner = QtCore.QRect(
        MARGIN_PX, MARGIN_PX, focused.width() - 2 * MARGIN_PX, focused.height() - 2 * MARGIN_PX
    )
    count = 0
    for y in range(focused.height()):
        for x in range(focused.width()):
            if not inner.contains(x, y) and focused.pixel(x, y) != unfocused.pixel(x, y):
                count += 1
    return count


def test_every_tab_stop_shows_a_focus_ring(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    stops: list[QtWidgets.QWidget] = []
    unringed = []
    for _ in range(80):
        window.focusNextChild()
        widget = QtWidgets.QApplication.focusWidget()
        if widget is None or widget in stops:
            break
        stops.append(widget)
        show_in_scroll_areas(widget)
        frame = window.findChild(QtWidgets.QFocusFrame, "focusRing")
        assert frame is not None
        ringed = frame.widget()  # the widget, or the ancestor it fills (a dock's scroll area)
        assert ringed is widget or ringed.isAncestorOf(widget)
        focused = around(ringed)
        widget.clearFocus()
        qtbot.waitUntil(lambda w=widget: not w.hasFocus())
        unfocused = around(ringed)
        perimeter = 2 * (focused.width() + focused.height())
        if ring_pixels(focused, unfocused) < perimeter:
            unringed.append(f"{type(widget).__name__} {widget.objectName()!r}")
        widget.setFocus(QtCore.Qt.FocusReason.TabFocusReason)  # walk on from here
    kinds = {type(w).__name__ for w in stops}
    assert len(stops) >= 12, [type(w).__name__ for w in stops]
    assert {"QSlider", "QPushButton", "QComboBox", "QDoubleSpinBox", "QLineEdit"} <= kinds
    assert not any(isinstance(w, StyledPlot) for w in stops)  # plots take no keys
    assert not unringed, f"no visible focus on: {unringed}"


def test_the_ring_follows_focus_into_a_new_window_after_the_old_one_closed(qtbot):
    from dprk_explorer.gui.application import application

    application()
    for _ in range(2):  # the second dialog's ring is made again: the first went with its window
        dialog = QtWidgets.QDialog()
        qtbot.addWidget(dialog)
        layout = QtWidgets.QVBoxLayout(dialog)
        button = QtWidgets.QPushButton("OK")
        layout.addWidget(QtWidgets.QLineEdit())
        layout.addWidget(button)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        button.setFocus(QtCore.Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(button.hasFocus)
        frame = dialog.findChild(QtWidgets.QFocusFrame)
        assert frame is not None and frame.isVisible() and frame.widget() is button
        dialog.close()
        dialog.deleteLater()
        qtbot.waitUntil(lambda d=dialog: not d.isVisible())

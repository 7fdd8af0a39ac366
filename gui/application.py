"""The one QApplication, for the window and for the headless commands alike.

Headless commands (`export`, `--screenshot`) import this module, never the window: drawing a
figure needs an application, not the window's graph of widgets.
"""

from __future__ import annotations

import os
import sys

import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui.palette import FOCUS_RING_STYLE_SHEET, configure_pyqtgraph
from dprk_explorer.gui.text.names import APP_TITLE, PROGRAM


def use_offscreen_without_display() -> None:
    """With no display at all, draw offscreen instead of failing to connect to one; the
    headless commands (`export`, `--screenshot`) then print none of its platform chatter."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
        QtCore.qInstallMessageHandler(_message)


#: Qt platform messages that say nothing to a user: the offscreen platform (headless
#: screenshots and exports) cannot resize a window to its size hints or raise it.
QUIET_MESSAGES = (
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",
)


def _message(mode: QtCore.QtMsgType, context: QtCore.QMessageLogContext, text: str) -> None:
    if text in QUIET_MESSAGES:
        return
    sys.stderr.write(text + "\n")


def application() -> QtWidgets.QApplication:
    """The running QApplication, made and configured on the first call."""
    app = QtWidgets.QApplication.instance()
    if isinstance(app, QtWidgets.QApplication):
        return app
    app = QtWidgets.QApplication(sys.argv[:1])
    app.setOrganizationName(PROGRAM)
    app.setApplicationName(PROGRAM)
    app.setApplicationDisplayName(APP_TITLE)
    app.aboutToQuit.connect(release_offscreen_clipboard)
    FocusRing(app)
    configure_pyqtgraph()
    return app


class FocusRing(QtCore.QObject):
    """A ring round whichever control has the keyboard focus, in every window.

    The desktop style marks focus on some controls only (a spin box's frame, but not a slider,
    button or combo box in Fusion), so a keyboard user loses track. Qt's QFocusFrame follows a
    widget, on top of its siblings and transparent to the mouse; its own FOCUS_RING_STYLE_SHEET
    draws it (the palette's highlight, readable in a light or dark theme). One frame moves from
    control to control; it is made again if the window it was in has gone.
    """

    def __init__(self, app: QtWidgets.QApplication) -> None:
        super().__init__(app)
        self._frame: QtWidgets.QFocusFrame | None = None
        app.focusChanged.connect(self.follow)

    @property
    def frame(self) -> QtWidgets.QFocusFrame | None:
        """The frame, while its window lives."""
        if self._frame is not None and not shiboken6.isValid(self._frame):
            self._frame = None
        return self._frame

    def follow(self, old: QtWidgets.QWidget | None, new: QtWidgets.QWidget | None) -> None:
        frame = self.frame
        if new is None or new.parentWidget() is None:  # no focus, or a window itself
            if frame is not None:
                frame.setWidget(None)  # type: ignore[arg-type]  # Qt: no widget, hidden
            return
        if frame is None:
            frame = self._frame = QtWidgets.QFocusFrame()
            frame.setObjectName("focusRing")
            frame.setStyleSheet(FOCUS_RING_STYLE_SHEET)
        frame.setWidget(ringed(new))


def ringed(widget: QtWidgets.QWidget) -> QtWidgets.QWidget:
    """The widget the focus ring goes round: `widget`, or, if it fills its parent (a dock's
    scroll area), the nearest ancestor with room round it, where the ring is not clipped away."""
    while True:
        parent = widget.parentWidget()
        if parent is None or parent.parentWidget() is None:
            return widget
        if not widget.geometry().contains(parent.rect()):
            return widget
        widget = parent


def release_offscreen_clipboard() -> None:
    """Qt's offscreen platform (headless runs, CI) crashes at interpreter exit while its clipboard
    holds mime data made in Python; real platforms keep the copy for the user after exit."""
    if QtGui.QGuiApplication.platformName() == "offscreen":
        QtGui.QGuiApplication.clipboard().clear()

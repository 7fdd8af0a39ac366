"""The one QApplication, for the window and for the headless commands alike.

Headless commands (`export`, `--screenshot`) import this module, never the window: drawing a
figure needs an application, not the window's graph of widgets.
"""

from __future__ import annotations

import os
import sys

from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui.palette import STYLE_SHEET, configure_pyqtgraph
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
    app.setStyleSheet(STYLE_SHEET)
    configure_pyqtgraph()
    return app


def release_offscreen_clipboard() -> None:
    """Qt's offscreen platform (headless runs, CI) crashes at interpreter exit while its clipboard
    holds mime data made in Python; real platforms keep the copy for the user after exit."""
    if QtGui.QGuiApplication.platformName() == "offscreen":
        QtGui.QGuiApplication.clipboard().clear()

"""No silent deaths: every exception that reaches Qt's event loop (a slot, a paint) is logged to
a file in the application-data folder and shown in a dialog, and the app keeps running."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6 import QtCore, QtWidgets

LOGGER = logging.getLogger("dprk_explorer")


def configure_log(path: Path) -> None:
    if any(getattr(h, "baseFilename", None) == str(path) for h in LOGGER.handlers):
        return
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)


class ExceptionReporter(QtCore.QObject):
    """Installed as sys.excepthook while the window runs."""

    def __init__(self, log_path: Path, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.parent_widget = parent
        self.dialogs: list[QtWidgets.QMessageBox] = []
        configure_log(log_path)
        self._previous = sys.excepthook

    def install(self) -> None:
        sys.excepthook = self.handle

    def uninstall(self) -> None:
        sys.excepthook = self._previous

    def handle(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        text = "".join(traceback.format_exception(kind, error, trace))
        LOGGER.error("Unhandled exception\n%s", text)
        if isinstance(error, KeyboardInterrupt):
            QtWidgets.QApplication.quit()
            return
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Critical,
            "Something went wrong",
            f"{kind.__name__}: {error}\n\nThe explorer keeps running; your scenario is "
            f"unchanged. The details were written to {self.log_path}.",
            QtWidgets.QMessageBox.StandardButton.Ok,
            self.parent_widget,
        )
        box.setDetailedText(text)
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): the event loop, and the app, keep running
        self.dialogs.append(box)
        box.finished.connect(lambda _result, b=box: self.dialogs.remove(b))

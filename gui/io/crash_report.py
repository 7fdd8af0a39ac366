"""No silent deaths: every exception that reaches Qt's event loop (a slot, a paint) is logged to
a file in the application-data folder and shown in a dialog, and the app keeps running.

At most one dialog is open: errors raised while it is (a paint that fails on every frame) are
counted into it and logged, never a dialog each (21,000 dialogs took 6.2 GB). A log that cannot
be opened (a read-only folder or file) leaves the reporter working without one."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6 import QtCore, QtWidgets

from dprk_explorer.gui.plain_text import auto_text, message_box

LOGGER = logging.getLogger("dprk_explorer")


def configure_log(path: Path) -> str:
    """Log to `path`; "" or why not (then nothing is logged to a file)."""
    if any(getattr(h, "baseFilename", None) == str(path) for h in LOGGER.handlers):
        return ""
    try:
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as error:
        return (
            f"the log {path} cannot be written ({error.strerror or error}); errors are shown only"
        )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    LOGGER.addHandler(handler)
    LOGGER.setLevel(logging.INFO)
    return ""


class ExceptionReporter(QtCore.QObject):
    """Installed as sys.excepthook while the window runs."""

    def __init__(self, log_path: Path, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.parent_widget = parent
        self.dialogs: list[QtWidgets.QMessageBox] = []
        #: Errors since the open dialog was shown, counted into it rather than shown each.
        self.repeats = 0
        self.log_problem = configure_log(log_path)
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
        if self.dialogs:  # one dialog at a time: count this one into it
            self.repeats += 1
            box = self.dialogs[0]
            box.setInformativeText(
                auto_text(
                    f"{self.repeats:,} more error{'s' if self.repeats > 1 else ''} since this one"
                    + (f"; see {self.log_path}." if not self.log_problem else ".")
                )
            )
            return
        where = (
            f"The details were written to {self.log_path}."
            if not self.log_problem
            else "The details are below (no log file could be written)."
        )
        box = message_box(  # an error's text may quote a file or a name
            QtWidgets.QMessageBox.Icon.Critical,
            "Something went wrong",
            f"{kind.__name__}: {str(error)[:2000]}\n\nThe explorer keeps running; your scenario "
            f"is unchanged. {where}",
            QtWidgets.QMessageBox.StandardButton.Ok,
            self.parent_widget,
        )
        box.setDetailedText(text[-20_000:])
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): the event loop, and the app, keep running
        self.dialogs.append(box)
        self.repeats = 0
        box.finished.connect(lambda _result, b=box: self.dialogs.remove(b))

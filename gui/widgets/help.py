"""Help inside the installed app: the model's documentation rendered from the shipped docs/."""

from __future__ import annotations

import importlib.resources

from PySide6 import QtCore, QtWidgets

#: The documents Help opens, by file name in docs/ (shipped as dprk_explorer.docs).
MODEL_DOC = "model.md"
VALIDATION_DOC = "validation.md"


def doc_text(name: str) -> str:
    """A shipped document's Markdown, or a line saying it is missing from this installation."""
    try:
        return (importlib.resources.files("dprk_explorer.docs") / name).read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError):
        return f"# {name}\n\nThis document is not part of this installation."


class DocumentWindow(QtWidgets.QDialog):
    """A Markdown document in a scrolling, searchable-by-eye browser; links open outside."""

    def __init__(self, title: str, name: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("documentWindow")
        self.browser = QtWidgets.QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setMarkdown(doc_text(name))
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        width = min(900, screen.width() - 80) if screen is not None else 900
        height = min(700, screen.height() - 80) if screen is not None else 700
        self.resize(QtCore.QSize(width, height))

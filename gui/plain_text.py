"""Text from users and files is shown as text, never run as markup.

Qt guesses: a QLabel, a QMessageBox and every tooltip render their text as HTML when its first
line looks like markup (Qt.mightBeRichText), and pyqtgraph's legends always do. A scenario key,
pin name or record rationale `<img src="/dev/zero">` then had Qt read the device until memory
ran out, and `<img src=...>` read any local file. So every widget that shows a name, notes, a
path or a message quoting a file takes its text through here:

- `plain_label` and `message_box`: the label or dialog is set to Qt.PlainText;
- `auto_text`: for the places Qt guesses the format itself (tooltips, a message box's
  informative text), text Qt would take for markup is escaped and wrapped: it reads as written;
- `legend_text`: a legend entry (pyqtgraph renders it as HTML), escaped.

Text the program writes as markup on purpose (a bold lever title, the first-run hint) is built
from its own wording and sets RichText itself.
"""

from __future__ import annotations

import html
from typing import TypeVar

from PySide6 import QtCore, QtGui, QtWidgets


def escaped(text: str) -> str:
    """`text` as HTML that displays exactly `text` (line breaks kept)."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def auto_text(text: str) -> str:
    """`text` for setToolTip, QToolTip.showText or any other place Qt guesses the format of,
    displayed as written."""
    if not QtGui.Qt.mightBeRichText(text):
        return text
    return f"<p style='white-space:pre-wrap'>{escaped(text)}</p>"


def legend_text(text: str) -> str:
    """A legend entry's name for pyqtgraph, which renders it as HTML."""
    return html.escape(text, quote=False)


Label = TypeVar("Label", bound=QtWidgets.QLabel)


def plain_label(label: Label) -> Label:
    """`label`, set to show its text as plain text whatever it holds."""
    label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    return label


def message_box(
    icon: QtWidgets.QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QtWidgets.QMessageBox.StandardButton,
    parent: QtWidgets.QWidget | None,
) -> QtWidgets.QMessageBox:
    """A message box showing `text` as plain text, wrapped (a plain label would not wrap)."""
    box = QtWidgets.QMessageBox(icon, title, "", buttons, parent)
    box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    box.setText(text)
    label = box.findChild(QtWidgets.QLabel, "qt_msgbox_label")
    if label is not None:
        label.setWordWrap(True)
    return box

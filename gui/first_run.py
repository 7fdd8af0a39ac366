"""The first-run hint above the plots: what the levers do and where the question is answered,
shown until the analyst dismisses it (remembered in the settings)."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from dprk_explorer.gui import palette

KEY_HINT_SEEN = "help/first_run_hint_seen"
FIRST_RUN_HINT = (
    "<b>Start here.</b> The levers on the left set how strictly China enforces the coal ban, "
    "how lax its border is and how much North Korean labour it takes. The strip above the "
    "plots answers the question: how much coal revenue the ban costs Pyongyang, and how much "
    "smuggling, unbanned exports and labour win back. Hover any control or number for its "
    "meaning and source; Help → Start here (F1) explains each plot in plain words."
)


class FirstRunHint(QtWidgets.QFrame):
    """The hint and its "Got it" button; hidden for good once dismissed (no settings: hidden,
    as in screenshots and benchmarks)."""

    def __init__(self, settings: QtCore.QSettings | None) -> None:
        super().__init__()
        self.settings = settings
        self.setObjectName("firstRunHint")
        self.setStyleSheet(palette.FIRST_RUN_STYLE_SHEET)
        text = QtWidgets.QLabel(FIRST_RUN_HINT)
        text.setWordWrap(True)
        text.setTextFormat(QtCore.Qt.TextFormat.RichText)
        close = QtWidgets.QPushButton("Got it")
        close.setObjectName("hintClose")
        close.setToolTip("Hide this hint for good (it stays hidden next time)")
        close.clicked.connect(self.dismiss)
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(text, 1)
        row.addWidget(close, 0, QtCore.Qt.AlignmentFlag.AlignVCenter)
        seen = settings is None or bool(settings.value(KEY_HINT_SEEN, False, type=bool))
        self.setVisible(not seen)

    def dismiss(self) -> None:
        self.hide()
        if self.settings is not None:
            self.settings.setValue(KEY_HINT_SEEN, True)

"""Text that changes on every slider step, drawn without asking the window to lay out again.

A QLabel asks for a new layout on every setText (its size hint may have changed); on the
slider-to-plot path that costs about 2 ms a step for the headline strip's changing lines and
about 1 ms for a lever's schedule (perf on benchmarks/gui_latency.py).
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui.text.format import UNIT_WORDS

ELIDE_RIGHT = QtCore.Qt.TextElideMode.ElideRight


def words(text: str) -> list[str]:
    """The text's words, each number with its unit ('$13.58 bn' is one word)."""
    out: list[str] = []
    for word in text.split(" "):
        if out and word in UNIT_WORDS:
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    return out


def wrapped(text: str, metrics: QtGui.QFontMetrics, width: int, lines: int) -> list[str] | None:
    """`text` broken between words into at most `lines` lines no wider than `width`, or None
    if it does not fit so."""
    shown: list[str] = []
    for word in words(text):
        joined = f"{shown[-1]} {word}" if shown else word
        if shown and metrics.horizontalAdvance(joined) <= width:
            shown[-1] = joined
        elif metrics.horizontalAdvance(word) <= width and len(shown) < lines:
            shown.append(word)
        else:
            return None
    return shown


class LiveText(QtWidgets.QWidget):
    """Text that changes on every slider step, on `lines` lines: set, it only repaints.

    A QLabel asks the window to lay itself out again on every setText (its size hint may have
    changed), and a selectable one rebuilds a text document: together about 2 ms a step for the
    strip's eight changing lines (perf on benchmarks/gui_latency.py). This one has a fixed
    height, draws its text whole if it fits its width (broken between words over its lines),
    else its shorter wording (`setText(text, shorter)`), else elided; and copies the whole text
    from its context menu.
    """

    def __init__(self, text: str, object_name: str, template: str, lines: int = 1) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self._text = text
        self._shorter = ""
        self._template = template  # the text its width is hinted from
        self.lines = lines
        self.full_width = False  # True: never narrower than the template (never elided)
        self._shown_key: tuple[object, ...] | None = None
        self._shown: list[str] = []
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Fixed
        )
        copy = QtGui.QAction("Copy", self)
        copy.triggered.connect(self._copy)
        self.addAction(copy)
        self.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.ActionsContextMenu)

    def text(self) -> str:
        return self._text

    def setText(self, text: str, shorter: str = "") -> None:
        """The text, and a shorter wording of it drawn when the text does not fit."""
        if text != self._text or shorter != self._shorter:
            self._text, self._shorter = text, shorter
            self.update()

    def shown_lines(self) -> list[str]:
        """The lines drawn at the present width: the text whole, else the shorter wording
        whole, else the shorter (or only) wording with its last line elided. Kept for the
        text, width and font they were measured at: the strip repaints a line whose text did
        not change when its neighbour's did (a step measured each word of each line again)."""
        key = (self._text, self._shorter, self.width(), self.font().key(), self.lines)
        if key != self._shown_key:
            self._shown_key, self._shown = key, self._measure_lines()
        return list(self._shown)

    def _measure_lines(self) -> list[str]:
        metrics = self.fontMetrics()
        width = self.width()
        for candidate in (self._text, self._shorter):
            fitted = wrapped(candidate, metrics, width, self.lines) if candidate else None
            if fitted is not None:
                return fitted
        rest = words(self._shorter or self._text)
        shown: list[str] = []
        while rest and len(shown) < self.lines - 1:  # whole lines first, the rest elided
            line = rest.pop(0)
            while rest and metrics.horizontalAdvance(f"{line} {rest[0]}") <= width:
                line = f"{line} {rest.pop(0)}"
            shown.append(line)
        if rest:
            shown.append(metrics.elidedText(" ".join(rest), ELIDE_RIGHT, width))
        return shown

    def _copy(self) -> None:
        clipboard = QtGui.QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(self._text)

    def sizeHint(self) -> QtCore.QSize:
        metrics = self.fontMetrics()
        width = metrics.horizontalAdvance(self._template) + 2
        return QtCore.QSize(width, self.lines * metrics.height())

    def minimumSizeHint(self) -> QtCore.QSize:
        metrics = self.fontMetrics()
        width = metrics.horizontalAdvance(self._template) + 2 if self.full_width else 0
        return QtCore.QSize(width, self.lines * metrics.height())

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        painter.setPen(self.palette().color(QtGui.QPalette.ColorRole.WindowText))
        align = QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignVCenter
        if self.lines == 1:
            painter.drawText(self.rect(), align, self.shown_lines()[0] if self._text else "")
            return
        line_height = self.fontMetrics().height()
        for number, line in enumerate(self.shown_lines() if self._text else []):
            box = QtCore.QRect(0, number * line_height, self.width(), line_height)
            painter.drawText(box, align, line)


class LiveNote(QtWidgets.QWidget):
    """Wrapped text (a lever's schedule, which changes as the lever is dragged): set, it only
    repaints, and asks for a new layout only when its wrapped height at its width changes. Its
    width hint never depends on the text, so a long schedule wraps and never widens the dock."""

    FLAGS = (
        QtCore.Qt.AlignmentFlag.AlignLeft
        | QtCore.Qt.AlignmentFlag.AlignTop
        | QtCore.Qt.TextFlag.TextWordWrap
    )
    #: The width hint, in average characters.
    HINT_CHARS = 24

    def __init__(self, text: str, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self._text = text
        self.setAccessibleName(text)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        if text == self._text:
            return
        before = self.heightForWidth(self.width())
        self._text = text
        self.setAccessibleName(text)
        if self.heightForWidth(self.width()) != before:
            self.updateGeometry()
        self.update()

    def hasHeightForWidth(self) -> bool:
        return True  # its layout gives it the height its lines need at its width

    def heightForWidth(self, width: int) -> int:
        box = QtCore.QRect(0, 0, max(width, 1), 1_000_000)
        return self.fontMetrics().boundingRect(box, self.FLAGS, self._text).height()

    def sizeHint(self) -> QtCore.QSize:
        width = self.HINT_CHARS * self.fontMetrics().averageCharWidth()
        return QtCore.QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QtCore.QSize:
        metrics = self.fontMetrics()
        return QtCore.QSize(8 * metrics.averageCharWidth(), metrics.height())

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        painter = QtGui.QPainter(self)
        painter.setPen(self.palette().color(QtGui.QPalette.ColorRole.WindowText))
        painter.drawText(self.rect(), self.FLAGS, self._text)


class FittedNote(LiveNote):
    """Wrapped text with no height-for-width of its own: it sets its own height to its lines at
    its width (at least one line). Inside a resizable scroll area (the plots'), a height-for-width
    child makes the area size everything at its preferred height, so the plots would grow to
    their 480 px hints and scroll."""

    def __init__(self, text: str, object_name: str) -> None:
        super().__init__(text, object_name)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Fixed
        )
        self._fit()

    def hasHeightForWidth(self) -> bool:
        return False

    def _fit(self) -> None:
        lines = max(self.heightForWidth(self.width()), self.fontMetrics().height())
        if self.height() != lines or self.minimumHeight() != lines:
            self.setFixedHeight(lines)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(super().sizeHint().width(), self.minimumHeight())

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

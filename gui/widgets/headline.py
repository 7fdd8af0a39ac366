"""The strip of headline numbers above the plots: what a brief quotes first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.plain_text import auto_text, plain_label
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.headline import FIGURES as HEADLINE_FIGURES
from dprk_explorer.gui.text.headline import headline_numbers
from dprk_explorer.gui.text.verdicts import short_verdict, verdict
from dprk_explorer.gui.widgets.live_text import LiveText
from dprk_explorer.model import Result
from dprk_explorer.model.analysis.bands import N_DRAWS
from dprk_explorer.model.analysis.robustness import Robustness
from dprk_explorer.model.timeline import YEARS

ROBUST_TIP = (
    "Whether the sign of the net change, or the ranking of the three levers by their share of "
    "it (Shapley values), flips anywhere within the uncertain assumptions' plausible ranges: "
    f"checked at every corner of those ranges and at {N_DRAWS:,} Monte Carlo draws, once the "
    "levers are still."
)

if TYPE_CHECKING:
    from dprk_explorer.gui.pins import Pin


class _Figure(QtWidgets.QFrame):
    def __init__(self, caption: str, tooltip: str) -> None:
        super().__init__()
        self.setObjectName("headlineFigure")
        self.value = LiveText("–", "headlineValue", "−$8.88 bn")
        self.detail = LiveText("", "headlineDetail", "−88.8 % vs 2016")
        # A narrow strip shortens its captions with an ellipsis (the tooltip has them whole);
        # the value itself is never shortened: its box is as wide as the widest value.
        self.title = LiveText(caption, "headlineCaption", caption)
        self.value.full_width = True
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 4, 4)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        self.setToolTip(tooltip)


#: The pin's symbol in a comparison line, a little larger than the line's text.
GLYPH_PT = 10


class _ComparisonLine(QtWidgets.QWidget):
    """'● vs <pin>: −$123 m': the pin's symbol in its colour, then the difference. As tall
    shown or hidden, with a symbol or without (the strip's height never changes)."""

    def __init__(self) -> None:
        super().__init__()
        self.glyph = QtWidgets.QLabel()
        self.text = plain_label(QtWidgets.QLabel())  # a pin's name
        self.text.setObjectName("headlineCompare")
        self.text.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.glyph)
        layout.addWidget(self.text, 1)
        # A long pin name is shortened to fit, never widens the strip; the value always shows.
        self.text.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )
        self.full_text = ""
        self._parts = ("", "")
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Fixed
        )
        self.hide()

    def _height(self) -> int:
        glyph = QtGui.QFont(self.glyph.font())
        glyph.setPointSizeF(GLYPH_PT)
        return max(QtGui.QFontMetrics(glyph).height(), self.text.fontMetrics().height())

    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(super().minimumSizeHint().width(), self._height())

    def set_parts(self, name: str, value: str) -> None:
        """Show 'vs <name>: <value>', the name elided if the line is too narrow."""
        self._parts = (name, value)
        self.full_text = f"vs {name}: {value}"
        self.text.setToolTip(auto_text(self.full_text))
        self._fit()

    def _fit(self) -> None:
        name, value = self._parts
        metrics = self.text.fontMetrics()
        room = self.text.width() - metrics.horizontalAdvance(f"vs : {value}") - 2
        shown = metrics.elidedText(name, QtCore.Qt.TextElideMode.ElideRight, max(room, 0))
        text = f"vs {shown}: {value}" if shown else f"vs pin: {value}"
        if self.text.text() != text:
            self.text.setText(text)

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()


class HeadlineStrip(QtWidgets.QFrame):
    """Net revenue change (USD and %), coal revenue lost, share offset, total; updated live."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headlineStrip")
        self.net, self.loss, self.offset, self.total = (
            _Figure(caption, tip) for caption, tip in HEADLINE_FIGURES
        )
        self.figures = (self.net, self.loss, self.offset, self.total)
        self.robust = _Figure("Across plausible ranges", ROBUST_TIP)
        self.robust.value.setText("checking…")
        # Which figures: the steady state (every ban fully in force), or one calendar year of
        # the monthly path. The channel bars and the waterfall follow the same choice.
        self.period = QtWidgets.QComboBox()
        self.period.setObjectName("period")
        self.period.setToolTip(
            "Headline, channel bars and waterfall for the steady state (every ban fully in "
            "force, no lags) or for one calendar year of the monthly path. The timeline always "
            "shows 2016-2020; the map is the steady state."
        )
        self.period.addItem("Steady state", None)
        for year in YEARS:
            self.period.addItem(str(year), year)
        # The window places the selector (in its menu bar's corner): the strip keeps its room.
        self.period_box = QtWidgets.QWidget()
        period_row = QtWidgets.QHBoxLayout(self.period_box)
        period_row.setContentsMargins(4, 0, 4, 0)
        period_row.addWidget(QtWidgets.QLabel("Figures for"))
        period_row.addWidget(self.period)
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        layout = QtWidgets.QHBoxLayout()
        layout.setContentsMargins(4, 2, 4, 2)
        outer.addLayout(layout)
        # Where a scenario of the record leaves what the record supports: one line, always
        # there (empty when nothing does), so a warning arriving never moves the plots.
        self.support = LiveText("", "headlineSupport", "")
        colours = self.support.palette()
        colours.setColor(QtGui.QPalette.ColorRole.WindowText, QtGui.QColor(palette.WARNING_TEXT))
        self.support.setPalette(colours)
        font = self.support.font()
        font.setPointSize(8)
        self.support.setFont(font)
        outer.addWidget(self.support)
        outer.setContentsMargins(10, 0, 4, 2)
        for figure in (self.net, self.loss, self.offset, self.total):
            layout.addWidget(figure, 1)
        # As wide as its longest words, from the start: the others need the room, and a flag
        # arriving must not re-lay out the strip.
        widest = self.robust.detail.fontMetrics().horizontalAdvance("sign and ranking can flip")
        self.robust.setMinimumWidth(widest + 24)
        layout.addWidget(self.robust, 0)

        # Pinned comparison: one more line under the net change and the share offset, shown
        # only while a pin is chosen (gui.pins).
        self._comparison: Pin | None = None
        self._live: Result | None = None
        self.net_vs = _ComparisonLine()
        self.offset_vs = _ComparisonLine()
        for figure, line in ((self.net, self.net_vs), (self.offset, self.offset_vs)):
            figure_layout = figure.layout()
            assert isinstance(figure_layout, QtWidgets.QVBoxLayout)
            figure_layout.addWidget(line)
            # Its room is kept while hidden: the first pin must not make the strip taller and
            # move every plot down under the analyst's hand.
            policy = line.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            line.setSizePolicy(policy)

    def year(self) -> int | None:
        """The calendar year the annual figures are for, or None for the steady state."""
        data = self.period.currentData()
        return data if isinstance(data, int) else None

    def show_result(self, result: Result) -> None:
        for figure, number in zip(self.figures, headline_numbers(result), strict=True):
            figure.title.setText(number.caption)  # 'Net change in 2019' for a year shown
            figure.value.setText(number.value)
            figure.detail.setText(number.detail)
        self._live = result
        self._show_comparison()

    def show_support(self, text: str) -> None:
        """'Outside the range the record supports: ...' (or '' when the record supports it);
        the whole text in the tooltip when the line is too narrow for it."""
        self.support.setText(text)
        self.support.setToolTip(auto_text(text))

    # --- robustness (gui.analysis_runner) -----------------------------------------------------

    def show_robustness(self, check: Robustness, band: tuple[float, float]) -> None:
        """'Robust' or 'Not robust' with what can flip, and the net change's 5-95 % range."""
        flag, detail = short_verdict(check)
        self.robust.value.setText(flag)
        palette.set_role(self.robust.value, "" if check.robust else "alarm")
        self.robust.detail.setText(detail)
        low, high = band
        self.robust.setToolTip(
            ("" if check.robust else verdict(check) + ".\n\n")
            + f"Net change, 5-95 %: {fmt.usd(low, signed=True)} to {fmt.usd(high, signed=True)} "
            "a year.\n\n" + ROBUST_TIP
        )

    def set_robustness_stale(self) -> None:
        if not self.robust.value.text().endswith("…"):
            self.robust.value.setText(self.robust.value.text() + " …")

    # --- pinned comparison (gui.pins) ---------------------------------------------------------

    def show_pins(self, pins: list[Pin]) -> None:
        """Drop the comparison when its pin is removed."""
        if self._comparison is not None and not any(p is self._comparison for p in pins):
            self.set_comparison(None)

    def set_comparison(self, pin: Pin | None) -> None:
        """Compare the live numbers with `pin` (None: no comparison, the strip as usual)."""
        self._comparison = pin
        for line in (self.net_vs, self.offset_vs):
            line.setVisible(pin is not None)
            if pin is not None:
                line.glyph.setText(pin.glyph)
                line.glyph.setStyleSheet(f"color: {pin.colour}; font-size: {GLYPH_PT}pt;")
                line.setToolTip(
                    auto_text(f"Live scenario minus pin '{pin.name}'.\n\nThe pin:\n{pin.summary()}")
                )
        self._show_comparison()

    @property
    def comparison(self) -> Pin | None:
        return self._comparison

    def _show_comparison(self) -> None:
        pin, live = self._comparison, self._live
        if pin is None or live is None:
            return
        net = live.net_change_usd_m - pin.result.net_change_usd_m
        self.net_vs.set_parts(pin.name, fmt.usd(net, signed=True))
        ours, theirs = live.recovery_ratio, pin.result.recovery_ratio
        if ours is None or theirs is None:
            points = "n/a (no coal lost)"
        else:
            points = self._points(100.0 * (ours - theirs))
        self.offset_vs.set_parts(pin.name, points)

    @staticmethod
    def _points(value: float) -> str:
        """A difference of two percentages: '+5 pp', '−12 pp', '0 pp'."""
        text = fmt.pct(value, signed=True)
        return text.removesuffix(" %") + " pp"

"""The strip of headline numbers above the plots: what a brief quotes first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.pins import Pin
from dprk_explorer.gui.plain_text import auto_text, plain_label
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.answer_words import band_sentence, capitalised
from dprk_explorer.gui.text.headline import FIGURES as HEADLINE_FIGURES
from dprk_explorer.gui.text.headline import headline_numbers, share_won_back
from dprk_explorer.gui.text.verdicts import short_verdict, verdict
from dprk_explorer.gui.view_state import View
from dprk_explorer.gui.widgets.live_text import FittedNote, LiveText
from dprk_explorer.model import N_DRAWS
from dprk_explorer.model.core.period import Period
from dprk_explorer.model.core.timeline import HORIZON_YEARS, YEARS

if TYPE_CHECKING:
    from dprk_explorer.model.answer import Answer

ROBUST_TIP = (
    "Whether the sign of the net change, or the ranking of its sources (the levers, the bans "
    "as written, the 2020 closure) by their share of it (Shapley values), flips anywhere within "
    "the uncertain ranges: the plausible ranges of the assumptions and, for the record and its "
    f"branches, the fitted values' errors; checked at the bands' {N_DRAWS:,} Monte Carlo draws "
    "and at the corners of the widest assumptions' ranges, once the levers are still."
)


class _StripText(LiveText):
    """A figure's text drawn on the strip's own background, opaque: a slider step repaints
    the text's box alone, not the figure and the strip behind it as well (a transparent
    widget's update repaints every ancestor under it, each through the style sheet)."""

    def __init__(self, text: str, object_name: str, template: str, lines: int = 1) -> None:
        super().__init__(text, object_name, template, lines)
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        # The colour the strip's style sheet fills it with (#headlineStrip, gui.palette).
        painter = QtGui.QPainter(self)
        painter.fillRect(event.rect(), self.palette().color(QtGui.QPalette.ColorRole.AlternateBase))
        painter.end()
        super().paintEvent(event)


class _Figure(QtWidgets.QFrame):
    """A caption, a value and a detail on `detail_lines` lines (broken between words when
    narrow: a figure with no comparison line under it has the room for a second)."""

    def __init__(self, caption: str, tooltip: str, detail_lines: int = 1) -> None:
        super().__init__()
        self.setObjectName("headlineFigure")
        self.value = _StripText("–", "headlineValue", "−$8.88 bn")
        self.detail = _StripText(
            "", "headlineDetail", "−88.8 % vs no sanctions", lines=detail_lines
        )
        # A narrow strip shortens its captions with an ellipsis (the tooltip has them whole);
        # the value itself is never shortened: its box is as wide as the widest value.
        # Hinted from the longest period's caption ('Total revenue in 2016-2025').
        widest = caption.replace("a year", Period.span(YEARS[0], YEARS[-1]).per)
        self.title = _StripText(caption, "headlineCaption", widest)
        self.value.full_width = True
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 4, 4)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        self.setToolTip(tooltip)


#: Each figure's share of the strip's room left over (the total: its own width only).
FIGURE_STRETCH = {"net": 4, "loss": 3, "offset": 6, "total": 0}

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


def set_tip(widget: QtWidgets.QWidget, tip: str) -> None:
    """The widget's tooltip, set only when it changes (a slider step repeats most of them)."""
    if widget.toolTip() != tip:
        widget.setToolTip(tip)


class HeadlineStrip(QtWidgets.QFrame):
    """Net revenue change (USD and %), coal revenue lost, share offset, total; updated live."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headlineStrip")
        self.setStyleSheet(palette.HEADLINE_STYLE_SHEET)
        # Each figure's tooltip names the answer's base and period (show_answer).
        (net, _), (loss, _), (offset, _), (total, _) = HEADLINE_FIGURES
        self.net = _Figure(net, "")
        # What was blocked has no comparison line under it: its detail may take two lines.
        self.loss = _Figure(loss, "", detail_lines=2)
        self.offset = _Figure(offset, "")
        self.total = _Figure(total, "")
        self.figures = (self.net, self.loss, self.offset, self.total)
        self.robust = _Figure("Across plausible ranges", ROBUST_TIP)
        self.robust.value.setText("checking…")
        # Which figures: the steady state (every ban fully in force), or one calendar year of
        # the monthly path. Every view draws the answer for the period chosen here.
        self.period = QtWidgets.QComboBox()
        self.period.setObjectName("period")
        self.period.setToolTip(
            "Every figure for the steady state (every ban fully in force, no lags) or for one "
            "calendar year of the monthly path, against no sanctions in the same period: the "
            "headline, the channel bars, the waterfall, the map, the pins and the analysis. "
            f"The timeline always shows {HORIZON_YEARS}."
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
        # Where a scenario of the record leaves what the record supports: a line always there
        # (empty when nothing does), so a short warning arriving never moves the plots; a long
        # one wraps onto more lines rather than be cut with "…" (issue 27).
        self.support = FittedNote("", "headlineSupport")
        colours = self.support.palette()
        colours.setColor(QtGui.QPalette.ColorRole.WindowText, QtGui.QColor(palette.WARNING_TEXT))
        self.support.setPalette(colours)
        font = self.support.font()
        font.setPointSize(8)
        self.support.setFont(font)
        outer.addWidget(self.support)
        outer.setContentsMargins(10, 0, 4, 2)
        # The room goes where the lines are long (at 1280 px wide the strip has about 940):
        # the total's detail never changes, so it takes its own width; the share won back
        # names two groups of routes (each route is in its tooltip); the net change's line
        # names its base or the pin it is compared with; what was blocked may wrap.
        for name, stretch in FIGURE_STRETCH.items():
            layout.addWidget(getattr(self, name), stretch)
        # As wide as its longest words, from the start: the others need the room, and a flag
        # arriving must not re-lay out the strip.
        widest = self.robust.detail.fontMetrics().horizontalAdvance("sign and ranking can flip")
        self.robust.setMinimumWidth(widest + 24)
        layout.addWidget(self.robust, 0)

        # Pinned comparison: one more line under the net change and the share won back, shown
        # only while a pin is chosen (gui.pins).
        self._comparison: Pin | None = None
        self._styled: tuple[Pin, Period] | None = None  # the pin and period the lines show
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
        """The calendar year chosen in the period selector, or None for the steady state."""
        data = self.period.currentData()
        return data if isinstance(data, int) else None

    def show_answer(self, answer: Answer, view: View) -> None:
        """The four figures for the answer's period against no sanctions in it, a branch's
        difference from the record, what the record supports, the robustness of the analysis
        for the same period, and the comparison with the pin `view` chooses."""
        for figure, number in zip(self.figures, headline_numbers(answer), strict=True):
            figure.title.setText(number.caption)  # 'Net change in 2019' for a year shown
            figure.value.setText(number.value)
            figure.detail.setText(number.detail, number.short_detail)
            set_tip(figure, number.tooltip)
        # Where a scenario of the record leaves what it supports (or ''), the whole text in the
        # tooltip when the line is too narrow for it.
        support = capitalised(answer.support_text)
        self.support.setText(support)
        set_tip(self.support, auto_text(support))
        self._show_robustness(answer)
        self._show_comparison(answer, view)

    # --- robustness (the analysis for the answer's period) -------------------------------------

    def _show_robustness(self, answer: Answer) -> None:
        """'Robust' or 'Not robust' with what can flip, marked '…' while the analysis is for
        the scenario a moment ago; its tooltip says the 5-95 % ranges and where the net
        change and the total lie against them."""
        analysis = answer.analysis
        if analysis is None:
            self.robust.value.setText("checking…")
            palette.set_role(self.robust.value, "")
            self.robust.detail.setText("")
            self.robust.setToolTip(ROBUST_TIP)
            return
        check = analysis.robustness
        flag, detail = short_verdict(check)
        self.robust.value.setText(flag if answer.analysis_fresh else f"{flag} …")
        palette.set_role(self.robust.value, "" if check.robust else "alarm")
        self.robust.detail.setText(detail)
        updating = "" if answer.analysis_fresh else "Updating: for the scenario a moment ago.\n\n"
        set_tip(
            self.robust,
            updating
            + ("" if check.robust else verdict(check) + ".\n\n")
            + band_sentence(answer)
            + "\n\n"
            + ROBUST_TIP,
        )

    # --- pinned comparison (gui.pins) ---------------------------------------------------------

    @property
    def comparison(self) -> Pin | None:
        """The pin the strip compares with (the view's compared pin), or None."""
        return self._comparison

    def _show_comparison(self, answer: Answer, view: View) -> None:
        """'vs <pin>: −$123 m' under the net change (the answer's difference from the pin, for
        the same period) and the pin's own share won back under the live one."""
        index = view.compared_pin
        chosen = index is not None and index < min(len(view.pins), len(answer.pins))
        pin = view.pins[index] if chosen and index is not None else None
        self._comparison = pin
        for line in (self.net_vs, self.offset_vs):
            line.setVisible(pin is not None)
        if pin is None or index is None:
            return
        compared = answer.pins[index]
        if (pin, answer.period) != self._styled:  # a style sheet costs a restyle: on change only
            self._styled = (pin, answer.period)
            for line in (self.net_vs, self.offset_vs):
                line.glyph.setText(pin.glyph)
                line.glyph.setStyleSheet(f"color: {pin.colour}; font-size: {GLYPH_PT}pt;")
                line.setToolTip(
                    auto_text(
                        f"The live scenario against pin '{pin.name}', {answer.period.label}: "
                        "under the net change, the live one minus the pin's; under the share "
                        f"won back, the pin's own share.\n\nThe pin:\n{pin.summary()}"
                    )
                )
        self.net_vs.set_parts(pin.name, fmt.usd(compared.net_change_difference_usd_m, signed=True))
        self.offset_vs.set_parts(pin.name, share_won_back(compared.result))

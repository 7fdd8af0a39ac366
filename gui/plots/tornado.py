"""Tornado: each uncertain assumption moved alone to its plausible low and high, the bars sorted
by how far they move the net change for the answer's period (the analysis is the answer's). The
assumptions a brief must hedge come first.

Each row is a bar with its label in the gap above it. The rows are fitted to the view's height
(`fit_rows`): as many of the widest as hold their label clear of the next bar, the bars thinner
when room is short, and a note of what is not shown ("Not shown: 13 smaller, 6 with no effect").
The axis spans every bar, shown or not, without forcing zero in."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.plots.base import AnalysisPlot
from dprk_explorer.gui.plots.items import ValueLabel, curve_swatch
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.answer_words import measured_from, per_period, usd_label
from dprk_explorer.gui.view_state import View
from dprk_explorer.model import PARAMETERS
from dprk_explorer.model.core.parameters import UNCERTAIN_IDS
from dprk_explorer.model.core.period import Period

if TYPE_CHECKING:
    from dprk_explorer.model.analysis.tornado import Tornado
    from dprk_explorer.model.answer import Answer

#: A bar's height as a share of its row, where the row has room to spare.
BAR_HEIGHT = 0.42
#: The thinnest bar drawn (px): with less room a row is left out instead.
MIN_BAR_PX = 6.0
#: Between a bar's top and its label, and between the label and the bar above (px).
LABEL_GAP_PX = 1.5
ROW_GAP_PX = 2.0
#: Under the lowest bar, before the note or the axis (px).
BOTTOM_PX = 4.0
LOW_COLOUR = palette.SKY_BLUE
HIGH_COLOUR = palette.ORANGE
TIP = (
    "Each bar moves one uncertain assumption to its plausible low (blue) and high (orange), "
    "everything else as set, and shows the net change {per}; widest first. In the steady "
    "state adjustment lags move only the timing (see the timeline's band), so they have no bar."
)


def row_label(pid: str) -> str:
    """'Redirect share, 0-50 %': the short label and the plausible range with its unit."""
    parameter = PARAMETERS[pid]
    unit = {"USD m/yr": "USD m", "months": "months"}.get(parameter.unit, parameter.unit)
    return f"{parameter.short_label}, {parameter.low:g}-{parameter.high:g} {unit}"


def omitted_note(smaller: int, no_effect: int) -> str:
    """What the chart leaves out, e.g. 'Not shown: 13 smaller, 6 with no effect' ('' if none)."""
    parts = [f"{smaller} smaller"] if smaller else []
    parts += [f"{no_effect} with no effect"] if no_effect else []
    return f"Not shown: {', '.join(parts)}" if parts else ""


def spread_limits(low: float, high: float) -> tuple[float, float]:
    """Axis limits around [low, high] on a round step (a quarter of the span, rounded up to
    1, 2, 2.5 or 5 x 10^k), zero not forced in: the bars spread over the axis, however far
    from zero the scenario's net change lies."""
    pad = 0.05 * max(high - low, 1.0)
    low, high = low - pad, high + pad
    raw = (high - low) / 4
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw)
    return math.floor(low / step) * step, math.ceil(high / step) * step


@dataclass(frozen=True)
class RowFit:
    """The rows a view holds, in the view's units (rows are 1 apart, the widest at the top,
    the lowest at 0): how many, the bars' height, the label's gap above its bar, and the room
    under the lowest bar's centre (for the note when `note`)."""

    count: int
    bar: float
    label_gap: float
    bottom: float
    note: bool


def fit_rows(view_px: float, label_px: float, moving: int, no_effect: int) -> RowFit:
    """The most of `moving` rows (widest first; at least one) a view `view_px` tall holds with
    each label `label_px` tall between its bar and the bar above, and a bar at least MIN_BAR_PX;
    a line for the note of what is not shown under them when anything is left out. Before the
    view is laid out (no height yet) every row, at the proportions of a roomy view."""
    if moving == 0:
        return RowFit(0, BAR_HEIGHT, 0.02, 1.0, False)
    if view_px <= 1.0:
        return RowFit(moving, BAR_HEIGHT, 0.02, BAR_HEIGHT / 2 + 0.1, no_effect > 0)
    needed = label_px + LABEL_GAP_PX + ROW_GAP_PX + MIN_BAR_PX
    count = moving
    while True:
        note = count < moving or no_effect > 0
        under_px = BOTTOM_PX + (label_px + ROW_GAP_PX if note else 0.0)
        row_px = (view_px - under_px) / count
        if row_px >= needed or count == 1:
            break
        count -= 1
    row_px = max(row_px, 1.0)
    bar_px = min(BAR_HEIGHT * row_px, row_px - label_px - LABEL_GAP_PX - ROW_GAP_PX)
    bar = max(bar_px, min(MIN_BAR_PX, 0.5 * row_px)) / row_px
    return RowFit(count, bar, LABEL_GAP_PX / row_px, bar / 2 + under_px / row_px, note)


class TornadoPlot(AnalysisPlot):
    """Rows labelled inside the plot, over their bars: a narrow panel keeps the whole label."""

    def __init__(self, *, print_scale: float | None = None) -> None:
        super().__init__("Assumptions at low / high", left_axis_px=8, print_scale=print_scale)
        item = self.getPlotItem()
        item.getAxis("left").setStyle(showValues=False, tickLength=0)
        self.low_bars = pg.BarGraphItem(
            x0=[0.0], y=[0.0], height=BAR_HEIGHT, width=[0.0],
            brush=palette.brush(LOW_COLOUR), pen=self.pen(palette.BAR_OUTLINE, 0.8),
        )  # fmt: skip
        self.high_bars = pg.BarGraphItem(
            x0=[0.0], y=[0.0], height=BAR_HEIGHT, width=[0.0],
            brush=palette.brush(HIGH_COLOUR), pen=self.pen(palette.BAR_OUTLINE, 0.8),
        )  # fmt: skip
        item.addItem(self.low_bars)
        item.addItem(self.high_bars)
        centre_pen = self.pen(palette.BLACK, 1.5, QtCore.Qt.PenStyle.DashLine)
        self.centre = pg.InfiniteLine(pos=0.0, angle=90, pen=centre_pen)
        self.centre.setZValue(10)
        item.addItem(self.centre, ignoreBounds=True)
        font = QtGui.QFont()
        font.setPointSize(palette.AXIS_FONT_PT - 1)
        self.row_labels: list[ValueLabel] = []
        for _ in UNCERTAIN_IDS:  # a fixed pool: at most one row per uncertain assumption
            label = ValueLabel(anchor=(0, 1), fill=palette.brush(*palette.LABEL_FILL), font=font)
            label.setVisible(False)
            item.addItem(label, ignoreBounds=True)
            label.setZValue(20)  # over the dashed centre line
            self.row_labels.append(label)
        self.empty_note = pg.TextItem(
            "No uncertain assumption moves\nthis scenario's net change",
            color=palette.BLACK,
            anchor=(0.5, 0.5),
        )
        self.empty_note.setVisible(False)
        item.addItem(self.empty_note, ignoreBounds=True)
        #: Under the bars: how many rows are not shown (`omitted_note`).
        self.omitted = ValueLabel(anchor=(0, 0), fill=palette.brush(*palette.LABEL_FILL), font=font)
        self.omitted.setVisible(False)
        item.addItem(self.omitted, ignoreBounds=True)
        self.omitted.setZValue(20)
        item.setLabel("bottom", usd_label("Net change", Period()))  # the answer's (show_answer)
        item.showGrid(x=True, y=False, alpha=0.25)
        legend = self.add_legend_below(columns=3)
        legend.addItem(self.low_bars, "Low")
        legend.addItem(self.high_bars, "High")
        legend.addItem(curve_swatch(centre_pen), "As set")
        item.setMouseEnabled(x=False, y=False)
        #: The rows that move the net change, widest first; the first `_shown` are drawn.
        self.rows: list[str] = []
        self._shown = 0
        self._row_fit: RowFit | None = None
        self._chart: Tornado | None = None
        self._fresh = True
        self._answer: Answer | None = None
        self.setToolTip(TIP.format(per="a year"))
        # Rows are fitted to the view's height: again whenever it is resized.
        item.getViewBox().sigResized.connect(self._refit)

    def show_answer(self, answer: Answer, view: View) -> None:
        """The tornado of the answer's analysis (for its period); faded while it is for the
        scenario a moment ago. Redrawn only when the tornado or its freshness changes."""
        analysis = answer.analysis
        chart = analysis.tornado if analysis is not None else None
        fresh = answer.analysis_fresh
        if chart is self._chart and fresh == self._fresh and self._answer is not None:
            return
        self._chart, self._fresh, self._answer = chart, fresh, answer
        if chart is None:
            self._clear()
            return
        self._draw()

    def _clear(self) -> None:
        """No analysis yet: no bars, no labels, no note."""
        self.rows = []
        self._shown = 0
        self._row_fit = None
        self.low_bars.setOpts(x0=[0.0], y=[0.0], width=[0.0])
        self.high_bars.setOpts(x0=[0.0], y=[0.0], width=[0.0])
        self.empty_note.setVisible(False)
        self.omitted.setVisible(False)
        for label in self.row_labels:
            label.setVisible(False)

    @property
    def shown_rows(self) -> list[str]:
        """The rows drawn: the widest that fit the plot's height (`fit_rows`)."""
        return self.rows[: self._shown]

    def label_height_px(self) -> float:
        """A row label's height (one line of its font, padded as a ValueLabel pads it)."""
        sample = QtWidgets.QGraphicsSimpleTextItem("Ag")
        sample.setFont(self.row_labels[0].font())
        return sample.boundingRect().height() + 2 * ValueLabel.PAD_Y_PX

    def _fit(self, chart: Tornado) -> RowFit:
        moving = sum(1 for bar in chart.bars if bar.moves)
        view_px = self.getPlotItem().getViewBox().height()
        return fit_rows(view_px, self.label_height_px(), moving, len(chart.no_effect))

    def _refit(self) -> None:
        """The view was resized: fit the rows to its height again."""
        if self._chart is not None and self._fit(self._chart) != self._row_fit:
            self._draw()

    def _draw(self) -> None:
        chart, answer = self._chart, self._answer
        if chart is None or answer is None:
            return
        bars = [bar for bar in chart.bars if bar.moves]
        self.rows = [bar.parameter for bar in bars]
        fit = self._row_fit = self._fit(chart)
        n = self._shown = fit.count
        item = self.getPlotItem()
        centre = chart.net_change_usd_m
        self.centre.setValue(centre)
        self.empty_note.setVisible(not bars)
        for label in self.row_labels[n:]:
            label.setVisible(False)
        note = omitted_note(len(bars) - n, len(chart.no_effect))
        item.setLabel("bottom", usd_label("Net change", chart.period))
        per = per_period(chart.period)
        tip = (
            f"{TIP.format(per=per)}\n\nNet change as set: {fmt.usd(centre, signed=True)} {per} "
            f"({measured_from(answer, chart.period)})."
        )
        if len(bars) > n:
            smaller = ", ".join(PARAMETERS[pid].short_label for pid in self.rows[n:])
            tip += f"\nNot shown, with smaller effects: {smaller}."
        self.setToolTip(tip)
        if not bars:
            self.omitted.setVisible(False)
            self.low_bars.setOpts(x0=[0.0], y=[0.0], width=[0.0])
            self.high_bars.setOpts(x0=[0.0], y=[0.0], width=[0.0])
            item.setYRange(-1.0, 1.0, padding=0)
            self.fit_range("x", min(centre, 0.0) - 1.0, max(centre, 0.0) + 1.0)
            self.empty_note.setPos(centre, 0.0)
            return
        shown = bars[:n]
        y = np.arange(n - 1, -1, -1, dtype=float)  # widest at the top
        at_low = np.array([bar.net_at_low_usd_m for bar in shown])
        at_high = np.array([bar.net_at_high_usd_m for bar in shown])
        self.low_bars.setOpts(
            x0=np.minimum(at_low, centre), y=y, width=np.abs(at_low - centre), height=fit.bar
        )
        self.high_bars.setOpts(
            x0=np.minimum(at_high, centre), y=y, width=np.abs(at_high - centre), height=fit.bar
        )
        for bars_item in (self.low_bars, self.high_bars):
            bars_item.setOpacity(1.0 if self._fresh else self.STALE_OPACITY)
        item.setYRange(-fit.bottom, n - fit.bar / 2, padding=0)
        # Every bar, shown or not, inside the axis: the scale stays put as rows come and go.
        every = [v for bar in bars for v in (bar.net_at_low_usd_m, bar.net_at_high_usd_m)]
        self.set_range("x", *spread_limits(min(*every, centre), max(*every, centre)))
        left = item.getViewBox().viewRange()[0][0]
        for label, row, bar in zip(self.row_labels, y, shown, strict=False):
            label.set(row_label(bar.parameter), left, float(row + fit.bar / 2 + fit.label_gap))
            label.setVisible(True)
        # The note in the line under the bars, its top a gap below the lowest bar.
        self.omitted.set(note, left, -fit.bar / 2 - fit.label_gap)
        self.omitted.setVisible(bool(note))

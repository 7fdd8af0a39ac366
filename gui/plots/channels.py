"""Revenue by channel for the answer's period: no sanctions against the scenario, horizontal
grouped bars (USD m per year in the steady state, USD m summed over a year or span). Pins and the
record are ghost bars on the scenario bars, their values beside the live value."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6 import QtGui, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.pins import Compared, reach
from dprk_explorer.gui.plots.comparison import GHOST_GROW, ComparedPlot, headroom, versus
from dprk_explorer.gui.plots.items import Bars, BoxSample, legend_swatch
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.answer_words import figures_for, legend_pair, per_period, usd_label
from dprk_explorer.gui.view_state import View
from dprk_explorer.model.sources.resources import (
    CHANNEL_BASIS,
    CHANNEL_IDS,
    CHANNEL_LABELS,
    CHANNEL_SHORT_LABELS,
)

if TYPE_CHECKING:
    from dprk_explorer.model.analysis.bands import Bands
    from dprk_explorer.model.answer import Answer

BAR_HEIGHT = 0.38
BAND_PEN = palette.BAND_PEN
STALE_BAND_PEN = palette.STALE_BAND_PEN
BAND_LEGEND = "5-95 % range"
#: Space between a bar's end and its value label, as a share of the longest live bar.
LABEL_GAP = 0.01
#: The value labels' text sizes (pt), the largest whose line fits a row's height.
LABEL_FONT_PT = (float(palette.AXIS_FONT_PT - 1), 7.5, 7.0, 6.5)
#: The blank pixel at the top and bottom of a label's line: it may touch a bar.
LEADING_PX = 1.0
#: A pin's value past the axis edge (gui.pins.reach): its ghost stops there.
BEYOND = "→"
TITLE = "Revenue by channel"


_TEXT_HEIGHT_PX: dict[str, float] = {}


def text_height_px(font: QtGui.QFont) -> float:
    """The height (px) of a line of value-label text in `font`, measured as a label draws
    it (a simple text item), once per font."""
    key = font.key()
    height = _TEXT_HEIGHT_PX.get(key)
    if height is None:
        probe = QtWidgets.QGraphicsSimpleTextItem("0")
        probe.setFont(font)
        height = _TEXT_HEIGHT_PX[key] = probe.boundingRect().height()
    return height


def title(answer: Answer) -> str:
    """'Revenue by channel, 2019' (or 'steady state')."""
    return f"{TITLE}, {answer.period.label}"


class ChannelPlot(ComparedPlot):
    def __init__(self, *, print_scale: float | None = None) -> None:
        n = len(CHANNEL_IDS)
        super().__init__(
            TITLE,
            n,
            left_axis_px=100,
            print_scale=print_scale,
        )
        item = self.getPlotItem()
        # Coal at the top: row i is drawn at y = n - 1 - i.
        self._y = np.arange(n - 1, -1, -1, dtype=float)
        base_brush = palette.brush(palette.LIGHT_GREY)
        base_pen = self.pen(palette.BASELINE, 1.0)
        scen_brush = palette.brush(palette.SCENARIO)
        scen_pen = self.pen(palette.SCENARIO, 1.0)
        self.baseline = Bars(item, n, [base_brush] * n, [base_pen] * n, z=1)
        self.scenario = Bars(item, n, [scen_brush] * n, [scen_pen] * n, z=1)
        self.baseline.set_rects(0.0, self._y, 0.0, BAR_HEIGHT)
        self.scenario.set_rects(0.0, self._y - BAR_HEIGHT, 0.0, BAR_HEIGHT)
        self.value_labels = self.make_value_labels(n, anchor=(0, 0.5))
        left = item.getAxis("left")
        left.setTicks(
            [[(y, CHANNEL_SHORT_LABELS[c]) for y, c in zip(self._y, CHANNEL_IDS, strict=True)]]
        )
        left.setStyle(tickLength=0)
        item.showGrid(x=True, y=False, alpha=0.25)
        # The base's and the scenario's names follow the answer's period (show_period).
        legend = self.add_legend_below(columns=2)
        self.base_swatch = legend_swatch(base_brush, base_pen)
        self.scenario_swatch = legend_swatch(scen_brush, scen_pen)
        legend.addItem(BoxSample(self.base_swatch), "No sanctions")
        legend.addItem(BoxSample(self.scenario_swatch), "Scenario")
        self._period_shown: tuple[str, ...] = ()
        #: The row height (px) and font the value labels' font was last fitted at.
        self._font_fitted: tuple[float, str] | None = None
        item.setMouseEnabled(x=False, y=False)
        item.setYRange(-0.6, n - 0.4, padding=0)
        # Uncertainty (gui.analysis_runner): 5-95 % whiskers on every bar, hidden until asked for.
        self.band_pen, self.stale_band_pen = self.scaled(BAND_PEN), self.scaled(STALE_BAND_PEN)
        self.band_whiskers = pg.ErrorBarItem(
            x=np.zeros(2 * n), y=np.zeros(2 * n), beam=BAR_HEIGHT * 0.5, pen=self.band_pen
        )
        self.band_whiskers.setZValue(22)
        self.band_whiskers.setVisible(False)
        item.addItem(self.band_whiskers, ignoreBounds=True)
        self.band_y = np.concatenate([self._y - BAR_HEIGHT / 2, self._y + BAR_HEIGHT / 2])
        # The value labels stay readable over the ghost bars; the view does not clip, so a
        # label at the axis edge shows whole (the range leaves it room).
        for label in self.value_labels:
            label.setZValue(25)
            label.PAD_Y_PX = 0.0  # as tall as its text: a row is all it has
        item.getViewBox().setFlag(
            QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape, False
        )
        #: The bands drawn and whether they were fresh (compared by identity: a new analysis
        #: is a new object).
        self._bands: tuple[Bands | None, bool] = (None, True)

    def show_period(self, answer: Answer) -> None:
        """The title, the value axis and the legend name the answer's period and base."""
        words = (title(answer), *legend_pair(answer), usd_label("Revenue", answer.period))
        if words == self._period_shown:
            return
        self._period_shown = words
        heading, base, scenario, axis = words
        item = self.getPlotItem()
        item.setTitle(heading, size=palette.TITLE_SIZE, bold=True)
        item.setLabel("bottom", axis)
        legend: pg.LegendItem = item.legend
        legend.getLabel(self.base_swatch).setText(base)
        legend.getLabel(self.scenario_swatch).setText(scenario)
        self.cache_static(legend, item.titleLabel)
        self.setToolTip(
            f"Revenue by channel, {figures_for(answer.period)}. Grey: {answer.base_label} "
            "(the baselines' sources in docs/model.md); blue: the scenario."
        )

    def show_answer(self, answer: Answer, view: View) -> None:
        """The bars for the answer's period, then its 5-95 % whiskers if the view asks."""
        super().show_answer(answer, view)
        self._show_bands(answer, view)

    def compare_legend(self) -> pg.LegendItem:
        legend: pg.LegendItem = self.getPlotItem().legend
        return legend

    def redraw(self) -> None:
        """The live bars, each pin's and the record's ghost bars on the scenario bars, and per
        channel one label: the live value, then each compared series' value in its colour."""
        result = self.live
        if result is None:
            return
        base, scen = result.baseline_usd_m, result.scenario_usd_m
        self.baseline.set_rects(0.0, self._y, base, BAR_HEIGHT)
        self.scenario.set_rects(0.0, self._y - BAR_HEIGHT, scen, BAR_HEIGHT)
        top = float(max(base.max(), scen.max(), 1.0))
        _, limit = reach(0.0, top)
        centre = self._y - BAR_HEIGHT / 2
        ends = np.asarray(scen, dtype=float).copy()
        compared = self.compared()
        extras: list[list[tuple[str, str]]] = [[] for _ in CHANNEL_IDS]
        for order, series in enumerate(compared):
            values = series.result.scenario_usd_m
            drawn = np.minimum(values, limit)
            thick = BAR_HEIGHT * (1.0 + GHOST_GROW * order)
            self.ghosts[series.index].set_rects(0.0, centre - thick / 2, drawn, thick)
            ends = np.maximum(ends, drawn)
            for row, value in enumerate(values):
                beyond = BEYOND if value > limit else ""
                extras[row].append((f"{series.glyph}{beyond}{value:,.0f}", series.colour))
        self.show_ghosts(compared)
        self.show_ghost_legend(compared)
        gap = top * LABEL_GAP
        self._fit_label_font()
        ends, centre = self._clear_of_bars(centre, ends, scen, base, compared, limit)
        for label, y, value, end, parts in zip(
            self.value_labels, centre, scen, ends, extras, strict=True
        ):
            label.set(f"{value:,.0f}", float(end) + gap, float(y))
            label.set_extras(parts)
        # Room on the right for every label, measured in pixels; the live bars and the pins
        # within reach set the rest.
        view_px = self.getPlotItem().getViewBox().width()
        high = max(
            headroom(0.0, float(end) + gap, label.rect().width() + 4.0, view_px)
            for label, end in zip(self.value_labels, ends, strict=True)
        )
        self.fit_range("x", 0.0, max(high, top * 1.05))

    def _row_px(self) -> float:
        """The height of one channel's row on screen (px)."""
        view = self.getPlotItem().getViewBox()
        return float(view.height()) / len(CHANNEL_IDS) if view.height() > 0 else 0.0

    def _fit_label_font(self) -> None:
        """The value labels' text as large as LABEL_FONT_PT allows, smaller only as far as a
        row's height needs: a label is never taller than its row, so the labels of two rows
        never overlap (a short plot: the window at 1366x768 with pins drawn)."""
        row_px = self._row_px()
        font = QtGui.QFont(self.value_labels[0].font())
        if self._font_fitted == (row_px, font.key()):
            return  # the same rows, the font fitted to them (a slider step)
        points = LABEL_FONT_PT[0]
        for points in LABEL_FONT_PT:
            font.setPointSizeF(points)
            if row_px <= 0 or text_height_px(font) <= self._label_room_px(row_px):
                break
        self._font_fitted = (row_px, font.key())
        if self.value_labels[0].font().pointSizeF() != points:
            for label in self.value_labels:
                label.setFont(font)

    @staticmethod
    def _label_room_px(row_px: float) -> float:
        """The tallest a label's line may be (px) in rows `row_px` high: no taller than a row,
        and short enough to be lowered under a longer no-sanctions bar and stay clear of the
        next row's label (`_clear_of_bars`)."""
        lowered = 2 * ((1 + BAR_HEIGHT / 2) * row_px - 0.1) / 3 + 2 * LEADING_PX
        return min(row_px, lowered)

    def _clear_of_bars(
        self,
        centre: np.ndarray,
        ends: np.ndarray,
        scen: np.ndarray,
        base: np.ndarray,
        compared: list[Compared],
        limit: float,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Where each row's label is drawn (data units): its left end past every bar its text
        reaches (a neighbour's too), so no label covers a bar; centred on the scenario bar, or
        lowered to clear the no-sanctions bar above it where that keeps it nearer its bar and
        clear of the next row's label (a no-sanctions bar far longer than the scenario's: the
        live value stays beside its own bar, not past the other's end)."""
        row_px = self._row_px()
        if row_px <= 0:
            return ends, centre
        starts = np.asarray(ends, dtype=float)
        centre = np.asarray(centre, dtype=float)
        # Each drawn bar's bottom, top and end in data units: the no-sanctions bars, the
        # scenario's, then each compared series' ghosts (as arrays: a step asks ~1,500 times
        # whether a bar reaches a label's line, four pins drawn).
        bottoms = [self._y, self._y - BAR_HEIGHT]
        tops = [self._y + BAR_HEIGHT, self._y]
        reaches = [np.asarray(base, dtype=float), np.asarray(scen, dtype=float)]
        for order, series in enumerate(compared):
            thick = BAR_HEIGHT * (1.0 + GHOST_GROW * order)
            bottoms.append(centre - thick / 2)
            tops.append(centre + thick / 2)
            reaches.append(np.minimum(series.result.scenario_usd_m, limit).astype(float))
        bottom, top, reach_end = (
            np.concatenate(a)[np.newaxis, :] for a in (bottoms, tops, reaches)
        )
        # The line's height less a pixel of leading at each edge, where no glyph is drawn.
        half = (text_height_px(self.value_labels[0].font()) / 2 - LEADING_PX) / row_px

        def start_at(at: np.ndarray) -> np.ndarray:
            """Each row's label's left end with its line centred at `at`: past every bar the
            line reaches, and never before the row's own end."""
            low, high = (at - half)[:, np.newaxis], (at + half)[:, np.newaxis]
            reached = np.where((bottom < high) & (top > low), reach_end, -np.inf).max(axis=1)
            placed: np.ndarray = np.maximum(starts, reached)
            return placed

        centred = start_at(centre)
        # Lowered only where it stays clear of the next row's label (centred on its bar).
        apart = 0.1 / row_px
        if not 3 * half + apart <= 1 + BAR_HEIGHT / 2:
            return centred, centre.copy()
        under = self._y - half - apart
        lowered = start_at(under)
        nearer = lowered < centred  # the lowered line only where it keeps the label nearer
        starts = np.where(nearer, lowered, centred)
        heights = np.where(nearer, under, centre)
        return starts, heights

    def bar_at(self, x: float, y: float) -> int | None:
        """The channel whose row (baseline and scenario bars) is under the point."""
        row = round(y)
        n = len(CHANNEL_IDS)
        if not 0 <= row < n or abs(y - row) > 0.5:
            return None
        return n - 1 - row

    def hover_text_for(self, index: int) -> str:
        answer = self.answer
        assert answer is not None
        result = answer.result
        channel = CHANNEL_IDS[index]
        value = float(result.scenario_usd_m[index])
        base = float(result.baseline_usd_m[index])
        lines = [
            f"{CHANNEL_LABELS[channel]}: {fmt.usd(value)} {per_period(answer.period)}, against "
            f"{fmt.usd(base)} with {answer.base_label}; {CHANNEL_BASIS[channel]}."
        ]
        for series in self.compared():
            lines.append(versus(series, fmt.usd(float(series.result.scenario_usd_m[index]))))
        return "\n".join(lines)

    def _show_bands(self, answer: Answer, view: View) -> None:
        """5-95 % whiskers on the scenario and the no-sanctions bars, for the answer's period,
        while the view shows bands and an analysis for the period is at hand; grey and dashed
        while stale (the scenario has moved since they were computed). Redrawn only when they
        change."""
        analysis = answer.analysis if view.bands else None
        # A moment-old analysis of the period shown before has no whiskers for these bars.
        same = analysis is not None and analysis.period == answer.period
        bands = analysis.bands if analysis is not None and same else None
        fresh = answer.analysis_fresh
        shown, was_fresh = self._bands
        if bands is shown and (fresh == was_fresh or bands is None):
            return
        self._bands = (bands, fresh)
        legend = self.getPlotItem().legend
        legend.removeItem(self.band_whiskers)
        if bands is None:
            self.band_whiskers.setVisible(False)
            self.set_extra_span("bands", "x", None)
            self.cache_static(legend)
            return
        low = np.concatenate([bands.channel_p5, bands.baseline_channel_p5])
        high = np.concatenate([bands.channel_p95, bands.baseline_channel_p95])
        self.band_whiskers.setData(
            x=low,
            y=self.band_y,
            left=np.zeros_like(low),
            right=high - low,
            pen=self.band_pen if fresh else self.stale_band_pen,
        )
        self.band_whiskers.setVisible(True)
        legend.addItem(self.band_whiskers, BAND_LEGEND if fresh else f"{BAND_LEGEND} (updating)")
        self.cache_static(legend)
        self.set_extra_span("bands", "x", (0.0, float(high.max()) * 1.05))

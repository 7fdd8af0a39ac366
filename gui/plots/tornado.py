"""Tornado: each uncertain assumption moved alone to its plausible low and high, the bars sorted
by how far they move the net change for the answer's period. The assumptions a brief must hedge
come first."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from dprk_explorer.gui import palette
from dprk_explorer.gui.plots.base import AnalysisPlot
from dprk_explorer.gui.plots.items import ValueLabel, curve_swatch
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.answer_words import measured_from, per_period, usd_label
from dprk_explorer.gui.view_state import View
from dprk_explorer.model import PARAMETERS
from dprk_explorer.model.analysis.tornado import Tornado
from dprk_explorer.model.answer import Answer
from dprk_explorer.model.parameters import UNCERTAIN_IDS
from dprk_explorer.model.period import Period

BAR_HEIGHT = 0.42
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
        item.setLabel("bottom", usd_label("Net change", Period()))  # the answer's (show_answer)
        item.showGrid(x=True, y=False, alpha=0.25)
        legend = self.add_legend_below(columns=3)
        legend.addItem(self.low_bars, "Low")
        legend.addItem(self.high_bars, "High")
        legend.addItem(curve_swatch(centre_pen), "As set")
        item.setMouseEnabled(x=False, y=False)
        self.rows: list[str] = []
        self._shown: tuple[Tornado | None, bool] = (None, True)
        self.setToolTip(TIP.format(per="a year"))

    def show_answer(self, answer: Answer, view: View) -> None:
        """The tornado of the answer's analysis (for its period); faded while it is for the
        scenario a moment ago. Redrawn only when the tornado or its freshness changes."""
        analysis = answer.analysis
        chart = analysis.tornado if analysis is not None else None
        fresh = answer.analysis_fresh
        shown, was_fresh = self._shown
        if chart is shown and fresh == was_fresh:
            return
        self._shown = (chart, fresh)
        if chart is None:
            self.rows = []
            self.low_bars.setOpts(x0=[0.0], y=[0.0], width=[0.0])
            self.high_bars.setOpts(x0=[0.0], y=[0.0], width=[0.0])
            self.empty_note.setVisible(False)
            for label in self.row_labels:
                label.setVisible(False)
            return
        self._draw(chart, fresh, answer)

    def _draw(self, chart: Tornado, fresh: bool, answer: Answer) -> None:
        bars = [bar for bar in chart.bars if bar.moves]
        self.rows = [bar.parameter for bar in bars]
        n = len(bars)
        item = self.getPlotItem()
        item.setLabel("bottom", usd_label("Net change", chart.period))
        centre = chart.net_change_usd_m
        self.centre.setValue(centre)
        per = per_period(chart.period)
        self.setToolTip(
            f"{TIP.format(per=per)}\n\nNet change as set: {fmt.usd(centre, signed=True)} "
            f"{per} ({measured_from(answer, chart.period)})."
        )
        self.empty_note.setVisible(n == 0)
        for label in self.row_labels[n:]:
            label.setVisible(False)
        if n == 0:
            self.low_bars.setOpts(x0=[0.0], y=[0.0], width=[0.0])
            self.high_bars.setOpts(x0=[0.0], y=[0.0], width=[0.0])
            item.setYRange(-1.0, 1.0, padding=0)
            self.fit_range("x", min(centre, 0.0) - 1.0, max(centre, 0.0) + 1.0)
            self.empty_note.setPos(centre, 0.0)
            return
        y = np.arange(n - 1, -1, -1, dtype=float)  # widest at the top
        at_low = np.array([bar.net_at_low_usd_m for bar in bars])
        at_high = np.array([bar.net_at_high_usd_m for bar in bars])
        self.low_bars.setOpts(
            x0=np.minimum(at_low, centre), y=y, width=np.abs(at_low - centre), height=BAR_HEIGHT
        )
        self.high_bars.setOpts(
            x0=np.minimum(at_high, centre), y=y, width=np.abs(at_high - centre), height=BAR_HEIGHT
        )
        for bars_item in (self.low_bars, self.high_bars):
            bars_item.setOpacity(1.0 if fresh else self.STALE_OPACITY)
        item.setYRange(-0.6, n - 0.25, padding=0)
        low = float(min(at_low.min(), at_high.min(), centre))
        high = float(max(at_low.max(), at_high.max(), centre))
        pad = 0.08 * max(high - low, 1.0)
        # Around the bars, not from zero: a year's net change of −$3.6 bn moved by ±$0.2 bn
        # would be a sliver beside an axis from zero.
        self.set_range("x", low - pad, high + pad)
        left = item.getViewBox().viewRange()[0][0]
        for label, row, bar in zip(self.row_labels, y, bars, strict=False):
            label.set(row_label(bar.parameter), left, float(row + BAR_HEIGHT / 2 + 0.02))
            label.setVisible(True)

"""Revenue by channel: 2016 baseline against the scenario, horizontal grouped bars, USD m/yr."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtGui

from gui import palette
from gui.plots.base import ResultPlot, set_label
from model import Result
from model.evaluate import CHANNEL_SHORT_LABELS
from model.resources import CHANNEL_IDS

BAR_HEIGHT = 0.38


class ChannelPlot(ResultPlot):
    def __init__(self) -> None:
        super().__init__("Revenue by channel, 2016 vs scenario", left_axis_px=100)
        item = self.getPlotItem()
        n = len(CHANNEL_IDS)
        # Coal at the top: row i is drawn at y = n - 1 - i.
        self._y = np.arange(n - 1, -1, -1, dtype=float)
        self.baseline = pg.BarGraphItem(
            x0=np.zeros(n),
            y=self._y + BAR_HEIGHT / 2,
            height=BAR_HEIGHT,
            width=np.zeros(n),
            brush=palette.brush(palette.LIGHT_GREY),
            pen=palette.pen(palette.BASELINE, 1.0),
        )
        self.scenario = pg.BarGraphItem(
            x0=np.zeros(n),
            y=self._y - BAR_HEIGHT / 2,
            height=BAR_HEIGHT,
            width=np.zeros(n),
            brush=palette.brush(palette.SCENARIO),
            pen=palette.pen(palette.SCENARIO, 1.0),
        )
        item.addItem(self.baseline)
        item.addItem(self.scenario)
        self.value_labels = []
        font = QtGui.QFont()
        font.setPointSize(palette.AXIS_FONT_PT - 1)
        for _ in range(n):
            text = pg.TextItem("", color="#1A1A1A", anchor=(0, 0.5))
            text.setFont(font)
            item.addItem(text)
            self.value_labels.append(text)
        left = item.getAxis("left")
        left.setTicks(
            [[(y, CHANNEL_SHORT_LABELS[c]) for y, c in zip(self._y, CHANNEL_IDS, strict=True)]]
        )
        left.setStyle(tickLength=0)
        item.setLabel("bottom", "Revenue (USD m per year)")
        item.showGrid(x=True, y=False, alpha=0.25)
        legend = self.add_legend_below(columns=2)
        legend.addItem(self.baseline, "2016 baseline")
        legend.addItem(self.scenario, "Scenario")
        item.setMouseEnabled(x=False, y=False)
        item.setYRange(-0.6, n - 0.4, padding=0)
        self.setToolTip(
            "Annual revenue by channel. Grey: the 2016 baseline (sources in docs/model.md); "
            "blue: the scenario's steady state."
        )

    def show_result(self, result: Result) -> None:
        base, scen = result.baseline_usd_m, result.scenario_usd_m
        self.baseline.setOpts(width=base)
        self.scenario.setOpts(width=scen)
        top = float(max(base.max(), scen.max(), 1.0))
        for label, y, value in zip(self.value_labels, self._y, scen, strict=True):
            set_label(label, f"{value:,.0f}", float(value) + top * 0.01, float(y - BAR_HEIGHT / 2))
        # Room on the right for the value labels and the legend.
        self.fit_range("x", 0.0, top * 1.15)

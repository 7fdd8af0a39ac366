"""Revenue by channel: 2016 baseline against the scenario, horizontal grouped bars, USD m/yr."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.pins import Pin, legend_name
from dprk_explorer.gui.plots.base import ResultPlot
from dprk_explorer.gui.plots.items import Bars, legend_swatch
from dprk_explorer.model import Result
from dprk_explorer.model.analysis.bands import Bands
from dprk_explorer.model.evaluate import CHANNEL_SHORT_LABELS
from dprk_explorer.model.resources import CHANNEL_IDS

BAR_HEIGHT = 0.38
#: Pinned scenarios' markers sit on the scenario bar, each pin slot a little higher or lower.
PIN_OFFSETS = (-0.45 * BAR_HEIGHT, -0.15 * BAR_HEIGHT, 0.15 * BAR_HEIGHT, 0.45 * BAR_HEIGHT)
PIN_SIZE = 9
BAND_PEN = palette.BAND_PEN
STALE_BAND_PEN = palette.STALE_BAND_PEN
BAND_LEGEND = "5-95 % range"


class ChannelPlot(ResultPlot):
    def __init__(self, *, print_scale: float | None = None) -> None:
        super().__init__(
            "Revenue by channel, 2016 vs scenario", left_axis_px=100, print_scale=print_scale
        )
        item = self.getPlotItem()
        n = len(CHANNEL_IDS)
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
        item.setLabel("bottom", "Revenue (USD m per year)")
        item.showGrid(x=True, y=False, alpha=0.25)
        legend = self.add_legend_below(columns=2)
        legend.addItem(legend_swatch(base_brush, base_pen), "2016 baseline")
        legend.addItem(legend_swatch(scen_brush, scen_pen), "Scenario")
        item.setMouseEnabled(x=False, y=False)
        item.setYRange(-0.6, n - 0.4, padding=0)
        self.setToolTip(
            "Annual revenue by channel. Grey: the 2016 baseline (sources in docs/model.md); "
            "blue: the scenario's steady state."
        )
        # Uncertainty (gui.analysis_runner): 5-95 % whiskers on every bar, hidden until asked for.
        self.band_pen, self.stale_band_pen = self.scaled(BAND_PEN), self.scaled(STALE_BAND_PEN)
        self.band_whiskers = pg.ErrorBarItem(
            x=np.zeros(2 * n), y=np.zeros(2 * n), beam=BAR_HEIGHT * 0.5, pen=self.band_pen
        )
        self.band_whiskers.setZValue(22)
        self.band_whiskers.setVisible(False)
        item.addItem(self.band_whiskers, ignoreBounds=True)
        self.band_y = np.concatenate([self._y - BAR_HEIGHT / 2, self._y + BAR_HEIGHT / 2])
        # Pinned scenarios (gui.pins): one marker series per pin slot, hidden while unused.
        self.pin_markers = self.make_pin_markers(size=PIN_SIZE, z=20)
        # The scenario's value labels stay readable over a pin marker at the bar's end; the view
        # does not clip, so a pin at zero shows whole over the axis (the range holds all data).
        for label in self.value_labels:
            label.setZValue(25)
        item.getViewBox().setFlag(
            QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape, False
        )

    def show_result(self, result: Result) -> None:
        base, scen = result.baseline_usd_m, result.scenario_usd_m
        self.baseline.set_rects(0.0, self._y, base, BAR_HEIGHT)
        self.scenario.set_rects(0.0, self._y - BAR_HEIGHT, scen, BAR_HEIGHT)
        top = float(max(base.max(), scen.max(), 1.0))
        for label, y, value in zip(self.value_labels, self._y, scen, strict=True):
            label.set(f"{value:,.0f}", float(value) + top * 0.01, float(y - BAR_HEIGHT / 2))
        # Room on the right for the value labels and the legend.
        self.fit_range("x", 0.0, top * 1.15)

    def show_pins(self, pins: list[Pin]) -> None:
        """Each pin's revenue by channel as markers on the scenario bars, named in the legend."""
        legend = self.getPlotItem().legend
        for markers in self.pin_markers:
            markers.setVisible(False)
            legend.removeItem(markers)
        top = 0.0
        for pin in pins:
            markers = self.pin_markers[pin.slot]
            values = pin.result.scenario_usd_m
            markers.setData(
                x=values,
                y=self._y - BAR_HEIGHT / 2 + PIN_OFFSETS[pin.slot],
                symbol=pin.symbol,
                brush=palette.brush(pin.colour),
                pen=self.outline_pen(),
                size=PIN_SIZE,
            )
            markers.setToolTip(f"Pin '{pin.name}': its revenue by channel")
            markers.setVisible(True)
            legend.addItem(markers, legend_name(pin, 110))
            top = max(top, float(values.max()))
        self.cache_static(legend)
        self.set_pin_span("x", (0.0, top * 1.05) if pins else None)

    def show_bands(self, bands: Bands | None, fresh: bool = True) -> None:
        """5-95 % whiskers on the scenario and the baseline bars (None: hide them); grey and
        dashed while stale (the scenario has moved since they were computed)."""
        if bands is None and not self.band_whiskers.isVisible():
            return  # already hidden: nothing to redo when an analysis goes stale
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

"""Offset waterfall: the coal revenue lost, what other bans take, what smuggling, unbanned exports
and labour win back, ending at the net change (USD m/yr). The picture of "revenue offsets"."""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtGui

from dprk_explorer.gui import palette
from dprk_explorer.gui.pins import Pin, legend_name
from dprk_explorer.gui.plots.base import ResultPlot
from dprk_explorer.gui.plots.items import Bars, Curve
from dprk_explorer.gui.text.format import MINUS
from dprk_explorer.model import Result
from dprk_explorer.model.evaluate import STEP_LABELS
from dprk_explorer.model.flows import STEP_IDS
from dprk_explorer.model.resources import CHANNEL_IDS

STEP_COLOURS = {
    "coal_lost": palette.LOSS,
    "other_bans_lost": palette.OTHER_BANS,
    "smuggling": palette.GAIN_SMUGGLING,
    "redirected_exports": palette.GAIN_EXPORTS,
    "labour": palette.GAIN_LABOUR,
}
BAR_WIDTH = 0.62
#: Pinned scenarios' markers: side by side across each bar, one position per pin slot.
PIN_OFFSETS = (-0.3 * BAR_WIDTH, -0.1 * BAR_WIDTH, 0.1 * BAR_WIDTH, 0.3 * BAR_WIDTH)
PIN_SIZE = 10
#: The loss bars (coal lost, other bans) carry hatching: losses read as losses in greyscale.
HATCHED_STEPS = ("coal_lost", "other_bans_lost")
COAL = CHANNEL_IDS.index("coal")


def _brush(step: str) -> QtGui.QBrush:
    colour = STEP_COLOURS.get(step, palette.NET)
    return palette.brush(colour)


class WaterfallPlot(ResultPlot):
    def __init__(self, *, print_scale: float | None = None) -> None:
        super().__init__(
            "Offset waterfall: coal lost and what is won back", print_scale=print_scale
        )
        item = self.getPlotItem()
        # Two-line tick labels: six categories fit side by side in a quarter of the window.
        self.labels = [
            *(STEP_LABELS[s].replace(" ", "\n", 1) for s in STEP_IDS),
            "Net\nchange",
        ]
        n = len(self.labels)
        self._x = np.arange(n, dtype=float)
        brushes = [_brush(s) for s in STEP_IDS] + [palette.brush(palette.NET)]
        self.bars = Bars(item, n, brushes, [self.pen(palette.BAR_OUTLINE, 1.0)] * n, z=1)
        # Hatching over the loss bars tells losses from gains in greyscale print too.
        self._hatched = np.array([STEP_IDS.index(s) for s in HATCHED_STEPS])
        hatch = palette.brush(*palette.HATCH, style=QtCore.Qt.BrushStyle.BDiagPattern)
        no_pen = QtGui.QPen(QtCore.Qt.PenStyle.NoPen)
        k = len(HATCHED_STEPS)
        self.hatch = Bars(item, k, [hatch] * k, [no_pen] * k, z=2)
        self.zero = Curve(self.pen(palette.BASELINE, 1.5))
        self.zero.setData([-1.0, n], [0.0, 0.0])
        item.addItem(self.zero, ignoreBounds=True)
        self.zero.setZValue(0.5)
        self.connectors = Curve(
            self.pen(palette.CONNECTOR, 1.0, QtCore.Qt.PenStyle.DotLine), "pairs"
        )
        item.addItem(self.connectors, ignoreBounds=True)
        self.connectors.setZValue(3)
        self.value_labels = self.make_value_labels(n, anchor=(0.5, 1))
        bottom = item.getAxis("bottom")
        bottom.setTicks([[(x, label) for x, label in zip(self._x, self.labels, strict=True)]])
        bottom.setStyle(tickLength=0, tickTextOffset=4)
        bottom.setHeight(46)
        item.setLabel("left", "Change against 2016 (USD m per year)")
        item.showGrid(x=False, y=True, alpha=0.25)
        item.setMouseEnabled(x=False, y=False)
        item.setXRange(-0.6, n - 0.4, padding=0)
        self.setToolTip(
            "Red: official coal revenue the ban stops. Yellow: revenue other bans stop. "
            "Orange, green, purple: what smuggling, unbanned exports and labour (workers in China, "
            "garment processing) win back. Blue: the net change against 2016."
        )
        # Pinned scenarios (gui.pins): one marker series per pin slot, hidden while unused.
        self.pin_markers = self.make_pin_markers(size=PIN_SIZE, z=20)
        # Names the pins' markers; hidden (and taking no room) while there are no pins.
        self.pin_legend = self.add_legend_below(columns=2)
        self.pin_legend.setVisible(False)

    def show_result(self, result: Result) -> None:
        steps = np.array([result.steps_usd_m[s] for s in STEP_IDS])
        ends = np.cumsum(steps)
        starts = ends - steps
        net = result.net_change_usd_m
        y0 = np.append(starts, 0.0)
        height = np.append(steps, net)
        left = self._x - BAR_WIDTH / 2
        self.bars.set_rects(left, y0, BAR_WIDTH, height)
        hatched = self._hatched
        self.hatch.set_rects(left[hatched], y0[hatched], BAR_WIDTH, height[hatched])
        # Dotted connectors from each bar's end to the next bar's start.
        xs = np.repeat(self._x[:-1], 2)
        xs[0::2] += BAR_WIDTH / 2
        xs[1::2] += 1 - BAR_WIDTH / 2
        levels = np.append(ends, net)[:-1]
        self.connectors.setData(xs, np.repeat(levels, 2))
        low = float(min(0.0, (y0 + np.minimum(height, 0)).min()))
        high = float(max(0.0, (y0 + np.maximum(height, 0)).max()))
        span = max(high - low, 1.0)
        for x, label, start, h in zip(self._x, self.value_labels, y0, height, strict=True):
            text = f"{MINUS if h < -0.5 else ('+' if h > 0.5 else '')}{abs(h):,.0f}"
            top = max(start, start + h)
            label.set(text, float(x), float(top + span * 0.015))
        # A floor of a quarter of the 2016 coal revenue keeps the scale still while compliance
        # grows from zero, and keeps small effects looking small.
        floor = 0.25 * float(result.baseline_usd_m[COAL])
        self.fit_range("y", min(low - span * 0.05, -floor), max(high + span * 0.12, 0.1 * floor))

    def show_pins(self, pins: list[Pin]) -> None:
        """Each pin's running total after every step, and its net change, as markers."""
        for markers in self.pin_markers:
            markers.setVisible(False)
            self.pin_legend.removeItem(markers)
        low, high = 0.0, 0.0
        for pin in pins:
            steps = np.array([pin.result.steps_usd_m[s] for s in STEP_IDS])
            levels = np.append(np.cumsum(steps), pin.result.net_change_usd_m)
            markers = self.pin_markers[pin.slot]
            markers.setData(
                x=self._x + PIN_OFFSETS[pin.slot],
                y=levels,
                symbol=pin.symbol,
                brush=palette.brush(pin.colour),
                pen=self.outline_pen(),
                size=PIN_SIZE,
            )
            markers.setToolTip(
                f"Pin '{pin.name}': where its running total stands after each step, "
                "and its net change"
            )
            markers.setVisible(True)
            self.pin_legend.addItem(markers, legend_name(pin, 140))
            low, high = min(low, float(levels.min())), max(high, float(levels.max()))
        self.pin_legend.setVisible(bool(pins))
        self.cache_static(self.pin_legend)
        pad = 0.06 * max(high - low, 1.0)
        self.set_pin_span("y", (low - pad, high + pad) if pins else None)

"""Attribution: the net change split among the three levers (Shapley values), beside what each
lever does when moved alone; the gap between the two totals is the interaction."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtGui

from dprk_explorer.gui import palette
from dprk_explorer.gui.plots.base import AnalysisPlot
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.model import LEVER_IDS, PARAMETERS
from dprk_explorer.model.analysis.attribution import Attribution

BAR_HEIGHT = 0.36
ROWS = (*LEVER_IDS, "net")
#: Bars longer than this share of the axis carry their value label inside.
INSIDE_SHARE = 0.4
LABEL_FILL = palette.brush(*palette.LABEL_FILL)
ROW_LABELS = {**{pid: PARAMETERS[pid].short_label for pid in LEVER_IDS}, "net": "Net change"}


class AttributionPlot(AnalysisPlot):
    """Horizontal bars per lever: solid, its Shapley value; outlined, the lever moved alone."""

    def __init__(self, *, print_scale: float | None = None) -> None:
        super().__init__("Net change by lever", left_axis_px=80, print_scale=print_scale)
        item = self.getPlotItem()
        n = len(ROWS)
        self._y = np.arange(n - 1, -1, -1, dtype=float)  # the first lever at the top
        self.shapley = pg.BarGraphItem(
            x0=np.zeros(n),
            y=self._y + BAR_HEIGHT / 2,
            height=BAR_HEIGHT,
            width=np.zeros(n),
            brush=palette.brush(palette.SCENARIO),
            pen=self.pen(palette.SCENARIO, 1.0),
        )
        self.alone = pg.BarGraphItem(
            x0=np.zeros(n),
            y=self._y - BAR_HEIGHT / 2,
            height=BAR_HEIGHT,
            width=np.zeros(n),
            brush=palette.brush(palette.WHITE),
            pen=self.pen(palette.BLACK, 1.2),
        )
        item.addItem(self.alone)
        item.addItem(self.shapley)
        zero = pg.InfiniteLine(pos=0.0, angle=90, pen=self.pen(palette.AXIS, 1.0))
        item.addItem(zero, ignoreBounds=True)
        left = item.getAxis("left")
        left.setTicks([[(y, ROW_LABELS[r]) for y, r in zip(self._y, ROWS, strict=True)]])
        left.setStyle(tickLength=0)
        item.setLabel("bottom", "USD m per year")
        item.showGrid(x=True, y=False, alpha=0.25)
        legend = self.add_legend_below(columns=1)  # one column: the panel may be narrow
        legend.addItem(self.shapley, "Shapley value")
        legend.addItem(self.alone, "Moved alone")
        item.setMouseEnabled(x=False, y=False)
        item.setYRange(-1.05, n - 0.4, padding=0)  # room under the last row for the interaction
        self.value_labels = self.make_value_labels(n, anchor=(0, 0.5))
        self.interaction = pg.TextItem("", color=palette.BLACK, anchor=(1, 0))
        self.interaction.setZValue(30)
        item.addItem(self.interaction, ignoreBounds=True)
        self.setToolTip(
            "Solid: each lever's Shapley value, its effect averaged over every order in which the "
            "levers could be switched on from neutral; the three sum exactly to the net change.\n"
            "Outlined: each lever moved alone from neutral. The net change minus the sum of these "
            "is the interaction (e.g. laxity smuggles only what the ban blocks)."
        )

    def show_attribution(self, split: Attribution, fresh: bool = True) -> None:
        shapley = np.array([*(split.shapley_usd_m[p] for p in LEVER_IDS), split.net_change_usd_m])
        alone_values = [split.alone_usd_m[p] for p in LEVER_IDS]
        alone = np.array([*alone_values, sum(alone_values)])
        self.shapley.setOpts(x0=np.minimum(shapley, 0.0), width=np.abs(shapley))
        self.alone.setOpts(x0=np.minimum(alone, 0.0), width=np.abs(alone))
        for bars in (self.shapley, self.alone):
            bars.setOpacity(1.0 if fresh else self.STALE_OPACITY)
        low = float(min(shapley.min(), alone.min(), 0.0))
        high = float(max(shapley.max(), alone.max(), 0.0))
        span = max(high - low, 1.0)
        self.fit_range("x", low - 0.12 * span, high + 0.12 * span)
        x_low, x_high = self.getPlotItem().getViewBox().viewRange()[0]
        units_per_px = self.getPlotItem().getViewBox().viewPixelSize()[0]
        metrics = QtGui.QFontMetrics(self.value_labels[0].font())
        for label, y, value in zip(self.value_labels, self._y, shapley, strict=True):
            text = fmt.usd(float(value), signed=True)
            width = (metrics.horizontalAdvance(text) + 6) * units_per_px
            gap = 0.01 * span
            if abs(value) > INSIDE_SHARE * span:  # a long bar carries its number inside, white
                right_of, x, inside = value < 0, float(value) - np.sign(value) * gap, True
            elif (value >= 0 and value + gap + width <= x_high) or (
                value < 0 and (value - gap - width < x_low)
            ):
                right_of, x, inside = True, float(max(value, 0.0)) + gap, False
            else:  # no room beyond the bar's end: the other side of zero
                right_of, x, inside = False, float(min(value, 0.0)) - gap, False
            label.setAnchor((0.0 if right_of else 1.0, 0.5))
            label.setColor(palette.LABEL_TEXT_INSIDE if inside else palette.LABEL_TEXT)
            label.setFill(None if inside else LABEL_FILL)
            label.set(text, x, float(y + BAR_HEIGHT / 2))
        text = f"interaction {fmt.usd(split.interaction_usd_m, signed=True)}"
        self.interaction.setText(text if fresh else f"{text} (updating)")
        x_range = self.getPlotItem().getViewBox().viewRange()[0]
        self.interaction.setPos(x_range[1], -BAR_HEIGHT - 0.05)

    def set_stale(self) -> None:
        for bars in (self.shapley, self.alone):
            bars.setOpacity(self.STALE_OPACITY)
        text = self.interaction.toPlainText()
        if text and not text.endswith("(updating)"):
            self.interaction.setText(f"{text} (updating)")

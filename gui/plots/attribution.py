"""Attribution: the net change against no sanctions, for the answer's period, split among every
source in play (Shapley values): each lever, and each other named source that differs from no
sanctions (the bans as written, the 2020 border closure, other assumptions). The parts sum to
the net change; beside each, what it does when switched alone, and the interaction is what those
miss."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6 import QtGui

from dprk_explorer.gui import palette
from dprk_explorer.gui.plots.base import AnalysisPlot
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.answer_words import (
    OTHER_SOURCE_MEANINGS,
    measured_from,
    source_name,
    usd_label,
)
from dprk_explorer.gui.view_state import View
from dprk_explorer.model import LEVER_IDS, OTHER_SOURCE_IDS

if TYPE_CHECKING:
    from dprk_explorer.model.analysis.attribution import Attribution
    from dprk_explorer.model.answer import Answer

BAR_HEIGHT = 0.36
NET = "net"
#: Every row the chart can show, in order: the levers, the other sources, the net change.
ROWS = (*LEVER_IDS, *OTHER_SOURCE_IDS, NET)
#: Bars longer than this share of the axis carry their value label inside.
INSIDE_SHARE = 0.4
LABEL_FILL = palette.brush(*palette.LABEL_FILL)
TITLE = "Net change by source"
#: A row name longer than this takes two lines.
WRAP_CHARS = 12
#: What the chart says it shows (its tooltip), true for every scenario.
TIP = (
    "Solid: each source's Shapley value, its effect averaged over every order in which the "
    "sources could be switched from no sanctions to the scenario: each lever, and each other "
    "source in play ({others}). Shapley values, which sum to the net change.\n"
    "Outlined: each source switched alone from no sanctions. The net change minus the sum of "
    "these is the interaction (e.g. laxity smuggles only what the ban blocks)."
)


def row_label(row: str) -> str:
    """A row's name, on two lines when long ('The 2020\nborder closure'): the axis is narrow."""
    name = "Net change" if row == NET else source_name(row)
    if len(name) <= WRAP_CHARS or " " not in name:
        return name
    spaces = [i for i, c in enumerate(name) if c == " "]
    middle = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return f"{name[:middle]}\n{name[middle + 1 :]}"


def shown_rows(split: Attribution) -> tuple[str, ...]:
    """The sources the attribution splits the net change among (every lever, and each other
    source in play), in ROWS order, then the net change."""
    return (*(row for row in ROWS if row in split.shapley_usd_m), NET)


class AttributionPlot(AnalysisPlot):
    """Horizontal bars per source: solid, its Shapley value; outlined, the source alone."""

    def __init__(self, *, print_scale: float | None = None) -> None:
        super().__init__(TITLE, left_axis_px=100, print_scale=print_scale)
        item = self.getPlotItem()
        self.shapley = pg.BarGraphItem(
            x0=[0.0],
            y=[0.0],
            height=BAR_HEIGHT,
            width=[0.0],
            brush=palette.brush(palette.SCENARIO),
            pen=self.pen(palette.SCENARIO, 1.0),
        )
        self.alone = pg.BarGraphItem(
            x0=[0.0],
            y=[0.0],
            height=BAR_HEIGHT,
            width=[0.0],
            brush=palette.brush(palette.WHITE),
            pen=self.pen(palette.BLACK, 1.2),
        )
        item.addItem(self.alone)
        item.addItem(self.shapley)
        zero = pg.InfiniteLine(pos=0.0, angle=90, pen=self.pen(palette.AXIS, 1.0))
        item.addItem(zero, ignoreBounds=True)
        item.getAxis("left").setStyle(tickLength=0)
        item.showGrid(x=True, y=False, alpha=0.25)
        legend = self.add_legend_below(columns=1)  # one column: the panel may be narrow
        legend.addItem(self.shapley, "Shapley value")
        legend.addItem(self.alone, "Alone")
        item.setMouseEnabled(x=False, y=False)
        # A fixed pool: one value label per row the chart can show.
        self.value_labels = self.make_value_labels(len(ROWS), anchor=(0, 0.5))
        self.interaction = pg.TextItem("", color=palette.BLACK, anchor=(1, 0))
        self.interaction.setZValue(30)
        item.addItem(self.interaction, ignoreBounds=True)
        #: The rows drawn, top to bottom (source ids, then "net").
        self.rows: tuple[str, ...] = ()
        self._shown: tuple[Attribution | None, bool] = (None, True)
        self._answer: Answer | None = None
        self.setToolTip(TIP.format(others="none"))
        # Where a value label fits is measured in pixels: a new size places them again.
        item.getViewBox().sigResized.connect(self._resized)

    def show_answer(self, answer: Answer, view: View) -> None:
        """The attribution of the answer's analysis (for its period); faded while it is for the
        scenario a moment ago. Redrawn only when the attribution or its freshness changes."""
        analysis = answer.analysis
        split = analysis.attribution if analysis is not None else None
        fresh = answer.analysis_fresh
        shown, was_fresh = self._shown
        if split is shown and fresh == was_fresh:
            return
        self._shown = (split, fresh)
        self._answer = answer
        if split is None:
            self._clear()
            return
        self._draw(split, fresh, answer)

    def _resized(self) -> None:
        split, fresh = self._shown
        if split is not None and self._answer is not None:
            self._draw(split, fresh, self._answer)

    def _clear(self) -> None:
        self.rows = ()
        self.shapley.setOpts(x0=[0.0], y=[0.0], width=[0.0])
        self.alone.setOpts(x0=[0.0], y=[0.0], width=[0.0])
        for label in self.value_labels:
            label.setVisible(False)
        self.interaction.setText("")

    def _draw(self, split: Attribution, fresh: bool, answer: Answer) -> None:
        item = self.getPlotItem()
        self.rows = rows = shown_rows(split)
        n = len(rows)
        y = np.arange(n - 1, -1, -1, dtype=float)  # the first lever at the top
        item.getAxis("left").setTicks(
            [[(float(at), row_label(row)) for at, row in zip(y, rows, strict=True)]]
        )
        item.setLabel("bottom", usd_label("Net change", split.period))
        item.setYRange(-1.05, n - 0.4, padding=0)  # room under the last row for the interaction
        sources = rows[:-1]
        shapley = np.array([*(split.shapley_usd_m[s] for s in sources), split.net_change_usd_m])
        # The net change's row has no "alone" bar: it is no source.
        alone = np.array([split.alone_usd_m[s] for s in sources])
        self.shapley.setOpts(
            x0=np.minimum(shapley, 0.0), y=y + BAR_HEIGHT / 2, width=np.abs(shapley)
        )
        self.alone.setOpts(
            x0=np.minimum(alone, 0.0), y=y[:-1] - BAR_HEIGHT / 2, width=np.abs(alone)
        )
        for bars in (self.shapley, self.alone):
            bars.setOpacity(1.0 if fresh else self.STALE_OPACITY)
        low = float(min(shapley.min(), alone.min(initial=0.0), 0.0))
        high = float(max(shapley.max(), alone.max(initial=0.0), 0.0))
        span = max(high - low, 1.0)
        self.fit_range("x", low - 0.12 * span, high + 0.12 * span)
        x_low, x_high = item.getViewBox().viewRange()[0]
        units_per_px = item.getViewBox().viewPixelSize()[0]
        metrics = QtGui.QFontMetrics(self.value_labels[0].font())
        for label in self.value_labels[n:]:
            label.setVisible(False)
        for label, at, value in zip(self.value_labels, y, shapley, strict=False):
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
            label.set(text, x, float(at + BAR_HEIGHT / 2))
            label.setVisible(True)
        text = f"interaction {fmt.usd(split.interaction_usd_m, signed=True)}"
        self.interaction.setText(text if fresh else f"{text} (updating)")
        x_range = item.getViewBox().viewRange()[0]
        self.interaction.setPos(x_range[1], -BAR_HEIGHT - 0.05)
        others = [s for s in sources if s not in LEVER_IDS]
        self.setToolTip(
            f"The net change {measured_from(answer, split.period)}, by source.\n"
            + TIP.format(
                others="; ".join(f"{source_name(s)}: {OTHER_SOURCE_MEANINGS[s]}" for s in others)
                or "none here"
            )
        )

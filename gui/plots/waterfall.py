"""Offset waterfall: the coal revenue lost, what other bans take, what smuggling, unbanned exports
and labour win back, ending at the net change against no sanctions in the answer's period (USD m
per year in the steady state, summed over a year or span). The picture of "revenue offsets"."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from dprk_explorer.gui import palette
from dprk_explorer.gui.pins import reach
from dprk_explorer.gui.plots.comparison import GHOST_GROW, ComparedPlot, headroom, versus
from dprk_explorer.gui.plots.items import Bars, Curve, ValueLabel
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.answer_words import against_base, per_period, usd_label
from dprk_explorer.gui.text.format import MINUS
from dprk_explorer.gui.text.labels import ROUTE_CHINA_GOVERNS, ROUTE_GROUP_WORDS, STEP_LABELS
from dprk_explorer.model import STEP_IDS, Result
from dprk_explorer.model.sources.resources import CHANNEL_IDS

if TYPE_CHECKING:
    from dprk_explorer.model.answer import Answer

STEP_COLOURS = {
    "coal_lost": palette.LOSS,
    "other_bans_lost": palette.OTHER_BANS,
    "smuggling": palette.GAIN_SMUGGLING,
    "redirected_exports": palette.GAIN_EXPORTS,
    "labour": palette.GAIN_LABOUR,
    "labour_russia": palette.GAIN_RUSSIA_LABOUR,
    "cyber_theft": palette.GAIN_CYBER,
    "arms_transfers": palette.GAIN_ARMS,
}
BAR_WIDTH = 0.62
#: The last column: the net change, not a step.
NET = "net"
STEP_NAMES = {**STEP_LABELS, NET: "Net change"}
#: Where a tick name may break when a printed waterfall is narrow (a word too long for a
#: column): the correct hyphenation of each long word.
HYPHENATED = {"Smuggling": "Smug-\ngling", "Unbanned": "Un-\nbanned"}
#: The least room (px) between two tick names side by side.
TICK_GAP_PX = 4.0
#: What each column means, in words, for its hover tooltip.
STEP_MEANINGS = {
    "coal_lost": "official coal exports the bans stop",
    "other_bans_lost": "other banned exports that stop (and, in 2020, what the border closure "
    "stops)",
    "smuggling": "coal and goods crossing the border off the books",
    "redirected_exports": "revenue moved onto exports no ban covers",
    "labour": "the state's take from workers abroad and garment processing in China",
    "labour_russia": "the state's take from workers sent to Russia since 2024 (not China's)",
    "cyber_theft": "crypto-assets stolen and turned into hard currency (not China's)",
    "arms_transfers": "munitions sent to Russia from Sep 2023, a wide assumption (not China's)",
    NET: "all the steps together: revenue {against}",
}
#: A compared series' step beyond the axis edge (gui.pins.reach): its ghost stops there.
UP, DOWN = "↑", "↓"
#: The loss bars (coal lost, other bans) carry hatching: losses read as losses in greyscale.
HATCHED_STEPS = ("coal_lost", "other_bans_lost")
COAL = CHANNEL_IDS.index("coal")
#: The columns in drawing order: what the bans take, then the routes China's enforcement
#: governs, then the routes it does not (the model's ROUTE_CHINA_GOVERNS), so each group of routes
#: stands together under its caption.
LOSS_STEPS = tuple(s for s in STEP_IDS if s not in ROUTE_CHINA_GOVERNS)
GOVERNED_STEPS = tuple(s for s in STEP_IDS if ROUTE_CHINA_GOVERNS.get(s) is True)
NOT_GOVERNED_STEPS = tuple(s for s in STEP_IDS if ROUTE_CHINA_GOVERNS.get(s) is False)
COLUMN_STEPS = (*LOSS_STEPS, *GOVERNED_STEPS, *NOT_GOVERNED_STEPS)


def wrapped(text: str, room_px: float, width_px: Callable[[str], float]) -> str:
    """The text's words in as few lines as fit `room_px` (a word longer than that keeps a line
    of its own): a caption over a group of narrow columns."""
    lines: list[str] = []
    for word in text.split():
        if lines and width_px(f"{lines[-1]} {word}") <= room_px:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


#: The caption over each group of routes.
GROUP_CAPTIONS = {"governed": ROUTE_GROUP_WORDS[True], "not_governed": ROUTE_GROUP_WORDS[False]}


def _brush(step: str) -> QtGui.QBrush:
    colour = STEP_COLOURS.get(step, palette.NET)
    return palette.brush(colour)


class WaterfallPlot(ComparedPlot):
    def __init__(self, *, print_scale: float | None = None) -> None:
        super().__init__(
            "Offset waterfall: coal lost and what is won back",
            len(STEP_IDS) + 1,
            print_scale=print_scale,
        )
        item = self.getPlotItem()
        # Two-line tick labels: nine categories fit side by side in a quarter of the window.
        self.labels = [
            *(STEP_LABELS[s].replace(" ", "\n", 1) for s in COLUMN_STEPS),
            "Net\nchange",
        ]
        n = len(self.labels)
        self._x = np.arange(n, dtype=float)
        brushes = [_brush(s) for s in COLUMN_STEPS] + [palette.brush(palette.NET)]
        self.bars = Bars(item, n, brushes, [self.pen(palette.BAR_OUTLINE, 1.0)] * n, z=1)
        # Hatching over the loss bars tells losses from gains in greyscale print too.
        self._hatched = np.array([COLUMN_STEPS.index(s) for s in HATCHED_STEPS])
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
        # A dashed divider between the routes China's enforcement governs and those it does
        # not, and a caption over each group, at the top of the view.
        first_governed = len(LOSS_STEPS)
        first_other = first_governed + len(GOVERNED_STEPS)
        #: Each group's columns (first, last) by caption key.
        self.groups = {
            "governed": (first_governed, first_other - 1),
            "not_governed": (first_other, first_other + len(NOT_GOVERNED_STEPS) - 1),
        }
        self.divider = pg.InfiniteLine(
            pos=first_other - 0.5,
            angle=90,
            pen=self.pen(palette.CONNECTOR, 1.0, QtCore.Qt.PenStyle.DashLine),
            movable=False,
        )
        item.addItem(self.divider, ignoreBounds=True)
        self.divider.setZValue(0.6)
        caption_font = QtGui.QFont()
        caption_font.setPointSize(palette.AXIS_FONT_PT - 1)
        caption_font.setItalic(True)
        self._caption_metrics = QtGui.QFontMetricsF(caption_font)
        self.captions: dict[str, ValueLabel] = {}
        for key in self.groups:
            caption = ValueLabel(anchor=(0.5, 0), font=caption_font)
            item.addItem(caption, ignoreBounds=True)
            caption.setZValue(24)
            self.captions[key] = caption
        bottom = item.getAxis("bottom")
        bottom.setStyle(tickLength=0, tickTextOffset=4)
        self._tick_names: list[str] = []
        self.fit_tick_names()
        # The value axis and the tooltip name the answer's base (show_period).
        self._period_shown: tuple[str, ...] = ()
        item.showGrid(x=False, y=True, alpha=0.25)
        item.setMouseEnabled(x=False, y=False)
        item.setXRange(-0.6, n - 0.4, padding=0)
        # Names the compared series' ghosts; hidden (and taking no room) while there are none.
        self.pin_legend = self.add_legend_below(columns=2)
        self.pin_legend.setVisible(False)

    def narrow_tick_names(self) -> list[str]:
        """The tick names hyphenated where a word is too long for a narrow column."""
        return [
            "\n".join(HYPHENATED.get(word, word) for word in label.split("\n"))
            for label in self.labels
        ]

    def _resized(self) -> None:
        self.fit_tick_names()
        super()._resized()

    def fit_tick_names(self) -> None:
        """The tick names in two lines, or hyphenated (up to three lines) when the columns are
        too narrow for them: nine columns in the dock's quarter of a 1366×768 window. The axis
        is as tall as the names' lines (only on change: a new axis size re-lays out the plot)."""
        item = self.getPlotItem()
        bottom = item.getAxis("bottom")
        view_px = item.getViewBox().width()
        font = bottom.style["tickFont"] or QtGui.QFont()
        metrics = QtGui.QFontMetricsF(font)
        names = self.labels
        if view_px > 1:
            column_px = view_px / len(self._x)
            widest = max(metrics.horizontalAdvance(line) for n in names for line in n.split("\n"))
            if widest + TICK_GAP_PX > column_px:
                names = self.narrow_tick_names()
        if names == self._tick_names:
            return
        self._tick_names = names
        bottom.setTicks([list(zip(self._x, names, strict=True))])
        lines = max(n.count("\n") + 1 for n in names)
        bottom.setHeight(max(46, round(lines * metrics.lineSpacing() + 12)))

    def compare_legend(self) -> pg.LegendItem:
        return self.pin_legend

    def show_period(self, answer: Answer) -> None:
        """The value axis and the tooltip say what the steps are measured against."""
        against = against_base(answer)
        # The base in short (the unit names the period): as long as the old label, so it fits.
        axis = usd_label("Change vs no sanctions", answer.period)
        if (against, axis) == self._period_shown:
            return
        self._period_shown = (against, axis)
        self.getPlotItem().setLabel("left", axis)
        self.setToolTip(
            "Red: official coal revenue the ban stops. Yellow: revenue other bans stop. "
            "Orange, green, purple: what smuggling, unbanned exports and labour (workers in China, "
            f"garment processing) win back. Blue: the net change {against}."
        )

    def redraw(self) -> None:
        """The live steps, each compared series' same step as a ghost bar from the live bar's
        start (the net change from zero), and above each column the live value with each
        series' value under it in its colour: a step's own size against the pin's same step."""
        result = self.live
        if result is None:
            return
        steps = np.array([result.steps_usd_m[s] for s in COLUMN_STEPS])
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
        # A floor of a quarter of the coal revenue with no sanctions keeps the scale still while
        # compliance grows from zero, and keeps small effects looking small.
        floor = 0.25 * float(result.baseline_usd_m[COAL])
        live_low, live_high = min(low - span * 0.05, -floor), max(high, 0.1 * floor)
        reach_low, reach_high = reach(live_low, live_high)
        tops = np.maximum(y0, y0 + height)
        bottoms = np.minimum(y0, y0 + height)
        compared = self.compared()
        extras: list[list[tuple[str, str]]] = [[] for _ in self._x]
        for order, series in enumerate(compared):
            theirs = np.append(
                [series.result.steps_usd_m[s] for s in COLUMN_STEPS],
                series.result.net_change_usd_m,
            )
            end = np.clip(y0 + theirs, reach_low, reach_high)
            width = BAR_WIDTH * (1.0 + GHOST_GROW * order)
            self.ghosts[series.index].set_rects(self._x - width / 2, y0, width, end - y0)
            tops, bottoms = np.maximum(tops, end), np.minimum(bottoms, end)
            for column, value in enumerate(theirs):
                outside = y0[column] + value
                arrow = UP if outside > reach_high else (DOWN if outside < reach_low else "")
                extras[column].append(
                    (f"{series.glyph}{arrow}{signed_number(value)}", series.colour)
                )
        self.show_ghosts(compared)
        self.show_ghost_legend(compared)
        self.pin_legend.setVisible(bool(compared))
        gap = span * 0.015
        for x, label, h, top, parts in zip(
            self._x, self.value_labels, height, tops, extras, strict=True
        ):
            label.set(signed_number(h), float(x), float(top + gap))
            label.set_extras(parts, vertical=True)
        # Room above every column for its labels (and, over a group of routes, its caption),
        # measured in pixels.
        caption_px = self.place_caption_texts()
        bottom = min(live_low, float(bottoms.min()) - span * 0.05)
        view_px = self.getPlotItem().getViewBox().height()
        top_needed = max(
            headroom(
                bottom,
                float(top + gap),
                label.rect().height() + 4.0 + caption_px.get(column, 0.0),
                view_px,
            )
            for column, (label, top) in enumerate(zip(self.value_labels, tops, strict=True))
        )
        self.fit_range("y", bottom, max(top_needed, live_high))
        y_top = self._ranges["y"][1]
        for key, (first, last) in self.groups.items():
            caption = self.captions[key]
            caption.set(caption.toPlainText(), (first + last) / 2.0, y_top)

    def place_caption_texts(self) -> dict[int, float]:
        """Each group's caption wrapped to its columns' width; returns the height (px) each
        caption takes over each column its box reaches (its value label goes under it)."""
        view_px = self.getPlotItem().getViewBox().width()
        column_px = view_px / len(self._x) if view_px > 1 else 60.0
        taken: dict[int, float] = {}
        for key, (first, last) in self.groups.items():
            room = column_px * (last - first + 1) - 6.0
            caption = self.captions[key]
            caption.setText(
                wrapped(GROUP_CAPTIONS[key], room, self._caption_metrics.horizontalAdvance)
            )
            centre = (first + last) / 2.0
            half = caption.rect().width() / 2.0 / column_px
            for column in range(len(self._x)):
                if abs(column - centre) - BAR_WIDTH / 2 < half:
                    taken[column] = max(taken.get(column, 0.0), caption.rect().height() + 2.0)
        return taken

    def bar_at(self, x: float, y: float) -> int | None:
        """The step (or the net change) whose column is under the point."""
        column = round(x)
        if not 0 <= column < len(self._x) or abs(x - column) > 0.5:
            return None
        return column

    def hover_text_for(self, index: int) -> str:
        answer = self.answer
        assert answer is not None
        step = COLUMN_STEPS[index] if index < len(COLUMN_STEPS) else NET
        meaning = STEP_MEANINGS[step].format(against=against_base(answer))
        lines = [
            f"{STEP_NAMES[step]}: {step_amount(step, step_value(answer.result, step))} "
            f"{per_period(answer.period)} — {meaning}."
        ]
        for series in self.compared():
            lines.append(versus(series, step_amount(step, step_value(series.result, step))))
        return "\n".join(lines)


def step_value(result: Result, step: str) -> float:
    return result.net_change_usd_m if step == NET else float(result.steps_usd_m[step])


def step_amount(step: str, value: float) -> str:
    """'$206 m won back', '$708 m lost', '+$302 m' (the net change)."""
    if step == NET:
        return fmt.usd(value, signed=True)
    if abs(value) < 0.5:
        return "$0 m"
    return f"{fmt.usd(abs(value))} {'won back' if value > 0 else 'lost'}"


def signed_number(value: float) -> str:
    """A bar's value label: '+206', '−708', '0'."""
    return f"{MINUS if value < -0.5 else ('+' if value > 0.5 else '')}{abs(value):,.0f}"

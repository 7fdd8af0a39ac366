"""What the channel plot and the waterfall share to compare the live scenario with pins and the
record, bar by bar: each series as a ghost bar (an outline in its slot's colour and dash over a
light fill) on the live bar, its value side by side with the live value, for the same period as
the live bars (the answer's comparisons); and a hover tooltip on each bar that says its value,
its base and what it means.

A pin far outside the live bars would squash them if the axis took it in whole, so the axis
takes comparison series in only up to `gui.pins.reach`; beyond, a ghost stops at the edge and
its value carries an arrow ("●→2,300").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.pins import (
    COMPARED_STYLES,
    RECORD_INDEX,
    Compared,
    compares_with_record,
    legend_name_text,
)
from dprk_explorer.gui.plain_text import auto_text
from dprk_explorer.gui.plots.base import ResultPlot
from dprk_explorer.gui.plots.items import Bars, BoxSample, legend_swatch
from dprk_explorer.gui.text.answer_words import capitalised
from dprk_explorer.gui.view_state import View
from dprk_explorer.model import Result

if TYPE_CHECKING:
    from dprk_explorer.model.answer import Answer

#: Alpha of a ghost bar's fill: light enough that the live bar under it keeps its colour.
GHOST_ALPHA = 45
GHOST_PEN_PX = 1.6
#: Ghost bars sit over the live bars and under the value labels (z 25).
GHOST_Z = 4.0
#: Each further series' ghost is this share of the bar's thickness thicker, so outlines of
#: series with equal values stay apart.
GHOST_GROW = 0.2


def ghost_pen(colour: str, dash: tuple[float, ...], scale: float = 1.0) -> QtGui.QPen:
    pen = palette.pen(colour, GHOST_PEN_PX * scale)
    pen.setDashPattern(list(dash))
    return pen


class ComparedPlot(ResultPlot):
    """A ResultPlot of `count` bars with a ghost bar per bar for every pin and the record.

    Subclasses draw the live scenario and the ghosts in `redraw` (from `self.live` and
    `compared()`), and name a bar for the hover tooltip in `bar_at` and `hover_text`.
    """

    def __init__(
        self, title: str, count: int, *, left_axis_px: int = 58, print_scale: float | None = None
    ) -> None:
        super().__init__(title, left_axis_px=left_axis_px, print_scale=print_scale)
        #: The answer drawn and its figures for the period (None until the first answer).
        self.answer: Answer | None = None
        self.live: Result | None = None
        self._compared: list[Compared] = []
        item = self.getPlotItem()
        self.ghosts: list[Bars] = []
        self.ghost_swatches = []
        for colour, _, dash in COMPARED_STYLES:
            brush = palette.brush(colour, GHOST_ALPHA)
            pen = ghost_pen(colour, dash, self.print_scale)
            bars = Bars(item, count, [brush] * count, [pen] * count, z=GHOST_Z)
            bars.setVisible(False)
            # A pin's ghosts stay put while the live bars move under them: a blit, not a
            # dashed outline stroked again (~1 ms a pin over both plots, measured with
            # callgrind); a ghost that moves is drawn again.
            self.cache_static(*bars.rects)
            self.ghosts.append(bars)
            self.ghost_swatches.append(legend_swatch(brush, pen))
        self._legend_names: tuple[tuple[int, str], ...] = ()
        #: Whether the legend names the pins (a brief names them once, under its waterfall).
        self.names_pins = True
        #: The tooltip the pointer's bar shows ("" off the bars).
        self.hover_text = ""
        item.getViewBox().sigResized.connect(self._resized)

    # --- what is compared ---------------------------------------------------------------------

    def show_answer(self, answer: Answer, view: View) -> None:
        """Draw the answer's figures for its period and, for the same period, each pin and
        (when the view asks for it) the record beside a scenario of the record."""
        self.answer = answer
        self.live = answer.result
        self._compared = compared_series(answer, view)
        self.show_period(answer)
        self.redraw()

    def show_period(self, answer: Answer) -> None:  # pragma: no cover - abstract
        """Name the answer's period and base in titles, axes and legends (only on change)."""
        raise NotImplementedError

    def compared(self) -> list[Compared]:
        """The pins, then the record, each for the period the live bars show."""
        return list(self._compared)

    # --- drawing ------------------------------------------------------------------------------

    def redraw(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def compare_legend(self) -> pg.LegendItem:  # pragma: no cover - abstract
        raise NotImplementedError

    def show_ghost_legend(self, compared: Sequence[Compared]) -> None:
        """Name each compared series in the legend, by its ghost's swatch (only on change);
        not at all when a page names them once for all its plots (`names_pins`)."""
        names = tuple((c.index, c.name) for c in compared) if self.names_pins else ()
        if names == self._legend_names:
            return
        legend = self.compare_legend()
        for swatch in self.ghost_swatches:
            legend.removeItem(swatch)
        for c in compared if self.names_pins else ():
            legend.addItem(BoxSample(self.ghost_swatches[c.index]), legend_name_text(c.name))
        self._legend_names = names
        self.cache_static(legend)

    def show_ghosts(self, compared: Sequence[Compared]) -> None:
        """Only the ghosts of the compared series are visible."""
        shown = {c.index for c in compared}
        for index, bars in enumerate(self.ghosts):
            bars.setVisible(index in shown)

    def _resized(self) -> None:
        # Room for the value labels is measured in pixels: a new size needs a new range.
        if self.live is not None:
            self.redraw()

    # --- hover --------------------------------------------------------------------------------

    def bar_at(self, x: float, y: float) -> int | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def hover_text_for(self, index: int) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def _hovered(self, scene_pos: QtCore.QPointF) -> None:
        """Over a bar: a tooltip with its value, the change and its meaning; off it: none."""
        view = self.getPlotItem().getViewBox()
        text = ""
        if self.live is not None and view.sceneBoundingRect().contains(scene_pos):
            point = view.mapSceneToView(scene_pos)
            index = self.bar_at(point.x(), point.y())
            if index is not None:
                text = self.hover_text_for(index)
        if text == self.hover_text:
            return
        self.hover_text = text
        if text:
            where = self.mapToGlobal(self.mapFromScene(scene_pos))
            QtWidgets.QToolTip.showText(where, auto_text(text), self)
        else:
            QtWidgets.QToolTip.hideText()

    def mouseMoveEvent(self, event: QtGui.QMouseEvent) -> None:
        # Every move, not pyqtgraph's rate-limited sigMouseMoved: where the pointer stops is
        # always the bar whose tooltip shows.
        super().mouseMoveEvent(event)
        self._hovered(self.mapToScene(event.position().toPoint()))

    def leaveEvent(self, event: QtCore.QEvent) -> None:
        super().leaveEvent(event)
        self._hovered(QtCore.QPointF(-1e9, -1e9))

    def viewportEvent(self, event: QtCore.QEvent) -> bool:
        """Over a bar, the bar's tooltip, not the plot's general one."""
        if event.type() == QtCore.QEvent.Type.ToolTip and self.hover_text:
            assert isinstance(event, QtGui.QHelpEvent)
            QtWidgets.QToolTip.showText(event.globalPos(), auto_text(self.hover_text), self)
            return True
        return bool(super().viewportEvent(event))


def headroom(low: float, high: float, room_px: float, view_px: float) -> float:
    """The axis maximum that leaves `room_px` pixels above `high` on a `view_px` axis from
    `low` (value labels above the bars); at most 60 % of the axis goes to labels."""
    share = min(room_px / view_px, 0.6) if view_px > 1 else 0.3
    return (high - share * low) / (1.0 - share)


def compared_series(answer: Answer, view: View) -> list[Compared]:
    """The answer's pins in the view's styles, then the record when the view shows it beside a
    scenario of the record (a branch, or the record itself) for a year or a span: all for the
    answer's period, as the model compared them."""
    out = [
        Compared(comparison.name, comparison.result, pin.slot)
        for pin, comparison in zip(view.pins, answer.pins, strict=False)
    ]
    record = answer.record
    if (
        view.record_shown
        and record is not None
        and not answer.period.is_steady
        and compares_with_record(answer.scenario, record.result.scenario)
    ):
        out.append(Compared(capitalised(record.label), record.result, RECORD_INDEX))
    return out


def versus(compared: Compared, shown: str) -> str:
    """One tooltip line: a compared series' value for the same period."""
    return f"{compared.glyph} {compared.label}: {shown}"

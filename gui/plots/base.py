"""What every plot shares: a white pyqtgraph PlotWidget styled from the palette, with its pens
built at a print scale, that says when it has painted (the screenshot and the latency benchmark
wait on that). Every plot draws one model Answer with the analyst's View through its one entry
point, `show_answer(answer, view)`: `ResultPlot`s its figures for the period, `AnalysisPlot`s
its analysis for the same period (greyed while the analysis is a moment old).

A plot made for an export is built with `print_scale` (the painter's scale, e.g. 300 / 96): every
pen it draws with is built from the palette at `width * print_scale`, so a 2 px line is 2/96 inch
at any DPI, and `prepare_for_print` readies the rest (caches off, pixel-sized items following the
painter) through Qt's and pyqtgraph's public calls. A plot on screen (no `print_scale`) takes the
screen's device pixel ratio as its scale: Qt draws cosmetic pens in device pixels, so at 2x
scaling a 1 px line would otherwise be a hairline beside text twice its usual size.

Every axis is a `ReadableAxis`: its tick labels read like the labels beside them ("−1,180", a
real minus sign and thousands separators), not pyqtgraph's "-1180".
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

import pyqtgraph as pg
import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.plain_text import legend_text
from dprk_explorer.gui.plots.items import Curve, PixelSized, ValueLabel
from dprk_explorer.gui.text.format import MINUS
from dprk_explorer.gui.view_state import View

if TYPE_CHECKING:
    from dprk_explorer.model.answer import Answer

#: During a drag, limits the data leave widen this share of the span beyond the data.
HOLD_HEADROOM = 0.25
#: The axes a plot shows values on (pyqtgraph shows every axis it is given).
AXIS_NAMES = ("left", "bottom")


def tick_strings(values: list[float], scale: float, spacing: float) -> list[str]:
    """Tick labels with as many decimals as the spacing needs (pyqtgraph's rule), a typographic
    minus, thousands separators and no "−0"."""
    places = max(0, math.ceil(-math.log10(spacing * scale))) if spacing * scale > 0 else 0
    strings = []
    for value in values:
        text = f"{value * scale:,.{places}f}"
        if text.startswith("-"):
            text = text[1:] if float(text[1:].replace(",", "")) == 0 else MINUS + text[1:]
        strings.append(text)
    return strings


class PlainLegend(pg.LegendItem):
    """A legend whose entries read as written: pyqtgraph renders a name as HTML, and a pin's
    name is the user's (gui.plain_text)."""

    def addItem(self, item: object, name: str) -> None:
        super().addItem(item, legend_text(name))


#: An axis title's smallest size (pt): below the tick font's size only as far as this, to fit
#: (the least a printed page's axis label takes too: gui.export.print_text.MIN_AXIS_LABEL_PT).
AXIS_TITLE_MIN_PT = 8.0


def fit_title(axis: pg.AxisItem) -> None:
    """The axis's title at the tick font's size, or smaller to fit the axis's length: a long
    title on a short axis (the map's colour bar, a plot at 2x scale, a desktop's larger font)
    is never clipped at both ends."""
    if not (shiboken6.isValid(axis) and shiboken6.isValid(axis.label)):
        return  # the plot is being torn down (its axis resized as the window closes)
    text = axis.label.toPlainText() if axis.labelText else ""
    if not text or not getattr(axis, "fits_title", True):
        return  # a printed figure sets its axis labels itself (gui.export.print_text)
    vertical = axis.orientation in ("left", "right")
    room = (axis.size().height() if vertical else axis.size().width()) - 4
    if room <= 0:
        return
    font = QtGui.QFont(axis.label.font())
    size = float(palette.AXIS_FONT_PT)
    while size > AXIS_TITLE_MIN_PT:
        font.setPointSizeF(size)
        if QtGui.QFontMetricsF(font).horizontalAdvance(text) <= room:
            break
        size -= 0.5
    style = f"{size:g}pt"
    if axis.labelStyle.get("font-size") != style:
        axis.labelStyle = {**axis.labelStyle, "font-size": style}
        axis._updateLabel()


def keep_title_fitted(axis: pg.AxisItem) -> None:
    """Fit the axis's title now and whenever the axis is resized."""
    axis.geometryChanged.connect(lambda: fit_title(axis))
    fit_title(axis)


class ReadableAxis(pg.AxisItem):
    """An axis whose automatic tick labels read like the app's other numbers (tick_strings);
    ticks set explicitly (category names) are drawn as given. Its title fits its length.

    An upright value axis on screen is at least `least_width_px` wide, and wider when its
    widest tick label at the tick font needs it ("−10,000" for a nine-year span, at 2x scale or
    a larger desktop font): measured when its range changes, which the plots keep stable
    (StyledPlot.stable_limits), so a slider step never re-lays out the plot."""

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        #: The least width (px) the plot asked for; None: the axis is not fitted.
        self.least_width_px: float | None = None
        keep_title_fitted(self)

    def set_least_width(self, width_px: float) -> None:
        """At least `width_px` wide, wider when the tick labels need it (`fit_width`)."""
        self.least_width_px = width_px
        self.setWidth(width_px)
        self.fit_width()

    def setRange(self, mn: float, mx: float) -> None:
        super().setRange(mn, mx)
        self.fit_width()

    def fit_width(self) -> None:
        """As wide as the widest tick label of the range needs, beside the title: only for an
        upright axis of values on screen (a page fits its own axes, gui.export)."""
        least = getattr(self, "least_width_px", None)  # None while pyqtgraph builds the axis
        if (
            least is None
            or not shiboken6.isValid(self.label)  # being torn down
            or self.orientation not in ("left", "right")
            or self._tickLevels is not None
            or not getattr(self, "fits_title", True)
        ):
            return
        width = max(least, self.needed_width())
        if width != self.fixedWidth:
            self.setWidth(width)

    def needed_width(self) -> float:
        """The width (px) the range's tick labels, their offset, the ticks and the title take."""
        low, high = sorted(self.range)
        if not high > low:
            return 0.0
        metrics = QtGui.QFontMetricsF(self.style["tickFont"] or QtGui.QFont())
        length = max(self.size().height(), 100.0)
        widest = 0.0
        for spacing, values in self.tickValues(low, high, length):
            for text in self.tickStrings(values, self.autoSIPrefixScale * self.scale, spacing):
                widest = max(widest, metrics.horizontalAdvance(text))
        width = widest + self.style["tickTextOffset"][0] + max(0, self.style["tickLength"])
        if self.label.isVisible():  # its box has a margin round the line: pyqtgraph's share
            width += self.label.boundingRect().height() * 0.8
        return float(math.ceil(width + 2))

    def setLabel(self, *args: object, **kwargs: object) -> None:
        super().setLabel(*args, **kwargs)
        fit_title(self)

    def _updateLabel(self) -> None:
        """pyqtgraph re-typesets the title's HTML on every range change (each plot's ranges are
        set again and again while the window is built and the first answer drawn: ~200 times
        at start-up); the title's text is set only when it changes. Size and picture as ever."""
        html = self.labelString()
        if html != getattr(self, "_label_html", None):
            self._label_html = html
            self.label.setHtml(html)
        self._adjustSize()
        self.picture = None
        self.update()

    def resizeEvent(self, ev: object = None) -> None:
        # A resize can reach the axis as the application tears its scene down (an item
        # unparented at exit takes its own size hint): its title is gone by then, and the
        # error pyqtgraph's handler raised crashed the interpreter as it finalised.
        if self.label is not None and not shiboken6.isValid(self.label):
            self.picture = None
            return
        super().resizeEvent(ev)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if self.logMode:
            return cast(list[str], super().tickStrings(values, scale, spacing))
        return tick_strings(values, scale, spacing)


def readable_axes() -> dict[str, pg.AxisItem]:
    """A fresh ReadableAxis for each side with values (an axis belongs to one plot)."""
    return {name: ReadableAxis(name) for name in AXIS_NAMES}


def screen_ratio(widget: QtWidgets.QWidget) -> float:
    """Device pixels per logical pixel where `widget` is drawn (2.0 at 2x scaling)."""
    return max(1.0, widget.devicePixelRatioF())


class StyledPlot(pg.PlotWidget):
    """A titled plot with the palette's axes. Subclasses build their items once in `__init__`,
    with pens from `pen` (at the plot's print scale), and update them in place."""

    painted = QtCore.Signal()

    def __init__(
        self,
        title: str,
        parent: QtWidgets.QWidget | None = None,
        left_axis_px: int = 58,
        *,
        print_scale: float | None = None,
    ) -> None:
        # No context menus (the plots disable them anyway): building pyqtgraph's ViewBox menu
        # costs ~5 ms a plot at start-up.
        super().__init__(parent=parent, background="w", enableMenu=False, axisItems=readable_axes())
        #: Device pixels per logical pixel of the painter the plot is drawn through: the print
        #: scale of an export, the device pixel ratio on screen. Every pen is built at it.
        self.print_scale = screen_ratio(self) if print_scale is None else print_scale
        self.paint_count = 0
        item = self.getPlotItem()
        item.setTitle(title, size=palette.TITLE_SIZE, bold=True)
        item.titleLabel.setMinimumWidth(0)  # a long title may clip; it must not widen the plot
        item.setMenuEnabled(False)
        item.hideButtons()
        font = QtGui.QFont()
        font.setPointSize(palette.AXIS_FONT_PT)
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.fits_title = print_scale is None  # on screen; a page fits its own
            axis.setTickFont(font)
            axis.setTextPen(palette.TEXT_PEN_COLOUR)
            axis.setPen(self.axis_pen())
        # A fixed width, widened only for wider tick labels of a new range (ReadableAxis): tick
        # labels changing from "-500" to "-1000" on a slider step must not re-lay out the plot.
        left = item.getAxis("left")
        if isinstance(left, ReadableAxis):
            left.set_least_width(left_axis_px)
        else:
            left.setWidth(left_axis_px)
        self.cache_static(*(item.getAxis(n) for n in ("left", "bottom", "top", "right")))
        self.cache_static(item.titleLabel)
        self.setMinimumSize(300, 220)
        # Nothing to do with a key here (no zoom, no menu): the plots are no Tab stops.
        self.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        # Items move on every slider step; a BSP index costs more to update than it saves.
        self.scene().setItemIndexMethod(QtWidgets.QGraphicsScene.ItemIndexMethod.NoIndex)
        self._ranges: dict[str, tuple[float, float]] = {}
        self._holding = False  # during a slider drag: limits only widen (ResultPlot)

    # -- pens at the print scale -------------------------------------------------------------------

    def pen(
        self, colour: str, width: float = 2.0, style: QtCore.Qt.PenStyle | None = None
    ) -> QtGui.QPen:
        """A palette pen at this plot's print scale."""
        return palette.pen(colour, width * self.print_scale, style)

    def scaled(self, pen: QtGui.QPen) -> QtGui.QPen:
        """A pen declared once (in the palette or a plot module) at this plot's print scale: the
        pen itself on screen."""
        return palette.scaled_pen(pen, self.print_scale)

    def axis_pen(self) -> QtGui.QPen:
        """Axes, ticks and grid lines. Printed, with flat caps: zero-length ticks draw no dots."""
        pen = self.pen(palette.AXIS, 1.0)
        if self.print_scale > 1.0:
            pen.setCapStyle(QtCore.Qt.PenCapStyle.FlatCap)
        return pen

    def prepare_for_print(self) -> None:
        """Ready a plot built with `print_scale` to be drawn through a painter scaled by it.

        Pixmap caches go (drawn at screen resolution, they would blur when scaled); items sized
        in pixels at a data point (gui.plots.items) take the painter's scale; the legend, which
        ignores transformations, is laid out in the plot instead; pyqtgraph's scatter and curve
        items take the scale through their export mode (marker sizes, no symbol atlas).
        """
        options = {
            "antialias": True,
            "background": QtGui.QColor(palette.WHITE),
            "resolutionScale": self.print_scale,
        }
        flag = QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations
        for item in list(walk(self.getPlotItem())):
            item.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.NoCache)
            if isinstance(item, Curve):
                item.exact = True  # a page's lines stroked as Qt strokes them
            if isinstance(item, PixelSized):
                item.set_print_scale(self.print_scale)
            elif item.flags() & flag:
                item.setFlag(flag, False)
            if isinstance(item, pg.ScatterPlotItem | pg.PlotCurveItem):
                item.setExportMode(True, options)

    # -- building ----------------------------------------------------------------------------------

    @staticmethod
    def cache_static(*items: QtWidgets.QGraphicsItem) -> None:
        """Axes, titles and legends change rarely but cost ~4 ms each to repaint (text);
        a device-coordinate pixmap cache turns a repaint into a blit until they change."""
        for graphics_item in items:
            graphics_item.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
            StyledPlot.cache_static(*graphics_item.childItems())

    def add_legend_below(self, columns: int) -> pg.LegendItem:
        """A legend in its own row under the x axis: it never hides data or labels."""
        item = self.getPlotItem()
        legend = PlainLegend(
            colCount=columns,
            labelTextSize="8pt",
            verSpacing=-8,
            horSpacing=14,
            brush=None,
            pen=None,
        )
        legend.setParentItem(item)
        item.layout.addItem(legend, 4, 1)
        item.layout.setRowSpacing(3, 0)
        item.legend = legend  # PlotItem.plot(name=...) adds entries here
        self.cache_static(legend)
        return legend

    def make_value_labels(self, count: int, anchor: tuple[float, float]) -> list[ValueLabel]:
        """A fixed pool of value labels (one per bar), updated with `ValueLabel.set`."""
        font = QtGui.QFont()
        font.setPointSize(palette.AXIS_FONT_PT - 1)
        labels = []
        for _ in range(count):
            # A light fill keeps a label readable over grid lines and uncertainty whiskers.
            label = ValueLabel(anchor=anchor, fill=palette.brush(*palette.LABEL_FILL), font=font)
            self.getPlotItem().addItem(label, ignoreBounds=True)
            label.setZValue(25)  # over bars, whiskers and pin markers
            labels.append(label)
        return labels

    # -- ranges ------------------------------------------------------------------------------------

    def stable_limits(self, key: str, low: float, high: float) -> tuple[float, float]:
        """Nice limits around [low, high] that change rarely during a drag.

        Redrawing an axis, its tick labels and grid costs ~5 ms, so limits only move when the
        data leave them or fill less than half of them; during a drag they only widen, so an
        axis does not breathe in and out under the analyst's hand (`set_hold_ranges`).
        """
        current = self._ranges.get(key)
        if current is not None:
            inside = current[0] <= low and high <= current[1]
            if inside and (
                self._holding or (current[1] - current[0]) <= 2.0 * max(high - low, 1e-9)
            ):
                return current
            if self._holding:  # widen past the data, so a steady drag widens rarely
                grow = HOLD_HEADROOM * (max(high, current[1]) - min(low, current[0]))
                low = min(low - grow, current[0]) if low < current[0] else current[0]
                high = max(high + grow, current[1]) if high > current[1] else current[1]
        nice_low = -nice_ceiling(-low) if low < 0 else 0.0
        nice_high = nice_ceiling(high) if high > 0 else 0.0
        if nice_high - nice_low <= 0:
            nice_high = nice_low + 1.0
        return nice_low, nice_high

    def fit_range(self, axis: str, low: float, high: float) -> None:
        """Show [low, high] on the x or y axis, with stable nice limits."""
        self.set_range(axis, *self.stable_limits(axis, low, high))

    def set_range(self, axis: str, low: float, high: float) -> None:
        """Set the x or y range only when it changes, so unchanged axes are not redrawn."""
        if self._ranges.get(axis) == (low, high):
            return
        self._ranges[axis] = (low, high)
        if axis == "x":
            self.getPlotItem().setXRange(low, high, padding=0)
        else:
            self.getPlotItem().setYRange(low, high, padding=0)

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        super().paintEvent(event)
        self.paint_count += 1
        self.painted.emit()


class ResultPlot(StyledPlot):
    """A plot of the live scenario, redrawn by `show_answer` on every answer. Pinned scenarios
    and uncertainty bands may widen its axes; during a drag its limits only widen."""

    def __init__(
        self,
        title: str,
        parent: QtWidgets.QWidget | None = None,
        left_axis_px: int = 58,
        *,
        print_scale: float | None = None,
    ) -> None:
        super().__init__(title, parent, left_axis_px, print_scale=print_scale)
        self._live_span: dict[str, tuple[float, float]] = {}
        # Extents that other layers (pins, uncertainty bands) need kept in view, by layer and axis.
        self._extra_spans: dict[tuple[str, str], tuple[float, float]] = {}

    def show_answer(self, answer: Answer, view: View) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def fit_range(self, axis: str, low: float, high: float) -> None:
        """Show the live scenario's [low, high] on the x or y axis, widened to keep every pin and
        band in view, with stable nice limits."""
        self._live_span[axis] = (low, high)
        for (_, span_axis), (extra_low, extra_high) in self._extra_spans.items():
            if span_axis == axis:
                low, high = min(low, extra_low), max(high, extra_high)
        super().fit_range(axis, low, high)

    def set_hold_ranges(self, hold: bool) -> None:
        """Hold limits from shrinking (a drag began), or release and refit them (it ended)."""
        self._holding = hold
        if not hold:
            for axis, span in list(self._live_span.items()):
                self.fit_range(axis, *span)

    def set_extra_span(self, layer: str, axis: str, span: tuple[float, float] | None) -> None:
        """The extent a layer ("pins", "bands") needs on `axis` (None: none); refits the axis."""
        if span is None:
            self._extra_spans.pop((layer, axis), None)
        else:
            self._extra_spans[(layer, axis)] = span
        if axis in self._live_span:
            self.fit_range(axis, *self._live_span[axis])

    def set_pin_span(self, axis: str, span: tuple[float, float] | None) -> None:
        """The extent the pinned scenarios need on `axis` (None: no pins); refits the axis."""
        self.set_extra_span("pins", axis, span)

    def outline_pen(self) -> QtGui.QPen:
        """The outline of every pin marker (gui.pins) at this plot's print scale."""
        from dprk_explorer.gui.pins import outline_pen

        return outline_pen(self.print_scale)

    def make_pin_markers(
        self, size: float, z: float, ignore_bounds: bool = False
    ) -> list[pg.ScatterPlotItem]:
        """One hidden marker series per pin slot, in the slot's colour and symbol (gui.pins)."""
        from dprk_explorer.gui.pins import MAX_PINS, SLOT_STYLES

        pool = []
        for colour, symbol, _, _ in SLOT_STYLES[:MAX_PINS]:
            markers = pg.ScatterPlotItem(
                size=size,
                symbol=symbol,
                pen=self.outline_pen(),
                brush=palette.brush(colour),
                pxMode=True,
            )
            markers.setZValue(z)
            markers.setVisible(False)
            self.getPlotItem().addItem(markers, ignoreBounds=ignore_bounds)
            self.cache_static(markers)  # pins stay still during a drag: a blit
            pool.append(markers)
        return pool


class AnalysisPlot(StyledPlot):
    """A chart of the answer's off-thread analysis (attribution, tornado), for the answer's
    period: redrawn when the analysis or its freshness changes, dimmed while it is for the
    scenario a moment ago (`answer.analysis_fresh` False). It draws no other figure."""

    #: Opacity of bars computed for an earlier scenario.
    STALE_OPACITY = 0.4

    def show_answer(self, answer: Answer, view: View) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


def walk(item: QtWidgets.QGraphicsItem) -> Iterator[QtWidgets.QGraphicsItem]:
    """An item and all its descendants, parents first."""
    yield item
    for child in item.childItems():
        yield from walk(child)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k at or above `value` (> 0): axis
    limits that move in visible steps instead of on every slider move."""
    if value <= 0:
        return 0.0
    exponent = math.floor(math.log10(value))
    for mantissa in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        candidate = mantissa * 10.0**exponent
        if candidate >= value * (1 - 1e-12):
            return candidate
    return 10.0 ** (exponent + 1)

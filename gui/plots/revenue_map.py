"""The compliance x laxity map: net revenue change over both levers for the answer's period, the
levers' values in force for that period marked (the current setting, each pin, the goal), and
the contour where what is won back equals the coal revenue lost (a 100 % offset).

The view is padded beyond the 0..100 square, so a marker at 0 % or 100 % is drawn whole inside
it; its labels (current setting, pins, contours, notes) are placed together by `place_boxes`,
each beside its point where it covers no other label or marker and stays inside the view."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, cast

import contourpy
import numpy as np
import pyqtgraph as pg
from numpy.typing import NDArray
from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.pins import legend_name
from dprk_explorer.gui.plain_text import auto_text
from dprk_explorer.gui.plots.base import ReadableAxis, ResultPlot, fit_title, keep_title_fitted
from dprk_explorer.gui.plots.items import Marker, ValueLabel
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.answer_words import usd_label
from dprk_explorer.gui.view_state import View
from dprk_explorer.model import GridResult
from dprk_explorer.model.core.period import Period

if TYPE_CHECKING:
    from dprk_explorer.model.analysis.goal_seek import GoalSeek
    from dprk_explorer.model.answer import Answer

FloatArray = NDArray[np.float64]

TITLE = "Compliance × laxity map: net change"
COLOUR_BAR_LABEL = "Net revenue change"
COMPLIANCE, LAXITY = "coal_ban_compliance", "border_laxity"
OFFSET_LEVEL = 1.0
LABEL_FONT_PT = 8
PIN_SIZE = 11
PIN_LABEL_FONT_PT = 7
PIN_LABEL_PX = 100
GOAL_COLOUR = palette.VERMILLION
#: The view reaches this share of the 0..100 square beyond each edge: room for a whole marker.
VIEW_PAD = 0.05
VIEW_RANGE_PCT = (-100.0 * VIEW_PAD, 100.0 * (1.0 + VIEW_PAD))
#: Both axes are percent from 0 to 100: every quarter ticked, the ends included.
TICKS_PCT = (0, 25, 50, 75, 100)
MARKER_PX = 15.0
MARKER_PEN_PX = 2.0
#: The colour bar's thickness (px), beside the map and under it (`colour_bar_below`).
COLOUR_BAR_PX = 14
COLOUR_BAR_BELOW_PX = 10
#: The least width (px) of the scale's numbers and title beside the map: one year's numbers
#: ("−2,500") at the app's font; wider when a span's numbers need it (ReadableAxis.fit_width).
COLOUR_BAR_AXIS_PX = 66
#: How far a tick's number may reach past the end of its axis (px): the ends stay numbered.
TICK_OVERHANG_PX = 24
#: Beside the map: the frame's right edge and room for the half of "100" past it.
RIGHT_AXIS_PX = 12
GOAL_MARKER_PX = 14.0
#: Between a label and its point: clear of the point's marker.
LABEL_GAP_PX = 3.0
#: Where a label may sit around its point, in order of preference: the fraction of the label's
#: box placed at the point (right-above, left-above, right-below, left-below, beside, over,
#: under), each tried again further out, in half label heights (STACK_STEPS of them).
ANCHORS = (
    (0.0, 1.0),
    (1.0, 1.0),
    (0.0, 0.0),
    (1.0, 0.0),
    (0.0, 0.5),
    (1.0, 0.5),
    (0.5, 1.0),
    (0.5, 0.0),
)
STACK_STEPS = 10
#: Where a note ("100 % offset not reached") may go: just inside a corner of the map, the
#: box's own corner on it (its anchor), top right, top left, bottom right, bottom left.
NOTE_CORNERS = (
    ((1.0, 0.0), (98.5, 98.5)),
    ((0.0, 0.0), (1.5, 98.5)),
    ((1.0, 1.0), (98.5, 1.5)),
    ((0.0, 1.0), (1.5, 1.5)),
)


@functools.lru_cache(maxsize=4)
def _pixel_centres(rows: int, columns: int) -> tuple[FloatArray, FloatArray]:
    """x and y of every pixel centre of a rows x columns image (cached: the map's grid never
    changes shape, and contourpy takes 2-D coordinates without re-meshing them)."""
    x, y = np.meshgrid(np.arange(columns) + 0.5, np.arange(rows) + 0.5)
    x.setflags(write=False)
    y.setflags(write=False)
    return x, y


def contour_lines(data: FloatArray, level: float) -> list[FloatArray]:
    """Lines where row-major image data[y, x] crosses `level`, in the image's pixel coordinates
    (pixel (i, j) has its centre at (i + 0.5, j + 0.5)); each line an (k, 2) array of x, y.

    NaN cells are masked (contourpy leaves them out): the offset ratio is NaN where no coal is
    lost, at 0 % compliance, and no crossing is invented there. contourpy's serial generator is
    built directly with the mask: `contourpy.contour_generator` would re-mesh the coordinates
    and mask the NaNs through numpy.ma, four times the cost (benchmarks/map_contour.py).
    """
    values = np.asarray(data, dtype=np.float64)
    if values.ndim != 2 or min(values.shape) < 2:
        return []
    x, y = _pixel_centres(*values.shape)
    missing = ~np.isfinite(values)
    if missing.any():
        values = np.where(missing, 0.0, values)
    generator = contourpy.SerialContourGenerator(
        x,
        y,
        values,
        missing,
        corner_mask=True,
        line_type=contourpy.LineType.Separate,
        fill_type=contourpy.FillType.OuterOffset,
        quad_as_tri=False,
        z_interp=contourpy.ZInterp.Linear,
        x_chunk_size=0,
        y_chunk_size=0,
    )
    lines = cast(list[FloatArray], generator.lines(level))
    return [line for line in lines if len(line) > 1]


class MapImage(pg.ImageItem):
    """The heat map's image, kept in the format the painter draws without converting.

    pyqtgraph renders a one-channel image through its colour table into an 8-bit indexed
    QImage, which Qt converts pixel by pixel each time it draws it scaled (~0.25 ms a paint at
    the map's size, on every labour step). Converted once per render (101 x 101 pixels, ~10 us)
    to premultiplied ARGB32, the same pixels are drawn by Qt's scaled blit (~0.03 ms).
    """

    qimage: QtGui.QImage | None  # pyqtgraph's, drawn by its paint

    def render(self) -> None:
        super().render()
        image = self.qimage
        if image is not None and image.format() != DRAWN_FORMAT:
            self.qimage = image.convertToFormat(DRAWN_FORMAT)


#: The image format Qt's raster painter draws scaled without a per-pixel conversion.
DRAWN_FORMAT = QtGui.QImage.Format.Format_ARGB32_Premultiplied


class OffsetContour(pg.GraphicsObject):
    """A contour line drawn as a dashed line over a light halo, readable on any map colour.

    Its path is built at once in `setData` (contourpy), so `lines` says whether the contour
    exists and `path` is what is drawn. Make it a child of the ImageItem: the coordinates are
    the image's pixels.
    """

    def __init__(self, level: float, pen: QtGui.QPen, halo: QtGui.QPen) -> None:
        super().__init__()
        self.level = level
        self.lines: list[FloatArray] = []
        self.pen = pen
        self.halo = halo
        self.path = QtGui.QPainterPath()

    def setData(self, data: FloatArray | None, level: float | None = None) -> None:
        """Draw the contour of row-major image data at `level` (None: keep the level)."""
        if level is not None:
            self.level = level
        self.prepareGeometryChange()
        self.lines = [] if data is None else contour_lines(data, self.level)
        if not self.lines:
            self.path = QtGui.QPainterPath()
        else:
            points = np.concatenate(self.lines)
            joined = np.ones(len(points), dtype=bool)  # each point joined to the next ...
            joined[np.cumsum([len(line) for line in self.lines]) - 1] = False  # ... in its line
            self.path = pg.arrayToQPath(points[:, 0], points[:, 1], connect=joined)
        self.update()

    def boundingRect(self) -> QtCore.QRectF:
        """The path's box widened by the halo's half-width in screen pixels, so no trace is left."""
        if self.path.isEmpty():
            return QtCore.QRectF()
        rect = self.path.boundingRect()
        pad = self.halo.widthF() / 2 + 2
        px, py = self.pixelWidth() or 0.0, self.pixelHeight() or 0.0
        return rect.adjusted(-pad * px, -pad * py, pad * px, pad * py)

    def viewTransformChanged(self) -> None:
        self.prepareGeometryChange()

    def paint(self, p: QtGui.QPainter, *args: object) -> None:
        if self.path.isEmpty():
            return
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        p.setPen(self.halo)
        p.drawPath(self.path)
        p.setPen(self.pen)
        p.drawPath(self.path)


class ReadableColourBar(pg.ColorBarItem):
    """A colour bar whose axis prints ticks as the plots' axes do ("−1,000", gui.plots.base)."""

    def setAxisItems(self, axisItems: dict[str, pg.AxisItem] | None = None) -> None:
        # PlotItem.__init__ builds the axes through here; the bar then styles them.
        axes: dict[str, pg.AxisItem] = {
            n: ReadableAxis(n) for n in ("left", "right", "top", "bottom")
        }
        super().setAxisItems({**axes, **(axisItems or {})})


class RevenueMapPlot(ResultPlot):
    """Heat map of the net change over coal-ban compliance (x) and border laxity (y)."""

    def __init__(
        self, parent: QtWidgets.QWidget | None = None, *, print_scale: float | None = None
    ) -> None:
        super().__init__(TITLE, parent=parent, print_scale=print_scale)
        item = self.getPlotItem()
        item.setLabel("bottom", "Coal-ban compliance (%)")
        item.setLabel("left", "Border laxity (%)")
        item.setMouseEnabled(x=False, y=False)
        self.setAntialiasing(True)  # the current setting's ring (axes turn it off for themselves)
        view = item.getViewBox()
        view.setMenuEnabled(False)
        view.disableAutoRange()
        item.setXRange(*VIEW_RANGE_PCT, padding=0)
        item.setYRange(*VIEW_RANGE_PCT, padding=0)
        ticks = [[(float(v), f"{v}") for v in TICKS_PCT], []]
        for name in ("left", "bottom"):
            item.getAxis(name).setTicks(ticks)
        for name in ("top", "right"):
            item.showAxis(name)
            axis = item.getAxis(name)
            axis.setStyle(showValues=False)
            axis.setTicks([[], []])
            axis.setPen(self.axis_pen())
        # The end ticks' numbers reach past the axis (pyqtgraph hides such a number unless
        # allowed to overhang): "100" under the right edge needs the right axis's width too.
        item.getAxis("bottom").setStyle(hideOverlappingLabels=TICK_OVERHANG_PX)
        item.getAxis("right").setWidth(RIGHT_AXIS_PX)
        item.getAxis("top").setHeight(8)
        self._grid: GridResult | None = None

        # The image is clipped to the 0..100 square (its edge pixels are centred on 0 and 100);
        # the padded view around it holds a marker at 0 % or 100 % whole.
        self.image_clip = QtWidgets.QGraphicsRectItem(QtCore.QRectF(0.0, 0.0, 100.0, 100.0))
        self.image_clip.setPen(QtGui.QPen(QtCore.Qt.PenStyle.NoPen))
        self.image_clip.setFlag(
            QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape, True
        )
        self.image_clip.setZValue(-10)
        item.addItem(self.image_clip, ignoreBounds=True)
        self.image = MapImage(axisOrder="row-major")
        self.image.setParentItem(self.image_clip)
        self._period: Period = Period()  # the answer's (show_answer): the scale's unit
        #: The colour scale (`colour_bar`), built on first use: a brief's map asks for it under
        #: the map before drawing (`colour_bar_below`), and builds only that one (~25 ms each).
        self._bar: ReadableColourBar | None = None
        self._bar_below = False

        dash = self.pen(palette.BLACK, 2.5, QtCore.Qt.PenStyle.DashLine)
        halo = self.pen(palette.HALO, 5.0)
        self.contour = OffsetContour(OFFSET_LEVEL, pen=dash, halo=halo)
        self.contour.setParentItem(self.image)
        # Not pixmap-cached: a labour step changes the image (cache redrawn, then blitted), and a
        # compliance or laxity step repaints only the small region the marker leaves.

        label_font = QtGui.QFont()
        label_font.setPointSize(LABEL_FONT_PT)
        self.contour_label = self._label(label_font, 30, (0.5, 0.5), "100 % offset")
        self.contour_note = self._label(label_font, 30, (1.0, 0.0), "100 % offset not reached")
        self.contour_note.setPos(98.5, 98.5)  # top right (the goal's note: bottom left)

        # The current setting: a ring with a dot, moved on every slider step (gui.plots.items).
        self.marker = Marker(
            MARKER_PX, self.pen(palette.BLACK, MARKER_PEN_PX), palette.brush(*palette.MARKER_FILL)
        )
        self.marker.add_dot(5.0, palette.brush(palette.BLACK))
        item.addItem(self.marker, ignoreBounds=True)
        self.marker.setZValue(40)
        self.marker_label = self._label(label_font, 40, (0.0, 1.0), setting_name(Period()))

        # Goal seek (gui.analysis_runner): every setting that reaches the target net change, and
        # the compliance that reaches it at the current laxity. Hidden until a target is set.
        self._goal: GoalSeek | None = None
        self.goal_contour = OffsetContour(
            0.0, pen=self.pen(GOAL_COLOUR, 2.5), halo=self.pen(palette.HALO, 5.0)
        )
        self.goal_contour.setParentItem(self.image)
        self.goal_contour.setVisible(False)
        self.goal_marker = pg.ScatterPlotItem(
            size=GOAL_MARKER_PX,
            symbol="d",
            pen=self.pen(palette.BLACK, 1.5),
            brush=palette.brush(GOAL_COLOUR),
        )
        self.goal_marker.setZValue(42)
        self.goal_marker.setVisible(False)
        item.addItem(self.goal_marker, ignoreBounds=True)
        self.goal_label = self._label(label_font, 31)

        # Pinned scenarios (gui.pins): a marker and a name per pin slot, hidden while unused.
        # Drawn over the current-setting ring, which stays visible around a pin at the same spot.
        pin_font = QtGui.QFont()
        pin_font.setPointSize(PIN_LABEL_FONT_PT)
        self.pin_markers = self.make_pin_markers(size=PIN_SIZE, z=45, ignore_bounds=True)
        # Under the current setting's label.
        self.pin_labels = [self._label(pin_font, 39) for _ in self.pin_markers]
        #: The pins drawn and where: (pin, compliance, laxity) each (`_show_pins`).
        self._pins_drawn: tuple[tuple[object, float, float], ...] = ()
        #: The point each placed label names, in data units (its position is beside it:
        #: `place_labels`).
        self._points: dict[ValueLabel, tuple[float, float]] = {}
        self._placed: tuple[object, ...] = ()  # what place_labels last saw and left
        # The marker's room and the labels are in pixels: again whenever the view's size changes.
        view.sigResized.connect(self._view_resized)

    @property
    def colour_bar(self) -> ReadableColourBar:
        """The colour scale: beside the map, or under it after `colour_bar_below`."""
        if self._bar is None:
            self._bar = self._colour_bar(horizontal=self._bar_below)
        return self._bar

    def _colour_bar(self, horizontal: bool) -> ReadableColourBar:
        """The colour scale, beside the map (vertical) or under it (`colour_bar_below`)."""
        item = self.getPlotItem()
        bar = ReadableColourBar(
            colorMap=pg.colormap.get(palette.HEATMAP),
            interactive=False,
            width=COLOUR_BAR_BELOW_PX if horizontal else COLOUR_BAR_PX,
            rounding=0.001,
            colorMapMenu=False,
            orientation="horizontal" if horizontal else "vertical",
        )
        bar.setImageItem(self.image, insert_in=item)
        font = QtGui.QFont()
        font.setPointSize(palette.AXIS_FONT_PT)
        value_axis = bar.getAxis("bottom" if horizontal else "right")
        value_axis.setTickFont(font)
        value_axis.setTextPen(palette.TEXT_PEN_COLOUR)
        for name in ("left", "right", "top", "bottom"):
            bar.getAxis(name).setPen(self.pen(palette.TEXT_PEN_COLOUR, 1.0))
        value_axis.setLabel(usd_label(COLOUR_BAR_LABEL, self._period))
        value_axis.fits_title = item.getAxis("left").fits_title  # on screen only
        keep_title_fitted(value_axis)
        if horizontal:  # the scale's ends numbered, as the vertical bar's are
            value_axis.setStyle(hideOverlappingLabels=TICK_OVERHANG_PX)
            # The number at the scale's right end reaches half its width past the bar; beside
            # the map there is only the frame's edge (RIGHT_AXIS_PX): the bar ends short of the
            # view's edge by the rest, so "2,500" is not cut at the plot's edge.
            half = QtGui.QFontMetricsF(font).horizontalAdvance("10,000") / 2
            bar.setContentsMargins(0, 0, max(0.0, half - RIGHT_AXIS_PX + 2), 0)
        else:
            value_axis.set_least_width(COLOUR_BAR_AXIS_PX)  # wider when its numbers need it
        self.cache_static(bar)
        return bar

    def colour_bar_below(self) -> None:
        """The colour scale under the map instead of beside it: a narrow map (a brief's, a third
        of the page wide) keeps the width the bar and its label took, and the label runs along
        the bar instead of being cut at its ends."""
        old = self._bar
        self._bar_below = True
        if old is None or old.horizontal:
            return  # built under the map on first use
        item = self.getPlotItem()
        item.layout.removeItem(old)
        item.layout.setColumnFixedWidth(4, 0)  # the gap pyqtgraph kept beside the bar
        self.scene().removeItem(old)
        self._bar = self._colour_bar(horizontal=True)
        levels = self._ranges.get("levels")
        if levels is not None:
            self.colour_bar.setLevels(levels)

    def _label(
        self, font: QtGui.QFont, z: float, anchor: tuple[float, float] = (0.0, 0.0), text: str = ""
    ) -> ValueLabel:
        """A hidden label on a light fill, over the map."""
        label = ValueLabel(
            anchor=anchor,
            colour=palette.BLACK,
            fill=palette.brush(*palette.MAP_TEXT_FILL),
            font=font,
        )
        label.setText(text)
        label.setVisible(False)
        self.getPlotItem().addItem(label, ignoreBounds=True)
        label.setZValue(z)
        return label

    def show_answer(self, answer: Answer, view: View) -> None:
        """The map for the answer's period (redrawn only when the grid is a new one), the
        current setting at the levers' values in force for the period, each pin at its own,
        and the goal seek for the period."""
        self.colour_bar  # noqa: B018  # built by the first draw at the latest, with or without a grid
        self._show_period(answer.period)
        if answer.grid is not self._grid:
            self._draw_grid(answer.grid)
        x, y = answer.levers_in_force[COMPLIANCE], answer.levers_in_force[LAXITY]
        self.marker.set_point(x, y)
        self.marker_label.setVisible(True)
        self._show_pins(answer, view)
        goal = answer.goal if answer.goal is None or answer.goal.period == answer.period else None
        self._show_goal(goal, y, answer.analysis_fresh)
        self.place_labels()

    def _show_period(self, period: Period) -> None:
        """The colour bar's unit and the setting's name follow the period."""
        if period == self._period:
            return
        self._period = period
        value_axis = self.colour_bar.getAxis("bottom" if self.colour_bar.horizontal else "right")
        value_axis.setLabel(usd_label(COLOUR_BAR_LABEL, period))
        fit_title(value_axis)
        self.marker_label.setText(setting_name(period))
        self.cache_static(self.colour_bar)

    def _draw_grid(self, grid: GridResult | None) -> None:
        """Redraw the heat map and the 100 % offset contour for a new grid (None: the map for
        the period is not computed yet, so none is drawn)."""
        self._grid = grid
        self.image.setVisible(grid is not None)
        if grid is None:
            self.contour.setData(None)
            for label in (self.contour_label, self.contour_note):
                label.setVisible(False)
            self._draw_goal_line()
            return
        compliance = np.asarray(grid.compliance_pct, dtype=np.float64)
        laxity = np.asarray(grid.laxity_pct, dtype=np.float64)
        net = np.asarray(grid.net_change_usd_m, dtype=np.float64)
        # Row-major image: rows are y (laxity), columns are x (compliance).
        picture = np.ascontiguousarray(net.T)
        # Nice colour-bar limits that move rarely: relabelling the bar costs more than the image.
        levels = self.stable_limits("levels", float(np.nanmin(net)), float(np.nanmax(net)))
        self.image.setImage(picture, autoLevels=False, levels=levels)
        dx = _step(compliance)
        dy = _step(laxity)
        self.image.setRect(
            QtCore.QRectF(
                compliance[0] - dx / 2, laxity[0] - dy / 2, dx * compliance.size, dy * laxity.size
            )
        )
        if self._ranges.get("levels") != levels:
            self._ranges["levels"] = levels
            self.colour_bar.setLevels(levels)

        ratio = np.asarray(grid.offset_ratio, dtype=np.float64)
        self.contour.setData(np.ascontiguousarray(ratio.T), OFFSET_LEVEL)
        if self.contour.lines:
            longest = max(self.contour.lines, key=len)
            px, py = longest[len(longest) // 2]
            x = compliance[0] + (px - 0.5) * dx
            y = laxity[0] + (py - 0.5) * dy
            self._points[self.contour_label] = (float(x), float(y))
            self.contour_label.setVisible(True)
            self.contour_note.setVisible(False)
        else:
            finite = np.asarray(grid.offset_ratio)[np.isfinite(grid.offset_ratio)]
            everywhere = finite.size > 0 and bool(np.all(finite >= OFFSET_LEVEL))
            self.contour_note.setText(
                "offset ≥ 100 % everywhere" if everywhere else "100 % offset not reached"
            )
            self.contour_note.setVisible(True)
            self.contour_label.setVisible(False)
        self._draw_goal_line()
        self.place_labels()

    def set_hold_ranges(self, hold: bool) -> None:
        """The colour scale, too, only widens during a drag and refits when it ends."""
        super().set_hold_ranges(hold)
        if not hold and self._grid is not None:
            self._draw_grid(self._grid)

    def _show_pins(self, answer: Answer, view: View) -> None:
        """Each pin at its levers' values in force for the answer's period, as a marker in its
        colour and symbol, with its name (placed where it covers no other name or marker:
        `place_labels`)."""
        drawn = tuple(
            (pin, comparison.levers_in_force[COMPLIANCE], comparison.levers_in_force[LAXITY])
            for pin, comparison in zip(view.pins, answer.pins, strict=False)
        )
        # Pins stay where they are while the live scenario moves: a slider step redraws none
        # (pyqtgraph's scatter setData alone cost ~0.3 ms a pin). Pins are told by identity.
        if len(drawn) == len(self._pins_drawn) and all(
            new[0] is old[0] and new[1:] == old[1:]
            for new, old in zip(drawn, self._pins_drawn, strict=True)
        ):
            return
        self._pins_drawn = drawn
        for markers, label in zip(self.pin_markers, self.pin_labels, strict=True):
            markers.setVisible(False)
            label.setVisible(False)
        for pin, x, y in drawn:
            markers = self.pin_markers[pin.slot]
            markers.setData(
                [x],
                [y],
                symbol=pin.symbol,
                brush=palette.brush(pin.colour),
                pen=self.outline_pen(),
                size=PIN_SIZE,
            )
            markers.setToolTip(auto_text(pin.summary()))
            markers.setVisible(True)
            label = self.pin_labels[pin.slot]
            label.setText(legend_name(pin, PIN_LABEL_PX, PIN_LABEL_FONT_PT))
            label.setToolTip(auto_text(pin.name))
            self._points[label] = (float(x), float(y))
            label.setVisible(True)

    def _show_goal(self, goal: GoalSeek | None, laxity_pct: float, fresh: bool) -> None:
        """The goal seek's answer for the period: the line of settings reaching the target net
        change (it follows the grid, so it is never stale) and, while fresh and reachable, the
        compliance that reaches it at the laxity in force (None: hide both)."""
        if goal is not self._goal:
            self._goal = goal
            self._draw_goal_line()
        answer = goal.compliance_pct if goal is not None else None
        show_marker = fresh and answer is not None
        if show_marker:
            assert answer is not None
            x, y = self.goal_marker.getData()
            if len(x) != 1 or (float(x[0]), float(y[0])) != (answer, laxity_pct):
                self.goal_marker.setData([answer], [laxity_pct])
        self.goal_marker.setVisible(show_marker)

    def _draw_goal_line(self) -> None:
        goal, grid = self._goal, self._grid
        if goal is None or grid is None or not np.isfinite(goal.target_net_change_usd_m):
            self.goal_contour.setVisible(False)
            self.goal_label.setVisible(False)
            return
        net = np.asarray(grid.net_change_usd_m, dtype=np.float64)
        self.goal_contour.setData(np.ascontiguousarray(net.T), goal.target_net_change_usd_m)
        self.goal_contour.setVisible(True)
        text = f"goal {fmt.pct(goal.target_net_change_pct, signed=True, digits=1)}"
        if not self.goal_contour.lines:
            self.goal_label.setText(f"{text}: not reached")
            self.goal_label.setAnchor((0.0, 1.0))  # bottom left: the offset note is top right
            self.goal_label.setPos(1.5, 1.5)
        else:
            compliance, laxity = grid.compliance_pct, grid.laxity_pct
            longest = max(self.goal_contour.lines, key=len)
            px, py = longest[len(longest) // 3]
            x = compliance[0] + (px - 0.5) * _step(compliance)
            y = laxity[0] + (py - 0.5) * _step(laxity)
            self.goal_label.setText(text)
            self._points[self.goal_label] = (float(x), float(y))
        self.goal_label.setVisible(True)

    # -- label placement ---------------------------------------------------------------------------

    def _view_resized(self) -> None:
        self.pad_view()
        self.place_labels()

    def pad_view(self) -> None:
        """Beyond each edge of the 0..100 square the view reaches VIEW_PAD of it, or more on a
        small map (a brief's): the current setting's ring, pen included, drawn whole at 0 % and
        100 % (at 5 % of a map 90 px wide the ring was half cut)."""
        view = self.getPlotItem().getViewBox()
        half_ring_px = MARKER_PX / 2 + MARKER_PEN_PX / 2 + 1.0
        for axis, length_px in (("x", view.width()), ("y", view.height())):
            if length_px <= 4 * half_ring_px:
                continue  # not laid out yet
            least_pct = 100.0 * half_ring_px / (length_px - 2 * half_ring_px)
            pad_pct = max(100.0 * VIEW_PAD, least_pct)
            self.set_range(axis, -pad_pct, 100.0 + pad_pct)

    def place_labels(self) -> None:
        """Put every shown label beside its point (the notes: in a corner) where it covers no
        other label or marker and stays inside the view. In the view's pixels, so again on
        every resize (a label is as many pixels wide at any size).

        It runs on every slider step (the current setting's name follows its marker): the
        geometry is worked in plain numbers, mapped through the view's transform read once,
        not with a Qt call per point and box."""
        view = self.getPlotItem().getViewBox()
        rect = view.sceneBoundingRect()
        width = rect.width()
        if width < 50 or rect.height() < 50:  # not laid out yet: placed on resize
            return
        area = (rect.x(), rect.y(), width, rect.height())
        to_px, to_view = pixel_mapping(view)
        marker = self.marker.pos().toTuple()
        markers = [(marker, MARKER_PX)] if self.marker_label.isVisible() else []
        if self.goal_marker.isVisible():
            x, y = self.goal_marker.getData()
            markers.append(((float(x[0]), float(y[0])), GOAL_MARKER_PX))
        pins = [
            label
            for markers_item, label in zip(self.pin_markers, self.pin_labels, strict=True)
            if markers_item.isVisible()
        ]
        markers += [(self._points[label], float(PIN_SIZE)) for label in pins]
        obstacles = [_square(to_px(*p), size + 2 * LABEL_GAP_PX) for p, size in markers]
        self._points[self.marker_label] = marker
        notes = [self.contour_note] if self.contour_note.isVisible() else []
        on_lines = [self.contour_label] if self.contour_label.isVisible() else []
        if self.goal_label.isVisible():
            (on_lines if self.goal_contour.lines else notes).append(self.goal_label)
        # The current setting first (it answers the question), the notes, lines' names, pins.
        # A label wider than the room a narrow map (a brief's) leaves takes more lines: a note
        # the map's width, the setting's name the wider side of its marker.
        for note in notes:
            wrap_to_width(note, width - 4 * LABEL_GAP_PX)
        if self.marker_label.isVisible():
            x = to_px(*marker)[0]
            room = max(x - rect.left(), rect.right() - x) - MARKER_PX / 2 - 2 * LABEL_GAP_PX
            wrap_to_width(self.marker_label, room)
        wanted = [(self.marker_label, MARKER_PX / 2)] if self.marker_label.isVisible() else []
        wanted += [(label, 0.0) for label in notes]
        wanted += [(label, 0.0) for label in on_lines]
        wanted += [(label, PIN_SIZE / 2) for label in pins]
        corners = [(anchor, to_px(x, y)) for anchor, (x, y) in NOTE_CORNERS]
        # The grid and the result each ask (one evaluation, two calls): place once per change.
        key = (area, tuple(obstacles), self._label_state(wanted, notes))
        if key == self._placed:
            return
        requests: list[tuple[tuple[float, float], Iterable[Spot]]] = []
        for label, gap in wanted:
            size = drawn_wh(label)
            spots: Iterable[Spot]
            if label in notes:
                # The goal's note prefers the bottom left, the offset note the top right.
                spots = corners[::-1] if label is self.goal_label else corners
            else:
                point = to_px(*self._points[label])
                spots = iter_spots(point, gap + LABEL_GAP_PX, size[1])
            requests.append((size, spots))
        for (label, _), (anchor, at) in zip(
            wanted, place_boxes(requests, area, obstacles), strict=True
        ):
            label.setAnchor(anchor)
            label.setPos(*to_view(*at))
        self._placed = (key[0], key[1], self._label_state(wanted, notes))

    def _label_state(
        self, wanted: list[tuple[ValueLabel, float]], notes: list[ValueLabel]
    ) -> tuple[object, ...]:
        """What placing `wanted` reads and writes: each label's box, point and position."""
        return tuple(
            (
                id(label),
                gap,
                label in notes,
                label.rect().getRect(),
                label.scale(),
                self._points.get(label),
                label.pos().toTuple(),
            )
            for label, gap in wanted
        )

    @property
    def grid(self) -> GridResult | None:
        return self._grid


def setting_name(period: Period) -> str:
    """The current setting's name on the map: in a year or span the levers' values in force
    there (their mean over its months), so it says which."""
    return "current setting" if period.is_steady else f"setting in force, {period.label}"


def wrap_to_width(label: ValueLabel, width_px: float) -> None:
    """Break `label`'s text at spaces, greedily, so each line is at most `width_px` wide as
    drawn (one line when it fits; a single word too wide stays whole).

    The width changes on every slider step (the room beside the moving marker), the text
    rarely: a text whose one line fits is set without laying out each of its prefixes again
    (its one-line width is measured once, `_one_line_width`)."""
    text = label.toPlainText().replace("\n", " ")
    if _one_line_width(label, text) <= width_px:
        label.setText(text)  # a no-op when it already reads so
        return
    words = text.split(" ")
    lines: list[str] = []
    for word in words:
        if lines:
            label.setText(f"{lines[-1]} {word}")
            if drawn_size(label).width() <= width_px:
                lines[-1] = f"{lines[-1]} {word}"
                continue
        lines.append(word)
    label.setText("\n".join(lines))


#: One-line widths as drawn (px), by text, font and print scale (`_one_line_width`).
_ONE_LINE_PX: dict[tuple[str, str, float], float] = {}


def _one_line_width(label: ValueLabel, text: str) -> float:
    """How wide `label` is drawn holding `text` on one line (measured once per text, font and
    scale: the label is given the text to measure it)."""
    key = (text, label.font().key(), label.scale())
    width = _ONE_LINE_PX.get(key)
    if width is None:
        if len(_ONE_LINE_PX) > 256:  # pin names come and go: keep the cache small
            _ONE_LINE_PX.clear()
        label.setText(text)
        width = _ONE_LINE_PX[key] = drawn_size(label).width()
    return width


def drawn_size(label: ValueLabel) -> QtCore.QSizeF:
    """A label's size as drawn, in the view's pixels: its box times its print scale (a label
    ignores the view's scaling, not its own)."""
    return label.rect().size() * label.scale()


def drawn_wh(label: ValueLabel) -> tuple[float, float]:
    """`drawn_size` as (width, height) numbers."""
    box, scale = label.rect(), label.scale()
    return box.width() * scale, box.height() * scale


def _step(axis_values: FloatArray) -> float:
    if axis_values.size < 2:
        return 1.0
    return float((axis_values[-1] - axis_values[0]) / (axis_values.size - 1))


#: A point (x, y) and a box (left, top, width, height, as a QRectF holds it), in the view's
#: pixels (y down).
Point = tuple[float, float]
Box = tuple[float, float, float, float]
#: A candidate place for a label: the fraction of its box (anchor) put at a point (pixels).
Spot = tuple[tuple[float, float], Point]


def _affine(t: QtGui.QTransform) -> Callable[[float, float], Point]:
    """`t.map` as a function of two numbers (the same arithmetic)."""
    m11, m12, m21, m22, dx, dy = t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy()

    def mapped(x: float, y: float) -> Point:
        return (m11 * x + m21 * y + dx, m12 * x + m22 * y + dy)

    return mapped


def pixel_mapping(
    view: pg.ViewBox,
) -> tuple[Callable[[float, float], Point], Callable[[float, float], Point]]:
    """Data units to the view's pixels (scene coordinates) and back, as functions of numbers:
    pyqtgraph's mapViewToScene and mapSceneToView, their transforms read once (the label
    placement maps a dozen points a slider step)."""
    view.updateMatrix()
    child = view.childGroup.transform()
    scene = view.sceneTransform()
    inward, outward = _affine(child), _affine(scene)
    back_in, back_out = _affine(pg.functions.invertQTransform(child)), _affine(scene.inverted()[0])

    def to_px(x: float, y: float) -> Point:
        return outward(*inward(x, y))

    def to_view(x: float, y: float) -> Point:
        return back_in(*back_out(x, y))

    return to_px, to_view


def _square(centre: Point, size: float) -> Box:
    return (centre[0] - size / 2, centre[1] - size / 2, size, size)


def spots_around(point: Point, gap: float, height: float) -> list[Spot]:
    """Where a label `height` tall may sit beside `point` (pixels, y down), `gap` clear of it:
    each of ANCHORS, then the rows above and below again, half a label height further each time."""
    return list(iter_spots(point, gap, height))


def iter_spots(point: Point, gap: float, height: float) -> Iterator[Spot]:
    """`spots_around`, one at a time: a label usually takes its first spot, so the other 70
    are never made (place_labels runs on every slider step)."""
    x, y = point
    for level in range(STACK_STEPS + 1):
        for ax, ay in ANCHORS:
            if level and ay == 0.5:
                continue  # beside the point: no further-out row
            dx = gap * (1.0 - 2.0 * ax)
            dy = (gap + level * height / 2) * (1.0 - 2.0 * ay)
            yield (ax, ay), (x + dx, y + dy)


def place_boxes(
    requests: Sequence[tuple[tuple[float, float], Iterable[Spot]]],
    area: Box,
    obstacles: list[Box],
) -> list[Spot]:
    """Where each box (its width and height and candidate spots, in pixels) goes, in order: its
    first spot that lies inside `area` and covers no obstacle or earlier box; else the one
    covering least."""
    taken = list(obstacles)
    answers = []
    for size, spots in requests:
        best: tuple[float, Spot, Box] | None = None
        for anchor, at in spots:
            box = box_at(anchor, at, size)
            cost = _outside(box, area) * 10.0 + sum(_overlap(box, r) for r in taken)
            if best is None or cost < best[0]:
                best = (cost, (anchor, at), box)
            if cost == 0.0:
                break
        assert best is not None, "a label needs at least one spot"
        taken.append(best[2])
        answers.append(best[1])
    return answers


def box_at(anchor: tuple[float, float], at: Point, size: tuple[float, float]) -> Box:
    """The box of `size` (width, height) whose point at fractions `anchor` of it lies at `at`."""
    w, h = size
    return (at[0] - anchor[0] * w, at[1] - anchor[1] * h, w, h)


def _overlap(a: Box, b: Box) -> float:
    """The area two boxes share (0 when apart), as QRectF.intersected works it out."""
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    a_right, b_right = ax + aw, bx + bw
    if aw == 0.0 or bw == 0.0 or ax >= b_right or bx >= a_right:
        return 0.0
    a_bottom, b_bottom = ay + ah, by + bh
    if ah == 0.0 or bh == 0.0 or ay >= b_bottom or by >= a_bottom:
        return 0.0
    return (min(a_right, b_right) - max(ax, bx)) * (min(a_bottom, b_bottom) - max(ay, by))


def _outside(box: Box, area: Box) -> float:
    """How much of `box` lies outside `area` (its area, in square pixels)."""
    return box[2] * box[3] - _overlap(box, area)

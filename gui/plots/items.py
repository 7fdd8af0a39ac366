"""Plot items that Qt draws, bounds and moves without calling back into Python.

pyqtgraph's TextItem, BarGraphItem and ScatterPlotItem run Python on every paint, every bounds
query and every move: re-deriving a transform, replaying a QPicture, re-checking their data
bounds. The items a slider step changes (value labels, bars, the map's marker) cost about 9 ms of
the 16.7 ms frame that way (measured by hiding them in benchmarks/gui_latency.py). These are plain
Qt shape items instead: setting one is one call, and painting it is Qt's own C++.

Items sized in pixels (labels, markers) ignore the view's transform, as pyqtgraph's do. Drawn
through a scaled painter (a 300 dpi export) they would keep their screen size, so the exporter
calls `set_print_scale` with the painter's scale (StyledPlot.prepare_for_print).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from numpy.typing import ArrayLike, NDArray
from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui import palette

IGNORES_TRANSFORMATIONS = QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations
NO_PEN = QtGui.QPen(QtCore.Qt.PenStyle.NoPen)
NO_BRUSH = QtGui.QBrush(QtCore.Qt.BrushStyle.NoBrush)


class PixelSized:
    """An item sized in pixels that follows a scaled painter when printed."""

    def set_print_scale(self, factor: float) -> None:
        self.setScale(factor)  # type: ignore[attr-defined]


class ValueLabel(PixelSized, QtWidgets.QGraphicsRectItem):
    """Text on an optional fill, `anchor` (fractions of its box) placed at a point in data
    coordinates: (0, 0.5) puts the box's left middle on the point."""

    PAD_X_PX = 4.0
    PAD_Y_PX = 2.0

    def __init__(
        self,
        anchor: tuple[float, float] = (0.0, 0.0),
        colour: str = palette.LABEL_TEXT,
        fill: QtGui.QBrush | None = None,
        font: QtGui.QFont | None = None,
    ) -> None:
        super().__init__()
        self.setFlag(IGNORES_TRANSFORMATIONS, True)
        self.setPen(NO_PEN)
        self.setBrush(fill if fill is not None else NO_BRUSH)
        self.text_item = QtWidgets.QGraphicsSimpleTextItem(self)
        self.text_item.setBrush(QtGui.QBrush(QtGui.QColor(colour)))
        if font is not None:
            self.text_item.setFont(font)
        self._anchor = anchor
        #: Texts after the main one, each in its own colour (`set_extras`).
        self.extra_items: list[QtWidgets.QGraphicsSimpleTextItem] = []
        self._extras: tuple[tuple[str, str], ...] = ()
        self._vertical = False
        self._layout()

    def toPlainText(self) -> str:
        """The main text (the live scenario's value)."""
        return self.text_item.text()

    def extra_texts(self) -> list[str]:
        """The texts shown after the main one, in order."""
        return [text for text, _ in self._extras]

    def set_extras(self, parts: Sequence[tuple[str, str]], vertical: bool = False) -> None:
        """Texts shown after the main one, each (text, colour), side by side or (`vertical`)
        one under another: the pins' values beside the live value, read in one glance."""
        wanted = tuple(parts)
        if wanted == self._extras and vertical == self._vertical:
            return
        while len(self.extra_items) < len(wanted):
            item = QtWidgets.QGraphicsSimpleTextItem(self)
            item.setFont(self.text_item.font())
            self.extra_items.append(item)
        for item, (text, colour) in zip(self.extra_items, wanted, strict=False):
            item.setText(text)
            item.setBrush(QtGui.QBrush(QtGui.QColor(colour)))
        for number, item in enumerate(self.extra_items):
            item.setVisible(number < len(wanted))
        self._extras, self._vertical = wanted, vertical
        self._layout()

    def font(self) -> QtGui.QFont:
        return self.text_item.font()

    def setFont(self, font: QtGui.QFont) -> None:
        self.text_item.setFont(font)
        for item in self.extra_items:
            item.setFont(font)
        self._layout()

    def setText(self, text: str) -> None:
        if text != self.text_item.text():
            self.text_item.setText(text)
            self._layout()

    def setAnchor(self, anchor: tuple[float, float]) -> None:
        if anchor != self._anchor:
            self._anchor = anchor
            self._layout()

    def setColor(self, colour: str) -> None:
        if self.text_item.brush().color() != QtGui.QColor(colour):
            self.text_item.setBrush(QtGui.QBrush(QtGui.QColor(colour)))

    def setFill(self, fill: QtGui.QBrush | None) -> None:
        brush = fill if fill is not None else NO_BRUSH
        if self.brush() != brush:
            self.setBrush(brush)

    def set(self, text: str, x: float, y: float) -> None:
        """New text at a new point, each applied only if it changed."""
        self.setText(text)
        position = self.pos()
        if position.x() != x or position.y() != y:
            self.setPos(x, y)

    #: Room between side-by-side texts (px).
    GAP_PX = 6.0

    def _layout(self) -> None:
        if not self.text_item.text():
            self.setRect(QtCore.QRectF())
            return
        items = [self.text_item, *self.extra_items[: len(self._extras)]]
        sizes = [item.boundingRect() for item in items]
        if self._vertical:
            inner_w = max(r.width() for r in sizes)
            inner_h = sum(r.height() for r in sizes)
        else:
            inner_w = sum(r.width() for r in sizes) + self.GAP_PX * (len(sizes) - 1)
            inner_h = max(r.height() for r in sizes)
        width = inner_w + 2 * self.PAD_X_PX
        height = inner_h + 2 * self.PAD_Y_PX
        ax, ay = self._anchor
        box = QtCore.QRectF(-ax * width, -ay * height, width, height)
        self.setRect(box)
        x, y = box.left() + self.PAD_X_PX, box.top() + self.PAD_Y_PX
        for item, size in zip(items, sizes, strict=True):
            if self._vertical:  # each line centred like the box
                item.setPos(x + (inner_w - size.width()) * ax, y)
                y += size.height()
            else:
                item.setPos(x, y)
                x += size.width() + self.GAP_PX


class Marker(PixelSized, QtWidgets.QGraphicsEllipseItem):
    """A circle `diameter_px` across centred on a point in data coordinates."""

    def __init__(
        self, diameter_px: float, pen: QtGui.QPen | None, brush: QtGui.QBrush | None
    ) -> None:
        super().__init__(-diameter_px / 2, -diameter_px / 2, diameter_px, diameter_px)
        self.setFlag(IGNORES_TRANSFORMATIONS, True)
        self.setPen(pen if pen is not None else NO_PEN)
        self.setBrush(brush if brush is not None else NO_BRUSH)

    def add_dot(self, diameter_px: float, brush: QtGui.QBrush) -> QtWidgets.QGraphicsEllipseItem:
        """A filled dot at the centre that moves with the marker."""
        dot = QtWidgets.QGraphicsEllipseItem(
            -diameter_px / 2, -diameter_px / 2, diameter_px, diameter_px, self
        )
        dot.setPen(NO_PEN)
        dot.setBrush(brush)
        return dot

    def set_point(self, x: float, y: float) -> None:
        position = self.pos()
        if position.x() != x or position.y() != y:
            self.setPos(x, y)

    def getData(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """The marked point, as pyqtgraph's items give their data."""
        return np.array([self.pos().x()]), np.array([self.pos().y()])


class Bars:
    """A row of rectangles in data coordinates, one Qt item each (a bar may have its own brush).

    `opts` holds the arrays drawn, under BarGraphItem's names (x0, y0, width, height)."""

    def __init__(
        self,
        plot_item: pg.PlotItem,
        count: int,
        brushes: Sequence[QtGui.QBrush],
        pens: Sequence[QtGui.QPen],
        z: float = 0.0,
    ) -> None:
        self.rects: list[QtWidgets.QGraphicsRectItem] = []
        for brush, pen in zip(brushes, pens, strict=True):
            rect = QtWidgets.QGraphicsRectItem()
            rect.setBrush(brush)
            rect.setPen(pen)
            plot_item.addItem(rect, ignoreBounds=True)
            rect.setZValue(z)
            self.rects.append(rect)
        zeros = np.zeros(count)
        #: Each bar's (left, bottom, width, height) as last set (`set_rects`).
        self._drawn: list[tuple[float, ...] | None] = [None] * len(self.rects)
        self.opts: dict[str, NDArray[np.float64]] = {
            "x0": zeros,
            "y0": zeros,
            "width": zeros,
            "height": zeros,
        }

    def set_rects(self, x0: ArrayLike, y0: ArrayLike, width: ArrayLike, height: ArrayLike) -> None:
        """Place every bar; a negative width or height extends left or down."""
        n = len(self.rects)
        arrays = []
        columns = []
        for a in (x0, y0, width, height):
            array = np.array(a, dtype=np.float64)  # a copy: the caller's array may change
            if array.ndim == 0:
                value = float(array)
                array = np.full(n, value)
                columns.append([value] * n)
            else:
                if array.shape != (n,):
                    raise ValueError(f"{array.shape} values for {n} bars")
                columns.append(array.tolist())
            arrays.append(array)
        self.opts = dict(zip(("x0", "y0", "width", "height"), arrays, strict=True))
        # Compared as Python floats against what each bar was last given: most bars of a
        # slider step (the baseline's, the pins' ghosts) stay as they were, and need no call.
        drawn = self._drawn
        for i, box in enumerate(zip(*columns, strict=True)):
            if box != drawn[i]:
                drawn[i] = box
                self.rects[i].setRect(QtCore.QRectF(*box).normalized())

    def setVisible(self, visible: bool) -> None:
        for rect in self.rects:
            rect.setVisible(visible)

    def setOpacity(self, opacity: float) -> None:
        for rect in self.rects:
            rect.setOpacity(opacity)


def legend_swatch(brush: QtGui.QBrush, pen: QtGui.QPen) -> pg.BarGraphItem:
    """An item for a legend entry only (never added to a plot): the legend draws a bar item as a
    filled square in its brush and pen."""
    return pg.BarGraphItem(x=[0], height=[0], width=1, brush=brush, pen=pen)


class BoxSample(pg.ItemSample):
    """A legend entry's box for a bar swatch (`legend_swatch`): 18 x 10 px, so the rows of a
    tight legend do not overlap (pyqtgraph's own sample is 18 px square, with a line through
    it). Clicking it does nothing (the swatch is not on the plot)."""

    WIDTH_PX, HEIGHT_PX = 20, 12

    def __init__(self, swatch: pg.BarGraphItem) -> None:
        super().__init__(swatch)
        self.setFixedHeight(self.HEIGHT_PX)

    def boundingRect(self) -> QtCore.QRectF:
        return QtCore.QRectF(0, 0, self.WIDTH_PX, self.HEIGHT_PX)

    def paint(self, painter: QtGui.QPainter, *args: object) -> None:
        opts = self.item.opts
        painter.setPen(pg.mkPen(opts["pen"]))
        painter.setBrush(pg.mkBrush(opts["brush"]))
        painter.drawRect(QtCore.QRectF(1, 1, self.WIDTH_PX - 2, self.HEIGHT_PX - 2))

    def mouseClickEvent(self, event: object) -> None:
        pass


def curve_swatch(pen: QtGui.QPen) -> pg.PlotCurveItem:
    """An item for a legend entry only: the legend draws a line in its pen. A bare curve item,
    not a PlotDataItem, which would build a scatter item for symbols it never has (~1 ms)."""
    return pg.PlotCurveItem(pen=pen)


#: The widest line (device px) `Curve` draws as 1 px lines side by side (`stamp_offsets`).
STAMP_MAX_PX = 3.0
ANTIALIASING = QtGui.QPainter.RenderHint.Antialiasing


def stamp_offsets(width_px: float) -> tuple[tuple[float, float], ...]:
    """Where to draw a 1 px antialiased line, in device pixels, so that the copies make one
    line `width_px` wide: on it and at its four diagonals, set so the band is `width_px` wide
    on average over directions (1 + 2a across a level line, 1 + 2.8a across a diagonal)."""
    a = (width_px - 1.0) / (1.0 + 2.0**0.5)
    return ((0.0, 0.0), (-a, -a), (a, -a), (-a, a), (a, a))


class Curve(QtWidgets.QGraphicsPathItem):
    """A polyline in data coordinates drawn with a cosmetic pen; `getData` gives what it drew.

    On screen, an antialiased line 1-3 px wide is drawn as five 1 px antialiased lines side by
    side (`stamp_offsets`): Qt draws a 1 px antialiased line with its fast cosmetic stroker,
    but strokes a wider one into a polygon and fills it, ~1 ms for the timeline's 120 months
    (a quarter of a slider step, measured with callgrind). The copies look the same at the
    screen's resolution; a page (`exact`, set by StyledPlot.prepare_for_print), a 2x screen
    and wider lines get Qt's own stroke."""

    def __init__(self, pen: QtGui.QPen, connect: str = "all") -> None:
        super().__init__()
        self.connect = connect  # "pairs": separate segments from points 0-1, 2-3, ...
        self._x: NDArray[np.float64] = np.zeros(0)
        self._y: NDArray[np.float64] = np.zeros(0)
        #: Drawn with Qt's own stroke only (a printed page).
        self.exact = False
        self._thin: QtGui.QPen | None = None
        self._offsets: tuple[tuple[float, float], ...] = ()
        self.setPen(pen)

    def setPen(self, pen: QtGui.QPen | QtCore.Qt.PenStyle | QtGui.QColor) -> None:
        pen = QtGui.QPen(pen)
        super().setPen(pen)
        width = pen.widthF()
        if pen.isCosmetic() and 1.0 < width <= STAMP_MAX_PX:
            thin = QtGui.QPen(pen)
            thin.setWidthF(1.0)
            if pen.style() != QtCore.Qt.PenStyle.SolidLine:
                # A pattern counts in pen widths: the same dashes in pixels at 1 px.
                thin.setDashPattern([d * width for d in pen.dashPattern()])
                thin.setDashOffset(pen.dashOffset() * width)
            self._thin, self._offsets = thin, stamp_offsets(width)
        else:
            self._thin, self._offsets = None, ()

    def paint(
        self,
        painter: QtGui.QPainter,
        option: QtWidgets.QStyleOptionGraphicsItem,
        widget: QtWidgets.QWidget | None = None,
    ) -> None:
        thin = self._thin
        if (
            thin is None
            or self.exact
            or not painter.testRenderHint(ANTIALIASING)
            or painter.device().devicePixelRatioF() != 1.0
        ):
            super().paint(painter, option, widget)
            return
        path = self.path()
        painter.setPen(thin)
        painter.setBrush(NO_BRUSH)
        base = painter.worldTransform()
        for dx, dy in self._offsets:  # device pixels: after the item's transform
            painter.setWorldTransform(base * QtGui.QTransform.fromTranslate(dx, dy))
            painter.drawPath(path)
        painter.setWorldTransform(base)

    def setData(self, x: ArrayLike, y: ArrayLike) -> None:
        """Draw through (x, y); unchanged data (the baseline on a lever step) redraws nothing."""
        x_new = np.asarray(x, dtype=np.float64)
        y_new = np.asarray(y, dtype=np.float64)
        if np.array_equal(x_new, self._x) and np.array_equal(y_new, self._y):
            return
        self._x, self._y = x_new, y_new
        self.setPath(pg.arrayToQPath(x_new, y_new, connect=self.connect))

    def getData(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        return self._x, self._y

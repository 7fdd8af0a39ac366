"""Freshly built plots fitted to their cell on a printed page: no text under MIN_FONT_PT,
legends in as many columns as the width holds, axis labels on two lines when one is too long,
and category names that would run into each other set smaller or hyphenated."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from dprk_explorer.gui import palette
from dprk_explorer.gui.export.print_text import MIN_AXIS_LABEL_PT, MIN_FONT_PT
from dprk_explorer.gui.plots.base import StyledPlot, walk
from dprk_explorer.gui.plots.items import ValueLabel
from dprk_explorer.gui.plots.revenue_map import RevenueMapPlot

#: Least room between two tick names.
TICK_GAP_PX = 4.0
#: Between a print legend's columns.
LEGEND_SPACING_PX = 8.0
#: Between a print legend's rows: a bar's swatch (16 px of its 20) clear of the one below
#: (the screen's legends are set closer, at -8).
LEGEND_ROW_SPACING_PX = -3.0
#: Round tick steps, as multiples of a power of ten.
NICE_STEPS = (1.0, 2.0, 2.5, 5.0)


def readable_fonts(plot: StyledPlot) -> None:
    """No text smaller than MIN_FONT_PT (value labels and event names are 7-8 pt on screen)."""
    for item in walk(plot.getPlotItem()):
        if isinstance(item, ValueLabel):
            font = item.font()
            if 0 < font.pointSizeF() < MIN_FONT_PT:
                font.setPointSizeF(MIN_FONT_PT)
                item.setFont(font)


def legends(plot: StyledPlot) -> list[pg.LegendItem]:
    return [i for i in walk(plot.getPlotItem()) if isinstance(i, pg.LegendItem)]


def fit_legends_and_labels(plot: StyledPlot) -> None:
    """Legends in as many columns (four at most: the timeline's 7 entries in two rows across
    the page) as the plot's width holds; axis labels (a
    colour scale's too) at MIN_AXIS_LABEL_PT, on two lines if one is longer than its axis."""
    item = plot.getPlotItem()
    width = plot.width() + 0.5
    for legend in legends(plot):
        # Print legends at the page's smallest text, closer set: two columns of the timeline's
        # entries then fit beside the map.
        for _sample, label in legend.items:
            label.setText(label.text, size=f"{MIN_FONT_PT}pt")
        legend.layout.setHorizontalSpacing(LEGEND_SPACING_PX)
        legend.layout.setVerticalSpacing(LEGEND_ROW_SPACING_PX)
        for columns in (4, 3, 2, 1):
            legend.setColumnCount(columns)
            item.layout.activate()
            if item.minimumWidth() <= width:
                break
        else:
            span_under_axis(item, legend)
    # The axes' lengths at the cell's width (a legend wider than it had widened the plot).
    item.setGeometry(QtCore.QRectF(0, 0, plot.width(), plot.height()))
    item.layout.activate()
    # The plot's own axes and any other's in it (the map's colour scale).
    for axis in [i for i in walk(item) if isinstance(i, pg.AxisItem)]:
        if not axis.isVisible() or not axis.labelText or not axis.label.isVisible():
            continue
        upright = axis.orientation in ("left", "right")
        length = label_room(plot, axis)
        text = axis.labelText
        one_line = axis.label.boundingRect().height()
        # One line at MIN_AXIS_LABEL_PT, then at the page's least size, then two lines, then
        # as many lines as its words need at the least size (the waterfall's "Change vs no
        # sanctions (USD m in 2019)" beside a short plot across the page).
        least = QtGui.QFont()
        least.setPointSizeF(MIN_FONT_PT)
        attempts = (
            (text, MIN_AXIS_LABEL_PT),
            (text, MIN_FONT_PT),
            (text.replace(" (", "<br>(", 1), MIN_AXIS_LABEL_PT),
            (wrapped_words(text, length - 4.0, least).replace("\n", "<br>"), MIN_FONT_PT),
        )
        for attempt, size in attempts:
            axis.setLabel(
                attempt,
                units=axis.labelUnits,
                unitPrefix=axis.labelUnitPrefix,
                **{"font-size": f"{size}pt", "color": palette.AXIS},
            )
            if axis.label.boundingRect().width() <= length:
                break
        more = 0.75 * one_line * attempt.count("<br>")  # room for the lines after the first
        if more and upright and axis.fixedWidth is not None:
            axis.setWidth(axis.fixedWidth + more)
        elif more and not upright and axis.fixedHeight is not None:
            axis.setHeight(axis.fixedHeight + more)
    # The view sized the plot while its legend was wider: size it to the widget again.
    item.setGeometry(QtCore.QRectF(0, 0, plot.width(), plot.height()))
    item.layout.activate()
    fit_category_ticks(plot)  # at the view's final width
    fit_value_ticks(plot)
    fit_upright_axes(plot)
    keep_axis_labels_in_cell(plot)


#: pyqtgraph sets an upright axis's title this far (px) left of the axis's edge.
AXIS_TITLE_NUDGE_PX = 5


def fit_upright_axes(plot: StyledPlot) -> None:
    """A left axis of numbers as wide as its widest number and its title need: the waterfall's
    "−10,000" of a five-year span beside a two-line title ran into it at the fixed width."""
    item = plot.getPlotItem()
    for axis in [i for i in walk(item) if isinstance(i, pg.AxisItem)]:
        if axis.orientation != "left" or not axis.isVisible() or axis.fixedWidth is None:
            continue
        if not axis.style["showValues"] or axis._tickLevels:
            continue
        boxes = drawn_tick_boxes(axis)
        if not boxes:
            continue
        widest = max(box.width() for box, _text in boxes)
        title = 0.0
        if axis.labelText and axis.label.isVisible():
            title = axis.label.boundingRect().height() - AXIS_TITLE_NUDGE_PX
        need = math.ceil(
            widest
            + axis.style["tickTextOffset"][0]
            + max(0, axis.style["tickLength"])
            + title
            + TICK_GAP_PX
        )
        if need > axis.fixedWidth:
            axis.setWidth(need)
            item.layout.activate()


def keep_axis_labels_in_cell(plot: StyledPlot) -> None:
    """An axis label under a narrow plot that is still longer than its axis on two lines
    ("(USD m in 2021-2025)" under the channel plot's bars, a quarter of a page wide, whose
    names take the rest) is centred on the axis by pyqtgraph and so runs past the plot's edge:
    it is moved back inside, over the empty corner beside the axis."""
    for axis in [i for i in walk(plot.getPlotItem()) if isinstance(i, pg.AxisItem)]:
        if axis.orientation not in ("bottom", "top") or not axis.isVisible():
            continue
        if not axis.labelText or not axis.label.isVisible():
            continue
        drawn = axis.label.mapRectToScene(axis.label.boundingRect())
        over = drawn.right() - float(plot.width())
        if over > 0:
            shift = min(over, max(drawn.left(), 0.0))
            axis.label.setPos(axis.label.pos() - QtCore.QPointF(shift, 0))  # the axis unscaled


def span_under_axis(item: pg.PlotItem, legend: pg.LegendItem) -> None:
    """A legend in its row under the view (`StyledPlot.add_legend_below`) that is wider than
    the view even in one column (the channel plot's at 30 % of a page: its names take a third
    of it) spans the axis's column too, so the plot keeps to its cell instead of running out of
    it."""
    layout = item.layout
    for index in range(layout.count()):
        if layout.itemAt(index) is legend:
            layout.removeAt(index)
            layout.addItem(legend, 4, 0, 1, 2)
            layout.activate()
            return


def keep_labels_in_view(plot: StyledPlot) -> None:
    """A label beside its point (a timeline's "branch from the record, 2018-06") that runs past
    one side of a narrow printed view is put on the point's other side if it fits there, else
    slid along until it ends at the view's edge: the window's wide view had room for it where
    the page's has not; one wider than the view wraps its words. Labels placed with care of
    their own (upright names, a map's) are inside already and left as they are."""
    if isinstance(plot, RevenueMapPlot):
        return  # the map places its labels itself, wrapped and clear of each other
    view = plot.getPlotItem().getViewBox()
    area = view.sceneBoundingRect().adjusted(1.0, 0.0, -1.0, 0.0)
    labels = [
        label
        for label in walk(view)
        # An upright name (the timeline's events) has its own place.
        if isinstance(label, ValueLabel) and label.isVisible() and not label.rotation()
    ]
    rewrapped = False
    for label in labels:
        scale = label.scale()
        if label.rect().width() * scale > area.width() and " " in label.toPlainText():
            # Wider than the view (the branch's name beside a third of a page): its words
            # take more lines instead of running out of it.
            room = area.width() / scale - 2 * label.PAD_X_PX
            label.setText(wrapped_words(label.toPlainText(), room, label.font()))
            rewrapped = True
    make_room = getattr(plot, "labels_rewrapped", None)
    if rewrapped and make_room is not None:
        make_room()  # the timeline's rows of labels take the lines they now have
    for label in labels:
        box = label.rect()
        if box.width() <= 0 or box.height() <= 0:
            continue
        # It ignores the view's transform: its box, in pixels, sits at its point's place.
        scale = label.scale()
        at = view.mapViewToScene(label.pos()).x()
        width = box.width() * scale
        left = at + box.left() * scale
        up = -box.top() / box.height()
        if width > area.width() or (area.left() <= left and left + width <= area.right()):
            continue
        if left + width > area.right():
            start = at - width if at - width >= area.left() else area.right() - width
        else:
            start = at if at + width <= area.right() else area.left()
        label.setAnchor(((at - start) / width, up))


def wrapped_words(text: str, room_px: float, font: QtGui.QFont) -> str:
    """The text's words in as few lines as fit `room_px` (a word longer keeps a line)."""
    metrics = QtGui.QFontMetricsF(font)
    lines: list[str] = []
    for word in text.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= room_px:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def label_room(plot: StyledPlot, axis: pg.AxisItem) -> float:
    """How long an axis's label may be: the axis's length, and as far again past each end as
    the nearer edge of the plot allows (the label is centred on its axis; the corners beside
    an axis are empty)."""
    geometry = axis.geometry()
    drawn = axis.mapRectToScene(QtCore.QRectF(0, 0, geometry.width(), geometry.height()))
    if axis.orientation in ("left", "right"):
        spare = min(drawn.top(), float(plot.height()) - drawn.bottom())
        return float(drawn.height() + 2 * max(spare, 0.0))
    spare = min(drawn.left(), float(plot.width()) - drawn.right())
    return float(drawn.width() + 2 * max(spare, 0.0))


def ticks_collide(positions_px: Sequence[float], names: Sequence[str], font: QtGui.QFont) -> bool:
    """Whether neighbouring tick names, centred on their positions, run into each other."""
    metrics = QtGui.QFontMetricsF(font)
    widths = [
        max(metrics.horizontalAdvance(line) for line in n.splitlines() or [""]) for n in names
    ]
    return any(
        (widths[i] + widths[i + 1]) / 2 + TICK_GAP_PX > positions_px[i + 1] - positions_px[i]
        for i in range(len(names) - 1)
    )


def fit_category_ticks(plot: StyledPlot) -> None:
    """Named ticks under a narrow plot (the waterfall at half a page): set at MIN_FONT_PT when
    they would run into each other at the axis font, and hyphenated where the plot offers it
    (`narrow_tick_names`) if that is not enough."""
    axis = plot.getPlotItem().getAxis("bottom")
    levels = axis._tickLevels  # the ticks set with setTicks, else None
    if not levels or not levels[0]:
        return
    view = plot.getPlotItem().getViewBox()
    low, high = view.viewRange()[0]
    per_unit = view.width() / max(high - low, 1e-9)
    ticks = sorted(levels[0])
    positions = [(x - low) * per_unit for x, _name in ticks]
    names = [str(name) for _x, name in ticks]
    font = QtGui.QFont(axis.style["tickFont"] or QtGui.QFont())
    if not ticks_collide(positions, names, font):
        return
    if font.pointSizeF() > MIN_FONT_PT:
        font.setPointSizeF(MIN_FONT_PT)
        axis.setTickFont(font)
    narrow = getattr(plot, "narrow_tick_names", None)
    if narrow is not None and ticks_collide(positions, names, font):
        axis.setTicks([list(zip([x for x, _n in ticks], narrow(), strict=True))])


def drawn_tick_boxes(axis: pg.AxisItem) -> list[tuple[QtCore.QRectF, str]]:
    """The numbers an axis draws and their boxes, as pyqtgraph lays them out to paint."""
    image = QtGui.QImage(1, 1, QtGui.QImage.Format.Format_RGB32)
    painter = QtGui.QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    if specs is None:
        return []
    return [(QtCore.QRectF(rect), str(text)) for rect, _flags, text in specs[2]]


def boxes_collide(boxes: Sequence[QtCore.QRectF]) -> bool:
    """Whether two of the boxes, side by side along a horizontal axis, come closer than
    TICK_GAP_PX."""
    ordered = sorted(boxes, key=lambda box: box.left())
    return any(b.left() - a.right() < TICK_GAP_PX for a, b in itertools.pairwise(ordered))


def next_nice_step(step: float) -> float:
    """The round step after `step`: 1, 2, 2.5, 5, 10, 20, ... x 10^k."""
    power = 10.0 ** math.floor(math.log10(step) + 1e-9)
    for mantissa in (*NICE_STEPS, 10.0):
        if mantissa * power > step * (1 + 1e-9):
            return mantissa * power
    return 10.0 * power


def fit_value_ticks(plot: StyledPlot) -> None:
    """Numbers along a narrow plot's horizontal axes ("−3,000" beside "−2,000" in a third of a
    page: the attribution's axis, the map's colour scale under it) that would run into each
    other are ticked at the next round step, then the next, until they stand apart. Named
    ticks are `fit_category_ticks`'s."""
    item = plot.getPlotItem()
    horizontal = [
        axis
        for axis in walk(item)
        if isinstance(axis, pg.AxisItem) and axis.orientation in ("bottom", "top")
    ]
    for axis in horizontal:
        _space_value_ticks(axis)


def _space_value_ticks(axis: pg.AxisItem) -> None:
    if not axis.isVisible() or not axis.style["showValues"] or axis._tickLevels:
        return
    low, high = axis.range
    length = axis.geometry().width()
    if length <= 0 or high <= low:
        return
    for _attempt in range(8):
        boxes = drawn_tick_boxes(axis)
        if not boxes_collide([box for box, _text in boxes]):
            break
        step = float(axis.tickSpacing(low, high, length)[0][0])
        wider = next_nice_step(step)
        axis.setTickSpacing(wider, wider / 2)
    if isinstance(axis.parentItem(), pg.ColorBarItem):
        number_both_ends(axis, low, high)


def number_both_ends(axis: pg.AxisItem, low: float, high: float) -> None:
    """A colour scale numbered at both its ends (its levels are round: `stable_limits`): the
    wider step a narrow scale takes ("0, 1,000, 2,000" on 0 to 2,500) left its end unnamed, and
    a reader could not tell where the colours stop. The ends are added, and the inner numbers
    that would run into them are left out."""
    step = float(axis.tickSpacing(low, high, axis.geometry().width())[0][0])
    first = math.ceil(low / step - 1e-9) * step
    inner = [first + k * step for k in range(int((high - first) / step + 1e-9) + 1)]
    values = [low, *(v for v in inner if low < v < high), high]
    # The ends' numbers reach half their width past the bar ("−15,000" under a third of a
    # page): pyqtgraph hides a number that reaches further than it is allowed to.
    metrics = QtGui.QFontMetricsF(axis.style["tickFont"] or QtGui.QFont())
    ends = axis.tickStrings([low, high], axis.autoSIPrefixScale, step)
    reach = max(metrics.horizontalAdvance(name) for name in ends) / 2 + 1
    if isinstance(axis.style["hideOverlappingLabels"], bool) or (
        axis.style["hideOverlappingLabels"] < reach
    ):
        axis.setStyle(hideOverlappingLabels=math.ceil(reach))
    while True:
        names = axis.tickStrings(values, axis.autoSIPrefixScale, step)
        axis.setTicks([list(zip(values, names, strict=True))])
        boxes = [box for box, _text in drawn_tick_boxes(axis)]
        if len(values) <= 2 or (len(boxes) == len(values) and not boxes_collide(boxes)):
            return
        # The inner number nearest an end goes first.
        nearest = min(values[1:-1], key=lambda v: min(v - low, high - v))
        values.remove(nearest)

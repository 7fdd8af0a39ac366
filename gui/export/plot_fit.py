"""Freshly built plots fitted to their cell on a printed page: no text under MIN_FONT_PT,
legends in as many columns as the width holds, axis labels on two lines when one is too long,
and category names that would run into each other set smaller or hyphenated."""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from dprk_explorer.gui import palette
from dprk_explorer.gui.export.print_text import MIN_AXIS_LABEL_PT, MIN_FONT_PT
from dprk_explorer.gui.plots.base import StyledPlot, walk
from dprk_explorer.gui.plots.items import ValueLabel

#: Least room between two tick names.
TICK_GAP_PX = 4.0
#: Between a print legend's columns.
LEGEND_SPACING_PX = 8.0


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
    """Legends in as many columns (three at most) as the plot's width holds; an axis label
    longer than its axis is set at MIN_AXIS_LABEL_PT, and on two lines if that is not enough."""
    item = plot.getPlotItem()
    width = plot.width() + 0.5
    for legend in legends(plot):
        # Print legends at the page's smallest text, closer set: two columns of the timeline's
        # entries then fit beside the map.
        for _sample, label in legend.items:
            label.setText(label.text, size=f"{MIN_FONT_PT}pt")
        legend.layout.setHorizontalSpacing(LEGEND_SPACING_PX)
        for columns in (3, 2, 1):
            legend.setColumnCount(columns)
            item.layout.activate()
            if item.minimumWidth() <= width:
                break
    item.layout.activate()
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        if not axis.isVisible() or not axis.labelText:
            continue
        length = axis.geometry().height() if name == "left" else axis.geometry().width()
        text = axis.labelText
        one_line = axis.label.boundingRect().height()
        lines = 0
        for attempt in (text, text.replace(" (", "<br>(", 1)):
            lines += 1
            axis.setLabel(
                attempt,
                units=axis.labelUnits,
                unitPrefix=axis.labelUnitPrefix,
                **{"font-size": f"{MIN_AXIS_LABEL_PT}pt", "color": palette.AXIS},
            )
            if axis.label.boundingRect().width() <= length:
                break
        if lines == 2 and name == "left" and axis.fixedWidth is not None:
            axis.setWidth(axis.fixedWidth + 0.75 * one_line)  # room for the second line
        elif lines == 2 and name == "bottom" and axis.fixedHeight is not None:
            axis.setHeight(axis.fixedHeight + 0.75 * one_line)
    # The view sized the plot while its legend was wider: size it to the widget again.
    item.setGeometry(QtCore.QRectF(0, 0, plot.width(), plot.height()))
    item.layout.activate()
    fit_category_ticks(plot)  # at the view's final width


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

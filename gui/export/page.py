"""Draw an exported figure: one plot, or the one-page brief, to PNG, SVG or PDF bytes.

The figure is laid out at its physical size in logical pixels (the screen's logical DPI, 96 on
the offscreen platform), so fonts keep their point sizes, and painted with QPainter: onto a QImage
scaled by DPI / logical DPI (PNG), a QSvgGenerator (SVG) or a QPdfWriter (PDF), both at the
logical DPI (vector output needs no scaling).

pyqtgraph's own exporters are not used, because of two faults met with our plots:

- ImageExporter at a custom width scales the scene with the painter, but pens are cosmetic
  (widths in device pixels: gui.palette.pen), so at 300 dpi every line, bar outline and axis is
  drawn 1-2 device pixels wide (hair-thin in print), and pixel-sized items (the legend, which
  ignores transformations; pixel-cached axes and titles) are drawn at screen size or blurred.
- SVGExporter rewrites the scene into its own SVG and loses clipping, hatching and text layout.

Here every export draws freshly built plots (never the window's, which keep drawing on screen),
built with the painter's scale as their print scale: each plot builds its pens at print width
from the palette (gui.plots.base.StyledPlot), so a 2 px line is 2/96 inch at any DPI, and
`prepare_for_print` turns its pixmap caches off and has pixel-sized items follow the painter.

`FigureExporter` takes pyqtgraph's exporter shape (`parameters()`, `export(fileName, toBytes,
copy)`); `render_figure` is its one-call form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtSvg, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.export.metadata import (
    PNG_KEY,
    add_svg_metadata,
    svg_font_families,
    xmp_packet,
)
from dprk_explorer.gui.export.options import (
    ANALYSIS_FIGURES,
    CM_PER_INCH,
    DEFAULT_DPI,
    FIGURES,
    FORMATS,
    MAX_DPI,
    MIN_DPI,
    PAPERS,
    ExportOptions,
    Paper,
    check_banner,
)
from dprk_explorer.gui.export.png import encode_png, new_image
from dprk_explorer.gui.pins import Pin
from dprk_explorer.gui.plots.attribution import AttributionPlot
from dprk_explorer.gui.plots.base import ResultPlot, StyledPlot, walk
from dprk_explorer.gui.plots.channels import ChannelPlot
from dprk_explorer.gui.plots.items import ValueLabel
from dprk_explorer.gui.plots.revenue_map import RevenueMapPlot
from dprk_explorer.gui.plots.timeline import TimelinePlot
from dprk_explorer.gui.plots.tornado import TornadoPlot
from dprk_explorer.gui.plots.waterfall import WaterfallPlot
from dprk_explorer.gui.text.caption import (
    FULL_LIST_ELSEWHERE,
    FULL_LIST_IN_PDF,
    Caption,
    key_numbers,
    make_caption,
)
from dprk_explorer.gui.text.headline import Headline, headline_numbers, vs_record_detail
from dprk_explorer.gui.text.names import APP_TITLE, app_version
from dprk_explorer.model import GridResult, Result
from dprk_explorer.model.analysis.combined import Analysis, analyse


class PlotFactory(Protocol):
    """A plot class, built at a print scale."""

    def __call__(self, *, print_scale: float | None = None) -> StyledPlot: ...


#: The plots an export can draw, each built with its own title.
PLOT_CLASSES: dict[str, PlotFactory] = {
    "channels": ChannelPlot,
    "offsets": WaterfallPlot,
    "timeline": TimelinePlot,
    "map": RevenueMapPlot,
    "attribution": AttributionPlot,
    "tornado": TornadoPlot,
}

#: One plot alone: a full-column figure (width, height of the plot; the caption adds height).
PLOT_SIZE_CM = (13.0, 9.0)


@dataclass(frozen=True)
class Row:
    """A row of the brief's plots: its cells with their shares of the width, and its height (cm,
    with the plots' titles) as wanted and at the least that still reads."""

    cells: tuple[str, ...]
    shares: tuple[float, ...]
    preferred_cm: float
    minimum_cm: float


#: The brief's plot rows: waterfall | channels (the year's figures), then timeline | map (the
#: whole path; an analysis chart chosen takes the map's place). Side by side each plot keeps a
#: height at which it reads (the channel plot has 11 rows, the timeline a legend of 7); the rows
#: shrink together towards their minimum to leave the measured text its room on the page.
BRIEF_ROWS = (
    Row(("offsets", "channels"), (0.55, 0.45), 8.0, 6.0),
    Row(("timeline", "map"), (0.62, 0.38), 7.0, 5.2),
)
#: Least room between two tick names.
TICK_GAP_PX = 4.0
#: Between a print legend's columns.
LEGEND_SPACING_PX = 8.0
PIN_LEGEND_CM = 0.6
MIN_FONT_PT = 7.5
MIN_AXIS_LABEL_PT = 8.0
CAPTION_PT = MIN_FONT_PT
BODY_PT = MIN_FONT_PT
TITLE_PT = 11.0
GAP_PX = 6.0
TITLE_ROOM_PX = 12.0
BOTTOM_PX = 2.0


def logical_dpi() -> float:
    """Pixels per inch the widgets lay text out at (fonts are in points)."""
    screen = QtGui.QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInch() if screen is not None else 96.0
    return dpi if dpi > 0 else 96.0


def cm_to_px(cm: float, dpi: float) -> float:
    return cm / CM_PER_INCH * dpi


# --- preparing freshly built plots for print ------------------------------------------------------


def _readable_fonts(plot: StyledPlot) -> None:
    """No text smaller than MIN_FONT_PT (value labels and event names are 7-8 pt on screen)."""
    for item in walk(plot.getPlotItem()):
        if isinstance(item, ValueLabel):
            font = item.font()
            if 0 < font.pointSizeF() < MIN_FONT_PT:
                font.setPointSizeF(MIN_FONT_PT)
                item.setFont(font)


def _legends(plot: StyledPlot) -> list[pg.LegendItem]:
    return [i for i in walk(plot.getPlotItem()) if isinstance(i, pg.LegendItem)]


def _fit_legends_and_labels(plot: StyledPlot) -> None:
    """Legends in as many columns (three at most) as the plot's width holds; an axis label
    longer than its axis is set at MIN_AXIS_LABEL_PT, and on two lines if that is not enough."""
    item = plot.getPlotItem()
    width = plot.width() + 0.5
    for legend in _legends(plot):
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
    _fit_category_ticks(plot)  # at the view's final width


def _ticks_collide(positions_px: Sequence[float], names: Sequence[str], font: QtGui.QFont) -> bool:
    """Whether neighbouring tick names, centred on their positions, run into each other."""
    metrics = QtGui.QFontMetricsF(font)
    widths = [
        max(metrics.horizontalAdvance(line) for line in n.splitlines() or [""]) for n in names
    ]
    return any(
        (widths[i] + widths[i + 1]) / 2 + TICK_GAP_PX > positions_px[i + 1] - positions_px[i]
        for i in range(len(names) - 1)
    )


def _fit_category_ticks(plot: StyledPlot) -> None:
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
    if not _ticks_collide(positions, names, font):
        return
    if font.pointSizeF() > MIN_FONT_PT:
        font.setPointSizeF(MIN_FONT_PT)
        axis.setTickFont(font)
    narrow = getattr(plot, "narrow_tick_names", None)
    if narrow is not None and _ticks_collide(positions, names, font):
        axis.setTicks([list(zip([x for x, _n in ticks], narrow(), strict=True))])


# --- the page -------------------------------------------------------------------------------------


@dataclass
class _Block:
    rect: QtCore.QRectF


@dataclass
class _PlotBlock(_Block):
    plot: StyledPlot


@dataclass
class _TextBlock(_Block):
    document: QtGui.QTextDocument


@dataclass
class _HeadlineBlock(_Block):
    pass


def record_headline(result: Result, annual: Result, year: int | None) -> list[Headline]:
    """The headline figures as the window's strip shows them: for a counterfactual branched
    from the record, the net change's detail is its difference from the record in the year
    shown (the chosen year, else the first whole year after the branch)."""
    numbers = headline_numbers(annual)
    if result.scenario.branch is None:
        return numbers
    from dprk_explorer.model import evaluate
    from dprk_explorer.model.record import record_or_reason

    found, _reason = record_or_reason()
    if found is None:
        return numbers
    record_path = evaluate(found.scenario).path_by_year()
    numbers[0] = replace(numbers[0], detail=vs_record_detail(result, record_path, year))
    return numbers


def row_heights_px(rows: Sequence[Row], room_px: float, dpi: float) -> list[float]:
    """Each row's height: as wanted if the room holds that, else all shrunk by one share of
    the way towards their minimum, and never below it (the page then runs past its printable
    height: see `Page.fit_scale`)."""
    wanted = [cm_to_px(row.preferred_cm, dpi) for row in rows]
    least = [cm_to_px(row.minimum_cm, dpi) for row in rows]
    if room_px >= sum(wanted) or sum(wanted) <= sum(least):
        return wanted
    share = max(0.0, (room_px - sum(least)) / (sum(wanted) - sum(least)))
    return [low + share * (high - low) for low, high in zip(least, wanted, strict=True)]


class Page:
    """One figure laid out in logical pixels: banner, title, headline (brief), plots, caption.

    The brief fits its paper's printable area: its text is measured first (banner, title,
    headline, the key numbers paragraph, the caption) and the plot rows share what is left,
    each shrinking towards a readable minimum (`row_heights_px`)."""

    def __init__(
        self,
        figure: str,
        result: Result,
        grid: GridResult,
        *,
        banner: str = "",
        pins: Sequence[Pin] = (),
        pen_factor: float = 1.0,
        date: dt.date | None = None,
        options: ExportOptions | None = None,
        analysis: Analysis | None = None,
        year: int | None = None,
        pdf: bool = False,
    ) -> None:
        if figure not in FIGURES:
            raise ValueError(f"unknown figure {figure!r}; allowed: {', '.join(FIGURES)}")
        self.figure = figure
        self.options = options = options or ExportOptions()
        brief = figure == "brief"
        if analysis is None and (brief or options.bands or figure in ANALYSIS_FIGURES):
            analysis = analyse(result.scenario)
        self.analysis = analysis
        self.result = result
        self.annual = result if year is None else result.for_year(year)
        self.pins = tuple(pins) if options.pins else ()
        # The text speaks for the year the headline and the annual plots show.
        summary = key_numbers(self.annual, analysis=analysis, signed=False) if brief else ""
        self.caption: Caption = make_caption(result, banner, date, summary=summary)
        self.headlines = record_headline(result, self.annual, year)
        full_list_at = FULL_LIST_IN_PDF if pdf else FULL_LIST_ELSEWHERE
        self.dpi = logical_dpi()
        self.pen_factor = pen_factor
        self.paper: Paper | None = PAPERS[options.paper] if brief else None
        self.blocks: list[_Block] = []
        self._plots: list[StyledPlot] = []
        if self.paper is not None:
            self.width = cm_to_px(self.paper.printable_width_cm, self.dpi)
        else:
            self.width = cm_to_px(PLOT_SIZE_CM[0], self.dpi)
        y = 0.0
        if self.caption.banner:
            y = self._add_text(self._banner_html(), y, CAPTION_PT + 1.0) + GAP_PX / 2
        if self.paper is not None:
            title = self._document(self._title_html(), TITLE_PT, self.width)
            bare = self._document(self._title_html(subtitle=False), TITLE_PT, self.width)
            if title.size().height() > bare.size().height():  # the name keeps one line
                title = bare
            y = self._place(title, y)
            y = self._add_headline(y) + GAP_PX
            y = self._add_text(self.caption.summary_html(), y, BODY_PT) + GAP_PX
            caption = self._document(self.caption.html(full_list_at), CAPTION_PT, self.width)
            rows = self._rows()
            room = (
                cm_to_px(self.paper.printable_height_cm, self.dpi)
                - y
                - len(rows) * GAP_PX
                - caption.size().height()
                - BOTTOM_PX
            )
            for row, height in zip(rows, row_heights_px(rows, room, self.dpi), strict=True):
                free = self.width - GAP_PX * (len(row.cells) - 1)
                x = 0.0
                for name, share in zip(row.cells, row.shares, strict=True):
                    rect = QtCore.QRectF(x, y, free * share, height)
                    self._add_plot(name, grid, rect, title_on_page=True)
                    x += free * share + GAP_PX
                y += height + GAP_PX
            y = self._place(caption, y)
        else:
            height = cm_to_px(PLOT_SIZE_CM[1], self.dpi)
            self._add_plot(figure, grid, QtCore.QRectF(0, y, self.width, height))
            y += height + GAP_PX
            y = self._add_text(self.caption.html(full_list_at), y, CAPTION_PT)
        self.height = y + BOTTOM_PX
        self._settle()

    def _rows(self) -> list[Row]:
        """The brief's plot rows for its options. The analysis charts chosen take the map's
        place beside the channels (the map is for exploring; a page has room for four plots),
        and the waterfall's pin legend takes a line of its own (the bars keep their height)."""
        rows = list(BRIEF_ROWS)
        chosen = [name for name in ANALYSIS_FIGURES if getattr(self.options, name)]
        if chosen:  # in the map's place (ExportOptions allows one)
            rows[1] = replace(rows[1], cells=("timeline", chosen[0]))
        if self.pins:
            first = rows[0]
            rows[0] = replace(
                first,
                preferred_cm=first.preferred_cm + PIN_LEGEND_CM,
                minimum_cm=first.minimum_cm + PIN_LEGEND_CM,
            )
        return rows

    @property
    def fit_scale(self) -> float:
        """1, or the scale at which a brief taller than its paper's printable area (its text and
        its plots at their least readable height) is placed on the paper in a PDF."""
        printable = self.printable
        if printable is None:
            return 1.0
        return min(1.0, printable.height() / self.height, printable.width() / self.width)

    @property
    def printable(self) -> QtCore.QSizeF | None:
        """The brief's paper's printable area in logical pixels (None for one plot)."""
        if self.paper is None:
            return None
        return QtCore.QSizeF(
            cm_to_px(self.paper.printable_width_cm, self.dpi),
            cm_to_px(self.paper.printable_height_cm, self.dpi),
        )

    # -- building --------------------------------------------------------------------------------

    def _banner_html(self) -> str:
        from html import escape

        return (
            f'<p align="center"><b><font color="{palette.BANNER}">'
            f"{escape(self.caption.banner)}</font></b></p>"
        )

    def _title_html(self, subtitle: bool = True) -> str:
        from html import escape

        return f"<b>{escape(self.result.scenario.name)}</b>" + (
            f'<font color="{palette.SUBTITLE}"> · North Korea\'s revenue against the 2016 '
            "baseline</font>"
            if subtitle
            else ""
        )

    @staticmethod
    def _document(html: str, point_size: float, width: float) -> QtGui.QTextDocument:
        """Rich text laid out at `width`: its height is known before it is placed."""
        document = QtGui.QTextDocument()
        font = QtGui.QFont()
        font.setPointSizeF(point_size)
        document.setDefaultFont(font)
        document.setDocumentMargin(2.0)
        document.setDefaultStyleSheet("p { margin-top: 0px; margin-bottom: 2px; }")
        document.setHtml(html)
        document.setTextWidth(width)
        return document

    def _place(self, document: QtGui.QTextDocument, y: float, left: float = 0.0) -> float:
        height = document.size().height()
        rect = QtCore.QRectF(left, y, document.textWidth(), height)
        self.blocks.append(_TextBlock(rect, document))
        return y + height

    def _add_text(
        self, html: str, y: float, point_size: float, within: QtCore.QRectF | None = None
    ) -> float:
        """A block of rich text at `y`, across the page or `within` a rect's width."""
        left = within.left() if within is not None else 0.0
        width = within.width() if within is not None else self.width
        return self._place(self._document(html, point_size, width), y, left)

    def _add_headline(self, y: float) -> float:
        height = self._headline_height()
        self.blocks.append(_HeadlineBlock(QtCore.QRectF(0, y, self.width, height)))
        return y + height

    @staticmethod
    def _headline_fonts() -> tuple[QtGui.QFont, QtGui.QFont]:
        small = QtGui.QFont()
        small.setPointSizeF(MIN_FONT_PT)
        big = QtGui.QFont()
        big.setPointSizeF(14.0)
        big.setBold(True)
        return small, big

    def _headline_height(self) -> float:
        small, big = self._headline_fonts()
        return (
            2 * QtGui.QFontMetricsF(small).lineSpacing()
            + QtGui.QFontMetricsF(big).lineSpacing()
            + 8.0
        )

    def _add_plot(
        self, name: str, grid: GridResult, rect: QtCore.QRectF, title_on_page: bool = False
    ) -> None:
        """A fresh plot in `rect`; with `title_on_page`, its title is drawn by the page above it
        (a plot's own title may not be narrower than its text, which a half-width plot is).
        The annual plots show the year chosen, the timeline and the map the whole path."""
        plot = PLOT_CLASSES[name](print_scale=self.pen_factor)
        plot.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        item = plot.getPlotItem()
        if title_on_page:
            title = item.titleLabel.text
            item.titleLabel.setText(" ")  # no minimum width left behind
            item.setTitle(None)
            # Headroom where the title was: value labels above the highest bar stay on the page.
            item.layout.setRowFixedHeight(0, TITLE_ROOM_PX)
            bottom = self._add_text(f"<b>{title}</b>", rect.top(), TITLE_PT - 1.0, rect)
            rect = QtCore.QRectF(rect.left(), bottom, rect.width(), rect.bottom() - bottom)
        plot.setMinimumSize(1, 1)  # the window's least size is not the page's: the cell is
        plot.resize(round(rect.width()), round(rect.height()))
        if isinstance(plot, WaterfallPlot):
            # A value label over the highest bar may stand above the view (a short plot with
            # pins): let it show in the headroom instead of being cut. The range holds all bars.
            item.getViewBox().setFlag(
                QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape, False
            )
        analysis = self.analysis
        if isinstance(plot, ResultPlot):
            if isinstance(plot, RevenueMapPlot):
                plot.show_grid(grid)
            whole = isinstance(plot, TimelinePlot | RevenueMapPlot)
            plot.show_result(self.result if whole else self.annual)
            show_pins = getattr(plot, "show_pins", None)
            if show_pins is not None:
                if title_on_page and not isinstance(plot, WaterfallPlot):
                    # The brief names its pins once, in the waterfall's legend at its top.
                    plot.names_pins = False
                show_pins(list(self.pins))
            show_bands = getattr(plot, "show_bands", None)
            if show_bands is not None and self.options.bands and analysis is not None:
                show_bands(analysis.bands)
        elif isinstance(plot, AttributionPlot) and analysis is not None:
            plot.show_attribution(analysis.attribution)
        elif isinstance(plot, TornadoPlot) and analysis is not None:
            plot.show_tornado(analysis.tornado)
        self._plots.append(plot)
        self.blocks.append(_PlotBlock(QtCore.QRectF(rect), plot))

    def _settle(self) -> None:
        """Lay the plots out at their size, then prepare them for a scaled painter."""
        for plot in self._plots:
            # Never on screen (WA_DontShowOnScreen) and never painted as a widget (no updates):
            # shown only so that it lays out at its size; the page renders its scene.
            plot.setUpdatesEnabled(False)
            plot.show()
        QtCore.QCoreApplication.sendPostedEvents()
        for plot in self._plots:
            plot.getPlotItem().layout.activate()
        QtCore.QCoreApplication.sendPostedEvents()
        for plot in self._plots:
            _fit_legends_and_labels(plot)
        QtCore.QCoreApplication.sendPostedEvents()
        for plot in self._plots:
            plot.getPlotItem().layout.activate()
            _readable_fonts(plot)
            plot.prepare_for_print()
            # pyqtgraph's TextItem replaces the painter's transform on its first paint in a
            # scene (it then hooks the scene's prepare-for-paint): a first, throwaway render
            # into a picture keeps that from misplacing the value labels' backgrounds.
            picture = QtGui.QPicture()
            painter = QtGui.QPainter(picture)
            plot.scene().render(painter)
            painter.end()

    def close(self) -> None:
        for plot in self._plots:
            plot.hide()
            plot.deleteLater()
        self._plots = []

    # -- painting --------------------------------------------------------------------------------

    @property
    def size(self) -> QtCore.QSizeF:
        return QtCore.QSizeF(self.width, self.height)

    def paint(self, painter: QtGui.QPainter) -> None:
        """Paint the page in logical pixels (the painter may be scaled)."""
        painter.fillRect(QtCore.QRectF(0, 0, self.width, self.height), QtGui.QColor(palette.PAGE))
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing, True)
        for block in self.blocks:
            painter.save()
            if isinstance(block, _PlotBlock):
                painter.setClipRect(block.rect)
                scene = block.plot.scene()
                source = QtCore.QRectF(0, 0, block.rect.width(), block.rect.height())
                scene.render(painter, block.rect, source)
            elif isinstance(block, _TextBlock):
                painter.translate(block.rect.topLeft())
                block.document.drawContents(painter)
            elif isinstance(block, _HeadlineBlock):
                self._paint_headline(painter, block)
            painter.restore()

    def _paint_headline(self, painter: QtGui.QPainter, block: _HeadlineBlock) -> None:
        small, big = self._headline_fonts()
        numbers = self.headlines
        rect = block.rect
        painter.fillRect(rect, QtGui.QColor(palette.HEADLINE_BACKGROUND))
        painter.setPen(palette.pen(palette.HEADLINE_RULE, self.pen_factor))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        cell = rect.width() / len(numbers)
        line_small = QtGui.QFontMetricsF(small).lineSpacing()
        line_big = QtGui.QFontMetricsF(big).lineSpacing()
        flags = QtCore.Qt.AlignmentFlag.AlignLeft | QtCore.Qt.AlignmentFlag.AlignTop
        for i, number in enumerate(numbers):
            x = rect.left() + i * cell + 6.0
            y = rect.top() + 4.0
            width = cell - 8.0
            painter.setPen(QtGui.QColor(palette.HEADLINE_CAPTION))
            painter.setFont(small)
            painter.drawText(QtCore.QRectF(x, y, width, line_small), flags, number.caption)
            painter.setPen(QtGui.QColor(palette.HEADLINE_VALUE))
            painter.setFont(big)
            painter.drawText(QtCore.QRectF(x, y + line_small, width, line_big), flags, number.value)
            painter.setPen(QtGui.QColor(palette.HEADLINE_CAPTION))
            painter.setFont(small)
            painter.drawText(
                QtCore.QRectF(x, y + line_small + line_big, width, line_small), flags, number.detail
            )


# --- output formats -------------------------------------------------------------------------------


def _png(page: Page, dpi: int, toml: str) -> bytes:
    factor = dpi / page.dpi
    image = new_image(max(1, round(page.width * factor)), max(1, round(page.height * factor)))
    # Fonts are converted from points at the device's DPI: the screen's, as in the layout.
    per_metre = round(page.dpi / 0.0254)
    image.setDotsPerMeterX(per_metre)
    image.setDotsPerMeterY(per_metre)
    image.fill(QtGui.QColor(palette.PAGE))
    painter = QtGui.QPainter(image)
    painter.scale(factor, factor)
    page.paint(painter)
    painter.end()
    # The file says its print resolution (pHYs), so it places at its physical size.
    return encode_png(
        image,
        dpi,
        {
            "Title": f"{page.result.scenario.name} — {FIGURES[page.figure]}",
            "Description": page.caption.plain(),
            "Software": f"{APP_TITLE} {app_version()}",
            PNG_KEY: toml,
        },
    )


def _font_family(name: str) -> str:
    """The family Qt draws `name` with ('Sans Serif' is fontconfig's alias, e.g. DejaVu Sans)."""
    return QtGui.QFontInfo(QtGui.QFont(name)).family()


def _svg(page: Page, toml: str) -> bytes:
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    generator = QtSvg.QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setResolution(round(page.dpi))
    size = QtCore.QSize(round(page.width), round(page.height))
    generator.setSize(size)
    generator.setViewBox(QtCore.QRectF(0, 0, size.width(), size.height()))
    generator.setTitle(f"{page.result.scenario.name} — {FIGURES[page.figure]}")
    generator.setDescription(page.caption.plain())
    painter = QtGui.QPainter(generator)
    page.paint(painter)
    painter.end()
    svg = svg_font_families(bytes(buffer.data().data()), _font_family)
    return add_svg_metadata(svg, toml)


def _pdf(page: Page, toml: str) -> bytes:
    """The brief on its paper (A4 or Letter), placed inside the margins; one plot on a page of
    its own size (a figure to place in a document)."""
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    writer = QtGui.QPdfWriter(buffer)
    writer.setResolution(round(page.dpi))
    mm_per_cm = 10.0
    if page.paper is not None:
        paper = page.paper
        millimetres = QtCore.QSizeF(paper.width_cm * mm_per_cm, paper.height_cm * mm_per_cm)
        margin = cm_to_px(paper.margin_cm, page.dpi)
    else:
        millimetres = QtCore.QSizeF(
            page.width / page.dpi * 25.4 + 0.01, page.height / page.dpi * 25.4 + 0.01
        )
        margin = 0.0
    writer.setPageSize(QtGui.QPageSize(millimetres, QtGui.QPageSize.Unit.Millimeter))
    writer.setPageMargins(QtCore.QMarginsF(0, 0, 0, 0))
    title = f"{page.result.scenario.name} — {FIGURES[page.figure]}"
    creator = f"{APP_TITLE} {app_version()}"
    writer.setTitle(title)
    writer.setCreator(creator)
    writer.setDocumentXmpMetadata(xmp_packet(toml, title, page.caption.plain(), creator))
    painter = QtGui.QPainter(writer)
    painter.save()
    painter.translate(margin, margin)
    painter.scale(page.fit_scale, page.fit_scale)
    page.paint(painter)
    painter.restore()
    _paint_references(writer, painter, page, millimetres, margin)
    painter.end()
    return bytes(buffer.data().data())


def _paint_references(
    writer: QtGui.QPdfWriter,
    painter: QtGui.QPainter,
    page: Page,
    millimetres: QtCore.QSizeF,
    margin: float,
) -> None:
    """The page(s) after the figure: every source in full (publisher, title, date, address),
    at the caption's size, on the brief's paper (one plot: pages of the plot's width)."""
    width = page.width
    document = Page._document(page.caption.references_html(), CAPTION_PT, width)
    if page.paper is not None:
        height = cm_to_px(page.paper.printable_height_cm, page.dpi)
    else:  # one plot: a page as tall as the list, in the plot's width
        height = document.size().height() + 2.0
        millimetres = QtCore.QSizeF(millimetres.width(), height / page.dpi * 25.4 + 0.01)
        writer.setPageSize(QtGui.QPageSize(millimetres, QtGui.QPageSize.Unit.Millimeter))
    document.setPageSize(QtCore.QSizeF(width, height))
    for number in range(document.pageCount()):
        writer.newPage()
        painter.save()
        painter.translate(margin, margin - number * height)
        document.drawContents(painter, QtCore.QRectF(0, number * height, width, height))
        painter.restore()


class FigureExporter:
    """One figure of a scenario to PNG, SVG or PDF, in pyqtgraph's exporter shape
    (pyqtgraph.exporters.Exporter): `parameters()` declares the options as a Parameter tree
    (figure, format, dpi, banner, page size, what to include), `export(fileName=None,
    toBytes=False, copy=False)` writes.

    pyqtgraph's own exporters are not subclassed: they export one scene item, where a figure
    is a page of freshly built plots, text and the headline (see the module docstring)."""

    Name = "Figure (PNG, SVG or PDF)"

    def __init__(
        self,
        result: Result,
        grid: GridResult,
        *,
        figure: str = "brief",
        fmt: str = "png",
        dpi: int = DEFAULT_DPI,
        banner: str = "",
        pins: Sequence[Pin] = (),
        date: dt.date | None = None,
        options: ExportOptions | None = None,
        analysis: Analysis | None = None,
        year: int | None = None,
    ) -> None:
        from pyqtgraph.parametertree import Parameter  # loads with the first export

        options = options or ExportOptions()
        self.result = result
        self.grid = grid
        self.pins = tuple(pins)
        self.date = date
        self.analysis = analysis
        self.year = year
        self.params = Parameter.create(
            name="params",
            type="group",
            children=[
                {"name": "figure", "title": "Figure", "type": "list", "limits": list(FIGURES)},
                {"name": "format", "title": "Format", "type": "list", "limits": list(FORMATS)},
                {"name": "dpi", "title": "PNG resolution (dpi)", "type": "int", "value": dpi},
                {"name": "banner", "title": "Banner", "type": "str", "value": banner},
                {"name": "paper", "title": "Page size", "type": "list", "limits": list(PAPERS)},
                {"name": "pins", "title": "Pins", "type": "bool", "value": options.pins},
                {"name": "bands", "title": "Bands", "type": "bool", "value": options.bands},
                {
                    "name": "attribution",
                    "title": "Attribution in the brief",
                    "type": "bool",
                    "value": options.attribution,
                },
                {
                    "name": "tornado",
                    "title": "Tornado in the brief",
                    "type": "bool",
                    "value": options.tornado,
                },
            ],
        )
        self.params["figure"] = figure
        self.params["format"] = fmt
        self.params["paper"] = options.paper

    def parameters(self) -> object:
        """The options, as a pyqtgraph Parameter tree (a ParameterTree can edit them)."""
        return self.params

    @property
    def options(self) -> ExportOptions:
        return ExportOptions(
            paper=str(self.params["paper"]),
            pins=bool(self.params["pins"]),
            bands=bool(self.params["bands"]),
            attribution=bool(self.params["attribution"]),
            tornado=bool(self.params["tornado"]),
        )

    def export(
        self, fileName: str | Path | None = None, toBytes: bool = False, copy: bool = False
    ) -> bytes | None:
        """Render the figure: return its bytes (`toBytes`), put it on the clipboard (`copy`) or
        write it to `fileName` (its suffix, if a format's, sets the format). Raises ValueError
        for an unknown figure or format, or a DPI out of range; OSError if the file cannot be
        written (atomically: a failed write leaves no partial file)."""
        from dprk_explorer.gui.export.options import figure_format

        fmt = str(self.params["format"])
        if fileName is not None:
            fmt = figure_format(Path(fileName)) or fmt
        data = self._render(str(self.params["figure"]), fmt, int(self.params["dpi"]))
        if toBytes:
            return data
        if copy:
            mime = QtCore.QMimeData()
            mime.setData(MIME_TYPES[fmt], QtCore.QByteArray(data))
            if fmt == "png":
                mime.setImageData(QtGui.QImage.fromData(data))
            clipboard = QtGui.QGuiApplication.clipboard()
            if clipboard is not None:
                clipboard.setMimeData(mime)
        if fileName is not None:
            from dprk_explorer.gui.io.atomic import write_bytes

            write_bytes(Path(fileName), data)
        if fileName is None and not copy:
            raise ValueError("nothing to export to: give fileName, toBytes or copy")
        return None

    def page(self, figure: str, pen_factor: float = 1.0, pdf: bool = False) -> Page:
        """The figure laid out (close() it when drawn); a PDF's names its page of sources."""
        return Page(
            figure,
            self.result,
            self.grid,
            banner=str(self.params["banner"]),
            pins=self.pins,
            pen_factor=pen_factor,
            date=self.date,
            options=self.options,
            analysis=self.analysis,
            year=self.year,
            pdf=pdf,
        )

    def _render(self, figure: str, fmt: str, dpi: int) -> bytes:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")
        if not MIN_DPI <= dpi <= MAX_DPI:
            raise ValueError(f"{dpi} dpi is out of range; allowed: {MIN_DPI} to {MAX_DPI}")
        page = self.page(figure, dpi / logical_dpi() if fmt == "png" else 1.0, pdf=fmt == "pdf")
        try:
            toml = self.result.scenario.to_toml()
            if fmt == "png":
                return _png(page, dpi, toml)
            if fmt == "svg":
                return _svg(page, toml)
            return _pdf(page, toml)
        finally:
            page.close()


#: What the clipboard calls each format.
MIME_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


def render_figure(
    figure: str,
    fmt: str,
    result: Result,
    grid: GridResult,
    *,
    dpi: int = DEFAULT_DPI,
    banner: str = "",
    pins: Sequence[Pin] = (),
    date: dt.date | None = None,
    options: ExportOptions | None = None,
    analysis: Analysis | None = None,
    year: int | None = None,
) -> bytes:
    """The figure's file contents, with its caption and the scenario embedded. `result` is
    the whole result; with `year`, the headline and the annual plots show that calendar year.
    `analysis` (computed here if needed and not given) supplies the brief's text, the bands
    and the attribution and tornado charts."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ValueError(f"{dpi} dpi is out of range; allowed: {MIN_DPI} to {MAX_DPI}")
    problem = check_banner(banner)
    if problem:
        raise ValueError(problem)
    exporter = FigureExporter(
        result,
        grid,
        figure=figure,
        fmt=fmt,
        dpi=dpi,
        banner=banner,
        pins=pins,
        date=date,
        options=options,
        analysis=analysis,
        year=year,
    )
    data = exporter.export(toBytes=True)
    assert data is not None
    return data

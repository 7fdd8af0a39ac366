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
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtSvg, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.export.metadata import PNG_KEY, add_svg_metadata, xmp_packet
from dprk_explorer.gui.export.options import (
    DEFAULT_DPI,
    FIGURES,
    FORMATS,
    MAX_DPI,
    MIN_DPI,
    check_banner,
)
from dprk_explorer.gui.export.png import encode_png, new_image
from dprk_explorer.gui.pins import Pin
from dprk_explorer.gui.plots.base import ResultPlot, walk
from dprk_explorer.gui.plots.channels import ChannelPlot
from dprk_explorer.gui.plots.items import ValueLabel
from dprk_explorer.gui.plots.revenue_map import RevenueMapPlot
from dprk_explorer.gui.plots.timeline import TimelinePlot
from dprk_explorer.gui.plots.waterfall import WaterfallPlot
from dprk_explorer.gui.text.caption import Caption, make_caption
from dprk_explorer.gui.text.headline import headline_numbers
from dprk_explorer.gui.text.names import APP_TITLE, app_version
from dprk_explorer.model import GridResult, Result


class PlotFactory(Protocol):
    """A plot class, built at a print scale."""

    def __call__(self, *, print_scale: float = 1.0) -> ResultPlot: ...


#: The plots an export can draw, each built with its own title.
PLOT_CLASSES: dict[str, PlotFactory] = {
    "channels": ChannelPlot,
    "offsets": WaterfallPlot,
    "timeline": TimelinePlot,
    "map": RevenueMapPlot,
}

CM_PER_INCH = 2.54
#: The brief is as wide as A4 portrait (21 cm) less 2 cm margins; placed at 16 cm its smallest
#: text (MIN_FONT_PT) still reads at 7 pt.
BRIEF_WIDTH_CM = 17.0
#: One plot alone: a full-column figure (width, height of the plot; the caption adds height).
PLOT_SIZE_CM = (13.0, 9.0)
#: Heights of the brief's plot rows: waterfall (full width), channels | map, timeline (full).
BRIEF_ROWS_CM = (6.8, 7.2, 7.0)
PIN_LEGEND_CM = 1.0
MIN_FONT_PT = 7.5
MIN_AXIS_LABEL_PT = 8.0
CAPTION_PT = 7.5
TITLE_PT = 11.0
GAP_PX = 6.0
TITLE_ROOM_PX = 12.0


def logical_dpi() -> float:
    """Pixels per inch the widgets lay text out at (fonts are in points)."""
    screen = QtGui.QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInch() if screen is not None else 96.0
    return dpi if dpi > 0 else 96.0


def cm_to_px(cm: float, dpi: float) -> float:
    return cm / CM_PER_INCH * dpi


# --- preparing freshly built plots for print ------------------------------------------------------


def _readable_fonts(plot: ResultPlot) -> None:
    """No text smaller than MIN_FONT_PT (value labels and event names are 7-8 pt on screen)."""
    for item in walk(plot.getPlotItem()):
        if isinstance(item, ValueLabel):
            font = item.font()
            if 0 < font.pointSizeF() < MIN_FONT_PT:
                font.setPointSizeF(MIN_FONT_PT)
                item.setFont(font)


def _legends(plot: ResultPlot) -> list[pg.LegendItem]:
    return [i for i in walk(plot.getPlotItem()) if isinstance(i, pg.LegendItem)]


def _fit_legends_and_labels(plot: ResultPlot) -> None:
    """Legends in as many columns (three at most) as the plot's width holds; an axis label
    longer than its axis is set at MIN_AXIS_LABEL_PT, and on two lines if that is not enough."""
    item = plot.getPlotItem()
    width = plot.width() + 0.5
    for legend in _legends(plot):
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


# --- the page -------------------------------------------------------------------------------------


@dataclass
class _Block:
    rect: QtCore.QRectF


@dataclass
class _PlotBlock(_Block):
    plot: ResultPlot


@dataclass
class _TextBlock(_Block):
    document: QtGui.QTextDocument


@dataclass
class _HeadlineBlock(_Block):
    result: Result


class Page:
    """One figure laid out in logical pixels: banner, title, headline (brief), plots, caption."""

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
    ) -> None:
        if figure not in FIGURES:
            raise ValueError(f"unknown figure {figure!r}; allowed: {', '.join(FIGURES)}")
        self.figure = figure
        self.result = result
        self.caption: Caption = make_caption(result, banner, date)
        self.dpi = logical_dpi()
        self.pen_factor = pen_factor
        self.blocks: list[_Block] = []
        self._plots: list[ResultPlot] = []
        brief = figure == "brief"
        width = cm_to_px(BRIEF_WIDTH_CM if brief else PLOT_SIZE_CM[0], self.dpi)
        self.width = width
        y = 0.0
        if self.caption.banner:
            y = self._add_text(self._banner_html(), y, CAPTION_PT + 1.5) + GAP_PX / 2
        if brief:
            y = self._add_text(self._title_html(), y, TITLE_PT)
            y = self._add_headline(y) + GAP_PX
            rows = [cm_to_px(h, self.dpi) for h in BRIEF_ROWS_CM]
            if pins:  # the waterfall's pin legend takes a row: the bars keep their height
                rows[0] += cm_to_px(PIN_LEGEND_CM, self.dpi)
            half = (width - GAP_PX) / 2
            cells = (
                ("offsets", QtCore.QRectF(0, y, width, rows[0])),
                ("channels", QtCore.QRectF(0, y + rows[0] + GAP_PX, half, rows[1])),
                ("map", QtCore.QRectF(half + GAP_PX, y + rows[0] + GAP_PX, half, rows[1])),
                ("timeline", QtCore.QRectF(0, y + rows[0] + rows[1] + 2 * GAP_PX, width, rows[2])),
            )
            for name, rect in cells:
                self._add_plot(name, result, grid, pins, rect, title_on_page=True)
            y += rows[0] + rows[1] + rows[2] + 3 * GAP_PX
        else:
            height = cm_to_px(PLOT_SIZE_CM[1], self.dpi)
            self._add_plot(figure, result, grid, pins, QtCore.QRectF(0, y, width, height))
            y += height + GAP_PX
        y = self._add_text(self.caption.html(), y, CAPTION_PT)
        self.height = y + 2.0
        self._settle()

    # -- building --------------------------------------------------------------------------------

    def _banner_html(self) -> str:
        from html import escape

        return (
            f'<p align="center"><b><font color="{palette.BANNER}">'
            f"{escape(self.caption.banner)}</font></b></p>"
        )

    def _title_html(self) -> str:
        from html import escape

        return (
            f"<b>{escape(self.result.scenario.name)}</b>"
            f'<font color="{palette.SUBTITLE}"> · North Korea\'s revenue against the 2016 '
            "baseline</font>"
        )

    def _add_text(
        self, html: str, y: float, point_size: float, within: QtCore.QRectF | None = None
    ) -> float:
        """A block of rich text at `y`, across the page or `within` a rect's width."""
        left = within.left() if within is not None else 0.0
        width = within.width() if within is not None else self.width
        document = QtGui.QTextDocument()
        font = QtGui.QFont()
        font.setPointSizeF(point_size)
        document.setDefaultFont(font)
        document.setDocumentMargin(2.0)
        document.setDefaultStyleSheet("p { margin-top: 0px; margin-bottom: 2px; }")
        document.setHtml(html)
        document.setTextWidth(width)
        height = document.size().height()
        self.blocks.append(_TextBlock(QtCore.QRectF(left, y, width, height), document))
        return y + height

    def _add_headline(self, y: float) -> float:
        height = self._headline_height()
        self.blocks.append(_HeadlineBlock(QtCore.QRectF(0, y, self.width, height), self.result))
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
        self,
        name: str,
        result: Result,
        grid: GridResult,
        pins: Sequence[Pin],
        rect: QtCore.QRectF,
        title_on_page: bool = False,
    ) -> None:
        """A fresh plot in `rect`; with `title_on_page`, its title is drawn by the page above it
        (a plot's own title may not be narrower than its text, which a half-width plot is)."""
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
        plot.resize(round(rect.width()), round(rect.height()))
        if isinstance(plot, WaterfallPlot):
            # A value label over the highest bar may stand above the view (a short plot with
            # pins): let it show in the headroom instead of being cut. The range holds all bars.
            item.getViewBox().setFlag(
                QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape, False
            )
        if isinstance(plot, RevenueMapPlot):
            plot.show_grid(grid)
        plot.show_result(result)
        show_pins = getattr(plot, "show_pins", None)
        if show_pins is not None:
            show_pins(list(pins))
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
        numbers = headline_numbers(block.result)
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
    return add_svg_metadata(bytes(buffer.data().data()), toml)


def _pdf(page: Page, toml: str) -> bytes:
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    writer = QtGui.QPdfWriter(buffer)
    writer.setResolution(round(page.dpi))
    millimetres = QtCore.QSizeF(
        page.width / page.dpi * 25.4 + 0.01, page.height / page.dpi * 25.4 + 0.01
    )
    writer.setPageSize(QtGui.QPageSize(millimetres, QtGui.QPageSize.Unit.Millimeter))
    writer.setPageMargins(QtCore.QMarginsF(0, 0, 0, 0))
    title = f"{page.result.scenario.name} — {FIGURES[page.figure]}"
    creator = f"{APP_TITLE} {app_version()}"
    writer.setTitle(title)
    writer.setCreator(creator)
    writer.setDocumentXmpMetadata(xmp_packet(toml, title, page.caption.plain(), creator))
    painter = QtGui.QPainter(writer)
    page.paint(painter)
    painter.end()
    return bytes(buffer.data().data())


class FigureExporter:
    """One figure of a scenario to PNG, SVG or PDF, in pyqtgraph's exporter shape
    (pyqtgraph.exporters.Exporter): `parameters()` declares the options as a Parameter tree
    (figure, format, dpi, banner), `export(fileName=None, toBytes=False, copy=False)` writes.

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
    ) -> None:
        from pyqtgraph.parametertree import Parameter  # loads with the first export

        self.result = result
        self.grid = grid
        self.pins = tuple(pins)
        self.date = date
        self.params = Parameter.create(
            name="params",
            type="group",
            children=[
                {"name": "figure", "title": "Figure", "type": "list", "limits": list(FIGURES)},
                {"name": "format", "title": "Format", "type": "list", "limits": list(FORMATS)},
                {"name": "dpi", "title": "PNG resolution (dpi)", "type": "int", "value": dpi},
                {"name": "banner", "title": "Banner", "type": "str", "value": banner},
            ],
        )
        self.params["figure"] = figure
        self.params["format"] = fmt

    def parameters(self) -> object:
        """The options, as a pyqtgraph Parameter tree (a ParameterTree can edit them)."""
        return self.params

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

    def _render(self, figure: str, fmt: str, dpi: int) -> bytes:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")
        if not MIN_DPI <= dpi <= MAX_DPI:
            raise ValueError(f"{dpi} dpi is out of range; allowed: {MIN_DPI} to {MAX_DPI}")
        factor = dpi / logical_dpi() if fmt == "png" else 1.0
        banner = str(self.params["banner"])
        page = Page(
            figure,
            self.result,
            self.grid,
            banner=banner,
            pins=self.pins,
            pen_factor=factor,
            date=self.date,
        )
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
) -> bytes:
    """The figure's file contents, with its caption and the scenario embedded."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ValueError(f"{dpi} dpi is out of range; allowed: {MIN_DPI} to {MAX_DPI}")
    problem = check_banner(banner)
    if problem:
        raise ValueError(problem)
    exporter = FigureExporter(
        result, grid, figure=figure, fmt=fmt, dpi=dpi, banner=banner, pins=pins, date=date
    )
    data = exporter.export(toBytes=True)
    assert data is not None
    return data

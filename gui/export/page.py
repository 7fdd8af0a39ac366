"""The layout of an exported figure in logical pixels: banner, title, headline (the brief),
plots and caption, each a block with its rectangle, painted by `Page.paint` onto any device
(gui.export.writers).

A page draws one `Answer` with its `View` (`page_answer`): the headline, the text, the caption
and every plot (through `show_answer`, as in the window) read the figures of that answer, all for
its period, so nothing on the page can disagree with anything else on it.

The brief fits its paper's printable area: its text is measured first and the plot rows share
what is left, each shrinking towards a readable minimum. One plot alone is a full-column figure.
Every plot is built fresh for the page at the painter's scale (never the window's: see
gui.export.figure) and fitted to its cell (gui.export.plot_fit).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui import palette
from dprk_explorer.gui.export.headline_strip import headline_height, paint_headline
from dprk_explorer.gui.export.options import (
    ANALYSIS_FIGURES,
    FIGURES,
    PAPERS,
    ExportOptions,
    Paper,
)
from dprk_explorer.gui.export.plot_fit import (
    fit_legends_and_labels,
    keep_labels_in_view,
    readable_fonts,
)
from dprk_explorer.gui.export.print_text import (
    BODY_PT,
    CAPTION_PT,
    TITLE_PT,
    cm_to_px,
    logical_dpi,
    rich_text,
)
from dprk_explorer.gui.plots.attribution import AttributionPlot
from dprk_explorer.gui.plots.base import StyledPlot
from dprk_explorer.gui.plots.channels import ChannelPlot
from dprk_explorer.gui.plots.comparison import ComparedPlot
from dprk_explorer.gui.plots.revenue_map import RevenueMapPlot
from dprk_explorer.gui.plots.timeline import TimelinePlot
from dprk_explorer.gui.plots.tornado import TornadoPlot
from dprk_explorer.gui.plots.waterfall import WaterfallPlot
from dprk_explorer.gui.text.answer_words import against_base
from dprk_explorer.gui.text.caption import (
    FULL_LIST_ELSEWHERE,
    FULL_LIST_IN_PDF,
    Caption,
    key_numbers,
    make_caption,
)
from dprk_explorer.gui.text.headline import headline_numbers
from dprk_explorer.gui.view_state import View
from dprk_explorer.model.answer import Answer
from dprk_explorer.model.core.grid import MAP_AXIS_PCT, evaluate_grid
from dprk_explorer.model.core.period import Period


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


#: The brief's plot rows: the waterfall across the page (its eleven columns, nine steps since
#: the routes of 2021-2025, need more than half the width for their names to stand apart: at
#: 0.55 they ran together), then channels | timeline | map in one taller row (the timeline's
#: ten years and their events take 38.5 % of the width: at 36 % the events' names ran into the
#: next lines; the map keeps the 33.5 % its labels and scale need; the timeline's legend and the
#: channel plot's 15 rows have the height). A third row would
#: leave each plot under 4 cm beside the measured text. The rows shrink together towards their
#: minimum (summing to what the two rows of six steps had) to leave that text its room.
BRIEF_ROWS = (
    Row(("offsets",), (1.0,), 5.6, 4.6),
    Row(("channels", "timeline", "map"), (0.28, 0.385, 0.335), 9.6, 6.6),
)
#: The second row's shares with an analysis chart in the map's place: an attribution or
#: tornado chart's parameter names need the 38 % of the width the map does without.
ANALYSIS_ROW_SHARES = (0.26, 0.355, 0.385)
#: The waterfall's legend of pins: a line of its own above the bars.
PIN_LEGEND_CM = 0.6
#: Between blocks, and between the plots of a row.
GAP_PX = 6.0
#: Headroom where a brief's plot had its title (the page draws it): value labels stay on it.
TITLE_ROOM_PX = 12.0
BOTTOM_PX = 2.0


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


def analysis_chart(options: ExportOptions) -> str | None:
    """The analysis chart a brief draws in the map's place, if one is chosen."""
    return next((name for name in ANALYSIS_FIGURES if getattr(options, name)), None)


def draws_map(figure: str, options: ExportOptions) -> bool:
    return figure == "map" or (figure == "brief" and analysis_chart(options) is None)


def page_answer(
    figure: str, answer: Answer, view: View | None, options: ExportOptions
) -> tuple[Answer, View]:
    """The answer and view a page draws: the answer as given (its scenario, period, record and
    pins), with the model's analysis for its own scenario and period wherever the page states
    any (the brief's text, the bands, the analysis charts, the map's goal; one of a moment ago
    is computed afresh), the map for its period when the page draws one, and the pins only if
    the options include them. The view follows the answer's period and the options' band."""
    needs_analysis = (
        figure == "brief"
        or options.bands
        or figure in ANALYSIS_FIGURES
        or (draws_map(figure, options) and answer.goal is not None)
    )
    if needs_analysis:
        answer = answer.analysed()
    elif not answer.analysis_fresh:
        answer = answer.with_analysis(None)
    if draws_map(figure, options) and answer.grid is None:
        grid = evaluate_grid(answer.scenario, MAP_AXIS_PCT, MAP_AXIS_PCT, answer.period)
        answer = answer.with_grid(grid)
    shown = (view if view is not None else View()).with_changes(
        period=answer.period, bands=options.bands
    )
    if not options.pins:
        answer = dataclasses.replace(answer, pins=())
        shown = shown.with_changes(pins=(), compared_pin=None)
    return answer, shown


def plot_title(name: str, title: str, period: Period) -> str:
    """A plot's title on a page, naming the period its figures are for: 'Offset waterfall:
    coal lost and what is won back, 2019'; the timeline, which always spans the horizon, names
    the months shaded ('Monthly revenue, 2016-2020 (2019 shaded)')."""
    if name == "timeline":
        return title if period.is_steady else f"{title} {shaded(period)}"
    return f"{title}, {period.label}"


def shaded(period: Period) -> str:
    """Which months the timeline shades: '(2019 shaded)'."""
    return f"({period.label} shaded)"


class Page:
    """One figure laid out in logical pixels: banner, title, headline (brief), plots, caption.

    The brief fits its paper's printable area: its text is measured first (banner, title,
    headline, the key numbers paragraph, the caption) and the plot rows share what is left,
    each shrinking towards a readable minimum (`row_heights_px`)."""

    def __init__(
        self,
        figure: str,
        answer: Answer,
        view: View | None = None,
        options: ExportOptions | None = None,
        *,
        banner: str = "",
        pen_factor: float = 1.0,
        date: dt.date | None = None,
        pdf: bool = False,
    ) -> None:
        if figure not in FIGURES:
            raise ValueError(f"unknown figure {figure!r}; allowed: {', '.join(FIGURES)}")
        self.figure = figure
        self.options = options = options or ExportOptions()
        brief = figure == "brief"
        self.answer, self.view = page_answer(figure, answer, view, options)
        # Every figure on the page, its text and its caption read this one answer.
        summary = key_numbers(self.answer, brief=True) if brief else ""
        self.caption: Caption = make_caption(self.answer, banner, date, summary=summary)
        self.headlines = headline_numbers(self.answer)
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
            title = rich_text(self._title_html(), TITLE_PT, self.width)
            bare = rich_text(self._title_html(subtitle=False), TITLE_PT, self.width)
            if title.size().height() > bare.size().height():  # the name keeps one line
                title = bare
            y = self._place(title, y)
            y = self._add_headline(y) + GAP_PX
            y = self._add_text(self.caption.summary_html(), y, BODY_PT) + GAP_PX
            caption = rich_text(self.caption.html(full_list_at), CAPTION_PT, self.width)
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
                    self._add_plot(name, rect, title_on_page=True)
                    x += free * share + GAP_PX
                y += height + GAP_PX
            y = self._place(caption, y)
        else:
            height = cm_to_px(PLOT_SIZE_CM[1], self.dpi)
            self._add_plot(figure, QtCore.QRectF(0, y, self.width, height))
            y += height + GAP_PX
            y = self._add_text(self.caption.html(full_list_at), y, CAPTION_PT)
        self.height = y + BOTTOM_PX
        self._settle()

    def _rows(self) -> list[Row]:
        """The brief's plot rows for its options. The analysis charts chosen take the map's
        place beside the timeline (the map is for exploring; a page has room for four plots),
        and the waterfall's pin legend takes a line of its own (the bars keep their height)."""
        rows = list(BRIEF_ROWS)
        chosen = analysis_chart(self.options)
        if chosen is not None:  # in the map's place (ExportOptions allows one)
            rows[1] = replace(
                rows[1], cells=(*rows[1].cells[:-1], chosen), shares=ANALYSIS_ROW_SHARES
            )
        if self.answer.pins:
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
        scale = min(1.0, printable.height() / self.height, printable.width() / self.width)
        return 1.0 if scale > 1.0 - 1e-9 else scale  # rows fitted exactly: no float's crumb

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
        return (
            f'<p align="center"><b><font color="{palette.BANNER}">'
            f"{html.escape(self.caption.banner)}</font></b></p>"
        )

    def _title_html(self, subtitle: bool = True) -> str:
        escape = html.escape
        return f"<b>{escape(self.answer.scenario.name)}</b>" + (
            f'<font color="{palette.SUBTITLE}"> · North Korea\'s revenue '
            f"{escape(against_base(self.answer))}</font>"
            if subtitle
            else ""
        )

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
        return self._place(rich_text(html, point_size, width), y, left)

    def _add_headline(self, y: float) -> float:
        height = headline_height()
        self.blocks.append(_HeadlineBlock(QtCore.QRectF(0, y, self.width, height)))
        return y + height

    def _add_plot(self, name: str, rect: QtCore.QRectF, title_on_page: bool = False) -> None:
        """A fresh plot in `rect` drawing the page's answer; with `title_on_page`, its title is
        drawn by the page above it (a plot's own title may not be narrower than its text, which
        a half-width plot is). Every title names the answer's period (`plot_title`)."""
        plot = PLOT_CLASSES[name](print_scale=self.pen_factor)
        plot.setAttribute(QtCore.Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        item = plot.getPlotItem()
        own = item.titleLabel.text
        title = plot_title(name, own, self.answer.period)
        shade_on_axis = False
        if isinstance(plot, RevenueMapPlot) and title_on_page:
            plot.colour_bar_below()  # a third of the page wide: the scale goes under the map
        if title_on_page and isinstance(plot, ComparedPlot | TimelinePlot):
            # The brief names its pins once, in the waterfall's legend at its top.
            plot.names_pins = isinstance(plot, WaterfallPlot)
        if title_on_page:
            # The period too if the title keeps one line; else the plot's own title (its value
            # axis names the period: 'USD m in 2019'; the timeline's time axis says which
            # months it shades) and the plot keeps its height.
            heading = rich_text(f"<b>{html.escape(title)}</b>", TITLE_PT - 1.0, rect.width())
            bare = rich_text(f"<b>{html.escape(own)}</b>", TITLE_PT - 1.0, rect.width())
            if heading.size().height() > bare.size().height():
                heading = bare
                shade_on_axis = name == "timeline" and not self.answer.period.is_steady
            bottom = self._place(heading, rect.top(), rect.left())
            rect = QtCore.QRectF(rect.left(), bottom, rect.width(), rect.bottom() - bottom)
        plot.setMinimumSize(1, 1)  # the window's least size is not the page's: the cell is
        plot.resize(round(rect.width()), round(rect.height()))
        if isinstance(plot, WaterfallPlot):
            # A value label over the highest bar may stand above the view (a short plot with
            # pins): let it show in the headroom instead of being cut. The range holds all bars.
            item.getViewBox().setFlag(
                QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape, False
            )
        plot.show_answer(self.answer, self.view)
        if shade_on_axis:
            time_axis = item.getAxis("bottom")
            item.setLabel("bottom", f"{time_axis.labelText} {shaded(self.answer.period)}")
        if title_on_page:  # after show_answer, which may set the plot's own title again
            item.titleLabel.setText(" ")  # no minimum width left behind
            item.setTitle(None)
            # Headroom where the title was: value labels above the highest bar stay on the page.
            item.layout.setRowFixedHeight(0, TITLE_ROOM_PX)
        else:
            item.setTitle(title, size=palette.TITLE_SIZE, bold=True)
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
            fit_legends_and_labels(plot)
        QtCore.QCoreApplication.sendPostedEvents()
        for plot in self._plots:
            plot.getPlotItem().layout.activate()
            readable_fonts(plot)
            keep_labels_in_view(plot)  # at their printed size
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
                paint_headline(painter, block.rect, self.headlines, self.pen_factor)
            painter.restore()

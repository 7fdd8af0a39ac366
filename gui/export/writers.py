"""The three file formats a figure is written in, each painting a laid-out `Page`: PNG (a
QImage scaled by DPI / logical DPI, then gui.export.png), SVG (QSvgGenerator) and PDF
(QPdfWriter), both at the logical DPI (vector output needs no scaling). Each carries the title,
the caption and the scenario (gui.export.metadata); a PDF adds a page of every source in full."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6 import QtCore, QtGui, QtSvg

from dprk_explorer.gui import palette
from dprk_explorer.gui.export.metadata import add_svg_metadata, svg_font_families, xmp_packet
from dprk_explorer.gui.export.options import FIGURES
from dprk_explorer.gui.export.page import Page
from dprk_explorer.gui.export.png import encode_png, new_image
from dprk_explorer.gui.export.print_text import CAPTION_PT, cm_to_px, rich_text
from dprk_explorer.gui.io.embedded_scenario import PNG_KEY
from dprk_explorer.gui.text.names import APP_TITLE, app_version

#: What the clipboard calls each format.
MIME_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


def png_bytes(page: Page, dpi: int, toml: str) -> bytes:
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
            "Title": f"{page.answer.scenario.name} — {FIGURES[page.figure]}",
            "Description": page.caption.plain(),
            "Software": f"{APP_TITLE} {app_version()}",
            PNG_KEY: toml,
        },
    )


def _font_family(name: str) -> str:
    """The family Qt draws `name` with ('Sans Serif' is fontconfig's alias, e.g. DejaVu Sans)."""
    return QtGui.QFontInfo(QtGui.QFont(name)).family()


def svg_bytes(page: Page, toml: str) -> bytes:
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    generator = QtSvg.QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setResolution(round(page.dpi))
    size = QtCore.QSize(round(page.width), round(page.height))
    generator.setSize(size)
    generator.setViewBox(QtCore.QRectF(0, 0, size.width(), size.height()))
    generator.setTitle(f"{page.answer.scenario.name} — {FIGURES[page.figure]}")
    generator.setDescription(page.caption.plain())
    painter = QtGui.QPainter(generator)
    page.paint(painter)
    painter.end()
    svg = svg_font_families(bytes(buffer.data().data()), _font_family)
    return add_svg_metadata(svg, toml)


def pdf_bytes(page: Page, toml: str) -> bytes:
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
    title = f"{page.answer.scenario.name} — {FIGURES[page.figure]}"
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


#: The sources are set smaller, down to this share of CAPTION_PT, to keep to one page.
MIN_SOURCES_SCALE = 0.85
#: Each try at fitting the sources to one page sets them this much smaller.
SOURCES_SCALE_STEP = 0.01


#: Between the two columns of a list of sources too long for one column (logical pixels).
SOURCES_COLUMN_GAP_PX = 14.0


@dataclass
class SourcesLayout:
    """The full list of sources laid out for the PDF: the document (laid out at the page's width
    divided by `scale`, or at a column's) and the scale the painter draws it at; a list too long
    for one column of a page runs on in a `second` column beside it."""

    document: QtGui.QTextDocument
    scale: float
    #: The height of one page of the list, in the document's own pixels.
    page_height: float
    #: The list's second column (its later entries and the closing line), if it takes two.
    second: QtGui.QTextDocument | None = None

    @property
    def page_count(self) -> int:
        return self.document.pageCount()  # 1 unless it was given pages of `page_height`

    @property
    def columns(self) -> tuple[QtGui.QTextDocument, ...]:
        return (self.document,) if self.second is None else (self.document, self.second)

    @property
    def column_step(self) -> float:
        """From one column's left edge to the next's, in the documents' own pixels."""
        return self.document.textWidth() + SOURCES_COLUMN_GAP_PX / self.scale


def sources_layout(html: str, width: float, height: float) -> SourcesLayout:
    """The sources on one page of `width` x `height` (logical pixels): at CAPTION_PT if they fit,
    else set a little smaller (the painter scaled, so the lines run as long as the page is wide)
    down to MIN_SOURCES_SCALE; else in two columns, at CAPTION_PT or as little smaller as keeps
    them to the page (the list grew with the sources since 2021: two columns keep it one page
    at a readable size). A list longer than that takes pages of its own at CAPTION_PT, the
    last never holding only the closing paragraph (it goes over with the one before)."""
    document = rich_text(html, CAPTION_PT, width)
    natural = document.size().height()
    scale = min(1.0, height / max(natural, 1.0))
    while scale >= MIN_SOURCES_SCALE:
        document = rich_text(html, CAPTION_PT, width / scale)
        if document.size().height() <= height / scale:
            return SourcesLayout(document, scale, height / scale)
        scale -= SOURCES_SCALE_STEP
    two = _two_columns(html, width, height)
    if two is not None:
        return two
    document = rich_text(html, CAPTION_PT, width)
    document.setPageSize(QtCore.QSizeF(width, height))
    _keep_last_with_previous(document, height)
    return SourcesLayout(document, 1.0, height)


def _two_columns(html: str, width: float, height: float) -> SourcesLayout | None:
    """The list's paragraphs in two columns on one page, split where the columns come out most
    nearly even, at the largest scale from 1 down to MIN_SOURCES_SCALE that fits; else None."""
    paragraphs = re.findall(r"<p>.*?</p>", html, flags=re.DOTALL)
    if len(paragraphs) < 2:
        return None
    scale = 1.0
    while scale >= MIN_SOURCES_SCALE:
        column = (width - SOURCES_COLUMN_GAP_PX) / 2.0 / scale

        def laid_out(part: list[str], column: float = column) -> QtGui.QTextDocument:
            return rich_text("".join(part), CAPTION_PT, column)

        # Two columns are together at least as tall as the whole list in one column of their
        # width (a paragraph wraps alike in either), so the taller is at least half of it: a
        # scale that fails this one layout fails every split (~10 layouts not made for it).
        if laid_out(paragraphs).size().height() / 2.0 > height / scale:
            scale -= SOURCES_SCALE_STEP
            continue
        # The first column's height grows with its share, the second's falls: bisect to the
        # first split at which the first column is at least as tall as the second.
        low, high = 1, len(paragraphs) - 1
        while low < high:
            middle = (low + high) // 2
            first, second = laid_out(paragraphs[:middle]), laid_out(paragraphs[middle:])
            if first.size().height() >= second.size().height():
                high = middle
            else:
                low = middle + 1
        for split in sorted({max(1, low - 1), low}):
            first, second = laid_out(paragraphs[:split]), laid_out(paragraphs[split:])
            tallest = max(first.size().height(), second.size().height())
            if tallest <= height / scale:
                return SourcesLayout(first, scale, height / scale, second)
        scale -= SOURCES_SCALE_STEP
    return None


def _keep_last_with_previous(document: QtGui.QTextDocument, page_height: float) -> None:
    """Where pages break, a last page with only the last paragraph on it (the closing line) takes
    the paragraph before it too."""
    last = document.lastBlock()
    before = last.previous()
    if not before.isValid():
        return
    layout = document.documentLayout()
    page_of = int(layout.blockBoundingRect(last).top() // page_height)
    if page_of > 0 and int(layout.blockBoundingRect(before).top() // page_height) < page_of:
        cursor = QtGui.QTextCursor(before)
        form = before.blockFormat()
        form.setPageBreakPolicy(QtGui.QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        cursor.setBlockFormat(form)


def _paint_references(
    writer: QtGui.QPdfWriter,
    painter: QtGui.QPainter,
    page: Page,
    millimetres: QtCore.QSizeF,
    margin: float,
) -> None:
    """The page after the figure: every source in full (publisher, title, date, address), on
    the brief's paper, fitted to one page (`sources_layout`); one plot: a page of the plot's
    width as tall as the list."""
    html = page.caption.references_html()
    if page.printable is not None:
        layout = sources_layout(html, page.width, page.printable.height())
    else:
        document = rich_text(html, CAPTION_PT, page.width)
        height = document.size().height() + 2.0
        millimetres = QtCore.QSizeF(millimetres.width(), height / page.dpi * 25.4 + 0.01)
        writer.setPageSize(QtGui.QPageSize(millimetres, QtGui.QPageSize.Unit.Millimeter))
        layout = SourcesLayout(document, 1.0, height)
    height = layout.page_height
    for number in range(layout.page_count):
        writer.newPage()
        for index, document in enumerate(layout.columns):
            width = document.textWidth()
            painter.save()
            painter.translate(margin, margin)
            painter.scale(layout.scale, layout.scale)
            painter.translate(index * layout.column_step, -number * height)
            document.drawContents(painter, QtCore.QRectF(0, number * height, width, height))
            painter.restore()

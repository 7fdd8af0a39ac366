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

Both take the question as the window shows it: an `Answer` (the scenario, the period, the record,
the pins, the analysis and the map, model.answer) and the `View` it is drawn with, and the
`ExportOptions`. Every figure, text and caption on the page reads that one answer.

`FigureExporter` takes pyqtgraph's exporter shape (`parameters()`, `export(fileName, toBytes,
copy)`); `render_figure` is its one-call form. The page is laid out by gui.export.page and
written by gui.export.writers.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6 import QtCore, QtGui

from dprk_explorer.gui.export.options import (
    DEFAULT_DPI,
    FIGURES,
    FORMATS,
    MAX_DPI,
    MIN_DPI,
    PAPERS,
    ExportOptions,
    check_banner,
)
from dprk_explorer.gui.export.page import Page
from dprk_explorer.gui.export.print_text import logical_dpi
from dprk_explorer.gui.export.writers import MIME_TYPES, pdf_bytes, png_bytes, svg_bytes
from dprk_explorer.gui.view_state import View
from dprk_explorer.model.answer import Answer


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
        answer: Answer,
        view: View | None = None,
        options: ExportOptions | None = None,
        *,
        figure: str = "brief",
        fmt: str = "png",
        dpi: int = DEFAULT_DPI,
        banner: str = "",
        date: dt.date | None = None,
    ) -> None:
        """`answer` and `view`: the question as shown (None: the answer's period, no pins, no
        band); `options`: what the export includes (their band and pins rule)."""
        from pyqtgraph.parametertree import Parameter  # loads with the first export

        options = options or ExportOptions()
        self.answer = answer
        self.view = view
        self.date = date
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
            self.answer,
            self.view,
            self.options,
            banner=str(self.params["banner"]),
            pen_factor=pen_factor,
            date=self.date,
            pdf=pdf,
        )

    def _render(self, figure: str, fmt: str, dpi: int) -> bytes:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")
        if not MIN_DPI <= dpi <= MAX_DPI:
            raise ValueError(f"{dpi} dpi is out of range; allowed: {MIN_DPI} to {MAX_DPI}")
        page = self.page(figure, dpi / logical_dpi() if fmt == "png" else 1.0, pdf=fmt == "pdf")
        try:
            toml = page.answer.scenario.to_toml()
            if fmt == "png":
                return png_bytes(page, dpi, toml)
            if fmt == "svg":
                return svg_bytes(page, toml)
            return pdf_bytes(page, toml)
        finally:
            page.close()


def render_figure(
    figure: str,
    fmt: str,
    answer: Answer,
    view: View | None = None,
    options: ExportOptions | None = None,
    *,
    dpi: int = DEFAULT_DPI,
    banner: str = "",
    date: dt.date | None = None,
) -> bytes:
    """The figure's file contents, with its caption and the scenario embedded: `answer` drawn
    with `view` (the window passes its current ones; None: the answer's period, no pins), as
    `options` include. The answer's analysis, if fresh, supplies the brief's text, the bands and
    the analysis charts (else one is computed for its scenario and period), its map the map."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ValueError(f"{dpi} dpi is out of range; allowed: {MIN_DPI} to {MAX_DPI}")
    problem = check_banner(banner)
    if problem:
        raise ValueError(problem)
    exporter = FigureExporter(
        answer, view, options, figure=figure, fmt=fmt, dpi=dpi, banner=banner, date=date
    )
    data = exporter.export(toBytes=True)
    assert data is not None
    return data

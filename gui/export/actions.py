"""Exports for briefs, from the window and headless: figures (one plot or the one-page brief) to
PNG, SVG and PDF with a caption and the scenario embedded; the result tables to CSV and Excel;
the figure and a "key numbers" paragraph to the clipboard.

The window builds an `Exporter` and puts its actions in its menus; `gui.export.headless` serves
`dprk-explorer export`. Drawing lives in
gui.export.figure (the layout in gui.export.page, the file formats in gui.export.writers),
captions in gui.text.caption, metadata in gui.export.metadata, tables in gui.export.tables.
Every file goes through gui.io.atomic: a failed export leaves no partial file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui.export.options import (
    ANALYSIS_FIGURES,
    DATA_SUFFIXES,
    DEFAULT_DPI,
    DEFAULT_PAPER,
    FIGURES,
    FORMATS,
    MAX_BANNER_CHARS,
    MAX_DPI,
    MIN_DPI,
    PAPERS,
    ExportOptions,
    check_banner,
    check_target,
    figure_format,
)
from dprk_explorer.gui.io.atomic import PartialWriteError, write_bytes
from dprk_explorer.gui.state import ScenarioState
from dprk_explorer.model.core.scenario import parse_integer

if TYPE_CHECKING:
    from dprk_explorer.gui.answers import AnswerHub

KEY_BANNER = "export/banner"
KEY_DPI = "export/dpi"
KEY_FOLDER = "export/last_folder"
KEY_PAPER = "export/paper"
KEY_PINS = "export/pins"
KEY_BANDS = "export/bands"
KEY_ATTRIBUTION = "export/attribution"
KEY_TORNADO = "export/tornado"
#: The uncertainty band in exports: as the window shows it, or always, or never.
BANDS_CHOICES = {"window": "As shown in the window", "on": "Always", "off": "Never"}
#: The clipboard gets the figure at screen-and-a-half resolution: sharp, and small to paste.
CLIPBOARD_DPI = 150
FIGURE_FILTERS = {
    "png": "PNG image (*.png)",
    "svg": "SVG vector drawing (*.svg)",
    "pdf": "PDF document (*.pdf)",
}
DATA_FILTERS = {
    ".xlsx": "Excel workbook, one sheet per table (*.xlsx)",
    ".csv": "CSV, one file per table (*.csv)",
}
PLOT_FIGURES = tuple(name for name in FIGURES if name != "brief")


@dataclass(frozen=True)
class Choices:
    """What the settings dialog edits beyond the banner and DPI (remembered in QSettings)."""

    paper: str
    pins: bool
    bands: str  # a key of BANDS_CHOICES
    attribution: bool
    tornado: bool


class ExportSettingsDialog(QtWidgets.QDialog):
    """The banner line, the PNG resolution, the brief's page size and what goes into exports,
    set once and remembered."""

    def __init__(
        self,
        banner: str,
        dpi: int,
        parent: QtWidgets.QWidget | None = None,
        choices: Choices | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export settings")
        self.banner = QtWidgets.QLineEdit(banner)
        self.banner.setMaxLength(MAX_BANNER_CHARS)
        self.banner.setPlaceholderText("e.g. DRAFT — not for citation (empty: no banner)")
        self.banner.setToolTip("A line printed above every exported figure, until cleared.")
        self.dpi = QtWidgets.QSpinBox()
        self.dpi.setRange(MIN_DPI, MAX_DPI)
        self.dpi.setSingleStep(50)
        self.dpi.setSuffix(" dpi")
        self.dpi.setValue(dpi)
        self.dpi.setToolTip(
            "Resolution of PNG exports (300 dpi for print). SVG and PDF are vector."
        )
        choices = choices or Choices(DEFAULT_PAPER, True, "window", False, False)
        self.paper = QtWidgets.QComboBox()
        for key, paper in PAPERS.items():
            self.paper.addItem(paper.label, key)
        self.paper.setCurrentIndex(max(0, self.paper.findData(choices.paper)))
        self.paper.setToolTip("The brief fits this paper's printable area (PDF: a page this size)")
        self.pins = QtWidgets.QCheckBox("Draw the pinned scenarios")
        self.pins.setChecked(choices.pins)
        self.bands = QtWidgets.QComboBox()
        for key, text in BANDS_CHOICES.items():
            self.bands.addItem(text, key)
        self.bands.setCurrentIndex(max(0, self.bands.findData(choices.bands)))
        self.bands.setToolTip("The 5-95 % uncertainty band on the timeline and channel bars")
        # One analysis chart at most, in the map's place (ExportOptions): one choice of three.
        self.beside = QtWidgets.QComboBox()
        self.beside.addItem(f"{FIGURES['map']} (no analysis chart)", "map")
        for name in ANALYSIS_FIGURES:
            self.beside.addItem(FIGURES[name], name)
        chosen = "attribution" if choices.attribution else "tornado" if choices.tornado else "map"
        self.beside.setCurrentIndex(max(0, self.beside.findData(chosen)))
        self.beside.setToolTip(
            "The brief's fourth plot, beside the timeline. Each analysis chart also exports "
            "alone: File → Export plot."
        )
        form = QtWidgets.QFormLayout(self)
        form.addRow("Banner line:", self.banner)
        form.addRow("PNG resolution:", self.dpi)
        form.addRow("Brief page size:", self.paper)
        form.addRow("Pins:", self.pins)
        form.addRow("Uncertainty band:", self.bands)
        form.addRow("Beside the timeline:", self.beside)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choices(self) -> Choices:
        return Choices(
            str(self.paper.currentData()),
            self.pins.isChecked(),
            str(self.bands.currentData()),
            self.beside.currentData() == "attribution",
            self.beside.currentData() == "tornado",
        )


class Exporter(QtCore.QObject):
    """The window's exports: actions, dialogs, remembered settings and the clipboard. What is
    exported is what the window shows: the answer and the view of `answers`."""

    #: Files written by an export (a data export to CSV writes several).
    exported = QtCore.Signal(list)

    def __init__(
        self,
        state: ScenarioState,
        answers: AnswerHub,
        report: Callable[[str, str], None],
        window: QtWidgets.QWidget,
        settings: QtCore.QSettings | None = None,
    ) -> None:
        """`report(title, message)` shows a refusal; `window` parents the file dialogs."""
        super().__init__(window)
        self.window = window
        self.state = state
        self.answers = answers
        self.report = report
        self.settings = settings
        self._banner = ""
        self._dpi = DEFAULT_DPI
        self._folder = ""
        self._choices = Choices(DEFAULT_PAPER, True, "window", False, False)
        self.last_error: str | None = None

        def action(
            text: str, slot: object, shortcut: QtGui.QKeySequence | None = None
        ) -> QtGui.QAction:
            made = QtGui.QAction(text, window)
            if shortcut is not None:
                made.setShortcut(shortcut)
            made.triggered.connect(slot)
            return made

        self.export_brief_action = action(
            "&Export brief…",
            lambda: self.export_figure_dialog("brief"),
            QtGui.QKeySequence("Ctrl+E"),
        )
        self.export_brief_action.setToolTip(
            "The four plots, the headline numbers and a caption on one page (PNG, SVG or PDF)"
        )
        self.export_plot_menu = QtWidgets.QMenu("Export &plot", window)
        self.export_plot_actions: dict[str, QtGui.QAction] = {}
        for name in PLOT_FIGURES:
            made = action(
                f"{FIGURES[name]}…", lambda _c=False, n=name: self.export_figure_dialog(n)
            )
            self.export_plot_menu.addAction(made)
            self.export_plot_actions[name] = made
        self.export_data_action = action(
            "Export &data…", self.export_data_dialog, QtGui.QKeySequence("Ctrl+Shift+E")
        )
        self.export_data_action.setToolTip("Channels, offsets and the monthly path as CSV or Excel")
        self.export_settings_action = action("Export se&ttings…", self.settings_dialog)
        self.export_settings_action.setToolTip(
            "Banner line, PNG resolution, the brief's page size and what exports include"
        )

        self.copy_figure_action = action(
            "Copy brief as &image",
            lambda: self.copy_figure("brief"),
            QtGui.QKeySequence("Ctrl+Shift+C"),
        )
        self.copy_plot_menu = QtWidgets.QMenu("Copy &plot as image", window)
        for name in PLOT_FIGURES:
            self.copy_plot_menu.addAction(
                action(FIGURES[name], lambda _c=False, n=name: self.copy_figure(n))
            )
        self.copy_numbers_action = action(
            "Copy &key numbers", self.copy_key_numbers, QtGui.QKeySequence("Ctrl+Alt+C")
        )
        self.copy_numbers_action.setToolTip(
            "A paste-ready paragraph (plain text; Markdown and HTML for editors that take them)"
        )
        self.copy_markdown_action = action(
            "Copy key numbers as &Markdown", lambda: self.copy_key_numbers(markdown=True)
        )

    # --- remembered settings ------------------------------------------------------------------

    @property
    def banner(self) -> str:
        if self.settings is None:
            return self._banner
        return str(self.settings.value(KEY_BANNER, "") or "")

    def set_banner(self, text: str) -> None:
        """The banner line printed above every exported figure (empty: none); remembered."""
        text = " ".join(text.split())
        problem = check_banner(text)
        if problem:
            raise ValueError(problem)
        self._banner = text
        if self.settings is not None:
            self.settings.setValue(KEY_BANNER, text)

    @property
    def dpi(self) -> int:
        if self.settings is None:
            return self._dpi
        try:
            value = parse_integer(str(self.settings.value(KEY_DPI, DEFAULT_DPI)))
        except (TypeError, ValueError):
            return DEFAULT_DPI
        return value if MIN_DPI <= value <= MAX_DPI else DEFAULT_DPI

    def set_dpi(self, dpi: int) -> None:
        if not MIN_DPI <= dpi <= MAX_DPI:
            raise ValueError(f"{dpi} dpi is out of range; allowed: {MIN_DPI} to {MAX_DPI}")
        self._dpi = dpi
        if self.settings is not None:
            self.settings.setValue(KEY_DPI, dpi)

    def _start_folder(self) -> str:
        if self.settings is not None:
            return str(self.settings.value(KEY_FOLDER, QtCore.QDir.homePath()))
        return self._folder or QtCore.QDir.homePath()

    def _remember_folder(self, path: Path) -> None:
        self._folder = str(path.parent)
        if self.settings is not None:
            self.settings.setValue(KEY_FOLDER, str(path.parent))

    @property
    def choices(self) -> Choices:
        """The remembered page size and inclusions (a value no longer allowed: the default)."""
        if self.settings is None:
            return self._choices
        value = self.settings.value

        def flag(key: str, default: bool) -> bool:
            return bool(value(key, default, type=bool))

        paper = str(value(KEY_PAPER, DEFAULT_PAPER))
        bands = str(value(KEY_BANDS, "window"))
        return Choices(
            paper if paper in PAPERS else DEFAULT_PAPER,
            flag(KEY_PINS, True),
            bands if bands in BANDS_CHOICES else "window",
            flag(KEY_ATTRIBUTION, False),
            flag(KEY_TORNADO, False) and not flag(KEY_ATTRIBUTION, False),  # one at most
        )

    def set_choices(self, choices: Choices) -> None:
        # ValueError for an unknown paper, or both analysis charts
        ExportOptions(paper=choices.paper, attribution=choices.attribution, tornado=choices.tornado)
        if choices.bands not in BANDS_CHOICES:
            raise ValueError(
                f"unknown band choice {choices.bands!r}; allowed: {', '.join(BANDS_CHOICES)}"
            )
        self._choices = choices
        if self.settings is not None:
            self.settings.setValue(KEY_PAPER, choices.paper)
            self.settings.setValue(KEY_PINS, choices.pins)
            self.settings.setValue(KEY_BANDS, choices.bands)
            self.settings.setValue(KEY_ATTRIBUTION, choices.attribution)
            self.settings.setValue(KEY_TORNADO, choices.tornado)

    @property
    def options(self) -> ExportOptions:
        """The options of the next export: the remembered choices, the band as chosen (by
        default as the window shows it)."""
        choices = self.choices
        bands = {"on": True, "off": False}.get(choices.bands, None)
        return ExportOptions(
            paper=choices.paper,
            pins=choices.pins,
            bands=self.answers.view.bands if bands is None else bands,
            attribution=choices.attribution,
            tornado=choices.tornado,
        )

    def settings_dialog(self) -> bool:
        dialog = ExportSettingsDialog(self.banner, self.dpi, self.window, self.choices)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return False
        self.set_banner(dialog.banner.text())
        self.set_dpi(dialog.dpi.value())
        self.set_choices(dialog.choices())
        return True

    # --- drawing ------------------------------------------------------------------------------

    def render(self, figure: str, fmt: str, dpi: int | None = None) -> bytes:
        """The figure as the window shows it, as file contents (caption and scenario included):
        the answer's period, map and analysis, the view's pins."""
        answer, view = self.answers.current()
        from dprk_explorer.gui.export.figure import (
            render_figure,  # the renderer loads on first export
        )

        return render_figure(
            figure,
            fmt,
            answer,
            view,
            self.options,
            dpi=self.dpi if dpi is None else dpi,
            banner=self.banner,
        )

    # --- files --------------------------------------------------------------------------------

    def export_figure(
        self, path: str | Path, figure: str = "brief", dpi: int | None = None
    ) -> bool:
        """Write `figure` to `path` (.png, .svg or .pdf); on any fault one message, no file."""
        out = Path(path)
        problem = check_target(out)
        if problem is None and figure not in FIGURES:
            problem = f"unknown figure '{figure}'; allowed: {', '.join(FIGURES)}"
        if problem is None:
            fmt = figure_format(out)
            assert fmt is not None
            try:
                write_bytes(out, self.render(figure, fmt, dpi))
            except (OSError, ValueError) as error:
                problem = str(error)
        if problem is not None:
            self._report("Could not export the figure", f"{problem}. Nothing was written.")
            return False
        self._remember_folder(out)
        self.last_error = None
        self.state.message.emit(f"Exported {FIGURES[figure].lower()} to {out}")
        self.exported.emit([out])
        return True

    def export_data(self, path: str | Path) -> bool:
        """The result tables to an Excel workbook (.xlsx) or one CSV per table (.csv)."""
        out = Path(path)
        problem = check_target(out, tuple(s.lstrip(".") for s in DATA_SUFFIXES))
        written: list[Path] = []
        partly = False
        if problem is None:
            answer, _view = self.answers.current()
            try:
                from dprk_explorer.gui.export.tables import write_data

                written = write_data(out, answer, self.banner)
            except (OSError, ValueError) as error:
                problem = str(error)
                partly = isinstance(error, PartialWriteError)
        if problem is not None:
            tail = "." if partly else ". Nothing was written."
            self._report("Could not export the data", f"{problem}{tail}")
            return False
        self._remember_folder(out)
        self.last_error = None
        names = ", ".join(p.name for p in written)
        self.state.message.emit(f"Exported the result tables to {names} in {out.parent}")
        self.exported.emit(written)
        return True

    def _suggested(self, figure: str, suffix: str) -> str:
        name = self.state.scenario.name
        safe = "".join(c if c.isalnum() or c in "-_ " else "_" for c in name).strip()
        stem = (safe.replace(" ", "_") or "scenario") + ("" if figure == "brief" else f"_{figure}")
        return str(Path(self._start_folder()) / f"{stem}{suffix}")

    def export_figure_dialog(self, figure: str) -> bool:
        filters = ";;".join(FIGURE_FILTERS[f] for f in FORMATS)
        path, chosen = QtWidgets.QFileDialog.getSaveFileName(
            self.window,
            f"Export {FIGURES[figure].lower()}",
            self._suggested(figure, ".png"),
            filters,
        )
        if not path:
            return False
        if figure_format(path) is None:  # no or another suffix: the chosen filter's
            fmt = next((f for f, text in FIGURE_FILTERS.items() if text == chosen), "png")
            path = f"{path}.{fmt}"
        return self.export_figure(path, figure)

    def export_data_dialog(self) -> bool:
        path, chosen = QtWidgets.QFileDialog.getSaveFileName(
            self.window,
            "Export the result tables",
            self._suggested("brief", ".xlsx"),
            ";;".join(DATA_FILTERS.values()),
        )
        if not path:
            return False
        if Path(path).suffix.lower() not in DATA_SUFFIXES:
            suffix = next((s for s, text in DATA_FILTERS.items() if text == chosen), ".xlsx")
            path = f"{path}{suffix}"
        return self.export_data(path)

    # --- clipboard ----------------------------------------------------------------------------

    def copy_figure(self, figure: str = "brief") -> bool:
        """The figure on the clipboard as an image (with its caption, at CLIPBOARD_DPI)."""
        try:
            png = self.render(figure, "png", CLIPBOARD_DPI)
        except (OSError, ValueError) as error:
            self._report("Could not copy the figure", str(error))
            return False
        image = QtGui.QImage.fromData(png)  # the format is read from the data
        mime = QtCore.QMimeData()
        mime.setImageData(image)
        mime.setData("image/png", QtCore.QByteArray(png))
        QtGui.QGuiApplication.clipboard().setMimeData(mime)
        self.state.message.emit(f"Copied the {FIGURES[figure].lower()} to the clipboard")
        return True

    def key_numbers(self, markdown: bool = False) -> str:
        """The paragraph for the current scenario and period, with its attribution and
        uncertainty range (the window's fresh analysis, or computed now: ~20 ms)."""
        answer, _view = self.answers.current()
        from dprk_explorer.gui.text.caption import key_numbers

        return key_numbers(answer.analysed(), markdown=markdown)

    def copy_key_numbers(self, markdown: bool = False) -> None:
        """The key numbers paragraph: plain text (or Markdown as text), plus Markdown and HTML
        flavours for editors that take them."""
        plain = self.key_numbers()
        md = self.key_numbers(markdown=True)
        mime = QtCore.QMimeData()
        mime.setText(md if markdown else plain)
        mime.setData("text/markdown", QtCore.QByteArray(md.encode("utf-8")))
        html = QtGui.QTextDocument()
        html.setMarkdown(md)
        mime.setHtml(html.toHtml())
        QtGui.QGuiApplication.clipboard().setMimeData(mime)
        kind = "Markdown" if markdown else "text"
        self.state.message.emit(f"Copied the key numbers to the clipboard ({kind})")

    # --- messages -----------------------------------------------------------------------------

    def _report(self, title: str, message: str) -> None:
        self.last_error = message
        self.report(title, message)

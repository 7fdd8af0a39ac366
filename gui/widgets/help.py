"""Help inside the installed app: the model's documentation rendered from the shipped docs/, and
the model-and-sources window (equations, every parameter, the public record) built from the same
declarations the docs are generated from."""

from __future__ import annotations

import importlib.resources

from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui.widgets.record_words import known_only, series_name
from dprk_explorer.model import PARAMETERS
from dprk_explorer.model.core.parameters import Parameter
from dprk_explorer.model.record.record import RECORD_SCHEMA, RECORD_SERIES_FILE, period_text
from dprk_explorer.model.sources.citations import (
    DATE_NOT_RECORDED,
    Citation,
    completed,
    parse,
    unique,
)
from dprk_explorer.model.sources.resources import (
    RESOURCE_DIR,
    load_bans,
    load_channels,
    load_coal_prices,
    load_delayed_cargoes,
    load_facts,
    load_history,
    load_timeline,
    read_table,
)

#: The documents Help opens, by file name in docs/ (shipped as dprk_explorer.docs).
MODEL_DOC = "model.md"
VALIDATION_DOC = "validation.md"
#: Columns of the parameter table, in order.
PARAMETER_COLUMNS = ("Parameter", "Default", "Range", "Unit", "Plausible", "Source", "Certainty")
#: Columns of the record table, in order.
RECORD_COLUMNS = ("Series", "Period", "Value", "Unit", "Fit use", "Source")
#: Both tables show the source in this column.
SOURCE_COLUMN = PARAMETER_COLUMNS.index("Source")
assert RECORD_COLUMNS.index("Source") == SOURCE_COLUMN


#: Help's first page: the tool for a newcomer, in plain words; the equations are the next tab.
PRIMER = """
<h2>Start here</h2>
<p><b>The question.</b> The UN bans, and China's enforcement of them, stop North Korea selling
coal and other goods at official customs. How much revenue does that cost Pyongyang, and how
much of it does the regime <i>win back</i> by other routes? The window answers it for any
setting you choose, and every figure names its source (hover it).</p>

<h3>The three levers</h3>
<ul>
<li><b>Coal-ban compliance</b> (0-100 %): how much of the coal ban China enforces at official
customs. 0 = coal flows as in 2016; 62 = the cut UN Resolution 2321 aimed at; 100 = a full
ban.</li>
<li><b>Border laxity</b> (0-100 %): how much of the trade the bans block still crosses the
border informally (smuggling, lax inspections, ship-to-ship transfers), sold at a discount.
0 = an airtight border.</li>
<li><b>Labour outsourcing</b> (0-200 %): North Korean workers' earnings in China as a share of
their 2016 level. 0 = all sent home; 200 = doubled.</li>
</ul>
<p><b>Applies</b> says from when an edit counts: for all months, or from a month on (a step,
drawn on the timeline). <b>Start from "the record until …"</b> takes what happened until
that month and your settings after it: a "what if" against history. Your settings then
replace the record's, bans included (the panel says which bans that lifts).
<b>Advanced assumptions</b> hold everything else (baseline revenues, each ban's enforcement,
delays), each with its source.</p>

<h3>What "won back" means</h3>
<p>The bans <i>block</i> revenue at official customs: coal, the other banned goods, the 2020
border closure, workers sent home. Some of it comes back another way: <b>smuggling</b> (the
same goods across the border unrecorded, at a discount), <b>unbanned exports</b> (selling more
of the goods no ban covers) and <b>labour</b> abroad. "Won back of that" is what these three
recover as a share of what was blocked; it is never negative. The <b>net change</b> is total
revenue minus the revenue with no sanctions at all.</p>

<h3>Reading the plots</h3>
<ul>
<li><b>Revenue by channel</b>: for each source of revenue, grey is no sanctions, blue your
scenario.</li>
<li><b>Offset waterfall</b>: from the coal lost, step by step through what each route wins
back (or loses), to the net change.</li>
<li><b>Monthly revenue, 2016-2020</b>: the model's path month by month (grey dashed: no
sanctions); black dots and bars are China's recorded imports; each vertical line is a
sanctions event (hover it for what happened).</li>
<li><b>Compliance × laxity map</b>: the net change at every pair of those two levers, the
ring at your setting; a line marks where smuggling would win back everything, if any
setting reaches it.</li>
<li><b>Figures for</b> (top right) switches every figure between the steady state (every ban
fully in force, a typical year) and a calendar year or span of the monthly path.</li>
</ul>

<h3>The record, and how far to trust it</h3>
<p>The <b>record</b> preset is the model fitted to the public figures: China's customs
statistics, KOTRA's estimates of North Korea's trade, the UN Panel of Experts' reports on
smuggling and reports on workers abroad. It reproduces China's recorded imports within the
±20 % a year the project holds it to for 2016-2018 (Help → Validation against the record
shows the fit, figure by figure). Customs figures are the firmest; smuggling and labour
figures are estimates from few sources, so read those as orders of magnitude. A year after
the record's last figure is a prediction, and the strip says when a scenario leaves what the
record supports. "Across plausible ranges" says whether the answer's sign, or the ranking of
the levers, could flip within the uncertain assumptions' ranges (the Analysis tab shows
which assumption it hinges on).</p>

<p>Next: the <b>Equations and notes</b> tab has every equation; <b>Parameters</b> every
setting with its default, range and source; <b>The public record</b> every figure the model
is fitted to.</p>
"""


def doc_text(name: str) -> str:
    """A shipped document's Markdown, or a line saying it is missing from this installation."""
    try:
        return (importlib.resources.files("dprk_explorer.docs") / name).read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError):
        return f"# {name}\n\nThis document is not part of this installation."


def _fit_to_screen(dialog: QtWidgets.QDialog, width: int, height: int) -> None:
    screen = dialog.screen().availableGeometry() if dialog.screen() is not None else None
    if screen is not None:
        width, height = min(width, screen.width() - 80), min(height, screen.height() - 80)
    dialog.resize(QtCore.QSize(width, height))


class DocumentWindow(QtWidgets.QDialog):
    """A Markdown document in a scrolling, searchable-by-eye browser; links open outside."""

    def __init__(self, title: str, name: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("documentWindow")
        self.browser = QtWidgets.QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setMarkdown(doc_text(name))
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        _fit_to_screen(self, 900, 700)


def citation_tip(source: str, known: list[Citation] | None = None) -> str:
    """A source's citations one per line, each with its quote where one exists, then the source
    as declared (it holds the derivation): what a hover over a source shows."""
    found = [completed(c, known or []) for c in parse(source)]
    if not found:
        return known_only(source)
    listed = "\n".join(known_only(c.with_quote()) for c in found)
    return listed + f"\n\nAs declared: {known_only(source)}"


def known_citations() -> list[Citation]:
    """Every citation the resources declare, once each: titles and dates for the record's pages."""
    tables = (load_channels, load_bans, load_coal_prices, load_delayed_cargoes, load_facts)
    found = [
        c for load in (*tables, load_timeline, load_history) for r in load() for c in r["citations"]
    ]
    found += [c for p in PARAMETERS.values() for c in parse(p.source)]
    return unique(found)


def parameter_cells(parameter: Parameter) -> tuple[str, ...]:
    """One parameter's row: label and id, default, range, unit, plausible range, source,
    certainty, worded as the sliders and docs word them."""
    if parameter.kind == "bool":
        default, allowed = ("yes" if parameter.default else "no"), "yes / no"
    else:
        default = f"{float(parameter.default):g}"
        allowed = f"{parameter.minimum:g} to {parameter.maximum:g}"
    plausible = ""
    if parameter.is_uncertain:
        plausible = f"{parameter.low:g} to {parameter.high:g}"
    elif parameter.neutral is not None:
        plausible = f"neutral {parameter.neutral:g}"
    return (
        f"{parameter.label} ({parameter.id})",
        default,
        allowed,
        parameter.unit,
        plausible,
        known_only(parameter.source),
        parameter.certainty,
    )


def record_rows(known: list[Citation]) -> list[tuple[tuple[str, ...], Citation]]:
    """The public record, figure by figure: its cells and its citation (title and date from
    other resources where they cite the same page)."""
    rows: list[tuple[tuple[str, ...], Citation]] = []
    for row in read_table(RESOURCE_DIR / RECORD_SERIES_FILE, RECORD_SCHEMA):
        citation = completed(
            Citation(row["publisher"], "", DATE_NOT_RECORDED, row["source_url"], row["quote"]),
            known,
        )
        period = period_text(int(row["year"]), row["month"])
        use = row["use"] + (f": {row['reason']}" if row["reason"] else "")
        # A reader's name for the series (its id on hover), its source as far as it is known.
        cells = (
            series_name(row["series"]), period, row["value"], row["unit"], use,
            known_only(citation.text()),
        )  # fmt: skip
        rows.append((cells, citation))
    return rows


def _table(columns: tuple[str, ...], name: str) -> QtWidgets.QTableWidget:
    table = QtWidgets.QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    return table


def _fill(table: QtWidgets.QTableWidget, rows: list[tuple[tuple[str, ...], str]]) -> None:
    """Rows of cells; every cell's tooltip is its row's hover text (citations and quotes)."""
    table.setRowCount(len(rows))
    for r, (cells, tip) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QtWidgets.QTableWidgetItem(text)
            item.setToolTip(tip)
            item.setTextAlignment(
                QtCore.Qt.AlignmentFlag.AlignTop | QtCore.Qt.AlignmentFlag.AlignLeft
            )
            table.setItem(r, c, item)


class ModelSourcesWindow(DocumentWindow):
    """Help → Model and sources: the equations (docs/model.md), every parameter with its default,
    range, unit, source and certainty, and the public record with its sources; the tables read
    model.PARAMETERS and the record's resource, the declarations docs/model.md is generated
    from, so the window and the document cannot disagree."""

    def __init__(self, title: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(title, MODEL_DOC, parent)
        self.setObjectName("modelSourcesWindow")
        layout = self.layout()
        assert isinstance(layout, QtWidgets.QVBoxLayout)
        layout.removeWidget(self.browser)
        self.tabs = QtWidgets.QTabWidget()
        # A newcomer's page first; the equations one click further (issue 27).
        self.primer = QtWidgets.QTextBrowser()
        self.primer.setObjectName("helpPrimer")
        self.primer.setOpenExternalLinks(True)
        self.primer.setHtml(PRIMER)
        self.tabs.addTab(self.primer, "Start here")
        self.tabs.addTab(self.browser, "Equations and notes")
        layout.insertWidget(0, self.tabs)

        known = known_citations()
        self.parameters = _table(PARAMETER_COLUMNS, "parameterTable")
        _fill(
            self.parameters,
            [(parameter_cells(p), citation_tip(p.source, known)) for p in PARAMETERS.values()],
        )
        self.tabs.addTab(self.parameters, f"Parameters ({len(PARAMETERS)})")

        record = record_rows(known)
        self.record = _table(RECORD_COLUMNS, "recordTable")
        _fill(
            self.record,
            [(cells, known_only(citation.with_quote())) for cells, citation in record],
        )
        self.tabs.addTab(self.record, f"The public record ({len(record)} figures)")

        # Wide columns wrap at a fixed width, the source takes the rest; short ones fit.
        for table, fixed in (
            (self.parameters, {0: 220, 6: 150}),
            (self.record, {0: 230, 3: 130, 4: 220}),
        ):
            header = table.horizontalHeader()
            for column in range(table.columnCount()):
                if column in fixed:
                    header.setSectionResizeMode(
                        column, QtWidgets.QHeaderView.ResizeMode.Interactive
                    )
                    table.setColumnWidth(column, fixed[column])
                elif column == SOURCE_COLUMN:
                    header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.Stretch)
                else:
                    header.setSectionResizeMode(
                        column, QtWidgets.QHeaderView.ResizeMode.ResizeToContents
                    )
        self.tabs.currentChanged.connect(lambda _index: QtCore.QTimer.singleShot(0, self._fit_rows))
        _fit_to_screen(self, 1200, 760)

    def _fit_rows(self) -> None:
        """Row heights follow the wrapped text at the columns' current widths."""
        self.parameters.resizeRowsToContents()
        self.record.resizeRowsToContents()

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        QtCore.QTimer.singleShot(0, self._fit_rows)  # once the stretched column has its width

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        QtCore.QTimer.singleShot(0, self._fit_rows)

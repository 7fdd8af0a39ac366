"""Help → Model and sources shows every parameter and the record with their sources; Help →
About gives the version."""

from __future__ import annotations

import pytest
from PySide6 import QtWidgets

from dprk_explorer.gui.text.names import app_version
from dprk_explorer.gui.widgets.help import (
    PARAMETER_COLUMNS,
    RECORD_COLUMNS,
    SOURCE_COLUMN,
    ModelSourcesWindow,
)
from dprk_explorer.gui.widgets.record_words import SERIES_NAMES, known_only
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import PARAMETERS
from dprk_explorer.model.record.record import RECORD_SCHEMA, RECORD_SERIES_FILE
from dprk_explorer.model.sources.resources import RESOURCE_DIR, read_table


@pytest.fixture
def window(shared_window: MainWindow) -> MainWindow:
    """One window for the module, reset and checked before each test (tests/shared_window.py)."""
    return shared_window


def cell(table: QtWidgets.QTableWidget, row: int, column: str, columns: tuple[str, ...]) -> str:
    item = table.item(row, columns.index(column))
    assert item is not None
    return item.text()


def test_one_row_per_parameter_with_default_range_unit_source_and_certainty(
    window: MainWindow,
) -> None:
    help_window = window.show_model_doc()
    assert isinstance(help_window, ModelSourcesWindow)
    table = help_window.parameters
    assert table.rowCount() == len(PARAMETERS)
    for row, parameter in enumerate(PARAMETERS.values()):
        assert f"({parameter.id})" in cell(table, row, "Parameter", PARAMETER_COLUMNS)
        assert cell(table, row, "Source", PARAMETER_COLUMNS) == known_only(parameter.source)
        assert cell(table, row, "Certainty", PARAMETER_COLUMNS) == parameter.certainty
        assert cell(table, row, "Unit", PARAMETER_COLUMNS) == parameter.unit
        if parameter.kind == "float":
            assert cell(table, row, "Default", PARAMETER_COLUMNS) == f"{parameter.default:g}"
            assert f"{parameter.maximum:g}" in cell(table, row, "Range", PARAMETER_COLUMNS)
    compliance = list(PARAMETERS).index("coal_ban_compliance")
    tip = table.item(compliance, SOURCE_COLUMN).toolTip()  # type: ignore[union-attr]
    assert "Japan Times (Bloomberg), 'Draft U.N. resolution" in tip and "https://" in tip
    share = list(PARAMETERS).index("textiles_china_share_pct")
    quote = table.item(share, SOURCE_COLUMN).toolTip()  # type: ignore[union-attr]
    assert "\n    'Nearly 80% of the textile exports went to China'" in quote
    assert help_window.tabs.count() == 4
    assert "Equations" in help_window.browser.toPlainText()


def test_the_record_tab_lists_every_figure_with_its_source(window: MainWindow) -> None:
    table = window.show_model_doc().record  # type: ignore[attr-defined]
    figures = read_table(RESOURCE_DIR / RECORD_SERIES_FILE, RECORD_SCHEMA)
    assert table.rowCount() == len(figures)
    for row, figure in enumerate(figures):
        source = cell(table, row, "Source", RECORD_COLUMNS)
        assert source.startswith(figure["publisher"]) and source.endswith(figure["source_url"])
        # A reader's name for the series, never its id; a source as far as it is known.
        assert cell(table, row, "Series", RECORD_COLUMNS) == SERIES_NAMES[figure["series"]]
        assert "not recorded" not in source
        assert figure["quote"] in table.item(row, SOURCE_COLUMN).toolTip()  # type: ignore[union-attr]
    # A page another resource cites by title is shown with that title and date.
    nikkei = next(
        r for r, f in enumerate(figures) if "asia.nikkei.com/Politics/China" in f["source_url"]
    )
    assert "'China imported more North Korean coal in 2016 amid sanctions', 2017-01" in cell(
        table, nikkei, "Source", RECORD_COLUMNS
    )


def test_about_gives_the_version(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        QtWidgets.QMessageBox, "about", lambda parent, title, text: shown.append(title + text)
    )
    about = next(a for a in window.menuBar().actions() if a.text() == "&Help").menu()
    next(a for a in about.actions() if a.text() == "&About").trigger()  # type: ignore[union-attr]
    assert len(shown) == 1 and f"version {app_version()}" in shown[0]


def test_no_cell_or_hover_in_help_says_not_recorded(window: MainWindow) -> None:
    help_window = window.show_model_doc()
    assert isinstance(help_window, ModelSourcesWindow)
    for table in (help_window.parameters, help_window.record):
        for row in range(table.rowCount()):
            for column in range(table.columnCount()):
                item = table.item(row, column)
                assert item is not None
                assert "not recorded" not in item.text() + item.toolTip(), (row, column)


def test_f1_opens_a_newcomer_primer_first_and_the_equations_a_tab_further(
    window: MainWindow, qtbot
) -> None:
    from PySide6 import QtCore

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, QtCore.Qt.Key.Key_F1)
    help_window = window.help._model_doc
    assert isinstance(help_window, ModelSourcesWindow) and help_window.isVisible()
    assert help_window.tabs.currentIndex() == 0
    assert help_window.tabs.tabText(0) == "Start here"
    text = help_window.primer.toPlainText()
    for words in (
        "Coal-ban compliance", "Border laxity", "Labour outsourcing",  # the levers
        'What "won back" means', "Offset waterfall", "Compliance × laxity map",  # the plots
        "how far to trust it", "±20 %",  # the record
    ):  # fmt: skip
        assert words in text, words
    assert "Equations" in help_window.tabs.tabText(1)
    assert window.show_model_doc().tabs.currentIndex() == 1  # the menu's Model and sources

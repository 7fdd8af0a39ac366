"""The pin panel's table: the settings that differ and the headline results, live against each
pin, for the period the plots show; read from the table's cells."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtWidgets
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.widgets.pin_panel import BRANCH_ROW, LIVE_COLUMN, RESULT_ROWS, header_texts
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import PARAMETERS, evaluate
from dprk_explorer.model.record.record import record_scenario
from tests.gui_helpers import choose_period, settle


@pytest.fixture
def window(shared_window: MainWindow) -> MainWindow:
    """One window for the module, reset and checked before each test (tests/shared_window.py)."""
    return shared_window


def rows(window: MainWindow) -> list[str]:
    """Each row's label, whole (a long one is shown on two lines; its tooltip has it)."""
    return header_texts(window.pin_panel.table, horizontal=False)


def columns(window: MainWindow) -> list[str]:
    """Each column's pin name, whole (its header shows it on two lines, elided if need be)."""
    return header_texts(window.pin_panel.table, horizontal=True)


def test_no_pins_no_table(window: MainWindow) -> None:
    assert not window.pin_panel.table.isVisible()


def test_the_table_lists_what_differs_and_the_results_live_against_each_pin(
    window: MainWindow, qtbot: QtBot
) -> None:
    panel = window.pin_panel
    first = panel.pin_current("Tight")
    window.levers.rows["border_laxity"].spin.setValue(60.0)
    settle(window, qtbot)
    second = panel.pin_current("Lax")
    window.levers.rows["coal_ban_compliance"].spin.setValue(90.0)
    settle(window, qtbot)
    assert first is not None and second is not None
    assert panel.table.isVisible()
    assert columns(window) == [LIVE_COLUMN, "Tight", "Lax"]
    compliance = PARAMETERS["coal_ban_compliance"].short_label
    laxity = PARAMETERS["border_laxity"].short_label
    labour = PARAMETERS["labour_outsourcing"].short_label
    results = [label for label, _ in RESULT_ROWS]
    # Only the two settings that differ somewhere, then every headline result.
    assert rows(window) == [compliance, laxity, *results]
    assert labour not in rows(window)
    assert panel.cell(compliance, LIVE_COLUMN) == "90 %"
    assert panel.cell(compliance, "Tight") == panel.cell(compliance, "Lax")
    assert panel.cell(laxity, "Lax") == "60 %"
    live = evaluate(window.state.scenario)
    assert panel.cell("Net change", LIVE_COLUMN) == fmt.usd_m(live.net_change_usd_m, signed=True)
    assert panel.cell("Net change", "Lax") == fmt.usd_m(second.result.net_change_usd_m, signed=True)
    assert panel.cell("Smuggling", "Tight") == fmt.usd_m(first.result.recovered_usd_m["smuggling"])
    assert panel.cell("Blocked", "Lax") == fmt.usd_m(second.result.blocked_total_usd_m)
    assert panel.cell("Won back", LIVE_COLUMN) == fmt.usd_m(live.recovered_total_usd_m)
    assert panel.cell("Total revenue", "Tight") == fmt.usd_m(first.result.total_scenario_usd_m)
    assert "steady state" in panel.table_title.text()
    # Back to the first pin's settings: nothing differs from it but the second pin's laxity.
    window.levers.rows["coal_ban_compliance"].spin.setValue(
        first.result.scenario["coal_ban_compliance"]
    )
    window.levers.rows["border_laxity"].spin.setValue(first.result.scenario["border_laxity"])
    settle(window, qtbot)
    assert rows(window) == [laxity, *results]
    # A year shown: every column's results are that year's.
    choose_period(window, "2019")
    settle(window, qtbot)
    in_2019 = second.result.for_year(2019)
    assert panel.cell("Net change", "Lax") == fmt.usd_m(in_2019.net_change_usd_m, signed=True)
    assert "2019" in panel.table_title.text()
    # A renamed pin renames its column; a removed pin takes its column away.
    renamed = window.pins.rename(second, "Lax border")
    assert renamed is not None
    assert columns(window) == [LIVE_COLUMN, "Tight", "Lax border"]
    window.pins.remove(first)
    assert columns(window) == [LIVE_COLUMN, "Lax border"]
    window.pins.remove(renamed)
    assert not panel.table.isVisible()


def test_a_branch_that_differs_is_a_row(window: MainWindow, qtbot: QtBot) -> None:
    window.pin_panel.pin_current("Not branched")
    window.state.replace(
        window.state.scenario.branched("2018-06", record=record_scenario), "Branch"
    )
    settle(window, qtbot)
    assert BRANCH_ROW in rows(window)
    assert window.pin_panel.cell(BRANCH_ROW, LIVE_COLUMN) == "2018-06"
    assert window.pin_panel.cell(BRANCH_ROW, "Not branched") == "no"


def unclipped(window: MainWindow) -> list[tuple[str, str]]:
    """(row, column) of every cell whose text is wider than its column as drawn."""
    table = window.pin_panel.table
    metrics = table.fontMetrics()
    margin = 2 * table.style().pixelMetric(table.style().PixelMetric.PM_FocusFrameHMargin)
    clipped = []
    for column in range(table.columnCount()):
        for row in range(table.rowCount()):
            text = table.item(row, column).text()
            if metrics.horizontalAdvance(text) + margin > table.columnWidth(column):
                clipped.append((rows(window)[row], columns(window)[column]))
    return clipped


def test_a_value_that_grows_widens_its_column(window: MainWindow, qtbot: QtBot) -> None:
    """The columns are fitted when their widest text changes width, not on every step: a
    live setting that grows from '5 %' to '200 %' as a lever moves (wider than the live
    figures, the rows the same) is still drawn whole, and the column narrows again when it
    does."""
    assert window.pin_panel.pin_current("Default labour") is not None
    table = window.pin_panel.table
    widths = []
    for value in (5.0, 40.0, 200.0, 5.0):
        window.levers.rows["labour_outsourcing"].spin.setValue(value)
        settle(window, qtbot)
        assert unclipped(window) == [], value
        widths.append(table.columnWidth(0))
    assert widths[2] > widths[1] and widths[3] == widths[0]


#: Pins an analyst makes, one setting moved before each: the second's name far too long for
#: a column.
PINS = (
    ("Full ban", "coal_ban_compliance", 40.0),
    ("Weak enforcement of the coal ban", "border_laxity", 60.0),
    ("Lax border", "labour_outsourcing", 150.0),
    ("More labour", "coal_ban_compliance", 80.0),
)


@pytest.mark.parametrize("count", [3, 4])
def test_three_or_four_pins_fit_the_dock_without_scrolling_sideways(
    window: MainWindow, qtbot: QtBot, count: int
) -> None:
    """At 1366x768 every figure is whole, no column scrolls out of the dock, and each pin's
    header shows its symbol and as much of its name as fits, on at most two lines, the whole
    name in its tooltip."""
    window.resize(1366, 768)
    for name, key, value in PINS[:count]:
        assert window.pin_panel.pin_current(name) is not None
        window.levers.rows[key].spin.setValue(value)
        settle(window, qtbot)
    for _ in range(5):
        QtWidgets.QApplication.sendPostedEvents(None, QtCore.QEvent.Type.LayoutRequest)
        QtWidgets.QApplication.processEvents()
    table = window.pin_panel.table
    assert table.isVisible()
    assert table.horizontalScrollBar().maximum() == 0
    assert sum(table.columnWidth(c) for c in range(table.columnCount())) <= (
        table.viewport().width()
    )
    assert unclipped(window) == []
    head = table.horizontalHeader()
    for column, (name, _, _) in enumerate(PINS[:count], start=1):
        item = table.horizontalHeaderItem(column)
        lines = item.text().split("\n")
        assert 1 <= len(lines) <= 2, item.text()
        # Drawn whole in its section: the style's size for its symbol and lines fits.
        assert head.sectionSizeHint(column) <= table.columnWidth(column), item.text()
        shown = " ".join(lines)
        assert name.startswith(shown.removesuffix("…")), (shown, name)
        assert name in item.toolTip()
    if count == 3:  # the first pin's short name is shown whole
        assert table.horizontalHeaderItem(1).text().replace("\n", " ") == "Full ban"

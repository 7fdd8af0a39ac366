"""The pin panel's table: the settings that differ and the headline results, live against each
pin, for the period the plots show; read from the table's cells."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.widgets.pin_panel import BRANCH_ROW, LIVE_COLUMN, RESULT_ROWS
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import PARAMETERS, evaluate
from dprk_explorer.model.record.record import record_scenario
from tests.gui_helpers import choose_period, settle


def rows(window: MainWindow) -> list[str]:
    table = window.pin_panel.table
    return [table.verticalHeaderItem(i).text() for i in range(table.rowCount())]


def columns(window: MainWindow) -> list[str]:
    table = window.pin_panel.table
    return [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())]


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
    assert panel.cell("Net change", LIVE_COLUMN) == fmt.usd(live.net_change_usd_m, signed=True)
    assert panel.cell("Net change", "Lax") == fmt.usd(second.result.net_change_usd_m, signed=True)
    assert panel.cell("Smuggling", "Tight") == fmt.usd(first.result.recovered_usd_m["smuggling"])
    assert panel.cell("Blocked", "Lax") == fmt.usd(second.result.blocked_total_usd_m)
    assert panel.cell("Won back", LIVE_COLUMN) == fmt.usd(live.recovered_total_usd_m)
    assert panel.cell("Total revenue", "Tight") == fmt.usd(first.result.total_scenario_usd_m)
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
    assert panel.cell("Net change", "Lax") == fmt.usd(in_2019.net_change_usd_m, signed=True)
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
    live value that grows from '−$37 m' to '−$292 m' as a lever moves (the rows the same) is
    still drawn whole, and the column narrows again when the values do."""
    window.levers.rows["coal_ban_compliance"].spin.setValue(0.0)
    settle(window, qtbot)
    assert window.pin_panel.pin_current("Loose") is not None
    table = window.pin_panel.table
    widths = []
    for value in (5.0, 40.0, 100.0, 5.0):
        window.levers.rows["coal_ban_compliance"].spin.setValue(value)
        settle(window, qtbot)
        assert unclipped(window) == [], value
        widths.append(table.columnWidth(0))
    assert widths[1] > widths[0] and widths[3] == widths[0]

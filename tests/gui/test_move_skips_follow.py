"""What a slider step leaves alone still follows the answer (issue 26): the work skipped on a
step (the branch's warning, each pin's column of the table, cells whose text did not change) is
done again as soon as what it shows changes. Each test reads what the user sees after a move that
changes it and after one that does not."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.widgets.levers import SLIDER_SCALE
from dprk_explorer.gui.widgets.pin_panel import LIVE_COLUMN, comparison_rows, header_texts
from dprk_explorer.gui.window import MainWindow
from tests.gui_helpers import settle


@pytest.fixture
def window(shared_window: MainWindow) -> MainWindow:
    """One window for the module, reset and checked before each test (tests/shared_window.py)."""
    return shared_window


def slide(window: MainWindow, qtbot: QtBot, pid: str, value: float) -> None:
    """Move a lever's slider as a drag does, and wait for the answer to be drawn."""
    window.levers.rows[pid].slider.setValue(round(value * SLIDER_SCALE))
    settle(window, qtbot)


def test_the_branch_warning_follows_the_switches_and_holds_through_a_lever_move(
    window: MainWindow, qtbot: QtBot
) -> None:
    levers = window.levers
    levers.choose_branch("2017-01")
    settle(window, qtbot)
    lifted = levers.branch_note.text()
    assert levers.branch_note.isVisible() and "Ban textiles (UNSC 2375)" in lifted, lifted
    # A lever's step changes no switch: the same warning.
    slide(window, qtbot, "border_laxity", 61.0)
    assert levers.branch_note.text() == lifted
    assert levers.branch_note.isVisible()
    # A switch the record has on, switched on: it is no longer said to be lifted.
    assert window.state.propose({"ban_textiles": True})
    settle(window, qtbot)
    now = levers.branch_note.text()
    assert "Ban textiles (UNSC 2375)" not in now and now != lifted, now
    # And off again, through undo: the warning names it again.
    window.state.undo_stack.undo()
    settle(window, qtbot)
    assert levers.branch_note.text() == lifted


def table_rows(window: MainWindow) -> list[tuple[str, list[str]]]:
    """The pin table as drawn: each row's label and its cells' texts."""
    table = window.pin_panel.table
    labels = header_texts(table, horizontal=False)
    return [
        (
            label,
            [
                item.text() if (item := table.item(row, column)) is not None else ""
                for column in range(table.columnCount())
            ],
        )
        for row, label in enumerate(labels)
    ]


def test_the_pin_table_follows_every_step_row_by_row(window: MainWindow, qtbot: QtBot) -> None:
    """A step redraws the live column only (each pin's column is kept, and a cell is set only
    when its text changes): after steps that add, drop and bring back a row, every cell reads
    what the answer's comparison says."""
    panel = window.pin_panel
    slide(window, qtbot, "border_laxity", 60.0)
    pin = panel.pin_current("Lax")
    assert pin is not None
    settle(window, qtbot)

    def expected() -> list[tuple[str, list[str]]]:
        answer = window.answers.answer
        assert answer is not None
        return comparison_rows(answer.result, answer.pins)

    laxity = "border_laxity"
    shown = []
    # Away from the pin's laxity (a row for it), onto it (the row goes), away again (it comes
    # back, its pin's cell as before), and a step of another lever.
    for pid, value in ((laxity, 40.0), (laxity, 60.0), (laxity, 35.0), ("labour_outsourcing", 90)):
        slide(window, qtbot, pid, value)
        assert table_rows(window) == expected(), (pid, value)
        shown.append([label for label, _ in table_rows(window)])
    assert header_texts(panel.table, horizontal=True) == [LIVE_COLUMN, "Lax"]
    laxity_row = shown[0][0]
    assert laxity_row not in shown[1] and laxity_row == shown[2][0], shown

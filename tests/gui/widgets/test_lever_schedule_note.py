"""A lever's schedule is spelled out under it: a long one wraps inside the dock and is shown
whole, and dragging a scheduled lever changes the text without laying the panel out again
(the slider-to-plot path, issue 15's budget)."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from dprk_explorer.gui.widgets.live_text import LiveNote
from dprk_explorer.gui.window import MainWindow
from tests.gui_helpers import settle


def _lay_out() -> None:
    for _ in range(5):
        QtWidgets.QApplication.sendPostedEvents(None, QtCore.QEvent.Type.LayoutRequest)
        QtWidgets.QApplication.processEvents()


class LayoutRequests(QtCore.QObject):
    """Counts the layout requests a widget receives."""

    def __init__(self, widget: QtWidgets.QWidget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_a_long_schedule_wraps_and_shows_whole_without_widening_the_dock(
    window: MainWindow, qtbot
) -> None:
    _lay_out()
    dock_width = window.controls_dock.width()
    one_step = window.state.scenario.with_values({"schedule": {"border_laxity": {"2018-06": 5}}})
    window.state.replace(one_step, "one step")
    settle(window, qtbot)
    _lay_out()
    short = window.levers.rows["border_laxity"].range_note
    assert short.text() == "25 % from 2016-01, 5 % from 2018-06"
    assert short.height() < 2 * short.fontMetrics().height()  # one line takes one line's room
    steps = {
        f"{year}-{month:02d}": 5.0 * n
        for n, (year, month) in enumerate(
            [
                (2017, 3),
                (2017, 9),
                (2018, 2),
                (2018, 6),
                (2018, 11),
                (2019, 4),
                (2019, 10),
                (2020, 3),
            ]
        )
    }
    scenario = window.state.scenario.with_values({"schedule": {"border_laxity": steps}})
    window.state.replace(scenario, "a long schedule")
    settle(window, qtbot)
    _lay_out()
    note = window.levers.rows["border_laxity"].range_note
    assert note.text().count(" from ") == len(steps) + 1
    one_line = note.fontMetrics().height()
    assert note.heightForWidth(note.width()) >= 3 * one_line  # it wraps
    assert note.height() >= note.heightForWidth(note.width())  # and every line is shown
    assert window.controls_dock.width() == dock_width


def test_a_new_text_of_the_same_height_asks_for_no_new_layout(qtbot) -> None:
    box = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(box)
    note = LiveNote("35.6 % from 2016-01, 5 % from 2018-06", "leverRange")
    layout.addWidget(note)
    qtbot.addWidget(box)
    box.resize(240, 200)
    box.show()
    qtbot.waitExposed(box)
    _lay_out()
    requests = LayoutRequests(box)
    note.setText("35.6 % from 2016-01, 7 % from 2018-06")
    _lay_out()
    assert requests.count == 0
    assert note.text() == "35.6 % from 2016-01, 7 % from 2018-06"
    long = ", ".join(f"{n} % from 2018-{n:02d}" for n in range(1, 13))
    note.setText(long)  # more lines: the layout must make room
    _lay_out()
    assert requests.count >= 1
    assert note.height() >= note.heightForWidth(note.width()) > 2 * note.fontMetrics().height()

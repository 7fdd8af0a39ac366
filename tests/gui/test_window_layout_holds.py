"""A layout that holds (issue 27, items 7, 8, 12): Advanced assumptions fit the Controls dock,
the form stays under the pointer as its values change, and the record-range warning wraps."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.window import MainWindow
from tests.gui_helpers import choose_period, settle


def laid_out() -> None:
    for _ in range(5):
        QtWidgets.QApplication.sendPostedEvents(None, QtCore.QEvent.Type.LayoutRequest)
        QtWidgets.QApplication.processEvents()


def controls_scroll(window: MainWindow) -> QtWidgets.QScrollArea:
    scroll = window.controls_dock.widget()
    assert isinstance(scroll, QtWidgets.QScrollArea)
    return scroll


def test_advanced_assumptions_fit_the_dock_and_clip_no_control(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.pin_panel.pin_current("A pin with a long name for the panel")
    scroll = controls_scroll(window)
    width = window.controls_dock.width()
    window.assumptions.set_expanded(True)
    laid_out()
    assert window.controls_dock.width() == width  # the dock does not widen
    viewport = scroll.viewport()
    assert scroll.widget().width() <= viewport.width()
    row = window.pin_panel.rows[0]
    spin = window.levers.rows["border_laxity"].spin
    boxes = [spin, row.rename, row.remove, *window.assumptions.fields.values()]
    for control in boxes:
        right = control.mapTo(viewport, QtCore.QPoint(control.width(), 0)).x()
        assert right <= viewport.width(), f"{control.objectName()} is clipped"


def test_the_advanced_form_stays_under_the_pointer_as_values_change(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.assumptions.set_expanded(True)
    laid_out()
    scroll = controls_scroll(window)
    viewport = scroll.viewport()
    fields = window.assumptions.fields
    for pid, value in (
        ("redirect_share_pct", 41.0),
        ("compliance_2375_pct", 99.9),
        ("covid_closure_pct", 60.0),
    ):
        field = fields[pid]
        scroll.ensureWidgetVisible(field)
        laid_out()
        field.setFocus()
        qtbot.waitUntil(field.hasFocus)
        before = field.mapTo(viewport, QtCore.QPoint(0, 0))
        field.setValue(value)  # as typed and entered
        settle(window, qtbot)
        laid_out()
        assert field.mapTo(viewport, QtCore.QPoint(0, 0)) == before, pid
    # Its box shows what was entered, not a rounded "100 %".
    assert fields["compliance_2375_pct"].text() == "99.9 %"
    assert window.state.scenario["compliance_2375_pct"] == 99.9


def test_the_record_range_warning_wraps_instead_of_eliding(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.levers.choose_branch("2017-01")
    window.levers.rows["border_laxity"].spin.setValue(5)
    choose_period(window, "2018")
    settle(window, qtbot)
    laid_out()
    line = window.headline.support
    text = line.text()
    assert text.startswith("Outside the range the record supports")
    metrics = line.fontMetrics()
    assert metrics.horizontalAdvance(text) > line.width()  # longer than one line
    room = QtCore.QRect(0, 0, line.width(), 10_000)
    wrapped = metrics.boundingRect(room, line.FLAGS, text).height()
    assert line.height() >= wrapped >= 2 * metrics.height()
    # The plots keep their room: none is squeezed below its minimum or scrolled away.
    assert window.central_scroll.verticalScrollBar().maximum() == 0

"""The record in the window: its fit drawn on the timeline, a counterfactual that branches from
it at a month, and the headline's difference against the record for the year shown."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6 import QtCore
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.plots.timeline import epoch_seconds
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import evaluate
from dprk_explorer.model.core.period import Period
from dprk_explorer.model.core.timeline import month_index
from dprk_explorer.model.record.branch import vs_record_by_year
from dprk_explorer.model.record.record import record_scenario
from tests.gui_helpers import choose_period, settle


@pytest.fixture
def window(shared_window: MainWindow) -> MainWindow:
    """One window for the module, reset and checked before each test (tests/shared_window.py)."""
    return shared_window


def test_branch_at_june_2018_with_a_tight_border_against_the_record(
    window: MainWindow, qtbot: QtBot
) -> None:
    record = evaluate(record_scenario())
    assert window.timeline.record_curve.isVisible()
    _, drawn = window.timeline.record_curve.getData()
    assert (drawn == record.monthly_recorded_exports_to_china_usd_m).all()

    levers = window.levers
    levers.branch.setCurrentIndex(levers.branch.findData("2018-06"))
    levers.branch.activated.emit(levers.branch.currentIndex())
    assert window.state.scenario.branch == "2018-06"
    assert levers.month() == "2018-06"  # edits now apply from the branch on
    assert window.view_state.view.period == Period.year(2019)
    levers.rows["border_laxity"].spin.setValue(5)
    settle(window, qtbot)
    scenario = window.state.scenario
    result = evaluate(scenario)
    # Before the branch the counterfactual is the record, month for month.
    months = result.monthly_scenario_usd_m[:, :29]
    assert (months == record.monthly_scenario_usd_m[:, :29]).all()
    rows = vs_record_by_year(result.path_by_year(), record.path_by_year())
    difference = next(r["total_usd_m"] for r in rows if r["year"] == 2019)
    assert difference != 0
    assert window.headline.net.detail.text() == (
        f"vs the record: {fmt.usd(difference, signed=True)}"  # the caption names 2019
    )
    assert window.headline.net.title.text() == "Net change in 2019"
    assert window.timeline.branch_label.isVisible()
    assert window.timeline.branch_label.toPlainText() == "branch from the record, 2018-06"
    # The timeline marks the analyst's step, not the record's own steps before the branch.
    assert any(m < "2018-06" for steps in scenario.schedules.values() for m, _ in steps)
    names = [label.toPlainText() for label in window.timeline.step_labels]
    assert "Laxity 5 % from Jun 2018" in names
    assert all(name.endswith("from Jun 2018") for name in names), names


def test_the_caption_and_key_numbers_state_the_fit_for_a_branch() -> None:
    from dprk_explorer.gui.text.caption import key_numbers, make_caption
    from dprk_explorer.model import PRESETS
    from dprk_explorer.model.answer import ask
    from dprk_explorer.model.record.branch import branch_scenario

    branched = branch_scenario(record_scenario().with_values({"border_laxity": 5}), "2018-06")
    caption = make_caption(ask(branched)).headline
    import re

    fit = re.search(r"The record preset reproduces China's customs within ([\d.]+) % a year, "
                    r"2016-2023", caption)  # fmt: skip
    assert fit is not None and 0 < float(fit[1]) <= 20  # the tolerance docs/validation.md states
    assert "follows the record until 2018-06" in caption
    assert "reproduces" in key_numbers(ask(branched))
    stylised = ask(PRESETS["china_2017_suspension"].scenario)
    assert "reproduces" not in make_caption(stylised).headline  # not a claim about this one


def _marker_at(window: MainWindow, month: str) -> None:
    """Move the timeline's branch marker as a script would: setValue, then the drop."""
    from dprk_explorer.gui.plots.timeline import BRANCH_MONTHS, BRANCH_X

    marker = window.timeline.branch_marker
    marker.setValue(BRANCH_X[BRANCH_MONTHS.index(month)] + 9 * 86400.0)  # snaps to the start
    marker.sigPositionChangeFinished.emit(marker)


def test_the_branch_marker_waits_grey_and_branches_where_it_is_dropped(
    window: MainWindow, qtbot: QtBot
) -> None:
    from dprk_explorer.gui.plots.timeline import BRANCH_X, NO_BRANCH_TIP

    marker = window.timeline.branch_marker
    assert marker.isVisible() and marker.movable
    assert marker.value() == BRANCH_X[0]
    assert marker.toolTip() == NO_BRANCH_TIP
    assert not window.timeline.branch_label.isVisible()
    assert window.state.undo_stack.count() == 0

    _marker_at(window, "2018-06")
    settle(window, qtbot)
    assert window.state.scenario.branch == "2018-06"
    assert window.levers.branch.currentText() == "the record until 2018-06"
    assert window.levers.month() == "2018-06"
    assert window.view_state.view.period == Period.year(2019)
    assert marker.value() == epoch_seconds(dt.date(2018, 6, 1))
    assert marker.toolTip() == "Branch from the record: 2018-06 — drag to move"
    assert window.timeline.branch_label.toPlainText() == "branch from the record, 2018-06"
    assert window.state.undo_stack.count() == 1
    assert window.state.undo_stack.undoText() == "Branch from the record at 2018-06"


def test_the_selector_moves_the_marker_and_undo_moves_both_back(
    window: MainWindow, qtbot: QtBot
) -> None:
    levers = window.levers
    levers.branch.setCurrentIndex(levers.branch.findData("2017-09"))
    levers.branch.activated.emit(levers.branch.currentIndex())
    settle(window, qtbot)
    marker = window.timeline.branch_marker
    assert marker.value() == epoch_seconds(dt.date(2017, 9, 1))
    _marker_at(window, "2019-03")
    settle(window, qtbot)
    assert levers.branch.currentText() == "the record until 2019-03"
    window.state.undo_stack.undo()
    settle(window, qtbot)
    assert window.state.scenario.branch == "2017-09"
    assert levers.branch.currentText() == "the record until 2017-09"
    assert marker.value() == epoch_seconds(dt.date(2017, 9, 1))
    assert window.timeline.branch_label.toPlainText() == "branch from the record, 2017-09"


def test_a_mouse_drag_of_the_marker_is_one_undo_step_and_keeps_the_settings(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Dragged across many months, the marker makes one undo step; the analyst's values start
    at the month it is dropped on, not where the branch was before."""
    levers = window.levers
    levers.branch.setCurrentIndex(levers.branch.findData("2018-06"))
    levers.branch.activated.emit(levers.branch.currentIndex())
    levers.rows["border_laxity"].spin.setValue(5)
    settle(window, qtbot)
    count = window.state.undo_stack.count()

    plot = window.timeline
    view = plot.getPlotItem().getViewBox()

    def viewport_point(day: dt.date) -> QtCore.QPoint:
        low, high = plot._ranges["y"]
        scene = view.mapViewToScene(QtCore.QPointF(epoch_seconds(day), (low + high) / 2))
        return plot.mapFromScene(scene)

    start = viewport_point(dt.date(2018, 6, 1))
    qtbot.mousePress(plot.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=start)
    for day in (dt.date(2018, 3, 1), dt.date(2017, 11, 1), dt.date(2017, 7, 1)):
        qtbot.mouseMove(plot.viewport(), viewport_point(day))
        qtbot.wait(20)
    qtbot.mouseRelease(
        plot.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=viewport_point(dt.date(2017, 7, 1))
    )
    settle(window, qtbot)
    scenario = window.state.scenario
    assert scenario.branch == "2017-07"
    assert window.state.undo_stack.count() == count + 1
    path = scenario.path("border_laxity")
    assert path is not None and path[month_index("2017-07")] == 5  # moved with the branch
    assert levers.branch.currentText() == "the record until 2017-07"
    assert levers.rows["border_laxity"].spin.value() == 5
    window.state.undo_stack.undo()
    settle(window, qtbot)
    assert window.state.scenario.branch == "2018-06"


def test_without_the_record_the_marker_is_not_offered(qtbot: QtBot) -> None:
    from dprk_explorer.gui.plots.timeline import TimelinePlot

    plot = TimelinePlot()
    qtbot.addWidget(plot)
    assert not plot.branch_marker.isVisible()  # an export, or the record unavailable
    plot.set_branch_editable(True)
    assert plot.branch_marker.isVisible()
    plot.set_branch_editable(False)
    assert not plot.branch_marker.isVisible()


def test_the_headline_says_when_a_branch_leaves_what_the_record_supports(
    window: MainWindow, qtbot: QtBot
) -> None:
    height = window.headline.height()
    assert window.headline.support.text() == ""  # a stylised scenario: no claim either way
    window.state.replace(record_scenario(), "Apply preset 'The record'")
    settle(window, qtbot)
    assert window.headline.support.text() == ""  # the record, in the steady state
    _marker_at(window, "2018-06")
    window.levers.rows["border_laxity"].spin.setValue(5)
    settle(window, qtbot)
    from dprk_explorer.model.record.record import read_record
    from dprk_explorer.model.record.record_support import record_support

    [excursion] = record_support(window.state.scenario, read_record()).excursions
    assert excursion.text().startswith("border laxity 5 % from 2018-06 (the record supports ")
    assert window.headline.support.text() == (
        f"Outside the range the record supports: {excursion.text()}"
    )
    choose_period(window, "2024")
    assert "2024 lies after the record's last figure (2023): a prediction" in (
        window.headline.support.text()
    )
    assert window.headline.height() == height  # no layout jump
    from dprk_explorer.gui.text.caption import make_caption
    from dprk_explorer.model.answer import ask
    from dprk_explorer.model.core.period import Period

    caption = make_caption(ask(window.state.scenario, Period.year(2024))).headline
    assert excursion.text() in caption


def test_a_branch_from_anywhere_shows_the_levers_from_the_branch_and_the_year_in_the_strip(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Branched by undo, a file or a preset (not the selector), the levers still show the
    values from the branch on, where edits apply; the strip names the year it shows."""
    window.state.replace(record_scenario(), "Apply preset 'The record'")
    window.state.set_branch("2018-06")  # as a file or undo would: the Applies choice untouched
    settle(window, qtbot)
    spin = window.levers.rows["border_laxity"].spin
    spin.setValue(5)
    settle(window, qtbot)
    assert spin.value() == 5.0
    assert window.state.scenario.path("border_laxity")[month_index("2018-06")] == 5.0
    choose_period(window, "2019")
    settle(window, qtbot)
    assert window.headline.figures[0].title.text() == "Net change in 2019"
    choose_period(window, "steady")
    settle(window, qtbot)
    assert window.headline.figures[0].title.text() == "Net change a year"

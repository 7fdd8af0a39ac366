"""View state is state (issue 22): the period, the bands, the record beside the scenario, the
pins and the compared pin live in the ViewState; every control shows it and writes to it, every
view draws the one answer for it, and exports read it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtCore, QtGui
from pytestqt.qtbot import QtBot

from dprk_explorer.gui import window as window_module
from dprk_explorer.gui.plots.channels import ChannelPlot
from dprk_explorer.gui.plots.revenue_map import RevenueMapPlot
from dprk_explorer.gui.plots.timeline import TimelinePlot
from dprk_explorer.gui.plots.waterfall import WaterfallPlot
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.view_state import View
from dprk_explorer.gui.widgets.analysis_panel import AnalysisPanel
from dprk_explorer.gui.widgets.headline import HeadlineStrip
from dprk_explorer.gui.widgets.pin_panel import PinPanel
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import PRESETS, evaluate, evaluate_grid
from dprk_explorer.model.answer import Answer
from dprk_explorer.model.core.period import STEADY, Period, offered_periods
from tests.gui_helpers import choose_period, make_window, settle


@pytest.fixture
def window(shared_window: MainWindow) -> MainWindow:
    """One window for the module, reset and checked before each test (tests/shared_window.py)."""
    return shared_window


VIEWS = (
    HeadlineStrip, ChannelPlot, WaterfallPlot, TimelinePlot, RevenueMapPlot, PinPanel,
    AnalysisPanel,
)  # fmt: skip
Drawn = dict[str, list[tuple[Answer, View]]]


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> Drawn:
    """Every answer each kind of view is asked to draw, with its view (views still draw)."""
    seen: Drawn = {}
    for kind in VIEWS:
        calls = seen.setdefault(kind.__name__, [])
        original: Callable[..., None] = kind.show_answer

        def spy(
            self: object,
            answer: Answer,
            view: View,
            original: Callable[..., None] = original,
            calls: list[tuple[Answer, View]] = calls,
        ) -> None:
            calls.append((answer, view))
            original(self, answer, view)

        monkeypatch.setattr(kind, "show_answer", spy)
    return seen


@pytest.fixture
def watched(drawn: Drawn, qtbot: QtBot, tmp_path: Path) -> MainWindow:
    window = make_window(tmp_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.analysis  # noqa: B018 - built, so it draws every answer too
    return window


def fresh_for(window: MainWindow, period: Period, qtbot: QtBot) -> Answer:
    """Wait for the answer whose analysis is fresh and for `period`."""

    def done() -> bool:
        answer = window.answers.answer
        return (
            answer is not None
            and answer.analysis_fresh
            and answer.analysis is not None
            and answer.analysis.period == period
        )

    qtbot.waitUntil(done, timeout=10_000)
    assert window.answers.answer is not None
    return window.answers.answer


def test_the_selector_offers_every_period_and_is_the_view_states(watched: MainWindow) -> None:
    combo = watched.headline.period
    offered = [Period.parse(str(combo.itemData(i))) for i in range(combo.count())]
    assert offered == list(offered_periods())
    assert combo.itemText(0) == "Steady state"
    assert "2016-2025" in [combo.itemText(i) for i in range(combo.count())]
    # The view state drives the selector, as a new branch or a script sets it.
    watched.view_state.update(period=Period.year(2018))
    assert combo.currentText() == "2018"
    watched.view_state.update(period=STEADY)
    assert combo.currentText() == "Steady state"


@pytest.mark.parametrize("text", ["2019", "2016-2025"])
def test_choosing_a_period_gives_every_view_an_answer_for_it(
    watched: MainWindow, drawn: Drawn, qtbot: QtBot, text: str
) -> None:
    scenario = PRESETS["post_singapore_2018"].scenario
    watched.state.replace(scenario, "preset")
    settle(watched, qtbot)
    before = {name: len(calls) for name, calls in drawn.items()}
    choose_period(watched, text)
    period = Period.parse(text)
    assert watched.view_state.view.period == period
    expected = evaluate(scenario).for_period(period)
    for name, calls in drawn.items():
        assert len(calls) == before[name] + 1, name  # one answer for the change
        answer, view = calls[-1]
        assert view.period == period and answer.period == period, name
        assert answer.net_change_usd_m == expected.net_change_usd_m
        assert answer.grid is not None and answer.grid.period == period
    assert watched.headline.net.value.text() == fmt.usd(expected.net_change_usd_m, signed=True)
    # The analysis on show is stale until the one for the period arrives, off the GUI thread.
    assert not drawn["AnalysisPanel"][-1][0].analysis_fresh
    answer = fresh_for(watched, period, qtbot)
    assert answer.analysis is not None
    assert answer.analysis.attribution.net_change_usd_m == pytest.approx(expected.net_change_usd_m)
    assert drawn["AnalysisPanel"][-1][0] is answer


def test_the_map_is_kept_while_a_map_lever_moves_in_the_steady_state(
    window: MainWindow, qtbot: QtBot
) -> None:
    settle(window, qtbot)
    kept = window.answers.current()[0].grid
    window.levers.rows["coal_ban_compliance"].spin.setValue(80)
    window.levers.rows["border_laxity"].spin.setValue(60)
    settle(window, qtbot)
    assert window.answers.current()[0].grid is kept
    window.levers.rows["labour_outsourcing"].spin.setValue(150)
    settle(window, qtbot)
    grid = window.answers.current()[0].grid
    assert grid is not kept and grid is not None
    assert grid.net_change_usd_m.shape == (101, 101)


def test_the_map_of_a_year_meets_the_headline_at_the_levers(
    window: MainWindow, qtbot: QtBot
) -> None:
    """In 2019 the map moves the levers inside 2019; a drag changes 2016-2018, which carry
    into 2019 through the lags, so the map follows the drag and still meets the headline."""
    window.levers.rows["coal_ban_compliance"].spin.setValue(60)
    choose_period(window, "2019")
    for compliance in (60.0, 70.0):
        window.levers.rows["coal_ban_compliance"].spin.setValue(compliance)
        settle(window, qtbot)
        answer, _view = window.answers.current()
        grid = answer.grid
        assert grid is not None and grid.period == Period.year(2019)
        at = (
            int(np.flatnonzero(grid.compliance_pct == compliance)[0]),
            int(np.flatnonzero(grid.laxity_pct == 25.0)[0]),
        )
        assert grid.net_change_usd_m[at] == pytest.approx(answer.net_change_usd_m, rel=1e-12)


def test_a_drag_in_a_year_draws_the_map_from_fewer_cells_until_released(
    window: MainWindow, qtbot: QtBot
) -> None:
    """A year's map sums the monthly path in every cell: while a lever is dragged it is drawn
    from 21 x 21 cells so it follows the hand, and from 41 x 41 once the lever is let go."""
    choose_period(window, "2019")
    period = Period.year(2019)
    window.state.begin_drag()
    window.levers.rows["labour_outsourcing"].spin.setValue(150)
    settle(window, qtbot)
    during = window.answers.current()[0].grid
    assert during is not None and during.net_change_usd_m.shape == (21, 21)
    window.state.end_drag()
    answer = window.answers.answer
    assert answer is not None and answer.grid is not None
    assert answer.grid.net_change_usd_m.shape == (41, 41)
    axis = np.linspace(0.0, 100.0, 41)
    expected = evaluate_grid(window.state.scenario, axis, axis, period)
    np.testing.assert_array_equal(answer.grid.net_change_usd_m, expected.net_change_usd_m)
    assert window.map.grid is answer.grid
    assert window.map.image.image.shape == (41, 41)  # the map draws every cell


def test_the_bands_are_a_view_choice(window: MainWindow) -> None:
    action, view_state = window.bands_action, window.view_state
    assert not view_state.view.bands and not window.exporter.options.bands
    action.setChecked(True)
    assert view_state.view.bands
    assert window.answers.view.bands
    assert window.exporter.options.bands  # exports show the bands as the window does
    view_state.update(bands=False)
    assert not action.isChecked() and not window.analysis.bands_check.isChecked()
    window.analysis.bands_check.setChecked(True)
    assert view_state.view.bands and action.isChecked()


def test_the_record_beside_the_scenario_is_a_view_choice(window: MainWindow) -> None:
    action = window.record_action
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert action in view_menu.actions() and action.isEnabled()
    assert not window.view_state.view.record_shown
    action.setChecked(True)
    assert window.view_state.view.record_shown and window.answers.view.record_shown
    window.view_state.update(record_shown=False)
    assert not action.isChecked()


def test_without_the_record_its_toggle_says_why(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reason = "resources/record.toml is missing"
    monkeypatch.setattr(window_module, "record_or_reason", lambda: (None, reason))
    window = make_window(tmp_path)
    qtbot.addWidget(window)
    assert not window.record_action.isEnabled()
    assert window.record_action.toolTip() == f"The record is unavailable: {reason}"
    answer, _view = window.answers.current()
    assert answer.record is None and answer.record_path is None


def test_pins_and_the_compared_pin_are_view_state(window: MainWindow, qtbot: QtBot) -> None:
    first = window.pin_panel.pin_current("Tight")
    assert first is not None
    view = window.view_state.view
    assert view.pins == (first,) and view.compared_pin == 0  # the first pin is compared with
    window.levers.rows["border_laxity"].spin.setValue(70)
    second = window.pin_panel.pin_current("Lax")
    assert second is not None
    assert window.view_state.view.pins == (first, second)
    window.pin_panel.combo.setCurrentIndex(2)  # chosen in the panel: (none), Tight, Lax
    assert window.view_state.view.compared_pin == 1
    answer, view = window.answers.current()
    assert [c.name for c in answer.pins] == [p.name for p in view.pins] == ["Tight", "Lax"]
    window.pins.remove(first)  # the compared pin moves up, and stays compared
    assert window.view_state.view.pins == (second,)
    assert window.view_state.view.compared_pin == 0
    window.pins.remove(second)
    assert window.view_state.view == View(pins=(), compared_pin=None)


def test_a_brief_exported_for_a_year_is_for_that_year(window: MainWindow, tmp_path: Path) -> None:
    scenario = PRESETS["post_singapore_2018"].scenario
    window.state.replace(scenario, "preset")
    choose_period(window, "2019")
    path = tmp_path / "brief.png"
    assert window.exporter.export_figure(path, "brief", dpi=50), window.exporter.last_error
    caption = QtGui.QImage(str(path)).text("Description")
    year, steady = evaluate(scenario).for_year(2019), evaluate(scenario)
    assert f"{fmt.usd(year.net_change_usd_m, signed=True)} in 2019" in caption
    assert fmt.usd(steady.net_change_usd_m, signed=True) not in caption


def test_the_key_numbers_copied_are_for_the_period_shown(window: MainWindow) -> None:
    scenario = PRESETS["post_singapore_2018"].scenario
    window.state.replace(scenario, "preset")
    choose_period(window, "2019")
    year, steady = evaluate(scenario).for_year(2019), evaluate(scenario)
    numbers = window.exporter.key_numbers()
    assert f"changes by {fmt.usd(year.net_change_usd_m, signed=True)} in 2019" in numbers
    assert fmt.usd(steady.net_change_usd_m, signed=True) not in numbers


def test_the_bands_choice_is_remembered_where_it_was(qtbot: QtBot, tmp_path: Path) -> None:
    first = make_window(tmp_path)
    qtbot.addWidget(first)
    first.view_state.update(bands=True)
    first.close()
    settings = QtCore.QSettings(str(tmp_path / "settings.ini"), QtCore.QSettings.Format.IniFormat)
    assert settings.value("view/uncertainty_bands", type=bool) is True
    second = make_window(tmp_path)
    qtbot.addWidget(second)
    assert second.view_state.view.bands and second.bands_action.isChecked()

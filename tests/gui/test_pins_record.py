"""The record's year beside the scenario (issue 15, part 6): View → "Record's year beside the
scenario" draws the model's reproduction of the record for the year shown on the channel plot
and the waterfall, like a pin, for a scenario that branches from the record."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.pins import RECORD_INDEX, RECORD_STYLE
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import evaluate
from dprk_explorer.model.core.flows import STEP_IDS
from dprk_explorer.model.record.record import record_scenario
from tests.gui_helpers import choose_period, make_window, settle


@pytest.fixture
def branched(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    scenario = (
        record_scenario()
        .with_values({"border_laxity": 5.0})
        .branched("2018-06", record=record_scenario)
    )
    window = make_window(tmp_path, scenario)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    settle(window, qtbot)
    return window


def record_rects(window: MainWindow) -> tuple[list, list]:
    return window.channels.ghosts[RECORD_INDEX].rects, window.waterfall.ghosts[RECORD_INDEX].rects


def test_the_view_menu_toggles_the_record_year_beside_a_branch(
    branched: MainWindow, qtbot: QtBot
) -> None:
    window = branched
    action = window.record_action
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert action in view.actions()
    assert action.isEnabled() and action.isCheckable() and not action.isChecked()
    channels, steps = record_rects(window)
    assert not any(r.isVisible() for r in channels + steps)
    choose_period(window, "2019")
    settle(window, qtbot)
    action.setChecked(True)
    record = evaluate(record_scenario()).for_year(2019)
    assert all(r.isVisible() for r in channels + steps)
    widths = np.array([r.rect().width() for r in channels])
    live = window.channels.live
    assert live is not None and live.year == 2019
    top = max(live.baseline_usd_m.max(), live.scenario_usd_m.max())
    np.testing.assert_allclose(widths, np.minimum(record.scenario_usd_m, 1.5 * top))
    assert channels[0].pen().color().name() == RECORD_STYLE[0].lower()
    legend = window.channels.getPlotItem().legend
    assert legend.getLabel(window.channels.ghost_swatches[RECORD_INDEX]).text == (
        "The record, 2019"
    )
    heights = np.array([r.rect().height() for r in steps])
    theirs = np.append([record.steps_usd_m[s] for s in STEP_IDS], record.net_change_usd_m)
    np.testing.assert_allclose(heights, np.abs(theirs), rtol=1e-9, atol=1e-6)
    net_label = window.waterfall.value_labels[-1]
    assert net_label.extra_texts()[-1].startswith(RECORD_STYLE[1])
    # The steady state has no record year: the record goes, and comes back with a year.
    choose_period(window, "steady")
    settle(window, qtbot)
    assert not any(r.isVisible() for r in channels + steps)
    choose_period(window, "2019")
    settle(window, qtbot)
    assert all(r.isVisible() for r in channels + steps)
    action.setChecked(False)
    assert not any(r.isVisible() for r in channels + steps)


def test_a_scenario_not_from_the_record_is_not_compared_with_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.record_action.setChecked(True)
    choose_period(window, "2019")
    settle(window, qtbot)
    channels, steps = record_rects(window)
    assert not any(r.isVisible() for r in channels + steps)

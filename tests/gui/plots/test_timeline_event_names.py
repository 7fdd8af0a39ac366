"""Over ten years the timeline names its events without collisions (issue 24): at the dock's
size in a 1366×768 window every event resources/ labels is named and no two names overlap;
narrower, a name that would collide moves to the other side of its line or is hidden, never
drawn over another. Read from the drawn labels' boxes."""

from __future__ import annotations

import itertools

import pytest
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.plots.timeline import LABELLED_EVENTS, TimelinePlot
from dprk_explorer.gui.view_state import View
from dprk_explorer.model import Scenario, evaluate
from dprk_explorer.model.answer import Answer
from dprk_explorer.model.core.period import Period
from tests.gui.plots.test_channels_compared import settle_layout


def drawn(qtbot: QtBot, width: int, height: int) -> TimelinePlot:
    plot = TimelinePlot()
    qtbot.addWidget(plot)
    plot.resize(width, height)
    plot.show()
    qtbot.waitExposed(plot)
    plot.show_answer(Answer.of(evaluate(Scenario.default()), Period.year(2024)), View())
    settle_layout(plot)
    return plot


def shown_names(plot: TimelinePlot) -> dict[str, object]:
    """Each named event's text box in the scene, for the names drawn."""
    return {
        label.toPlainText(): label.text_item.sceneBoundingRect()
        for label in plot.event_labels
        if label.isVisible()
    }


@pytest.mark.parametrize(("size", "every_one"), [((510, 290), True), ((330, 240), False)])
def test_event_names_never_overlap(qtbot: QtBot, size: tuple[int, int], every_one: bool) -> None:
    plot = drawn(qtbot, *size)
    names = shown_names(plot)
    if every_one:
        assert set(names) == set(LABELLED_EVENTS)
    else:
        assert 0 < len(names) < len(LABELLED_EVENTS)
    for (a, box_a), (b, box_b) in itertools.combinations(names.items(), 2):
        assert not box_a.intersects(box_b), (a, b)  # type: ignore[attr-defined]


def test_event_names_lie_over_the_band_and_the_schedules_steps(qtbot: QtBot) -> None:
    """A year's band (2024-2025 reach into the names on a brief's short timeline) and a
    schedule's step lines were drawn over the names: "Putin-Kim summit" lost its first
    letters under the band and "China coal halt" had a step line through it. The names stack
    over both, under the curves."""
    plot = drawn(qtbot, 900, 300)
    names = [label for label in plot.event_labels if label.isVisible()]
    assert names
    curves = [plot.record_curve, plot.history_monthly, plot.history_annual]
    for label in names:
        assert label.zValue() > plot.band.zValue()
        assert label.zValue() > plot.step_lines.zValue()
        assert all(label.zValue() < curve.zValue() for curve in curves)

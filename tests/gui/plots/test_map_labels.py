"""The map reads at its edges and when crowded (issue 16, part 9): the current-setting marker is
drawn whole at 0 % and 100 %, both axes tick 0, 25, 50, 75 and 100, and no label covers another
label or a marker, or leaves the view."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PySide6 import QtCore

from dprk_explorer import model
from dprk_explorer.gui import palette
from dprk_explorer.gui.pins import PinStore
from dprk_explorer.gui.plots.revenue_map import (
    GOAL_MARKER_PX,
    MARKER_PX,
    PIN_SIZE,
    RevenueMapPlot,
)
from dprk_explorer.model.answer import Answer
from tests.gui.answer_helpers import answer_of, view_of, with_grid
from tests.gui.plots.test_scale_and_ticks import drawn_tick_strings

AXIS = np.linspace(0.0, 100.0, 51)


def show(plot: RevenueMapPlot, scenario: model.Scenario, pins=(), goal_pct=None) -> Answer:
    """The map of `scenario` (on a 51 x 51 grid) with its pins and goal; the answer drawn."""
    answer = answer_of(scenario, pins=pins, goal_pct=goal_pct)
    answer = with_grid(answer, model.evaluate_grid(scenario, AXIS, AXIS))
    plot.show_answer(answer, view_of(answer, pins))
    return answer


@pytest.fixture
def shown_map(qtbot):
    palette.configure_pyqtgraph()
    plot = RevenueMapPlot()
    qtbot.addWidget(plot)
    plot.resize(520, 300)  # about its size in a 1366 x 768 window
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def at(compliance: float, laxity: float, **others: float) -> model.Scenario:
    return model.Scenario.default().with_values(
        {"coal_ban_compliance": compliance, "border_laxity": laxity, **others}
    )


def scene_box(plot: RevenueMapPlot, item) -> QtCore.QRectF:
    """Where a label or marker is drawn, in the view's pixels (it ignores the view's scaling, so
    Qt's sceneBoundingRect does not say)."""
    view = plot.getPlotItem().getViewBox()
    return item.rect().translated(view.mapViewToScene(item.pos()))


def marker_box(plot: RevenueMapPlot, x: float, y: float, size: float) -> QtCore.QRectF:
    centre = plot.getPlotItem().getViewBox().mapViewToScene(QtCore.QPointF(x, y))
    return QtCore.QRectF(centre.x() - size / 2, centre.y() - size / 2, size, size)


@pytest.mark.parametrize("corner", [(100, 100), (100, 0), (0, 0), (0, 100)])
def test_the_current_setting_is_drawn_whole_at_the_map_edges(shown_map, corner):
    show(shown_map, at(*corner))
    view = shown_map.getPlotItem().getViewBox().sceneBoundingRect()
    # Its ring, pen included, where it is drawn (it ignores the view's scaling).
    half_pen = shown_map.marker.pen().widthF() / 2
    ring = scene_box(shown_map, shown_map.marker).adjusted(-half_pen, -half_pen, half_pen, half_pen)
    assert ring.width() > MARKER_PX
    assert view.contains(ring), (ring, view)
    assert view.contains(scene_box(shown_map, shown_map.marker_label))


def test_both_axes_tick_every_quarter_ends_included(shown_map):
    for name in ("left", "bottom"):
        assert drawn_tick_strings(shown_map, name) == ["0", "25", "50", "75", "100"]


CROWDS = [
    # (current setting, pins, goal target %): pins at the marker, at the edges, bunched.
    ((100, 100), [(95, 95), (100, 90), (100, 100)], -20.0),
    ((0, 0), [(3, 3), (5, 8), (1, 2)], -90.0),
    ((62, 25), [(62, 25), (64, 27), (60, 23)], None),
    ((50, 50), [(48, 52), (52, 48)], -30.0),
    ((100, 0), [(98, 3), (97, 0)], None),
]


@pytest.mark.parametrize(("current", "pinned", "goal"), CROWDS)
def test_map_labels_cover_no_label_no_marker_and_stay_in_view(shown_map, current, pinned, goal):
    labour = {"labour_outsourcing": 200.0}  # a 100 % offset contour crosses the map
    scenario = at(*current, **labour)
    store = PinStore()
    for i, point in enumerate(pinned):
        pin_scenario = at(*point, **labour).with_values({"smuggling_discount_pct": 20.0 + i})
        store.pin(f"Pin with a long name {i + 1}", model.evaluate(pin_scenario))
    answer = show(shown_map, scenario, store.pins, goal)
    markers = [marker_box(shown_map, *current, MARKER_PX)]
    markers += [marker_box(shown_map, *point, PIN_SIZE) for point in pinned]
    seek = answer.goal
    if seek is not None and seek.compliance_pct is not None:
        markers.append(marker_box(shown_map, seek.compliance_pct, current[1], GOAL_MARKER_PX))
    labels = [
        label
        for label in (
            shown_map.marker_label,
            shown_map.contour_label,
            shown_map.contour_note,
            shown_map.goal_label,
            *shown_map.pin_labels,
        )
        if label.isVisible()
    ]
    assert len(labels) >= 2 + len(pinned)
    boxes = {label.toPlainText(): scene_box(shown_map, label) for label in labels}
    view = shown_map.getPlotItem().getViewBox().sceneBoundingRect()
    for text, box in boxes.items():
        assert view.contains(box), f"{text!r} leaves the view"
        for marker in markers:
            assert not box.intersects(marker), f"{text!r} covers a marker"
    for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
        assert not box_a.intersects(box_b), f"{a!r} overlaps {b!r}"


def test_labels_are_placed_again_when_the_map_is_resized(shown_map, qtbot):
    show(shown_map, at(100, 100))
    shown_map.resize(330, 230)
    qtbot.waitUntil(lambda: shown_map.getPlotItem().getViewBox().sceneBoundingRect().width() < 300)
    view = shown_map.getPlotItem().getViewBox().sceneBoundingRect()
    for label in (shown_map.marker_label, shown_map.contour_note):
        assert view.contains(scene_box(shown_map, label))
    assert not scene_box(shown_map, shown_map.marker_label).intersects(
        scene_box(shown_map, shown_map.contour_note)
    )


def test_the_setting_label_follows_the_marker_and_a_repeat_call_moves_nothing(shown_map):
    """Labels are placed once per change (the grid and the result both ask): a second call
    with nothing changed leaves every label where it is, and a moved marker takes its label."""
    show(shown_map, at(30, 30))
    near_first = scene_box(shown_map, shown_map.marker_label)
    shown_map.place_labels()
    assert scene_box(shown_map, shown_map.marker_label) == near_first
    show(shown_map, at(85, 70))
    box = scene_box(shown_map, shown_map.marker_label)
    centre = shown_map.getPlotItem().getViewBox().mapViewToScene(QtCore.QPointF(85, 70))
    assert box != near_first
    gap = max(box.left() - centre.x(), centre.x() - box.right(), 0.0) + max(
        box.top() - centre.y(), centre.y() - box.bottom(), 0.0
    )
    assert gap <= MARKER_PX + 20, "the setting's name stayed behind when the marker moved"
    assert not box.intersects(marker_box(shown_map, 85, 70, MARKER_PX))

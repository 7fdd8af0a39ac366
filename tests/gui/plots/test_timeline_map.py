"""The timeline and the compliance x laxity map draw what the model returns, where it belongs."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest
from PySide6 import QtCore

import dprk_explorer.model as model
from dprk_explorer.gui import palette
from dprk_explorer.gui.plots.revenue_map import RevenueMapPlot, contour_lines
from dprk_explorer.gui.plots.timeline import (
    LABELLED_EVENTS,
    TimelinePlot,
    epoch_seconds,
)
from dprk_explorer.model.answer import Answer
from dprk_explorer.model.core.timeline import TIMELINE_EVENTS, YEARS
from dprk_explorer.model.sources.resources import load_history
from tests.gui.answer_helpers import answer_of, view_of, with_grid

AXIS = np.linspace(0.0, 100.0, 101)


def show(plot, scenario: model.Scenario, grid: model.GridResult | None = None) -> Answer:
    """Draw the answer for `scenario` (steady state), with `grid` as its map if given."""
    answer = answer_of(scenario)
    if grid is not None:
        answer = with_grid(answer, grid)
    plot.show_answer(answer, view_of(answer))
    return answer


#: Over ten years the 2016-2018 names crowd: UNSC 2321's line is drawn unnamed (hovering names
#: it) so that China's coal halt, the resolutions of 2017 and the events since 2020 are named.
REQUIRED_LABELS = {
    "China coal halt",
    "UNSC 2371",
    "UNSC 2375",
    "UNSC 2397",
    "Singapore",
    "COVID-19",
    "Freight returns",
    "Reopening",
    "Putin-Kim summit",
    "Panel ends",
    "Russia treaty",
    "Bybit theft",
}


@pytest.fixture
def timeline(qtbot):
    palette.configure_pyqtgraph()
    plot = TimelinePlot()
    qtbot.addWidget(plot)
    return plot


@pytest.fixture
def revenue_map(qtbot):
    palette.configure_pyqtgraph()
    plot = RevenueMapPlot()
    qtbot.addWidget(plot)
    return plot


def china_2017() -> model.Scenario:
    return model.PRESETS["china_2017_suspension"].scenario


def labour_200() -> model.Scenario:
    return model.Scenario.default().with_values({"labour_outsourcing": 200})


# -- timeline -----------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", [model.Scenario.default(), china_2017()])
def test_timeline_lines_are_the_model_totals(timeline, scenario):
    result = show(timeline, scenario).result
    x, y = timeline.scenario_curve.getData()
    np.testing.assert_allclose(y, result.monthly_scenario_usd_m.sum(axis=0))
    np.testing.assert_allclose(
        timeline.baseline_curve.getData()[1], result.monthly_baseline_usd_m.sum(axis=0)
    )
    np.testing.assert_allclose(
        timeline.recorded_curve.getData()[1], result.monthly_recorded_exports_to_china_usd_m
    )
    # One point per month, each inside its own month.
    starts = np.array([epoch_seconds(m.astype("datetime64[D]")) for m in result.months])
    ends = np.array([epoch_seconds((m + 1).astype("datetime64[D]")) for m in result.months])
    assert len(x) == len(result.months) == 12 * len(YEARS)
    assert np.all((starts < x) & (x < ends))


def test_timeline_updates_in_place_and_scales_y(timeline):
    show(timeline, model.Scenario.default())
    items_before = list(timeline.getPlotItem().items)
    result = show(timeline, model.PRESETS["secondary_sanctions"].scenario).result
    assert timeline.getPlotItem().items == items_before
    np.testing.assert_allclose(
        timeline.scenario_curve.getData()[1], result.monthly_scenario_usd_m.sum(axis=0)
    )
    (x0, x1), (y0, y1) = timeline.getPlotItem().getViewBox().viewRange()
    assert (x0, x1) == (
        epoch_seconds(dt.date(YEARS[0], 1, 1)),
        epoch_seconds(dt.date(YEARS[-1] + 1, 1, 1)),
    )
    assert y0 == 0.0
    assert y1 > 1.2 * result.monthly_baseline_usd_m.sum(axis=0).max()


def test_timeline_history_is_the_customs_record(timeline):
    rows = load_history()
    monthly = [r for r in rows if r["granularity"] == "month"]
    x, y = timeline.history_monthly.getData()
    assert len(x) == len(monthly)
    np.testing.assert_allclose(y, [r["value_usd_m"] for r in monthly])
    annual = {int(r["period"]): r["value_usd_m"] for r in rows if r["granularity"] == "year"}
    ax, ay = timeline.history_annual.getData()
    # Segments across each year 2016-2020 present in the file, at the annual total / 12.
    shown = [year for year in sorted(annual) if 2016 <= year <= 2020]
    assert len(ax) == 2 * len(shown)
    for k, year in enumerate(shown):
        assert ax[2 * k] == epoch_seconds(dt.date(year, 1, 1))
        assert ax[2 * k + 1] == epoch_seconds(dt.date(year + 1, 1, 1))
        assert ay[2 * k] == ay[2 * k + 1] == pytest.approx(annual[year] / 12)


def test_timeline_marks_every_event_and_labels_the_key_ones(timeline):
    show(timeline, model.Scenario.default())
    dates = [epoch_seconds(row["date"]) for row in TIMELINE_EVENTS]
    assert list(timeline.event_x) == dates
    # One vertical segment per event, spanning the whole y range.
    x, y = timeline.event_lines.getData()
    low, high = timeline.getPlotItem().getViewBox().viewRange()[1]
    np.testing.assert_array_equal(x, np.repeat(dates, 2))
    np.testing.assert_allclose(y, np.tile([low, high], len(dates)))
    labels = {label.toPlainText() for label in timeline.event_labels}
    assert REQUIRED_LABELS <= labels
    assert labels == set(LABELLED_EVENTS)
    # Each name sits on its event's line, near the top of the view.
    for label in timeline.event_labels:
        row = next(r for r in TIMELINE_EVENTS if r["short_label"] == label.toPlainText())
        assert label.pos().x() == epoch_seconds(row["date"])
        assert low + 0.9 * (high - low) < label.pos().y() <= high


def test_hovering_an_event_line_names_the_event(timeline, qtbot):
    timeline.resize(640, 400)
    timeline.show()
    qtbot.waitExposed(timeline)
    show(timeline, model.Scenario.default())
    view = timeline.getPlotItem().getViewBox()
    row = next(r for r in TIMELINE_EVENTS if r["short_label"] == "Singapore")
    low, high = view.viewRange()[1]
    on_line = view.mapViewToScene(QtCore.QPointF(epoch_seconds(row["date"]), (low + high) / 2))
    point = timeline.mapFromScene(on_line)
    assert row["event"] in timeline.event_tip(point)
    assert f"{row['date']:%d %b %Y}" in timeline.event_tip(point)
    # Away from every line: no tip; outside the view: no tip.
    between = view.mapViewToScene(
        QtCore.QPointF(epoch_seconds(dt.date(2019, 7, 1)), (low + high) / 2)
    )
    assert timeline.event_tip(timeline.mapFromScene(between)) == ""
    assert timeline.event_tip(QtCore.QPoint(1, 1)) == ""


def test_timeline_legend_names_every_series(timeline):
    names = [label.text for _, label in timeline.legend.items]
    assert names == [
        "No sanctions, total",
        "Scenario, total",
        "Scenario, to China (customs)",
        "Record, model fit (customs)",
        "China customs, monthly",
        "China customs, year / 12",
    ]


# -- map ----------------------------------------------------------------------------------------


def value_at(plot: RevenueMapPlot, compliance: float, laxity: float) -> float:
    """The image value drawn under a point given in percent."""
    pixel = plot.image.mapFromView(QtCore.QPointF(compliance, laxity))
    return float(plot.image.image[int(np.floor(pixel.y())), int(np.floor(pixel.x()))])


@pytest.mark.parametrize("scenario", [model.Scenario.default(), china_2017()])
def test_map_image_is_the_grid_with_compliance_across(revenue_map, scenario):
    grid = model.evaluate_grid(scenario, AXIS, AXIS)
    show(revenue_map, scenario, grid)
    net = grid.net_change_usd_m
    assert net[-1, 0] != net[0, -1]  # the corners tell a transposed image apart
    for (c, lax), (i, j) in {
        (0, 0): (0, 0),
        (100, 0): (-1, 0),
        (0, 100): (0, -1),
        (100, 100): (-1, -1),
        (62, 25): (62, 25),
    }.items():
        assert value_at(revenue_map, c, lax) == net[i, j]
    # Nice, stable limits that contain the data and are not more than twice its span.
    low, high = revenue_map.colour_bar.levels()
    assert low <= net.min() and net.max() <= high
    assert high - low <= 2 * (net.max() - net.min()) + 1e-9


def test_map_handles_a_coarser_non_square_grid(revenue_map):
    compliance = np.linspace(0.0, 100.0, 11)
    laxity = np.linspace(0.0, 100.0, 6)
    grid = model.evaluate_grid(model.Scenario.default(), compliance, laxity)
    show(revenue_map, model.Scenario.default(), grid)
    assert revenue_map.image.image.shape == (6, 11)
    assert value_at(revenue_map, 100, 0) == grid.net_change_usd_m[-1, 0]
    assert value_at(revenue_map, 30, 80) == grid.net_change_usd_m[3, 4]


def test_map_marker_sits_at_the_scenario(revenue_map):
    for scenario in (model.Scenario.default(), china_2017()):
        show(revenue_map, scenario)
        x, y = revenue_map.marker.getData()
        assert (x[0], y[0]) == (scenario["coal_ban_compliance"], scenario["border_laxity"])
        assert revenue_map.marker_label.isVisible()
    view = revenue_map.getPlotItem().getViewBox()
    # The 0..100 square and a margin round it, where a marker at an edge is drawn whole.
    assert view.viewRange() == [[-5.0, 105.0], [-5.0, 105.0]]
    assert not any(view.state["mouseEnabled"])


def path_points(path) -> np.ndarray:
    """The points a drawn QPainterPath passes through, as (k, 2) x, y."""
    return np.array(
        [(path.elementAt(i).x, path.elementAt(i).y) for i in range(path.elementCount())]
    )


def test_map_contour_exists_only_where_the_offset_reaches_100_percent(revenue_map):
    show(
        revenue_map,
        model.Scenario.default(),
        model.evaluate_grid(model.Scenario.default(), AXIS, AXIS),
    )
    assert revenue_map.contour.path.isEmpty()
    assert revenue_map.contour_note.isVisible()
    assert revenue_map.contour_note.toPlainText() == "100 % offset not reached"
    assert not revenue_map.contour_label.isVisible()

    scenario = labour_200()
    show(revenue_map, scenario, model.evaluate_grid(scenario, AXIS, AXIS))
    drawn = path_points(revenue_map.contour.path)
    assert len(drawn) > 20
    assert revenue_map.contour.isVisible()
    assert revenue_map.contour_label.isVisible()
    assert revenue_map.contour_label.toPlainText() == "100 % offset"
    assert not revenue_map.contour_note.isVisible()
    assert revenue_map.contour.parentItem() is revenue_map.image
    # The drawn line lies where the model's offset ratio is 1, in the map's percent coordinates.
    for px, py in drawn[::10]:
        at = revenue_map.image.mapToView(QtCore.QPointF(px, py))
        compliance, laxity = at.x(), at.y()
        assert 0.0 <= compliance <= 100.0 and 0.0 <= laxity <= 100.0
        result = model.evaluate(
            scenario.with_values({"coal_ban_compliance": compliance, "border_laxity": laxity})
        )
        assert result.offset_ratio == pytest.approx(1.0, abs=0.02)
    # It runs across the map from its bottom edge, and the label's corner is beside it.
    laxities = [revenue_map.image.mapToView(QtCore.QPointF(*p)).y() for p in drawn]
    assert min(laxities) <= 1.0 and max(laxities) - min(laxities) > 20.0
    label = revenue_map.contour_label.pos()
    nearest = min(
        np.hypot(
            *(np.array(revenue_map.image.mapToView(QtCore.QPointF(*p)).toTuple()) - label.toTuple())
        )
        for p in drawn
    )
    assert nearest < 4.0

    show(
        revenue_map,
        model.Scenario.default(),
        model.evaluate_grid(model.Scenario.default(), AXIS, AXIS),
    )
    assert revenue_map.contour.path.isEmpty()
    assert revenue_map.contour_note.isVisible()


def test_map_says_when_the_offset_is_reached_everywhere(revenue_map):
    grid = model.evaluate_grid(labour_200(), AXIS, AXIS)
    ratio = np.where(np.isfinite(grid.offset_ratio), 1.5, np.nan)
    show(revenue_map, labour_200(), dataclasses.replace(grid, offset_ratio=ratio))
    assert revenue_map.contour.path.isEmpty()
    assert revenue_map.contour_note.isVisible()
    assert revenue_map.contour_note.toPlainText() == "offset ≥ 100 % everywhere"
    assert not revenue_map.contour_label.isVisible()


def test_contour_of_a_plane_is_the_straight_line_at_its_level():
    # Row-major image data[y, x] = x: the level 3.25 is crossed at pixel x = 3.25 + 0.5.
    data = np.tile(np.arange(9.0), (6, 1))
    (line,) = contour_lines(data, 3.25)
    np.testing.assert_allclose(line[:, 0], 3.75)
    assert {line[0, 1], line[-1, 1]} == {0.5, 5.5}
    assert contour_lines(np.zeros((5, 5)), 1.0) == []
    assert contour_lines(np.zeros((1, 5)), 0.0) == []


def test_contour_leaves_nan_cells_out():
    """The offset ratio is NaN where no coal is lost (0 % compliance): no crossing there."""
    data = np.tile(np.arange(9.0), (6, 1))
    data[:, 0] = np.nan
    (line,) = contour_lines(data, 3.25)
    np.testing.assert_allclose(line[:, 0], 3.75)
    assert contour_lines(data, 0.5) == []  # between the NaN column and the next: masked
    assert contour_lines(np.full((4, 4), np.nan), 1.0) == []


# -- painting -----------------------------------------------------------------------------------


def test_both_plots_paint(qtbot, timeline, revenue_map):
    show(timeline, china_2017())
    scenario = labour_200()
    show(revenue_map, scenario, model.evaluate_grid(scenario, AXIS, AXIS))
    for widget in (timeline, revenue_map):
        widget.resize(640, 400)
        widget.show()
        qtbot.waitUntil(lambda w=widget: w.paint_count > 0)


def test_the_map_draws_one_colour_scale_beside_it_or_under_it(qtbot, monkeypatch):
    """The scale is built once, where it is drawn: beside the map in the window, under it on a
    brief (asked for before the first draw, so no scale beside it is built and thrown away)."""
    import pyqtgraph as pg

    built: list[bool] = []
    build = RevenueMapPlot._colour_bar

    def counted(self, horizontal):
        built.append(horizontal)
        return build(self, horizontal)

    monkeypatch.setattr(RevenueMapPlot, "_colour_bar", counted)
    scenario = model.Scenario.default()
    for below in (False, True):
        built.clear()
        plot = RevenueMapPlot()
        qtbot.addWidget(plot)
        if below:
            plot.colour_bar_below()
        show(plot, scenario, model.evaluate_grid(scenario, AXIS, AXIS))
        bars = [i for i in plot.scene().items() if isinstance(i, pg.ColorBarItem)]
        assert bars == [plot.colour_bar]
        assert plot.colour_bar.horizontal is below
        assert built == [below]
        low, high = plot.colour_bar.levels()
        assert low < high

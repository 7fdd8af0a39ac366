"""The brief's plots read at its size (A4 or Letter less margins, 17 cm wide; a third of that for
the map or the analysis chart), in the steady state and for a year: the tornado's labels stand
apart and its axis spans every bar, the attribution's numbers do not run together, the map's
current setting, its "100" tick and its colour scale's title and numbers are drawn whole, and
the timeline's labels stay inside it."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import pytest
from PySide6 import QtCore, QtWidgets

from dprk_explorer.gui.application import application
from dprk_explorer.gui.export.options import PAPERS, ExportOptions
from dprk_explorer.gui.export.page import Page, _PlotBlock
from dprk_explorer.gui.export.plot_fit import boxes_collide, drawn_tick_boxes
from dprk_explorer.gui.plots.attribution import AttributionPlot
from dprk_explorer.gui.plots.base import StyledPlot
from dprk_explorer.gui.plots.items import ValueLabel
from dprk_explorer.gui.plots.revenue_map import MARKER_PEN_PX, MARKER_PX, RevenueMapPlot
from dprk_explorer.gui.plots.timeline import TimelinePlot
from dprk_explorer.gui.plots.tornado import TornadoPlot
from dprk_explorer.gui.plots.waterfall import WaterfallPlot
from dprk_explorer.model import PRESETS
from dprk_explorer.model.answer import Answer
from dprk_explorer.model.core.period import STEADY, Period
from dprk_explorer.model.core.timeline import YEARS
from dprk_explorer.model.record.record import record_scenario
from tests.gui.answer_helpers import answer_of, record
from tests.gui.export.brief_checks import (
    assert_category_names_apart,
    assert_headline_figures_fit,
    assert_placed_on_paper,
)
from tests.gui.plots.test_tornado import assert_readable, label_box

#: The case the brief was checked with: the record, border laxity 5 % from 2018-06.
BRANCH = (
    record_scenario()
    .with_values({"border_laxity": 5.0})
    .branched("2018-06", record=record_scenario)
)
CASES = [
    (BRANCH, STEADY),
    (BRANCH, Period.year(2019)),
    (PRESETS["china_2017_suspension"].scenario, STEADY),
]
IDS = ["record branch", "record branch, 2019", "stylised"]


@pytest.fixture(scope="module")
def qt_app() -> Iterator[QtWidgets.QApplication]:
    yield application()


@pytest.fixture(scope="module")
def answers(qt_app: object) -> list[Answer]:
    """Each case's answer for its period, with its analysis and map."""
    return [answer_of(scenario, period, analysis=True, grid=True) for scenario, period in CASES]


PageFor = Callable[..., Page]


@pytest.fixture(scope="module")
def pages(answers: list[Answer]) -> Iterator[PageFor]:
    """Each case's brief for a set of options, built once: the map's and the timeline's tests
    read the same page (they only read it), and every page is closed as the module ends."""
    built: dict[tuple[int, tuple[tuple[str, object], ...]], Page] = {}

    def page_for(case: int, **options: object) -> Page:
        key = (case, tuple(sorted(options.items())))
        if key not in built:
            built[key] = Page("brief", answers[case], None, ExportOptions(**options))  # type: ignore[arg-type]
        return built[key]

    yield page_for
    for page in built.values():
        page.close()


def plot_of(page: Page, kind: type[StyledPlot]) -> StyledPlot:
    (plot,) = [
        b.plot for b in page.blocks if isinstance(b, _PlotBlock) and isinstance(b.plot, kind)
    ]
    return plot


def brief_plot(
    answer: Answer, kind: type[StyledPlot], **options: object
) -> tuple[Page, StyledPlot]:
    page = Page("brief", answer, None, ExportOptions(**options))  # type: ignore[arg-type]
    return page, plot_of(page, kind)


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("case", range(len(CASES)), ids=IDS)
def test_the_briefs_tornado_labels_stand_apart_and_its_axis_spans_every_bar(
    answers: list[Answer], case: int, paper: str
) -> None:
    answer = answers[case]
    assert answer.analysis is not None
    page, plot = brief_plot(answer, TornadoPlot, paper=paper, tornado=True)
    try:
        assert isinstance(plot, TornadoPlot)
        chart = answer.analysis.tornado
        moving = [bar.parameter for bar in chart.bars if bar.moves]
        shown = plot.shown_rows
        assert 3 <= len(shown) and shown == moving[: len(shown)]
        assert_readable(plot)  # no label covers another or a bar; all inside the view
        left_out = len(moving) - len(shown)
        if left_out or chart.no_effect:
            assert plot.omitted.isVisible()
            assert (f"{left_out} smaller" in plot.omitted.toPlainText()) is bool(left_out)
        low, high = plot.getPlotItem().getViewBox().viewRange()[0]
        ends = [v for bar in chart.bars for v in (bar.net_at_low_usd_m, bar.net_at_high_usd_m)]
        assert low <= min(ends) and max(ends) <= high
        ticks = drawn_tick_boxes(plot.getPlotItem().getAxis("bottom"))
        assert len(ticks) >= 2 and not boxes_collide([box for box, _text in ticks])
    finally:
        page.close()


@pytest.mark.parametrize("case", range(len(CASES)), ids=IDS)
def test_the_briefs_attribution_numbers_do_not_run_together(
    answers: list[Answer], case: int
) -> None:
    page, plot = brief_plot(answers[case], AttributionPlot, attribution=True)
    try:
        ticks = drawn_tick_boxes(plot.getPlotItem().getAxis("bottom"))
        assert len(ticks) >= 2
        assert not boxes_collide([box for box, _text in ticks]), [t for _b, t in ticks]
    finally:
        page.close()


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("case", range(len(CASES)), ids=IDS)
def test_the_briefs_map_draws_its_marker_ticks_and_scale_whole(
    pages: PageFor, case: int, paper: str
) -> None:
    """The ring at 100 % compliance was cut by the narrow map's edge, the colour scale's title
    ran past both ends of the bar beside the map, the "100" under the map was dropped, the
    labels covered a third of it, and a year's scale (−4,000 to 0) ran its numbers together."""
    plot = plot_of(pages(case, paper=paper), RevenueMapPlot)  # the timeline test's page too
    assert isinstance(plot, RevenueMapPlot)
    view = plot.getPlotItem().getViewBox()
    area = view.sceneBoundingRect()
    centre = view.mapViewToScene(plot.marker.pos())
    reach = MARKER_PX / 2 + MARKER_PEN_PX / 2
    ring = QtCore.QRectF(centre.x() - reach, centre.y() - reach, 2 * reach, 2 * reach)
    assert area.contains(ring), (ring, area)
    cell = QtCore.QRectF(0, 0, plot.width(), plot.height())
    scale = plot.colour_bar.axis
    margin = scale.label.document().documentMargin()  # no ink in it
    title = scale.label.mapRectToScene(
        scale.label.boundingRect().adjusted(margin, margin, -margin, -margin)
    )
    assert scale.label.isVisible() and title.height() > 5
    assert cell.contains(title), (title, cell)
    numbers = [text for _box, text in drawn_tick_boxes(scale)]
    assert not boxes_collide([box for box, _text in drawn_tick_boxes(scale)]), numbers
    low, high = plot.colour_bar.levels()
    assert len(numbers) >= 3
    for end in (low, high):  # both ends of the scale numbered
        assert f"{end:,.0f}".replace("-", "−").replace("−0", "0") in numbers, numbers
    assert [t for _b, t in drawn_tick_boxes(plot.getPlotItem().getAxis("bottom"))] == [
        "0",
        "25",
        "50",
        "75",
        "100",
    ]
    labels = [
        label
        for label in (plot.marker_label, plot.contour_label, plot.contour_note)
        if label.isVisible()
    ]
    boxes = [label_box(plot, label).intersected(area) for label in labels]
    covered = sum(box.width() * box.height() for box in boxes)
    assert covered < 0.25 * area.width() * area.height()  # it was a third
    for a, b in itertools.combinations(boxes, 2):
        assert not a.intersects(b)


#: Branched later in 2018, the branch's name runs past the end of the brief's timeline.
LATE_BRANCH = (
    record_scenario()
    .with_values({"border_laxity": 5.0})
    .branched("2018-10", record=record_scenario)
)


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize(
    "case", range(len(CASES) + 1), ids=[*IDS, "record branch at 2018-10, 2019"]
)
def test_the_briefs_timeline_labels_lie_inside_it(
    answers: list[Answer], pages: PageFor, case: int, paper: str
) -> None:
    """The branch's name ("branch from the record, 2018-10") began at its line and ran out of
    the brief's narrower timeline; it, and the schedule's step names, now lie inside the view.
    The cases' briefs are the map test's pages; the late branch's is built here."""
    if case < len(CASES):
        plot = plot_of(pages(case, paper=paper), TimelinePlot)
        assert isinstance(plot, TimelinePlot)
        assert_timeline_labels_inside(plot, answers[case])
        return
    answer = answer_of(LATE_BRANCH, Period.year(2019))
    page, plot = brief_plot(answer, TimelinePlot, paper=paper)
    try:
        assert isinstance(plot, TimelinePlot)
        assert_timeline_labels_inside(plot, answer)
    finally:
        page.close()


def assert_timeline_labels_inside(plot: TimelinePlot, answer: Answer) -> None:
    view = plot.getPlotItem().getViewBox()
    area = view.sceneBoundingRect().adjusted(-0.5, -0.5, 0.5, 0.5)
    labels = [plot.branch_label, *plot.step_labels]
    shown = [label for label in labels if label.isVisible()]
    assert (plot.branch_label in shown) is (answer.branch is not None)
    for label in shown:
        assert isinstance(label, ValueLabel)
        box, scale = label.rect(), label.scale()
        at = view.mapViewToScene(label.pos())
        drawn = QtCore.QRectF(
            at.x() + box.left() * scale, at.y() + box.top() * scale,
            box.width() * scale, box.height() * scale,
        )  # fmt: skip
        assert area.contains(drawn), (label.toPlainText(), drawn, area)


def scale_numbers(plot: RevenueMapPlot) -> list[str]:
    """The colour scale's numbers as drawn, and that both its ends are among them."""
    numbers = [text for _box, text in drawn_tick_boxes(plot.colour_bar.axis)]
    for end in plot.colour_bar.levels():
        assert f"{end:,.0f}".replace("-", "−").replace("−0", "0") in numbers, numbers
    return numbers


#: Every year of the horizon and the span of the new routes (issue 24): the record's answer.
PERIODS = [Period.year(year) for year in YEARS] + [Period.span(2021, 2025)]


@pytest.mark.parametrize("period", PERIODS, ids=[period.label for period in PERIODS])
def test_the_brief_lays_out_for_every_period_on_both_papers(qt_app: object, period: Period) -> None:
    """For each year 2016-2025 and for 2021-2025, on A4 and Letter: the page fits its paper
    unscaled with nothing overlapping, the headline strip's figures keep to their cells, the
    waterfall's eleven names stand apart, the timeline's labels lie inside it, and the map's
    scale is numbered at both ends inside the page."""
    found, _ = record()
    answer = answer_of(found.scenario, period, analysis=True, grid=True)
    for paper in PAPERS:
        page = Page("brief", answer, None, ExportOptions(paper))
        try:
            assert_placed_on_paper(page)
            assert_headline_figures_fit(page)
            drawn = {type(b.plot): b.plot for b in page.blocks if isinstance(b, _PlotBlock)}
            assert_category_names_apart(drawn[WaterfallPlot])
            timeline = drawn[TimelinePlot]
            assert isinstance(timeline, TimelinePlot)
            assert_timeline_labels_inside(timeline, answer)
            revenue_map = drawn[RevenueMapPlot]
            assert isinstance(revenue_map, RevenueMapPlot)
            scale_numbers(revenue_map)
            cell = QtCore.QRectF(0, 0, revenue_map.width(), revenue_map.height())
            for box, text in drawn_tick_boxes(revenue_map.colour_bar.axis):
                on_plot = revenue_map.colour_bar.axis.mapRectToScene(box)
                assert cell.contains(on_plot), (text, on_plot, cell)
        finally:
            page.close()

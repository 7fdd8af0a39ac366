"""The one-page brief: it fits the chosen paper's printable area (A4 or US Letter) for every
choice of pins, banner, bands and analysis charts; its PDF is that paper; its text carries the
key numbers with the uncertainty, the record's fit and, for a counterfactual, the difference
from the record; its SVG names real fonts."""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterator

import pytest
from PySide6 import QtWidgets

from dprk_explorer.gui.application import application
from dprk_explorer.gui.export.headless import figure_bytes
from dprk_explorer.gui.export.metadata import FONT_FALLBACKS
from dprk_explorer.gui.export.options import PAPERS, ExportOptions
from dprk_explorer.gui.export.page import Page, _PlotBlock
from dprk_explorer.gui.export.plot_fit import drawn_tick_boxes
from dprk_explorer.gui.export.print_text import MIN_FONT_PT, logical_dpi
from dprk_explorer.gui.pins import Pin, PinStore
from dprk_explorer.gui.plots.timeline import TimelinePlot
from dprk_explorer.gui.plots.waterfall import WaterfallPlot
from dprk_explorer.gui.text.caption import FULL_LIST_IN_PDF, baseline_sources
from dprk_explorer.model import PRESETS, Scenario, evaluate
from dprk_explorer.model.core.period import Period
from dprk_explorer.model.record.record import record_scenario
from tests.gui.answer_helpers import answer_of, view_of
from tests.gui.export.brief_checks import assert_category_names_apart, assert_placed_on_paper

SCENARIO = PRESETS["china_2017_suspension"].scenario
#: The longest brief text among the presets: a branch of the record whose settings leave what
#: the record supports (the key numbers add that clause) and a two-line name.
LONG_TEXT = PRESETS["secondary_sanctions_branch"].scenario
#: A banner as long as allowed, in words (it wraps as real text does).
LONG_BANNER = (
    "DRAFT — not for citation. Prepared for the interagency working group on DPRK sanctions "
    "enforcement; figures are model estimates branched from the public record and may change. " * 2
)[:200]


@pytest.fixture(scope="module")
def qt_app() -> Iterator[QtWidgets.QApplication]:
    yield application()


@pytest.fixture(scope="module")
def three_pins(qt_app: object) -> list[Pin]:
    store = PinStore()
    for name in ("post_singapore_2018", "china_2017_suspension", "record"):
        store.pin(name, evaluate(PRESETS[name].scenario))
    return list(store.pins)


#: The analysis chart in the map's place: none (the map), the attribution, the tornado.
CHARTS = ((False, False), (True, False), (False, True))


def brief_combinations(shift: int) -> list[tuple[str, int, str, tuple[bool, bool]]]:
    """The fullest brief (three pins, the longest banner: the most text and the tallest
    waterfall) on each paper with each chart in the map's place, then every lighter content
    (0, 1 or 3 pins, with or without the banner) once, the paper and the chart taking turns.
    `shift` starts the turns elsewhere, so the two scenarios put each lighter content on both
    papers. Less content never needs more room; it takes its own code paths (no pin legend,
    no banner), which these pages take on either paper."""
    fullest = [(paper, 3, LONG_BANNER, chart) for paper in PAPERS for chart in CHARTS]
    lighter = [
        (pins, banner)
        for pins, banner in itertools.product((0, 1, 3), ("", LONG_BANNER))
        if (pins, banner) != (3, LONG_BANNER)
    ]
    papers = list(PAPERS)
    return fullest + [
        (papers[(n + shift) % len(papers)], pins, banner, CHARTS[(n + shift) % len(CHARTS)])
        for n, (pins, banner) in enumerate(lighter)
    ]


@pytest.mark.parametrize(
    ("scenario", "shift"), [(SCENARIO, 0), (LONG_TEXT, 1)], ids=["stylised", "long text"]
)
def test_the_brief_fits_the_paper_for_every_combination(
    three_pins: list[Pin], scenario: Scenario, shift: int
) -> None:
    """A4 and Letter, with 0, 1 or 3 pins, with and without the longest banner, with the map
    or either analysis chart in its place, with and without the band: the page fits unscaled.
    The fullest page is built on each paper with each chart; lighter ones once each per
    scenario (`brief_combinations`). The band is drawn in the timeline and measures no text,
    so it takes turns with its absence over the other choices rather than doubling the
    pages."""
    answers = {
        count: answer_of(scenario, pins=three_pins[:count], analysis=True, grid=True)
        for count in (0, 1, 3)
    }
    combinations = brief_combinations(shift)
    for turn, (paper, pins, banner, (attribution, tornado)) in enumerate(combinations):
        bands = turn % 2 == 1
        options = ExportOptions(paper, True, bands, attribution, tornado)
        answer = answers[pins]
        page = Page("brief", answer, view_of(answer, three_pins[:pins]), options, banner=banner)
        try:
            assert page.printable is not None
            assert abs(page.width - page.printable.width()) < 0.5  # the brief is print wide
            assert_placed_on_paper(page)
            plots = [b.plot for b in page.blocks if isinstance(b, _PlotBlock)]
            assert len(plots) == 4
            kinds = {type(plot).__name__ for plot in plots}
            chart = "AttributionPlot" if attribution else "TornadoPlot" if tornado else None
            assert ("RevenueMapPlot" in kinds) is (chart is None)
            assert chart is None or chart in kinds
        finally:
            page.close()


def test_a_brief_takes_one_analysis_chart(qt_app: object) -> None:
    with pytest.raises(ValueError, match="one analysis chart"):
        ExportOptions(attribution=True, tornado=True)


def _media_box_pt(pdf: bytes) -> tuple[float, float]:
    found = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert found is not None
    return float(found.group(1)), float(found.group(2))


@pytest.mark.parametrize(("paper", "size_pt"), [("a4", (595.3, 841.9)), ("letter", (612, 792))])
def test_the_pdf_brief_is_a_real_paper_page(
    qt_app: object, paper: str, size_pt: tuple[float, float]
) -> None:
    options = ExportOptions(paper=paper, bands=True, tornado=True)
    pdf = figure_bytes(SCENARIO, "brief", "pdf", banner="DRAFT", options=options)
    width, height = _media_box_pt(pdf)
    assert abs(width - size_pt[0]) < 1.0 and abs(height - size_pt[1]) < 1.0
    one_plot = _media_box_pt(figure_bytes(SCENARIO, "tornado", "pdf"))
    assert one_plot[0] < 13.5 / 2.54 * 72  # one plot keeps its own size


def test_bands_and_pins_follow_the_options(three_pins: list[Pin]) -> None:
    answer = answer_of(SCENARIO, pins=three_pins, grid=True)
    view = view_of(answer, three_pins, compared_pin=1)
    for bands, pins in ((True, True), (False, False)):
        options = ExportOptions(bands=bands, pins=pins)
        page = Page("brief", answer, view, options)
        try:
            plots = [b.plot for b in page.blocks if isinstance(b, _PlotBlock)]
            timeline = next(plot for plot in plots if isinstance(plot, TimelinePlot))
            assert timeline.band.isVisible() is bands
            assert page.view.bands is bands
            assert len(page.answer.pins) == len(page.view.pins) == (3 if pins else 0)
            assert sum(curve.isVisible() for curve in timeline.pin_curves) == (3 if pins else 0)
        finally:
            page.close()


def test_the_brief_states_the_range_the_verdict_and_the_weak_point(qt_app: object) -> None:
    svg = figure_bytes(SCENARIO, "brief", "svg", options=ExportOptions(bands=True)).decode()
    text = re.sub(r"<[^>]+>", "", svg)
    assert "5-95" in text and "Monte Carlo draws" in text
    assert "Robust" in text
    assert "The result moves most with" in text


def test_a_counterfactual_brief_shows_the_record_difference_and_the_fit(qt_app: object) -> None:
    scenario = (
        record_scenario()
        .with_values({"border_laxity": 5.0})
        .branched("2018-06", record=record_scenario)
    )
    assert scenario.branch == "2018-06"
    svg = figure_bytes(scenario, "brief", "svg", period=Period.year(2019)).decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", svg).split()).replace("\u2060", "")
    assert re.search(r"Net change in 2019 [+−]\$[\d.,]+ (m|bn) vs the record: [+−]\$[\d.,]+ (m|bn)",
                     text)  # fmt: skip
    assert "The record preset reproduces" in text


def test_svg_text_names_a_real_font_with_fallbacks(qt_app: object) -> None:
    svg = figure_bytes(SCENARIO, "brief", "svg").decode()
    families = set(re.findall(r'font-family="([^"]*)"', svg))
    assert families
    for family in families:
        names = [name.strip().strip("'") for name in family.split(",")]
        assert "Sans Serif" not in names
        assert names[-len(FONT_FALLBACKS) :] == list(FONT_FALLBACKS) or names[-1] == "sans-serif"
    sizes_px = [float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)]
    assert min(sizes_px) >= MIN_FONT_PT / 72 * logical_dpi() - 0.01  # no text under 7.5 pt


def test_the_page_names_sources_briefly_and_the_pdf_cites_them_in_full(qt_app: object) -> None:
    """On the page: who published each baseline source and when, and how many stand behind the
    customs points and the sanctions dates; every one in full on the PDF's next page and in the
    file's description."""
    page = Page("brief", answer_of(SCENARIO), pdf=True)
    try:
        on_page = page.caption.html(FULL_LIST_IN_PDF)
        assert "http" not in on_page and "Nikkei Asian Review" in on_page
        assert "China's customs points" in on_page and "page 2" in on_page
        full = page.caption.references_html()
        for entry in baseline_sources():
            address = entry.rsplit(", ", 1)[-1]  # a URL, or 'URL not recorded'
            assert html.escape(address) in full and address in page.caption.plain()
    finally:
        page.close()
    pdf = figure_bytes(SCENARIO, "brief", "pdf")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2


def test_the_half_width_waterfalls_category_names_do_not_run_into_each_other(
    qt_app: object,
) -> None:
    """At half the page the six step names are set smaller, and hyphenated, to stay apart."""
    page = Page("brief", answer_of(SCENARIO), options=ExportOptions(paper="letter"))
    try:
        [waterfall] = [
            b.plot
            for b in page.blocks
            if isinstance(b, _PlotBlock) and isinstance(b.plot, WaterfallPlot)
        ]
        assert_category_names_apart(waterfall)
    finally:
        page.close()


def test_a_brief_that_cannot_fit_is_scaled_onto_its_paper(
    qt_app: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety net behind the fit: were the rows' least heights more than the page holds,
    the PDF would place the brief scaled down inside the margins, never past them."""
    from dataclasses import replace

    from dprk_explorer.gui.export import page as page_module

    tall = tuple(replace(row, minimum_cm=20.0, preferred_cm=20.0) for row in page_module.BRIEF_ROWS)
    monkeypatch.setattr(page_module, "BRIEF_ROWS", tall)
    page = Page("brief", answer_of(SCENARIO))
    try:
        printable = page.printable
        assert printable is not None and page.height > printable.height()
        assert page.fit_scale == pytest.approx(printable.height() / page.height)
        assert page.height * page.fit_scale <= printable.height() + 0.5
    finally:
        page.close()


EDGE_BRANCH = (
    record_scenario()
    .branched("2018-06", record=record_scenario)
    .with_step("border_laxity", "2018-06", 5.0)
)


@pytest.mark.parametrize(
    ("scenario", "period"),
    [(EDGE_BRANCH, Period()), (EDGE_BRANCH, Period.span(2017, 2020)), (SCENARIO, Period())],
    ids=["record branch, setting at the map's edge", "the same, 2017-2020", "stylised"],
)
def test_the_briefs_map_labels_lie_inside_its_narrow_map(
    qt_app: object, scenario: Scenario, period: Period
) -> None:
    """The brief's map is narrow: its notes and the setting's name ("setting in force,
    2017-2020") take more lines rather than run out of the map (they were cut at its edge),
    and none covers another."""
    from dprk_explorer.gui.plots.revenue_map import RevenueMapPlot, drawn_size

    page = Page(
        "brief",
        answer_of(scenario, period, analysis=True, grid=True),
        options=ExportOptions("a4", True, True, False, False),
    )
    try:
        (plot,) = [
            b.plot
            for b in page.blocks
            if isinstance(b, _PlotBlock) and isinstance(b.plot, RevenueMapPlot)
        ]
        view = plot.getPlotItem().getViewBox()
        area = view.sceneBoundingRect()
        labels = [
            label
            for label in (plot.marker_label, plot.contour_label, plot.contour_note)
            if label.isVisible()
        ]
        assert plot.marker_label in labels
        boxes = []
        for label in labels:
            size = drawn_size(label)
            box = label.rect()
            scale = label.scale()
            drawn = type(box)(box.left() * scale, box.top() * scale, size.width(), size.height())
            boxes.append(drawn.translated(view.mapViewToScene(label.pos())))
        for label, box in zip(labels, boxes, strict=True):
            assert area.adjusted(-0.5, -0.5, 0.5, 0.5).contains(box), (
                f"{label.toPlainText()!r} runs out of the brief's map"
            )
        for a, b in itertools.combinations(boxes, 2):
            assert not a.intersects(b)
    finally:
        page.close()


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_waterfalls_numbers_and_title_stand_apart_for_a_long_span(
    qt_app: object, paper: str
) -> None:
    """The waterfall's title on two lines ran into "−10,000" for 2021-2025: a printed axis kept
    its fixed width whatever its numbers needed. Now it is as wide as they and its title are."""
    period = Period.parse("2021-2025")
    page = Page("brief", answer_of(record_scenario(), period), options=ExportOptions(paper=paper))
    try:
        [waterfall] = [
            b.plot
            for b in page.blocks
            if isinstance(b, _PlotBlock) and isinstance(b.plot, WaterfallPlot)
        ]
        axis = waterfall.getPlotItem().getAxis("left")
        title = axis.label.mapRectToParent(axis.label.boundingRect())
        numbers = drawn_tick_boxes(axis)
        assert any("10,000" in text for _box, text in numbers), numbers  # the case in point
        for box, text in numbers:
            assert not title.intersects(box), (text, box, title)
    finally:
        page.close()

"""The brief is one page a reader can trust (issue #22): every figure on it (the headline, the
text, the range and where the net change lies against it, what each source accounts for, the
plots' labels, the tornado and the map) is the one `Answer`'s for the period chosen, and the
caption, the key numbers and the data export state the same numbers.

The case is the analyst's: the record, branched at 2018-06 with border laxity 5 %, in 2019."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtWidgets

from dprk_explorer.gui.application import application
from dprk_explorer.gui.export.figure import render_figure
from dprk_explorer.gui.export.options import ExportOptions
from dprk_explorer.gui.export.page import Page, _PlotBlock, _TextBlock
from dprk_explorer.gui.export.tables import write_data
from dprk_explorer.gui.io.embedded_scenario import scenario_from_file
from dprk_explorer.gui.plots.base import StyledPlot, walk
from dprk_explorer.gui.plots.revenue_map import COMPLIANCE, LAXITY, RevenueMapPlot
from dprk_explorer.gui.plots.timeline import TimelinePlot, period_span
from dprk_explorer.gui.plots.tornado import TornadoPlot
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.answer_words import BAND_POSITION_WORDS
from dprk_explorer.gui.text.caption import key_numbers, make_caption
from dprk_explorer.gui.text.names import source_label
from dprk_explorer.model.answer import Answer
from dprk_explorer.model.core.period import Period
from tests.gui.answer_helpers import YEAR_2019, answer_of, tight_border, tight_branch, view_of
from tests.gui.export import poppler

SPAN = Period.span(2017, 2020)
#: '−$2.54 bn', '+$38 m', '$0 m': a figure as the page prints it.
USD = r"[−+]?\$[\d.,]+ (?:m|bn)"
#: Where 2016 would be named as the base of a year's figures (it never is: issue #22).
BASE_2016 = re.compile(
    r"(?:against|vs\.?|in|from|than|with)\s+(?:the\s+)?2016\b|2016 (?:baseline|level)|\(2016:"
)


@pytest.fixture(scope="module")
def qt_app() -> Iterator[QtWidgets.QApplication]:
    yield application()


def plain(text: str) -> str:
    """Text as a reader sees it: no word joiners or no-break spaces, ligatures undone."""
    text = unicodedata.normalize("NFKC", text).replace("\u2060", "").replace("\u00a0", " ")
    return " ".join(text.split())


def page_text(page: Page) -> str:
    """Everything the page writes: its text blocks and the headline strip."""
    parts = [b.document.toPlainText() for b in page.blocks if isinstance(b, _TextBlock)]
    parts += [f"{h.caption} {h.value} {h.detail}" for h in page.headlines]
    return plain(" ".join(parts))


def plots(page: Page) -> list[tuple[str, StyledPlot]]:
    """Each plot with the title the page draws above it."""
    out = []
    for block in page.blocks:
        if isinstance(block, _PlotBlock):
            title = next(
                b.document.toPlainText()
                for b in page.blocks
                if isinstance(b, _TextBlock)
                and abs(b.rect.left() - block.rect.left()) < 0.5
                and abs(b.rect.bottom() - block.rect.top()) < 0.5
            )
            out.append((plain(title), block.plot))
    return out


def axis_labels(plot: StyledPlot) -> list[str]:
    """Every axis label the plot draws (its own axes and a colour scale's)."""
    return [
        plain(re.sub(r"<[^>]+>", " ", item.labelText))
        for item in walk(plot.getPlotItem())
        if hasattr(item, "labelText") and item.labelText and item.isVisible()
    ]


def amount(text: str) -> float:
    """'−$2.54 bn' -> -2540.0 (USD m), as printed."""
    sign = -1.0 if text[0] == "−" else 1.0
    number = float(re.sub(r"[^\d.]", "", text.split()[0]))
    return sign * number * (1000.0 if text.endswith("bn") else 1.0)


def brief(answer: Answer, **options: object) -> Page:
    return Page("brief", answer, view_of(answer), ExportOptions(**options))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def year_answer(qt_app: object) -> Answer:
    return answer_of(tight_branch(), YEAR_2019, analysis=True, grid=True)


@pytest.fixture(scope="module")
def year_brief(year_answer: Answer) -> Iterator[Page]:
    page = brief(year_answer)
    yield page
    page.close()


def test_the_brief_draws_the_answer_it_is_given(year_answer: Answer, year_brief: Page) -> None:
    """A fresh analysis and the map for the period are the answer's own, not recomputed."""
    assert year_brief.answer.analysis is year_answer.analysis
    assert year_brief.answer.grid is year_answer.grid
    assert year_brief.answer.period == year_brief.view.period == YEAR_2019


def test_a_moment_old_analysis_is_never_printed(year_answer: Answer) -> None:
    """The window may hold the analysis of the scenario a moment ago (greyed there): the brief
    states its own scenario's and period's, computed for it."""
    other = answer_of(tight_border(), YEAR_2019, analysis=True)
    stale = year_answer.with_analysis(other.analysis, fresh=False)
    page = brief(stale)
    try:
        analysis = page.answer.analysis
        assert analysis is not None and page.answer.analysis_fresh
        assert analysis.scenario.same_values(year_answer.scenario)
        assert analysis.period == YEAR_2019
        assert year_answer.analysis is not None
        bans = year_answer.analysis.attribution.shapley_usd_m["bans"]
        assert f"account for {fmt.usd(bans, signed=True)}" in page_text(page)
    finally:
        page.close()


def test_the_headline_and_text_state_the_answers_figures_for_the_year(
    year_answer: Answer, year_brief: Page
) -> None:
    answer = year_answer
    result = answer.result
    captions = [h.caption for h in year_brief.headlines]
    assert captions == [
        "Net change in 2019",
        "Blocked by the bans",
        "Won back of that",
        "Total revenue in 2019",
    ]
    values = [h.value for h in year_brief.headlines]
    assert values[0] == fmt.usd(answer.net_change_usd_m, signed=True)
    assert values[1] == fmt.usd(result.blocked_total_usd_m)
    assert values[3] == fmt.usd(answer.total_usd_m)
    assert answer.vs_record_usd_m is not None
    assert year_brief.headlines[0].detail == (
        f"vs the record: {fmt.usd(answer.vs_record_usd_m, signed=True)}"
    )
    text = page_text(year_brief)
    assert (
        f"Against no sanctions, 2019 ({fmt.usd(answer.base_total_usd_m)}), its total revenue "
        f"changes by {fmt.usd(answer.net_change_usd_m, signed=True)} in 2019"
    ) in text
    assert f"the bans block {fmt.usd(result.blocked_total_usd_m)} in 2019" in text
    # the levers in force in 2019 (laxity 5 % from the branch), not the first schedule value
    assert "5 % border laxity" in text and answer.levers_in_force[LAXITY] == 5.0
    title = plain(year_brief.blocks[0].document.toPlainText())  # type: ignore[attr-defined]
    assert title.startswith(answer.scenario.name)
    assert title.endswith("North Korea's revenue against no sanctions, 2019")


def test_the_text_states_the_range_and_where_the_net_change_lies_against_it(
    year_answer: Answer, year_brief: Page
) -> None:
    answer = year_answer
    assert answer.analysis is not None
    bands = answer.analysis.bands
    position = answer.band_position("net_change")
    assert position is not None
    text = page_text(year_brief)
    low, high = (
        fmt.usd(bands.net_change_p5, signed=True),
        fmt.usd(bands.net_change_p95, signed=True),
    )
    found = re.search(rf"the net change in 2019 runs from ({USD}) to ({USD})", text)
    assert found is not None and found.groups() == (low, high)
    said = f"as set ({fmt.usd(answer.net_change_usd_m, signed=True)}) it lies "
    assert said + BAND_POSITION_WORDS[position] in text
    # and that is true of the numbers printed
    inside = amount(low) <= amount(fmt.usd(answer.net_change_usd_m)) <= amount(high)
    assert (position == "inside") is inside


@pytest.mark.parametrize("where", ["below", "above"])
def test_a_net_change_outside_its_range_is_said_to_lie_outside(
    year_answer: Answer, where: str
) -> None:
    """Were the net change as set outside its 5-95 % range, the text would say so: it never
    claims the figure lies between the range's ends."""
    analysis = year_answer.analysis
    assert analysis is not None
    net = year_answer.net_change_usd_m
    shift = 100.0 if where == "below" else -300.0
    bands = dataclasses.replace(
        analysis.bands, net_change_p5=net + shift, net_change_p95=net + shift + 200.0
    )
    moved = year_answer.with_analysis(dataclasses.replace(analysis, bands=bands))
    assert moved.band_position("net_change") == where
    text = plain(key_numbers(moved, brief=True))
    assert f"it lies {where} its 5-95 % range" in text
    assert "inside its 5-95 % range" not in text


def test_the_shares_sum_to_the_net_change_and_the_bans_share_is_named(
    year_answer: Answer, year_brief: Page
) -> None:
    analysis = year_answer.analysis
    assert analysis is not None
    shares = analysis.attribution.shapley_usd_m
    text = page_text(year_brief)
    found = re.search(rf"Of the net change in 2019 \(({USD})\), (.*?) \(Shapley values", text)
    assert found is not None, text
    net, listed = found.groups()
    assert net == fmt.usd(year_answer.net_change_usd_m, signed=True)
    parts = re.split(r", | and ", listed)
    named = {}
    for part in parts:
        match = re.fullmatch(rf"(.+?) (?:accounts? )?for ({USD})", part)
        assert match is not None, part
        named[match[1]] = amount(match[2])
    assert set(named) == {source_label(source) for source in shares}  # levers and other sources
    # every share as printed, summed, is the net change as printed (to the rounding)
    rounding = sum(5.0 if abs(v) >= 1000 else 0.5 for v in named.values()) + 5.0
    assert sum(named.values()) == pytest.approx(amount(net), abs=rounding)
    assert f"the bans as written account for {fmt.usd(shares['bans'], signed=True)}" in text


def test_every_figure_on_the_brief_is_for_the_year(year_answer: Answer, year_brief: Page) -> None:
    """Each plot's title or value axis names 2019, the map is 2019's with the setting in force
    in 2019 marked, the timeline shades 2019, and no label names 2016 as a base."""
    drawn = plots(year_brief)
    assert len(drawn) == 4
    for title, plot in drawn:
        labels = axis_labels(plot)
        assert "2019" in title or any("2019" in label for label in labels), (title, labels)
        if not isinstance(plot, TimelinePlot):
            assert not any("2016" in text for text in [title, *labels]), (title, labels)
    (timeline,) = [p for _t, p in drawn if isinstance(p, TimelinePlot)]
    assert timeline.period_region.isVisible()
    assert timeline.period_region.getRegion() == pytest.approx(period_span(YEAR_2019))
    (title, revenue_map) = next((t, p) for t, p in drawn if isinstance(p, RevenueMapPlot))
    assert isinstance(revenue_map, RevenueMapPlot)
    assert revenue_map.grid is year_answer.grid
    assert revenue_map.grid is not None and revenue_map.grid.period == YEAR_2019
    x, y = revenue_map.marker.getData()
    assert (float(x[0]), float(y[0])) == (
        year_answer.levers_in_force[COMPLIANCE],
        year_answer.levers_in_force[LAXITY],
    )


def test_the_tornado_on_the_brief_is_for_the_year(year_answer: Answer) -> None:
    page = brief(year_answer, tornado=True)
    try:
        (tornado,) = [p for _t, p in plots(page) if isinstance(p, TornadoPlot)]
        assert axis_labels(tornado) == ["Net change (USD m in 2019)"]
        analysis = year_answer.analysis
        assert analysis is not None and analysis.tornado.period == YEAR_2019
        assert (
            tornado.shown_rows
            == [b.parameter for b in analysis.tornado.bars if b.moves][: len(tornado.shown_rows)]
        )
    finally:
        page.close()


def test_no_2016_is_named_as_the_base_in_year_mode(year_answer: Answer, year_brief: Page) -> None:
    text = page_text(year_brief)
    assert not BASE_2016.search(text), BASE_2016.search(text)
    assert not any("2016" in f"{h.caption} {h.value} {h.detail}" for h in year_brief.headlines)
    assert "no sanctions, 2019" in text
    caption = make_caption(year_answer)  # its sources' titles may name 2016: not a base
    assert not BASE_2016.search(plain(f"{caption.headline} {caption.settings_text}"))
    clipboard = plain(key_numbers(year_answer))
    assert not BASE_2016.search(clipboard)


def test_the_key_numbers_caption_and_data_export_agree_with_the_brief(
    year_answer: Answer, year_brief: Page, tmp_path: Path
) -> None:
    """One set of numbers: the brief's paragraph is the key numbers' (less the record's
    difference its headline shows and the signature its caption gives); a single plot's caption
    states the headline for 2019; the data export's figures sheet holds the same values, each
    printed on the brief as the export has it."""
    import pandas as pd

    summary = plain(year_brief.caption.summary)
    clipboard = plain(key_numbers(year_answer))
    assert summary == plain(key_numbers(year_answer, brief=True))
    for sentence in re.split(r"(?<=\.) (?=[A-Z])", summary):
        assert sentence in clipboard, sentence
    caption = plain(make_caption(year_answer).headline)
    assert f"net revenue change {fmt.usd(year_answer.net_change_usd_m, signed=True)} in 2019" in (
        caption
    )
    assert "against no sanctions, 2019" in caption

    out = tmp_path / "tables.xlsx"
    write_data(out, year_answer)
    sheets = pd.read_excel(out, sheet_name=None)
    figures = dict(zip(sheets["figures"]["figure"], sheets["figures"]["value"], strict=True))
    assert figures["period"] == "2019" or figures["period"] == 2019
    assert figures["base"] == "no sanctions, 2019"
    text = page_text(year_brief)
    for key in (
        "net_change_usd_m",
        "total_scenario_usd_m",
        "blocked_total_usd_m",
        "recovered_total_usd_m",
        "vs_record_usd_m",
        "net_change_p5_usd_m",
        "net_change_p95_usd_m",
        "attribution_bans_usd_m",
        "attribution_coal_ban_compliance_usd_m",
    ):
        value = float(figures[key])
        assert fmt.usd(value) in text or fmt.usd(value, signed=True) in text, key
    assert figures["net_change_in_band"] == year_answer.band_position("net_change")
    assert float(figures["net_change_usd_m"]) == pytest.approx(year_answer.net_change_usd_m)
    channels = sheets["channels"]
    assert list(channels["scenario_usd_m"]) == pytest.approx(
        list(year_answer.result.scenario_usd_m)
    )


def test_the_pdf_brief_prints_the_data_exports_numbers(year_answer: Answer, tmp_path: Path) -> None:
    """End to end: the PDF's first page, read back as text, carries the figures the data
    export writes for the same answer."""
    import pandas as pd

    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(render_figure("brief", "pdf", year_answer, view_of(year_answer)))
    printed = plain(poppler.page_text(pdf, 1))
    write_data(tmp_path / "t.csv", year_answer)
    figures = pd.read_csv(tmp_path / "t_figures.csv").set_index("figure")["value"]
    for key in ("net_change_usd_m", "total_scenario_usd_m", "attribution_bans_usd_m"):
        value = float(figures[key])
        assert fmt.usd(value) in printed or fmt.usd(value, signed=True) in printed, key
    assert "Net change in 2019" in printed and "no sanctions, 2019" in printed


def test_a_span_brief_is_for_the_span(qt_app: object) -> None:
    answer = answer_of(tight_branch(), SPAN, analysis=True, grid=True)
    page = brief(answer)
    try:
        text = page_text(page)
        assert "Net change in 2017-2020" in text and "no sanctions, 2017-2020" in text
        assert f"changes by {fmt.usd(answer.net_change_usd_m, signed=True)}" in text
        assert "(mean) border laxity" in text  # 25 % to mid-2018, then 5 %: its mean in force
        for title, plot in plots(page):
            assert "2017-2020" in title or any("2017-2020" in s for s in axis_labels(plot))
    finally:
        page.close()


def test_the_title_notes_and_embedded_scenario_are_the_answers(
    year_answer: Answer, tmp_path: Path
) -> None:
    """Renamed in the window (the evaluation unchanged), the brief says the new name and carries
    the new notes: it reads the answer's scenario."""
    renamed = year_answer.scenario.renamed("Tight border after Singapore", "Dandong inspects.")
    answer = dataclasses.replace(year_answer, scenario=renamed)
    png = tmp_path / "brief.png"
    png.write_bytes(render_figure("brief", "png", answer, view_of(answer), dpi=50))
    reopened = scenario_from_file(png)
    assert reopened.name == "Tight border after Singapore"
    assert reopened.notes == "Dandong inspects."
    page = brief(answer)
    try:
        assert page_text(page).startswith("Tight border after Singapore")
        assert page.caption.scenario == "Tight border after Singapore"
    finally:
        page.close()


def test_the_brief_names_the_basis_of_each_smuggling_figure(
    year_answer: Answer, year_brief: Page
) -> None:
    """Issue 23: smuggling is receipts at the smuggling price; the Panel of Experts' USD 370 m
    is the coal at the month's coal price. The brief says which figure is on which basis, with
    the wording the model declares once (SMUGGLING_BASES), and the market value the answer's."""
    from dprk_explorer.model.answer import SMUGGLING_BASES

    text = page_text(year_brief)
    receipts = fmt.usd(year_answer.smuggling_receipts_usd_m)
    market = year_answer.smuggled_coal_market_usd_m
    assert market is not None and market > year_answer.smuggling_receipts_usd_m / 10
    assert f"smuggling {receipts} ({SMUGGLING_BASES['receipts'][1]};" in text
    assert f"{SMUGGLING_BASES['coal_market'][1]}: {fmt.usd(market)})" in text
    # the headline keeps the routes China's enforcement governs apart from the others
    governs = fmt.usd(year_answer.recovered_china_governs_usd_m)
    others = fmt.usd(year_answer.recovered_not_china_usd_m)
    assert f"China's routes {governs}, others {others}" in text

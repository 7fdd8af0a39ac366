"""The brief for 2024 and for 2021-2025 names what won back the coal loss by route, split into
the routes China's enforcement governs and those it does not, each group's sum and each route's
amount from the Answer, and for a single year each new route's 5-95 % range (issue 24). Read
from the text the page draws."""

from __future__ import annotations

import re

import pytest

from dprk_explorer.gui.application import application
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.text.labels import ROUTE_LABELS
from dprk_explorer.model.analysis.bands import BAND_FIGURES
from dprk_explorer.model.core.flows import ROUTE_CHINA_GOVERNS
from dprk_explorer.model.core.period import Period
from dprk_explorer.model.core.timeline import YEARS
from tests.gui.answer_helpers import answer_of, record
from tests.gui.export.test_brief_answer import brief, page_text, plain


@pytest.mark.parametrize("period", [Period.year(2024), Period.span(2021, 2025)])
def test_the_brief_names_each_route_in_its_group_with_the_answers_figures(
    period: Period,
) -> None:
    application()
    found, _ = record()
    answer = answer_of(found.scenario, period, analysis=True)
    page = brief(answer)
    try:
        text = plain(page_text(page))
    finally:
        page.close()
    governed_usd = fmt.usd(answer.recovered_china_governs_usd_m)
    governs = f"routes China's enforcement governs win back {governed_usd} ("
    does_not = f" and routes it does not {fmt.usd(answer.recovered_not_china_usd_m)} ("
    assert governs in text and does_not in text, text
    start = text.index(governs)
    middle = text.index(does_not, start)
    end = text.index(": together", middle)
    groups = {True: text[start:middle], False: text[middle:end]}
    won = answer.result.recovered_usd_m
    for route, china in ROUTE_CHINA_GOVERNS.items():
        label = ROUTE_LABELS[route]
        named = f"{label[:1].lower()}{label[1:]} {fmt.usd(won[route])}"
        assert named in groups[china], (route, groups[china])
        assert named not in groups[not china]
    # A single year gives each route that is a path figure of its own its 5-95 % range.
    cyber = groups[False]
    ranged = re.search(r"cyber theft \$[\d.,]+ (?:m|bn) \(5-95 %: ([^)]*)\)", cyber)
    year = period.single_year
    if year is None:
        assert ranged is None  # a span's range is not the sum of its years' ranges
    else:
        bands = answer.analysis.bands  # type: ignore[union-attr]
        k, i = BAND_FIGURES.index("cyber_theft_usd_m"), YEARS.index(year)
        low, high = bands.figures_by_year_p5[k, i], bands.figures_by_year_p95[k, i]
        assert ranged is not None and ranged.group(1) == f"{fmt.usd(low)}-{fmt.usd(high)}"

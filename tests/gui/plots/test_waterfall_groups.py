"""The waterfall keeps the routes China's enforcement governs apart from those it does not
(issue 24): a divider between the two groups and a caption over each, from the model's
ROUTE_CHINA_GOVERNS; and its nine tick names side by side without overlap in a quarter of a
1366×768 window. Read from the drawn divider, caption texts and the axis's draw specs."""

from __future__ import annotations

import itertools

import pytest
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.export.plot_fit import drawn_tick_boxes
from dprk_explorer.gui.plots.waterfall import WaterfallPlot
from dprk_explorer.gui.text.labels import STEP_LABELS
from dprk_explorer.gui.view_state import View
from dprk_explorer.model import Scenario, evaluate
from dprk_explorer.model.answer import Answer
from dprk_explorer.model.core.flows import ROUTE_CHINA_GOVERNS
from dprk_explorer.model.core.period import Period
from tests.gui.plots.test_channels_compared import settle_layout
from tests.gui.plots.test_scale_and_ticks import drawn_tick_strings


def drawn(qtbot: QtBot, width: int, height: int) -> WaterfallPlot:
    plot = WaterfallPlot()
    qtbot.addWidget(plot)
    plot.resize(width, height)
    plot.show()
    qtbot.waitExposed(plot)
    answer = Answer.of(evaluate(Scenario.default()), Period.year(2024))
    plot.show_answer(answer, View())
    settle_layout(plot)
    plot.show_answer(answer, View())
    return plot


def column_x(plot: WaterfallPlot) -> dict[str, float]:
    """Each drawn column's x, found by its tick name."""
    (ticks,) = plot.getPlotItem().getAxis("bottom")._tickLevels
    names = {label.replace(" ", "\n", 1): step for step, label in STEP_LABELS.items()}
    return {names[text]: x for x, text in ticks if text in names}


def test_a_divider_and_a_caption_keep_the_two_groups_of_routes_apart(qtbot: QtBot) -> None:
    plot = drawn(qtbot, 683, 384)
    xs = column_x(plot)
    governed = [xs[r] for r, yes in ROUTE_CHINA_GOVERNS.items() if yes]
    others = [xs[r] for r, yes in ROUTE_CHINA_GOVERNS.items() if not yes]
    assert governed and others
    divider = plot.divider.value()
    assert plot.divider.isVisible()
    assert max(governed) < divider < min(others)
    top = plot.getPlotItem().getViewBox().viewRange()[1][1]
    for key, group, words in (
        ("governed", governed, "routes China's enforcement governs"),
        ("not_governed", others, "routes it does not"),
    ):
        caption = plot.captions[key]
        assert caption.isVisible()
        assert " ".join(caption.toPlainText().split()) == words
        x = caption.pos().x()
        assert min(group) <= x <= max(group), (key, x, group)
        assert caption.pos().y() == pytest.approx(top)
    # The captions sit on either side of the divider, and over no value label.
    boxes = [c.sceneBoundingRect() for c in plot.captions.values()]
    for label in plot.value_labels:
        assert not any(label.sceneBoundingRect().intersects(b) for b in boxes), label.toPlainText()


@pytest.mark.parametrize("size", [(683, 384), (510, 290)])
def test_nine_tick_names_do_not_overlap_in_a_quarter_of_the_window(
    qtbot: QtBot, size: tuple[int, int]
) -> None:
    plot = drawn(qtbot, *size)
    texts = drawn_tick_boxes(plot.getPlotItem().getAxis("bottom"))
    assert len(texts) == len(plot.labels) == 9, drawn_tick_strings(plot, "bottom")
    rects = sorted((rect for rect, _text in texts), key=lambda r: r.left())
    for left, right in itertools.pairwise(rects):
        assert left.right() <= right.left(), (left, right)

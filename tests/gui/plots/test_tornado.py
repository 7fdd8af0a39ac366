"""The tornado reads at any size: as many of the widest rows as hold their labels clear of the
next bar, a note of what is left out ("Not shown: 13 smaller, 6 with no effect"), and an axis
spanning every bar without forcing zero in (a net change of −$2.75 bn left bars of ±$150 m a
sliver at the left of a −3,000..0 axis)."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from PySide6 import QtCore
from pytestqt.qtbot import QtBot

from dprk_explorer.gui import palette
from dprk_explorer.gui.plots.items import ValueLabel
from dprk_explorer.gui.plots.tornado import (
    MIN_BAR_PX,
    TornadoPlot,
    fit_rows,
    omitted_note,
    spread_limits,
)
from dprk_explorer.gui.view_state import View
from dprk_explorer.model import PARAMETERS, PRESETS, Scenario
from dprk_explorer.model.analysis.tornado import Tornado, tornado
from dprk_explorer.model.answer import Answer
from dprk_explorer.model.record.record import record_scenario
from tests.gui.answer_helpers import answer_of


def record_branch() -> Scenario:
    """The record with border laxity 5 % from 2018-06: a net change of about −$2.75 bn."""
    return (
        record_scenario()
        .with_values({"border_laxity": 5.0})
        .branched("2018-06", record=record_scenario)
    )


@pytest.fixture(scope="module")
def branch_chart() -> Tornado:
    return tornado(record_branch())


def answer_showing(chart: Tornado) -> Answer:
    """An answer whose analysis holds `chart` as its tornado (what the plot draws)."""
    answer = answer_of(record_branch(), analysis=True)
    assert answer.analysis is not None
    return answer.with_analysis(replace(answer.analysis, tornado=chart))


def shown_at(qtbot: QtBot, chart: Tornado, width: int, height: int) -> TornadoPlot:
    palette.configure_pyqtgraph()
    plot = TornadoPlot()
    qtbot.addWidget(plot)
    plot.resize(width, height)
    plot.show()
    qtbot.waitExposed(plot)
    plot.show_answer(answer_showing(chart), View())
    plot.getPlotItem().layout.activate()
    return plot


def label_box(plot: TornadoPlot, label: ValueLabel) -> QtCore.QRectF:
    """Where a label is drawn, in scene pixels (it ignores the view's scaling)."""
    view = plot.getPlotItem().getViewBox()
    box, scale = label.rect(), label.scale()
    drawn = QtCore.QRectF(box.topLeft() * scale, box.size() * scale)
    return drawn.translated(view.mapViewToScene(label.pos()))


def bar_boxes(plot: TornadoPlot) -> list[QtCore.QRectF]:
    """Every drawn bar, low and high, in scene pixels."""
    view = plot.getPlotItem().getViewBox()
    boxes = []
    for bars in (plot.low_bars, plot.high_bars):
        opts = bars.opts
        for x0, y, width in zip(opts["x0"], opts["y"], opts["width"], strict=True):
            height = float(opts["height"])
            a = view.mapViewToScene(QtCore.QPointF(float(x0), float(y) - height / 2))
            b = view.mapViewToScene(QtCore.QPointF(float(x0) + float(width), float(y) + height / 2))
            boxes.append(QtCore.QRectF(a, b).normalized())
    return boxes


def shown_labels(plot: TornadoPlot) -> list[ValueLabel]:
    labels = [label for label in plot.row_labels if label.isVisible()]
    return labels + ([plot.omitted] if plot.omitted.isVisible() else [])


def assert_readable(plot: TornadoPlot) -> None:
    """No label covers another label or a bar, and every label lies inside the view."""
    area = plot.getPlotItem().getViewBox().sceneBoundingRect().adjusted(-0.5, -0.5, 0.5, 0.5)
    labels = [label_box(plot, label) for label in shown_labels(plot)]
    for box in labels:
        assert area.contains(box), (box, area)
    for a, b in itertools.combinations(labels, 2):
        assert not a.intersects(b), (a, b)
    for box, bar in itertools.product(labels, bar_boxes(plot)):
        assert not box.intersects(bar), (box, bar)


def test_a_tall_tornado_shows_every_row(qtbot: QtBot, branch_chart: Tornado) -> None:
    plot = shown_at(qtbot, branch_chart, 420, 1000)
    moving = [bar.parameter for bar in branch_chart.bars if bar.moves]
    assert plot.shown_rows == plot.rows == moving
    assert sum(label.isVisible() for label in plot.row_labels) == len(moving)
    # Only the assumptions with no effect are left out, and the note says so.
    assert plot.omitted.toPlainText() == f"Not shown: {len(branch_chart.no_effect)} with no effect"
    assert_readable(plot)


def test_a_short_tornado_shows_the_widest_rows_and_says_what_it_leaves_out(
    qtbot: QtBot, branch_chart: Tornado
) -> None:
    plot = shown_at(qtbot, branch_chart, 300, 300)
    moving = [bar.parameter for bar in branch_chart.bars if bar.moves]
    count = len(plot.shown_rows)
    assert 3 <= count < len(moving)
    assert plot.shown_rows == moving[:count]  # the widest
    texts = [label.toPlainText() for label in plot.row_labels if label.isVisible()]
    assert [text.split(",")[0] for text in texts] == [
        PARAMETERS[pid].short_label for pid in moving[:count]
    ]
    assert plot.omitted.isVisible()
    assert plot.omitted.toPlainText() == (
        f"Not shown: {len(moving) - count} smaller, {len(branch_chart.no_effect)} with no effect"
    )
    # The tooltip names the rows left out.
    assert PARAMETERS[moving[-1]].short_label in plot.toolTip()
    assert_readable(plot)
    # Made taller, it shows more rows, still readable.
    plot.resize(300, 600)
    plot.getPlotItem().layout.activate()
    assert len(plot.shown_rows) > count
    assert_readable(plot)


@pytest.mark.parametrize("scenario", [record_branch(), PRESETS["china_2017_suspension"].scenario])
def test_the_axis_spans_every_bar_and_the_bars_spread_over_it(
    qtbot: QtBot, scenario: Scenario
) -> None:
    chart = tornado(scenario)
    plot = shown_at(qtbot, chart, 300, 300)
    low, high = plot.getPlotItem().getViewBox().viewRange()[0]
    ends = [v for bar in chart.bars for v in (bar.net_at_low_usd_m, bar.net_at_high_usd_m)]
    assert low <= min(ends) and max(ends) <= high  # every bar, drawn or not
    assert (max(ends) - min(ends)) / (high - low) > 0.5  # not a sliver at one side


def test_fit_rows_holds_each_label_between_two_bars() -> None:
    label_px = 17.0
    assert fit_rows(0.0, label_px, 19, 6).count == 19  # not laid out yet: every row
    counts = [fit_rows(px, label_px, 19, 6).count for px in range(60, 900, 20)]
    assert counts == sorted(counts) and counts[0] >= 1 and counts[-1] == 19
    for px in range(60, 900, 20):
        fit = fit_rows(float(px), label_px, 19, 6)
        row_px = px / (fit.count - fit.bar / 2 + fit.bottom)  # the view's span, in rows
        assert fit.bar * row_px >= MIN_BAR_PX - 1e-9
        # The label and its gaps fit between a bar's top and the next bar's bottom.
        assert (1 - fit.bar) * row_px >= label_px + fit.label_gap * row_px - 1e-9
        assert fit.note  # six have no effect


def test_the_note_and_the_limits() -> None:
    assert omitted_note(0, 0) == ""
    assert omitted_note(13, 0) == "Not shown: 13 smaller"
    assert omitted_note(13, 6) == "Not shown: 13 smaller, 6 with no effect"
    low, high = spread_limits(-2943.8, -2683.4)
    assert low <= -2943.8 and high >= -2683.4 and high < 0
    assert (-2683.4 + 2943.8) / (high - low) > 0.6

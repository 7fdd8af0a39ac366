"""Readable at every scale: lines as thick at 2x scaling as at 1x (in logical pixels), and
axis ticks that print numbers the way the labels beside them do (issue 16, parts 8 and 9)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from PySide6 import QtGui, QtWidgets

from dprk_explorer.gui.export.plot_fit import drawn_tick_boxes
from dprk_explorer.gui.plots.base import ReadableAxis, StyledPlot, tick_strings
from dprk_explorer.gui.plots.channels import ChannelPlot
from dprk_explorer.gui.plots.revenue_map import RevenueMapPlot
from dprk_explorer.gui.plots.timeline import TimelinePlot
from dprk_explorer.gui.plots.waterfall import WaterfallPlot
from dprk_explorer.gui.text.format import MINUS
from dprk_explorer.gui.view_state import View
from dprk_explorer.model import Scenario, evaluate
from dprk_explorer.model.answer import Answer
from tests.gui_helpers import app_env

#: Run in a child process at QT_SCALE_FACTOR=2: draws the waterfall and measures, in device
#: pixels, how thick its left axis line is drawn (a run of the axis colour across a row).
MEASURE = textwrap.dedent(
    """
    import json
    from PySide6 import QtCore, QtGui
    from dprk_explorer.gui import palette
    from dprk_explorer.gui.application import application
    from dprk_explorer.gui.plots.waterfall import WaterfallPlot
    from dprk_explorer.gui.view_state import View
    from dprk_explorer.model import Scenario, evaluate
    from dprk_explorer.model.answer import Answer

    app = application()
    plot = WaterfallPlot()
    plot.resize(500, 350)
    plot.show()
    plot.show_answer(Answer.of(evaluate(Scenario.default())), View())
    for _ in range(5):
        app.processEvents()
    image = plot.grab().toImage()
    ratio = image.devicePixelRatio()
    view = plot.getPlotItem().getViewBox().sceneBoundingRect()
    left = plot.mapFromScene(view.topLeft()).x()
    axis = QtGui.QColor(palette.AXIS).rgb() & 0xFFFFFF
    runs = []
    for frac in (0.3, 0.45, 0.55, 0.7):
        row = round((view.top() + frac * view.height()) * ratio)
        xs = range(round((left - 4) * ratio), round((left + 4) * ratio))
        runs.append(sum(1 for x in xs if image.pixel(x, row) & 0xFFFFFF == axis))
    print(json.dumps({"ratio": ratio, "plot_ratio": plot.devicePixelRatioF(),
                      "print_scale": plot.print_scale, "runs": runs}))
    """
)


def test_lines_keep_their_logical_width_at_2x_scaling(tmp_path):
    env = app_env(tmp_path) | {"QT_SCALE_FACTOR": "2"}
    done = subprocess.run(
        [sys.executable, "-c", MEASURE], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["ratio"] == seen["plot_ratio"] == 2.0
    assert seen["print_scale"] == 2.0  # every pen is built at the screen's ratio
    # The 1 px axis line is 2 device pixels thick: 1 logical pixel, not a hairline.
    assert sorted(seen["runs"])[len(seen["runs"]) // 2] == 2, seen


def test_a_screen_plot_builds_its_pens_at_its_device_pixel_ratio(qtbot):
    plot = WaterfallPlot()
    qtbot.addWidget(plot)
    assert plot.print_scale == plot.devicePixelRatioF()
    assert plot.pen("#000000", 1.5).widthF() == pytest.approx(1.5 * plot.devicePixelRatioF())
    printed = WaterfallPlot(print_scale=3.0)
    qtbot.addWidget(printed)
    assert printed.print_scale == 3.0  # an export's painter, whatever the screen


def test_tick_strings_use_a_real_minus_and_thousands_separators():
    assert tick_strings([-1000.0, -500.0, 0.0, 500.0, 1500.0], 1.0, 500.0) == [
        f"{MINUS}1,000",
        f"{MINUS}500",
        "0",
        "500",
        "1,500",
    ]
    assert tick_strings([-0.5, 0.0, 0.5], 1.0, 0.5) == [f"{MINUS}0.5", "0.0", "0.5"]
    assert tick_strings([-0.0001], 1.0, 1.0) == ["0"]  # never "−0"


def drawn_tick_strings(plot: StyledPlot, name: str) -> list[str]:
    """The tick labels the axis draws, from the draw specs pyqtgraph paints them with."""
    return [text for _box, text in drawn_tick_boxes(plot.getPlotItem().getAxis(name))]


def test_the_waterfall_axis_prints_negative_ticks_with_a_real_minus(qtbot):
    plot = WaterfallPlot()
    qtbot.addWidget(plot)
    plot.resize(500, 350)
    plot.show()
    # The net change is about −$466 m: ticks below 0.
    plot.show_answer(Answer.of(evaluate(Scenario.default())), View())
    qtbot.waitExposed(plot)
    ticks = drawn_tick_strings(plot, "left")
    negative = [t for t in ticks if t.startswith(MINUS)]
    assert negative, ticks
    assert not any("-" in t for t in ticks), ticks


@pytest.mark.parametrize("cls", [ChannelPlot, WaterfallPlot, TimelinePlot, RevenueMapPlot])
def test_every_plot_has_readable_value_axes(qtbot, cls):
    plot = cls()
    qtbot.addWidget(plot)
    item = plot.getPlotItem()
    assert isinstance(item.getAxis("left"), ReadableAxis)
    if cls is not TimelinePlot:  # the timeline's bottom axis is a date axis
        assert isinstance(item.getAxis("bottom"), ReadableAxis)


@pytest.mark.parametrize("tick_pt", [None, 12])
def test_the_widest_tick_label_of_a_nine_year_span_shows_whole_beside_the_title(qtbot, tick_pt):
    """The record over 2017-2025 loses about $20 bn: "−30,000" on the waterfall's value axis is
    drawn whole inside the axis, clear of its title, at the app's tick font and a larger one
    (a desktop's bigger font); back to one year, the axis narrows again."""
    from dprk_explorer.model.core.period import Period
    from tests.gui.answer_helpers import answer_of, record, view_of

    plot = WaterfallPlot()
    qtbot.addWidget(plot)
    plot.resize(560, 360)
    axis = plot.getPlotItem().getAxis("left")
    if tick_pt is not None:
        font = QtGui.QFont()
        font.setPointSize(tick_pt)
        axis.setTickFont(font)
    plot.show()
    qtbot.waitExposed(plot)
    scenario = record()[0].scenario
    least = axis.least_width_px

    def drawn(period: Period) -> tuple[list[str], float]:
        answer = answer_of(scenario, period)
        plot.show_answer(answer, view_of(answer))
        for _ in range(3):
            QtWidgets.QApplication.processEvents()
            plot.getPlotItem().layout.activate()
        texts = drawn_tick_boxes(axis)
        metrics = QtGui.QFontMetricsF(axis.style["tickFont"])
        title = axis.label.mapRectToParent(axis.label.boundingRect())
        for rect, text in texts:
            left = rect.right() - metrics.horizontalAdvance(text)  # drawn right-aligned
            assert left >= title.right() - 0.5, (text, left, title.right())
            assert rect.right() <= axis.width(), (text, rect.right(), axis.width())
        return [text for _rect, text in texts], axis.width()

    ticks, wide = drawn(Period.span(2017, 2025))
    assert any(t.startswith(f"{MINUS}30,000") or t.startswith(f"{MINUS}20,000") for t in ticks)
    _, narrow = drawn(Period.year(2016))
    assert narrow <= wide and narrow >= least


def test_the_maps_colour_scale_keeps_its_numbers_clear_of_its_title_at_a_larger_font(qtbot):
    """At 2x scale the colour scale beside the map ran its title through "−10,000" for
    2021-2025: its axis kept a fixed 66 px. It now widens to its numbers and title."""
    from dprk_explorer.model import evaluate_grid
    from dprk_explorer.model.core.period import Period
    from tests.gui.answer_helpers import answer_of, record, view_of, with_grid

    plot = RevenueMapPlot()
    qtbot.addWidget(plot)
    plot.resize(520, 360)
    axis = plot.colour_bar.getAxis("right")
    font = QtGui.QFont()
    font.setPointSize(12)
    axis.setTickFont(font)
    plot.show()
    qtbot.waitExposed(plot)
    scenario = record()[0].scenario
    axis_pct = [0.0, 50.0, 100.0]

    def drawn(period: Period) -> list[str]:
        grid = evaluate_grid(scenario, axis_pct, axis_pct, period=period)
        answer = with_grid(answer_of(scenario, period), grid)
        plot.show_answer(answer, view_of(answer))
        for _ in range(3):
            QtWidgets.QApplication.processEvents()
            plot.getPlotItem().layout.activate()
        metrics = QtGui.QFontMetricsF(axis.style["tickFont"])
        title = axis.label.mapRectToParent(axis.label.boundingRect())
        texts = drawn_tick_boxes(axis)
        for rect, text in texts:
            right = rect.left() + metrics.horizontalAdvance(text)  # drawn left-aligned
            assert right <= title.left() + 0.5, (text, right, title.left())
        return [text for _rect, text in texts]

    assert any("10,000" in text for text in drawn(Period.span(2021, 2025)))
    drawn(Period.year(2018))

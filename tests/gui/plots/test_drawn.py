"""What the plots draw, read from the drawn items and the painted pixels: bar rectangles, value
label texts, the waterfall's hatching, the analysis charts' opacity when stale, the map's contour.

These look at the Qt items a user sees (QGraphicsRectItem geometry, label text, brush style,
opacity, the contour's path), never at shadow copies such as `Bars.opts`
(tests/break_features.py breaks each feature on purpose and checks a test here fails).
"""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtGui
from pytestqt.qtbot import QtBot

import dprk_explorer.model as model
from dprk_explorer.gui import palette
from dprk_explorer.gui.plots.attribution import AttributionPlot
from dprk_explorer.gui.plots.base import AnalysisPlot, ResultPlot, StyledPlot
from dprk_explorer.gui.plots.channels import ChannelPlot
from dprk_explorer.gui.plots.revenue_map import RevenueMapPlot
from dprk_explorer.gui.plots.tornado import TornadoPlot
from dprk_explorer.gui.plots.waterfall import HATCHED_STEPS, WaterfallPlot
from dprk_explorer.gui.text.format import MINUS
from dprk_explorer.model.core.flows import STEP_IDS
from dprk_explorer.model.sources.resources import CHANNEL_IDS
from tests.gui.answer_helpers import answer_of, view_of


def show(plot: StyledPlot, scenario: model.Scenario, **given: bool) -> model.Result:
    """Draw the answer for `scenario` (steady state) on `plot`; its figures."""
    answer = answer_of(scenario, **given)
    plot.show_answer(answer, view_of(answer))  # type: ignore[attr-defined]
    return answer.result


def china_2017() -> model.Scenario:
    return model.PRESETS["china_2017_suspension"].scenario


def shown(qtbot: QtBot, plot: StyledPlot) -> StyledPlot:
    palette.configure_pyqtgraph()
    qtbot.addWidget(plot)
    plot.resize(720, 440)
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def painted(plot: StyledPlot) -> QtGui.QImage:
    """The plot as painted, in device pixels of its widget."""
    plot.getPlotItem().layout.activate()
    return plot.grab().toImage().convertToFormat(QtGui.QImage.Format.Format_RGB32)


def to_widget(plot: StyledPlot, x: float, y: float) -> QtCore.QPoint:
    """A point in data coordinates, in the widget's pixels."""
    scene = plot.getPlotItem().getViewBox().mapViewToScene(QtCore.QPointF(x, y))
    return plot.mapFromScene(scene)


def colours_in(image: QtGui.QImage, centre: QtCore.QPoint, half: int = 6) -> set[tuple[int, ...]]:
    out = set()
    for dx in range(-half, half + 1):
        for dy in range(-half, half + 1):
            c = image.pixelColor(centre.x() + dx, centre.y() + dy)
            out.add((c.red(), c.green(), c.blue()))
    return out


def boxes(rects) -> list[QtCore.QRectF]:
    return [rect.rect() for rect in rects]


# -- channels -------------------------------------------------------------------------------------


def test_channel_bars_are_as_long_as_their_values(qtbot: QtBot) -> None:
    plot = shown(qtbot, ChannelPlot())
    result = show(plot, china_2017())
    for box, value in zip(boxes(plot.scenario.rects), result.scenario_usd_m, strict=True):
        assert box.left() == 0.0
        assert box.width() == pytest.approx(value)
    for box, value in zip(boxes(plot.baseline.rects), result.baseline_usd_m, strict=True):
        assert box.width() == pytest.approx(value)
    # Coal at the top, the scenario's bar just under the baseline's.
    coal = CHANNEL_IDS.index("coal")
    tops = [box.top() for box in boxes(plot.baseline.rects)]
    assert tops[coal] == max(tops)
    assert boxes(plot.scenario.rects)[coal].bottom() == pytest.approx(
        boxes(plot.baseline.rects)[coal].top()
    )


def test_channel_value_labels_print_the_scenario(qtbot: QtBot) -> None:
    plot = shown(qtbot, ChannelPlot())
    result = show(plot, china_2017())  # coal: 1,180 in 2016, 0 in the scenario
    texts = [label.toPlainText() for label in plot.value_labels]
    assert texts == [f"{v:,.0f}" for v in result.scenario_usd_m]
    assert texts[CHANNEL_IDS.index("coal")] == "0"
    # Each label sits beside its scenario bar, just past the end of its row's bars (the
    # no-sanctions bar too where the text would reach it: coal's "0" is not drawn over it).
    bars = zip(boxes(plot.scenario.rects), boxes(plot.baseline.rects), strict=True)
    for label, (box, base) in zip(plot.value_labels, bars, strict=True):
        assert label.isVisible()
        end = max(box.right(), base.right())
        assert box.right() <= label.pos().x() <= end + 0.05 * plot.viewRange()[0][1]
        assert box.top() <= label.pos().y() <= box.bottom()


# -- waterfall ------------------------------------------------------------------------------------


def test_waterfall_bars_span_each_step_and_end_at_the_net_change(qtbot: QtBot) -> None:
    plot = shown(qtbot, WaterfallPlot())
    result = show(plot, china_2017())
    steps = [result.steps_usd_m[s] for s in STEP_IDS]
    running = 0.0
    drawn = boxes(plot.bars.rects)
    for box, step in zip(drawn, steps, strict=False):
        assert box.top() == pytest.approx(min(running, running + step))
        assert box.bottom() == pytest.approx(max(running, running + step))
        running += step
    net = drawn[-1]
    assert net.height() == pytest.approx(abs(result.net_change_usd_m))
    assert min(net.top(), net.bottom()) == pytest.approx(min(0.0, result.net_change_usd_m))
    assert running == pytest.approx(result.net_change_usd_m)


def test_waterfall_labels_carry_their_sign(qtbot: QtBot) -> None:
    plot = shown(qtbot, WaterfallPlot())
    result = show(plot, china_2017())
    texts = [label.toPlainText() for label in plot.value_labels]
    coal = result.steps_usd_m["coal_lost"]
    assert coal < 0
    assert texts[0] == f"{MINUS}{abs(coal):,.0f}"
    assert texts[STEP_IDS.index("smuggling")] == f"+{result.steps_usd_m['smuggling']:,.0f}"
    assert texts[-1] == f"{MINUS}{abs(result.net_change_usd_m):,.0f}"
    assert texts[STEP_IDS.index("labour")] == "0"  # no sign on nothing


def test_waterfall_hatches_the_loss_bars_only(qtbot: QtBot) -> None:
    plot = shown(qtbot, WaterfallPlot())
    show(plot, china_2017())
    hatched = [STEP_IDS.index(s) for s in HATCHED_STEPS]
    for rect, i in zip(plot.hatch.rects, hatched, strict=True):
        assert rect.isVisible()
        assert rect.brush().style() == QtCore.Qt.BrushStyle.BDiagPattern
        assert rect.rect() == plot.bars.rects[i].rect()
        assert rect.zValue() > plot.bars.rects[i].zValue()
    # Painted: the coal bar shows its colour and the hatch's darker lines; a gain bar one colour.
    image = painted(plot)
    coal = plot.bars.rects[STEP_IDS.index("coal_lost")].rect().center()
    smuggling = plot.bars.rects[STEP_IDS.index("smuggling")].rect().center()
    in_coal = colours_in(image, to_widget(plot, coal.x(), coal.y()))
    in_smuggling = colours_in(image, to_widget(plot, smuggling.x(), smuggling.y()))
    loss = QtGui.QColor(palette.LOSS)
    assert (loss.red(), loss.green(), loss.blue()) in in_coal
    gain = QtGui.QColor(palette.GAIN_SMUGGLING)
    assert (gain.red(), gain.green(), gain.blue()) in in_smuggling
    assert any(sum(c) < loss.red() + loss.green() + loss.blue() - 100 for c in in_coal)
    assert not any(sum(c) < gain.red() + gain.green() + gain.blue() - 100 for c in in_smuggling)


# -- analysis charts ------------------------------------------------------------------------------


def test_the_analysis_charts_are_not_result_plots() -> None:
    for cls in (AttributionPlot, TornadoPlot):
        assert issubclass(cls, AnalysisPlot)
        assert not issubclass(cls, ResultPlot)
        assert not hasattr(cls, "show_result")


def test_stale_tornado_bars_are_drawn_faded(qtbot: QtBot) -> None:
    plot = shown(qtbot, TornadoPlot())
    answer = answer_of(china_2017(), analysis=True)
    view = view_of(answer)
    plot.show_answer(answer, view)
    bars = (plot.low_bars, plot.high_bars)
    assert [b.effectiveOpacity() for b in bars] == [1.0, 1.0]
    # The scenario moved on: the same analysis, now for the scenario a moment ago.
    stale = answer.with_analysis(answer.analysis, fresh=False)
    plot.show_answer(stale, view)
    assert [b.effectiveOpacity() for b in bars] == pytest.approx([0.4, 0.4])
    plot.show_answer(stale, view)
    assert [b.effectiveOpacity() for b in bars] == pytest.approx([0.4, 0.4])
    plot.show_answer(answer, view)
    assert [b.effectiveOpacity() for b in bars] == [1.0, 1.0]


def test_stale_attribution_bars_are_drawn_faded(qtbot: QtBot) -> None:
    plot = shown(qtbot, AttributionPlot())
    answer = answer_of(china_2017(), analysis=True)
    view = view_of(answer)
    plot.show_answer(answer, view)
    assert plot.shapley.effectiveOpacity() == 1.0
    assert plot.interaction.toPlainText().startswith("interaction ")
    stale = answer.with_analysis(answer.analysis, fresh=False)  # for an earlier scenario
    plot.show_answer(stale, view)
    assert plot.shapley.effectiveOpacity() == pytest.approx(0.4)
    assert plot.alone.effectiveOpacity() == pytest.approx(0.4)
    assert plot.interaction.toPlainText().endswith("(updating)")
    plot.show_answer(stale, view)
    assert plot.shapley.effectiveOpacity() == pytest.approx(0.4)
    assert plot.interaction.toPlainText().endswith("(updating)")
    plot.show_answer(answer, view)
    assert plot.alone.effectiveOpacity() == 1.0
    assert not plot.interaction.toPlainText().endswith("(updating)")


# -- map ------------------------------------------------------------------------------------------


def test_the_map_draws_its_contour_over_the_image(qtbot: QtBot) -> None:
    plot = shown(qtbot, RevenueMapPlot())
    show(plot, model.Scenario.default().with_values({"labour_outsourcing": 200}), grid=True)
    contour = plot.contour
    assert contour.isVisible() and not contour.path.isEmpty()
    assert contour.pen.style() == QtCore.Qt.PenStyle.DashLine
    assert contour.halo.widthF() > contour.pen.widthF()
    assert not contour.boundingRect().isEmpty()
    # Painted: along the path, the dashed black line shows over the map.
    image = painted(plot)
    element = contour.path.elementAt(contour.path.elementCount() // 2)
    at = plot.image.mapToView(QtCore.QPointF(element.x, element.y))
    seen = colours_in(image, to_widget(plot, at.x(), at.y()), half=5)
    assert any(max(c) < 60 for c in seen)  # the black dashes
    assert any(min(c) > 230 for c in seen)  # the white halo


# -- print scale ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cls", [ChannelPlot, WaterfallPlot, RevenueMapPlot, TornadoPlot, AttributionPlot]
)
def test_a_plot_built_for_print_draws_with_wider_pens(qtbot: QtBot, cls: type) -> None:
    screen, printed = cls(), cls(print_scale=3.0)
    for plot in (screen, printed):
        qtbot.addWidget(plot)
    axis = "left"
    assert printed.getPlotItem().getAxis(axis).pen().widthF() == pytest.approx(
        3.0 * screen.getPlotItem().getAxis(axis).pen().widthF()
    )
    if isinstance(printed, ChannelPlot | WaterfallPlot):
        bars = printed.scenario if isinstance(printed, ChannelPlot) else printed.bars
        on_screen = screen.scenario if isinstance(screen, ChannelPlot) else screen.bars
        assert bars.rects[0].pen().widthF() == pytest.approx(
            3.0 * on_screen.rects[0].pen().widthF()
        )
    if isinstance(printed, RevenueMapPlot):
        assert isinstance(screen, RevenueMapPlot)
        assert printed.contour.pen.widthF() == pytest.approx(3.0 * screen.contour.pen.widthF())
        assert printed.contour.halo.widthF() == pytest.approx(3.0 * screen.contour.halo.widthF())

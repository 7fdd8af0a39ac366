"""The channel plot compares like with like: each pin is a ghost bar on the scenario bar, as long
as the pin's revenue for the same year (the answer's comparison), with its value beside the live
value; a far-out pin stops at the axis edge with an arrow instead of squashing the live bars;
hovering a row says what it is. Read from the drawn rectangles, the label texts and the tooltip
shown."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from pytestqt.qtbot import QtBot

import dprk_explorer.model as model
from dprk_explorer.gui import palette
from dprk_explorer.gui.pins import PIN_REACH, Pin, PinStore
from dprk_explorer.gui.plots.base import StyledPlot
from dprk_explorer.gui.plots.channels import BAR_HEIGHT, ChannelPlot
from dprk_explorer.gui.plots.items import Bars, ValueLabel
from dprk_explorer.model.core.period import STEADY, Period
from dprk_explorer.model.sources.resources import CHANNEL_IDS
from tests.gui.answer_helpers import answer_of, view_of
from tests.gui.answer_helpers import pinned as pinned_all


def shown(qtbot: QtBot, plot: ChannelPlot, width: int = 720, height: int = 440) -> ChannelPlot:
    palette.configure_pyqtgraph()
    qtbot.addWidget(plot)
    plot.resize(width, height)
    plot.show()
    qtbot.waitExposed(plot)
    plot.getPlotItem().layout.activate()
    return plot


def pinned(name: str, scenario: model.Scenario) -> Pin:
    store = PinStore()
    pin = store.pin(name, model.evaluate(scenario))
    assert pin is not None
    return pin


def show(
    plot: StyledPlot,
    scenario: model.Scenario,
    pins: list[Pin] | tuple[Pin, ...] = (),
    period: Period = STEADY,
) -> model.Result:
    """Draw the answer for `scenario` in `period` with `pins` beside it; the live figures."""
    answer = answer_of(scenario, period, pins)
    plot.show_answer(answer, view_of(answer, pins))  # type: ignore[attr-defined]
    return answer.result


def move(plot: StyledPlot, where: QtCore.QPoint) -> None:
    """The mouse moves over the plot to `where` (viewport pixels), as Qt delivers it."""
    viewport = plot.viewport()
    event = QtGui.QMouseEvent(
        QtCore.QEvent.Type.MouseMove,
        QtCore.QPointF(where),
        QtCore.QPointF(viewport.mapToGlobal(where)),
        QtCore.Qt.MouseButton.NoButton,
        QtCore.Qt.MouseButton.NoButton,
        QtCore.Qt.KeyboardModifier.NoModifier,
    )
    QtWidgets.QApplication.sendEvent(viewport, event)


def settle_layout(plot: StyledPlot) -> None:
    QtWidgets.QApplication.processEvents()
    plot.getPlotItem().layout.activate()
    QtWidgets.QApplication.processEvents()


def widths(bars: Bars) -> np.ndarray:
    return np.array([rect.rect().width() for rect in bars.rects])


def hover(plot: StyledPlot, x: float, y: float) -> str:
    """Move the mouse to a data point; the tooltip then shown."""
    settle_layout(plot)  # a new legend row moves the view: map the point after it
    scene = plot.getPlotItem().getViewBox().mapViewToScene(QtCore.QPointF(x, y))
    move(plot, plot.mapFromScene(scene))
    return QtWidgets.QToolTip.text() if QtWidgets.QToolTip.isVisible() else plot.hover_text


TIGHT = model.Scenario.default().with_values({"border_laxity": 5.0}, where="")


def test_a_pin_is_a_ghost_bar_as_long_as_its_revenue_with_its_value_beside_the_live_one(
    qtbot: QtBot,
) -> None:
    plot = shown(qtbot, ChannelPlot())
    pin = pinned("Tight border", TIGHT)
    live = show(plot, model.Scenario.default(), [pin])
    ghosts = plot.ghosts[pin.slot]
    assert all(rect.isVisible() for rect in ghosts.rects)
    assert widths(ghosts) == pytest.approx(pin.result.scenario_usd_m)
    # On the scenario bar (centred on it), in the pin's colour.
    for ghost, bar in zip(ghosts.rects, plot.scenario.rects, strict=True):
        assert ghost.rect().center().y() == pytest.approx(bar.rect().center().y())
        assert ghost.pen().color().name().upper() == pin.colour
    for label, ours, theirs in zip(
        plot.value_labels, live.scenario_usd_m, pin.result.scenario_usd_m, strict=True
    ):
        assert label.toPlainText() == f"{ours:,.0f}"
        assert label.extra_texts() == [f"{pin.glyph}{theirs:,.0f}"]
    assert plot.getPlotItem().legend.getLabel(plot.ghost_swatches[pin.slot]).text == pin.name
    # Smuggled coal: the tight border smuggles less, and the labels say so side by side.
    row = CHANNEL_IDS.index("smuggled_coal")
    assert pin.result.scenario_usd_m[row] < live.scenario_usd_m[row]
    show(plot, model.Scenario.default(), [])
    assert not any(rect.isVisible() for rect in ghosts.rects)
    assert all(label.extra_texts() == [] for label in plot.value_labels)


def test_a_pin_is_drawn_for_the_year_the_live_bars_show(qtbot: QtBot) -> None:
    plot = shown(qtbot, ChannelPlot())
    pin = pinned("Tight border", TIGHT)
    show(plot, model.Scenario.default(), [pin], Period.year(2019))
    in_2019 = pin.result.for_year(2019).scenario_usd_m
    assert not np.allclose(in_2019, pin.result.scenario_usd_m)  # not the steady state
    assert widths(plot.ghosts[pin.slot]) == pytest.approx(in_2019)


def test_a_far_out_pin_stops_at_the_edge_with_an_arrow_and_the_live_bars_keep_their_room(
    qtbot: QtBot,
) -> None:
    plot = shown(qtbot, ChannelPlot())
    # The pin: an analyst's guess of 5 bn of coal revenue in 2016, four times the record's.
    scenario = model.Scenario.default().with_values({"coal_ban_compliance": 0.0})
    live = show(plot, scenario)
    before = plot.viewRange()[0][1]
    big = model.Scenario.default().with_values(
        {"coal_ban_compliance": 0.0, "baseline_coal_usd_m": 5000.0}
    )
    pin = pinned("Coal 5 bn", big)
    show(plot, scenario, [pin])
    top = max(live.baseline_usd_m.max(), live.scenario_usd_m.max())
    limit = top * (1 + PIN_REACH)
    assert pin.result.scenario_usd_m.max() > limit  # the pin would reach past the edge
    assert widths(plot.ghosts[pin.slot]).max() == pytest.approx(limit)
    beyond = [
        label.extra_texts()[0]
        for label, value in zip(plot.value_labels, pin.result.scenario_usd_m, strict=True)
        if value > limit
    ]
    assert beyond and all(text.startswith(f"{pin.glyph}→") for text in beyond)
    # The axis widened for the labels, not to the pin's far value: the live bars keep most of
    # their room.
    assert plot.viewRange()[0][1] < pin.result.scenario_usd_m.max()
    assert plot.viewRange()[0][1] <= 2.5 * before


def test_hovering_a_row_says_its_value_the_change_and_the_pin(qtbot: QtBot) -> None:
    plot = shown(qtbot, ChannelPlot())
    pin = pinned("Tight border", TIGHT)
    live = show(plot, model.Scenario.default(), [pin], Period.year(2019))
    row = CHANNEL_IDS.index("smuggled_coal")
    y = float(plot._y[row]) - BAR_HEIGHT / 2
    text = hover(plot, float(live.scenario_usd_m[row]) / 2, y)
    ours = live.scenario_usd_m[row]
    base = live.baseline_usd_m[row]
    theirs = pin.result.for_year(2019).scenario_usd_m[row]
    lines = text.split("\n")
    assert lines[0].startswith(f"Smuggling of coal: ${ours:,.0f} m in 2019, ")
    # The base is no sanctions in the same year, never 2016; the view computes no difference.
    assert f"against ${base:,.0f} m with no sanctions, 2019" in lines[0]
    assert "2016" not in text and "gross receipts at the smuggling price" in lines[0]
    assert lines[1] == f"{pin.glyph} pin 'Tight border': ${theirs:,.0f} m"
    assert plot.hover_text == text
    # Off the bars (on the left axis): no bar tooltip.
    hover(plot, -0.1 * plot.viewRange()[0][1], y)
    assert plot.hover_text == ""


def drawn_box(plot: ChannelPlot, item: QtWidgets.QGraphicsRectItem) -> QtCore.QRectF:
    """Where a bar or a label is drawn, in the view's pixels (a label ignores the view's
    scaling, and a bar's pen would widen Qt's sceneBoundingRect by a whole row)."""
    view = plot.getPlotItem().getViewBox()
    if isinstance(item, ValueLabel):
        return item.rect().translated(view.mapViewToScene(item.pos()))
    return view.mapViewToScene(item.rect()).boundingRect()


@pytest.mark.parametrize("count", [3, 4])
def test_three_or_four_pins_label_every_row_clear_of_the_bars_and_each_other(
    qtbot: QtBot, count: int
) -> None:
    """In a quarter of a 1366x768 window, each row's label holds the live value and every
    pin's, and no label covers a bar (its own row's no-sanctions bar included) or another
    label."""
    plot = shown(qtbot, ChannelPlot(), 508, 300)
    lax = model.Scenario.default().with_values({"coal_ban_compliance": 40.0})
    pins = pinned_all(
        *(
            ("Full ban", model.Scenario.default()),
            ("Weak enforcement of the coal ban", lax),
            ("Lax border", lax.with_values({"border_laxity": 60.0})),
            ("More labour", model.Scenario.default().with_values({"labour_outsourcing": 150.0})),
        )[:count]
    )
    show(plot, lax.with_values({"border_laxity": 60.0}), pins)
    settle_layout(plot)
    # A label's text, less the blank pixel of leading at its top and bottom.
    labels = [drawn_box(plot, label).adjusted(0, 1, 0, -1) for label in plot.value_labels]
    assert all(len(label.extra_texts()) == count for label in plot.value_labels)
    layers = [plot.baseline, plot.scenario, *(plot.ghosts[p.slot] for p in pins)]
    bars = [drawn_box(plot, r) for bars in layers for r in bars.rects if r.rect().width() > 0]
    for row, box in enumerate(labels):
        assert box.height() > 0
        covered = [bar for bar in bars if box.intersects(bar)]
        assert covered == [], (CHANNEL_IDS[row], covered)
        for other, next_box in enumerate(labels[row + 1 :], start=row + 1):
            assert not box.intersects(next_box), (CHANNEL_IDS[row], CHANNEL_IDS[other])
    # Every label shows whole: inside the plot, right of the channels' names.
    shown_area = plot.mapToScene(plot.viewport().rect()).boundingRect()
    left = plot.getPlotItem().getViewBox().sceneBoundingRect().left()
    assert all(shown_area.contains(box) and box.left() >= left for box in labels)


def test_a_live_value_far_short_of_its_no_sanctions_bar_stays_beside_its_own_bar(
    qtbot: QtBot,
) -> None:
    """Coal with the ban in full force: the scenario's bar is a sliver, the no-sanctions bar
    above it long. The live value is lowered under the long bar, beside its own bar (not past
    the other's end), and covers no bar; a row whose bars are alike keeps it centred."""
    plot = shown(qtbot, ChannelPlot(), 720, 440)
    result = show(plot, model.Scenario.default().with_values({"coal_ban_compliance": 100.0}))
    settle_layout(plot)
    coal = CHANNEL_IDS.index("coal")
    base, scen = result.baseline_usd_m, result.scenario_usd_m
    assert scen[coal] < 0.2 * base[coal]
    label = plot.value_labels[coal]
    assert label.pos().x() < 0.5 * base[coal], "the live value is past the no-sanctions bar"
    assert label.pos().y() < plot._y[coal] - BAR_HEIGHT / 2, "not lowered under the long bar"
    box = drawn_box(plot, label).adjusted(0, 1, 0, -1)
    bars = [drawn_box(plot, r) for b in (plot.baseline, plot.scenario) for r in b.rects]
    assert not [bar for bar in bars if bar.width() > 0 and box.intersects(bar)]
    alike = next(
        row for row in range(len(CHANNEL_IDS)) if 0 < base[row] and abs(scen[row] - base[row]) < 1
    )
    centred = plot.value_labels[alike].pos().y()
    assert centred == pytest.approx(plot._y[alike] - BAR_HEIGHT / 2)

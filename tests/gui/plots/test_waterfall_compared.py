"""The waterfall compares a step's own size with the pin's same step: each pin is a ghost bar
from the live bar's start, as tall as the pin's step (the net change from zero), with its value
under the live value; a pin far beyond the live bars stops at the edge with an arrow and the
live bars keep their room; hovering a column says the value, its meaning and the pin's.
Read from the drawn rectangles, the label texts and the tooltip shown."""

from __future__ import annotations

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

import dprk_explorer.model as model
from dprk_explorer.gui import palette
from dprk_explorer.gui.pins import PinStore
from dprk_explorer.gui.plots.waterfall import DOWN, WaterfallPlot, signed_number
from dprk_explorer.model.core.flows import STEP_IDS
from dprk_explorer.model.core.period import Period
from tests.gui.plots.test_channels_compared import hover, pinned, settle_layout, show

SMUGGLING = STEP_IDS.index("smuggling")


def shown(qtbot: QtBot) -> WaterfallPlot:
    palette.configure_pyqtgraph()
    plot = WaterfallPlot()
    qtbot.addWidget(plot)
    plot.resize(560, 360)
    plot.show()
    qtbot.waitExposed(plot)
    settle_layout(plot)
    return plot


def spans(rects: list) -> tuple[np.ndarray, np.ndarray]:
    """Each drawn bar's bottom and top in data units."""
    boxes = [rect.rect() for rect in rects]
    return np.array([b.top() for b in boxes]), np.array([b.bottom() for b in boxes])


def columns(result: model.Result) -> np.ndarray:
    return np.append([result.steps_usd_m[s] for s in STEP_IDS], result.net_change_usd_m)


def test_a_pin_step_is_a_ghost_of_its_own_size_from_the_live_step_start(qtbot: QtBot) -> None:
    plot = shown(qtbot)
    pin = pinned("Tight border", model.Scenario.default().with_values({"border_laxity": 5.0}))
    live = show(plot, model.Scenario.default(), [pin])
    live_low, live_high = spans(plot.bars.rects)
    ghost_low, ghost_high = spans(plot.ghosts[pin.slot].rects)
    ours, theirs = columns(live), columns(pin.result)
    starts = np.append(np.cumsum(ours[:-1]) - ours[:-1], 0.0)
    # Each ghost starts where the live bar starts and is as tall as the pin's own step.
    assert np.minimum(ghost_low, ghost_high) == pytest.approx(np.minimum(starts, starts + theirs))
    assert ghost_high - ghost_low == pytest.approx(np.abs(theirs))
    assert live_high - live_low == pytest.approx(np.abs(ours))
    # Smuggling: 5 % laxity smuggles far less; the labels say both, like with like.
    assert theirs[SMUGGLING] < ours[SMUGGLING]
    label = plot.value_labels[SMUGGLING]
    assert label.toPlainText() == signed_number(ours[SMUGGLING])
    assert label.extra_texts() == [f"{pin.glyph}{signed_number(theirs[SMUGGLING])}"]
    assert plot.pin_legend.isVisible()
    assert plot.pin_legend.getLabel(plot.ghost_swatches[pin.slot]).text == pin.name


def test_a_far_out_pin_stops_at_the_edge_and_does_not_squash_the_live_bars(qtbot: QtBot) -> None:
    plot = shown(qtbot)
    # Live: no coal ban; the pin: full compliance with a five-times coal baseline.
    scenario = model.Scenario.default().with_values({"coal_ban_compliance": 0.0})
    show(plot, scenario)
    alone = plot.viewRange()[1]
    huge = model.Scenario.default().with_values(
        {"coal_ban_compliance": 100.0, "baseline_coal_usd_m": 5000.0}
    )
    pin = pinned("Coal 5 bn", huge)
    show(plot, scenario, [pin])
    coal = columns(pin.result)[0]
    low, high = plot.viewRange()[1]
    assert coal < low  # the pin's coal loss lies beyond the axis ...
    ghost_low, _ = spans(plot.ghosts[pin.slot].rects)
    assert ghost_low[0] >= low  # ... its ghost stops inside it ...
    assert plot.value_labels[0].extra_texts()[0].startswith(f"{pin.glyph}{DOWN}")  # ... with ↓
    # ... and the live bars keep at least 40 % of the height they had alone (the axis grows
    # to 1.5 times the live span, then takes room for the labels and rounds to nice limits).
    assert (high - low) <= 2.5 * (alone[1] - alone[0])


def test_pins_and_the_record_stack_their_values_under_the_live_value(qtbot: QtBot) -> None:
    plot = shown(qtbot)
    store = PinStore()
    results = [
        model.evaluate(model.Scenario.default().with_values({"border_laxity": v}))
        for v in (5.0, 60.0, 90.0)
    ]
    pins = [store.pin(f"Laxity {i}", r) for i, r in enumerate(results)]
    show(plot, model.Scenario.default(), [p for p in pins if p is not None])
    label = plot.value_labels[SMUGGLING]
    assert [t[0] for t in label.extra_texts()] == [p.glyph for p in pins if p is not None]
    # Stacked: each value under the one before, none overlapping.
    items = [label.text_item, *label.extra_items[:3]]
    tops = [item.pos().y() for item in items]
    heights = [item.boundingRect().height() for item in items]
    for above, below, h in zip(tops, tops[1:], heights, strict=False):
        assert below >= above + h - 0.5


def test_hovering_a_step_says_its_value_its_meaning_and_the_pin(qtbot: QtBot) -> None:
    plot = shown(qtbot)
    pin = pinned("Tight border", model.Scenario.default().with_values({"border_laxity": 5.0}))
    live = show(plot, model.Scenario.default(), [pin], Period.year(2019))
    ours = live.steps_usd_m["smuggling"]
    theirs = pin.result.for_year(2019).steps_usd_m["smuggling"]
    low, high = plot.viewRange()[1]
    text = hover(plot, float(SMUGGLING), (low + high) / 2)
    assert text.split("\n") == [
        f"Smuggling: ${ours:,.0f} m won back in 2019 — coal and goods crossing the border off "
        "the books.",
        f"{pin.glyph} pin 'Tight border': ${theirs:,.0f} m won back",
    ]
    text = hover(plot, float(len(STEP_IDS)), (low + high) / 2)
    assert text.startswith("Net change: ")
    assert "revenue against no sanctions, 2019" in text and "2016" not in text

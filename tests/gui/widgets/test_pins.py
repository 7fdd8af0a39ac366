"""Pinned comparison: pins drawn on every plot with their own numbers, stable styles, removal,
the pin limit, and the headline comparing the live scenario with a chosen pin."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets
from pytestqt.qtbot import QtBot

from dprk_explorer.gui import palette
from dprk_explorer.gui.pins import FULL_MESSAGE, MAX_PINS, NONE_TEXT, PIN_REACH, Pin, PinStore
from dprk_explorer.gui.plots import channels as channel_plot
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import Result, Scenario, evaluate
from dprk_explorer.model.core.flows import STEP_IDS
from tests.gui_helpers import settle


@pytest.fixture
def window(shared_window: MainWindow) -> MainWindow:
    """One window for the module, reset and checked before each test (tests/shared_window.py)."""
    return shared_window


def set_lever(window: MainWindow, qtbot: QtBot, pid: str, value: float) -> None:
    window.levers.rows[pid].spin.setValue(value)
    settle(window, qtbot)


#: Three scenarios pinned in turn: the default, full compliance, then a lax border too.
STEPS = [
    ("UNSC target", {}),
    ("Full ban", {"coal_ban_compliance": 100.0}),
    ("Full ban, lax border", {"border_laxity": 70.0}),
]


def pin_three(window: MainWindow, qtbot: QtBot) -> list[Pin]:
    pins = []
    for name, levers in STEPS:
        for pid, value in levers.items():
            set_lever(window, qtbot, pid, value)
        pin = window.pin_panel.pin_current(name)
        assert pin is not None
        pins.append(pin)
    return pins


def expected_scenarios() -> list[Scenario]:
    scenario = Scenario.default()
    out = []
    for _, levers in STEPS:
        scenario = scenario.with_values(levers)
        out.append(scenario)
    return out


def assert_pin_drawn(window: MainWindow, pin: Pin) -> None:
    """Every plot draws `pin` with exactly its result's numbers, in its colour and symbol."""
    result = pin.result
    slot = pin.slot
    # Channels: a ghost bar per channel, as long as the pin's revenue, on the scenario bar,
    # and the pin's value beside the live value in its colour.
    ghosts = window.channels.ghosts[slot]
    assert all(rect.isVisible() for rect in ghosts.rects)
    np.testing.assert_allclose(ghosts.opts["width"], drawn_channels(window, result))
    centre = window.channels._y - channel_plot.BAR_HEIGHT / 2
    np.testing.assert_allclose(ghosts.opts["y0"] + ghosts.opts["height"] / 2, centre)
    assert ghosts.rects[0].pen().color().name().upper() == pin.colour
    legend = window.channels.getPlotItem().legend
    assert legend.getLabel(window.channels.ghost_swatches[slot]).text == pin.name
    order = [p.slot for p in window.pins.pins].index(slot)
    for label, value in zip(window.channels.value_labels, result.scenario_usd_m, strict=True):
        assert label.extra_texts()[order].endswith(f"{value:,.0f}")
        assert label.extra_texts()[order].startswith(pin.glyph)
    # Waterfall: each step's own size from the live bar's start, the net change from zero.
    ghosts = window.waterfall.ghosts[slot]
    assert all(rect.isVisible() for rect in ghosts.rects)
    steps = np.array([result.steps_usd_m[s] for s in STEP_IDS])
    live = window.waterfall.bars.opts
    np.testing.assert_array_equal(ghosts.opts["y0"], live["y0"])
    np.testing.assert_allclose(
        ghosts.opts["height"], np.append(steps, result.net_change_usd_m), atol=1e-9
    )
    assert ghosts.rects[0].pen().color().name().upper() == pin.colour
    swatch = window.waterfall.ghost_swatches[slot]
    assert window.waterfall.pin_legend.getLabel(swatch).text == pin.name
    # Timeline: the pin's total monthly revenue, in its colour, named in the legend.
    curve = window.timeline.pin_curves[slot]
    assert curve.isVisible()
    _, total = curve.getData()
    np.testing.assert_array_equal(total, result.monthly_scenario_usd_m.sum(axis=0))
    assert curve.opts["pen"].color().name().upper() == pin.colour
    assert curve.opts["antialias"] is True
    assert window.timeline.legend.getLabel(curve).text == pin.name
    # Map: a marker at the pin's compliance and laxity, labelled with its name.
    marker = window.map.pin_markers[slot]
    assert marker.isVisible()
    x, y = marker.getData()
    assert (x[0], y[0]) == (
        result.scenario["coal_ban_compliance"],
        result.scenario["border_laxity"],
    )
    assert marker.opts["symbol"] == pin.symbol
    assert window.map.pin_labels[slot].isVisible()
    assert window.map.pin_labels[slot].toPlainText() == pin.name


def drawn_channels(window: MainWindow, result: Result) -> np.ndarray:
    """A pin's channel revenue as its ghost bars draw it: cut at the axis reach (none of the
    pins these tests make reaches it)."""
    live = window.channels.live
    assert live is not None
    top = max(live.baseline_usd_m.max(), live.scenario_usd_m.max(), 1.0)
    return np.minimum(result.scenario_usd_m, top * (1 + PIN_REACH))


def assert_slot_hidden(window: MainWindow, slot: int) -> None:
    assert not any(rect.isVisible() for rect in window.channels.ghosts[slot].rects)
    legend = window.channels.getPlotItem().legend
    assert legend.getLabel(window.channels.ghost_swatches[slot]) is None
    assert not any(rect.isVisible() for rect in window.waterfall.ghosts[slot].rects)
    assert not window.timeline.pin_curves[slot].isVisible()
    assert window.timeline.legend.getLabel(window.timeline.pin_curves[slot]) is None
    assert not window.map.pin_markers[slot].isVisible()
    assert not window.map.pin_labels[slot].isVisible()


def wait_all_painted(window: MainWindow, qtbot: QtBot, counts: list[int]) -> None:
    qtbot.waitUntil(
        lambda: all(p.paint_count > c for p, c in zip(window.plots, counts, strict=True))
    )


def test_the_panel_sits_in_the_controls_column_after_the_presets(window: MainWindow) -> None:
    column = window.controls_column
    index = column.indexOf(window.pin_panel)
    assert index == column.indexOf(window.presets) + 1
    assert column.itemAt(column.count() - 1).spacerItem() is not None  # the stretch stays last
    assert window.pin_panel.title() == "Pinned scenarios"
    assert isinstance(window.pins, PinStore)
    assert window.pins.pins == []
    assert window.pin_panel.combo.currentText() == NONE_TEXT
    assert all(not r.isVisible() for g in window.channels.ghosts for r in g.rects)


def test_three_pins_are_drawn_on_every_plot_with_their_own_numbers(
    window: MainWindow, qtbot: QtBot
) -> None:
    pins = pin_three(window, qtbot)
    assert window.pins.pins == pins
    for pin, scenario in zip(pins, expected_scenarios(), strict=True):
        assert pin.result.scenario.same_values(scenario)
        np.testing.assert_array_equal(pin.result.scenario_usd_m, evaluate(scenario).scenario_usd_m)
        assert_pin_drawn(window, pin)
    # Three different results, three different styles, none the baseline's or the live one's.
    assert len({p.result.net_change_usd_m for p in pins}) == 3
    assert len({p.colour for p in pins}) == 3 and len({p.symbol for p in pins}) == 3
    assert not {p.colour for p in pins} & {palette.SCENARIO, palette.BASELINE}
    # The panel lists each pin with its net change and a remove button.
    for row, pin in zip(window.pin_panel.rows, pins, strict=False):
        assert row.isVisible() and row.pin is pin
        assert row.net.text() == fmt.usd(pin.result.net_change_usd_m, signed=True)
        assert row.remove.toolTip() == f"Remove pin {pin.name}"
        assert row.remove.text() == "×"
    assert not window.pin_panel.rows[3].isVisible()
    combo = window.pin_panel.combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        NONE_TEXT,
        *(p.name for p in pins),
    ]
    # The live scenario is still drawn as before, untouched by the pins.
    live = evaluate(window.state.scenario)
    np.testing.assert_array_equal(window.channels.scenario.opts["width"], live.scenario_usd_m)


def test_pins_stay_in_view_when_the_live_scenario_moves_away(
    window: MainWindow, qtbot: QtBot
) -> None:
    set_lever(window, qtbot, "coal_ban_compliance", 100.0)
    set_lever(window, qtbot, "labour_outsourcing", 200.0)
    pin = window.pin_panel.pin_current("Big")
    assert pin is not None
    set_lever(window, qtbot, "coal_ban_compliance", 0.0)
    set_lever(window, qtbot, "labour_outsourcing", 0.0)
    x_low, x_high = window.channels.getPlotItem().getViewBox().viewRange()[0]
    assert x_low <= 0.0 and x_high >= pin.result.scenario_usd_m.max()
    y_low, y_high = window.waterfall.getPlotItem().getViewBox().viewRange()[1]
    ghosts = window.waterfall.ghosts[pin.slot].opts
    ends = ghosts["y0"] + ghosts["height"]
    assert y_low <= min(ends.min(), 0.0) and y_high >= ends.max()
    _, total = window.timeline.pin_curves[pin.slot].getData()
    assert window.timeline.getPlotItem().getViewBox().viewRange()[1][1] >= total.max()


def test_removing_a_pin_hides_it_and_keeps_the_others_styles(
    window: MainWindow, qtbot: QtBot
) -> None:
    first, second, third = pin_three(window, qtbot)
    styles = [(p.colour, p.symbol, p.slot) for p in (second, third)]
    row = window.pin_panel.rows[0]
    assert row.pin is first
    qtbot.mouseClick(row.remove, QtCore.Qt.MouseButton.LeftButton)
    assert window.pins.pins == [second, third]
    assert [(p.colour, p.symbol, p.slot) for p in (second, third)] == styles
    assert_slot_hidden(window, first.slot)
    for pin in (second, third):
        assert_pin_drawn(window, pin)
    assert window.pin_panel.rows[0].pin is second
    assert not window.pin_panel.rows[2].isVisible()
    combo = window.pin_panel.combo
    assert first.name not in [combo.itemText(i) for i in range(combo.count())]
    # A new pin takes the freed slot and its style; the others keep theirs.
    set_lever(window, qtbot, "labour_outsourcing", 150.0)
    fourth = window.pin_panel.pin_current("More labour")
    assert fourth is not None
    assert (fourth.colour, fourth.symbol, fourth.slot) == (first.colour, first.symbol, first.slot)
    assert [(p.colour, p.symbol, p.slot) for p in (second, third)] == styles
    assert_pin_drawn(window, fourth)
    # Removing every pin hides every pin item.
    for pin in window.pins.pins:
        window.pins.remove(pin)
    for slot in range(MAX_PINS):
        assert_slot_hidden(window, slot)
    assert not window.waterfall.pin_legend.isVisible()


def test_a_fourth_pin_works_and_a_fifth_is_refused_with_a_message(
    window: MainWindow, qtbot: QtBot
) -> None:
    pins = pin_three(window, qtbot)
    set_lever(window, qtbot, "labour_outsourcing", 40.0)
    fourth = window.pin_panel.pin_current("Workers sent home")
    assert fourth is not None
    pins.append(fourth)
    assert len({p.colour for p in pins}) == MAX_PINS
    assert len({p.symbol for p in pins}) == MAX_PINS
    for pin in pins:
        assert_pin_drawn(window, pin)
    button = window.pin_panel.pin_button
    assert not button.isEnabled()
    assert button.toolTip() == FULL_MESSAGE
    with qtbot.waitSignal(window.pins.message, timeout=1000) as blocker:
        refused = window.pin_panel.pin_current("One too many")
    assert refused is None
    assert blocker.args == [FULL_MESSAGE]
    assert window.pins.pins == pins
    assert window.pin_panel.note.isVisible() and window.pin_panel.note.text() == FULL_MESSAGE
    assert window.status.currentMessage() == FULL_MESSAGE
    window.pins.remove(pins[1])
    assert button.isEnabled()
    assert not window.pin_panel.note.isVisible()


def test_names_default_to_the_scenario_and_stay_unique(window: MainWindow, qtbot: QtBot) -> None:
    first = window.pin_panel.pin_current("  ")
    window.levers.rows["border_laxity"].spin.setValue(40)  # other settings, the same name
    second = window.pin_panel.pin_current(first.name if first else "")
    assert first is not None and second is not None
    assert first.name == "Default"
    assert second.name == "Default (2)"


def test_the_pin_button_asks_for_a_name(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def answer(*args: object, **kwargs: object) -> tuple[str, bool]:
        asked.append(str(kwargs.get("text")))
        return ("My pin", True)

    monkeypatch.setattr(QtWidgets.QInputDialog, "getText", answer)
    qtbot.mouseClick(window.pin_panel.pin_button, QtCore.Qt.MouseButton.LeftButton)
    assert asked == [window.state.scenario.name]
    assert [p.name for p in window.pins.pins] == ["My pin"]
    monkeypatch.setattr(QtWidgets.QInputDialog, "getText", lambda *a, **k: ("x", False))
    qtbot.mouseClick(window.pin_panel.pin_button, QtCore.Qt.MouseButton.LeftButton)
    assert len(window.pins.pins) == 1  # cancelled: nothing pinned


def test_the_headline_compares_live_with_the_chosen_pin(window: MainWindow, qtbot: QtBot) -> None:
    headline = window.headline
    assert not headline.net_vs.isVisible()
    first, second, _ = pin_three(window, qtbot)
    # The first pin becomes the comparison; choose the second instead.
    assert headline.comparison is first
    combo = window.pin_panel.combo
    combo.setCurrentIndex(combo.findText(second.name))
    assert headline.comparison is second
    assert headline.net_vs.isVisible() and headline.offset_vs.isVisible()
    for value in (20.0, 55.0):  # the comparison follows every slider move
        set_lever(window, qtbot, "coal_ban_compliance", value)
        live = evaluate(window.state.scenario)
        net = live.net_change_usd_m - second.result.net_change_usd_m
        assert headline.net_vs.full_text == f"vs {second.name}: {fmt.usd(net, signed=True)}"
        assert headline.net_vs.text.text() == headline.net_vs.full_text  # fits: not elided
        # Under the share won back, the pin's own share (the view computes no difference).
        assert second.result.recovery_ratio is not None
        expected = fmt.pct(100 * second.result.recovery_ratio)
        assert headline.offset_vs.full_text == f"vs {second.name}: {expected}"
        assert headline.net.value.text() == fmt.usd(live.net_change_usd_m, signed=True)
    # No comparison: the strip as before.
    combo.setCurrentIndex(0)
    assert headline.comparison is None
    assert not headline.net_vs.isVisible() and not headline.offset_vs.isVisible()
    # Removing the compared pin drops the comparison.
    combo.setCurrentIndex(combo.findText(first.name))
    assert headline.net_vs.isVisible()
    window.pins.remove(first)
    assert headline.comparison is None and combo.currentText() == NONE_TEXT
    assert not headline.net_vs.isVisible()


def test_every_plot_still_paints_with_pins(window: MainWindow, qtbot: QtBot) -> None:
    pin_three(window, qtbot)
    set_lever(window, qtbot, "labour_outsourcing", 30.0)
    window.pin_panel.pin_current("Fourth")
    for value in (10.0, 90.0):
        counts = [plot.paint_count for plot in window.plots]
        set_lever(window, qtbot, "border_laxity", value)
        wait_all_painted(window, qtbot, counts)
    counts = [plot.paint_count for plot in window.plots]
    window.pins.remove(window.pins.pins[0])
    wait_all_painted(window, qtbot, counts)
    image = window.grab().toImage()
    assert image.width() >= 1280 and not image.isNull()


def test_the_same_settings_cannot_be_pinned_twice_and_a_pin_can_be_renamed(
    window: MainWindow,
) -> None:
    said: list[str] = []
    window.pins.message.connect(said.append)
    first = window.pin_panel.pin_current("Before")
    assert first is not None
    assert window.pin_panel.pin_current("Again") is None  # the same settings
    assert len(window.pins.pins) == 1
    assert said == ["These settings are already pinned as 'Before'."]
    renamed = window.pins.rename(first, "  Tight  border ")
    assert renamed is not None and renamed.name == "Tight border"
    assert renamed.slot == first.slot and renamed.colour == first.colour
    assert window.pins.pins == [renamed]
    assert window.pin_panel.rows[0].pin is renamed
    assert window.pin_panel.combo.findText("Tight border") >= 0

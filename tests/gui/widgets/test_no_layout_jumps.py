"""Nothing moves under the analyst's hand (issue 16, part 9): leaving a preset keeps the pins
panel where it was, and the first pin (its comparison line in the headline) moves no plot."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import PRESETS
from tests.gui_helpers import settle


def geometry_in_window(window: MainWindow, widget: QtWidgets.QWidget) -> QtCore.QRect:
    return QtCore.QRect(widget.mapTo(window, QtCore.QPoint(0, 0)), widget.size())


def layout_of(window: MainWindow) -> dict[str, QtCore.QRect]:
    """Where the headline, pins panel and plots are, once every pending re-layout has run (a
    layout asks its parent's in turn, one posted event each)."""
    for _ in range(5):
        QtWidgets.QApplication.sendPostedEvents(None, QtCore.QEvent.Type.LayoutRequest)
        QtWidgets.QApplication.processEvents()
    shown = {"headline": window.headline, "pins panel": window.pin_panel}
    shown |= {type(plot).__name__: plot for plot in window.plots}
    return {name: geometry_in_window(window, widget) for name, widget in shown.items()}


def test_leaving_a_preset_and_pinning_move_nothing(window: MainWindow, qtbot) -> None:
    # The longest rationale of a preset that does not branch from the record (an edit of a
    # branch adds a schedule step, one line more above: the next test measures that case).
    preset = max(
        (p for p in PRESETS.values() if p.scenario.branch is None), key=lambda p: len(p.rationale)
    )
    window.state.replace(preset.scenario, "preset")
    settle(window, qtbot)
    on_preset = layout_of(window)
    assert window.presets.rationale.text() == preset.rationale

    # A drag away from the preset: its rationale gives way to the list of differences.
    row = window.levers.rows["coal_ban_compliance"]
    row.spin.setValue(row.spin.value() - 7)
    settle(window, qtbot)
    assert "differs from the preset" in window.presets.rationale.text()
    assert layout_of(window) == on_preset

    window.pin_panel.pin_current("first pin")
    settle(window, qtbot)
    assert window.headline.comparison is not None  # the headline now compares with it
    assert window.headline.net_vs.isVisible()
    pinned = layout_of(window)
    # The pins panel lists the pin below its top; all else stays put.
    assert pinned.pop("pins panel").top() == on_preset.pop("pins panel").top()
    assert pinned == on_preset


def test_leaving_any_preset_keeps_the_pins_panel_in_place(window: MainWindow, qtbot) -> None:
    """The preset panel keeps its height: the pins panel stays where it was below it. (On a
    preset that branches from the record the edit applies from the branch on, a step of the
    lever's schedule, and the lever above says so on one more line.)"""
    row = window.levers.rows["border_laxity"]

    def below_presets() -> int:
        found = layout_of(window)["pins panel"].top()
        return found - geometry_in_window(window, window.presets).top()

    for preset in PRESETS.values():
        window.state.replace(preset.scenario, "preset")
        settle(window, qtbot)
        top = below_presets()
        row.spin.setValue(row.spin.value() + (3 if row.spin.value() < 50 else -3))
        settle(window, qtbot)
        assert window.presets.combo.currentIndex() == 0, preset.label  # left it: custom
        assert below_presets() == top, preset.label

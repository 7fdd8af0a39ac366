"""The explorer window, driven as a user drives it: sliders, keys, presets, undo, settings."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PySide6 import QtCore, QtWidgets
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.state import FRAME_S, ScenarioState
from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.widgets.levers import MONTH_KEYS, SLIDER_SCALE
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import LEVER_IDS, PARAMETERS, PRESETS, Scenario, evaluate
from dprk_explorer.model.answer import Answer
from tests.gui_helpers import cli_in_process, make_window, settle


@pytest.fixture
def window(shared_window: MainWindow) -> MainWindow:
    """One window for the module, reset and checked before each test (tests/shared_window.py)."""
    return shared_window


REPO = Path(__file__).resolve().parents[2]


def assert_shows(window: MainWindow, scenario: Scenario) -> None:
    """Plots and headline show exactly what the model returns for `scenario`."""
    expected = evaluate(scenario)
    np.testing.assert_array_equal(window.channels.scenario.opts["width"], expected.scenario_usd_m)
    np.testing.assert_array_equal(window.channels.baseline.opts["width"], expected.baseline_usd_m)
    heights = window.waterfall.bars.opts["height"]
    assert heights[-1] == expected.net_change_usd_m
    assert heights[0] == -expected.coal_loss_usd_m
    _, total = window.timeline.scenario_curve.getData()
    np.testing.assert_allclose(total, expected.monthly_scenario_usd_m.sum(axis=0), rtol=0, atol=0)
    assert window.headline.net.value.text() == fmt.usd(expected.net_change_usd_m, signed=True)
    assert window.headline.loss.value.text() == fmt.usd(expected.blocked_total_usd_m)
    ratio = expected.recovery_ratio
    assert window.headline.offset.value.text() == (
        "nothing blocked" if ratio is None else fmt.pct(100 * ratio)
    )


def test_moving_each_slider_redraws_everything_with_model_numbers(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Each lever in turn on one window: every move redraws with the model's numbers for all
    the levers moved so far."""
    moved: dict[str, float] = {}
    for pid in LEVER_IDS:
        row = window.levers.rows[pid]
        before = window.channels.scenario.opts["width"].copy()
        target = 37.0 if pid != "labour_outsourcing" else 160.0
        with qtbot.waitSignal(window.state.changed, timeout=2000):
            row.slider.setValue(round(target * SLIDER_SCALE))
        settle(window, qtbot)
        assert window.state.scenario[pid] == target
        assert row.spin.value() == target, pid  # slider and spin box in sync
        moved[pid] = target
        assert_shows(window, Scenario.default().with_values(moved))
        assert not np.array_equal(before, window.channels.scenario.opts["width"]) or pid == (
            "labour_outsourcing"
        )


def test_spin_box_entry_moves_the_slider(window: MainWindow, qtbot: QtBot) -> None:
    row = window.levers.rows["border_laxity"]
    row.spin.setFocus()
    row.spin.selectAll()
    qtbot.keyClicks(row.spin, "42.5")
    qtbot.keyClick(row.spin, QtCore.Qt.Key.Key_Return)
    settle(window, qtbot)
    assert window.state.scenario["border_laxity"] == 42.5
    assert row.slider.value() == 425
    assert_shows(window, Scenario.default().with_values({"border_laxity": 42.5}))


def test_keyboard_steps(window: MainWindow, qtbot: QtBot) -> None:
    row = window.levers.rows["coal_ban_compliance"]
    row.slider.setFocus()
    qtbot.keyClick(row.slider, QtCore.Qt.Key.Key_Right)
    assert window.state.scenario["coal_ban_compliance"] == 63
    qtbot.keyClick(row.slider, QtCore.Qt.Key.Key_PageUp)
    assert window.state.scenario["coal_ban_compliance"] == 73
    qtbot.keyClick(row.slider, QtCore.Qt.Key.Key_PageDown)
    qtbot.keyClick(row.slider, QtCore.Qt.Key.Key_Left)
    assert window.state.scenario["coal_ban_compliance"] == 62
    qtbot.keyClick(row.slider, QtCore.Qt.Key.Key_End)
    assert window.state.scenario["coal_ban_compliance"] == 100
    qtbot.keyClick(row.slider, QtCore.Qt.Key.Key_Home)
    assert window.state.scenario["coal_ban_compliance"] == 0
    assert row.spin.value() == 0
    settle(window, qtbot)
    assert_shows(window, Scenario.default().with_values({"coal_ban_compliance": 0}))


def test_undo_redo_restore_and_one_drag_is_one_step(window: MainWindow, qtbot: QtBot) -> None:
    row = window.levers.rows["border_laxity"]
    stack = window.state.undo_stack
    start = stack.count()
    # A drag: press, many moves, release.
    window.state.begin_drag()
    for value in range(260, 700, 10):
        row.slider.setValue(value)
    window.state.end_drag()
    assert stack.count() == start + 1
    assert window.state.scenario["border_laxity"] == 69.0
    row.spin.setValue(12.0)
    assert stack.count() == start + 2
    qtbot.keyClick(window, QtCore.Qt.Key.Key_Z, QtCore.Qt.KeyboardModifier.ControlModifier)
    assert window.state.scenario["border_laxity"] == 69.0
    assert row.slider.value() == 690 and row.spin.value() == 69.0
    window.undo_action.trigger()
    assert window.state.scenario == Scenario.default()
    assert row.slider.value() == 250
    settle(window, qtbot)
    assert_shows(window, Scenario.default())
    qtbot.keyClick(
        window,
        QtCore.Qt.Key.Key_Z,
        QtCore.Qt.KeyboardModifier.ControlModifier | QtCore.Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.state.scenario["border_laxity"] == 69.0
    settle(window, qtbot)
    assert_shows(window, Scenario.default().with_values({"border_laxity": 69.0}))


def test_presets_apply_and_show_their_rationale(window: MainWindow, qtbot: QtBot) -> None:
    combo = window.presets.combo
    for pid, preset in PRESETS.items():
        combo.setCurrentIndex(combo.findData(pid))
        combo.activated.emit(combo.currentIndex())
        assert window.state.scenario.same_values(preset.scenario)
        assert window.presets.rationale.text() == preset.rationale
        settle(window, qtbot)
        assert_shows(window, preset.scenario)
        for lever in LEVER_IDS:
            # A branch of the record shows the value from its branch on, where edits apply.
            path, branch = preset.scenario.path(lever), preset.scenario.branch
            shown = preset.scenario[lever]
            if path is not None and branch is not None:
                shown = float(path[MONTH_KEYS.index(branch)])
            assert window.levers.rows[lever].spin.value() == shown
    window.undo_action.trigger()
    assert window.state.scenario.same_values(list(PRESETS.values())[-2].scenario)


def test_moving_a_lever_away_from_a_preset_shows_custom(window: MainWindow) -> None:
    window.levers.rows["labour_outsourcing"].spin.setValue(150)
    assert window.presets.combo.currentText() == "Custom scenario"


def test_reset_button_restores_default_and_is_undoable(window: MainWindow, qtbot: QtBot) -> None:
    row = window.levers.rows["border_laxity"]
    assert not row.reset.isEnabled()  # nothing to reset
    assert row.reset.focusPolicy() == QtCore.Qt.FocusPolicy.NoFocus  # no accidental key press
    row.spin.setValue(80)
    assert row.reset.isEnabled()
    qtbot.mouseClick(row.reset, QtCore.Qt.MouseButton.LeftButton)
    assert window.state.scenario["border_laxity"] == PARAMETERS["border_laxity"].default
    window.undo_action.trigger()
    assert window.state.scenario["border_laxity"] == 80


def test_assumptions_tree_edits_go_through_the_state(window: MainWindow, qtbot: QtBot) -> None:
    window.assumptions.set_expanded(True)
    leaf = window.assumptions.fields["smuggling_discount_pct"]
    assert isinstance(leaf, QtWidgets.QDoubleSpinBox)
    leaf.setValue(50.0)
    assert window.state.scenario["smuggling_discount_pct"] == 50.0
    window.assumptions.fields["ban_textiles"].click()
    assert window.state.scenario["ban_textiles"] is True
    settle(window, qtbot)
    assert_shows(
        window,
        Scenario.default().with_values({"smuggling_discount_pct": 50.0, "ban_textiles": True}),
    )
    window.assumptions.reset_all.click()
    assert window.state.scenario == Scenario.default()
    assert leaf.value() == PARAMETERS["smuggling_discount_pct"].default
    window.undo_action.trigger()
    assert leaf.value() == 50.0


def test_a_refused_value_keeps_the_state_and_says_why(window: MainWindow) -> None:
    before = window.state.scenario
    assert not window.state.propose({"border_laxity": 400})
    assert window.state.scenario == before
    assert "border_laxity" in window.status.currentMessage()
    assert "allowed: a number from 0 to 100 %" in window.status.currentMessage()


class FrameClock:
    """The state's clock, moved by the test: a frame passes only when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_drag_events_are_coalesced_last_value_wins(qtbot: QtBot, tmp_path: Path) -> None:
    """At most one evaluation per frame however many moves arrive, the last value wins, and
    each evaluation makes one answer for the views. Frames are counted on the state's own clock
    and its timer is fired by hand: nothing depends on how busy the machine is."""
    clock = FrameClock()
    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    window = MainWindow(ScenarioState(Scenario.default(), clock=clock), settings=settings)
    qtbot.addWidget(window)
    state, runner = window.state, window.analysis_runner
    qtbot.waitUntil(lambda: runner.is_fresh, timeout=10_000)  # so the first move makes it stale
    evaluated: list[float] = []
    state.changed.connect(lambda _result: evaluated.append(clock.now))
    answers: list[Answer] = []
    window.answers.answerChanged.connect(lambda answer, _view: answers.append(answer))
    clock.now += 1.0  # a quiet second since the window's first evaluation
    row = window.levers.rows["coal_ban_compliance"]
    for value in range(0, 1001, 5):  # 201 moves within one frame
        row.slider.setValue(value)
    # The first move is evaluated at once; the other 200 wait for one timer, at the frame's end.
    assert len(evaluated) == 1 and state._timer.isActive()
    assert not runner.is_fresh
    clock.now += FRAME_S
    state._timer.stop()
    state._timer.timeout.emit()
    assert len(evaluated) == 2
    assert evaluated[1] >= evaluated[0] + FRAME_S  # a frame apart, on the clock
    assert state.result.scenario["coal_ban_compliance"] == 100.0
    # One answer per evaluation (the stale analysis rides on the first), the last for 100 %.
    assert len(answers) == 2
    assert not answers[0].analysis_fresh
    assert answers[-1].scenario["coal_ban_compliance"] == 100.0
    assert_shows(window, Scenario.default().with_values({"coal_ban_compliance": 100.0}))
    # A move within the same frame waits for the next one.
    row.slider.setValue(500)
    assert len(evaluated) == 2 and state._timer.isActive()
    state._timer.stop()


def test_the_window_only_lays_out_and_wires() -> None:
    """Issue 22: the window builds its parts and wires them; what it shows is built elsewhere
    (gui.answers, gui.view_state), so it stays short."""
    lines = (REPO / "gui" / "window.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 300


def test_every_plot_paints(window: MainWindow, qtbot: QtBot) -> None:
    for preset in PRESETS.values():
        counts = [plot.paint_count for plot in window.plots]
        window.state.replace(preset.scenario, "preset")
        settle(window, qtbot)
        qtbot.waitUntil(
            lambda counts=counts: all(
                p.paint_count > c for p, c in zip(window.plots, counts, strict=True)
            )
        )
        image = window.grab().toImage()
        assert image.width() >= 1280 and not image.isNull()


def test_settings_remember_geometry_layout_and_scenario(qtbot: QtBot, tmp_path: Path) -> None:
    first = make_window(tmp_path)
    qtbot.addWidget(first)
    first.show()
    first.resize(1100, 700)
    first.levers.rows["labour_outsourcing"].spin.setValue(140)
    first.assumptions.set_expanded(True)
    first.controls_dock.hide()
    first.close()
    from dprk_explorer.gui.window import last_scenario

    settings = QtCore.QSettings(str(tmp_path / "settings.ini"), QtCore.QSettings.Format.IniFormat)
    restored, note = last_scenario(settings)
    assert restored is not None and restored["labour_outsourcing"] == 140
    assert note == "Restored last scenario"
    second = make_window(tmp_path, restored)
    qtbot.addWidget(second)
    second.show()
    # The offscreen platform may clamp the restored width to its virtual screen; the height and
    # the departure from the 1280x800 default show the saved geometry was applied.
    assert second.height() == 700 and second.width() != 1280
    assert second.controls_dock.isHidden()  # layout (dock state) restored
    assert second.assumptions.toggle.isChecked()
    assert second.levers.rows["labour_outsourcing"].spin.value() == 140


def test_a_corrupt_saved_scenario_falls_back_to_default(tmp_path: Path) -> None:
    from dprk_explorer.gui.window import KEY_SCENARIO, last_scenario

    settings = QtCore.QSettings(str(tmp_path / "s.ini"), QtCore.QSettings.Format.IniFormat)
    settings.setValue(KEY_SCENARIO, "coal_ban_compliance = 900\n")
    scenario, note = last_scenario(settings)
    assert scenario is None
    assert "out of range" in note and "default scenario" in note


def test_screenshot_command_writes_a_full_window_png(tmp_path: Path) -> None:
    out = tmp_path / "w.png"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dprk_explorer.gui.cli",
            "--screenshot",
            str(out),
            "--preset",
            "china_2017_suspension",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "QT_QPA_PLATFORM": "offscreen",
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path),
        },
    )
    assert done.returncode == 0, done.stderr
    from PySide6 import QtGui

    image = QtGui.QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 37) for y in range(0, 800, 29)}
    assert len(colours) > 20  # not blank
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".w.png")] == []


def test_screenshot_to_a_missing_folder_exits_2(tmp_path: Path) -> None:
    # refused before any window opens: the entry function in-process (the test above runs it)
    done = cli_in_process("--screenshot", str(tmp_path / "no" / "w.png"))
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "does not exist" in done.stderr


def test_axes_only_widen_during_a_drag_and_refit_after(window: MainWindow, qtbot: QtBot) -> None:
    """While a lever is dragged, no axis or colour scale shrinks (it would breathe in and out
    under the hand); released, each refits to what it shows."""
    settle(window, qtbot)
    row = window.levers.rows["labour_outsourcing"]
    plots = [window.channels, window.waterfall, window.timeline, window.map]
    window.state.begin_drag()
    seen: list[dict[str, tuple[float, float]]] = []
    for value in [*range(1000, 2001, 100), *range(2000, -1, -100)]:  # up to 200 %, down to 0
        row.slider.setValue(value)
        settle(window, qtbot)
        seen.append({f"{i}{k}": v for i, p in enumerate(plots) for k, v in p._ranges.items()})
    for earlier, later in itertools.pairwise(seen):
        for key, (low, high) in earlier.items():
            assert later[key][0] <= low and later[key][1] >= high, key
    held = dict(seen[-1])
    window.state.end_drag()
    settle(window, qtbot)
    # Released at 0 % labour, far below the drag's peak: limits the data no longer fill come
    # back in, and none widens.
    released = {f"{i}{k}": v for i, p in enumerate(plots) for k, v in p._ranges.items()}
    assert any(released[k] != held[k] for k in held)
    for key, (low, high) in released.items():
        assert held[key][0] <= low and high <= held[key][1], key


def test_presets_are_grouped_as_the_record_and_its_branches_or_stylised(
    window: MainWindow,
) -> None:
    """Issue 15: a preset either branches from the record or is listed as stylised."""
    from dprk_explorer.gui.widgets.presets import RECORD_GROUP, STYLISED_GROUP

    combo = window.presets.combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    record_at, stylised_at = texts.index(RECORD_GROUP), texts.index(STYLISED_GROUP)
    model = combo.model()
    for heading in (record_at, stylised_at):
        assert combo.itemData(heading) is None
        assert not model.flags(model.index(heading, 0)) & QtCore.Qt.ItemFlag.ItemIsSelectable
    for pid, preset in PRESETS.items():
        at = combo.findData(pid)
        historical = pid.startswith("record") or preset.scenario.branch is not None
        assert (record_at < at < stylised_at) is historical, pid
        assert (at > stylised_at) is (not historical), pid
        if not historical:
            assert preset.summary.startswith("Stylised"), pid

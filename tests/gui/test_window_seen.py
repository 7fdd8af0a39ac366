"""What the user sees and gets, read from the widgets and the clipboard themselves: every
headline figure, the copied key numbers in each flavour, the recent-files menu in order."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6 import QtGui, QtWidgets
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.text import format as fmt
from dprk_explorer.gui.view_state import View
from dprk_explorer.gui.widgets.headline import HeadlineStrip
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model import PARAMETERS, PRESETS, Scenario, evaluate
from dprk_explorer.model.analysis.robustness import Robustness
from dprk_explorer.model.answer import Answer
from tests.gui.answer_helpers import answer_of
from tests.gui_helpers import settle


@pytest.fixture
def window(shared_window: MainWindow) -> MainWindow:
    """One window for the module, reset and checked before each test (tests/shared_window.py)."""
    return shared_window


def test_every_headline_figure_shows_the_scenario(window: MainWindow, qtbot: QtBot) -> None:
    """Two presets in turn on one window: each strip figure follows the scenario shown."""
    for preset in ("china_2017_suspension", "post_singapore_2018"):
        _headline_shows(window, qtbot, preset)


def _headline_shows(window: MainWindow, qtbot: QtBot, preset: str) -> None:
    scenario = PRESETS[preset].scenario
    window.state.replace(scenario, "preset")
    settle(window, qtbot)
    result = evaluate(scenario)
    coal = result.channels.index("coal")
    strip = window.headline
    shown = {
        "net": (strip.net.value.text(), strip.net.detail.text()),
        "loss": (strip.loss.value.text(), strip.loss.detail.text()),
        "total": (strip.total.value.text(), strip.total.detail.text()),
    }
    assert shown["net"] == (
        fmt.usd(result.net_change_usd_m, signed=True),
        f"{fmt.pct(result.net_change_pct, signed=True, digits=1)} vs no sanctions",
    )
    blocked = result.blocked_usd_m
    assert blocked["coal"] == result.baseline_usd_m[coal] * 1.0 or blocked["coal"] > 0
    total_blocked = sum(blocked.values())
    assert shown["loss"] == (
        fmt.usd(total_blocked),
        f"coal {fmt.usd(blocked['coal'])} + {fmt.usd(total_blocked - blocked['coal'])}",
    )
    assert shown["total"] == (
        fmt.usd(result.total_scenario_usd_m),
        "goods gross, labour net",
    )
    assert result.total_scenario_usd_m != result.total_baseline_usd_m  # the two can be told apart
    won = sum(result.recovered_usd_m.values())
    assert won > 0
    assert strip.offset.value.text() == fmt.pct(100 * won / sum(blocked.values()))
    routes = result.recovered_usd_m
    # the strip keeps the routes China's enforcement governs apart from those it does not
    assert strip.offset.detail.text() == (
        f"China's routes {fmt.usd(result.recovered_china_governs_usd_m)}, "
        f"others {fmt.usd(result.recovered_not_china_usd_m)}"
    )
    # every route by name in the tooltip, the smuggling figure with its basis
    assert (
        f"China's routes: smuggling receipts {fmt.usd(routes['smuggling'])}, "
        f"unbanned {fmt.usd(routes['redirected_exports'])}, labour {fmt.usd(routes['labour'])}."
    ) in strip.offset.toolTip()
    assert "receipts at the smuggling price" in strip.offset.toolTip()
    assert "−" not in strip.offset.value.text()  # never a negative share won back


def test_the_robustness_flag_reads_what_can_flip(qtbot: QtBot) -> None:
    strip = HeadlineStrip()
    qtbot.addWidget(strip)
    answer = answer_of(Scenario.default(), analysis=True)
    assert answer.analysis is not None

    def checked(check: Robustness, low: float, high: float, fresh: bool = True) -> Answer:
        """The answer with this robustness check and net change band."""
        assert answer.analysis is not None
        bands = replace(answer.analysis.bands, net_change_p5=low, net_change_p95=high)
        analysis = replace(answer.analysis, robustness=check, bands=bands)
        return answer.with_analysis(analysis, fresh=fresh)

    strip.show_answer(checked(Robustness(False, False, (), 10), -600.0, -400.0), View())
    assert (strip.robust.value.text(), strip.robust.detail.text()) == (
        "Robust",
        "sign and ranking hold",
    )
    assert strip.robust.value.property("role") != "alarm"
    strip.show_answer(checked(Robustness(True, False, (), 10), -100.0, 50.0), View())
    assert (strip.robust.value.text(), strip.robust.detail.text()) == (
        "Not robust",
        "sign can flip",
    )
    assert strip.robust.value.property("role") == "alarm"
    assert "−$100 m to +$50 m" in strip.robust.toolTip()
    strip.show_answer(checked(Robustness(True, False, (), 10), -100.0, 50.0, fresh=False), View())
    assert strip.robust.value.text() == "Not robust …"


def test_copied_key_numbers_carry_text_markdown_and_html(window: MainWindow) -> None:
    window.state.replace(PRESETS["china_2017_suspension"].scenario, "preset")
    clipboard = QtGui.QGuiApplication.clipboard()
    try:
        window.exporter.copy_key_numbers()
        mime = clipboard.mimeData()
        plain = mime.text()
        markdown = bytes(mime.data("text/markdown").data()).decode("utf-8")
        html = mime.html()
        assert plain.startswith("With 100 % coal-ban compliance") and "**" not in plain
        assert "**$1.18 bn**" in markdown
        # The HTML flavour is the Markdown rendered: bold figures, no Markdown asterisks.
        assert "$1.18 bn" in html and "**" not in html
        assert "font-weight" in html or "<b>" in html or "<strong>" in html
    finally:
        clipboard.clear()  # Qt's offscreen clipboard must not hold Python mime data at exit


def test_recent_files_list_newest_first_in_the_menu(window: MainWindow, tmp_path: Path) -> None:
    paths = []
    for name in ("first", "second", "third"):
        path = tmp_path / f"{name}.toml"
        path.write_text(Scenario.default().with_values({"border_laxity": 30}).to_toml())
        assert window.files.open_path(path)
        paths.append(path)
    assert window.files.open_path(paths[0])  # reopening moves it to the top, once
    menu = window.files.recent_menu
    menu.aboutToShow.emit()
    entries = [action.data() for action in menu.actions()]
    assert entries == [str(paths[0]), str(paths[2]), str(paths[1])]
    assert [action.text() for action in menu.actions()] == [
        "&1 first.toml",
        "&2 third.toml",
        "&3 second.toml",
    ]


def test_help_shows_the_shipped_model_documentation(window: MainWindow) -> None:
    doc = window.show_model_doc()
    text = doc.browser.toPlainText()
    assert "The revenue model" in text and "Equations" in text
    assert "not part of this installation" not in text
    assert window.show_model_doc() is doc  # one window, raised again
    doc.close()
    validation = window.show_validation_doc().browser.toPlainText()
    assert "Validation: the record preset against the public record" in validation


def test_the_assumptions_form_shows_names_and_values_side_by_side(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.assumptions.set_expanded(True)
    labels = [
        w for g in window.assumptions.groups.values() for w in g.findChildren(QtWidgets.QLabel)
    ]
    qtbot.waitUntil(lambda: all(label.height() > 0 for label in labels))
    dock_width = window.controls_dock.width()
    for pid, field in window.assumptions.fields.items():
        assert field.toolTip() == PARAMETERS[pid].tooltip()  # the source on hover
        assert field.geometry().right() <= field.parentWidget().width()  # no sideways scroll
        if isinstance(field, QtWidgets.QCheckBox):  # its name wraps beside it, a click away
            assert field.accessibleName() == PARAMETERS[pid].label
            names = [
                w for w in field.parentWidget().findChildren(QtWidgets.QLabel) if w.buddy() is field
            ]
            assert [w.text() for w in names] == [PARAMETERS[pid].label]
            assert names[0].geometry().right() <= field.parentWidget().width()
            continue
        label = field.parentWidget().layout().itemAtPosition(_row_of(field), 0).widget()
        assert isinstance(label, QtWidgets.QLabel) and label.text() == PARAMETERS[pid].label
        # The whole label is drawn: it gets the height its wrapped text needs.
        assert label.height() >= label.heightForWidth(label.width())
        assert label.geometry().right() < field.geometry().left()
    assert dock_width <= 400


def _row_of(field: QtWidgets.QWidget) -> int:
    layout = field.parentWidget().layout()
    row, _column, _rows, _columns = layout.getItemPosition(layout.indexOf(field))
    return row


def test_a_group_reset_restores_only_that_group(window: MainWindow) -> None:
    window.assumptions.set_expanded(True)
    fields = window.assumptions.fields
    fields["smuggling_discount_pct"].setValue(45.0)  # behavioural
    fields["ban_textiles"].setChecked(True)  # sanctions
    behaviour = window.assumptions.groups["assumption"]
    assert behaviour.reset.isEnabled()
    behaviour.reset.click()
    assert window.state.scenario["smuggling_discount_pct"] == 30.0
    assert window.state.scenario["ban_textiles"] is True
    assert not behaviour.reset.isEnabled()


@pytest.mark.parametrize(
    ("screen", "expected"),
    [
        ((1920, 1080), (1728, 972)),  # larger than the default: the README's "fits the screen"
        ((2560, 1440), (2304, 1296)),
        ((1366, 768), (1280, 720)),
        ((1024, 700), (976, 652)),
    ],
)
def test_the_first_size_fits_the_screen(screen: tuple[int, int], expected: tuple[int, int]) -> None:
    from PySide6 import QtCore

    from dprk_explorer.gui.window import first_size

    size = first_size(QtCore.QRect(0, 0, *screen))
    assert (size.width(), size.height()) == expected


def test_a_small_window_scrolls_its_plots_instead_of_clipping(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(800, 600)
    qtbot.waitUntil(lambda: window.width() <= 800)
    content = window.central_scroll.widget()
    assert content.width() >= content.minimumWidth() > 0
    assert window.central_scroll.horizontalScrollBar().maximum() > 0  # scrolls, not squeezed


def test_view_menu_toggles_docks_and_reset_layout_redocks_them(fresh_window: MainWindow) -> None:
    window = fresh_window  # its docks' layout is not put back exactly (Reset layout's own)

    def fills_the_left_area() -> None:
        for _ in range(5):
            QtWidgets.QApplication.processEvents()
        room = window.centralWidget().height()
        assert window.controls_dock.height() >= room - 40, (window.controls_dock.height(), room)
        assert window.controls_dock.widget().isVisible()
        assert not window.analysis_dock.widget().isVisibleTo(window.analysis_dock)

    fills_the_left_area()
    window.reset_layout_action.trigger()  # from where they are: it left Controls 86 px tall
    fills_the_left_area()
    toggle = window.controls_dock.toggleViewAction()
    assert toggle.isEnabled()
    toggle.trigger()
    assert window.controls_dock.isHidden()
    window.analysis_dock.setFloating(True)
    window.reset_layout_action.trigger()
    assert not window.controls_dock.isHidden() and not window.analysis_dock.isFloating()
    assert window.tabifiedDockWidgets(window.controls_dock) == [window.analysis_dock]
    fills_the_left_area()


def test_a_run_of_key_steps_on_one_lever_is_one_undo_step(window: MainWindow, qtbot: QtBot) -> None:
    from PySide6 import QtCore

    stack = window.state.undo_stack
    start = stack.count()
    slider = window.levers.rows["border_laxity"].slider
    slider.setFocus()
    for _ in range(12):
        qtbot.keyClick(slider, QtCore.Qt.Key.Key_Right)
    assert window.state.scenario["border_laxity"] == 37
    assert stack.count() == start + 1
    other = window.levers.rows["labour_outsourcing"].slider
    other.setFocus()
    qtbot.keyClick(other, QtCore.Qt.Key.Key_Right)  # another lever: a new step
    assert stack.count() == start + 2
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.state.scenario["border_laxity"] == 25


def test_slider_drags_snap_to_the_lever_step(window: MainWindow) -> None:
    row = window.levers.rows["coal_ban_compliance"]
    window.state.begin_drag()
    row.slider.setSliderDown(True)
    row.slider.setValue(957)  # 95.7 % by position
    row.slider.setSliderDown(False)
    window.state.end_drag()
    assert window.state.scenario["coal_ban_compliance"] == 96.0
    assert row.spin.text().startswith("96.0")


def test_the_first_run_hint_shows_once_until_dismissed(qtbot: QtBot, tmp_path: Path) -> None:
    from tests.gui_helpers import make_window

    first = make_window(tmp_path)
    qtbot.addWidget(first)
    first.show()
    assert first.hint.isVisible()
    assert "levers on the left" in first.hint.findChild(QtWidgets.QLabel).text()
    first.hint.findChild(QtWidgets.QPushButton, "hintClose").click()
    assert not first.hint.isVisible()
    first.close()
    second = make_window(tmp_path)  # the same settings file
    qtbot.addWidget(second)
    second.show()
    assert not second.hint.isVisible()

"""The strip's detail lines read whole at 1280x800 and at 1366x768 (issue 27): the record over
nine years (billions on every line), a branch of it ('vs the record: ...'), a pin compared
with; read from the lines each detail draws (`LiveText.shown_lines`)."""

from __future__ import annotations

import pytest
from PySide6 import QtCore, QtGui, QtWidgets
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.widgets.live_text import LiveText
from dprk_explorer.gui.window import MainWindow
from dprk_explorer.model.presets import PRESETS
from tests.gui_helpers import choose_period, settle

ELLIPSIS = "…"


def laid_out() -> None:
    for _ in range(5):
        QtWidgets.QApplication.sendPostedEvents(None, QtCore.QEvent.Type.LayoutRequest)
        QtWidgets.QApplication.processEvents()


def shown(line: LiveText) -> str:
    return " ".join(line.shown_lines())


def cut_lines(window: MainWindow) -> list[tuple[str, str]]:
    """(text, drawn) of every detail line not drawn whole."""
    strip = window.headline
    cut = []
    for figure in (*strip.figures, strip.robust):
        line = figure.detail
        if shown(line) != line.text():
            cut.append((line.text(), shown(line)))
    return cut


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_every_detail_line_reads_whole_for_the_record_a_branch_and_a_pin(
    window: MainWindow, qtbot: QtBot, size: tuple[int, int]
) -> None:
    window.resize(*size)
    window.state.replace(PRESETS["record"].scenario, "The record")
    choose_period(window, "2017-2025")
    settle(window, qtbot)
    laid_out()
    strip = window.headline
    assert "bn" in strip.loss.detail.text() and "bn" in strip.offset.detail.text()
    assert cut_lines(window) == []
    # A branch says its difference from the record; a pin compared with has its line too.
    window.state.replace(PRESETS["suspension_2017_branch"].scenario, "Branch")
    window.pin_panel.pin_current("The suspension alone")
    settle(window, qtbot)
    laid_out()
    assert strip.net.detail.text().startswith("vs the record")
    assert strip.net_vs.isVisible()
    assert cut_lines(window) == []
    # The net change's line for any value: as wide as its widest ('−88.8 % vs no sanctions').
    strip.net.detail.setText("−88.8 % vs no sanctions")
    assert shown(strip.net.detail) == "−88.8 % vs no sanctions"


def test_a_narrow_line_wraps_between_words_then_takes_its_shorter_wording(qtbot: QtBot) -> None:
    """Never a number parted from its unit; the shorter wording before an ellipsis."""
    line = LiveText("", "detail", "x", lines=2)
    qtbot.addWidget(line)
    metrics = line.fontMetrics()
    text, shorter = "coal $19.05 bn + $13.58 bn", "coal $19 bn + $14 bn"
    line.setText(text, shorter)
    line.resize(metrics.horizontalAdvance("coal $19.05 bn +") + 2, 40)
    assert line.shown_lines() == ["coal $19.05 bn +", "$13.58 bn"]
    line.resize(metrics.horizontalAdvance("coal $19 bn") + 2, 40)
    assert line.shown_lines() == ["coal $19 bn", "+ $14 bn"]
    one = LiveText("", "detail", "x")
    qtbot.addWidget(one)
    one.setText("China's routes $3.70 bn, others $7.32 bn", "China's $3.70 bn, others $7.32 bn")
    one.resize(metrics.horizontalAdvance("China's $3.70 bn, others $7.32 bn") + 2, 20)
    assert one.shown_lines() == ["China's $3.70 bn, others $7.32 bn"]
    one.resize(60, 20)
    assert one.shown_lines()[0].endswith(ELLIPSIS)
    assert QtGui.QFontMetrics(one.font()).horizontalAdvance(one.shown_lines()[0]) <= 60

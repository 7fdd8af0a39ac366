"""Pixmap caches never show a stale picture: after slider moves, each plot of the window looks
as it does drawn with no cache at all (gui.plots.base.StyledPlot.cache_static caches the items a
step leaves as they were; Qt must render a cache again whenever its item changes)."""

from __future__ import annotations

import numpy as np
from PySide6 import QtGui, QtWidgets
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.plots.base import walk
from dprk_explorer.gui.widgets.levers import SLIDER_SCALE
from dprk_explorer.gui.window import MainWindow


def pixels(plot: QtWidgets.QWidget) -> np.ndarray:
    image = plot.grab().toImage().convertToFormat(QtGui.QImage.Format.Format_RGB32)
    bits = image.constBits()
    rows = np.frombuffer(bits, np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : 4 * image.width()].reshape(image.height(), image.width(), 4).astype(np.int16)


def test_cached_items_show_the_answer_after_moves(window: MainWindow, qtbot: QtBot) -> None:
    window.bands_action.setChecked(False)
    window.state.begin_drag()
    for pid, value in (
        ("coal_ban_compliance", 30.0),
        ("border_laxity", 80.0),
        ("labour_outsourcing", 160.0),
        ("coal_ban_compliance", 95.0),
    ):
        window.levers.rows[pid].slider.setValue(round(value * SLIDER_SCALE))
        QtWidgets.QApplication.processEvents()
    window.state.end_drag()
    window.state.flush()
    QtWidgets.QApplication.processEvents()
    cached = [pixels(plot) for plot in window.plots]
    for plot in window.plots:
        for item in walk(plot.getPlotItem()):
            item.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.NoCache)
    for plot, before in zip(window.plots, cached, strict=True):
        direct = pixels(plot)
        # A cache composes the same pixels (at most a rounding step apart where edges blend).
        differ = np.abs(direct - before).max(axis=2) > 24
        assert differ.mean() < 0.002, f"{type(plot).__name__}: {differ.sum()} pixels stale"

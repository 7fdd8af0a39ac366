"""Pixmap caches never show a stale picture: after slider moves (and a pin), each plot of the
window looks as it does with every cache made again from its item (gui.plots.base.StyledPlot.
cache_static caches the items a step leaves as they were; Qt must render a cache again whenever
its item changes)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtGui, QtWidgets
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.plots.base import walk
from dprk_explorer.gui.plots.items import Curve, ValueLabel
from dprk_explorer.gui.widgets.levers import SLIDER_SCALE
from dprk_explorer.gui.window import MainWindow


def pixels(plot: QtWidgets.QWidget) -> np.ndarray:
    image = plot.grab().toImage().convertToFormat(QtGui.QImage.Format.Format_RGB32)
    bits = image.constBits()
    rows = np.frombuffer(bits, np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : 4 * image.width()].reshape(image.height(), image.width(), 4).astype(np.int16)


#: What the plots draw their figures with (not their text): lines, bars, fills, markers.
DRAWN_DATA = (
    Curve,
    QtWidgets.QGraphicsRectItem,
    pg.PlotCurveItem,
    pg.ScatterPlotItem,
    pg.InfiniteLine,
    pg.FillBetweenItem,
)


def unmatched(image: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Pixels of `image` with no pixel of the same colour (within 8) at or next to them in
    `other`: a cache that moved with its item sits where Qt's whole pixels put it, which may
    be a pixel from where a fresh one draws; a stale picture is more than a pixel out."""
    h, w = image.shape[:2]
    padded = np.pad(other, ((1, 1), (1, 1), (0, 0)), mode="edge")
    best = np.full((h, w), 1 << 14, dtype=np.int16)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            shifted = padded[dy : dy + h, dx : dx + w]
            best = np.minimum(best, np.abs(image - shifted).max(axis=2))
    return best > 8


def test_cached_items_show_the_answer_after_moves(window: MainWindow, qtbot: QtBot) -> None:
    window.bands_action.setChecked(False)
    window.state.begin_drag()
    for pid, value in (
        ("coal_ban_compliance", 30.0),
        ("border_laxity", 80.0),
        ("pin", 0.0),  # a pin: its ghost bars and values stay while the live ones move
        ("labour_outsourcing", 160.0),
        ("coal_ban_compliance", 95.0),
    ):
        if pid == "pin":
            window.state.flush()
            window.pin_panel.pin_current("Before")
        else:
            window.levers.rows[pid].slider.setValue(round(value * SLIDER_SCALE))
        QtWidgets.QApplication.processEvents()
    window.state.end_drag()
    window.state.flush()
    QtWidgets.QApplication.processEvents()
    assert window.pins.pins, "the pin is drawn"
    cached = [pixels(plot) for plot in window.plots]
    # Every cache of a line, bar, fill or marker dropped and made again from its item as it
    # is now: the same pictures, unless a cache was showing what its item drew before.
    for plot in window.plots:
        for item in walk(plot.getPlotItem()):
            if not isinstance(item, DRAWN_DATA) or isinstance(item, ValueLabel):
                continue  # text (axes, legends, names) is cached as it was before this test
            mode = item.cacheMode()
            item.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.NoCache)
            item.setCacheMode(mode)
    for plot, before in zip(window.plots, cached, strict=True):
        fresh = pixels(plot)
        stale = unmatched(fresh, before) | unmatched(before, fresh)
        assert not stale.any(), f"{type(plot).__name__}: {int(stale.sum())} pixels stale"

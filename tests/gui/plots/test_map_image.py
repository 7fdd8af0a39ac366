"""The map's image is kept in the format Qt draws scaled without converting (gui.plots.
revenue_map.MapImage): what it draws is still the answer's grid through the colour scale,
made again when a labour step brings a new grid and unchanged when a step leaves it."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtGui
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.plots.revenue_map import DRAWN_FORMAT
from dprk_explorer.gui.window import MainWindow
from tests.gui_helpers import settle


def drawn(window: MainWindow) -> QtGui.QImage:
    """The picture the map's image item draws, once the map has been painted."""
    window.map.grab()
    image = window.map.image.qimage
    assert image is not None
    return image.copy()


def expected(window: MainWindow) -> QtGui.QImage:
    """pyqtgraph's own rendering of the answer's grid, with the map's colour scale."""
    answer = window.answers.answer
    assert answer is not None and answer.grid is not None
    item = window.map.image
    reference = pg.ImageItem(axisOrder="row-major")
    reference.setLookupTable(item.lut)
    net = np.ascontiguousarray(np.asarray(answer.grid.net_change_usd_m, dtype=np.float64).T)
    reference.setImage(net, autoLevels=False, levels=item.levels)
    reference.render()
    image = reference.qimage
    assert image is not None
    return image.convertToFormat(DRAWN_FORMAT)


def step(window: MainWindow, qtbot: QtBot, pid: str, delta: int) -> None:
    slider = window.levers.rows[pid].slider
    value = slider.value() + delta
    if value > slider.maximum():
        value = slider.value() - delta
    slider.setValue(value)
    settle(window, qtbot)


def test_the_map_draws_the_answer_s_grid_after_each_step(
    shared_window: MainWindow, qtbot: QtBot
) -> None:
    window = shared_window
    first = drawn(window)
    assert first.format() == DRAWN_FORMAT
    assert first == expected(window)

    step(window, qtbot, "labour_outsourcing", 4000)  # a new grid: the image is made again
    after_labour = drawn(window)
    assert after_labour.format() == DRAWN_FORMAT
    assert after_labour != first
    assert after_labour == expected(window)

    step(window, qtbot, "coal_ban_compliance", 1000)  # the same grid: the same picture
    assert drawn(window) == after_labour == expected(window)

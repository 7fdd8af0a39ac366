"""What every plot shares: a white pyqtgraph PlotWidget that redraws from a Result and says when
it has painted (the screenshot and the latency benchmark wait on that)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from gui import palette
from model import Result


class ResultPlot(pg.PlotWidget):
    """Subclasses build their items once in `__init__` and update them in `show_result`."""

    painted = QtCore.Signal()

    def __init__(self, title: str, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent=parent, background="w")
        self.paint_count = 0
        item = self.getPlotItem()
        item.setTitle(title, size=palette.TITLE_SIZE, bold=True)
        item.setMenuEnabled(False)
        item.hideButtons()
        font = QtGui.QFont()
        font.setPointSize(palette.AXIS_FONT_PT)
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setTickFont(font)
            axis.setTextPen("k")
            axis.setPen(palette.pen("#444444", 1.0))
        self.setMinimumSize(300, 220)

    def show_result(self, result: Result) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        super().paintEvent(event)
        self.paint_count += 1
        self.painted.emit()

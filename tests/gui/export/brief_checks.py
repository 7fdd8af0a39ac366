"""Checks of a laid-out brief shared by its tests: on its paper, the headline strip's figures in
their cells, the waterfall's names apart."""

from __future__ import annotations

import itertools

from PySide6 import QtGui

from dprk_explorer.gui.export.headline_strip import TEXT_INSET_PX, cell_widths, headline_fonts
from dprk_explorer.gui.export.page import Page
from dprk_explorer.gui.export.plot_fit import ticks_collide
from dprk_explorer.gui.export.print_text import MIN_FONT_PT
from dprk_explorer.gui.plots.base import StyledPlot


def assert_placed_on_paper(page: Page) -> None:
    """Every block lies on the page, none overlaps another, and the page at its full size (no
    scaling: its smallest text stays MIN_FONT_PT) lies inside the printable area."""
    printable = page.printable
    assert printable is not None
    assert page.fit_scale == 1.0
    assert page.width <= printable.width() + 0.5
    assert page.height <= printable.height() + 0.5, (page.height, printable.height())
    rects = [block.rect for block in page.blocks]
    for rect in rects:
        assert rect.left() >= -0.01 and rect.right() <= page.width + 0.5
        assert rect.top() >= -0.01 and rect.bottom() <= page.height + 0.5
    for a, b in itertools.combinations(rects, 2):
        overlap = a.intersected(b)
        assert overlap.width() < 0.5 or overlap.height() < 0.5, (a, b)


def assert_headline_figures_fit(page: Page) -> None:
    """Each figure of the strip (caption, value, detail) is no wider than the box it is drawn
    in: the won-back figure's two groups were cut at '..., others $'."""
    small, big = headline_fonts()
    fine, bold = QtGui.QFontMetricsF(small), QtGui.QFontMetricsF(big)
    for number, cell in zip(page.headlines, cell_widths(page.width, page.headlines), strict=True):
        room = cell - TEXT_INSET_PX
        assert fine.horizontalAdvance(number.caption) <= room, number.caption
        assert bold.horizontalAdvance(number.value) <= room, number.value
        assert fine.horizontalAdvance(number.detail) <= room, number.detail


def assert_category_names_apart(waterfall: StyledPlot) -> None:
    """The waterfall's step names, centred under their columns, do not run into each other,
    and are set no smaller than the page's least size."""
    axis = waterfall.getPlotItem().getAxis("bottom")
    view = waterfall.getPlotItem().getViewBox()
    low, high = view.viewRange()[0]
    ticks = sorted(axis._tickLevels[0])
    positions = [(x - low) * view.width() / (high - low) for x, _name in ticks]
    names = [str(name) for _x, name in ticks]
    assert not ticks_collide(positions, names, axis.style["tickFont"])
    assert axis.style["tickFont"].pointSizeF() >= MIN_FONT_PT

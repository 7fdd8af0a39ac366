"""The headline's figures are drawn opaque on the strip's colour (a step repaints only the
text's box): what the user sees is still the strip's background around each figure's text, and
the text of the answer now in force, never a trace of the one before."""

from __future__ import annotations

from PySide6 import QtCore, QtGui
from pytestqt.qtbot import QtBot

from dprk_explorer.gui.window import MainWindow
from tests.gui_helpers import settle


def strip_image(window: MainWindow) -> QtGui.QImage:
    return window.headline.grab().toImage()


def box_colours(image: QtGui.QImage, box: QtCore.QRect) -> set[int]:
    return {
        image.pixel(x, y)
        for x in range(box.left(), box.right() + 1)
        for y in range(box.top(), box.bottom() + 1)
    }


def test_the_figures_sit_on_the_strip_s_own_colour_and_show_the_answer_in_force(
    shared_window: MainWindow, qtbot: QtBot
) -> None:
    window = shared_window
    strip = window.headline
    value = strip.net.value
    image = strip_image(window)
    # The strip's background, between its border and the first figure's caption.
    strip_colour = image.pixel(1, strip.net.mapTo(strip, QtCore.QPoint(0, 0)).y() + 1)
    origin = value.mapTo(strip, QtCore.QPoint(0, 0))
    box = QtCore.QRect(origin, value.size())
    # The value's box right of its text: nothing drawn there but the strip's colour.
    width = value.fontMetrics().horizontalAdvance(value.text())
    blank = QtCore.QRect(origin.x() + width + 4, origin.y(), value.width() - width - 6, 4)
    assert blank.width() > 0
    assert box_colours(image, blank) == {strip_colour}

    before = value.text()
    slider = window.levers.rows["coal_ban_compliance"].slider
    slider.setValue(slider.minimum() if slider.value() != slider.minimum() else slider.maximum())
    settle(window, qtbot)
    after = value.text()
    assert after != before
    # Drawn again: the new text only (a wide one then a narrow one leaves no trace of the wide).
    value.setText("−$8.88 bn")
    wide = box_colours(strip_image(window), box)
    value.setText("1")
    narrow_image = strip_image(window)
    narrow_width = value.fontMetrics().horizontalAdvance("1")
    right = QtCore.QRect(
        origin.x() + narrow_width + 4, origin.y(), value.width() - narrow_width - 6, value.height()
    )
    assert box_colours(narrow_image, right) == {strip_colour}
    assert len(wide) > 1  # the wide text was drawn there
    value.setText(after)
    shown = strip_image(window)
    assert box_colours(shown, box) != {strip_colour}
    assert value.shown_lines() == [after]

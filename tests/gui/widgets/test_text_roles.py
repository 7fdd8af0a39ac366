"""Each text role looks as gui.palette.ROLES declares (size, weight, colour), read off the label
as drawn; and no app-wide style sheet puts the docks' controls through QStyleSheetStyle."""

from __future__ import annotations

import pytest
from PySide6 import QtGui, QtWidgets

from dprk_explorer.gui import palette

#: A solid block: every pixel of its glyph is the text colour, none blended with the page.
BLOCK = "\u2588\u2588\u2588\u2588"


def drawn(widget: QtWidgets.QWidget) -> QtGui.QImage:
    QtWidgets.QApplication.processEvents()
    return widget.grab().toImage().convertToFormat(QtGui.QImage.Format.Format_RGB32)


def colours(image: QtGui.QImage) -> dict[int, int]:
    counts: dict[int, int] = {}
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixel(x, y)
            counts[pixel] = counts.get(pixel, 0) + 1
    return counts


def on_page(ink: QtGui.QColor, page: QtGui.QColor) -> QtGui.QColor:
    """`ink` as drawn over `page` (the desktop's muted text is black at half opacity)."""
    a = ink.alphaF()
    return QtGui.QColor.fromRgbF(
        *(
            a * i + (1 - a) * p
            for i, p in zip(
                (ink.redF(), ink.greenF(), ink.blueF()),
                (page.redF(), page.greenF(), page.blueF()),
                strict=True,
            )
        )
    )


def near(a: QtGui.QColor, b: QtGui.QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) <= 1


def block_height_px(image: QtGui.QImage, ink: QtGui.QColor) -> int:
    """How many rows the block glyphs' ink spans: grows with the font's size."""
    rows = [
        y
        for y in range(image.height())
        if any(near(QtGui.QColor(image.pixel(x, y)), ink) for x in range(image.width()))
    ]
    return len(rows)


@pytest.mark.parametrize("role", [r for r in palette.ROLES if r])
def test_a_role_draws_its_declared_colour_size_and_weight(qapp, qtbot, role):
    size_pt, bold, _ = palette.ROLES[role]
    page = QtWidgets.QWidget()
    qtbot.addWidget(page)
    layout = QtWidgets.QVBoxLayout(page)
    plain = QtWidgets.QLabel(BLOCK)
    styled = QtWidgets.QLabel(BLOCK)
    layout.addWidget(plain)
    layout.addWidget(styled)
    palette.set_role(styled, role)
    page.show()
    qtbot.waitExposed(page)

    expected = palette.role_colour(styled, role)
    ink = (
        expected
        if expected is not None
        else page.palette().color(QtGui.QPalette.ColorRole.WindowText)
    )
    background = page.palette().color(QtGui.QPalette.ColorRole.Window)
    if role == "muted":
        assert ink == page.palette().color(QtGui.QPalette.ColorRole.PlaceholderText)
    ink = on_page(ink, background)
    image = drawn(styled)
    # The block's solid ink is the declared colour (or, with none declared, the page's text).
    solid = max(colours(image).items(), key=lambda item: item[1])[0]
    assert near(QtGui.QColor(solid), ink), (role, QtGui.QColor(solid).name(), ink.name())
    # The size: the declared points, drawn smaller or larger than an unstyled label's.
    font = styled.font()
    if size_pt is not None:
        assert font.pointSizeF() == size_pt
        plain_ink = on_page(page.palette().color(QtGui.QPalette.ColorRole.WindowText), background)
        plain_px = block_height_px(drawn(plain), plain_ink)
        styled_px = block_height_px(image, ink)
        app_pt = QtWidgets.QApplication.font().pointSizeF()
        assert (styled_px < plain_px) == (size_pt < app_pt), (styled_px, plain_px)
    else:
        assert font.pointSizeF() == QtWidgets.QApplication.font().pointSizeF()
    assert (font.weight() >= QtGui.QFont.Weight.DemiBold) == bold
    # Back to no role: the label inherits its page's font and colour again.
    palette.set_role(styled, "")
    assert styled.font() == plain.font()
    assert colours(drawn(styled)) == colours(drawn(plain))


def test_a_heading_toggle_is_bold_and_borderless_open_or_shut(qapp, qtbot):
    page = QtWidgets.QWidget()
    qtbot.addWidget(page)
    button = QtWidgets.QToolButton()
    button.setText("Advanced assumptions")
    button.setCheckable(True)
    QtWidgets.QVBoxLayout(page).addWidget(button)
    palette.set_role(button, "heading")
    page.show()
    qtbot.waitExposed(page)
    assert button.font().weight() >= QtGui.QFont.Weight.DemiBold
    background = page.palette().color(QtGui.QPalette.ColorRole.Window)
    for checked in (False, True):
        button.setChecked(checked)
        image = drawn(button)
        edges = [image.pixel(x, 0) for x in range(image.width())] + [
            image.pixel(0, y) for y in range(image.height())
        ]
        assert all(QtGui.QColor(pixel) == background for pixel in edges), checked  # no bevel


def test_the_docks_controls_take_the_plain_desktop_style(window):
    """An app-wide style sheet would send every control through QStyleSheetStyle (the biggest
    cost of building the window); only the headline strip, first-run hint and ring have one."""
    assert QtWidgets.QApplication.instance().styleSheet() == ""
    app_style = QtWidgets.QApplication.style()
    for dock in window.findChildren(QtWidgets.QDockWidget):
        for control in dock.findChildren(QtWidgets.QAbstractSpinBox):
            assert control.style() is app_style, control.objectName()
        for label in dock.findChildren(QtWidgets.QLabel):
            if label.property("role"):
                assert label.style() is app_style
    assert window.findChild(QtWidgets.QFrame, "headlineStrip").styleSheet()


def test_the_headline_alarm_is_drawn_in_its_hue_at_the_strips_size(qapp, qtbot):
    """ "Not robust" turns the strip's value the alarm hue; its 16 pt bold, from the strip's own
    style sheet, stays."""
    from dprk_explorer.gui.widgets.headline import HeadlineStrip

    strip = HeadlineStrip()
    qtbot.addWidget(strip)
    value = strip.robust.value
    value.setText(BLOCK)
    strip.show()
    qtbot.waitExposed(strip)
    before = value.font().pointSizeF(), value.fontInfo().bold()
    alarm = QtGui.QColor(palette.NOT_ROBUST)
    assert not any(near(QtGui.QColor(p), alarm) for p in colours(drawn(value)))
    palette.set_role(value, "alarm")
    assert any(near(QtGui.QColor(p), alarm) for p in colours(drawn(value)))
    assert (value.font().pointSizeF(), value.fontInfo().bold()) == before == (16.0, True)
    palette.set_role(value, "")
    assert not any(near(QtGui.QColor(p), alarm) for p in colours(drawn(value)))

"""The exports' own PNG writer (gui/export/png.py) keeps every pixel: what Qt reads back from the
file is the image drawn, in its colours, its orientation and its size (an odd width included,
whose rows Qt pads)."""

from __future__ import annotations

import pytest
from PySide6 import QtGui

from dprk_explorer.gui.export.png import encode_png

FORMATS = [
    QtGui.QImage.Format.Format_RGB32,  # the exports' page
    QtGui.QImage.Format.Format_ARGB32_Premultiplied,  # a grabbed window (the screenshot)
]


def _drawn(fmt: QtGui.QImage.Format) -> QtGui.QImage:
    image = QtGui.QImage(37, 11, fmt)
    for y in range(image.height()):
        for x in range(image.width()):  # every pixel its own colour: a swap or a flip shows
            image.setPixel(x, y, 0xFF000000 | (x * 6 << 16) | (y * 23 << 8) | (x * y) % 256)
    return image


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_png_reads_back_as_the_image_drawn(qapp: object, fmt: QtGui.QImage.Format) -> None:
    drawn = _drawn(fmt)
    data = encode_png(drawn, 300, {"Title": "a test — with a dash"})
    read = QtGui.QImage.fromData(data, "PNG")
    assert (read.width(), read.height()) == (37, 11)
    assert [read.pixel(x, y) for y in range(11) for x in range(37)] == [
        drawn.pixel(x, y) for y in range(11) for x in range(37)
    ]
    assert read.text("Title") == "a test — with a dash"
    assert round(read.dotsPerMeterX() * 0.0254) == 300

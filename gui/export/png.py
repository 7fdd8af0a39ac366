"""PNG encoding for exported figures: RGB, zlib level 3, UTF-8 text chunks and the print DPI.

Qt's PNG writer (libpng with every row filter tried) takes ~0.25 s for a 300-dpi brief, a quarter
of the export budget; figures are mostly flat white and solid colours, which compress as well
with no row filter, so writing the few chunks here takes a third of that and the file is no
larger. Text is written as iTXt (UTF-8: captions hold dashes and minus signs), which Qt, libpng
and gui.io.embedded_scenario all read.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping

import numpy as np
from PySide6 import QtGui

from dprk_explorer.gui.io.embedded_scenario import PNG_SIGNATURE

SIGNATURE = PNG_SIGNATURE
COMPRESSION_LEVEL = 3
#: The largest image drawn: a 1200-dpi brief with a long title is about 115 million pixels.
#: Past this (or Qt's side limit) the page is refused before any memory is taken for it.
MAX_IMAGE_PIXELS = 160_000_000
MAX_IMAGE_SIDE = 32_767


def check_image_size(width: int, height: int) -> None:
    """ValueError with one clear message for an image too large to draw."""
    if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
        raise ValueError(
            f"the figure would be {width:,} × {height:,} pixels; at most {MAX_IMAGE_SIDE:,} a "
            f"side and {MAX_IMAGE_PIXELS:,} in all (lower the DPI or shorten the texts)"
        )


def new_image(width: int, height: int) -> QtGui.QImage:
    """A blank RGB32 image of that size, checked first; ValueError if Qt cannot allocate it."""
    check_image_size(width, height)
    image = QtGui.QImage(width, height, QtGui.QImage.Format.Format_RGB32)
    if image.isNull():
        raise ValueError(f"not enough memory to draw a {width:,} × {height:,} pixel figure")
    return image


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _itxt(key: str, text: str) -> bytes:
    # keyword, NUL, compression flag 0, method 0, empty language tag, NUL, empty translation, NUL
    return _chunk(b"iTXt", key.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8"))


def rgb_rows(image: QtGui.QImage) -> np.ndarray:
    """The image's pixels as PNG scanlines, one row each: filter byte 0, then R, G, B per pixel.
    Qt drops the padding byte of each pixel (RGB32 to RGB888, in C++: half the time of doing it
    in numpy, ~17 ms at 300 dpi); one copy puts the rows beside their filter bytes."""
    opaque = image.convertToFormat(QtGui.QImage.Format.Format_RGB32)  # as drawn, alpha dropped
    picture = opaque.convertToFormat(QtGui.QImage.Format.Format_RGB888)
    height, width = picture.height(), picture.width()
    raw = np.frombuffer(picture.constBits(), np.uint8).reshape(height, picture.bytesPerLine())
    rows = np.empty((height, 1 + width * 3), np.uint8)
    rows[:, 0] = 0
    rows[:, 1:] = raw[:, : width * 3]
    return rows


def encode_png(image: QtGui.QImage, dpi: int, texts: Mapping[str, str]) -> bytes:
    """`image` as a PNG file at `dpi` (pHYs), with `texts` as iTXt chunks before the pixels."""
    header = struct.pack(">IIBBBBB", image.width(), image.height(), 8, 2, 0, 0, 0)
    per_metre = round(dpi / 0.0254)
    parts = [
        SIGNATURE,
        _chunk(b"IHDR", header),
        _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        *(_itxt(key, text) for key, text in texts.items()),
        _chunk(b"IDAT", zlib.compress(rgb_rows(image).data, COMPRESSION_LEVEL)),
        _chunk(b"IEND", b""),
    ]
    return b"".join(parts)

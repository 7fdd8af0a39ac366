"""The PDF's page of sources: the full list keeps to one page, set a little smaller when it runs
just past it, and a list too long for one page never leaves a page holding only its last line."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6 import QtCore, QtGui, QtWidgets

from dprk_explorer.gui.application import application
from dprk_explorer.gui.export.print_text import CAPTION_PT, rich_text
from dprk_explorer.gui.export.writers import (
    MIN_SOURCES_SCALE,
    SOURCES_COLUMN_GAP_PX,
    sources_layout,
)

WIDTH_PX = 640.0
HEIGHT_PX = 900.0
ENTRY = (
    "China's customs 2018-03: Reuters, 'China first-quarter imports from North Korea fall 87 "
    "percent year-on-year in yuan terms', 2018-04, https://www.reuters.com/article/example"
)
CLOSING = "DPRK sanctions revenue explorer, exported 2026-01-01."


@pytest.fixture(scope="module")
def qt_app() -> Iterator[QtWidgets.QApplication]:
    yield application()


def sources(count: int) -> str:
    entries = "".join(f"<p>{n}. {ENTRY}</p>" for n in range(count))
    return f"<p><b>Sources of the figures</b></p>{entries}<p>{CLOSING}</p>"


def natural_height(html: str) -> float:
    return rich_text(html, CAPTION_PT, WIDTH_PX).size().height()


def page_of(document: QtGui.QTextDocument, block: QtGui.QTextBlock, height: float) -> int:
    return int(document.documentLayout().blockBoundingRect(block).top() // height)


def test_a_list_that_fits_is_set_at_the_captions_size(qt_app: object) -> None:
    html = sources(5)
    layout = sources_layout(html, WIDTH_PX, HEIGHT_PX)
    assert layout.scale == 1.0 and layout.page_count == 1
    assert layout.document.textWidth() == WIDTH_PX


def test_a_list_just_past_the_page_is_set_smaller_on_one_page(qt_app: object) -> None:
    count = next(n for n in range(5, 200) if natural_height(sources(n)) > HEIGHT_PX)
    html = sources(count)  # the first list that runs past the page at CAPTION_PT
    layout = sources_layout(html, WIDTH_PX, HEIGHT_PX)
    assert layout.page_count == 1
    assert MIN_SOURCES_SCALE <= layout.scale < 1.0
    # Drawn at its scale, it is as wide as the page and no taller.
    assert layout.document.textWidth() * layout.scale == pytest.approx(WIDTH_PX)
    assert layout.document.size().height() * layout.scale <= HEIGHT_PX
    assert CLOSING in layout.document.toPlainText()


def test_a_list_too_long_for_one_column_runs_on_in_a_second_on_the_same_page(
    qt_app: object,
) -> None:
    """The list grew past what one column holds even set smaller (the record's sources since
    2021 ran to three pages): it is set in two columns, side by side on the one page, each no
    taller than the page, at no less than MIN_SOURCES_SCALE, every entry once, in order."""
    # Past one column at its least size, by far (set smaller, its lines wrap less).
    count = next(
        n for n in range(5, 200) if natural_height(sources(n)) * MIN_SOURCES_SCALE > 1.3 * HEIGHT_PX
    )
    html = sources(count)
    layout = sources_layout(html, WIDTH_PX, HEIGHT_PX)
    assert layout.second is not None and layout.page_count == 1
    assert MIN_SOURCES_SCALE <= layout.scale <= 1.0
    first, second = layout.columns
    for column in (first, second):
        assert column.size().height() * layout.scale <= HEIGHT_PX
    # Side by side, apart, within the page's width.
    right = (layout.column_step + second.textWidth()) * layout.scale
    assert right == pytest.approx(WIDTH_PX)
    assert (layout.column_step - first.textWidth()) * layout.scale == pytest.approx(
        SOURCES_COLUMN_GAP_PX
    )
    text = first.toPlainText() + "\n" + second.toPlainText()
    assert first.toPlainText().startswith("Sources of the figures")
    assert second.toPlainText().endswith(CLOSING)
    numbers = [int(line.split(".", 1)[0]) for line in text.splitlines() if line[:1].isdigit()]
    assert numbers == list(range(count))


def test_a_long_list_never_leaves_its_last_line_alone_on_a_page(qt_app: object) -> None:
    """Among long lists, one whose plain pagination leaves the closing line alone on the last
    page: laid out for the PDF, the entry before goes over with it."""
    for count in range(60, 260):
        html = sources(count)
        plain = rich_text(html, CAPTION_PT, WIDTH_PX)
        plain.setPageSize(QtCore.QSizeF(WIDTH_PX, HEIGHT_PX))
        last = plain.lastBlock()
        if page_of(plain, last, HEIGHT_PX) > page_of(plain, last.previous(), HEIGHT_PX):
            break
    else:
        pytest.fail("no list length left the closing line alone: the test needs another range")
    layout = sources_layout(html, WIDTH_PX, HEIGHT_PX)
    assert layout.scale == 1.0 and layout.page_count >= 2
    document = layout.document
    last = document.lastBlock()
    assert page_of(document, last, HEIGHT_PX) == layout.page_count - 1
    assert page_of(document, last.previous(), HEIGHT_PX) == page_of(document, last, HEIGHT_PX)


def test_two_columns_are_set_at_the_largest_scale_that_fits(qt_app: object) -> None:
    """The two columns' scale is the largest step from 1 that fits: one step larger, no split
    of the list into two columns keeps both within the page (the search may skip a scale only
    when none could)."""
    import re

    from dprk_explorer.gui.export.writers import SOURCES_SCALE_STEP

    # A list that needs two columns set smaller than the captions' size (about 1.5 pages).
    first = next(n for n in range(5, 400) if natural_height(sources(n)) > 1.4 * HEIGHT_PX)
    for count in range(first, first + 20):
        html = sources(count)
        layout = sources_layout(html, WIDTH_PX, HEIGHT_PX)
        if layout.second is not None and layout.scale < 1.0 - SOURCES_SCALE_STEP:
            break
    else:
        pytest.fail("no list needs two columns set smaller")
    larger = layout.scale + SOURCES_SCALE_STEP
    column = (WIDTH_PX - SOURCES_COLUMN_GAP_PX) / 2.0 / larger
    paragraphs = re.findall(r"<p>.*?</p>", html, flags=re.DOTALL)
    tallest = [
        max(
            rich_text("".join(paragraphs[:split]), CAPTION_PT, column).size().height(),
            rich_text("".join(paragraphs[split:]), CAPTION_PT, column).size().height(),
        )
        for split in range(1, len(paragraphs))
    ]
    assert min(tallest) > HEIGHT_PX / larger

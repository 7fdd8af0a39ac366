"""The scenario inside an exported figure, read back without Qt.

gui.export.metadata writes it (and only it writes): this module holds the format both sides
agree on, so reading a figure (the command line, Open, a dropped file) needs nothing from the
exporter.

- PNG: a text chunk keyed `dprk-explorer-scenario` (Qt writes it from QImage.setText as tEXt,
  zTXt or iTXt; all three are read here).
- SVG: a `<metadata>` element holding `<dprkx:scenario>` with the TOML, XML-escaped.
- PDF: the same element inside the XMP metadata packet, which QPdfWriter stores uncompressed.

Reading is pure Python (no Qt, no XML parser: the element is found in one forward pass over the
file, read in chunks, and unescaped only once it is known to be small enough), so
`dprk-explorer run --scenario brief.png` works on a machine without a display, and a hostile
file can do no more than fail with one clear message. Only regular files are opened
(model.toml_io.open_regular): a FIFO or device is refused, never read.
"""

from __future__ import annotations

import html
import os
import struct
import zlib
from pathlib import Path
from typing import BinaryIO

from dprk_explorer.model import Scenario, ScenarioError
from dprk_explorer.model.core.scenario import MAX_FILE_BYTES, read_error
from dprk_explorer.model.core.toml_io import TomlError, open_regular
from dprk_explorer.model.record.record import record_scenario

PNG_KEY = "dprk-explorer-scenario"
NAMESPACE = "urn:dprk-explorer:scenario:1"
ELEMENT = "dprkx:scenario"
FIGURE_SUFFIXES = (".png", ".svg", ".pdf")
#: Exported figures may be large (a 1200-dpi PNG); only the metadata is read, but SVG and PDF are
#: searched whole, so they are capped.
MAX_FIGURE_BYTES = 200_000_000

#: The eight bytes every PNG starts with (gui.export.png writes them, this module checks).
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# --- reading --------------------------------------------------------------------------------

#: The escaped scenario element in SVG or XMP: XML escaping makes a character at most six
#: (`&quot;`), so a longer element cannot unescape to a scenario within MAX_FILE_BYTES; it is
#: refused before it is unescaped.
MAX_ELEMENT_BYTES = 6 * MAX_FILE_BYTES
#: The compressed scenario chunk in a PNG (Qt may write it as zTXt or iTXt).
MAX_CHUNK_BYTES = 4 * MAX_FILE_BYTES
_CHUNK = 1 << 20
_OPEN = b"<" + ELEMENT.encode()
_CLOSE = b"</" + ELEMENT.encode()
_NAME_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.:")


class NoScenarioError(ScenarioError):
    """A figure file holds no scenario (not exported by this app, or its metadata stripped)."""


def _png_text(stream: BinaryIO, where: str) -> str | None:
    """The value of the PNG_KEY text chunk, or None; IDAT data is skipped, never read. The
    chunk's CRC is checked (one flipped bit must not load another value)."""
    if stream.read(8) != PNG_SIGNATURE:
        raise ScenarioError(f"{where}is not a PNG image")
    key = PNG_KEY.encode("latin-1")
    while True:
        head = stream.read(8)
        if len(head) < 8:
            return None
        length, kind = struct.unpack(">I4s", head)
        if kind in (b"tEXt", b"zTXt", b"iTXt"):
            if length > MAX_CHUNK_BYTES:
                name = stream.read(len(key) + 1)
                if name == key + b"\0":
                    raise ScenarioError(
                        f"{where}the embedded scenario chunk is {length:,} bytes; "
                        f"at most {MAX_CHUNK_BYTES:,} are read"
                    )
                stream.seek(length - len(name) + 4, 1)
                continue
            data = stream.read(length)
            crc = stream.read(4)
            name, _, rest = data.partition(b"\0")
            if name != key:
                continue
            if len(data) < length or len(crc) < 4:
                raise ScenarioError(f"{where}is truncated inside the embedded scenario")
            if struct.unpack(">I", crc)[0] != zlib.crc32(kind + data):
                raise ScenarioError(
                    f"{where}the embedded scenario is corrupt (its PNG chunk fails the CRC check)"
                )
            return _decode_png_text(kind, rest, where)
        if kind == b"IEND":
            return None
        stream.seek(length + 4, 1)


def _inflate(data: bytes, where: str) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_FILE_BYTES + 1)
    except zlib.error:
        raise ScenarioError(f"{where}the embedded scenario is corrupt") from None
    if len(out) > MAX_FILE_BYTES:
        raise ScenarioError(f"{where}the embedded scenario is larger than {MAX_FILE_BYTES:,} bytes")
    if not inflater.eof:
        raise ScenarioError(
            f"{where}the embedded scenario is corrupt (its compressed data is truncated)"
        )
    return out


def _decode_png_text(kind: bytes, rest: bytes, where: str) -> str:
    try:
        if kind == b"tEXt":
            return rest.decode("latin-1")
        if kind == b"zTXt":
            return _inflate(rest[1:], where).decode("latin-1")
        compressed, _method = rest[0], rest[1]
        _language, _, rest = rest[2:].partition(b"\0")
        _translated, _, text = rest.partition(b"\0")
        raw = _inflate(text, where) if compressed else text
        return raw.decode("utf-8")
    except (IndexError, UnicodeDecodeError):
        raise ScenarioError(f"{where}the embedded scenario is corrupt") from None


def _find(
    stream: BinaryIO, buffer: bytearray, needle: bytes, keep: int, budget: int, start: int = 0
) -> int:
    """The index of `needle` in `buffer` from `start`, reading on from `stream` as needed; -1 at
    the end of the file, -2 once `buffer` holds more than `budget` bytes. Bytes before the match
    are dropped from `buffer` unless `keep` is 0 (there the caller wants them). Each byte is
    searched once."""
    searched = start
    while True:
        found = buffer.find(needle, max(start, searched - len(needle) + 1))
        if found >= 0:
            return found
        searched = len(buffer)
        if keep and searched > keep:
            del buffer[: searched - keep]
            searched, start = keep, 0
        if len(buffer) > budget:
            return -2
        chunk = stream.read(_CHUNK)
        if not chunk:
            return -1
        buffer += chunk


def _xml_block(stream: BinaryIO, where: str) -> str | None:
    """The first `<dprkx:scenario ...>...</dprkx:scenario>` in an SVG or PDF, read in one pass
    (linear time: nothing is scanned twice), with its content capped before it is unescaped."""
    buffer = bytearray()
    while True:  # the opening tag, `<dprkx:scenario` not followed by another name character
        start = _find(stream, buffer, _OPEN, len(_OPEN) + 1, 1 << 62)
        if start < 0:
            return None
        del buffer[:start]
        while len(buffer) <= len(_OPEN) and (chunk := stream.read(_CHUNK)):
            buffer += chunk
        if len(buffer) > len(_OPEN) and buffer[len(_OPEN)] not in _NAME_CHARS:
            break
        del buffer[:1]
    end = _find(stream, buffer, b">", 0, 64_000)  # the end of the opening tag
    if end < 0:
        return None
    del buffer[: end + 1]
    searched = 0
    while True:  # the closing tag: `</dprkx:scenario`, spaces, `>`
        close = _find(stream, buffer, _CLOSE, 0, MAX_ELEMENT_BYTES + len(_CLOSE), searched)
        if close == -2 or close > MAX_ELEMENT_BYTES:
            raise ScenarioError(
                f"{where}the embedded scenario is larger than {MAX_ELEMENT_BYTES:,} bytes"
            )
        if close < 0:
            return None
        tail = close + len(_CLOSE)
        while len(buffer) < tail + 64 and (chunk := stream.read(_CHUNK)):
            buffer += chunk
        after = bytes(buffer[tail : tail + 64]).lstrip()
        if after.startswith(b">"):
            content = bytes(buffer[:close])
            break
        searched = tail  # not this one: search on past it
    try:
        return html.unescape(content.decode("utf-8"))
    except UnicodeDecodeError:
        raise ScenarioError(f"{where}the embedded scenario is not UTF-8 text") from None


def embedded_toml(path: str | Path) -> str:
    """The scenario TOML embedded in an exported PNG, SVG or PDF; ScenarioError otherwise."""
    file = Path(path)
    where = f"{file}: "
    suffix = file.suffix.lower()
    what = "a scenario file or an exported figure"
    try:
        with open_regular(file, where, what) as stream:
            try:
                if suffix == ".png":
                    text = _png_text(stream, where)
                else:
                    size = os.fstat(stream.fileno()).st_size
                    if size > MAX_FIGURE_BYTES:
                        raise ScenarioError(
                            f"{where}is {size:,} bytes; exported figures may be at most "
                            f"{MAX_FIGURE_BYTES:,}"
                        )
                    text = _xml_block(stream, where)
            except OSError as error:
                raise read_error(where, error) from None
    except TomlError as error:
        raise ScenarioError(str(error)) from None
    if text is None:
        raise NoScenarioError(
            f"{where}holds no scenario; only figures exported by this app carry one "
            f"(or open a scenario file, .toml)"
        )
    return text


def is_figure(path: str | Path) -> bool:
    return Path(path).suffix.lower() in FIGURE_SUFFIXES


def scenario_from_file(path: str | Path) -> Scenario:
    """A scenario from a TOML file or from an exported figure's metadata, strictly validated."""
    if not is_figure(path):
        return Scenario.from_file(path, record=record_scenario)
    text = embedded_toml(path)
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ScenarioError(
            f"{path}: the embedded scenario is larger than {MAX_FILE_BYTES:,} bytes"
        )
    return Scenario.from_toml_text(
        text, where=f"{path}: embedded scenario: ", record=record_scenario
    )

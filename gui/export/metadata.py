"""The scenario inside an exported figure: written as metadata, read back without Qt.

- PNG: a text chunk keyed `dprk-explorer-scenario` (Qt writes it from QImage.setText as tEXt,
  zTXt or iTXt; all three are read here).
- SVG: a `<metadata>` element holding `<dprkx:scenario>` with the TOML, XML-escaped.
- PDF: the same element inside the XMP metadata packet, which QPdfWriter stores uncompressed.

Reading is pure Python (no Qt, no XML parser: the element is found by a pattern and unescaped),
so `dprk-explorer run --scenario brief.png` works on a machine without a display, and a hostile
file can do no more than fail with one clear message.
"""

from __future__ import annotations

import html
import re
import struct
import zlib
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from dprk_explorer.model import Scenario, ScenarioError
from dprk_explorer.model.scenario import MAX_FILE_BYTES, read_error

PNG_KEY = "dprk-explorer-scenario"
NAMESPACE = "urn:dprk-explorer:scenario:1"
ELEMENT = "dprkx:scenario"
FIGURE_SUFFIXES = (".png", ".svg", ".pdf")
#: Exported figures may be large (a 1200-dpi PNG); only the metadata is read, but SVG and PDF are
#: searched whole, so they are capped.
MAX_FIGURE_BYTES = 200_000_000

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_BLOCK = re.compile(
    rb"<dprkx:scenario\b[^>]*>(.*?)</dprkx:scenario\s*>",
    re.DOTALL,
)


def scenario_element(toml: str) -> str:
    """The XML element that carries the scenario in SVG and XMP metadata."""
    return f'<{ELEMENT} xmlns:dprkx="{NAMESPACE}">{escape(toml)}</{ELEMENT}>'


def xmp_packet(toml: str, title: str, description: str, creator: str) -> bytes:
    """An XMP packet for QPdfWriter.setDocumentXmpMetadata: Dublin Core title and description,
    the creating tool, and the scenario."""
    e = escape
    text = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(title)}</rdf:li></rdf:Alt></dc:title>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(description)}</rdf:li></rdf:Alt>\
</dc:description>
<xmp:CreatorTool>{e(creator)}</xmp:CreatorTool>
<pdf:Producer>{e(creator)}</pdf:Producer>
</rdf:Description>
</rdf:RDF>
{scenario_element(toml)}
</x:xmpmeta>
<?xpacket end="w"?>"""
    return text.encode("utf-8")


def add_svg_metadata(svg: bytes, toml: str) -> bytes:
    """Insert `<metadata>` with the scenario right after the SVG's opening tag."""
    match = re.search(rb"<svg\b[^>]*>", svg)
    if match is None:
        raise ValueError("not an SVG document")
    block = f"\n<metadata>{scenario_element(toml)}</metadata>".encode()
    return svg[: match.end()] + block + svg[match.end() :]


# --- reading --------------------------------------------------------------------------------


class NoScenarioError(ScenarioError):
    """A figure file holds no scenario (not exported by this app, or its metadata stripped)."""


def _png_text(stream: BinaryIO, where: str) -> str | None:
    """The value of the PNG_KEY text chunk, or None; IDAT data is skipped, never read."""
    if stream.read(8) != _PNG_SIGNATURE:
        raise ScenarioError(f"{where}is not a PNG image")
    key = PNG_KEY.encode("latin-1")
    while True:
        head = stream.read(8)
        if len(head) < 8:
            return None
        length, kind = struct.unpack(">I4s", head)
        if kind in (b"tEXt", b"zTXt", b"iTXt") and length <= 4 * MAX_FILE_BYTES:
            data = stream.read(length)
            if len(data) < length:
                return None
            name, _, rest = data.partition(b"\0")
            if name == key:
                return _decode_png_text(kind, rest, where)
            stream.seek(4, 1)  # CRC
        elif kind == b"IEND":
            return None
        else:
            stream.seek(length + 4, 1)


def _inflate(data: bytes, where: str) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data, MAX_FILE_BYTES + 1)
    except zlib.error:
        raise ScenarioError(f"{where}the embedded scenario is corrupt") from None
    if len(out) > MAX_FILE_BYTES:
        raise ScenarioError(f"{where}the embedded scenario is larger than {MAX_FILE_BYTES:,} bytes")
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


def _xml_block(data: bytes, where: str) -> str | None:
    match = _BLOCK.search(data)
    if match is None:
        return None
    try:
        return html.unescape(match.group(1).decode("utf-8"))
    except UnicodeDecodeError:
        raise ScenarioError(f"{where}the embedded scenario is not UTF-8 text") from None


def embedded_toml(path: str | Path) -> str:
    """The scenario TOML embedded in an exported PNG, SVG or PDF; ScenarioError otherwise."""
    file = Path(path)
    where = f"{file}: "
    suffix = file.suffix.lower()
    if file.is_dir():
        raise ScenarioError(
            f"{where}is a folder; a scenario file or an exported figure is required"
        )
    try:
        size = file.stat().st_size
        if suffix != ".png" and size > MAX_FIGURE_BYTES:
            raise ScenarioError(
                f"{where}is {size:,} bytes; exported figures may be at most {MAX_FIGURE_BYTES:,}"
            )
        with file.open("rb") as stream:
            if suffix == ".png":
                text = _png_text(stream, where)
            else:
                text = _xml_block(stream.read(), where)
    except OSError as error:
        raise read_error(where, error) from None
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
        return Scenario.from_file(path)
    text = embedded_toml(path)
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ScenarioError(
            f"{path}: the embedded scenario is larger than {MAX_FILE_BYTES:,} bytes"
        )
    return Scenario.from_toml_text(text, where=f"{path}: embedded scenario: ")

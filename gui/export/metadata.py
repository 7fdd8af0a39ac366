"""The scenario inside an exported figure, written as metadata (read back by
gui.io.embedded_scenario, which holds the format: the key, the element and its namespace).

- PNG: a text chunk keyed PNG_KEY (gui.export.png writes it as iTXt).
- SVG: a `<metadata>` element holding `<dprkx:scenario>` with the TOML, XML-escaped.
- PDF: the same element inside the XMP metadata packet, which QPdfWriter stores uncompressed.

Also here: SVG font families named so other programs find them. Qt-free.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping

from dprk_explorer.gui.io.embedded_scenario import ELEMENT, NAMESPACE


def escape(text: str, entities: Mapping[str, str] | None = None) -> str:
    """`text` with &, < and > escaped for XML, and any further `entities` (as
    xml.sax.saxutils.escape does: importing it loads urllib and http, ~0.1 s of every export)."""
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for character, entity in (entities or {}).items():
        text = text.replace(character, entity)
    return text


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


#: What an SVG viewer falls back to when the family the figure was drawn with is missing.
FONT_FALLBACKS = ("Arial", "Helvetica", "sans-serif")
_FONT_FAMILY = re.compile(rb'font-family="([^"]*)"')


def svg_font_families(svg: bytes, resolve: Callable[[str], str]) -> bytes:
    """Every `font-family` names the family the text was drawn with (`resolve`: Qt's 'Sans
    Serif' is a fontconfig alias no other program knows) and then FONT_FALLBACKS, so the SVG
    shows the same metrics where that font exists and a like one elsewhere."""
    resolved: dict[bytes, bytes] = {}

    def family_list(match: re.Match[bytes]) -> bytes:
        name = match.group(1)
        if name not in resolved:
            family = resolve(html.unescape(name.decode("utf-8"))).replace("'", "")
            families = [f"'{family}'"] + [f for f in FONT_FALLBACKS if f != family]
            resolved[name] = escape(", ".join(families), {'"': "&quot;"}).encode("utf-8")
        return b'font-family="' + resolved[name] + b'"'

    return _FONT_FAMILY.sub(family_list, svg)

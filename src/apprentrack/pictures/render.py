"""The boundary with the charts extra: a Picture is a Vega-Lite specification (plain data) with its title
and description, which vl-convert renders to SVG or PNG. Only this module imports vl-convert, and only
when a picture is drawn. Nothing asks another host for anything: no base URL is allowed, fonts are the
system's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Any

from ..domain.errors import UsageError

CHARTS_EXTRA = "pip install 'apprentrack[charts]'"
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"  # a name for the spec's version, never fetched
FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
CONFIG = {
    "font": FONT,
    "view": {"stroke": None},
    "title": {"anchor": "start", "fontSize": 16, "subtitleFontSize": 12, "subtitleColor": "#333"},
    "axis": {"labelFontSize": 11, "titleFontSize": 12, "labelColor": "#222", "titleColor": "#222"},
    "legend": {"labelFontSize": 11, "titleFontSize": 12, "orient": "bottom", "direction": "horizontal"},
}


@dataclass(frozen=True)
class Picture:
    spec: dict[str, Any]
    title: str  # the picture's <title>
    desc: str  # what it shows, in words: the picture's <desc> and alt text, for screen readers and search
    credit: str = ""  # a line that must go wherever it is shown (the map's boundaries)


def _converter() -> Any:
    try:
        import vl_convert
    except ImportError:
        raise UsageError(f"writing a picture needs the charts extra: {CHARTS_EXTRA}") from None
    return vl_convert


def require() -> None:
    """Raise the usage error that says what to install, if the charts extra is missing."""
    _converter()


def available() -> bool:
    try:
        require()
    except UsageError:
        return False
    return True


def to_svg(picture: Picture) -> str:
    """The picture as SVG with a <title> and <desc>; vl-convert may fetch nothing (no base URL allowed)."""
    svg: str = _converter().vegalite_to_svg(picture.spec, allowed_base_urls=[])
    head = f"<title>{escape(picture.title)}</title><desc>{escape(picture.desc)}</desc>"
    return re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + head, svg, count=1)


def to_png(picture: Picture, scale: float = 2) -> bytes:
    """The picture as PNG, at twice its size by default (sharp on a high-density screen)."""
    png: bytes = _converter().vegalite_to_png(picture.spec, scale=scale, allowed_base_urls=[])
    return png


def png_size(png: bytes) -> tuple[int, int]:
    """A PNG's width and height in pixels, from its header."""
    import struct

    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def svg_to_png(svg: str) -> bytes:
    """Any SVG (the summary's picture) as PNG, at twice its size."""
    png: bytes = _converter().svg_to_png(svg, scale=2)
    return png


# A PNG's own words about what it is: a tEXt chunk (keyword, NUL, text) after the header chunk, which every
# viewer ignores. It lets apprentrack tell its own picture of a week from a file someone else left there.
_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_KEYWORD = b"apprentrack"


def labelled(png: bytes, label: str) -> bytes:
    """The PNG with `label` written in it as a tEXt chunk."""
    import struct
    import zlib

    body = b"tEXt" + _KEYWORD + b"\0" + label.encode("latin-1", "replace")
    chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
    header_end = len(_SIGNATURE) + 8 + 13 + 4  # the signature, then IHDR: length, type, 13 bytes, CRC
    return png[:header_end] + chunk + png[header_end:]


def label_of(png: bytes) -> str | None:
    """The label apprentrack wrote in a PNG (labelled), or None: not a PNG, or not one of its pictures."""
    import struct

    if not png.startswith(_SIGNATURE):
        return None
    at = len(_SIGNATURE)
    while at + 8 <= len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, body = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        if kind == b"tEXt" and body.startswith(_KEYWORD + b"\0"):
            return body[len(_KEYWORD) + 1 :].decode("latin-1")
        if kind == b"IDAT":  # text chunks that matter come before the image data
            return None
        at += 12 + length
    return None

"""What the picture tests share: checks of an SVG, a PNG and an HTML page for what a reader relies on
(well-formed, titled, self-contained), the figures `status` gives for the same day, and a mark for the tests
that need the charts extra (vl-convert; the suite installs it)."""

from __future__ import annotations

import base64
import importlib.util
import json
import re
import struct
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

needs_charts = pytest.mark.skipif(
    importlib.util.find_spec("vl_convert") is None, reason="the charts extra is not installed"
)
DAY = "2020-03-11"


SVG = "{http://www.w3.org/2000/svg}"


NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def status_of(cli, day: str = DAY) -> dict:
    return json.loads(cli("status", "--as-of", day, "-f", "json").stdout)


def members(data: dict) -> dict[str, int]:
    return {row["name"]: row["counted"] for row in data["boroughs"] if row["member"]}


def check_svg(text: str) -> ET.Element:
    """Parses as XML, has a <title> and a <desc>, and refers to no other host (namespaces aside)."""
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
    assert set(re.findall(r"https?://[^\s\"')]+", text)) <= NAMESPACES
    assert "@font-face" not in text and "@import" not in text
    return root


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


class Page(HTMLParser):
    """What a test needs of an HTML page: its title, its tables, its images (src, alt) and every other src
    and href. An image in the page (a data: URI) is not a link."""

    def __init__(self, text: str):
        super().__init__()
        self.title, self.tables, self.links, self.row_headers, self.images = "", 0, [], 0, []
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in_title = tag == "title" and not self.title  # the page's, not a picture's
        self.tables += tag == "table"
        self.row_headers += tag == "th" and attrs.get("scope") in ("row", "col")
        if tag == "img":
            self.images.append((attrs["src"], attrs.get("alt")))
        else:
            self.links += [value for name, value in attrs.items() if name in ("src", "href") and value]

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False


def png_of(src: str) -> bytes:
    """The PNG a data: URI holds (and that it is one)."""
    prefix = "data:image/png;base64,"
    assert src.startswith(prefix), src[:40]
    return base64.b64decode(src[len(prefix) :])


# --- what a map drew (Vega's SVG: its groups are classed by layer and role) ---------------------------


def marks(root: ET.Element, layer: str) -> list[str]:
    """The texts a layer of the map's first view drew."""
    return [
        t.text
        for g in root.iter(f"{SVG}g")
        if g.get("class", "").endswith(f"concat_0_{layer}_marks")
        for t in g.iter(f"{SVG}text")
    ]


def _inside(root: ET.Element, kind: str, tag: str) -> list[ET.Element]:
    """The `tag` elements inside the groups whose class names `kind`."""
    return [e for g in root.iter(f"{SVG}g") if kind in g.get("class", "") for e in g.iter(f"{SVG}{tag}")]


def legend_labels(root: ET.Element) -> list[str]:
    return [t.text for t in _inside(root, "role-legend-label", "text")]


def _radius(path: ET.Element) -> float:
    return float(re.match(r"M([\d.]+),0A", path.get("d")).group(1))


def size_legend(root: ET.Element) -> dict[int, float]:
    """The size legend: each label's number and the radius of the circle beside it."""
    out = {}
    for entry in root.iter(f"{SVG}g"):
        if "role-legend-entry" not in entry.get("class", ""):
            continue
        for item in entry.iter(f"{SVG}g"):
            symbols = _inside(item, "legend-symbol", "path")
            labels = [t.text for t in _inside(item, "legend-label", "text")]
            if len(symbols) == 1 and len(labels) == 1 and labels[0].isdigit():
                out[int(labels[0])] = _radius(symbols[0])
    return out


def dot_radii(root: ET.Element) -> dict[int, float]:
    """The radius of the members' dots, by the count written in them."""
    (circles,) = [g for g in root.iter(f"{SVG}g") if g.get("class", "").endswith("concat_0_layer_1_marks")]
    counts = marks(root, "layer_2")
    return {int(n): _radius(p) for n, p in zip(counts, circles.iter(f"{SVG}path"), strict=True)}

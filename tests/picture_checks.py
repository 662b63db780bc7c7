"""What the picture tests share: checks of an SVG, a PNG and an HTML page for what a reader relies on
(well-formed, titled, self-contained), the figures `status` gives for the same day, and a mark for the tests
that need the charts extra (vl-convert; the suite installs it)."""

from __future__ import annotations

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
    """What a test needs of an HTML page: its title, its tables, and every src and href."""

    def __init__(self, text: str):
        super().__init__()
        self.title, self.tables, self.links, self.row_headers = "", 0, [], 0
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in_title = tag == "title" and not self.title  # the page's, not a picture's
        self.tables += tag == "table"
        self.row_headers += tag == "th" and attrs.get("scope") in ("row", "col")
        self.links += [value for name, value in attrs.items() if name in ("src", "href") and value]

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        self._in_title = False

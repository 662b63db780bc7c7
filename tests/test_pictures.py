"""The pictures: the map (in a terminal and as SVG, PNG, HTML), the burn-up chart, and the weekly summary as
a page and a picture. Each is checked for what a reader relies on: well-formed, titled, self-contained,
and carrying the same numbers as `status` for the same date. They need the charts extra (the suite
installs it); without it, a picture is refused with what to install and everything else works."""

from __future__ import annotations

import base64
import json
import re
import struct
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from apprentrack.places.london import BOUNDARY_CREDIT, short_name

pytest.importorskip("vl_convert", reason="the charts extra is not installed")

SVG = "{http://www.w3.org/2000/svg}"
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
DAY = "2020-03-11"


def status(cli, day=DAY):
    return json.loads(cli("status", "--as-of", day, "-f", "json").stdout)


def members(data):
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


# ------------------------------------------------------------------------------------------------ map


def test_the_map_svg_has_every_borough_the_members_counts_and_the_credit(cli, tmp_path):
    cli("map", "--as-of", DAY, "--output", str(tmp_path / "map.svg"))
    text = (tmp_path / "map.svg").read_text(encoding="utf-8")
    root = check_svg(text)
    shapes = next(g for g in root.iter(f"{SVG}g") if "mark-shape" in g.get("class", ""))
    assert len(shapes.findall(f"{SVG}path")) == 33
    assert BOUNDARY_CREDIT in "".join(t.text or "" for t in root.iter(f"{SVG}text"))
    desc = root.find(f"{SVG}desc").text
    data = status(cli)
    assert f"the 15 member boroughs of {data['programme']} are shaded; 73 apprentices counted" in desc
    assert f"{data['counted']} apprentices counted, as of 11 March 2020" in root.find(f"{SVG}title").text + text
    for name, counted in members(data).items():
        assert f"{name} {counted}" in desc
    # Every member's count, 0 included (Lewisham, Tower Hamlets); the other boroughs' hires apart, as
    # the terminal map shows them, and in the legend.
    assert sorted(map(int, marks(root, "layer_2"))) == sorted(members(data).values())
    assert 0 in members(data).values()
    assert marks(root, "layer_4") == ["(1)", "(1)"]  # Croydon and Hounslow
    assert "Hires of other boroughs, not counted" in legend_labels(root)
    assert "Croydon 1; Hounslow 1" in desc
    legend = size_legend(root)  # whole numbers, each beside a circle of the size a dot of it is drawn
    assert list(legend) == [0, 5, 10, 20] and sorted(legend.values()) == list(legend.values())
    for name, counted in members(data).items():  # a dot of the same count is the legend's size
        if counted in size_legend(root):
            assert counted in dot_radii(root) and dot_radii(root)[counted] == size_legend(root)[counted], name


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


def test_the_map_as_png_and_as_a_page(cli, tmp_path):
    cli("map", "--as-of", DAY, "-o", str(tmp_path / "map.png"))
    width, height = png_size((tmp_path / "map.png").read_bytes())
    assert width > 1000 and height > 1000  # twice the SVG's size, for a blog
    cli("map", "--as-of", DAY, "-o", str(tmp_path / "map.html"))
    text = (tmp_path / "map.html").read_text(encoding="utf-8")
    page = Page(text)
    assert page.title == "LOTI Digital Apprentices: map as of 11 March 2020" and page.links == []
    ((src, alt),) = page.images  # a PNG in the page, which survives a paste; no inline SVG, which does not
    assert png_size(png_of(src))[0] > 1000 and alt.startswith("Map of London's 33 boroughs as of 11 March 2020")
    assert "<svg" not in text and BOUNDARY_CREDIT in text


def test_the_terminal_map_fits_80_columns_and_shows_every_members_count(cli):
    out = cli("map", "--as-of", DAY).stdout
    lines = out.splitlines()
    assert lines[0] == "LOTI Digital Apprentices: 73 of 100 counted, as of 11 March 2020"
    assert max(map(len, lines)) <= 80 and "\x1b[" not in out
    assert "geofacet" in out
    for name, counted in members(status(cli)).items():
        tile = f"[{short_name(name):^7}]"
        row = next(i for i, line in enumerate(lines) if tile in line)
        column = lines[row].index(tile)
        assert lines[row + 1][column : column + 9] == f"[{counted:^7}]", name
    assert " (1) " in out  # Croydon and Hounslow: hires of other boroughs, in brackets, not counted


# ------------------------------------------------------------------------------------------- burn-up


def test_the_burnup_svg_is_a_chart_with_the_status_figures(cli, tmp_path):
    cli("chart", "--as-of", DAY, "-o", str(tmp_path / "burnup.svg"))
    text = (tmp_path / "burnup.svg").read_text(encoding="utf-8")
    root = check_svg(text)
    labels = [t.text for t in root.iter(f"{SVG}text")]
    months = ["Jul 2019", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan 2020", "Feb", "Mar", "Apr", "May", "Jun", "Jul"]
    assert [*months, "Aug", "Sep", "Oct"] == [t for t in labels if re.fullmatch(r"[A-Z][a-z]{2}( \d{4})?", t)]
    legend = {"Counted", "Target (100)", "Even pace, start to deadline", "Forecast (estimate)"}
    assert legend <= set(labels) and "Deadline 30 September 2020" in labels
    data = status(cli)
    assert f"{data['counted']} of {data['target']} counted, as of 11 March 2020" in " ".join(labels)
    assert "target reached around" not in text  # the forecast is drawn, and named an estimate
    assert root.find(f"{SVG}desc").text.startswith("Burn-up chart of LOTI Digital Apprentices: 73 of 100 counted")


def test_no_forecast_once_the_target_is_met(cli, tmp_path):
    cli("chart", "--as-of", "2020-08-28", "-o", str(tmp_path / "burnup.svg"))
    labels = [t.text for t in ET.parse(tmp_path / "burnup.svg").getroot().iter(f"{SVG}text")]
    assert "Forecast (estimate)" not in labels and any("met on 6 August 2020" in (t or "") for t in labels)


def test_the_burnup_as_png(cli, tmp_path):
    cli("chart", "-o", str(tmp_path / "burnup.png"))
    assert png_size((tmp_path / "burnup.png").read_bytes())[0] > 1000


# -------------------------------------------------------------------------------------------- summary


def test_the_summary_page_is_self_contained_with_tables_chart_and_map(cli, tmp_path):
    cli("summary", "--week", "2020-W11", "--format", "html", "--output", str(tmp_path / "week.html"))
    text = (tmp_path / "week.html").read_text(encoding="utf-8")
    page = Page(text)
    assert page.title == "LOTI Digital Apprentices: week 2020-W11 (9 to 15 March 2020)"
    assert page.tables >= 2 and page.row_headers > 20 and page.links == []
    assert "<script" not in text and "@import" not in text and "@font-face" not in text
    assert re.findall(r"https?://", text) == [] and "<svg" not in text and BOUNDARY_CREDIT in text
    # The chart and the map as PNG images in the page (data: URIs): they survive a paste into a rich-text
    # editor, as inline SVG does not; each with its alt text.
    (chart, chart_alt), (place, map_alt) = page.images
    assert png_size(png_of(chart))[0] > 1000 and png_size(png_of(place))[0] > 1000
    assert chart_alt.startswith("Burn-up chart of LOTI Digital Apprentices: 74 of 100 counted as of 15 March 2020")
    assert map_alt.startswith("Map of London's 33 boroughs as of 15 March 2020")
    data = status(cli, "2020-03-15")  # the week's last day
    assert f"<strong>{data['counted']} of 100 apprentices recruited (74%)</strong>" in text
    for name, counted in members(data).items():
        assert re.search(
            rf'<th scope="row">{re.escape(name)}</th><td class="n">\d+</td><td class="n">{counted}</td>', text
        )


@pytest.mark.slow  # five formats, three of them drawn
def test_every_summary_format_carries_the_same_content(cli, tmp_path):
    week = ("summary", "--week", "2020-W11")
    markdown = cli(*week).stdout
    data = json.loads(cli(*week, "-f", "json").stdout)
    html = cli(*week, "-f", "html").stdout
    svg = cli(*week, "-f", "svg").stdout.replace("&#160;", " ")
    check_svg(svg)
    pieces = [
        "4 new this week",
        "Most new hires this week: Barking and Dagenham (1), Brent (1), Ealing (1), Southwark (1).",
        "Other boroughs, not members and not counted toward the target: Croydon 1, Hounslow 1.",
        "2 pledged places expected by the deadline, not yet counted",
        "Counts only, no individual records.",
    ]
    for piece in pieces:
        assert piece in markdown and piece in html and piece in svg, piece
    assert (data["pipeline"], data["with_pipeline"], data["pledged_apart"]) == (2, 76, 1)
    assert data["note"].startswith("Counts only, no individual records.")
    assert [r["slug"] for r in data["boroughs"] if not r["member"]] == ["croydon", "hounslow"]
    cli(*week, "-f", "png", "-o", str(tmp_path / "week.png"))
    png_size((tmp_path / "week.png").read_bytes())


def test_a_png_is_not_written_to_a_terminal_but_goes_to_a_pipe(cli):
    assert cli("map", "--as-of", DAY, "-f", "png").stdout_bytes.startswith(b"\x89PNG")


# ----------------------------------------------------------------------------- without the charts extra


@pytest.fixture
def no_charts(monkeypatch):
    monkeypatch.setitem(sys.modules, "vl_convert", None)  # `import vl_convert` raises ImportError


@pytest.mark.parametrize(
    "args",
    [
        ("map", "-o", "map.png"),
        ("chart", "-o", "burnup.svg"),
        ("chart", "-f", "html"),
        ("summary", "-f", "png", "-o", "week.png"),
        ("summary", "-f", "card", "-o", "card.png"),
    ],
    ids=" ".join,
)
def test_without_the_extra_a_picture_says_what_to_install(cli, tmp_path, no_charts, args):
    out = tmp_path / "out"
    out.mkdir()
    result = cli(*[str(out / a) if a.endswith((".png", ".svg")) else a for a in args], code=2)
    assert "writing a picture needs the charts extra: pip install 'apprentrack[charts]'" in result.stderr
    assert list(out.iterdir()) == []


def test_without_the_extra_everything_else_works(cli, tmp_path, no_charts):
    assert "[Hackney]" in cli("map", "--as-of", DAY).stdout
    assert "Jan" in cli("chart").stdout
    page = cli("summary", "--week", "2020-W11", "-f", "html")
    assert "<table>" in page.stdout and "<img" not in page.stdout
    assert "need the charts extra: pip install &#x27;apprentrack[charts]&#x27;" in page.stdout
    out = tmp_path / "out"
    out.mkdir()
    result = cli("summary", "--week", "2020-W11", "-o", str(out / "week.md"))
    assert "Note: written without the chart and the map; they need the charts extra" in result.stderr
    assert [p.name for p in out.iterdir()] == ["week.md"]
    assert "![" not in (out / "week.md").read_text()

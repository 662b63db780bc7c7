"""`apprentrack site OUT`: every week of a programme as a website, each week as it stood at its end. Built
for a short programme (three weeks) made in the test: its folders, the index and its links, the structure
WCAG 2 AA asks of every page, the contrast of every colour, and that a hire logged late changes no week
already published and is named in the next one. The build with pictures is slow (vl-convert); the rest
builds the pages without them (as without the charts extra)."""

from __future__ import annotations

import json
import re
import struct
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import TINY_BOROUGHS

from apprentrack.pictures import burnup, card, map_marks, page

HIRES = """\
- {id: hackney-0001, role: Dev, start_date: 2021-01-05}
- {id: hackney-0002, role: Dev, start_date: 2021-01-13}
- {id: camden-0001, role: Analyst, start_date: 2021-01-20}
"""
LATE = "- {id: hackney-0003, role: Dev, start_date: 2021-01-06, logged: 2021-01-19}\n"  # week 1, logged in week 3
WEEKS = ["2021-W01", "2021-W02", "2021-W03"]
WEEK_FILES = ["index.html", "note.md", "note.txt", "summary.json"]
PICTURES = ["card.png", "card.png.txt"]


@pytest.fixture
def short(tiny):
    """The tiny programme cut to three weeks (4 to 24 January 2021), with three hires, one a week."""
    boroughs = tiny.data_dir / "boroughs.yaml"
    boroughs.write_text(TINY_BOROUGHS.replace("deadline: 2021-03-28", "deadline: 2021-01-24"))
    hackney, camden = HIRES.splitlines(keepends=True)[:2], HIRES.splitlines(keepends=True)[2:]
    tiny.write("hackney", "".join(hackney))
    tiny.write("camden", "".join(camden))
    return tiny


@pytest.fixture
def no_charts(monkeypatch):
    monkeypatch.setitem(sys.modules, "vl_convert", None)  # `import vl_convert` raises ImportError


class Structure(HTMLParser):
    """What WCAG 2 AA asks of a page's structure, as the test reads it."""

    def __init__(self, text: str):
        super().__init__()
        self.lang, self.title, self.h1, self.images, self.headers, self.links = None, "", 0, [], [], []
        self._in = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in = tag
        if tag == "html":
            self.lang = attrs.get("lang")
        self.h1 += tag == "h1"
        if tag == "img":
            self.images.append((attrs.get("src"), attrs.get("alt")))
        if tag == "th":
            self.headers.append(attrs.get("scope"))
        if tag in ("a", "link", "script", "iframe"):
            self.links.append(attrs.get("href") or attrs.get("src"))

    def handle_data(self, data):
        if self._in == "title":
            self.title += data

    def handle_endtag(self, tag):
        self._in = None


def check_page(path: Path) -> Structure:
    """A page WCAG 2 AA can pass: a language, a title, one h1, alt text on every image, every header cell
    with its scope; and nothing from another host (every link and image a file of the site)."""
    text = path.read_text(encoding="utf-8")
    found = Structure(text)
    assert found.lang == "en-GB" and found.title.strip() and found.h1 == 1, path
    assert all(alt and alt.strip() for _, alt in found.images), path
    assert found.headers and set(found.headers) <= {"row", "col"}, path
    assert "<script" not in text and "@import" not in text and not re.search(r"https?:|//", " ".join(
        [*found.links, *(src for src, _ in found.images)]
    )), path  # fmt: skip
    for target in [*found.links, *(src for src, _ in found.images)]:
        assert (path.parent / target).is_file(), f"{path}: {target} is not a file of the site"
    return found


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_site_holds_every_week_and_an_index_newest_first(short, no_charts, tmp_path):
    out = tmp_path / "site"
    result = short("site", str(out))
    assert result.stdout.startswith(f"Built {out}: 3 weeks (2021-W01 to 2021-W03), no pictures, in ")
    assert "the pages have no pictures; they need the charts extra" in result.stderr
    assert sorted(p.name for p in (out / "weekly").iterdir()) == WEEKS
    for week in WEEKS:
        assert sorted(p.name for p in (out / "weekly" / week).iterdir()) == WEEK_FILES
        check_page(out / "weekly" / week / "index.html")
    index = check_page(out / "index.html")
    assert index.title == "Tiny programme: every week"
    weeks = [link for link in index.links if link.startswith("weekly/")]
    assert weeks == [f"weekly/{w}/index.html" for w in ["2021-W03", "2021-W03", "2021-W02", "2021-W01"]]  # latest
    text = (out / "index.html").read_text()
    assert re.search(r">2021-W03</a></th><td>18 to 24 January 2021</td><td class=\"n\">3 of 10 \(30%\)</td>", text)
    listed = json.loads((out / "weeks.json").read_text())["weeks"]
    assert [(w["week"], w["counted"], w["new_this_week"]) for w in listed] == [
        ("2021-W03", 3, 1),
        ("2021-W02", 2, 1),
        ("2021-W01", 1, 1),
    ]
    note = (out / "weekly" / "2021-W02" / "note.txt").read_text()
    assert note == short("summary", "--week", "2021-W02", "--as-known", "-f", "text").stdout


def test_a_hire_logged_late_changes_no_earlier_week_and_the_next_says_so(short, no_charts, tmp_path):
    out = tmp_path / "site"
    short("site", str(out))
    before = files_of(out / "weekly")
    (short.data_dir / "apprentices" / "hackney.yaml").write_text("".join(HIRES.splitlines(keepends=True)[:2]) + LATE)
    short("site", str(out))  # over the site built before: replaced whole
    after = files_of(out / "weekly")
    assert before.keys() == after.keys()
    changed = sorted({name.split("/")[0] for name in after if after[name] != before[name]})
    assert changed == ["2021-W03"]  # weeks 1 and 2 were published before the hire was logged
    page3 = (out / "weekly" / "2021-W03" / "index.html").read_text()
    assert "+2 (2 last week; +1 started this week; +1 logged this week with an earlier start (Hackney 1))" in page3
    assert "4 of 10" in page3


def test_the_site_is_never_built_over_other_files(short, no_charts, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me\n")
    result = short("site", str(out), code=2)
    assert "holds files that are not a site apprentrack built; give a new or empty folder" in result.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".mine")] == []  # no half-built folder left
    assert "holds the folder you are in" in short("site", ".", code=2).stderr  # the tests run in tmp_path


def contrast(foreground: str, background: str) -> float:
    """WCAG 2's contrast ratio of two sRGB colours (#rrggbb)."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(
    "foreground, background, what, least",
    [*page.PALETTE, *card.PALETTE, *burnup.PALETTE, *map_marks.PALETTE],
    ids=lambda value: value if isinstance(value, str) and not value.startswith("#") else "",
)
def test_every_colour_meets_wcag_2_aa_contrast(foreground, background, what, least):
    assert contrast(foreground, background) >= least, f"{what}: {contrast(foreground, background):.2f}:1"


def test_the_contrast_check_can_fail():
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") < 4.5  # a grey often taken for text, short of AA
    assert page.PAPER in page.STYLE and page.INK in page.STYLE  # the palette checked is the one the pages use


@pytest.mark.slow
def test_the_site_with_pictures_renders_each_once_and_a_late_hire_redraws_only_its_week(short, tmp_path):
    pytest.importorskip("vl_convert", reason="the charts extra is not installed")
    out = tmp_path / "site"
    assert "3 weeks (2021-W01 to 2021-W03), 9 pictures" in short("site", str(out)).stdout
    for week in WEEKS:
        folder = out / "weekly" / week
        pictures = [f"{week}-burnup.png", f"{week}-map.png"]
        assert sorted(p.name for p in folder.iterdir()) == sorted([*WEEK_FILES, *PICTURES, *pictures])
        found = check_page(folder / "index.html")
        assert [src for src, _ in found.images] == pictures  # the files beside the page, no copy inside it
        assert f"]({pictures[0]})" in (folder / "note.md").read_text()  # the note shows the same files
        png = (folder / "card.png").read_bytes()
        assert struct.unpack(">II", png[16:24]) == (1200, 675)
    index = check_page(out / "index.html")
    assert index.images[0][0] == "weekly/2021-W03/card.png"
    assert index.images[0][1].startswith("Tiny programme: week 2021-W03 (18 to 24 January 2021). 3 of 10")
    before = files_of(out / "weekly")
    (short.data_dir / "apprentices" / "hackney.yaml").write_text("".join(HIRES.splitlines(keepends=True)[:2]) + LATE)
    short("site", str(out))
    after = files_of(out / "weekly")
    assert sorted({name.split("/")[0] for name in after if after[name] != before[name]}) == ["2021-W03"]

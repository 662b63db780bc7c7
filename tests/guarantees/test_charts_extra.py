"""The charts extra is optional: without vl-convert, a picture (map, chart, summary as PNG or SVG) is
refused with what to install and writes nothing, and everything else works: the text chart and map, the
summary's page without its pictures, the Markdown summary without its picture links."""

from __future__ import annotations

import sys

import pytest

DAY = "2020-03-11"


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

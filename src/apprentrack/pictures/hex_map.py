"""A programme of councils outside London on the hex map of the UK's districts (Open Innovations' layout):
every district of the members' regions a hexagon, the members on the day shaded apart from the others,
and over them the marks London's map draws too (map_marks.py): each member's count in a dot sized by it,
0 included, and the other councils' hires apart. Hexagons are GeoJSON polygons in the layout's own plane,
drawn with Vega-Lite's identity projection, north up."""

from __future__ import annotations

import math
import textwrap

from ..domain.dates import long_date
from ..domain.programme import Registry
from ..figures.snapshot import Snapshot
from ..places.maps import HexView
from ..places.uk import HEX_CREDIT, Hex
from .map_marks import MEMBER, OTHER, dot_layers, figures_in_words, map_spec, other_rows, subtitle
from .render import Picture

RADIUS = 1 / math.sqrt(3)  # a hexagon one unit across its flats: the layout's columns are one apart
ROW = 1.5 * RADIUS  # rows sit three quarters of a hexagon's height apart
HEX_PIXELS = 80  # across a hexagon, at most, so that a name and a dot fit in it


def centre(h: Hex) -> tuple[float, float]:
    """A hexagon's centre in the layout's plane: odd rows half a column to the right ('odd-r'), north up."""
    return h.q + 0.5 * (h.r % 2), h.r * ROW


def _hexagon(x: float, y: float) -> list[list[float]]:
    """A pointy-topped hexagon, a little inside its cell so that neighbours show a gap."""
    r = RADIUS * 0.94
    corners = [(x + r * math.cos(math.radians(a)), y + r * math.sin(math.radians(a))) for a in range(30, 390, 60)]
    return [[round(cx, 4), round(cy, 4)] for cx, cy in corners]


def label(name: str, width: int = 14) -> list[str]:
    """A name on at most two lines of about `width` characters ('Cheshire West', 'and Chester')."""
    lines = textwrap.wrap(name.replace(", City of", "").replace(", County of", ""), width, break_long_words=False)
    return lines if len(lines) <= 2 else [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder="…")]


def hex_picture(registry: Registry, snap: Snapshot, view: HexView) -> Picture:
    noun = snap.noun
    members = {r.slug: r for r in snap.members}
    others = {r.slug: r for r in snap.others if r.counted}
    by_code = {b.code: b for b in registry.boroughs.values() if b.code is not None}
    features: list[dict[str, object]] = []
    dots: list[dict[str, object]] = []
    apart: list[dict[str, object]] = []
    for h in view.hexes:
        x, y = centre(h)
        b = by_code.get(h.code)
        member = b is not None and b.slug in members
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": h.name,
                    "group": f"Member {noun.one}" if member else f"Other {noun.one}",
                    "label": label(h.name),
                    "ink": "white" if member else "#333",
                    "x": x,
                    "y": y + 0.26,
                },
                "geometry": {"type": "Polygon", "coordinates": [[*_hexagon(x, y), _hexagon(x, y)[0]]]},
            }
        )
        if b is not None and (b.slug in members or b.slug in others):
            row = {"name": h.name, "x": x, "y": y - 0.12, "counted": (members.get(b.slug) or others[b.slug]).counted}
            (dots if member else apart).append(row)
    on_map = {h.code for h in view.hexes}
    missing = [r.name for r in snap.members if registry.boroughs[r.slug].code not in on_map]
    day = long_date(snap.as_of)
    regions = " and ".join(view.regions)
    desc = f"Hex map of the {len(view.hexes)} council areas of {regions} as of {day}, one hexagon each: " + (
        figures_in_words(snap, missing, list(others.values()))
    )
    width, height = _size(view)
    where = {"longitude": {"field": "x", "type": "quantitative"}, "latitude": {"field": "y", "type": "quantitative"}}
    shapes = {
        "data": {"values": {"type": "FeatureCollection", "features": features}, "format": {"property": "features"}},
        "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 1},
        "encoding": {
            "color": {
                "field": "properties.group",
                "type": "nominal",
                "title": None,
                "scale": {"domain": [f"Member {noun.one}", f"Other {noun.one}"], "range": [MEMBER, OTHER]},
            },
        },
    }
    names = {
        "data": {"values": [f["properties"] for f in features]},
        "mark": {"type": "text", "fontSize": 9, "baseline": "bottom", "lineHeight": 10},
        "encoding": {
            **where,
            "text": {"field": "label"},
            "color": {"field": "ink", "type": "nominal", "scale": None},
        },
    }
    drawing = {
        "width": width,
        "height": height,
        "projection": {"type": "identity", "reflectY": True},
        "layer": [shapes, names, *dot_layers(dots, other_rows(apart), noun, where)],
    }
    lines = [f"{regions}: one hexagon a council area.", subtitle(len(members), noun, bool(others))]
    return Picture(map_spec(snap, lines, drawing, HEX_CREDIT), f"{snap.programme}: map as of {day}", desc, HEX_CREDIT)


def _size(view: HexView) -> tuple[int, int]:
    """The drawing's width and height: 640 wide at least, a hexagon at most HEX_PIXELS across."""
    xs = [centre(h)[0] for h in view.hexes]
    ys = [centre(h)[1] for h in view.hexes]
    across, tall = max(xs) - min(xs) + 1, max(ys) - min(ys) + 2 * RADIUS
    width = max(640, round(across * 60))
    scale = min(width / across, HEX_PIXELS)
    return width, max(200, round(tall * scale))

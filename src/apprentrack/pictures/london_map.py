"""The map of London as a Vega-Lite specification: the programme's members on the day shaded apart from
the other boroughs, a dot a member sized by its counted apprentices (map_marks.py, shared with the hex
map), the other boroughs' hires apart, and the boundaries' credit."""

from __future__ import annotations

from typing import Any

from ..domain.dates import long_date
from ..domain.errors import InvalidValue
from ..domain.programme import Borough, Registry
from ..figures.snapshot import Snapshot
from ..places.london import BOUNDARY_CREDIT, boundaries, centroids
from .map_marks import MEMBER, OTHER, dot_layers, figures_in_words, map_spec, other_rows, subtitle
from .render import Picture


def map_picture(registry: Registry, snap: Snapshot) -> Picture:
    """London's boroughs, the programme's members on the day shaded apart from the others, a dot a member
    sized by its counted apprentices with the count in it (0 included), and the other boroughs' hires
    marked apart."""
    noun = snap.noun
    members = {r.slug: r for r in snap.members}
    others = {r.slug: r for r in snap.others if r.counted}
    boroughs = {name: _find(registry, name) for name in centroids()}
    member, other = f"Member {noun.one}", f"Other {noun.one}"
    rows: list[dict[str, Any]] = [
        {"id": name, "group": member if b is not None and b.slug in members else other} for name, b in boroughs.items()
    ]
    dots: list[dict[str, Any]] = []
    apart: list[dict[str, Any]] = []
    for name, (lon, lat) in centroids().items():
        b = boroughs[name]
        if b is not None and (b.slug in members or b.slug in others):
            n = (members.get(b.slug) or others[b.slug]).counted
            (dots if b.slug in members else apart).append({"name": b.name, "lon": lon, "lat": lat, "counted": n})
    on_map = {b.slug for b in boroughs.values() if b is not None}
    missing = [r.name for r in snap.members if r.slug not in on_map]
    day = long_date(snap.as_of)
    desc = f"Map of London's 33 boroughs as of {day}: " + figures_in_words(snap, missing, list(others.values()))
    shape = {
        "data": {"values": boundaries(), "format": {"type": "topojson", "feature": "boroughs"}},
        "transform": [
            {"lookup": "id", "from": {"data": {"values": rows}, "key": "id", "fields": ["group"]}},
        ],
        "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 1},
        "encoding": {
            "color": {
                "field": "group",
                "type": "nominal",
                "title": None,
                "scale": {"domain": [member, other], "range": [MEMBER, OTHER]},
            },
        },
    }
    where = {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
    }
    drawing = {
        "width": 640,
        "height": 500,
        "projection": {"type": "mercator"},
        "layer": [shape, *dot_layers(dots, other_rows(apart), noun, where)],
    }
    lines = [subtitle(len(members), noun, bool(others))]
    return Picture(
        map_spec(snap, lines, drawing, BOUNDARY_CREDIT), f"{snap.programme}: map as of {day}", desc, BOUNDARY_CREDIT
    )


def _find(registry: Registry, name: str) -> Borough | None:
    try:
        return registry.find(name)
    except InvalidValue:
        return None

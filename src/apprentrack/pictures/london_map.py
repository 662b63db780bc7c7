"""The map of London as a Vega-Lite specification: the programme's members on the day shaded apart from
the other boroughs, a dot a member sized by its counted apprentices, and the boundaries' credit."""

from __future__ import annotations

from typing import Any

from ..domain.dates import long_date
from ..domain.errors import InvalidValue
from ..domain.programme import Borough, Registry
from ..figures.snapshot import Snapshot
from ..places.london import BOUNDARY_CREDIT, boundaries, centroids
from .render import CONFIG, SCHEMA, Picture

MEMBER, OTHER, DOT, INK = "#3b6e9e", "#e3e3e3", "#ffd166", "#111111"
# (foreground, background, what, the least contrast WCAG 2 AA asks: 3:1 for graphics, 4.5:1 for text)
PALETTE = [
    (MEMBER, OTHER, "a member borough beside another", 3.0),
    (DOT, MEMBER, "a member's dot on its borough", 3.0),
    (INK, DOT, "the count in a dot", 4.5),
]


def map_picture(registry: Registry, snap: Snapshot) -> Picture:
    """London's boroughs, the programme's members on the day shaded apart from the others, and a dot a
    member sized by its counted apprentices, with the count in it."""
    members = {r.slug: r for r in snap.members}
    boroughs = {name: _find(registry, name) for name in centroids()}
    rows: list[dict[str, Any]] = [
        {"id": name, "group": "Member borough" if b is not None and b.slug in members else "Other borough"}
        for name, b in boroughs.items()
    ]
    dots: list[dict[str, Any]] = [
        {"name": b.name, "lon": lon, "lat": lat, "counted": members[b.slug].counted}
        for name, (lon, lat) in centroids().items()
        if (b := boroughs[name]) is not None and b.slug in members and members[b.slug].counted
    ]
    top = max((dot["counted"] for dot in dots), default=1)
    on_map = {b.slug for b in boroughs.values() if b is not None}
    missing = [r.name for r in snap.members if r.slug not in on_map]
    day = long_date(snap.as_of)
    desc = (
        f"Map of London's 33 boroughs as of {day}: the {len(members)} member boroughs of {snap.programme} "
        f"are shaded; {snap.counted} apprentices counted, by borough: "
        + "; ".join(f"{r.name} {r.counted}" for r in snap.members)
        + "."
        + (f" Not on the map: {', '.join(missing)}." if missing else "")
    )
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
                "scale": {"domain": ["Member borough", "Other borough"], "range": [MEMBER, OTHER]},
            },
        },
    }
    where = {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
    }
    dot_layers = [
        {
            "mark": {"type": "circle", "color": DOT, "opacity": 1, "stroke": INK, "strokeWidth": 1},
            "encoding": {
                **where,
                "size": {
                    "field": "counted",
                    "type": "quantitative",
                    "title": "Counted apprentices",
                    "scale": {"range": [160, 1300], "zero": True},
                    "legend": {"values": [n for n in (1, 5, 10, 20, 50, 100, 200) if n <= max(top, 1)]},
                },
            },
        },
        {
            "mark": {"type": "text", "fontSize": 11, "fontWeight": "bold", "color": INK},
            "encoding": {**where, "text": {"field": "counted", "type": "quantitative"}},
        },
    ]
    spec = {
        "$schema": SCHEMA,
        "config": CONFIG,
        "padding": 12,
        "background": "white",
        "title": {
            "text": f"{snap.programme}: {snap.counted} apprentices counted, as of {day}",
            "subtitle": [
                f"{len(members)} member boroughs shaded. A dot's size and number: the borough's counted apprentices."
            ],
        },
        "vconcat": [
            {
                "width": 640,
                "height": 500,
                "projection": {"type": "mercator"},
                "layer": [shape, {"data": {"values": dots}, "layer": dot_layers}],
            },
            {
                "width": 640,
                "height": 14,
                "mark": {"type": "text", "align": "left", "fontSize": 9, "color": "#444", "x": 0, "y": 7},
                "data": {"values": [{"text": BOUNDARY_CREDIT}]},
                "encoding": {"text": {"field": "text"}},
            },
        ],
    }
    return Picture(spec, f"{snap.programme}: map as of {day}", desc, BOUNDARY_CREDIT)


def _find(registry: Registry, name: str) -> Borough | None:
    try:
        return registry.find(name)
    except InvalidValue:
        return None

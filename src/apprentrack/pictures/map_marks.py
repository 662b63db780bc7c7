"""What both maps draw over their places (London's boundaries, the hex map): a dot a member sized by its
counted apprentices with the count in it, 0 included, and the other boroughs' hires marked apart, each in
the legend. The size scale is linear in area from a dot that holds a '0' and stops where the largest count
is, so the legend's circles, whole numbers, are the sizes drawn."""

from __future__ import annotations

from typing import Any

from ..domain.dates import long_date
from ..domain.words import Noun
from ..figures.snapshot import Snapshot
from .render import CONFIG, SCHEMA

MEMBER, OTHER, DOT, INK, APART = "#3b6e9e", "#e3e3e3", "#ffd166", "#111111", "#555555"
# (foreground, background, what, the least contrast WCAG 2 AA asks: 3:1 for graphics, 4.5:1 for text)
PALETTE = [
    (MEMBER, OTHER, "a member borough beside another", 3.0),
    (DOT, MEMBER, "a member's dot on its borough", 3.0),
    (INK, DOT, "the count in a dot", 4.5),
    (APART, OTHER, "the ring of another borough's hires", 3.0),
    (APART, OTHER, "the count of another borough's hires", 4.5),
]
SMALLEST = 180  # the area (square pixels) of a dot for 0: room for one digit
LARGEST = 1300
STEP = 110  # the area one apprentice adds, at most


def size_range(top: int) -> list[int]:
    """The areas of 0 and of the largest count: the same area for each apprentice up to LARGEST."""
    step = min(STEP, (LARGEST - SMALLEST) / max(top, 1))
    return [SMALLEST, round(SMALLEST + step * max(top, 1))]


def legend_values(top: int) -> list[int]:
    """Whole numbers for the size legend, 0 and at most three round ones no bigger than the largest count."""
    rounds = [n * 10**e for e in range(7) for n in (1, 2, 5)]
    return [0, *[n for n in rounds if n <= top][-3:]]


def dot_layers(
    members: list[dict[str, Any]], others: list[dict[str, Any]], noun: Noun, where: dict[str, Any]
) -> list[dict[str, Any]]:
    """The layers of dots: `members` and `others` are rows with `counted` and the position fields `where`
    encodes (longitude and latitude)."""
    top = max((row["counted"] for row in members), default=0)
    size = {
        "field": "counted",
        "type": "quantitative",
        "title": f"Counted apprentices (member {noun.many})",
        "scale": {"domain": [0, max(top, 1)], "range": size_range(top), "zero": True},
        "legend": {
            "values": legend_values(top),
            "format": "d",
            "symbolFillColor": DOT,
            "symbolStrokeColor": INK,
            "symbolStrokeWidth": 1,
            "symbolOpacity": 1,
            "titleLimit": 400,
        },
    }
    other_hires = f"Hires of other {noun.many}, not counted"
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": members},
            "mark": {"type": "circle", "color": DOT, "opacity": 1, "stroke": INK, "strokeWidth": 1},
            "encoding": {**where, "size": size},
        },
        {
            "data": {"values": members},
            "mark": {"type": "text", "fontSize": 11, "fontWeight": "bold", "color": INK},
            "encoding": {**where, "text": {"field": "counted", "type": "quantitative", "format": "d"}},
        },
    ]
    if others:
        layers += [
            {
                "data": {"values": others},
                "mark": {"type": "circle", "size": 420, "fill": "white", "opacity": 1, "strokeWidth": 1.5},
                "encoding": {
                    **where,
                    "stroke": {
                        "datum": other_hires,
                        "type": "nominal",
                        "scale": {"domain": [other_hires], "range": [APART]},
                        "legend": {
                            "title": None,
                            "symbolFillColor": "white",
                            "symbolDash": [3, 2],
                            "symbolSize": 200,
                            "labelLimit": 400,
                        },
                    },
                    "strokeDash": {"value": [3, 2]},
                },
            },
            {
                "data": {"values": others},
                "mark": {"type": "text", "fontSize": 10, "fontStyle": "italic", "color": APART},
                "encoding": {**where, "text": {"field": "shown", "type": "nominal"}},
            },
        ]
    return layers


def other_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of the other boroughs' hires with the count as the terminal map shows it: '(2)'."""
    return [{**row, "shown": f"({row['counted']})"} for row in rows]


def subtitle(members: int, noun: Noun, others: bool) -> str:
    text = f"{members} member {noun.many} shaded. A dot's size and number: the {noun.one}'s counted apprentices."
    return text + (f" (n): hires of other {noun.many}, not counted." if others else "")


def figures_in_words(snap: Snapshot, missing: list[str], others: list[Any]) -> str:
    """What a map shows, in words for its <desc>: the members shaded, each member's count, those not on
    the map, and the other boroughs' hires (`others`: rows with a name and counted)."""
    noun = snap.noun
    text = (
        f"the {len(snap.members)} member {noun.many} of {snap.programme} are shaded; {snap.counted} apprentices "
        f"counted, by {noun.one}: " + "; ".join(f"{r.name} {r.counted}" for r in snap.members) + "."
    )
    if missing:
        text += f" Not on the map: {', '.join(missing)}."
    if others:
        text += f" Hires of other {noun.many}, shown apart and not counted: "
        text += "; ".join(f"{r.name} {r.counted}" for r in others) + "."
    return text


def map_spec(snap: Snapshot, subtitles: list[str], drawing: dict[str, Any], credit: str) -> dict[str, Any]:
    """A map's whole specification: the title (the count and the day), the drawing, and under it the
    credit its source's licence asks for."""
    return {
        "$schema": SCHEMA,
        "config": CONFIG,
        "padding": 12,
        "background": "white",
        "title": {
            "text": f"{snap.programme}: {counted(snap.counted)}, as of {long_date(snap.as_of)}",
            "subtitle": subtitles,
        },
        "vconcat": [drawing, _credit_line(credit, drawing["width"])],
    }


def _credit_line(credit: str, width: int) -> dict[str, Any]:
    """The source's credit under a map, as its licence asks."""
    return {
        "width": width,
        "height": 14,
        "mark": {"type": "text", "align": "left", "fontSize": 9, "color": "#444", "x": 0, "y": 7},
        "data": {"values": [{"text": credit}]},
        "encoding": {"text": {"field": "text"}},
    }


def counted(n: int) -> str:
    return f"{n} apprentice{'' if n == 1 else 's'} counted"

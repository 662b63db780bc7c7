"""The week's card for social media, as a Vega-Lite specification: the programme's name, the week, the
headline figure against the target, a progress bar and a small burn-up, on one 1200 x 675 canvas (1080 x
1080 square). Every mark is placed in pixels (no scale) but the burn-up's, whose scales map onto its own
corner, so the picture is exactly the size asked for. Dark on white with one dark blue: it reads in
greyscale; the smallest text is big enough to read when a phone shows the card a third of its size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ..domain.dates import long_date
from ..figures.burnup import Burnup
from ..figures.weekly import Summary
from ..output.sentences import sentences
from ..output.status import verdict_text
from ..output.summary import days
from ..output.tables import number
from .burnup import COUNTED as FILL  # the count: the bar's filled part and the burn-up's line, as on the chart
from .burnup import steps, vega_date
from .page import INK, PAPER, QUIET  # text, and the week and the chart's labels, as on the pages
from .render import FONT, SCHEMA, Picture

TRACK = "#8c8c8c"  # the bar's part still to go
TARGET = "#555555"  # the target line
# (foreground, background, what, the least contrast WCAG 2 AA asks: 4.5:1 for text, 3:1 for graphics). The
# same pairs are apart in greyscale: contrast is a difference of luminance.
PALETTE = [
    (INK, PAPER, "the card's text", 4.5),
    (QUIET, PAPER, "the card's quieter text", 4.5),
    (FILL, TRACK, "the bar's count against what is still to go", 3.0),
    (TRACK, PAPER, "the bar's part to go against the ground", 3.0),
    (FILL, PAPER, "the burn-up's line", 3.0),
    (TARGET, PAPER, "the target line", 3.0),
]


@dataclass(frozen=True)
class Layout:
    """Where things go on a card of one shape, in pixels from the top left."""

    width: int
    height: int
    text_width: int  # the width the headline and its lines may take
    lines: tuple[int, ...]  # baselines: name, week, figure, recruited, new this week, verdict
    bar: tuple[int, int]  # the progress bar's top and bottom
    chart: tuple[int, int, int, int]  # the burn-up's left, top, right, bottom
    figure_size: int  # the headline figure's largest font size


MARGIN = 60
LANDSCAPE = Layout(1200, 675, 620, (88, 138, 300, 362, 420, 478), (530, 580), (730, 200, 1140, 440), 140)
SQUARE = Layout(1080, 1080, 960, (100, 152, 330, 400, 462, 524), (575, 630), (60, 790, 1020, 980), 170)


def card_picture(s: Summary, b: Burnup, square: bool = False) -> Picture:
    """The week's card; `b`, the burn-up as of the week's end (as known then, for a week as it stood)."""
    shape = SQUARE if square else LANDSCAPE
    e = s.at_end
    figure = f"{e.counted} of {e.target}"
    name, week, big, recruited, new, verdict = shape.lines
    lines = {
        "recruited": f"apprentices recruited ({number(e.percent)}%)",
        "new": f"{s.new_this_week} new this week{'' if s.complete else ' so far'}",
        "verdict": f"Verdict: {verdict_text(e)}",
    }
    size = min(_fitted(text, 40, shape.text_width) for text in lines.values())  # the three lines alike
    bold = [
        _text(e.programme, MARGIN, name, 44, shape.width - 2 * MARGIN),
        _text(figure, MARGIN, big, shape.figure_size, shape.text_width),
        _text(lines["verdict"], MARGIN, verdict, size, shape.text_width),
    ]
    normal = [
        _text(f"Week {s.week}: {days(s)}", MARGIN, week, 32, shape.width - 2 * MARGIN, QUIET),
        _text(lines["recruited"], MARGIN, recruited, size, shape.text_width),
        _text(lines["new"], MARGIN, new, size, shape.text_width),
        _text(f"Target {e.target} by {long_date(e.deadline)}", shape.width - MARGIN, shape.bar[1] + 44, 30, 0, QUIET),
    ]
    spec = {
        "$schema": SCHEMA,
        "width": shape.width,
        "height": shape.height,
        "autosize": {"type": "none"},  # the canvas is exactly width x height
        "padding": 0,
        "background": PAPER,
        "config": {"font": FONT, "view": {"stroke": None}},
        "layer": [
            _texts(normal, "normal"),
            _texts(bold, "bold"),
            _bar(shape, min(e.counted / e.target, 1)),
            *_burnup(shape, b),
        ],
        "resolve": {"scale": {"x": "independent", "y": "independent"}},
    }
    alt = (
        f"{sentences(s).title}. {sentences(s).headline} The card shows a progress bar {number(e.percent)}% of the way "
        f"to the target of {e.target}, and a small burn-up chart of the count from {long_date(b.start)} to "
        f"{long_date(b.as_of)}, against the target by the deadline, {long_date(e.deadline)}."
    )
    return Picture(spec, f"{e.programme}: week {s.week}", alt)


def _fitted(text: str, largest: int, width: int) -> int:
    """A font size at which the text fits the width (a bold DejaVu Sans character is about 0.64 em wide)."""
    return int(min(largest, width / (0.64 * max(len(text), 1))))


def _text(text: str, x: int, y: int, size: int, width: int, colour: str = INK) -> dict[str, Any]:
    """A line of text at (x, y), made smaller to fit `width` and cut there if it still does not; a width of
    0 right-aligns it at x."""
    return {"text": text, "x": x, "y": y, "size": _fitted(text, size, width) if width else size, "width": width,
            "colour": colour}  # fmt: skip


def _texts(rows: list[dict[str, Any]], weight: str) -> dict[str, Any]:
    """Lines of text in one weight: a layer each, its place, size and width in the mark."""
    return {
        "layer": [
            {
                "data": {"values": [{"text": row["text"]}]},
                "mark": {
                    "type": "text",
                    "align": "left" if row["width"] else "right",
                    "baseline": "alphabetic",
                    "fontWeight": weight,
                    "fontSize": row["size"],
                    "limit": row["width"],
                    "color": row["colour"],
                },
                "encoding": {"x": {"value": row["x"]}, "y": {"value": row["y"]}, "text": {"field": "text"}},
            }
            for row in rows
        ]
    }


def _pixels(field: str) -> dict[str, Any]:
    return {"field": field, "type": "quantitative", "scale": None}


def _bar(shape: Layout, fraction: float) -> dict[str, Any]:
    """The progress bar: the whole width is the target, the dark part the count (full once it is met)."""
    left, right = MARGIN, shape.width - MARGIN
    top, bottom = shape.bar
    parts = [{"x": left, "x2": right, "colour": TRACK}]
    if fraction > 0:
        parts.append({"x": left, "x2": left + round((right - left) * fraction), "colour": FILL})
    return {
        "data": {"values": [{**p, "y": top, "y2": bottom} for p in parts]},
        "mark": {"type": "rect"},
        "encoding": {
            "x": _pixels("x"),
            "x2": {"field": "x2"},
            "y": _pixels("y"),
            "y2": {"field": "y2"},
            "color": {"field": "colour", "type": "nominal", "scale": None},
        },
    }


def _burnup(shape: Layout, b: Burnup) -> list[dict[str, Any]]:
    """The small burn-up in its corner: the count as a step line, the target dashed, the first and last
    months named under it. No axes: the card's figures say the numbers."""
    left, top, right, bottom = shape.chart
    points = steps(b)
    end = max(b.deadline, points[-1][0])  # the deadline, or the last hire counted after it
    highest = max(b.target, *(v for _, v in points)) * 1.1
    x = {
        "field": "day",
        "type": "temporal",
        "scale": {"domain": [vega_date(b.start), vega_date(end + timedelta(days=3))], "range": [left, right]},
        "axis": None,
    }
    y = {
        "field": "value",
        "type": "quantitative",
        "scale": {"domain": [0, highest], "range": [bottom, top]},
        "axis": None,
    }
    line = [{"day": d.isoformat(), "value": v} for d, v in points]
    target = [{"day": b.start.isoformat(), "value": b.target}, {"day": end.isoformat(), "value": b.target}]
    labels = [
        _text(f"{b.start:%b %Y}", left, bottom + 40, 28, right - left, QUIET),
        _text(f"{end:%b %Y}", right, bottom + 40, 28, 0, QUIET),
        _text(f"Target {b.target}", left, top - 12, 28, right - left, QUIET),
    ]
    return [
        {
            "data": {"values": [{"x": left, "y": bottom}, {"x": right, "y": bottom}]},
            "mark": {"type": "line", "color": QUIET, "strokeWidth": 2},
            "encoding": {"x": _pixels("x"), "y": _pixels("y")},
        },
        {
            "data": {"values": target},
            "mark": {"type": "line", "color": TARGET, "strokeWidth": 3, "strokeDash": [12, 8]},
            "encoding": {"x": x, "y": y},
        },
        {
            "data": {"values": line},
            "mark": {"type": "line", "interpolate": "step-after", "color": FILL, "strokeWidth": 6},
            "encoding": {"x": x, "y": y},
        },
        _texts(labels, "normal"),
    ]

"""Pictures worth publishing: the burn-up chart and the map of London, as Vega-Lite specifications that
vl-convert renders to SVG or PNG (the `charts` extra). A spec is plain data; only `render` needs vl-convert.
Nothing here asks another host for anything: the boundaries are inline, fonts are the system's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape
from typing import Any

from .errors import InvalidValue, UsageError
from .geo import BOUNDARY_CREDIT, boundaries, centroids
from .models import Borough, Registry
from .progress import Burnup, Snapshot
from .render import long_date

CHARTS_EXTRA = "pip install 'apprentrack[charts]'"
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"  # a name for the spec's version, never fetched
FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
CONFIG = {
    "font": FONT,
    "view": {"stroke": None},
    "title": {"anchor": "start", "fontSize": 16, "subtitleFontSize": 12, "subtitleColor": "#333"},
    "axis": {"labelFontSize": 11, "titleFontSize": 12, "labelColor": "#222", "titleColor": "#222"},
    "legend": {"labelFontSize": 11, "titleFontSize": 12, "orient": "bottom", "direction": "horizontal"},
}


@dataclass(frozen=True)
class Picture:
    spec: dict[str, Any]
    title: str  # the picture's <title>
    desc: str  # what it shows, in words: the picture's <desc>, for screen readers and search


def _converter() -> Any:
    try:
        import vl_convert
    except ImportError:
        raise UsageError(f"writing a picture needs the charts extra: {CHARTS_EXTRA}") from None
    return vl_convert


def require() -> None:
    """Raise the usage error that says what to install, if the charts extra is missing."""
    _converter()


def available() -> bool:
    try:
        require()
    except UsageError:
        return False
    return True


def to_svg(picture: Picture) -> str:
    """The picture as SVG with a <title> and <desc>; vl-convert may fetch nothing (no base URL allowed)."""
    svg: str = _converter().vegalite_to_svg(picture.spec, allowed_base_urls=[])
    head = f"<title>{escape(picture.title)}</title><desc>{escape(picture.desc)}</desc>"
    return re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + head, svg, count=1)


def to_png(picture: Picture) -> bytes:
    png: bytes = _converter().vegalite_to_png(picture.spec, scale=2, allowed_base_urls=[])
    return png


def svg_to_png(svg: str) -> bytes:
    """Any SVG (the summary's picture) as PNG, at twice its size."""
    png: bytes = _converter().svg_to_png(svg, scale=2)
    return png


def to_page(picture: Picture) -> str:
    """A self-contained HTML page with the picture inline as SVG (no script)."""
    from .page import picture_page

    return picture_page(picture.title, to_svg(picture), picture.desc)


# -------------------------------------------------------------------------------------------- burn-up


def _month_step(first: date, last: date) -> int:
    months = (last.year - first.year) * 12 + last.month - first.month
    return 1 if months <= 24 else 3 if months <= 72 else 12


def burnup_picture(b: Burnup, snap: Snapshot) -> Picture:
    """The counted total as a step line, the target, the even pace from start to deadline, the deadline, and
    the forecast as a dashed line labelled an estimate. Series differ in dash as well as colour (greyscale)."""
    counted = [(b.start, 0)] + [
        (min(end, b.as_of), value) for end, value in zip(b.ends, b.counted, strict=True) if value is not None
    ]
    end = max(b.ends[-1], b.deadline)
    series = {
        "Counted": "#08306b",
        f"Target ({b.target})": "#b2182b",
        "Even pace, start to deadline": "#555555",
        "Forecast (estimate)": "#e08214",
    }
    dashes = [[1, 0], [6, 2, 1, 2], [2, 3], [8, 4]]
    lines: list[dict[str, Any]] = [
        {"series": f"Target ({b.target})", "day": b.start, "value": b.target},
        {"series": f"Target ({b.target})", "day": end, "value": b.target},
        {"series": "Even pace, start to deadline", "day": b.start, "value": 0},
        {"series": "Even pace, start to deadline", "day": b.deadline, "value": b.target},
    ]
    forecast = ""
    if not snap.final and snap.reached_on is None and snap.forecast_date is not None:
        to_day, to_value = (
            (snap.forecast_date, b.target)
            if snap.forecast_date <= b.deadline
            else (b.deadline, snap.projected_at_deadline)
        )
        lines += [
            {"series": "Forecast (estimate)", "day": snap.as_of, "value": snap.counted},
            {"series": "Forecast (estimate)", "day": to_day, "value": to_value},
        ]
        forecast = f" At the recent pace (an estimate) it reaches {to_value} by {long_date(to_day)}."
    else:
        del series["Forecast (estimate)"]
        dashes.pop()
    top = max(b.target, *(v for _, v in counted), *(row["value"] or 0 for row in lines)) * 1.08
    x = {
        "field": "day",
        "type": "temporal",
        "title": None,
        "scale": {"domain": [_ms(b.start), _ms(end + timedelta(days=3))]},
        "axis": {
            "tickCount": {"interval": "month", "step": _month_step(b.start, end)},
            "labelExpr": "month(datum.value) == 0 || datum.index == 0"
            " ? timeFormat(datum.value, '%b %Y') : timeFormat(datum.value, '%b')",
            "labelOverlap": False,
            "labelAngle": -45,
            "grid": True,
            "gridColor": "#e6e6e6",
        },
    }
    y = {"field": "value", "type": "quantitative", "title": "Apprentices", "scale": {"domain": [0, top]}}
    colour = {
        "field": "series",
        "type": "nominal",
        "title": None,
        "scale": {"domain": list(series), "range": list(series.values())},
        "legend": {"symbolType": "stroke", "symbolStrokeWidth": 2.5, "symbolSize": 500},
    }
    dash = {"field": "series", "type": "nominal", "title": None, "scale": {"domain": list(series), "range": dashes}}
    deadline = {"day": b.deadline, "label": f"Deadline {long_date(b.deadline)}"}
    desc = (
        f"Burn-up chart of {b.programme}: {snap.counted} of {b.target} counted as of {long_date(b.as_of)}, "
        f"from {long_date(b.start)} to the deadline, {long_date(b.deadline)}. {_verdict(snap)}"
        f"{forecast}"
    )
    spec = {
        "$schema": SCHEMA,
        "config": CONFIG,
        "width": 720,
        "height": 360,
        "padding": 12,
        "background": "white",
        "title": {
            "text": f"{b.programme}: {snap.counted} of {b.target} counted, as of {long_date(b.as_of)}",
            "subtitle": [f"Burn-up toward the target by the deadline, {long_date(b.deadline)}. {_verdict(snap)}"],
        },
        "layer": [
            {
                "data": {"values": [{"day": d, "value": v, "series": "Counted"} for d, v in _iso(counted)]},
                "mark": {"type": "line", "interpolate": "step-after", "strokeWidth": 3},
                "encoding": {"x": x, "y": y, "color": colour, "strokeDash": dash},
            },
            {
                "data": {"values": [{**row, "day": row["day"].isoformat()} for row in lines]},
                "mark": {"type": "line", "strokeWidth": 2},
                "encoding": {"x": x, "y": y, "color": colour, "strokeDash": dash, "detail": {"field": "series"}},
            },
            {
                "data": {"values": [{**deadline, "day": b.deadline.isoformat()}]},
                "layer": [
                    {"mark": {"type": "rule", "color": "#222", "strokeWidth": 1.5}},
                    {
                        "mark": {"type": "text", "align": "right", "baseline": "top", "dx": -4, "y": 4},
                        "encoding": {"text": {"field": "label"}},
                    },
                ],
                "encoding": {"x": x},
            },
        ],
    }
    return Picture(spec, f"{b.programme}: burn-up as of {long_date(b.as_of)}", desc)


def _verdict(snap: Snapshot) -> str:
    text = f"Verdict: {snap.verdict_sentence(long_date)}."
    if not snap.final and snap.reached_on is None and snap.forecast_date is not None:
        text += f" Forecast from the pace of the last {snap.recent_weeks} weeks is an estimate."
    return text


def _iso(points: list[tuple[date, int]]) -> list[tuple[str, int]]:
    return [(d.isoformat(), v) for d, v in points]


def _ms(day: date) -> dict[str, int]:
    """A date as Vega-Lite's date-time object (a date string would be read as UTC midnight, shown a day off
    west of Greenwich; the object is local time, as the data's dates are)."""
    return {"year": day.year, "month": day.month, "date": day.day}


# ------------------------------------------------------------------------------------------------ map


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
                "scale": {"domain": ["Member borough", "Other borough"], "range": ["#3b6e9e", "#e3e3e3"]},
            },
        },
    }
    where = {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
    }
    dot_layers = [
        {
            "mark": {"type": "circle", "color": "#ffd166", "opacity": 1, "stroke": "#111", "strokeWidth": 1},
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
            "mark": {"type": "text", "fontSize": 11, "fontWeight": "bold", "color": "#111"},
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
    return Picture(spec, f"{snap.programme}: map as of {day}", desc)


def _find(registry: Registry, name: str) -> Borough | None:
    try:
        return registry.find(name)
    except InvalidValue:
        return None

"""The burn-up chart as a Vega-Lite specification: the counted total as a step line, the target, the even
pace from start to deadline, the deadline, and the forecast as a dashed line labelled an estimate."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..domain.dates import long_date
from ..figures.burnup import Burnup
from ..figures.snapshot import Snapshot
from .render import CONFIG, SCHEMA, Picture

# Each line at least 3:1 against the white ground (WCAG 2 AA for graphics, 1.4.11); they differ in dash too.
COUNTED, TARGET, EVEN_PACE, FORECAST = "#08306b", "#b2182b", "#555555", "#b35806"
PALETTE = [(colour, "#ffffff", f"the burn-up's {what} line", 3.0) for colour, what in
           ((COUNTED, "counted"), (TARGET, "target"), (EVEN_PACE, "even pace"), (FORECAST, "forecast"))]  # fmt: skip


def _month_step(first: date, last: date) -> int:
    months = (last.year - first.year) * 12 + last.month - first.month
    return 1 if months <= 24 else 3 if months <= 72 else 12


def burnup_picture(b: Burnup, snap: Snapshot) -> Picture:
    """The counted total as a step line, the target, the even pace from start to deadline, the deadline, and
    the forecast as a dashed line labelled an estimate. Series differ in dash as well as colour (greyscale)."""
    counted = steps(b)
    end = max(b.ends[-1], b.deadline)
    series = {
        "Counted": COUNTED,
        f"Target ({b.target})": TARGET,
        "Even pace, start to deadline": EVEN_PACE,
        "Forecast (estimate)": FORECAST,
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
        "scale": {"domain": [vega_date(b.start), vega_date(end + timedelta(days=3))]},
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


def steps(b: Burnup) -> list[tuple[date, int]]:
    """The counted total as a step line's points: 0 at the start, then each interval's end (up to as_of)."""
    return [(b.start, 0)] + [
        (min(end, b.as_of), value) for end, value in zip(b.ends, b.counted, strict=True) if value is not None
    ]


def _verdict(snap: Snapshot) -> str:
    text = f"Verdict: {snap.verdict_sentence(long_date)}."
    if not snap.final and snap.reached_on is None and snap.forecast_date is not None:
        text += f" Forecast from the pace of the last {snap.recent_weeks} weeks is an estimate."
    return text


def _iso(points: list[tuple[date, int]]) -> list[tuple[str, int]]:
    return [(d.isoformat(), v) for d, v in points]


def vega_date(day: date) -> dict[str, int]:
    """A date as Vega-Lite's date-time object (a date string would be read as UTC midnight, shown a day off
    west of Greenwich; the object is local time, as the data's dates are)."""
    return {"year": day.year, "month": day.month, "date": day.day}

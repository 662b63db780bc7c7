"""The weekly summary in every format: Markdown for weeknotes, JSON and CSV for programs, a Rich view for
the SVG picture (pictures/page.py makes the HTML page). Every format but CSV carries the same content: the headline,
the figures (with the pipeline), the boroughs, most new hires, the other boroughs and the footnote.
Public output: counts only, never a record's id or ref (Summary holds neither).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..domain.dates import long_date
from ..figures.weekly import Summary
from ..spreadsheets.write import to_csv
from .card import text_card
from .formats import to_json
from .status import SCHEMA_VERSION, breakdown_table, forecast_rows, pipeline_rows, verdict_text
from .tables import new_table, number

CSV_HEADER = ("week", "section", "borough", "name", "member", "new_this_week", "counted")


def _span(start: date, end: date) -> str:
    if start.year != end.year:
        return f"{long_date(start)} to {long_date(end)}"
    if start.month != end.month:
        return f"{start.day} {start:%B} to {long_date(end)}"
    return f"{start.day} to {long_date(end)}"


def _change(s: Summary) -> str:
    """'+5 (from 70)'; where boroughs joined in the week, how much of the change is their earlier hires."""
    text = f"{s.change:+d} (from {s.previous_counted}"
    if s.joined:
        names = " and ".join(s.joined)
        text += f"; {s.change_from_joining} of it earlier hires of {names}, which joined this week"
    return text + ")"


def figures(s: Summary) -> list[tuple[str, str]]:
    """The summary's figures as (label, value) rows, shared by every format that people read."""
    e = s.at_end
    rows = [
        ("New this week", str(s.new_this_week)),
        ("Counted", f"{e.counted} of {e.target} ({number(e.percent)}%)"),
        ("Change on the week before", _change(s)),
    ]
    if e.final:
        rows.append(("Deadline", f"{long_date(e.deadline)} (passed): {e.counted_at_deadline} counted by then"))
    else:
        rows += [("Remaining", str(e.remaining)), ("Days left", f"{e.days_left} ({number(e.weeks_left)} weeks)")]
        if e.pace_needed is not None:
            rows.append(("Weekly pace needed", f"{number(e.pace_needed)} a week"))
        rows.append(
            ("Recent pace", f"{number(e.recent_pace)} a week ({e.recent_hires} in the last {e.recent_weeks} weeks)")
        )
    rows += forecast_rows(e) + pipeline_rows(e)
    rows.append(("Verdict", verdict_text(e)))
    return rows


def title(s: Summary) -> str:
    return f"{s.at_end.programme}: week {s.week} ({_span(s.week_start, s.week_end)})"


def headline(s: Summary, strong: Callable[[str], str] = str) -> str:
    e = s.at_end
    return (
        f"{strong(f'{e.counted} of {e.target} apprentices recruited ({number(e.percent)}%)')}, "
        f"{s.new_this_week} new this week. Verdict: {strong(verdict_text(e))}."
    )


def most_new_hires(s: Summary, escape: Callable[[str], str] = str) -> str:
    if not s.top:
        return "No new hires this week."
    return "Most new hires this week: " + ", ".join(f"{escape(r.name)} ({r.new_this_week})" for r in s.top) + "."


def other_boroughs(s: Summary, escape: Callable[[str], str] = str) -> str | None:
    others = [r for r in s.boroughs if not r.member]
    if not others:
        return None
    listed = ", ".join(f"{escape(r.name)} {r.counted}" for r in others)
    return f"Other {s.at_end.noun.many}, not members and not counted toward the target: {listed}."


def footnote(s: Summary) -> str:
    e = s.at_end
    estimate = f" Forecasts are estimates from the pace of the last {e.recent_weeks} weeks." if forecast_rows(e) else ""
    return f"Counts only, no individual records.{estimate} Data as of {long_date(s.week_end)}."


# ---------------------------------------------------------------------------------------- markdown


def _md(text: str) -> str:
    """Escape what Markdown would read as markup or a table cell break."""
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)


def markdown(s: Summary, pictures: tuple[str, str | None] | None = None) -> str:
    """The weeknote; `pictures`, the file names of the burn-up chart and the map written beside it (None
    for a programme whose members are not places)."""
    e = s.at_end
    noun = e.noun
    members = [r for r in s.boroughs if r.member]
    out = [
        f"## {_md(title(s))}",
        "",
        headline(s, lambda text: f"**{text}**"),
        "",
        "| Measure | Figure |",
        "| --- | --- |",
        *(f"| {label} | {_md(value)} |" for label, value in figures(s)),
        "",
    ]
    if pictures:
        out += [f"![Burn-up chart as of {long_date(s.week_end)}]({pictures[0]})", ""]
    out += [
        f"### New hires by {_md(noun.one)}",
        "",
        f"| {_md(noun.One)} | New this week | Counted |",
        "| --- | ---: | ---: |",
        *(f"| {_md(r.name)} | {r.new_this_week} | {r.counted} |" for r in members),
        f"| **Total** | **{sum(r.new_this_week for r in members)}** | **{e.counted}** |",
        "",
        most_new_hires(s, _md),
    ]
    others = other_boroughs(s, _md)
    if others:
        out += ["", others]
    if pictures and pictures[1]:
        alt = f"Map of the member {_md(noun.many)} and their counts as of {long_date(s.week_end)}"
        out += ["", f"![{alt}]({pictures[1]})"]
    if s.roles:
        out += ["", "### By role", "", "| Role | Counted |", "| --- | ---: |"]
        out += [f"| {_md(g.label)} | {g.counted} |" for g in s.roles]
    out += ["", f"_{_md(footnote(s))}_"]
    return "\n".join(out) + "\n"


# -------------------------------------------------------------------------------------- JSON, CSV


def data(s: Summary) -> dict[str, Any]:
    """The stable JSON shape of `summary --format json` (documented in the README)."""
    e = s.at_end
    keys = [
        "target", "counted", "percent", "remaining", "days_left", "weeks_left", "pace_needed", "recent_weeks",
        "recent_hires", "recent_pace", "forecast_date", "projected_at_deadline", "verdict", "verdict_text", "final",
        "pipeline", "with_pipeline", "pledged_apart",
    ]  # fmt: skip
    return {
        "schema_version": SCHEMA_VERSION,
        "programme": e.programme,
        "week": s.week,
        "week_start": s.week_start,
        "week_end": s.week_end,
        "new_this_week": s.new_this_week,
        "previous_counted": s.previous_counted,
        "change": s.change,
        "change_from_joining": s.change_from_joining,
        "joined": s.joined,
        **{k: getattr(e, k) for k in keys},
        "boroughs": [
            {"slug": r.slug, "name": r.name, "member": r.member, "new_this_week": r.new_this_week, "counted": r.counted}
            for r in s.boroughs
        ],
        "top_boroughs": [r.slug for r in s.top],
        "by_role": [asdict(g) for g in s.roles],
        "note": footnote(s),
    }


def csv_text(s: Summary) -> str:
    """One table, its `section` saying what a row is: a row a borough, a total row for the members (whose
    hires count), then a row a role (members' hires counted at the week's end)."""
    rows: list[dict[str, Any]] = [
        {
            "week": s.week,
            "section": "borough",
            "borough": r.slug,
            "name": r.name,
            "member": "yes" if r.member else "no",
            "new_this_week": r.new_this_week,
            "counted": r.counted,
        }
        for r in s.boroughs
    ]
    rows.append(
        {
            "week": s.week,
            "section": "total",
            "borough": "total",
            "name": "Total (members)",
            "new_this_week": s.new_this_week,
            "counted": s.at_end.counted,
        }
    )
    rows += [{"week": s.week, "section": "role", "name": g.label, "counted": g.counted} for g in s.roles]
    return to_csv(rows, CSV_HEADER)


# ------------------------------------------------------------------------------------- Rich view


def view(s: Summary) -> RenderableType:
    """The summary as Rich renders it: for the SVG (and PNG) picture of it."""
    e = s.at_end
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    for label, value in figures(s):
        head.add_row(label, value)
    boroughs = new_table(title=f"New hires by {e.noun.one}", title_justify="left", show_footer=True)
    boroughs.add_column(e.noun.One, footer="Total (members)")
    boroughs.add_column("New this week", justify="right", footer=str(s.new_this_week))
    boroughs.add_column("Counted", justify="right", footer=str(e.counted))
    for r in s.boroughs:
        if r.member:
            boroughs.add_row(Text(r.name), str(r.new_this_week), str(r.counted))
    parts: list[RenderableType] = [Text(title(s), style="bold"), Text(), Text(headline(s)), Text(), head]
    parts += [Text(), boroughs, Text(), Text(most_new_hires(s))]
    others = other_boroughs(s)
    if others:
        parts += [Text(), Text(others)]
    if s.roles:
        parts += [Text(), breakdown_table(s.roles, "role", width=100)]
    parts += [Text(), Text(footnote(s), style="italic")]
    return Group(*parts)


def card(s: Summary) -> str:
    """The summary as an SVG picture."""
    return text_card(view(s), title(s), f"{headline(s)} {most_new_hires(s)} {footnote(s)}")


TEXT_FORMATS: dict[str, Callable[[Summary], str]] = {
    "markdown": markdown,
    "csv": csv_text,
    "json": lambda s: to_json(data(s)) + "\n",
}

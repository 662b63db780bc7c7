"""The weekly summary in every format: Markdown for weeknotes, JSON and CSV for programs, a Rich view for
the SVG picture (pictures/page.py makes the HTML page). Every format but CSV carries the same content: the headline,
the figures (with the pipeline), the boroughs, most new hires, the other boroughs and the footnote.
Public output: counts only, never a record's id or ref (Summary holds neither).
"""

from __future__ import annotations

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
from .formats import to_json
from .markdown import md
from .status import SCHEMA_VERSION, breakdown_table, progress_rows, verdict_text
from .table_svg import table_svg
from .tables import new_table, number

CSV_HEADER = ("week", "section", "borough", "name", "member", "new_this_week", "counted")


def span(start: date, end: date) -> str:
    """Two days as people say them: "9 to 15 March 2020", "30 March to 5 April 2020"."""
    if start.year != end.year:
        return f"{long_date(start)} to {long_date(end)}"
    if start.month != end.month:
        return f"{start.day} {start:%B} to {long_date(end)}"
    return f"{start.day} to {long_date(end)}"


def reconciled(s: Summary) -> str:
    """The change as it adds up from the figure that could have been published the week before: "74 last
    week; +4 started this week; +1 logged this week with an earlier start (Brent 1)". Counts and borough
    names only: never the date or role of a hire."""
    parts = [f"{s.previous_counted} last week", f"{s.started_this_week:+d} started this week"]
    if s.logged_late:
        where = ", ".join(f"{late.name} {late.count}" for late in s.logged_late_by)
        parts.append(f"{s.logged_late:+d} logged this week with an earlier start ({where})")
    if s.joined:
        parts.append(f"{s.change_from_joining:+d} from {' and '.join(s.joined)}, which joined this week")
    if s.logged_since:
        parts.append(f"{s.logged_since:+d} logged since the week ended")
    return "; ".join(parts)


def figures(s: Summary) -> list[tuple[str, str]]:
    """The summary's figures as (label, value) rows, shared by every format that people read."""
    e = s.at_end
    rows = [
        ("New this week", str(s.new_this_week)),
        ("Counted", f"{e.counted} of {e.target} ({number(e.percent)}%)"),
        ("Change on the week before", f"{s.change:+d} ({reconciled(s)})"),
    ]
    return [*rows, *progress_rows(e, long_date), ("Verdict", verdict_text(e))]


def days(s: Summary) -> str:
    """The week's days: "9 to 15 March 2020", or "16 to 18 March 2020, so far"."""
    return span(s.week_start, s.week_end) + ("" if s.complete else ", so far")


def title(s: Summary) -> str:
    return f"{s.at_end.programme}: week {s.week} ({days(s)})"


def headline(s: Summary, strong: Callable[[str], str] = str) -> str:
    e = s.at_end
    return (
        f"{strong(f'{e.counted} of {e.target} apprentices recruited ({number(e.percent)}%)')}, "
        f"{s.new_this_week} new this week{'' if s.complete else ' so far'}. Verdict: {strong(verdict_text(e))}."
    )


MOST_NAMED = 5  # names given for most new hires before "and N more"


def most_new_hires(s: Summary, escape: Callable[[str], str] = str) -> str:
    """The members with most new hires: every one tied with the third named, or the first few and how many
    more."""
    if not s.top:
        return "No new hires this week."
    named = [f"{escape(r.name)} ({r.new_this_week})" for r in s.top]
    if len(named) > MOST_NAMED + 1:
        named = [*named[:MOST_NAMED], f"and {len(named) - MOST_NAMED} more with {s.top[-1].new_this_week}"]
    return "Most new hires this week: " + ", ".join(named) + "."


def other_boroughs(s: Summary, escape: Callable[[str], str] = str) -> str | None:
    others = [r for r in s.boroughs if not r.member]
    if not others:
        return None
    listed = ", ".join(f"{escape(r.name)} {r.counted}" for r in others)
    return f"Other {s.at_end.noun.many}, not members and not counted toward the target: {listed}."


def footnote(s: Summary) -> str:
    e = s.at_end
    estimate = " Forecasts are estimates from the recent pace." if e.forecast_date or e.projected_at_deadline else ""
    known = f" Records logged by {long_date(s.week_end)} only, at their current status." if s.as_known else ""
    return f"Counts only, no individual records.{estimate}{known} Data as of {long_date(s.week_end)}."


# ---------------------------------------------------------------------------------------- markdown


def markdown(s: Summary, pictures: tuple[str, str | None] | None = None) -> str:
    """The weeknote; `pictures`, the file names of the burn-up chart and the map written beside it (None
    for a programme whose members are not places)."""
    e = s.at_end
    noun = e.noun
    members = [r for r in s.boroughs if r.member]
    out = [
        f"## {md(title(s))}",
        "",
        headline(s, lambda text: f"**{text}**"),
        "",
        "| Measure | Figure |",
        "| --- | --- |",
        *(f"| {label} | {md(value)} |" for label, value in figures(s)),
        "",
    ]
    if pictures:
        out += [f"![Burn-up chart as of {long_date(s.week_end)}]({pictures[0]})", ""]
    out += [
        f"### New hires by {md(noun.one)}",
        "",
        f"| {md(noun.One)} | New this week | Counted |",
        "| --- | ---: | ---: |",
        *(f"| {md(r.name)} | {r.new_this_week} | {r.counted} |" for r in members),
        f"| **Total** | **{sum(r.new_this_week for r in members)}** | **{e.counted}** |",
        "",
        most_new_hires(s, md),
    ]
    others = other_boroughs(s, md)
    if others:
        out += ["", others]
    if pictures and pictures[1]:
        alt = f"Map of the member {md(noun.many)} and their counts as of {long_date(s.week_end)}"
        out += ["", f"![{alt}]({pictures[1]})"]
    if s.roles:
        out += ["", "### By role", "", "| Role | Counted |", "| --- | ---: |"]
        out += [f"| {md(g.label)} | {g.counted} |" for g in s.roles]
    out += ["", f"_{md(footnote(s))}_"]
    return "\n".join(out) + "\n"


# -------------------------------------------------------------------------------------- JSON, CSV


def data(s: Summary) -> dict[str, Any]:
    """The stable JSON shape of `summary --format json` (documented in the README)."""
    e = s.at_end
    keys = [
        "target", "counted", "percent", "remaining", "days_left", "weeks_left", "pace_needed", "recent_weeks",
        "recent_from", "recent_hires", "recent_pace", "forecast_from", "forecast_date", "projected_at_deadline",
        "verdict", "verdict_text", "final", "pipeline", "starting_later", "with_pipeline", "pledged_apart",
    ]  # fmt: skip
    return {
        "schema_version": SCHEMA_VERSION,
        "programme": e.programme,
        "week": s.week,
        "week_start": s.week_start,
        "week_end": s.week_end,
        "complete": s.complete,
        "as_known": s.as_known,
        "new_this_week": s.new_this_week,
        "previous_counted": s.previous_counted,
        "change": s.change,
        "started_this_week": s.started_this_week,
        "logged_late": s.logged_late,
        "logged_late_by": [asdict(late) for late in s.logged_late_by],
        "change_from_joining": s.change_from_joining,
        "joined": s.joined,
        "logged_since": s.logged_since,
        **{k: getattr(e, k) for k in keys},
        "boroughs": [
            {"slug": r.slug, "name": r.name, "member": r.member, "new_this_week": r.new_this_week, "counted": r.counted}
            for r in s.boroughs
        ],
        "top_boroughs": [r.slug for r in s.top],
        "by_role": [g._asdict() for g in s.roles],
        "note": footnote(s),
    }


def csv_text(s: Summary) -> str:
    """One table, its `section` saying what a row is: a row a member borough, the members' total (the
    headline figure: a column summed over the members adds up to it), a row an other borough, then a row a
    role (members' hires counted at the week's end)."""

    def row(section: str, slug: str, name: str, member: str, new: int | None, counted: int) -> dict[str, Any]:
        return dict(zip(CSV_HEADER, (s.week, section, slug, name, member, new, counted), strict=True))

    rows = [row("member", r.slug, r.name, "yes", r.new_this_week, r.counted) for r in s.boroughs if r.member]
    rows.append(row("total", "total", "Total (members)", "yes", s.new_this_week, s.at_end.counted))
    rows += [row("other", r.slug, r.name, "no", r.new_this_week, r.counted) for r in s.boroughs if not r.member]
    rows += [row("role", "", g.label, "", None, g.counted) for g in s.roles]
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


def picture(s: Summary) -> str:
    """The summary as an SVG picture of its tables (`summary --format svg`; not the card for social media)."""
    return table_svg(view(s), title(s), f"{headline(s)} {most_new_hires(s)} {footnote(s)}")


TEXT_FORMATS: dict[str, Callable[[Summary], str]] = {
    "markdown": markdown,
    "csv": csv_text,
    "json": lambda s: to_json(data(s)) + "\n",
}

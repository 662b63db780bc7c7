"""`status` as people and programs read it: the headline figures and the boroughs (or a breakdown) as a
Rich view fitted to the terminal, the headcount share, rows for CSV and workbooks, Markdown, and the JSON
contract. The verdict, forecast and pipeline in words are here too, for every report that says them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..domain.dates import long_date, today
from ..domain.words import BOROUGH, Noun, Verdict, capital
from ..figures.snapshot import BoroughRow, Snapshot
from .markdown import md, md_table
from .tables import bar, cell, fits, fitted, new_table, number

if TYPE_CHECKING:
    from ..figures.breakdown import Tally
    from ..figures.headcount import HeadcountRow

# 2: counted_at_deadline is null until the deadline has passed; 3: recent_weeks is the weeks the pace is
# taken over (a number, fewer than the window early in a programme), a verdict "too early to tell"; a
# borough's code and area may be null (a council outside London has no area; an organisation, no code).
SCHEMA_VERSION = 3
_VERDICT_STYLE = {
    Verdict.not_started: "dim",
    Verdict.too_early: "bold cyan",
    Verdict.met: "bold green",
    Verdict.on_track: "green",
    Verdict.at_risk: "bold yellow",
    Verdict.missed: "bold red",
}


def places(n: int) -> str:
    return f"{n} pledged place{'' if n == 1 else 's'}"


def hires(n: int) -> str:
    return f"{n} hire{'' if n == 1 else 's'}"


def verdict_text(snap: Snapshot) -> str:
    """The verdict in words: 'Met on 13 August 2020', 'Missed by 12', 'On track', 'Too early to tell'."""
    text = snap.verdict_sentence(long_date)
    return text[0].upper() + text[1:]


def recent_pace(snap: Snapshot) -> str:
    """The recent pace and what it is taken over: the window, or the weeks since the start if fewer."""
    if snap.as_of < snap.start:
        return f"none yet: the programme begins on {long_date(snap.start)}"
    if snap.recent_weeks < 1:  # days, not weeks: no rate to speak of yet
        return f"{snap.recent_hires} since the programme began on {long_date(snap.start)}"
    pace = f"{number(snap.recent_pace)} a week"
    weeks = number(snap.recent_weeks)
    weeks += " week" if weeks == "1" else " weeks"
    if snap.recent_from == snap.start:
        return f"{pace} ({snap.recent_hires} in the {weeks} since the programme began)"
    return f"{pace} ({snap.recent_hires} in the last {weeks})"


def forecast_rows(snap: Snapshot) -> list[tuple[str, str]]:
    """The estimate as (label, text) rows, or why there is none; no rows when there is nothing to forecast."""
    if snap.final or snap.verdict is Verdict.met:
        return []
    if snap.verdict is Verdict.not_started:
        return [("Forecast", "none before the programme begins")]
    if snap.verdict is Verdict.too_early:
        return [("Forecast", f"none yet: too early to tell (the first on {long_date(snap.forecast_from)})")]
    if not snap.recent_hires:
        return [("Forecast", f"no hires in the last {number(snap.recent_weeks)} weeks, so no estimate")]
    when = "not before 2200" if snap.forecast_date is None else f"around {long_date(snap.forecast_date)}"
    return [
        ("Forecast", f"target reached {when} (estimate)"),
        ("At the deadline", f"about {snap.projected_at_deadline} at the recent pace (estimate)"),
    ]


def pipeline_rows(snap: Snapshot) -> list[tuple[str, str]]:
    """Places to come by the deadline, not yet counted, as (label, text) rows; none when there are none."""
    rows = []
    coming = [places(snap.pipeline)] if snap.pipeline else []
    if snap.starting_later:
        coming.append(f"{hires(snap.starting_later)} recruited to start later")
    if coming:
        rows.append(("Pipeline", f"{' and '.join(coming)} expected by the deadline, not yet counted"))
        kind = "pledged" if not snap.starting_later else "starting later" if not snap.pipeline else "to come"
        more = snap.with_pipeline - snap.counted
        rows.append(
            ("With pipeline", f"{snap.with_pipeline} of {snap.target} ({snap.counted} counted + {more} {kind})")
        )
    if snap.pledged_apart:
        why = "not filled by the deadline" if snap.final else "expected after the deadline"
        rows.append(("Pledged apart", f"{places(snap.pledged_apart)} {why}: not pipeline"))
    return rows


def progress_rows(snap: Snapshot, day: Callable[[date], str] = date.isoformat) -> list[tuple[str, str]]:
    """Where the programme stands against its deadline, as (label, text) rows after the count: for status
    and the weekly summary alike."""
    if snap.final:
        rows = [("Deadline", f"{day(snap.deadline)} (passed): {snap.counted_at_deadline} counted by then")]
        return rows + pipeline_rows(snap)
    return pace_rows(snap, day) + forecast_rows(snap) + pipeline_rows(snap)


def pace_rows(snap: Snapshot, day: Callable[[date], str] = date.isoformat) -> list[tuple[str, str]]:
    """Before the deadline has passed: what remains, the time left, the pace needed and the recent pace."""
    rows = []
    if snap.remaining:
        rows.append(("Remaining", f"{snap.remaining} to go by {day(snap.deadline)}"))
    if snap.days_left:
        rows.append(("Time left", f"{snap.days_left} days ({number(snap.weeks_left)} weeks)"))
    else:
        rows.append(("Time left", "today is the deadline"))
    if snap.pace_needed is not None:
        rows.append(
            ("Pace needed", f"{number(snap.pace_needed)} a week" if snap.days_left else f"{snap.remaining} today")
        )
    rows.append(("Recent pace", recent_pace(snap)))
    return rows


def status_view(
    snap: Snapshot,
    width: int = 80,
    ascii_only: bool = False,
    groups: list[Tally] | None = None,
    by: str = "borough",
    to_check: int = 0,
) -> RenderableType:
    """The headline figures, then the member boroughs and the others, in a layout that fits `width`: a
    table, the same without its last-hire column, or one borough a line. A figure is never cut. Then the
    notes: how many records are probably out of date (`to_check`), and what a past date cannot show."""
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold", no_wrap=True)
    head.add_column()
    head.add_row(
        "Counted",
        f"{snap.counted} of {snap.target} ({number(snap.percent)}%)  {bar(snap.counted / snap.target, ascii_only)}",
    )
    for label, text in progress_rows(snap):
        head.add_row(label, text)
    verdict = Text(snap.verdict_text.upper(), style=_VERDICT_STYLE[snap.verdict])
    if snap.final:
        verdict.append(" (final)", style="dim")
    head.add_row("Verdict", verdict)

    title = Text(f"{snap.programme}", style="bold")
    title.append(f", as of {snap.as_of}")
    parts: list[RenderableType] = [title, head, Text()]
    noun = snap.noun
    if groups is None:
        parts.append(_boroughs(snap.members, f"Member {noun.many} (counted toward the target)", True, width, noun))
    else:
        parts.append(breakdown_table(groups, by, width, noun))
    if snap.others:
        parts += [Text(), _boroughs(snap.others, f"Other {noun.many} (shown apart, not counted)", False, width, noun)]
    if to_check:
        what = "pledged places long past their expected start, or hires still 'recruited' long after it"
        note = f"{to_check} record{'s' if to_check > 1 else ''} to check ({what}): `apprentrack list --stale`."
        parts += [Text(), Text(note, style="yellow")]
    if snap.as_of < today():
        note = "Records keep only their current status: on a past date, hires not yet in post are those still "
        parts += [Text(), Text(note + "'recruited' today.", style="dim")]
    return Group(*parts)


def headcount_table(rows: list[HeadcountRow], width: int = 80, noun: Noun = BOROUGH) -> RenderableType:
    """Starts a year as a share of headcount, against the public sector target's 2.3%."""
    from ..figures.headcount import PUBLIC_SECTOR_TARGET

    if not rows:
        return Text(f"No {noun.one} has a headcount: add `headcount: N` to a {noun.one} in boroughs.yaml to see this.")
    title = Text(
        f"Apprenticeship starts as a share of headcount (target: {number(PUBLIC_SECTOR_TARGET)}% a year, "
        "1 April to 31 March)",
        style="bold",
    )
    headers = {"name": noun.One, "headcount": "Headcount", **{y.label: y.label for y in rows[0].periods}}
    cells = [
        {"name": r.name, "headcount": r.headcount, **{y.label: f"{y.starts} ({number(y.percent)}%)" for y in r.periods}}
        for r in rows
    ]
    table = new_table()
    for key, header in headers.items():
        table.add_column(header, justify="left" if key == "name" else "right", no_wrap=True)
    for r, row in zip(rows, cells, strict=True):
        met = {y.label for y in r.periods if y.meets_target}
        table.add_row(*(Text(str(row[k]), style="green" if k in met else "") for k in headers))
    note = Text("A year not over yet counts starts up to the date reported on.", style="dim")
    return Group(title, fitted(table, cells, headers, width), note)


_NUMBERS = {
    "counted": "Counted",
    "recruited": "Not yet\nin post",
    "in_post": "In post",
    "completed": "Completed",
    "withdrawn": "Withdrawn",
    "pledged": "Pledged",
}


def breakdown_table(groups: list[Tally], by: str, width: int = 80, noun: Noun = BOROUGH) -> RenderableType:
    """Members' counted hires by role (or standard, level, area): a row a group, largest first, a total."""
    what = noun.one if by == "borough" else by  # --by borough counts by the programme's members
    headers = {"label": capital(what), **{k: v.replace("\n", " ") for k, v in _NUMBERS.items() if k != "pledged"}}
    rows = [{"label": g.label, **{k: getattr(g, k) for k in list(headers)[1:]}} for g in groups]
    table = new_table(title=f"Counted by {what} (member {noun.many})", title_justify="left", show_footer=True)
    table.add_column(headers["label"], footer="Total", min_width=12)
    for key in list(headers)[1:]:
        footer = str(sum(r[key] for r in rows))
        table.add_column(_NUMBERS[key], justify="right", footer=footer, no_wrap=True)
    for r in rows:
        table.add_row(Text(r["label"]), *(str(r[k]) for k in list(headers)[1:]))
    return fitted(table, rows, headers, width)


def _boroughs(rows: list[BoroughRow], title: str, total: bool, width: int, noun: Noun) -> RenderableType:
    """The widest layout that fits: a table, the table without its last-hire column, one borough a line."""
    for last_hire in (True, False):
        table = _borough_table(rows, title, total, last_hire, noun)
        if fits(table, width):
            return table
    return _borough_lines(rows, title, total)


def _numbers(rows: list[BoroughRow]) -> dict[str, str]:
    """The figures a borough table shows: "starting later" only when a borough has hires to start later."""
    return {**_NUMBERS, "starting_later": "Starting\nlater"} if any(r.starting_later for r in rows) else _NUMBERS


def _borough_table(rows: list[BoroughRow], title: str, total: bool, last_hire: bool, noun: Noun) -> Table:
    """A row a borough. Where a borough pledged places, its counted hires show against them: '12 of 15'."""
    table = new_table(title=title, title_justify="left", show_footer=total)
    table.add_column(noun.One, footer="Total" if total else "", no_wrap=True)
    numbers = _numbers(rows)
    for name, header in numbers.items():
        footer = str(sum(getattr(r, name) for r in rows)) if total else ""
        table.add_column(header, justify="right", footer=footer, no_wrap=True)
    if last_hire:
        table.add_column("Last hire", no_wrap=True)
    for r in rows:
        counted = f"{r.counted} of {r.pledge}" if r.pledge is not None else str(r.counted)
        cells: list[RenderableType] = [counted, *(cell(getattr(r, n)) for n in list(numbers)[1:])]
        table.add_row(Text(r.name), *cells, *([cell(r.last_hire)] if last_hire else []))
    if any(r.pledge is not None for r in rows):
        table.caption = f"'12 of 15': 12 counted of the 15 places the {noun.one} pledged"
    return table


def _borough_lines(rows: list[BoroughRow], title: str, total: bool) -> RenderableType:
    """One borough a line, for a terminal too narrow for the table: every figure, wrapped, never cut."""
    lines: list[RenderableType] = [Text(title, style="italic")]
    numbers = _numbers(rows)
    for r in rows:
        counted = f"{r.counted} of {r.pledge} pledged" if r.pledge is not None else str(r.counted)
        figures = ", ".join(f"{numbers[n].replace(chr(10), ' ').lower()} {getattr(r, n)}" for n in list(numbers)[1:])
        hire = f"; last hire {r.last_hire}" if r.last_hire else ""
        lines.append(Text(f"{r.name}: {counted} counted ({figures}{hire})"))
    if total:
        lines.append(Text(f"Total: {sum(r.counted for r in rows)} counted", style="bold"))
    return Group(*lines)


def status_rows(snap: Snapshot, groups: list[Tally], by: str) -> tuple[list[str], list[dict[str, Any]]]:
    """The status as a table for spreadsheets and Markdown, the header first: a row a group of --by; or a
    row a member borough, the members' total (the headline figure), then a row an other borough, each row's
    `section` saying which, so that a column summed over a section adds up to the figure beside it."""
    if by != "borough":
        rows = [{by: g.label, **{k: v for k, v in g._asdict().items() if k not in ("key", "label")}} for g in groups]
        return [by, "counted", "recruited", "in_post", "completed", "withdrawn", "spellings"], rows
    header = ["section", *BoroughRow._fields]
    members = [{"section": "member", **r._asdict()} for r in snap.members]
    total = {"section": "total", "slug": "", "name": "Total (members)", "member": True, "pledge": None}
    total |= {k: sum(r[k] for r in members) for k in (*_NUMBERS, "starting_later")}
    total["counted"], total["last_hire"] = (
        snap.counted,
        max((r.last_hire for r in snap.members if r.last_hire), default=None),
    )
    others = [{"section": "other", **r._asdict()} for r in snap.others]
    return header, [*members, total, *others]


def status_markdown(snap: Snapshot, header: list[str], rows: list[dict[str, Any]]) -> str:
    """The status for a weeknote or an issue: the headline and figures, then the table (by borough: the
    members with their total, and the other boroughs apart)."""
    lines = [
        f"## {md(snap.programme)}, as of {snap.as_of}",
        "",
        f"**{snap.counted} of {snap.target} ({number(snap.percent)}%)**. Verdict: **{verdict_text(snap)}**.",
        "",
        "| Measure | Figure |",
        "| --- | --- |",
        *(f"| {label} | {md(text)} |" for label, text in progress_rows(snap)),
        "",
    ]
    if header[0] != "section":
        return "\n".join([*lines, *md_table(header, rows)]) + "\n"
    noun = snap.noun
    numbers = _numbers(snap.members + snap.others)
    columns = {"name": noun.One, **{k: v.replace("\n", " ") for k, v in numbers.items()}, "last_hire": "Last hire"}
    titles = {
        "member": f"Member {noun.many} (counted toward the target)",
        "other": f"Other {noun.many} (shown apart, not counted)",
    }
    for section, title in titles.items():
        part = [
            {k: r[k] for k in columns}
            for r in rows
            if r["section"] in (section, "total" if section == "member" else "")
        ]
        if part:
            lines += [
                f"### {title}",
                "",
                *md_table(list(columns.values()), part, frozenset(list(columns.values())[1:-1])),
                "",
            ]
    return "\n".join(lines).rstrip("\n") + "\n"


def snapshot_data(snap: Snapshot, groups: list[Tally], by: str) -> dict[str, Any]:
    """The stable JSON shape of `status --format json` (documented in the README)."""
    data = {"schema_version": SCHEMA_VERSION, **snap._asdict()}
    data["boroughs"] = [r._asdict() for r in (*data.pop("members"), *data.pop("others"))]
    data["breakdown"] = by
    data["by"] = [g._asdict() for g in groups]
    return data

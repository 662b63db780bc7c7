"""Commands that read: status, list, boroughs, summary and validate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..domain.errors import DataError, ExitCode, Problem, UsageError
from ..domain.words import STATUS_HELP, Breakdown, Status
from ..output.formats import CheckFormat, Format, ReportFormat, SummaryFormat
from .app import command, say
from .options import (
    DATE_FORMS,
    AsKnownOption,
    AsOfOption,
    ExcelOption,
    FormatOption,
    OutputOption,
    WeekOption,
    WindowOption,
    as_of_date,
    complete_borough,
    data_dir,
    option,
    window_weeks,
)
from .output import chosen_format, console, deliver, plain_text_of

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..figures.weekly import Summary
    from ..pictures.page import Image
    from ..pictures.render import Picture
    from ..storage.datadir import Dataset


@command(
    short="Recruited against the goal: boroughs, pace, forecast, verdict.",
    examples=[
        "apprentrack status",
        "apprentrack status --as-of 11/03/2020 --output status.xlsx",
    ],
)
def status(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    window: WindowOption = None,
    headcount: Annotated[
        bool, typer.Option("--headcount", help="Also: starts a year as a share of headcount, against 2.3%.")
    ] = False,
    by: Annotated[
        str,
        typer.Option(
            metavar="[borough|role|standard|level|area]",
            help="Count the members' hires by this; roles are grouped across spellings and plurals.",
        ),
    ] = "borough",
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="[table|json|csv|markdown|xlsx]",
            help="Output format [default: table, or --output's].",
        ),
    ] = None,
    output: OutputOption = None,
    excel: ExcelOption = False,
) -> None:
    """Recruited against the goal, per borough (or role...): pace needed, recent pace, a forecast, a verdict."""
    from ..figures.breakdown import borough_breakdown, breakdown
    from ..figures.snapshot import snapshot
    from ..output.status import status_rows, status_view

    kind = chosen_format(ReportFormat, format, output, ReportFormat.table, excel)
    day = as_of_date(as_of)
    dimension = option("--by", Breakdown.parse, by)
    data = data_dir(ctx)
    registry = data.registry()
    records = None
    if dimension is Breakdown.borough:  # the boroughs' timelines: from the cache where the files are unchanged
        timelines = data.timelines(registry)
    else:  # grouped by what the records say: every record read
        dataset = data.load_valid(registry)
        timelines, records = dataset.timelines(), dataset.by_borough()
    snap = snapshot(registry, timelines, day, window_weeks(window))
    groups = borough_breakdown(snap) if records is None else breakdown(registry, records, day, dimension)
    shares = None
    if headcount:
        from ..figures.headcount import headcount_report

        shares = headcount_report(registry, timelines, day)
    stale = sum(t.to_check(data.today, registry.programme.stale_after_weeks) for t in timelines.values())
    header, rows = status_rows(snap, groups, dimension.value)
    if kind is ReportFormat.json:
        from ..output.formats import to_json
        from ..output.status import snapshot_data

        payload = {**snapshot_data(snap, groups, dimension.value), "to_check": stale}
        if shares is not None:
            from dataclasses import asdict

            payload["headcount"] = [asdict(row) for row in shares]
        deliver(to_json(payload) + "\n", output, kind.value)
    elif kind is ReportFormat.csv:
        from ..spreadsheets.write import headings, to_csv

        deliver(to_csv(rows, header, headings(header)), output, kind.value, excel=excel)
    elif kind is ReportFormat.xlsx:
        from ..spreadsheets.write import headings, to_xlsx

        deliver(to_xlsx(rows, header, "status", headings(header)), output, kind.value)
    elif kind is ReportFormat.markdown:
        from ..output.status import status_markdown

        deliver(status_markdown(snap, header, rows), output, kind.value)
    else:
        from rich.console import Group
        from rich.text import Text

        from ..output.status import headcount_table

        shown = None if dimension is Breakdown.borough else groups
        if output is not None and str(output) != "-":
            view = [status_view(snap, 100, False, shown, dimension.value, stale)]
            if shares is not None:
                view += [Text(), headcount_table(shares, 100, registry.noun)]
            deliver(plain_text_of(Group(*view)), output, kind.value)
            return
        out = console()
        out.print(status_view(snap, out.width, out.options.ascii_only, shown, dimension.value, stale))
        if shares is not None:
            out.print()
            out.print(headcount_table(shares, out.width, registry.noun))


@command(
    "list",
    short="The records, oldest first, by borough, status and start date.",
    examples=[
        "apprentrack list --borough hackney",
        "apprentrack list --status in_post --output records.xlsx",
    ],
)
def list_(
    ctx: typer.Context,
    borough: Annotated[
        str | None,
        typer.Option("--borough", "-b", metavar="BOROUGH", help="Only this borough.", autocompletion=complete_borough),
    ] = None,
    status: Annotated[str | None, typer.Option(metavar="STATUS", help=f"Only this status: {STATUS_HELP}.")] = None,
    since: Annotated[str | None, typer.Option(metavar="DATE", help=f"Started on or after ({DATE_FORMS}).")] = None,
    until: Annotated[str | None, typer.Option(metavar="DATE", help=f"Started on or before ({DATE_FORMS}).")] = None,
    stale: Annotated[
        bool,
        typer.Option(
            "--stale",
            help="Only the records to check: pledges long past their expected start, hires 'recruited' long after it.",
        ),
    ] = False,
    format: FormatOption = None,
    output: OutputOption = None,
    excel: ExcelOption = False,
) -> None:
    """The records, oldest first, filtered by borough, status and start date."""
    from datetime import date

    from ..domain.dates import parse_date
    from ..domain.record import FIELDS
    from ..output.listings import record_rows, records_table

    fmt = chosen_format(Format, format, output, Format.table, excel)
    data = data_dir(ctx)
    registry = data.registry()
    only = option("--borough", registry.find, borough)
    entries = data.load_valid(registry).entries(
        borough=None if only is None else only.slug,
        status=option("--status", Status.parse, status),
        since=option("--since", parse_date, since) or date.min,
        until=option("--until", parse_date, until) or date.max,
    )
    if stale:
        from ..domain.counting import to_check

        entries = [e for e in entries if to_check(e.record, data.today, registry.programme.stale_after_weeks)]
    rows = record_rows(entries)
    _tabular(rows, ["borough", *FIELDS], "records", fmt, output, excel, records_table)


@command(
    short="Check every file; print each problem as path:line: message.",
    examples=[
        "apprentrack validate",
        "apprentrack validate --format github",
    ],
)
def validate(
    ctx: typer.Context,
    format: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="[text|github]", help="text: path:line: message; github: annotations for Actions."
        ),
    ] = "text",
) -> None:
    """Check every file; print each problem as path:line: message. Exit 1 if there are any.

    Every file is read and checked afresh: the cache is never trusted here.
    """
    data = data_dir(ctx, use_cache=False)
    github = option("--format", CheckFormat.parse, format) is CheckFormat.github

    def show(problems: list[Problem], level: str = "error") -> None:
        for problem in problems:
            say(problem.github(level) if github else str(problem))

    try:
        dataset = data.load()
    except DataError as exc:  # boroughs.yaml itself is wrong: nothing else can be checked
        show(exc.problems)
        say(f"{len(exc.problems)} problem(s) found in {data.boroughs_file}", err=True)
        raise typer.Exit(ExitCode.REFUSED) from None
    show(dataset.problems)
    checked = f"{dataset.read + 1} files, {dataset.record_count()} valid records"
    if dataset.problems:
        say(f"{len(dataset.problems)} problem(s) found ({checked})", err=True)
        raise typer.Exit(ExitCode.REFUSED)
    warnings = dataset.warnings(data.today)
    show(warnings, "warning")
    say(f"OK: no problems ({checked}){f'; {len(warnings)} warning(s)' if warnings else ''}")


@command(
    short="London's 33 authorities: slugs, names, codes, membership.",
    examples=[
        "apprentrack boroughs",
        "apprentrack boroughs --output boroughs.csv",
    ],
)
def boroughs(
    ctx: typer.Context, format: FormatOption = None, output: OutputOption = None, excel: ExcelOption = False
) -> None:
    """The programme's boroughs (councils, organisations): slug, name, GSS code, membership, pledge,
    headcount, other names."""
    import functools

    from ..output.listings import BOROUGH_COLUMNS, borough_rows, boroughs_table

    fmt = chosen_format(Format, format, output, Format.table, excel)
    registry = data_dir(ctx).registry()
    rows = borough_rows(registry)
    table = functools.partial(boroughs_table, noun=registry.noun)
    _tabular(rows, [*BOROUGH_COLUMNS, "aliases"], "boroughs", fmt, output, excel, table)


def _tabular(
    rows: list[dict[str, Any]],
    header: list[str],
    name: str,
    fmt: Format,
    output: Path | None,
    excel: bool,
    table: Callable[[list[dict[str, Any]], int], RenderableType],
) -> None:
    """Rows as the format asks: JSON, CSV, a workbook, or a table (on the terminal, or as text in a file)."""
    from ..output.formats import to_json
    from ..spreadsheets.write import headings, to_csv, to_xlsx

    if fmt is Format.json:  # for programs: the keys
        deliver(to_json(rows) + "\n", output, fmt.value)
    elif fmt is Format.csv:  # for spreadsheets, and people: the headings they read, which import reads back
        deliver(to_csv(rows, header, headings(header)), output, fmt.value, excel=excel)
    elif fmt is Format.xlsx:
        deliver(to_xlsx(rows, header, name, headings(header)), output, fmt.value)
    elif not rows:
        say("No records match.")
    elif output is not None and str(output) != "-":
        deliver(plain_text_of(table(rows, 100)), output, fmt.value)
    else:
        out = console()
        out.print(table(rows, out.width))


@command(
    short="The week's summary for weeknotes: new hires, total, verdict.",
    examples=[
        "apprentrack summary",
        "apprentrack summary --week 2020-W11 --output week.md",
        "apprentrack summary --week 2020-W11 --format text",
    ],
)
def summary(
    ctx: typer.Context,
    week: WeekOption = None,
    as_of: Annotated[
        str | None, typer.Option(metavar="DATE", help="As if run on this date: its last complete week.")
    ] = None,
    window: WindowOption = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="[markdown|text|json|csv|svg|png|html|card]",
            help="Output format: text pastes anywhere; card is a PNG for social media [default: markdown, or "
            "--output's].",
        ),
    ] = None,
    output: OutputOption = None,
    as_known: AsKnownOption = False,
    square: Annotated[bool, typer.Option("--square", help="With --format card: 1080 x 1080, not 1200 x 675.")] = False,
) -> None:
    """The week's summary for weeknotes: new hires by borough, the total, pace, forecast and verdict.

    A week not over yet is reported so far. Counts only: never a record's id or ref.
    """
    from ..output import summary as weeknote

    kind = chosen_format(SummaryFormat, format, output, SummaryFormat.markdown)
    if square and kind is not SummaryFormat.card:
        raise UsageError("--square goes with --format card")
    if kind in (SummaryFormat.png, SummaryFormat.card):  # the summary's SVG is made here; a PNG needs the extra
        from ..pictures.render import require

        require()  # before any work: say what to install
    dataset, s = week_summary(ctx, week, as_of, window, as_known)
    if kind in (SummaryFormat.svg, SummaryFormat.png):
        from ..pictures.render import svg_to_png

        svg = weeknote.picture(s)
        deliver(svg if kind is SummaryFormat.svg else svg_to_png(svg), output, kind.value, markup=True)
    elif kind is SummaryFormat.card:
        _deliver_card(dataset, s, square, output)
    elif kind is SummaryFormat.html:
        from ..pictures.page import summary_page

        chart, place, no_map = _page_pictures(dataset, s)
        deliver(summary_page(s, chart, place, no_map=no_map), output, kind.value, markup=True)
    elif kind is SummaryFormat.text:
        from ..output.sentences import plain

        deliver(plain(s), output, kind.value)
    elif kind is SummaryFormat.markdown and output is not None and str(output) != "-":
        deliver(weeknote.markdown(s, _write_week_pictures(dataset, s, output)), output, kind.value)
    else:
        deliver(weeknote.TEXT_FORMATS[kind.value](s), output, kind.value)


def week_summary(
    ctx: typer.Context, week: str | None, as_of: str | None, window: str | None, as_known: bool
) -> tuple[Dataset, Summary]:
    """The records and the summary of the week asked for (--week, or the last complete week by --as-of)."""
    from ..domain.dates import last_complete_week, parse_week, today
    from ..figures.weekly import weekly

    if week is not None and as_of is not None:
        raise UsageError("give --week or --as-of, not both")
    start = option("--week", parse_week, week) or last_complete_week(as_of_date(as_of))
    if start > today():
        raise UsageError(f"--week: {week} has not begun yet")
    dataset = data_dir(ctx).load_valid()
    return dataset, weekly(dataset.registry, dataset.by_borough(), start, today(), window_weeks(window), as_known)


def _deliver_card(dataset: Dataset, s: Summary, square: bool, output: Path | None) -> None:
    """The card as PNG (1200 x 675, or 1080 x 1080), and its alt text: in a file beside it (card.png.txt)
    when it goes to a file, else on stderr. An alt text file there already is replaced only if it is the
    alt text of a card of the same week."""
    from ..pictures.render import labelled, to_png
    from ..pictures.week import picture_label, week_card
    from ..storage.files import write_output

    picture = week_card(dataset.registry, dataset.timelines(), s, square)
    beside = None if output is None or str(output) == "-" else output.with_name(output.name + ".txt")
    if beside is not None and beside.exists():
        ours = beside.is_file() and beside.read_text(encoding="utf-8", errors="replace").startswith(picture.title)
        if not ours:
            raise UsageError(
                f"--output: {beside} is there and is not the alt text of this week's card (nothing was written)"
            )
    deliver(labelled(to_png(picture, scale=1), picture_label(s.week, "card")), output, "png")
    if beside is None:
        say(f"Alt text: {picture.desc}", err=True)
        return
    write_output(beside, picture.desc + "\n")
    say(f"Wrote {beside} (the alt text)", err=True)


def _page_pictures(dataset: Dataset, s: Summary) -> tuple[Image | None, Image | None, str | None]:
    """The burn-up and the map as PNG images in the page (data: URIs), or no map and why; none without the
    charts extra."""
    from ..pictures.page import chart_caption, image, map_caption

    pictures = _week_pictures(dataset, s)
    if pictures is None:
        return None, None, None
    (chart, chart_png), drawn, no_map = pictures
    place = None if drawn is None else image(drawn[1], drawn[0], map_caption(s, drawn[0].credit))
    return image(chart_png, chart, chart_caption(s)), place, no_map


def _head(path: Path) -> bytes:
    """The start of a file, where a PNG's label is: not the whole picture."""
    with path.open("rb") as file:
        return file.read(4096)


def _write_week_pictures(dataset: Dataset, s: Summary, note: Path) -> tuple[str, str | None] | None:
    """The week's burn-up and map as PNG files beside its note, named for the week (2020-W11-burnup.png), so
    that the notes of many weeks share a folder. A file already there is replaced only if it is
    apprentrack's own picture of that same week (its label says so): anything else, or a note that cannot
    be written, is refused before anything is written. No map for a programme whose members are not
    places."""
    from ..pictures.render import label_of, labelled
    from ..pictures.week import picture_label, picture_names
    from ..storage.files import writable_output, write_output

    writable_output(note)
    folder = note.parent

    names = picture_names(s.week)
    for name in names:
        path = folder / name
        if path.exists() and not (path.is_file() and label_of(_head(path)) == picture_label(s.week, name)):
            raise UsageError(
                f"--output: {path} is there and is not apprentrack's picture of {s.week}: move it, or write the "
                "note to another folder (nothing was written)"
            )
    pictures = _week_pictures(dataset, s)
    if pictures is None:
        return None
    (_, chart), drawn, _ = pictures
    for name, png in zip(names, (chart, drawn[1]) if drawn else (chart,), strict=False):
        write_output(folder / name, labelled(png, picture_label(s.week, name)))
        say(f"Wrote {folder / name}", err=True)
    return names[0], names[1] if drawn else None


def _week_pictures(
    dataset: Dataset, s: Summary
) -> tuple[tuple[Picture, bytes], tuple[Picture, bytes] | None, str | None] | None:
    """The burn-up chart and the map as of the week's last day, each with its PNG, or no map and why (its
    members are not places: said on stderr); None without the charts extra (said on stderr: the summary is
    written without them)."""
    from ..pictures.render import CHARTS_EXTRA, available, to_png
    from ..pictures.week import chart_and_map, week_burnup

    if not available():
        say(f"Note: written without the chart and the map; they need the charts extra: {CHARTS_EXTRA}", err=True)
        return None
    chart, place, no_map = chart_and_map(dataset.registry, week_burnup(dataset.registry, dataset.timelines(), s), s)
    if place is None:
        say(f"Note: written without a map: {no_map}", err=True)
    return (chart, to_png(chart)), (None if place is None else (place, to_png(place))), no_map

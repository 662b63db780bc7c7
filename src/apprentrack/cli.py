"""The command line: parse options, call the core, print what it returns, map errors to exit codes.

No arithmetic and no file access here. The core is imported inside each command, so `--help` and
`--version` do not pay for pydantic, PyYAML or Rich tables.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from . import version_line
from .errors import ApprentrackError, DataError, ExitCode, InvalidValue, RecordError, UsageError
from .terms import Format, Period, ReportFormat, Status, SummaryFormat

if TYPE_CHECKING:
    from .store import DataDir

T = TypeVar("T")

app = typer.Typer(
    name="apprentrack",
    help="Track apprentice recruitment across London boroughs against a programme's goal.",
    epilog="Exit codes: 0 done; 1 data refused (nothing written); 2 usage error; 130 interrupted.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DATE_FORMS = "YYYY-MM-DD or DD/MM/YYYY"
EXAMPLE_ADD = "apprentrack add --borough hackney --role 'Software developer' --start-date 2020-03-02"


# ------------------------------------------------------------------------------------------ plumbing


def _guarded(command: Callable[..., None]) -> Callable[..., None]:
    """Turn the core's errors into a message on stderr and the documented exit code; Ctrl-C into 130."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except RecordError as exc:
            for field, message in exc.issues:
                _error(f"--{field.replace('_', '-')}: {message}")
            typer.echo("Nothing was written.", err=True)
            raise typer.Exit(exc.exit_code) from None
        except DataError as exc:
            for problem in exc.problems:
                typer.echo(str(problem), err=True)
            _error(f"{len(exc.problems)} problem(s) in the data; no file was changed" if exc.problems else str(exc))
            raise typer.Exit(exc.exit_code) from None
        except ApprentrackError as exc:
            _error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except (KeyboardInterrupt, typer.Abort):
            typer.echo("\nInterrupted: nothing was written.", err=True)
            raise typer.Exit(ExitCode.INTERRUPTED) from None

    return run


def _error(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)


def _console():
    from rich.console import Console

    return Console(highlight=False)


def _data(ctx: typer.Context) -> DataDir:
    from .store import DataDir

    return DataDir(ctx.obj)


def _option(name: str, parse: Callable[[str], T], value: str | None) -> T | None:
    """Parse one option's text with a core parser; a bad value is a usage error naming the option."""
    if value is None:
        return None
    try:
        return parse(value)
    except InvalidValue as exc:
        raise UsageError(f"{name}: {exc}") from None


def _as_of(value: str | None) -> date:
    from .models import parse_date, today

    day = _option("--as-of", parse_date, value) or today()
    if day > today():
        raise UsageError(f"--as-of: {day} is in the future; give today or a past date")
    return day


def _show_version(value: bool) -> None:
    if value:
        typer.echo(version_line())
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    data_dir: Annotated[
        Path,
        typer.Option(
            "--data-dir",
            envvar="APPRENTRACK_DATA",
            help="The programme's data folder (boroughs.yaml and apprentices/).",
        ),
    ] = Path("data"),
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    ctx.obj = data_dir  # the data dir is opened by each command that needs it, so --help works anywhere


# ------------------------------------------------------------------------------------------ commands

FormatOption = Annotated[Format, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")]
WindowOption = Annotated[
    int | None,
    typer.Option(min=1, max=104, help="Weeks of recent hires for the pace and forecast [default: the programme's, 8]."),
]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")]


@app.command()
@_guarded
def status(
    ctx: typer.Context,
    as_of: Annotated[str | None, typer.Option(help=f"Report as of this date ({DATE_FORMS}); default today.")] = None,
    window: WindowOption = None,
    headcount: Annotated[
        bool, typer.Option("--headcount", help="Also: starts a year as a share of headcount, against 2.3%.")
    ] = False,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")
    ] = ReportFormat.table,
) -> None:
    """Recruited against the goal, per borough: pace needed, recent pace, a forecast and a verdict."""
    from dataclasses import asdict

    from .progress import headcount_report, snapshot
    from .render import headcount_table, snapshot_data, status_view, to_json

    day = _as_of(as_of)
    dataset = _data(ctx).load_valid()
    snap = snapshot(dataset.registry, dataset.by_borough(), day, window)
    shares = headcount_report(dataset.registry, dataset.by_borough(), day) if headcount else None
    if format is ReportFormat.json:
        data = snapshot_data(snap)
        if shares is not None:
            data["headcount"] = [asdict(row) for row in shares]
        typer.echo(to_json(data))
        return
    console = _console()
    console.print(status_view(snap))
    if shares is not None:
        console.print()
        console.print(headcount_table(shares))


@app.command()
@_guarded
def add(
    ctx: typer.Context,
    borough: Annotated[
        str | None, typer.Option("--borough", "-b", help="Slug, name, GSS code or common spelling.")
    ] = None,
    role: Annotated[str | None, typer.Option(help="The job, e.g. 'Software developer'.")] = None,
    start_date: Annotated[str | None, typer.Option(help=f"First day ({DATE_FORMS}).")] = None,
    status: Annotated[Status, typer.Option(case_sensitive=False, help="Where the apprentice is.")] = Status.recruited,
    end_date: Annotated[str | None, typer.Option(help="Last day, for completed or withdrawn.")] = None,
    level: Annotated[int | None, typer.Option(min=2, max=7, help="Apprenticeship level, 2 to 7.")] = None,
    standard: Annotated[str | None, typer.Option(help="The apprenticeship standard, if known.")] = None,
    ref: Annotated[
        str | None, typer.Option(help="The borough's own reference (opaque; never a name or e-mail).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be written; write nothing.")] = False,
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--no-interactive",
            help="Ask for missing options (default: when run in a terminal).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Log a new apprentice in the borough's file; prints the new id and the new counts."""
    from . import writer
    from .models import parse_date, personal_data

    data = _data(ctx)
    registry = data.registry()
    missing = [
        name
        for name, value in (("--borough", borough), ("--role", role), ("--start-date", start_date))
        if value is None
    ]
    if missing and not (sys.stdin.isatty() if interactive is None else interactive):
        raise UsageError(f"missing {', '.join(missing)}; for example: {EXAMPLE_ADD}")

    where = _option("--borough", registry.find, borough) or _ask_borough(registry)
    fields = {
        "role": role if role is not None else _ask("Role (e.g. Software developer, Data analyst)", str.strip),
        "start_date": _option("--start-date", parse_date, start_date) or _ask(f"Start date ({DATE_FORMS})", parse_date),
        "status": status,
        "end_date": _option("--end-date", parse_date, end_date),
        "level": level,
        "standard": standard,
        "ref": ref,
    }
    added = writer.add(data, where, [{k: v for k, v in fields.items() if v is not None}], dry_run=dry_run)
    (record,) = added.records
    if dry_run:
        typer.echo(f"Would add to {added.path} (dry run: nothing written):", err=True)
        typer.echo(added.text, nl=False)
        return
    typer.echo(f"Added {record.id} to {added.path}")
    for field, message in personal_data(record):
        typer.echo(f"Warning: --{field}: {message}", err=True)
    typer.echo(_counts_after_add(data, registry, where.slug))


def _ask(label: str, parse: Callable[[str], T]) -> T:
    """Prompt until the answer parses; the parser's message says what would be right."""
    while True:
        answer = typer.prompt(label, err=True)
        try:
            value = parse(answer)
        except InvalidValue as exc:
            typer.echo(f"  {exc}", err=True)
            continue
        if value:
            return value


def _ask_borough(registry):
    members = sorted(b.name for b in registry.boroughs.values() if b.member_since is not None)
    typer.echo(f"Member boroughs: {', '.join(members)}.", err=True)
    return _ask("Borough (name, slug or GSS code)", registry.find)


def _counts_after_add(data: DataDir, registry, slug: str) -> str:
    """The borough's and the programme's counts now, from each file's counts by status (cached): the cost
    of an add does not grow with what the other boroughs hold."""
    from .models import today
    from .progress import counted_now

    day = today()
    counted, total = counted_now(registry, data.status_counts(), day)
    status = f"the programme counts {total} of {registry.programme.target} as of {day}"
    borough = registry.boroughs[slug]
    if not borough.member_on(day):
        return f"{borough.name} is not a member: shown apart, not counted; {status}."
    return f"{borough.name} now counts {counted.get(slug, 0)}; {status}."


@app.command()
@_guarded
def update(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The record's id, e.g. hackney-0007.")],
    status: Annotated[Status | None, typer.Option(case_sensitive=False, help="The new status.")] = None,
    end_date: Annotated[str | None, typer.Option(help="Last day, for completed or withdrawn.")] = None,
    start_date: Annotated[str | None, typer.Option(help=f"A corrected first day ({DATE_FORMS}).")] = None,
    role: Annotated[str | None, typer.Option(help="A corrected role.")] = None,
    level: Annotated[int | None, typer.Option(min=2, max=7, help="Apprenticeship level, 2 to 7.")] = None,
    standard: Annotated[str | None, typer.Option(help="The apprenticeship standard.")] = None,
    ref: Annotated[str | None, typer.Option(help="The borough's own reference (opaque).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the changed record; write nothing.")] = False,
) -> None:
    """Change one record in place (its file's comments and order kept): a status, an end date, a fix."""
    from . import writer
    from .models import ID_PATTERN, parse_date

    data = _data(ctx)
    registry = data.registry()
    slug = record_id.rsplit("-", 1)[0]
    if not ID_PATTERN.fullmatch(record_id) or slug not in registry.boroughs:
        raise UsageError(f"ID: '{record_id}' is not a record id: <borough-slug>-<number>, e.g. hackney-0007")
    changes = {
        "status": status,
        "end_date": _option("--end-date", parse_date, end_date),
        "start_date": _option("--start-date", parse_date, start_date),
        "role": role,
        "level": level,
        "standard": standard,
        "ref": ref,
    }
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        raise UsageError(
            "nothing to change: give --status, --end-date, --start-date, --role, --level, --standard or --ref"
        )
    written = writer.update(data, registry.boroughs[slug], record_id, changes, dry_run=dry_run)
    if not written.text:
        typer.echo(f"No change: {record_id} already has these values.", err=True)
        return
    if dry_run:
        typer.echo(f"Would update {record_id} in {written.path} (dry run: nothing written):", err=True)
    else:
        typer.echo(f"Updated {record_id} in {written.path}:", err=True)
    typer.echo(written.text, nl=False)


@app.command("import")
@_guarded
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A CSV (a spreadsheet's export) or apprentrack's JSON export.")],
    borough: Annotated[
        str | None, typer.Option("--borough", "-b", help="The borough of every row, when there is no borough column.")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and count; write nothing.")] = False,
) -> None:
    """Load many records at once: all or nothing; rows already recorded (same ref or id) are skipped."""
    from . import importer

    if not file.is_file():
        raise UsageError(f"FILE: no file at '{file}'")
    data = _data(ctx)
    registry = data.registry()
    only = _option("--borough", registry.find, borough)
    result = importer.run(data, importer.read(file, registry, only), dry_run=dry_run)
    added = sum(result.added.values())
    by = ", ".join(f"{slug} {n}" for slug, n in result.added.items() if n)
    typer.echo(
        f"{'Would import' if dry_run else 'Imported'} {added} record(s){f' ({by})' if by else ''}; "
        f"skipped {sum(result.skipped.values())} already recorded." + (" Dry run: nothing written." if dry_run else "")
    )


@app.command()
@_guarded
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="The new programme's data folder.")],
    name: Annotated[str, typer.Option(help="The programme's name.")],
    target: Annotated[int, typer.Option(min=1, help="How many apprentices, the goal.")],
    deadline: Annotated[str, typer.Option(help=f"The goal's deadline ({DATE_FORMS}).")],
    start: Annotated[str | None, typer.Option(help=f"The programme's start ({DATE_FORMS}) [default: today].")] = None,
    members: Annotated[
        str,
        typer.Option(help="The boroughs taking part: 'all', or names, slugs or codes separated by commas."),
    ] = "all",
) -> None:
    """Start a new programme: a data folder with London's 33 authorities and no records."""
    from .models import parse_date, today
    from .writer import create_programme

    fields = {
        "name": name,
        "target": target,
        "start": _option("--start", parse_date, start) or today(),
        "deadline": _option("--deadline", parse_date, deadline),
    }
    chosen = None if members.strip().lower() == "all" else [m for m in members.split(",") if m.strip()]
    path = create_programme(directory, fields, chosen)
    typer.echo(f"Created {path}. Next: apprentrack --data-dir {directory} add ..., then status.")


@app.command("list")
@_guarded
def list_(
    ctx: typer.Context,
    borough: Annotated[str | None, typer.Option("--borough", "-b", help="Only this borough.")] = None,
    status: Annotated[Status | None, typer.Option(case_sensitive=False, help="Only this status.")] = None,
    since: Annotated[str | None, typer.Option(help=f"Started on or after ({DATE_FORMS}).")] = None,
    until: Annotated[str | None, typer.Option(help=f"Started on or before ({DATE_FORMS}).")] = None,
    format: FormatOption = Format.table,
) -> None:
    """The records, oldest first, filtered by borough, status and start date."""
    from .models import parse_date
    from .render import record_rows, records_table, to_csv, to_json

    data = _data(ctx)
    registry = data.registry()
    only = _option("--borough", registry.find, borough)
    first = _option("--since", parse_date, since) or date.min
    last = _option("--until", parse_date, until) or date.max
    entries = [
        e
        for e in data.load_valid(registry).entries()
        if (only is None or e.borough == only.slug)
        and (status is None or e.record.status is status)
        and first <= e.record.start_date <= last
    ]
    entries.sort(key=lambda e: (e.record.start_date, e.record.id))
    rows = record_rows(entries)
    if format is Format.json:
        typer.echo(to_json(rows))
    elif format is Format.csv:
        from .models import FIELDS

        typer.echo(to_csv(rows, ["borough", *FIELDS]), nl=False)
    elif rows:
        _console().print(records_table(rows))
    else:
        typer.echo("No records match.")


@app.command()
@_guarded
def validate(ctx: typer.Context) -> None:
    """Check every file; print each problem as path:line: message. Exit 1 if there are any."""
    data = _data(ctx)
    try:
        dataset = data.load()
    except DataError as exc:  # boroughs.yaml itself is wrong: nothing else can be checked
        for problem in exc.problems:
            typer.echo(str(problem))
        typer.echo(f"{len(exc.problems)} problem(s) found in {data.boroughs_file}", err=True)
        raise typer.Exit(ExitCode.REFUSED) from None
    for problem in dataset.problems:
        typer.echo(str(problem))
    checked = f"{dataset.read + 1} files, {dataset.count()} valid records"
    if dataset.problems:
        typer.echo(f"{len(dataset.problems)} problem(s) found ({checked})", err=True)
        raise typer.Exit(ExitCode.REFUSED)
    warnings = dataset.warnings()
    for warning in warnings:
        typer.echo(str(warning))
    typer.echo(f"OK: no problems ({checked}){f'; {len(warnings)} warning(s)' if warnings else ''}")


@app.command()
@_guarded
def boroughs(ctx: typer.Context, format: FormatOption = Format.table) -> None:
    """London's 33 local authorities: slug, name, GSS code, membership, pledge, headcount."""
    from .render import borough_rows, boroughs_table, to_csv, to_json

    rows = borough_rows(_data(ctx).registry())
    if format is Format.json:
        typer.echo(to_json(rows))
    elif format is Format.csv:
        typer.echo(to_csv(rows), nl=False)
    else:
        _console().print(boroughs_table(rows))


@app.command()
@_guarded
def summary(
    ctx: typer.Context,
    week: Annotated[
        str | None, typer.Option(help="An ISO week, e.g. 2020-W11 [default: the last complete week].")
    ] = None,
    as_of: Annotated[str | None, typer.Option(help="As if run on this date: its last complete week.")] = None,
    window: WindowOption = None,
    format: Annotated[
        SummaryFormat, typer.Option("--format", "-f", case_sensitive=False, help="Output format.")
    ] = SummaryFormat.markdown,
    output: OutputOption = None,
) -> None:
    """The week's summary for weeknotes: new hires by borough, the total, pace, forecast and verdict.

    Counts only: never a record's id or ref.
    """
    from . import weeknote
    from .models import parse_week, today
    from .progress import last_complete_week, weekly
    from .render import export, to_json

    if week is not None and as_of is not None:
        raise UsageError("give --week or --as-of, not both")
    start = _option("--week", parse_week, week) or last_complete_week(_as_of(as_of))
    if start > today():
        raise UsageError(f"--week: {week} has not begun yet")
    dataset = _data(ctx).load_valid()
    s = weekly(dataset.registry, dataset.by_borough(), start, window)
    if format in (SummaryFormat.svg, SummaryFormat.html):
        text = export(weeknote.view(s), format.value, f"{s.at_end.programme}: {s.week}")
    else:
        render = {
            SummaryFormat.markdown: weeknote.markdown,
            SummaryFormat.csv: weeknote.csv_text,
            SummaryFormat.json: lambda s: to_json(weeknote.data(s)) + "\n",
        }
        text = render[format](s)
    _emit(text, output)


@app.command()
@_guarded
def chart(
    ctx: typer.Context,
    as_of: Annotated[str | None, typer.Option(help=f"Up to this date ({DATE_FORMS}); default today.")] = None,
    by: Annotated[Period, typer.Option(case_sensitive=False, help="One bar a week or a month.")] = Period.week,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write an SVG picture to this file.")] = None,
) -> None:
    """A burn-up chart: the counted total over time against the target and the straight line to it."""
    from .chart import draw
    from .progress import burnup
    from .render import export

    if output is not None and output.suffix.lower() != ".svg":
        raise UsageError(f"--output: '{output}' is not an .svg file name; the chart is written as SVG")
    day = _as_of(as_of)
    dataset = _data(ctx).load_valid()
    b = burnup(dataset.registry, dataset.by_borough(), day, by.value)
    if output is None:
        console = _console()
        console.print(draw(b, width=console.width))
    else:
        _emit(export(draw(b, width=100), "svg", f"{b.programme}: burn-up"), output)


def _emit(text: str, output: Path | None) -> None:
    """A report to stdout, or to the file asked for (saying so on stderr)."""
    if output is None:
        typer.echo(text, nl=False)
        return
    from .writer import write_output

    write_output(output, text)
    typer.echo(f"Wrote {output}", err=True)

"""Commands that write: add, update, import and init."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..domain.errors import ApprentrackError, ExitCode, UsageError
from ..domain.words import ENDING, STATUS_HELP
from .app import app, say
from .options import (
    DATE_FORMS,
    BoroughOption,
    DryRunOption,
    InteractiveOption,
    complete_borough,
    complete_record_id,
    data_dir,
    option,
)
from .prompts import ask
from .prompts import confirm as confirm_at_prompt

if TYPE_CHECKING:
    from ..domain.programme import Borough, Registry
    from ..domain.record import Record

EXAMPLE_ADD = "apprentrack add --borough hackney --role 'Software developer' --start-date 2020-03-02"

# The fields of a record, as options of both add and update.
RoleOption = Annotated[str | None, typer.Option(metavar="TEXT", help="The job, e.g. 'Software Developer'.")]
StartOption = Annotated[str | None, typer.Option(metavar="DATE", help=f"First day ({DATE_FORMS}).")]
EndOption = Annotated[str | None, typer.Option(metavar="DATE", help="Last day, for completed or withdrawn.")]
LevelOption = Annotated[str | None, typer.Option(metavar="N", help="Apprenticeship level, 2 to 7 ('Level 4' too).")]
StandardOption = Annotated[str | None, typer.Option(metavar="TEXT", help="The apprenticeship standard, if known.")]
RefOption = Annotated[
    str | None, typer.Option(metavar="REF", help="The borough's own reference (opaque; never a name or e-mail).")
]


def _record_fields(**values: Any) -> dict[str, Any]:
    """The options given, parsed as import parses a spreadsheet's cells (dates ISO or UK, 'in post',
    'Level 4'), as a record's fields (those not given left out)."""
    from ..domain.parsing import FIELD_PARSERS

    for name, parse in FIELD_PARSERS.items():
        if name in values:
            values[name] = option(f"--{name.replace('_', '-')}", parse, values[name])
    return {k: v for k, v in values.items() if v is not None}


FormOption = Annotated[
    Path | None,
    typer.Option(
        "--from-issue-form",
        metavar="FILE",
        help="Take every field from a filled GitHub issue form ('-': standard input); see `apprentrack forms`.",
    ),
]
AuthorOption = Annotated[
    str | None,
    typer.Option(
        metavar="LOGIN",
        help="With --from-issue-form: refuse unless this GitHub user is listed for the borough's file in CODEOWNERS.",
    ),
]
StatusOption = Annotated[str | None, typer.Option(metavar="STATUS", help=f"The new status: {STATUS_HELP}.")]


@app.command()
def add(
    ctx: typer.Context,
    borough: BoroughOption = None,
    role: RoleOption = None,
    start_date: StartOption = None,
    status: Annotated[
        str, typer.Option(metavar="STATUS", help=f"Where the apprentice is: {STATUS_HELP}.", show_default=True)
    ] = "recruited",
    end_date: EndOption = None,
    level: LevelOption = None,
    standard: StandardOption = None,
    ref: RefOption = None,
    dry_run: DryRunOption = False,
    interactive: InteractiveOption = None,
    from_issue_form: FormOption = None,
    author: AuthorOption = None,
    logged: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            hidden=True,  # for the intake workflow: the day the issue was opened, kept when its branch is remade
            help="The day the hire was first logged, or the moment (2020-03-11T09:30:00Z), as London's date "
            "[default: today].",
        ),
    ] = None,
) -> None:
    """Log a new apprentice in the borough's file; prints the new id and the new counts."""
    from ..domain.dates import london_day

    given = (borough, role, start_date, end_date, level, standard, ref)
    logged_on = option("--logged", london_day, logged)  # a date, or the moment an issue was opened
    if from_issue_form is not None:
        from .intake import run_form

        if any(v is not None for v in given) or status != "recruited":
            raise UsageError("--from-issue-form: the form gives every field; give no other field's option")
        run_form(
            ctx,
            from_issue_form,
            "add",
            author,
            lambda o: _add(ctx, **o, logged=logged_on, dry_run=dry_run, interactive=False),
        )
    else:
        _add(ctx, *given[:3], status, *given[3:], logged=logged_on, dry_run=dry_run, interactive=interactive)


def _add(
    ctx: typer.Context,
    borough: str | None,
    role: str | None,
    start_date: str | None,
    status: str,
    end_date: str | None,
    level: str | None,
    standard: str | None,
    ref: str | None,
    logged: date | None,
    dry_run: bool,
    interactive: bool | None,
) -> None:
    from ..domain.dates import long_date
    from ..domain.record import phone_like_fields
    from ..domain.standards import standard_warning
    from ..figures.snapshot import snapshot
    from ..storage import writer

    data = data_dir(ctx)
    registry = data.registry()
    fields = _record_fields(
        role=role,
        start_date=start_date,
        status=status,
        end_date=end_date,
        level=level,
        standard=standard,
        ref=ref,
        logged=logged,
    )
    ask = sys.stdin.isatty() if interactive is None else interactive
    ending = fields["status"] in ENDING
    needed = [("--borough", borough), ("--role", role), ("--start-date", start_date)]
    missing = [name for name, value in needed if value is None]
    if ending and end_date is None:
        missing.append("--end-date")
    if missing and not ask:
        example = EXAMPLE_ADD + (" --status completed --end-date 2020-09-30" if ending else "")
        raise UsageError(f"missing {', '.join(missing)}; for example: {example}")

    where = option("--borough", registry.find, borough) or _ask_borough(registry)
    for name, label in (
        ("role", "Role (e.g. Software Developer, Data Analyst)"),
        ("start_date", f"Start date ({DATE_FORMS})"),
        *([("end_date", f"Last day ({DATE_FORMS})")] if ending else []),
    ):
        if name not in fields:
            fields[name] = _ask_field(name, label, fields, data.today)
    if ask and not dry_run and (twins := writer.similar(data, where, fields)):  # asked before writing
        _warn_of_twins(twins, where)
        if not confirm_at_prompt("Add it anyway?"):
            typer.echo("Not added: nothing was written.", err=True)
            raise typer.Exit(ExitCode.REFUSED)
    added = writer.add(data, where, [fields], dry_run=dry_run)
    (record,) = added.added
    if added.twins and not (ask and not dry_run):
        _warn_of_twins(added.twins, where)
    if dry_run:
        say(f"Would add to {added.path} (dry run: nothing written):", err=True)
        typer.echo(added.text, nl=False)
        return
    say(f"Added {record.id} to {added.path}")
    for field, message in phone_like_fields(record):
        typer.echo(f"Warning: --{field}: {message}", err=True)
    if (unknown := standard_warning(record.standard)) is not None:
        typer.echo(f"Warning: --standard: '{record.standard}' {unknown}", err=True)
    try:  # the figures status would print: every file counted, from the cache where it is unchanged
        now = snapshot(registry, data.timelines(registry), data.today)
    except ApprentrackError as exc:  # the record is written: never say otherwise
        typer.echo(f"The counts could not be worked out: {str(exc).splitlines()[0]}", err=True)
        return
    row = next(r for r in (*now.members, *now.others) if r.slug == where.slug)
    total = f"the programme counts {now.counted} of {now.target} as of {now.as_of}"
    if not row.member:
        typer.echo(f"{row.name} is not a member: shown apart, not counted; {total}.")
    else:
        typer.echo(f"{row.name} now counts {row.counted}; {total}.")
    if record.start_date > data.today:
        typer.echo(f"{record.id} counts from its start, {long_date(record.start_date)}.")


def _warn_of_twins(twins: list[Record], where: Borough) -> None:
    ids = ", ".join(r.id for r in twins)
    same = "the same role, start date, level and standard"
    typer.echo(f"Warning: {ids} has {same} in {where.name}: the same hire twice?", err=True)


def _ask_field(name: str, label: str, known: dict[str, Any], today: date) -> Any:
    """Ask for one field of the new record until the answer meets every rule of a record that bears on it
    (a start date in the future, personal data in a role...), not only its form."""
    from ..domain.dates import parse_date
    from ..domain.record import check_field

    parse: Callable[[str], Any] = parse_date if name.endswith("_date") else str
    return ask(label, lambda answer: check_field(name, parse(answer), known, today))


def _ask_borough(registry: Registry) -> Borough:
    members = sorted(b.name for b in registry.members())
    typer.echo(f"Member boroughs: {', '.join(members)}.", err=True)
    return ask("Borough (name, slug or GSS code)", registry.find)


@app.command()
def update(
    ctx: typer.Context,
    record_id: Annotated[
        str | None,
        typer.Argument(
            metavar="ID",
            help="The record's id, e.g. hackney-0007 (none with --from-issue-form).",
            autocompletion=complete_record_id,
        ),
    ] = None,
    status: StatusOption = None,
    end_date: EndOption = None,
    start_date: StartOption = None,
    role: RoleOption = None,
    level: LevelOption = None,
    standard: StandardOption = None,
    ref: RefOption = None,
    borough: Annotated[
        str | None,
        typer.Option(
            "--borough",
            "-b",
            metavar="BOROUGH",
            help="Move the record to this borough (it gets a new id there; the old one is never reused).",
            autocompletion=complete_borough,
        ),
    ] = None,
    dry_run: DryRunOption = False,
    from_issue_form: FormOption = None,
    author: AuthorOption = None,
) -> None:
    """Change one record in place (its file's comments and order kept): a status, an end date, a fix; or
    move it to another borough."""
    if from_issue_form is not None:
        from .intake import run_form

        fields = (record_id, status, end_date, start_date, role, level, standard, ref, borough)
        if any(v is not None for v in fields):
            raise UsageError("--from-issue-form: the form gives the id and every change; give neither")
        run_form(
            ctx,
            from_issue_form,
            "update",
            author,
            lambda o: _update(ctx, o["record_id"], o["status"], o["end_date"], dry_run),
        )
        return
    if record_id is None:
        raise UsageError("missing ID: the record's id, e.g. apprentrack update hackney-0007 --status in_post")
    _update(ctx, record_id, status, end_date, dry_run, start_date, role, level, standard, ref, borough)


def _update(
    ctx: typer.Context,
    record_id: str,
    status: str | None,
    end_date: str | None,
    dry_run: bool,
    start_date: str | None = None,
    role: str | None = None,
    level: str | None = None,
    standard: str | None = None,
    ref: str | None = None,
    borough: str | None = None,
) -> None:
    from ..storage import corrections, writer

    data = data_dir(ctx)
    registry = data.registry()
    source = option("ID", registry.of_record, record_id)
    changes = _record_fields(
        status=status,
        end_date=end_date,
        start_date=start_date,
        role=role,
        level=level,
        standard=standard,
        ref=ref,
    )
    if borough is not None:
        target = option("--borough", registry.find, borough)
        if changes:
            raise UsageError("--borough moves a record as it is: move it, then change it with update")
        if target.slug == source.slug:
            raise UsageError(f"--borough: {record_id} is already in {target.name}")
        new_id = corrections.move(data, source, target, record_id, dry_run=dry_run)
        done = "Would move" if dry_run else "Moved"
        say(f"{done} {record_id} to {target.name} as {new_id} ({data.borough_file(target.slug)}).")
        if not dry_run:
            typer.echo(f"Suggested commit message: Move {record_id} to {target.name} as {new_id}")
        return
    if not changes:
        raise UsageError(
            "nothing to change: give --status, --end-date, --start-date, --role, --level, --standard, --ref "
            "or --borough"
        )
    written = writer.update(data, source, record_id, changes, dry_run=dry_run)
    if not written.text:
        typer.echo(f"No change: {record_id} already has these values.", err=True)
        return
    if dry_run:
        say(f"Would update {record_id} in {written.path} (dry run: nothing written):", err=True)
    else:
        say(f"Updated {record_id} in {written.path}:", err=True)
    typer.echo(written.text, nl=False)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="An Excel workbook (.xlsx), a CSV, or apprentrack's JSON export.")
    ],
    borough: Annotated[
        str | None,
        typer.Option(
            "--borough",
            "-b",
            metavar="BOROUGH",
            help="The borough of every row, when there is no borough column.",
            autocompletion=complete_borough,
        ),
    ] = None,
    update: Annotated[
        bool, typer.Option("--update", help="Also apply the changes of status and end date of rows already recorded.")
    ] = False,
    sheet: Annotated[
        str | None, typer.Option(metavar="NAME", help="The sheet of an Excel workbook [default: the first].")
    ] = None,
    ignore_column: Annotated[
        list[str] | None,
        typer.Option(metavar="COLUMN", help="Leave this column out unread (a Name column, say); repeatable."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and count; write nothing.")] = False,
) -> None:
    """Load many records at once, all or nothing. Rows already recorded (same id, ref, or role, start date,
    level and standard) are skipped; their changes of status or end date are listed, applied with --update."""
    from ..spreadsheets import importer

    if not file.is_file():
        raise UsageError(f"FILE: no file at '{file}'")
    data = data_dir(ctx)
    registry = data.registry()
    only = option("--borough", registry.find, borough)
    notes: list[str] = []
    rows = importer.read(file, registry, data.today, only, sheet, tuple(ignore_column or ()), notes)
    for note in notes:
        typer.echo(note, err=True)
    if ignore_column:
        typer.echo(f"Left out unread: {', '.join(ignore_column)}", err=True)
    result = importer.run(data, file, rows, update=update, dry_run=dry_run)
    added = sum(result.added.values())
    by = ", ".join(f"{slug} {n}" for slug, n in result.added.items() if n)
    typer.echo(
        f"{'Would import' if dry_run else 'Imported'} {added} record(s){f' ({by})' if by else ''}; "
        f"skipped {sum(result.skipped.values())} already recorded." + (" Dry run: nothing written." if dry_run else "")
    )
    if dry_run:
        for path, text in result.texts.items():
            say(f"Would add to {path}:")
            typer.echo(text, nl=False)
    if result.differences:
        done = "would be applied" if update and dry_run else "applied" if update else "not applied"
        typer.echo(f"{len(result.differences)} recorded row(s) differ in status or end date ({done}):")
        for d in result.differences:
            change = ", ".join(f"{k} {getattr(d.record, k) or '-'} -> {v}" for k, v in d.changes.items())
            typer.echo(f"  row {d.row.line}: {d.record.id}: {change}")
        if not update:
            typer.echo("Run the import again with --update to apply them.")


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="The new programme's data folder.")],
    name: Annotated[str, typer.Option(metavar="TEXT", help="The programme's name.")],
    target: Annotated[str, typer.Option(metavar="N", help="How many apprentices, the goal.")],
    deadline: Annotated[str, typer.Option(metavar="DATE", help=f"The goal's deadline ({DATE_FORMS}).")],
    start: Annotated[
        str | None, typer.Option(metavar="DATE", help=f"The programme's start ({DATE_FORMS}) [default: today].")
    ] = None,
    members: Annotated[
        str,
        typer.Option(
            metavar="BOROUGHS", help="The boroughs taking part: 'all', or names, slugs or codes separated by commas."
        ),
    ] = "all",
) -> None:
    """Start a new programme: a data folder with London's 33 authorities and no records."""
    from ..domain.dates import parse_date, today
    from ..domain.models import MAX_FIGURE
    from ..domain.parsing import whole_number
    from ..storage.new_programme import create_programme

    fields = {
        "name": name,
        "target": option("--target", lambda text: whole_number(text, 1, MAX_FIGURE), target),
        "start": option("--start", parse_date, start) or today(),
        "deadline": option("--deadline", parse_date, deadline),
    }
    chosen = None if members.strip().lower() == "all" else [m for m in members.split(",") if m.strip()]
    path = create_programme(directory, fields, chosen)
    say(f"Created {path}. Next: apprentrack --data-dir {directory} add ..., then status.")

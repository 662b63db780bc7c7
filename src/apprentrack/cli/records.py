"""Commands that write: add, update, import and init."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from ..errors import ExitCode, InvalidValue, UsageError
from ..terms import Status
from .app import DATE_FORMS, BoroughOption, DryRunOption, app, confirm, data_dir, guarded, option, prompt

if TYPE_CHECKING:
    from ..models import Borough, Registry

T = TypeVar("T")

EXAMPLE_ADD = "apprentrack add --borough hackney --role 'Software developer' --start-date 2020-03-02"

# The fields of a record, as options of both add and update.
RoleOption = Annotated[str | None, typer.Option(help="The job, e.g. 'Software developer'.")]
StartOption = Annotated[str | None, typer.Option(help=f"First day ({DATE_FORMS}).")]
EndOption = Annotated[str | None, typer.Option(help="Last day, for completed or withdrawn.")]
LevelOption = Annotated[int | None, typer.Option(min=2, max=7, help="Apprenticeship level, 2 to 7.")]
StandardOption = Annotated[str | None, typer.Option(help="The apprenticeship standard, if known.")]
RefOption = Annotated[str | None, typer.Option(help="The borough's own reference (opaque; never a name or e-mail).")]


def _record_fields(**values: Any) -> dict[str, Any]:
    """The options given, dates parsed, as a record's fields (those not given left out)."""
    from ..dates import parse_date

    for name in ("start_date", "end_date"):
        values[name] = option(f"--{name.replace('_', '-')}", parse_date, values[name])
    return {k: v for k, v in values.items() if v is not None}


@app.command()
@guarded
def add(
    ctx: typer.Context,
    borough: BoroughOption = None,
    role: RoleOption = None,
    start_date: StartOption = None,
    status: Annotated[Status, typer.Option(case_sensitive=False, help="Where the apprentice is.")] = Status.recruited,
    end_date: EndOption = None,
    level: LevelOption = None,
    standard: StandardOption = None,
    ref: RefOption = None,
    dry_run: DryRunOption = False,
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
    from .. import writer
    from ..dates import parse_date, today
    from ..progress import standing
    from ..record import personal_data

    data = data_dir(ctx)
    registry = data.registry()
    missing = [
        name
        for name, value in (("--borough", borough), ("--role", role), ("--start-date", start_date))
        if value is None
    ]
    ask = sys.stdin.isatty() if interactive is None else interactive
    if missing and not ask:
        raise UsageError(f"missing {', '.join(missing)}; for example: {EXAMPLE_ADD}")

    where = option("--borough", registry.find, borough) or _ask_borough(registry)
    fields = _record_fields(
        role=role, start_date=start_date, status=status, end_date=end_date, level=level, standard=standard, ref=ref
    )
    if "role" not in fields:
        fields["role"] = _ask("Role (e.g. Software developer, Data analyst)", str.strip)
    if "start_date" not in fields:
        fields["start_date"] = _ask(f"Start date ({DATE_FORMS})", parse_date)
    twins = writer.similar(data, where, fields)
    if twins:
        ids = ", ".join(r.id for r in twins)
        typer.echo(f"Warning: {ids} has the same role and start date in {where.name}: the same hire twice?", err=True)
        if ask and not dry_run and not confirm("Add it anyway?"):
            typer.echo("Not added: nothing was written.", err=True)
            raise typer.Exit(ExitCode.REFUSED)
    added = writer.add(data, where, [fields], dry_run=dry_run)
    (record,) = added.added
    if dry_run:
        typer.echo(f"Would add to {added.path} (dry run: nothing written):", err=True)
        typer.echo(added.text, nl=False)
        return
    typer.echo(f"Added {record.id} to {added.path}")
    for field, message in personal_data(record):
        typer.echo(f"Warning: --{field}: {message}", err=True)
    now = standing(registry, data.status_counts(registry), where.slug, today())
    total = f"the programme counts {now.total} of {now.target} as of {now.day}"
    if not now.member:
        typer.echo(f"{now.borough} is not a member: shown apart, not counted; {total}.")
    else:
        typer.echo(f"{now.borough} now counts {now.counted}; {total}.")


def _ask(label: str, parse: Callable[[str], T]) -> T:
    """Prompt until the answer parses; the parser's message says what would be right."""
    while True:
        answer = prompt(label)
        try:
            value = parse(answer)
        except InvalidValue as exc:
            typer.echo(f"  {exc}", err=True)
            continue
        if value:
            return value


def _ask_borough(registry: Registry) -> Borough:
    members = sorted(b.name for b in registry.members())
    typer.echo(f"Member boroughs: {', '.join(members)}.", err=True)
    return _ask("Borough (name, slug or GSS code)", registry.find)


@app.command()
@guarded
def update(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The record's id, e.g. hackney-0007.")],
    status: Annotated[Status | None, typer.Option(case_sensitive=False, help="The new status.")] = None,
    end_date: EndOption = None,
    start_date: StartOption = None,
    role: RoleOption = None,
    level: LevelOption = None,
    standard: StandardOption = None,
    ref: RefOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Change one record in place (its file's comments and order kept): a status, an end date, a fix."""
    from .. import writer

    data = data_dir(ctx)
    registry = data.registry()
    borough = option("ID", registry.of_record, record_id)
    assert borough is not None  # record_id is a required argument
    changes = _record_fields(
        status=status, end_date=end_date, start_date=start_date, role=role, level=level, standard=standard, ref=ref
    )
    if not changes:
        raise UsageError(
            "nothing to change: give --status, --end-date, --start-date, --role, --level, --standard or --ref"
        )
    written = writer.update(data, borough, record_id, changes, dry_run=dry_run)
    if not written.text:
        typer.echo(f"No change: {record_id} already has these values.", err=True)
        return
    if dry_run:
        typer.echo(f"Would update {record_id} in {written.path} (dry run: nothing written):", err=True)
    else:
        typer.echo(f"Updated {record_id} in {written.path}:", err=True)
    typer.echo(written.text, nl=False)


@app.command("import")
@guarded
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A CSV (a spreadsheet's export) or apprentrack's JSON export.")],
    borough: Annotated[
        str | None, typer.Option("--borough", "-b", help="The borough of every row, when there is no borough column.")
    ] = None,
    update: Annotated[
        bool, typer.Option("--update", help="Also apply the changes of status and end date of rows already recorded.")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and count; write nothing.")] = False,
) -> None:
    """Load many records at once, all or nothing. Rows already recorded (same id, ref, or role, start date,
    level and standard) are skipped; their changes of status or end date are listed, applied with --update."""
    from .. import importer

    if not file.is_file():
        raise UsageError(f"FILE: no file at '{file}'")
    data = data_dir(ctx)
    registry = data.registry()
    only = option("--borough", registry.find, borough)
    result = importer.run(data, file, importer.read(file, registry, only), update=update, dry_run=dry_run)
    added = sum(result.added.values())
    by = ", ".join(f"{slug} {n}" for slug, n in result.added.items() if n)
    typer.echo(
        f"{'Would import' if dry_run else 'Imported'} {added} record(s){f' ({by})' if by else ''}; "
        f"skipped {sum(result.skipped.values())} already recorded." + (" Dry run: nothing written." if dry_run else "")
    )
    if result.differences:
        done = "would be applied" if update and dry_run else "applied" if update else "not applied"
        typer.echo(f"{len(result.differences)} recorded row(s) differ in status or end date ({done}):")
        for d in result.differences:
            change = ", ".join(f"{k} {getattr(d.record, k) or '-'} -> {v}" for k, v in d.changes.items())
            typer.echo(f"  row {d.row.line}: {d.record.id}: {change}")
        if not update:
            typer.echo("Run the import again with --update to apply them.")


@app.command()
@guarded
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
    from ..dates import parse_date, today
    from ..programme import create_programme

    fields = {
        "name": name,
        "target": target,
        "start": option("--start", parse_date, start) or today(),
        "deadline": option("--deadline", parse_date, deadline),
    }
    chosen = None if members.strip().lower() == "all" else [m for m in members.split(",") if m.strip()]
    path = create_programme(directory, fields, chosen)
    typer.echo(f"Created {path}. Next: apprentrack --data-dir {directory} add ..., then status.")

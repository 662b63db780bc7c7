"""Commands that write: add, update, import and init."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..domain.errors import DataError, ExitCode, InvalidValue, UsageError
from ..domain.words import ENDING, STATUS_HELP
from .app import command, say
from .options import (
    DATE_FORMS,
    BoroughOption,
    DryRunOption,
    InteractiveOption,
    complete_borough,
    data_dir,
    id_argument,
    option,
)
from .options import missing as missing_options
from .prompts import ask, listing, offer, tell
from .prompts import confirm as confirm_at_prompt

if TYPE_CHECKING:
    from ..domain.programme import Borough, Registry
    from ..domain.record import Record
    from ..storage.datadir import DataDir
    from ..storage.writer import Written

EXAMPLE_UPDATE = "apprentrack update hackney-0007 --status in_post"
EXAMPLE_ADD = 'apprentrack add --borough hackney --role "Software developer" --start-date 02/03/2020'
STATUS_CHOICES = (
    "the statuses: pledged (a place promised), recruited (offer accepted, not started), in_post (started), "
    "completed, withdrawn (left early)"
)

# The fields of a record, as options of both add and update.
RoleOption = Annotated[str | None, typer.Option(metavar="TEXT", help='The job, e.g. "Software Developer".')]
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


@command(
    short="Log a new apprentice; in a terminal it asks for what is missing.",
    examples=[
        "apprentrack add",
        'apprentrack add --borough hackney --role "Data analyst" --start-date 11/03/2020 --status in_post',
    ],
)
def add(
    ctx: typer.Context,
    borough: BoroughOption = None,
    role: RoleOption = None,
    start_date: StartOption = None,
    status: Annotated[
        str | None,
        typer.Option(
            metavar="STATUS",
            help=f"Where the apprentice is: {STATUS_HELP} [default: asked in a terminal (in_post once the "
            "start has passed); otherwise recruited].",
            show_default=False,
        ),
    ] = None,
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
    """Log a new apprentice in the borough's file; prints the new id and the new counts.

    In a terminal it asks for every value not given (the borough, role, start date and status, then the
    standard, level and ref, Enter to skip), shows the record and asks before writing it.
    """
    given = (borough, role, start_date, status, end_date, level, standard, ref)
    from ..domain.dates import london_day

    logged_on = option("--logged", london_day, logged)  # a date, or the moment an issue was opened
    if from_issue_form is not None:
        from .intake import run_form

        if any(v is not None for v in given):
            raise UsageError("--from-issue-form: the form gives every field; give no other field's option")
        run_form(
            ctx,
            from_issue_form,
            "add",
            author,
            lambda o: _add(ctx, **o, logged=logged_on, dry_run=dry_run, interactive=False),
        )
    else:
        _add(ctx, *given, logged=logged_on, dry_run=dry_run, interactive=interactive)


def _add(
    ctx: typer.Context,
    borough: str | None,
    role: str | None,
    start_date: str | None,
    status: str | None,
    end_date: str | None,
    level: str | None,
    standard: str | None,
    ref: str | None,
    logged: date | None,
    dry_run: bool,
    interactive: bool | None,
) -> None:
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
    given_borough = option("--borough", registry.find, borough)  # a value given is judged before what is missing
    ask = sys.stdin.isatty() if interactive is None else interactive
    ending = fields.get("status") in ENDING
    needed = [("--borough", borough), ("--role", role), ("--start-date", start_date)]
    missing = [name for name, value in needed if value is None]
    if ending and end_date is None:
        missing.append("--end-date")
    if missing and not ask:
        example = EXAMPLE_ADD + (" --status completed --end-date 30/09/2020" if ending else "")
        raise missing_options(missing, example)

    where = given_borough or _ask_borough(registry)
    if ask:
        _ask_for_the_record(fields, data.today)
    if ask and not dry_run and not _confirmed(data, where, fields):
        say("Not added: nothing was written.", err=True)
        raise typer.Exit(ExitCode.REFUSED)
    added = writer.add(data, where, [fields], dry_run=dry_run)
    _say_added(data, registry, where, added, dry_run, warned=ask and not dry_run)


def _ask_for_the_record(fields: dict[str, Any], today: date) -> None:
    """Ask for every value of the new record not given, each checked by the rules of a record as it is
    answered: the role and start date, the status (Enter: in post once the start has passed, recruited
    while it is to come), the end date a completed or withdrawn record needs, then the optional standard,
    level and ref (Enter skips each)."""
    from ..domain.parsing import parse_level
    from ..domain.words import Status

    if "role" not in fields:
        fields["role"] = _ask_field("role", "Role (e.g. Software Developer, Data Analyst)", fields, today)
    if "start_date" not in fields:  # any start a status allows: the status is asked next
        known = {**fields, "status": fields.get("status", Status.pledged)}
        fields["start_date"] = _ask_field("start_date", f"Start date ({DATE_FORMS})", known, today)
    if "status" not in fields:
        default = Status.in_post if fields["start_date"] <= today else Status.recruited
        fields["status"] = ask("Status", lambda answer: _status_answer(answer, fields, today), STATUS_CHOICES, default)
    if fields["status"] in ENDING and "end_date" not in fields:
        fields["end_date"] = _ask_field("end_date", f"Last day ({DATE_FORMS})", fields, today)
    optional: list[tuple[str, str, Callable[[str], Any]]] = [
        ("standard", "Apprenticeship standard, e.g. Software developer", str),
        ("level", "Level, 2 to 7", parse_level),
        ("ref", "Ref, the borough's own reference; never a name", str),
    ]
    for name, label, parse in optional:
        if name not in fields:
            value = offer(label, _checked(name, parse, fields, today))
            if value is not None:
                fields[name] = value


def _checked(name: str, parse: Callable[[str], Any], known: dict[str, Any], today: date) -> Callable[[str], Any]:
    """An answer's parser that also checks it by every rule of a record that bears on it."""
    from ..domain.record import check_field

    return lambda answer: check_field(name, parse(answer), known, today)


def _status_answer(answer: str, fields: dict[str, Any], today: date) -> Any:
    """A status as people write it, that the start date already given allows."""
    from ..domain.record import check_field
    from ..domain.words import Status

    status = check_field("status", Status.parse(answer), fields, today)
    check_field("start_date", fields["start_date"], {**fields, "status": status}, today)
    return status


def _confirmed(data: DataDir, where: Borough, fields: dict[str, Any]) -> bool:
    """Show the record as it will be written (and any record that looks like the same hire), then ask."""
    from ..storage import writer

    preview = writer.add(data, where, [fields], dry_run=True)
    tell(f"To be added to {preview.path}:")
    for line in preview.text.splitlines():
        say(f"  {line}", err=True)
    if preview.twins:
        _warn_of_twins(preview.twins, where)
        return confirm_at_prompt("Add it anyway?")
    return confirm_at_prompt("Add it?", default=True)


def _say_added(data: DataDir, registry: Registry, where: Borough, added: Written, dry_run: bool, warned: bool) -> None:
    """The new id (or, on a dry run, the YAML) and the counts status would print, with any warning about
    what the record holds."""
    from ..domain.dates import long_date
    from ..domain.record import phone_like_fields
    from ..domain.standards import standard_warning
    from ..figures.snapshot import snapshot

    (record,) = added.added
    if added.twins and not warned:
        _warn_of_twins(added.twins, where)
    if dry_run:
        say(f"Would add to {added.path} (dry run: nothing written):", err=True)
        typer.echo(added.text, nl=False)
        return
    say(f"Added {record.id} to {added.path}")
    for field, message in phone_like_fields(record):
        say(f"Warning: --{field}: {message}", err=True)
    if (unknown := standard_warning(record.standard)) is not None:
        say(f"Warning: --standard: '{record.standard}' {unknown}", err=True)
    try:  # the figures status would print: every file counted, from the cache where it is unchanged
        now = snapshot(registry, data.timelines(registry), data.today)
    except DataError as exc:  # the record is written: never say otherwise, and print no total it cannot vouch for
        say(f"No total: {no_total(registry, exc)} (`apprentrack validate` says what).", err=True)
        return
    row = next(r for r in (*now.members, *now.others) if r.slug == where.slug)
    total = f"the programme counts {now.counted} of {now.target} as of {now.as_of}"
    if not row.member:
        say(f"{row.name} is not a member: shown apart, not counted; {total}.")
    else:
        say(f"{row.name} now counts {row.counted}; {total}.")
    if record.start_date > data.today:
        say(f"{record.id} counts from its start, {long_date(record.start_date)}.")


def no_total(registry: Registry, exc: DataError) -> str:
    """Why there is no total to print, naming each borough whose file has a problem (a move left half done
    is a problem of the file it went to)."""
    names = sorted({registry.boroughs[p.path.stem].name for p in exc.problems if p.path.stem in registry.boroughs})
    if not names:
        return str(exc).splitlines()[0]
    files = f"{' and '.join(names)}'s file has" if len(names) == 1 else f"the files of {', '.join(names)} have"
    return f"{files} a problem"


def _warn_of_twins(twins: list[Record], where: Borough) -> None:
    ids = ", ".join(r.id for r in twins)
    same = "the same role, start date, level and standard"
    say(f"Warning: {ids} has {same} in {where.name}: the same hire twice?", err=True)


def _ask_field(name: str, label: str, known: dict[str, Any], today: date) -> Any:
    """Ask for one field of the record until the answer meets every rule of a record that bears on it (a
    start date in the future, personal data in a role...), not only its form."""
    from ..domain.dates import parse_date

    parse: Callable[[str], Any] = parse_date if name.endswith("_date") else str
    choices = f"write a date as {DATE_FORMS}" if name.endswith("_date") else ""
    return ask(label, _checked(name, parse, known, today), choices)


def _ask_borough(registry: Registry) -> Borough:
    noun = registry.noun
    members = listing(f"Member {noun.many}", sorted(b.name for b in registry.members()))
    tell(members)
    codes = " or GSS code" if any(b.code for b in registry.boroughs.values()) else ""
    return ask(f"{noun.One} (name, slug{codes})", registry.find, f"one of the {members[0].lower()}{members[1:]}")


@command(
    short="Change a record (a status, an end date, a fix) or move it.",
    examples=[
        "apprentrack update hackney-0024 --status withdrawn --end-date 31/07/2020",
        'apprentrack update hackney-0007 --role "Software developer"',
    ],
)
def update(
    ctx: typer.Context,
    record_id: Annotated[
        str | None,
        id_argument("The record's id, e.g. hackney-0007 [asked in a terminal; none with --from-issue-form]."),
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
    interactive: InteractiveOption = None,
    from_issue_form: FormOption = None,
    author: AuthorOption = None,
) -> None:
    """Change one record in place (its file's comments and order kept): a status, an end date, a fix; or
    move it to another borough.

    In a terminal it asks for what the change needs: the id, the new status, and the last day of a
    record that becomes completed or withdrawn.
    """
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
            lambda o: _update(ctx, o["record_id"], o["status"], o["end_date"], dry_run, interactive=None, form=True),
        )
        return
    changes = (start_date, role, level, standard, ref, borough)
    _update(ctx, record_id, status, end_date, dry_run, interactive, *changes)


def _update(
    ctx: typer.Context,
    record_id: str | None,
    status: str | None,
    end_date: str | None,
    dry_run: bool,
    interactive: bool | None,
    start_date: str | None = None,
    role: str | None = None,
    level: str | None = None,
    standard: str | None = None,
    ref: str | None = None,
    borough: str | None = None,
    form: bool = False,
) -> None:
    """The change, asking at a terminal for what it needs; from a form nothing is asked, and what is
    missing is said by the records' rules in the form's words."""
    from ..storage import corrections, writer

    data = data_dir(ctx)
    registry = data.registry()
    asking = not form and (sys.stdin.isatty() if interactive is None else interactive)
    if record_id is None:
        if not asking:
            raise missing_options(["ID"], EXAMPLE_UPDATE)
        record_id = ask_record_id(registry)
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
            say(f"Suggested commit message: Move {record_id} to {target.name} as {new_id}")
        return
    if not changes and not asking:
        raise UsageError(
            "nothing to change: give --status, --end-date, --start-date, --role, --level, --standard, --ref "
            "or --borough"
        )
    if not form and (not changes or (changes.get("status") in ENDING and "end_date" not in changes)):
        _ask_for_the_change(writer.record_of(data, source, record_id), changes, asking, data.today)
    written = writer.update(data, source, record_id, changes, dry_run=dry_run)
    if not written.text:
        say(f"No change: {record_id} already has these values.", err=True)
        return
    if dry_run:
        say(f"Would update {record_id} in {written.path} (dry run: nothing written):", err=True)
    else:
        say(f"Updated {record_id} in {written.path}:", err=True)
    typer.echo(written.text, nl=False)


def ask_record_id(registry: Registry) -> str:
    """Ask for a record's id until it is one (whether the record exists, the write says)."""

    def parse(answer: str) -> str:
        registry.of_record(answer.strip())
        return answer.strip()

    return ask("Record id (e.g. hackney-0007)", parse, "an id is the borough's slug and a number")


def _ask_for_the_change(record: Record, changes: dict[str, Any], asking: bool, today: date) -> None:
    """What the change needs and was not given: at a terminal, asked (the new status when no change was
    given, the last day of a record that becomes completed or withdrawn); elsewhere a usage error."""
    from ..domain.record import check_transition

    if not changes and record.status in ENDING:  # no status to ask for: each answer would be refused
        raise UsageError(
            f"{record.id} is '{record.status.value}', which is final: its status cannot change; to correct it, "
            "give --end-date, --start-date, --role, --level, --standard, --ref or --borough"
        )
    if not changes:  # at a terminal: the change people come for
        changes["status"] = ask(
            f"New status (now {record.status})", lambda answer: _new_status(record, answer), STATUS_CHOICES
        )
    new = changes.get("status", record.status)
    if new not in ENDING or "end_date" in changes or record.end_date is not None:
        return
    try:
        check_transition(record.status, new)
    except InvalidValue:  # refused as it is, by the write: no use asking for its end
        return
    if not asking:
        example = f"apprentrack update {record.id} --status {new} --end-date 31/07/2020"
        raise missing_options(["--end-date"], f"{example} (a {new} record needs its last day)")
    known = {**record.as_dict(), **changes}
    changes["end_date"] = _ask_field("end_date", f"Last day ({DATE_FORMS})", known, today)


def _new_status(record: Record, answer: str) -> Any:
    from ..domain.record import check_transition
    from ..domain.words import Status

    status = Status.parse(answer)
    check_transition(record.status, status)
    return status


@command(
    "import",
    short="Load many records from a workbook or CSV, all or nothing.",
    examples=[
        "apprentrack import apprentices.xlsx --borough lambeth --ignore-column Name",
        "apprentrack import hackney.csv --borough hackney --dry-run",
    ],
)
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
        str | None,
        typer.Option(
            metavar="NAME", help="The sheet of an Excel workbook, even a hidden one [default: the one it opens at]."
        ),
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
    try:
        rows = importer.read(file, registry, data.today, only, sheet, tuple(ignore_column or ()), notes)
    finally:  # which sheet was read and what was skipped, before the problems found in the rest
        for note in notes:
            say(note, err=True)
    if ignore_column:
        say(f"Left out unread: {', '.join(ignore_column)}", err=True)
    result = importer.run(data, file, rows, update=update, dry_run=dry_run)
    added = sum(result.added.values())
    by = ", ".join(f"{slug} {n}" for slug, n in result.added.items() if n)
    say(
        f"{'Would import' if dry_run else 'Imported'} {added} record(s){f' ({by})' if by else ''}; "
        f"skipped {sum(result.skipped.values())} already recorded." + (" Dry run: nothing written." if dry_run else "")
    )
    if dry_run:
        for path, text in result.texts.items():
            say(f"Would add to {path}:")
            typer.echo(text, nl=False)
    if result.differences:
        done = "would be applied" if update and dry_run else "applied" if update else "not applied"
        say(f"{len(result.differences)} recorded row(s) differ in status or end date ({done}):")
        for d in result.differences:
            change = ", ".join(f"{k} {getattr(d.record, k) or '-'} -> {v}" for k, v in d.changes.items())
            say(f"  row {d.row.line}: {d.record.id}: {change}")
        if not update:
            say("Run the import again with --update to apply them.")


@command(
    short="Start a new programme: its councils (London's 33 by default) or organisations, and no records.",
    examples=[
        'apprentrack init cohort2 --name "Cohort 2" --target 50 --deadline 31/03/2022 --members "Hackney, Camden"',
    ],
)
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="The new programme's data folder.")],
    name: Annotated[str, typer.Option(metavar="TEXT", help="The programme's name.")],
    target: Annotated[str, typer.Option(metavar="N", help="How many apprentices, the goal.")],
    deadline: Annotated[str, typer.Option(metavar="DATE", help=f"The goal's deadline ({DATE_FORMS}).")],
    start: Annotated[
        str | None, typer.Option(metavar="DATE", help=f"The programme's start ({DATE_FORMS}) [default: today].")
    ] = None,
    members: Annotated[
        list[str] | None,
        typer.Option(
            metavar="COUNCILS",
            help="The councils taking part, anywhere in the UK: names, slugs or GSS codes, separated by commas "
            "(or ';' where a name holds a comma, as 'Bristol, City of' does), or the option again "
            "[default: all of London's 33].",
        ),
    ] = None,
    region: Annotated[
        list[str] | None,
        typer.Option(
            metavar="REGION",
            help="Every council of an ONS region ('North West', 'Wales') or of 'Greater Manchester'; repeatable.",
        ),
    ] = None,
    organisations: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAMES|FILE",
            help="Bodies that are not councils (NHS trusts, a fire authority): names separated by ';' or "
            "commas, or a file of them, one a line; repeatable.",
        ),
    ] = None,
    member_word: Annotated[
        str | None,
        typer.Option(
            metavar="WORD",
            help="What headings call a member, e.g. 'NHS trust' [default: borough for London's, council, or "
            "organisation].",
        ),
    ] = None,
) -> None:
    """Start a new programme: a data folder with its councils (London's 33 by default) or organisations,
    and no records."""
    from ..domain.dates import parse_date, today
    from ..domain.models import MAX_FIGURE
    from ..domain.parsing import whole_number
    from ..storage.new_programme import create_programme, organisation_names

    fields = {
        "name": name,
        "target": option("--target", lambda text: whole_number(text, 1, MAX_FIGURE), target),
        "start": option("--start", parse_date, start) or today(),
        "deadline": option("--deadline", parse_date, deadline),
        **({"member_word": member_word} if member_word is not None else {}),
    }
    everyone = members is None or [m.strip().lower() for m in members] == ["all"]
    bodies = organisation_names(organisations) if organisations else None
    path = create_programme(directory, fields, None if everyone else members, region, bodies)
    say(f"Created {path}. Next: apprentrack --data-dir {directory} add ..., then status.")

"""Commands that correct a mistake: remove (moving a record is `update --borough`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from ..domain.errors import InvalidValue, UsageError
from .app import command, say
from .options import DryRunOption, InteractiveOption, data_dir, id_argument, missing, option
from .prompts import ask
from .prompts import confirm as confirm_at_prompt

if TYPE_CHECKING:
    from ..domain.record import Record

EXAMPLE = 'apprentrack remove hackney-0025 --reason "Entered twice by mistake"'


@command(
    short="Delete a record entered by mistake (its id is never reused).",
    examples=[EXAMPLE],
)
def remove(
    ctx: typer.Context,
    record_id: Annotated[str | None, id_argument("The record's id, e.g. hackney-0007 [asked in a terminal].")] = None,
    reason: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="Why: printed as a suggested commit message [asked in a terminal]."),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Remove without asking (needed when not at a terminal).")] = False,
    dry_run: DryRunOption = False,
    interactive: InteractiveOption = None,
) -> None:
    """Delete a record entered by mistake (a hire who left is withdrawn with update, not removed). Its id is
    never given to another hire; git history, with the reason as the commit message, is the audit trail.

    In a terminal it asks for the id and the reason if they are not given, shows the record and asks
    before removing it."""
    from ..domain.text import NO_PERSONAL_DATA, personal_data_kind, plain_text
    from ..storage import corrections
    from .records import ask_record_id

    data = data_dir(ctx)
    registry = data.registry()
    asking = sys.stdin.isatty() if interactive is None else interactive
    absent = [name for name, value in (("ID", record_id), ("--reason", reason)) if value is None]
    if absent and not asking:
        raise missing(absent, EXAMPLE)

    def why_of(text: str) -> str:
        why = plain_text(text)
        if not why or personal_data_kind(why):
            raise InvalidValue(f"say why in plain words; {NO_PERSONAL_DATA}")
        return why

    if record_id is None:
        record_id = ask_record_id(registry)
    borough = option("ID", registry.of_record, record_id)
    why = option("--reason", why_of, reason) if reason is not None else ask("Why remove it (the reason)", why_of)
    if not (yes or dry_run or asking):
        raise UsageError("not at a terminal: give --yes to remove without being asked")

    def confirm(record: Record) -> bool:
        if yes or dry_run:
            return True
        say(f"{record.id}: {record.role}, started {record.start_date}, {record.status}.", err=True)
        return confirm_at_prompt(f"Remove {record.id}?")

    written = corrections.remove(data, borough, record_id, confirm, dry_run=dry_run)
    done = "Would remove" if dry_run else "Removed"
    say(f"{done} {record_id} from {written.path}{' (dry run: nothing written)' if dry_run else ''}.")
    say(f"Suggested commit message: Remove {record_id}: {why}")

"""Commands that correct a mistake: remove (moving a record is `update --borough`)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from ..domain.errors import UsageError
from .app import app, say
from .options import DryRunOption, IdArgument, InteractiveOption, data_dir, option
from .prompts import confirm as confirm_at_prompt

if TYPE_CHECKING:
    from ..domain.record import Record


@app.command()
def remove(
    ctx: typer.Context,
    record_id: IdArgument,
    reason: Annotated[str, typer.Option(metavar="TEXT", help="Why: printed as a suggested commit message.")],
    yes: Annotated[bool, typer.Option("--yes", help="Remove without asking (needed when not at a terminal).")] = False,
    dry_run: DryRunOption = False,
    interactive: InteractiveOption = None,
) -> None:
    """Delete a record entered by mistake (a hire who left is withdrawn with update, not removed). Its id is
    never given to another hire; git history, with the reason as the commit message, is the audit trail."""
    from ..domain.text import NO_PERSONAL_DATA, personal_data_kind, plain_text
    from ..storage import corrections

    data = data_dir(ctx)
    borough = option("ID", data.registry().of_record, record_id)
    why = option("--reason", plain_text, reason)
    if not why or personal_data_kind(why):
        raise UsageError(f"--reason: say why in plain words; {NO_PERSONAL_DATA}")
    if not (yes or dry_run or (sys.stdin.isatty() if interactive is None else interactive)):
        raise UsageError("not at a terminal: give --yes to remove without being asked")

    def confirm(record: Record) -> bool:
        if yes or dry_run:
            return True
        typer.echo(f"{record.id}: {record.role}, started {record.start_date}, {record.status}.", err=True)
        return confirm_at_prompt(f"Remove {record.id}?")

    written = corrections.remove(data, borough, record_id, confirm, dry_run=dry_run)
    done = "Would remove" if dry_run else "Removed"
    say(f"{done} {record_id} from {written.path}{' (dry run: nothing written)' if dry_run else ''}.")
    typer.echo(f"Suggested commit message: Remove {record_id}: {why}")

"""What the commands share to read their options: the data dir, option values parsed by the core's
parsers (a bad value is a usage error naming the option), shell completion, and the options several
commands take."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, overload

import typer

from ..domain.errors import ApprentrackError, InvalidValue, UsageError

if TYPE_CHECKING:
    from ..domain.programme import Registry
    from ..storage.datadir import DataDir

T = TypeVar("T")

DATE_FORMS = "YYYY-MM-DD or DD/MM/YYYY"


def data_dir(ctx: typer.Context, use_cache: bool = True) -> DataDir:
    """The data dir given (--data-dir, APPRENTRACK_DATA), or the nearest one above the current folder."""
    from ..storage.datadir import DataDir, locate

    return DataDir(ctx.obj or locate(Path.cwd()), use_cache)


@overload
def option(name: str, parse: Callable[[str], T], value: str) -> T: ...
@overload
def option(name: str, parse: Callable[[str], T], value: str | None) -> T | None: ...
def option(name: str, parse: Callable[[str], T], value: str | None) -> T | None:
    """Parse one option's text with a core parser; a bad value is a usage error naming the option."""
    if value is None:
        return None
    try:
        return parse(value)
    except InvalidValue as exc:
        raise UsageError(f"{name}: {exc}") from None


def missing(names: list[str], example: str) -> UsageError:
    """What a command needs and was not given, not at a terminal (where it would ask): the options first."""
    return UsageError(f"{', '.join(names)}: missing; for example: {example}")


def as_of_date(value: str | None) -> date:
    from ..domain.dates import parse_date, today

    day = option("--as-of", parse_date, value) or today()
    if day > today():
        raise UsageError(f"--as-of: {day} is in the future; give today or a past date")
    return day


def window_weeks(value: str | None) -> int | None:
    from ..domain.parsing import whole_number

    return option("--window", lambda text: whole_number(text, 1, 104), value)


def _data_for_completion(ctx: typer.Context) -> DataDir | None:
    """The data dir the command line names (or would find), for completion; None when there is none."""
    from ..storage.datadir import DataDir, locate

    try:
        given = ctx.find_root().params.get("data_dir") or os.environ.get("APPRENTRACK_DATA")
        return DataDir(Path(given) if given else locate(Path.cwd()))
    except (ApprentrackError, OSError):
        return None


def _registry_for_completion(ctx: typer.Context) -> Registry | None:
    """Its registry; None when there is none to read: completion offers nothing rather than an error."""
    data = _data_for_completion(ctx)
    try:
        return data.registry() if data else None
    except (ApprentrackError, OSError):
        return None


def complete_borough(ctx: typer.Context, incomplete: str) -> list[str]:
    """Borough slugs for shell completion (bash, zsh, fish, PowerShell): the members first."""
    registry = _registry_for_completion(ctx)
    if registry is None:
        return []
    slugs = sorted(registry.boroughs, key=lambda s: (registry.boroughs[s].member_since is None, s))
    return [s for s in slugs if s.startswith(incomplete.lower())]


def complete_record_id(ctx: typer.Context, incomplete: str) -> list[str]:
    """Record ids for shell completion: the borough's ids once its slug is typed, else the slugs."""
    registry = _registry_for_completion(ctx)
    if registry is None:
        return []
    slug = next((s for s in registry.boroughs if incomplete.startswith(s + "-")), None)
    if slug is None:
        return [f"{s}-" for s in complete_borough(ctx, incomplete)]
    data = _data_for_completion(ctx)
    if data is None:
        return []
    try:
        _, found, _ = data.read_borough(data.borough_file(slug), slug)
    except (ApprentrackError, OSError):
        return []
    return [r.id for r in found.records if r.id.startswith(incomplete)]


# Options shared by several commands.
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format", "-f", metavar="[table|json|csv|xlsx]", help="Output format [default: table, or --output's]."
    ),
]
ExcelOption = Annotated[bool, typer.Option("--excel", help="CSV for Excel: UTF-8 with a byte order mark, CRLF.")]
AsOfOption = Annotated[
    str | None, typer.Option(metavar="DATE", help=f"Report as of this date ({DATE_FORMS}); default today.")
]
WindowOption = Annotated[
    str | None,
    typer.Option(
        metavar="WEEKS", help="Weeks of recent hires for the pace and forecast, 1 to 104 [default: the programme's]."
    ),
]
WeekOption = Annotated[
    str | None,
    typer.Option(metavar="YYYY-Www", help="An ISO week, e.g. 2020-W11 [default: the last complete week]."),
]
AsKnownOption = Annotated[
    bool,
    typer.Option("--as-known", help="Count only the records logged by the week's end: the week as it stood then."),
]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to this file.")]
BoroughOption = Annotated[
    str | None,
    typer.Option(
        "--borough",
        "-b",
        metavar="BOROUGH",
        help="Slug, name, GSS code or common spelling.",
        autocompletion=complete_borough,
    ),
]


def id_argument(help: str) -> Any:  # typer.Argument is typed as Any, to go in Annotated
    """A record's id as the optional argument of update and remove (asked in a terminal, or given by a form)."""
    return typer.Argument(metavar="ID", help=help, autocompletion=complete_record_id, show_default=False)


DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Show what would be written; write nothing.")]
InteractiveOption = Annotated[
    bool | None,
    typer.Option(
        "--interactive/--no-interactive",
        help="Ask for what is missing, and to confirm (default: when run in a terminal).",
        show_default=False,
    ),
]

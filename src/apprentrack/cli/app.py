"""The Typer app, its global options, and the plumbing every command shares: turning the core's errors
into messages and exit codes, parsing option values with the core's parsers, and printing.

The core is imported inside each command, so `--help` and `--version` do not pay for pydantic, PyYAML
or Rich tables.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar, overload

import typer
from typer.core import TyperGroup

from .. import version_line
from ..errors import (
    ApprentrackError,
    DataError,
    ExitCode,
    FormError,
    InvalidValue,
    PartlyWritten,
    RecordError,
    UsageError,
)
from ..terms import EXTENSIONS

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from ..models import Registry
    from ..store import DataDir
    from ..terms import Word

T = TypeVar("T")
P = ParamSpec("P")


class Commands(TyperGroup):
    """The command group, which also takes --data-dir after the command (`apprentrack status --data-dir X`),
    as people type it, by moving it in front before parsing."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Any: typer's own Context type is private
        return super().parse_args(ctx, data_dir_first(args, self._taking_values()))

    def _taking_values(self) -> set[str]:
        """Every option, of the group or a command, that takes a value (so its value is never moved)."""
        commands = [self, *self.commands.values()]
        return {
            name
            for command in commands
            for param in command.params
            if param.param_type_name == "option" and not getattr(param, "is_flag", False)
            for name in param.opts
        }


def only_the_command(args: list[str]) -> None:
    """Keep only the command being run: Typer builds every command's Click object on each run (about 16 ms
    for fourteen commands here, 5% of a Typer command's cost) though one runs. With no command named (the
    help), a name that is not a command (the error suggests the right one), or shell completion, all stay."""
    if "_APPRENTRACK_COMPLETE" in os.environ:  # Typer's shell completion: every command's options
        return
    words = iter(args)
    named = None
    for word in words:
        if word == "--data-dir":
            next(words, None)  # its value
        elif not word.startswith("-"):
            named = word
            break
    keep = [c for c in app.registered_commands if c.callback and _command_name(c) == named]
    if keep:
        app.registered_commands[:] = keep


def _command_name(command: Any) -> str:
    return str(command.name or command.callback.__name__.lower().replace("_", "-"))


def data_dir_first(args: list[str], taking_values: set[str]) -> list[str]:
    """The arguments with every --data-dir (and its value) moved in front of the command. A token that is
    the value of another option (`--ref --data-dir=x`) is that option's, and stays."""
    moved: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        if arg == "--data-dir" and i + 1 < len(args):
            moved += args[i : i + 2]
            i += 2
        elif arg.startswith("--data-dir="):
            moved.append(arg)
            i += 1
        elif arg in taking_values:  # the option and its value, whatever the value looks like
            rest += args[i : i + 2]
            i += 2
        else:
            rest.append(arg)
            i += 1
    return moved + rest


app = typer.Typer(
    name="apprentrack",
    cls=Commands,
    help="Track apprentice recruitment across London boroughs against a programme's goal.",
    epilog="Exit codes: 0 done; 1 data refused (nothing written); 2 usage error; 130 interrupted.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help and errors: one style, "Error: ...", as the commands print
    context_settings={"help_option_names": ["-h", "--help"]},
)

DATE_FORMS = "YYYY-MM-DD or DD/MM/YYYY"


def guarded(command: Callable[P, None]) -> Callable[P, None]:
    """Turn the core's errors into a message on stderr and the documented exit code; Ctrl-C into 130."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            return command(*args, **kwargs)
        except PartlyWritten as exc:
            why = "interrupted" if isinstance(exc.cause, KeyboardInterrupt) else str(exc.cause).splitlines()[0]
            error(f"{why}, after these files were written: {', '.join(map(str, exc.written))}")
            typer.echo("The others are as they were; running the same command again finishes the work.", err=True)
            raise typer.Exit(exc.exit_code) from None
        except (RecordError, FormError) as exc:
            for message in exc.problems if isinstance(exc, FormError) else exc.options():
                error(message)
            typer.echo("Nothing was written.", err=True)
            raise typer.Exit(exc.exit_code) from None
        except DataError as exc:
            for problem in exc.problems:
                typer.echo(str(problem), err=True)
            error(f"{len(exc.problems)} problem(s) in the data; no file was changed" if exc.problems else str(exc))
            raise typer.Exit(exc.exit_code) from None
        except ApprentrackError as exc:
            error(str(exc))
            raise typer.Exit(exc.exit_code) from None
        except (KeyboardInterrupt, typer.Abort):
            typer.echo("\nInterrupted: nothing was written.", err=True)
            raise typer.Exit(ExitCode.INTERRUPTED) from None

    return run


def error(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def data_dir(ctx: typer.Context, use_cache: bool = True) -> DataDir:
    """The data dir given (--data-dir, APPRENTRACK_DATA), or the nearest one above the current folder."""
    from ..store import DataDir, locate

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


def as_of_date(value: str | None) -> date:
    from ..dates import parse_date, today

    day = option("--as-of", parse_date, value) or today()
    if day > today():
        raise UsageError(f"--as-of: {day} is in the future; give today or a past date")
    return day


def prompt(label: str) -> str:
    """Ask on stderr and read one line of stdin: stdout keeps only the command's output (click's prompt
    leaves a space on stdout when stdin is piped). End of input is an interruption: nothing is written."""
    typer.echo(f"{label}: ", err=True, nl=False)
    line = sys.stdin.readline()
    if not line:
        raise typer.Abort()
    return line.rstrip("\r\n")


def confirm(label: str) -> bool:
    """A yes or no question; anything but yes is no."""
    return prompt(f"{label} [y/N]").strip().lower() in ("y", "yes")


def window_weeks(value: str | None) -> int | None:
    from ..record import whole_number

    return option("--window", lambda text: whole_number(text, 1, 104), value)


W = TypeVar("W", bound="Word")


def chosen_format(kinds: type[W], given: str | None, output: Path | None, default: W, excel: bool = False) -> W:
    """The one rule for formats and files: --format wins when given; otherwise the --output file's
    extension decides; a pair that disagrees is a usage error, as is --excel with anything but CSV."""
    named = EXTENSIONS.get(output.suffix.lower()) if output is not None and str(output) != "-" else None
    if given is None:
        chosen = option("--output", kinds.parse, named) if named else default
    else:
        chosen = option("--format", kinds.parse, given)
        if named is not None and named != chosen.value:
            raise UsageError(f"--format {chosen.value} and --output '{output}' disagree: give one, or a .{named} file")
    if excel and chosen.value != "csv":
        raise UsageError("--excel goes with CSV: give --format csv or an --output name ending .csv")
    return chosen


def deliver(content: str | bytes, output: Path | None, kind: str, markup: bool = False, excel: bool = False) -> None:
    """A report in a text or binary format, to stdout or the file asked for. A binary format (xlsx) is
    never written to a terminal; --excel makes CSV that Excel opens correctly (BOM, CRLF)."""
    if excel:  # chosen_format has made sure the format is CSV
        from ..formats import excel_csv

        content = excel_csv(str(content))
    if isinstance(content, str):
        emit(content, output, markup)
        return
    if output is None or str(output) == "-":
        if sys.stdout.isatty():
            raise UsageError(f"{kind} is not for a terminal: give --output FILE.{kind}")
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    from ..files import write_output

    write_output(output, content)
    typer.echo(f"Wrote {output}", err=True)


def plain_text_of(renderable: RenderableType) -> str:
    """What the terminal would show, as plain text 100 columns wide: a table written to a file."""
    import io

    from rich.console import Console

    out = Console(file=io.StringIO(), width=100, color_system=None, highlight=False)
    out.print(renderable)
    return "\n".join(line.rstrip() for line in out.file.getvalue().splitlines()) + "\n"  # type: ignore[attr-defined]


def emit(text: str, output: Path | None, markup: bool = False) -> None:
    """A report to stdout, or to the file asked for (saying so on stderr). On a stream that cannot encode
    every character (a cp1252 redirect on Windows), SVG and HTML carry them as character references, the
    same picture; other text gets '?' for what cannot be written."""
    if output is None or str(output) == "-":
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        try:
            text.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            text = text.encode(encoding, "xmlcharrefreplace" if markup else "replace").decode(encoding)
        typer.echo(text, nl=False)
        return
    from ..files import write_output

    write_output(output, text)
    typer.echo(f"Wrote {output}", err=True)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(version_line())
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            metavar="DIR",
            envvar="APPRENTRACK_DATA",
            help="The programme's data folder (boroughs.yaml and apprentices/), before or after the command "
            "[default: the nearest data/ from here up to the repository's root].",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    ctx.obj = data_dir  # the data dir is opened by each command that needs it, so --help works anywhere


def _data_for_completion(ctx: typer.Context) -> DataDir | None:
    """The data dir the command line names (or would find), for completion; None when there is none."""
    from ..store import DataDir, locate

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
IdArgument = Annotated[
    str,
    typer.Argument(metavar="ID", help="The record's id, e.g. hackney-0007.", autocompletion=complete_record_id),
]
DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Show what would be written; write nothing.")]

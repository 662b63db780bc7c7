"""The Typer app and its command group: the global options, and the one place where the core's errors
become messages on stderr and the documented exit codes (Commands.invoke), as pipx and httpie do it.

The core is imported inside each command, so `--help` and `--version` do not pay for PyYAML, pydantic or
Rich tables.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from .. import __version__
from ..domain.errors import ApprentrackError, DataError, ExitCode, FormError, PartlyWritten, RecordError
from ..domain.escape import shown


def say(message: str, err: bool = False) -> None:
    """A message to the user (not a report's data): what is not plain text in it, a file's name or a value
    from a file, written as escapes, so that nothing reaches the terminal raw; its lines kept."""
    typer.echo("\n".join(shown(line) for line in message.split("\n")), err=err)


def error(message: str) -> None:
    say(f"Error: {message}", err=True)


def report(exc: ApprentrackError) -> None:
    """A core error as the user reads it: each problem on its own line, then what happened to the files."""
    if isinstance(exc, PartlyWritten):
        why = "interrupted" if isinstance(exc.cause, KeyboardInterrupt) else str(exc.cause).splitlines()[0]
        error(f"{why}, after these files were written: {', '.join(map(str, exc.written))}")
        say("The others are as they were; running the same command again finishes the work.", err=True)
    elif isinstance(exc, RecordError | FormError):
        for message in exc.problems if isinstance(exc, FormError) else exc.options():
            error(message)
        say("Nothing was written.", err=True)
    elif isinstance(exc, DataError):
        for problem in exc.problems:
            say(str(problem), err=True)
        error(f"{len(exc.problems)} problem(s) in the data; no file was changed" if exc.problems else str(exc))
    else:
        error(str(exc))


class Commands(TyperGroup):
    """The command group. It takes --data-dir after the command too (`apprentrack status --data-dir X`), as
    people type it, by moving it in front before parsing; and it runs every command inside the one handler
    of the core's errors and of Ctrl-C."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Any: typer's own Context type is private
        return super().parse_args(ctx, data_dir_first(args, self._taking_values()))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ApprentrackError as exc:
            report(exc)
            raise typer.Exit(exc.exit_code) from None
        except (KeyboardInterrupt, typer.Abort):
            typer.echo("\nInterrupted: nothing was written.", err=True)
            raise typer.Exit(ExitCode.INTERRUPTED) from None

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


def only_the_command(args: list[str]) -> None:
    """Keep only the command being run: Typer builds every command's Click object on each run though one
    runs. With no command named (the help), a name that is not a command (the error suggests the right
    one), or shell completion, all stay."""
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


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"apprentrack {__version__}")
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

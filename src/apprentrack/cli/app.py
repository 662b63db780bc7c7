"""The Typer app and its command group: the global options, and the one place where the core's errors
become messages on stderr and the documented exit codes (Commands.invoke), as pipx and httpie do it.

The core is imported inside each command, so `--help` and `--version` do not pay for PyYAML, pydantic or
Rich tables.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from .. import __version__
from ..domain.errors import ApprentrackError, DataError, ExitCode, FormError, PartlyWritten, RecordError, UsageError
from ..domain.escape import shown
from .help import Command, plain_name

try:  # Typer carries its own copy of Click (0.2x); earlier versions used Click itself
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - an older Typer
    from click import exceptions as click_errors  # type: ignore[no-redef,import-not-found,unused-ignore]

F = TypeVar("F", bound=Callable[..., Any])


def say(message: str, err: bool = False) -> None:
    """A message to the user (not a report's data): what is not plain text in it, a file's name or a value
    from a file, a cell or a form, written as escapes, so that nothing reaches the terminal raw; its lines
    kept."""
    typer.echo("\n".join(shown(line) for line in message.split("\n")), err=err)


def error(message: str) -> None:
    """An error on stderr, in the one style."""
    say(f"Error: {message}", err=True)


def see_help(command: str | None) -> None:
    """After a usage error: where the right way to write it is."""
    typer.echo(f"See 'apprentrack{f' {command}' if command else ''} --help'.", err=True)


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
        files = {problem.path for problem in exc.problems}
        where = str(next(iter(files))) if len(files) == 1 else f"{len(files)} files"  # an import file, or the data
        error(f"{len(exc.problems)} problem(s) in {where}; no file was changed" if exc.problems else str(exc))
    else:
        error(str(exc))


class Commands(TyperGroup):
    """The command group. It takes --data-dir after the command too (`apprentrack status --data-dir X`), as
    people type it, by moving it in front before parsing; and it runs every command inside the one handler
    of the core's errors and of Ctrl-C."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # Any: typer's own Context type is private
        try:
            return super().parse_args(ctx, data_dir_first(args, self._taking_values()))
        except click_errors.NoArgsIsHelpError:
            raise
        except click_errors.UsageError as exc:  # the options before any command: the same words as below
            refuse_usage(exc, None, self)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except click_errors.NoArgsIsHelpError:
            raise
        except click_errors.UsageError as exc:  # Click's: a missing option or argument, one unknown
            name = ctx.invoked_subcommand
            refuse_usage(exc, name, self.get_command(ctx, name) if name else self)
        except ApprentrackError as exc:
            report(exc)
            if exc.exit_code == ExitCode.USAGE:
                see_help(ctx.invoked_subcommand)
            raise typer.Exit(exc.exit_code) from None
        except (KeyboardInterrupt, typer.Abort):
            typer.echo("\nInterrupted: nothing was written.", err=True)
            raise typer.Exit(ExitCode.INTERRUPTED) from None

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """The command named, or a usage error naming the nearest commands and listing them all."""
        name = args[0] if args else ""
        if ctx.resilient_parsing or name.startswith("-") or self.get_command(ctx, name) is not None:  # completion
            return super().resolve_command(ctx, args)
        import difflib

        commands = sorted(self.commands)
        close = difflib.get_close_matches(name, commands, n=2)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        raise UsageError(f"'{name}' is not a command; {hint}the commands: {', '.join(commands)}")

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


def refuse_usage(exc: click_errors.UsageError, name: str | None, command: Any) -> NoReturn:
    """Click's usage error in the tool's words, then where the help is (the command's, or the app's: the
    error may not know its command, so the caller says which it was parsing); exit 2."""
    if exc.ctx is not None:
        command = exc.ctx.command
        name = exc.ctx.info_name if exc.ctx.parent is not None else None
    error(usage_message(exc, command.params if command is not None else []))
    see_help(name)
    raise typer.Exit(ExitCode.USAGE)


def usage_message(exc: click_errors.UsageError, params: list[Any]) -> str:
    """'--reason: missing; give --reason TEXT (why: ...)': the option or argument first, then what would
    be right, from the parameter's own metavar and help."""
    if isinstance(exc, click_errors.MissingParameter) and exc.param is not None:
        return f"{_named(exc.param)}: missing; give {_wanted(exc.param)}"
    if isinstance(exc, click_errors.NoSuchOption):
        known = sorted(o for p in params if p.param_type_name == "option" for o in p.opts if o.startswith("--"))
        close = sorted(exc.possibilities or ())
        hint = f"did you mean {' or '.join(close)}?" if close else f"the options here: {', '.join(known)}"
        return f"{exc.option_name}: no such option; {hint}"
    if isinstance(exc, click_errors.BadOptionUsage):
        param = next((p for p in params if exc.option_name in getattr(p, "opts", ())), None)
        if param is not None and "requires an argument" in exc.message:
            return f"{exc.option_name}: needs a value; give {_wanted(param)}"
    if isinstance(exc, click_errors.BadParameter) and exc.param is not None:
        return f"{_named(exc.param)}: {exc.message}"
    extra = re.match(r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)", exc.message)
    if extra:
        return (
            f"'{extra.group(1)}': not expected here; a value with spaces needs quotes around it "
            '(--role "Data analyst"), and each value goes after its option'
        )
    text = exc.format_message().rstrip(".")
    return text[:1].lower() + text[1:]


def _named(param: Any) -> str:
    return str(param.opts[0]) if param.param_type_name == "option" else plain_name(param)


def _wanted(param: Any) -> str:
    """A parameter as it is written, with what it is: '--name TEXT (the programme's name)'."""
    written = f"{param.opts[0]} {param.metavar}" if param.param_type_name == "option" else plain_name(param)
    what = (param.help or "").strip().rstrip(".")
    if what[1:2].islower():  # not an acronym such as 'GSS'
        what = what[0].lower() + what[1:]
    return f"{written} ({what})" if what else written


def command(name: str | None = None, *, short: str, examples: list[str]) -> Callable[[F], F]:
    """Declare a command with its short description (shown whole in `apprentrack --help`, never cut) and
    one or two examples as they are typed (shown in its help): every command has both."""
    return app.command(name, cls=Command, short_help=short, epilog="\n".join(examples))


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

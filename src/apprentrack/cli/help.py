"""Each command's help as a newcomer reads it: arguments by their plain names (`ID`, `FILE`, never `{ID}` or
`ID <str>`), one or two examples written as typed (never rewrapped, so they can be copied), and the global
options (`--data-dir`) that every command takes."""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand

# What HelpFormatter is: Typer vendors Click, whose formatter it passes to these methods.
Formatter = Any


class Command(TyperCommand):
    """A command whose help shows plain metavars, its examples and the global options."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = plain_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Formatter) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((plain_name(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def format_epilog(self, ctx: Any, formatter: Formatter) -> None:
        """The examples, each line as it is typed, then the global options from the app's own definition
        (one text: the group's help says the same)."""
        if self.epilog:
            with formatter.section("Examples"):
                for line in self.epilog.splitlines():
                    formatter.write(f"{' ' * formatter.current_indent}{line}\n")
        root = ctx.find_root()
        shared = [
            record
            for param in root.command.params
            if param.name == "data_dir" and (record := param.get_help_record(root)) is not None
        ]
        if shared:
            with formatter.section("Global options"):
                formatter.write_dl(shared)


def plain_name(param: Any) -> str:
    """An argument as help and messages name it: its metavar, in capitals, alone."""
    return str(param.metavar or param.name or "").upper()

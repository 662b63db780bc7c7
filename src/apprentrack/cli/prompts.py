"""Asking at a terminal: lines on stderr wrapped on word boundaries, the answer from stdin (stdout keeps
only the command's output), asked again until it is right, with the choices said again after an empty
or wrong answer."""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import TypeVar

import typer

from ..domain.errors import InvalidValue
from ..domain.escape import shown

T = TypeVar("T")

_KEEP_TOGETHER = "\xa0"  # a space inside an item (a borough's name) that wrapping must not break at


def width() -> int:
    """The terminal's width, less one column (a line that fills the width makes some consoles wrap)."""
    return max(40, shutil.get_terminal_size((80, 24)).columns - 1)


def wrapped(text: str, indent: str = "") -> list[str]:
    """The text as lines no wider than the terminal, broken only between words (a long word stays whole)."""
    lines = textwrap.wrap(
        text,
        width(),
        initial_indent=indent,
        subsequent_indent=indent + "  " if indent else "  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace(_KEEP_TOGETHER, " ") for line in lines] or [indent]


def tell(text: str, indent: str = "") -> None:
    """A line of a conversation on stderr, wrapped on word boundaries; what it quotes that is not plain
    text written as escapes."""
    for line in wrapped(text, indent):
        typer.echo(shown(line), err=True)


def listing(lead: str, items: Sequence[str]) -> str:
    """'lead: a, b, c.' whose items are never split across lines when wrapped."""
    return f"{lead}: {', '.join(item.replace(' ', _KEEP_TOGETHER) for item in items)}."


def prompt(label: str) -> str:
    """Ask on stderr and read one line of stdin: stdout keeps only the command's output (click's prompt
    leaves a space on stdout when stdin is piped). End of input is an interruption: nothing is written."""
    *above, last = wrapped(f"{label}:")
    for line in above:
        typer.echo(line, err=True)
    typer.echo(f"{last} ", err=True, nl=False)
    line = sys.stdin.readline()
    if not line:
        raise typer.Abort()
    return line.rstrip("\r\n")


def confirm(label: str, default: bool = False) -> bool:
    """A yes or no question; Enter takes the default. Asked with no as the default, anything but yes is
    no; with yes as the default, an answer that is neither asks again (nothing is written on a slip)."""
    while True:
        answer = prompt(f"{label} {'[Y/n]' if default else '[y/N]'}").strip().lower()
        if answer in ("y", "yes"):
            return True
        if answer in ("n", "no") or (answer and not default):
            return False
        if not answer:
            return default
        tell("  answer y (yes) or n (no)")


def ask(label: str, parse: Callable[[str], T], choices: str = "", default: str | None = None) -> T:
    """Prompt until the answer parses; Enter takes the default, if there is one. An empty or wrong answer
    is told what would be right (the parser's message, and the choices) and asked again."""
    shown = f"{label} [{default}]" if default is not None else label
    while True:
        answer = prompt(shown)
        if not answer.strip():
            if default is not None:
                answer = default
            else:
                tell(f"  an answer is needed{f'; {choices}' if choices else ''}")
                continue
        try:
            return parse(answer)
        except InvalidValue as exc:
            tell(f"  {exc}")
            if choices:
                tell(f"  {choices}")


def offer(label: str, parse: Callable[[str], T]) -> T | None:
    """Ask for an optional value: Enter skips it (None); a wrong answer is asked again."""
    while True:
        answer = prompt(f"{label} (Enter to skip)")
        if not answer.strip():
            return None
        try:
            return parse(answer)
        except InvalidValue as exc:
            tell(f"  {exc}")

"""Asking at a terminal: a line on stderr, the answer from stdin (stdout keeps only the command's output),
asked again until it is right."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

import typer

from ..domain.errors import InvalidValue

T = TypeVar("T")


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


def ask(label: str, parse: Callable[[str], T]) -> T:
    """Prompt until the answer parses; the parser's message says what would be right."""
    while True:
        answer = prompt(label)
        try:
            return parse(answer)
        except InvalidValue as exc:
            typer.echo(f"  {exc}", err=True)

"""Rich tables that fit the terminal: one space between columns, a rule under the header, no edges, ASCII
where the output cannot encode box glyphs; a table too wide for the terminal becomes one block a row, so a
value is never cut. Values that came from files are wrapped in rich.text.Text, so markup in them ("[red]")
prints literally."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text


def cell(value: object) -> Text:
    if value is None:
        return Text("-", style="dim")
    if isinstance(value, date):
        return Text(value.isoformat())
    return Text(str(value))


def bar(fraction: float, ascii_only: bool, width: int = 20) -> str:
    """A progress bar; '#' and '-' where the output cannot encode block glyphs (a cp1252 redirect). Full only
    once the target is met."""
    full, empty = ("#", "-") if ascii_only else ("█", "░")
    fraction = min(max(fraction, 0), 1)
    filled = min(round(fraction * width), width - (fraction < 1))
    return full * filled + empty * (width - filled)


def number(value: float) -> str:
    """1 decimal at most, none when whole: 0.9, 29, 2.8; 2 below 0.1, so a small rate never shows as 0."""
    if value == int(value):
        return str(int(value))
    return f"{value:.{2 if abs(value) < 0.1 else 1}f}".rstrip("0").rstrip(".")


class _HeaderRule(box.Box):
    """Rich's SIMPLE_HEAD (a rule under the header, nothing else), drawn with '-' where the output cannot
    encode '─' (a cp1252 redirect), where Rich would otherwise draw a full ASCII grid."""

    def substitute(self, options: ConsoleOptions, safe: bool = True) -> box.Box:
        return _ASCII_RULE if options.ascii_only else self


_RULE = _HeaderRule("    \n    \n ── \n    \n    \n    \n    \n    \n")
_ASCII_RULE = box.Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)


def new_table(**options: Any) -> Table:
    """Tables that fit 80 columns: one space between columns, a rule under the header, no edges."""
    return Table(box=_RULE, show_edge=False, padding=0, **options)


def fits(table: Table, width: int) -> bool:
    """Whether one of our tables (new_table: one character between columns, no edges) fits `width` with
    nothing cut: a column that may not wrap needs its widest cell, one that may wrap its longest word."""
    console = Console(width=10_000, file=io.StringIO(), markup=False, emoji=False)
    options = console.options  # a property worked out anew on each use: 4/5 of the time, taken for each cell
    need = len(table.columns) - 1
    for column in table.columns:
        cells = [column.header, column.footer, *column.cells]
        sizes = [Measurement.get(console, options, cell) for cell in cells]
        need += max(column.min_width or 0, *(m.maximum if column.no_wrap else m.minimum for m in sizes))
    return need <= width


def fitted(table: Table, rows: list[dict[str, Any]], headers: dict[str, str], width: int) -> RenderableType:
    """The table, or where it cannot fit `width` without cutting a value, one block a row: its first value,
    then 'Header: value' for the rest, wrapped as the terminal needs (as kubectl and gh do)."""
    if fits(table, width):
        return table
    blocks: list[RenderableType] = []
    first, *rest = headers
    for row in rows:
        blocks.append(Text(str(cell(row[first])), style="bold"))
        blocks += [Text(f"  {headers[k]}: {cell(row[k])}") for k in rest]
    if table.caption:
        blocks.append(Text(str(table.caption), style="dim"))
    return Group(*blocks)

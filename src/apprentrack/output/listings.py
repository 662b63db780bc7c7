"""The record and borough listings: rows for programs and tables for people (list, boroughs)."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType

from ..domain.programme import Registry
from ..domain.record import FIELDS
from ..domain.words import BOROUGH, Noun
from ..storage.datadir import Entry
from .tables import cell, fits, fitted, new_table


def record_rows(entries: list[Entry]) -> list[dict[str, Any]]:
    """Records as flat rows: borough slug first, then the record's fields in their fixed order."""
    rows = []
    for e in entries:
        values = e.record.as_dict()
        rows.append({"borough": e.borough, **{k: values.get(k) for k in FIELDS}})
    return rows


RECORD_COLUMNS = {
    "id": "ID",
    "role": "Role",
    "start_date": "Start",
    "status": "Status",
    "end_date": "End",
    "ref": "Ref",
}


def records_table(rows: list[dict[str, Any]], width: int = 80) -> RenderableType:
    """The id names the borough, so there is no borough column, and the level is left to --format json
    and csv: the role gets the room, and the table reads in 80 columns."""
    table = new_table()
    for key, header in RECORD_COLUMNS.items():
        if key == "role":
            table.add_column(header, min_width=10)  # the one column that wraps
        else:
            table.add_column(header, no_wrap=True)
    for r in rows:
        table.add_row(*(cell(r[k]) for k in RECORD_COLUMNS))
    table.caption = f"{len(rows)} record{'s' if len(rows) != 1 else ''}"
    return fitted(table, rows, RECORD_COLUMNS, width)


BOROUGH_COLUMNS = {
    "slug": "Slug",
    "name": "Name",
    "code": "GSS code",
    "area": "Area",
    "member_since": "Member since",
    "pledge": "Pledge",
    "headcount": "Headcount",
}


def borough_rows(registry: Registry) -> list[dict[str, Any]]:
    """A row a borough; `aliases` a list (CSV joins it with '; ')."""
    return [
        {**{k: getattr(b, k) for k in BOROUGH_COLUMNS}, "aliases": list(b.aliases)} for b in registry.boroughs.values()
    ]


def boroughs_table(rows: list[dict[str, Any]], width: int = 80, noun: Noun = BOROUGH) -> RenderableType:
    """The boroughs, with the other names each is known by where the terminal has room for them."""
    optional = ("code", "area", "pledge", "headcount")  # optional data: no column when no borough has it
    shown = [k for k in BOROUGH_COLUMNS if k not in optional or any(r[k] is not None for r in rows)]
    cells = [{**r, "aliases": ", ".join(r["aliases"]) or None} for r in rows]
    members = sum(r["member_since"] is not None for r in rows)
    for keys in ([*shown, "aliases"], shown) if any(r["aliases"] for r in rows) else (shown,):
        table = new_table(caption=f"{len(rows)} {noun.many if len(rows) != 1 else noun.one}, {members} members")
        for k in keys:
            header = BOROUGH_COLUMNS.get(k, "Also known as")
            table.add_column(
                header, justify="right" if k in ("pledge", "headcount") else "left", no_wrap=k != "aliases"
            )
        for r in cells:
            table.add_row(*(cell(r[k]) for k in keys))
        if fits(table, width):
            return table
    return fitted(table, cells, {**{k: BOROUGH_COLUMNS[k] for k in shown}, "aliases": "Also known as"}, width)

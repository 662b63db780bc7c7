"""Spreadsheets out: CSV whose formula-like cells are guarded on the way out (and unguarded on the way in),
CSV as Excel opens it, and xlsx workbooks. No Rich here: import reads CSV without loading the terminal's
renderer."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may read as the start of a formula


_GUARDED = (*_FORMULA_START, "'")  # and an apostrophe of its own, so that the guard's can be told from it


def guarded(value: object) -> object:
    """A cell as a spreadsheet must show it: text that starts like a formula gets a leading apostrophe,
    which Excel and LibreOffice take to mean 'text' (and do not show), so a value typed as
    '=HYPERLINK(...)' is never run; so does text that starts with an apostrophe. Import takes the guard's
    apostrophe off again (unguarded): the two are exact inverses for every text."""
    if isinstance(value, str) and value.startswith(_GUARDED):
        return "'" + value
    return value


def unguarded(text: str) -> str:
    """A cell read back: the apostrophe that guarded() put before a text taken off."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_GUARDED) else text


def _cell(value: object) -> object:
    """A value as a CSV cell: dates ISO, lists joined with '; ', formula-like text guarded."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return guarded("; ".join(map(str, value)))
    return guarded(value)


# Column headings as people read them in a spreadsheet ("Start date", not start_date): the names import
# reads back (importer.COLUMN_NAMES), so an export imports as it is.
_HEADINGS = {"id": "ID", "code": "GSS code", "aliases": "Also known as", "in_post": "In post"}


def headings(keys: list[str] | tuple[str, ...]) -> list[str]:
    """The heading of each column of an export, from its key."""
    return [_HEADINGS.get(k) or k.replace("_", " ").capitalize() for k in keys]


def to_csv(
    rows: list[dict[str, Any]], header: list[str] | tuple[str, ...] | None = None, titles: list[str] | None = None
) -> str:
    """CSV with a header row (the keys, or `titles` for people); dates as ISO, None as empty; text that
    starts like a formula guarded. Opens in a spreadsheet as it is."""
    out = io.StringIO()
    header = list(header or (rows[0].keys() if rows else []))
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writerow(dict(zip(header, titles or header, strict=True)))
    for row in rows:
        writer.writerow({k: "" if v is None else _cell(v) for k, v in row.items()})
    return out.getvalue()


def excel_csv(text: str) -> bytes:
    """CSV as Excel opens it correctly on Windows: UTF-8 with a byte order mark, CRLF line ends."""
    return "\ufeff".encode() + text.replace("\n", "\r\n").encode()


def to_xlsx(
    rows: list[dict[str, Any]],
    header: list[str] | tuple[str, ...],
    sheet: str = "apprentrack",
    titles: list[str] | None = None,
) -> bytes:
    """A workbook of one sheet: a bold, frozen header row (the keys, or `titles` for people), real date
    cells, columns as wide as their text (within reason), and text that starts like a formula kept as text,
    never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    assert ws is not None  # a new workbook has its sheet
    ws.title = sheet[:31]
    ws.append(list(titles or header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([", ".join(map(str, v)) if isinstance(v, list) else v for v in (row.get(k) for k in header)])
    widths = {k: len(t) for k, t in zip(header, titles or header, strict=True)}
    for excel_row in ws.iter_rows(min_row=2):
        for key, cell in zip(header, excel_row, strict=True):
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str) and cell.data_type == "f":
                cell.data_type = "s"  # '=HYPERLINK(...)' typed in a record is text, not a formula
            widths[key] = max(widths[key], len(str(cell.value)) if cell.value is not None else 0)
    for index, key in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(index)].width = min(widths[key] + 2, 60)
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

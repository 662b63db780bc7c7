"""Reading spreadsheets into rows: an Excel workbook, a CSV in whatever encoding Windows saved it, or
apprentrack's JSON export. What the rows mean is importer.py's."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from pathlib import Path

from ..domain.errors import DataError, Problem, UsageError
from .write import unguarded

Table = list[tuple[int, dict[str, str]]]  # (row number, {column: text}) for each non-blank row


def decode(path: Path, raw: bytes) -> str:
    """The file's text: UTF-8 (with or without a byte order mark), UTF-16 (as Windows PowerShell 5.1's `>`
    writes), or cp1252 (what Excel on Windows saves as "CSV"). A file that is UTF-8 in places and not in
    others is refused, naming the line, rather than read as mojibake."""
    try:
        utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
        return raw.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError as exc:
        if not utf16 and re.search(rb"[\xc2-\xf4][\x80-\xbf]+", raw):  # some text is UTF-8, some is not
            line = raw.count(b"\n", 0, exc.start) + 1
            message = f"row {line}: byte 0x{raw[exc.start]:02x} is not UTF-8, while other rows are"
            raise DataError([Problem(path, line, f"{message}: save the whole file as UTF-8")]) from None
        return raw.decode("cp1252", errors="replace")


def workbook(path: Path, sheet: str | None) -> Table:
    """(row number, {column: text}) for each non-blank row of a sheet of an Excel workbook: the first row
    is the header; a date cell is its ISO date, a whole number its digits."""

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise DataError([Problem(path, 1, f"not an Excel workbook ({type(exc).__name__}); save it as .xlsx")]) from None
    if sheet is not None and sheet not in book.sheetnames:
        raise DataError([Problem(path, 1, f"no sheet '{sheet}': the sheets are {', '.join(book.sheetnames)}")])
    ws = book[sheet] if sheet is not None else book.worksheets[0]

    def text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime | date):
            return value.strftime("%Y-%m-%d")
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    rows = ws.iter_rows(values_only=True)
    header = [text(v) for v in next(rows, ())]
    if not any(header):
        raise DataError([Problem(path, 1, f"sheet '{ws.title}' is empty: its first row should name the columns")])
    table = []
    for number, values in enumerate(rows, start=2):
        cells = [text(v) for v in values]
        if any(c.strip() for c in cells):
            table.append((number, dict(zip(header, cells, strict=False))))
    book.close()
    return table


def read_table(path: Path, sheet: str | None = None) -> Table:
    """(row number, {column: text}) for each non-blank row of a CSV, JSON or xlsx file."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return workbook(path, sheet)
    if sheet is not None:
        raise UsageError("--sheet goes with an Excel workbook (.xlsx)")
    text = decode(path, path.read_bytes())
    if path.suffix.lower() == ".json":
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError([Problem(path, exc.lineno, f"not valid JSON: {exc.msg}")]) from None
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise DataError(
                [Problem(path, 1, "expected a list of records, as `apprentrack list --format json` writes")]
            )
        return [(n, {k: "" if v is None else str(v) for k, v in item.items()}) for n, item in enumerate(items, 1)]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DataError([Problem(path, 1, "the file is empty")]) from None
    rows = []
    for cells in reader:
        if any(c.strip() for c in cells):
            cells += [""] * (len(header) - len(cells))  # a short row: its missing cells are empty
            rows.append((reader.line_num, dict(zip(header, map(unguarded, cells), strict=False))))
    return rows

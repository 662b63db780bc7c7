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

Grid = list[tuple[int, list[str]]]  # (row number, cells as text) for each non-blank row, the header's too

# Spreadsheets saved in a format that is not read, known by their first bytes or their name: what to say.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls), or a workbook with a password
_NOT_READ = {
    ".xls": "an Excel 97-2003 workbook (.xls)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
    ".xlsb": "an Excel binary workbook (.xlsb)",
    ".numbers": "a Numbers spreadsheet",
}
SAVE_AS = (
    "apprentrack reads .xlsx and .csv: open it in Excel or LibreOffice Calc and save it as .xlsx (Excel "
    "Workbook) or .csv (CSV UTF-8)"
)


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


def workbook(path: Path, sheet: str | None) -> Grid:
    """(row number, cells) for each non-blank row of a sheet of an Excel workbook, numbered as Excel
    numbers them; a date cell is its ISO date, a whole number its digits."""

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

    grid = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = [text(v) for v in values]
        if any(c.strip() for c in cells):
            grid.append((number, cells))
    book.close()
    if not grid:
        raise DataError([Problem(path, 1, f"sheet '{ws.title}' is empty: its first row should name the columns")])
    return grid


def _not_read(path: Path) -> str | None:
    """What kind of spreadsheet the file is, if it is one that is not read (by its first bytes, else its
    name): its data is there, in a format to save as .xlsx or .csv."""
    with path.open("rb") as file:
        head = file.read(100)
    if head.startswith(_OLE):
        return "an Excel 97-2003 workbook (.xls), or one saved with a password"
    if head.startswith(b"PK") and b"opendocument.spreadsheet" in head:
        return _NOT_READ[".ods"]
    return _NOT_READ.get(path.suffix.lower())


def read_grid(path: Path, sheet: str | None = None) -> Grid:
    """(row number, cells) for each non-blank row of a CSV, xlsx or JSON file (JSON: its keys as row 0,
    each item numbered from 1); where the header is, importer decides. A spreadsheet in a format not read
    (.xls, .ods) is refused saying how to save it."""
    kind = _not_read(path)
    if kind is not None:
        raise DataError([Problem(path, 1, f"{kind}: {SAVE_AS}")])
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
        keys = list(dict.fromkeys(k for item in items for k in item))
        rows = [[("" if item.get(k) is None else str(item[k])) for k in keys] for item in items]
        return [(0, keys), *enumerate(rows, start=1)]
    reader = csv.reader(io.StringIO(text, newline=""))
    grid = [(reader.line_num, [unguarded(c) for c in cells]) for cells in reader if any(c.strip() for c in cells)]
    if not grid:
        raise DataError([Problem(path, 1, "the file is empty")])
    return grid

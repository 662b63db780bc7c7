"""Reading spreadsheets into rows: an Excel workbook, a CSV in whatever encoding Windows saved it, or
apprentrack's JSON export. What the rows mean is importer.py's."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

from ..domain.errors import DataError, Problem, UsageError
from .grid import MAX_COLUMNS, MAX_ROWS, Grid, beyond_the_columns, check_size, column_letter, too_many_rows
from .write import unguarded

MAX_ROW_CHARS = 1024 * 1024  # a CSV row's characters: Excel's cells hold up to 32,767 each
MAX_JSON_VALUES = 30 * MAX_ROWS  # commas and brackets in a JSON file: an exported record has about 11

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


def read_grid(path: Path, sheet: str | None = None, notes: list[str] | None = None) -> Grid:
    """(row number, cells) for each row that holds something of a CSV, xlsx or JSON file (JSON: its keys
    as row 0, each item numbered from 1); where the header is, importer decides. A spreadsheet in a format
    not read (.xls, .ods) is refused saying how to save it; a file beyond the bounds (grid.py), where it
    goes beyond them, before it is read whole."""
    check_size(path)
    kind = _not_read(path)
    if kind is not None:
        raise DataError([Problem(path, 1, f"{kind}: {SAVE_AS}")])
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from .workbook import read_workbook  # only here: openpyxl takes a while to load

        return read_workbook(path, sheet, notes if notes is not None else [])
    if sheet is not None:
        raise UsageError("--sheet goes with an Excel workbook (.xlsx)")
    text = decode(path, path.read_bytes())
    grid = _json(path, text) if path.suffix.lower() == ".json" else _csv(path, text)
    if not grid:
        raise DataError([Problem(path, 1, "the file is empty")])
    return grid


def _csv(path: Path, text: str) -> Grid:
    """The rows of a CSV that hold something, refusing a row longer than MAX_ROW_CHARS before csv builds
    it (a 30 MB line of commas would be 30 million cells), a cell beyond the columns read, and a row
    beyond the rows read."""
    row_chars = 0  # of the row being read, which may run over several lines inside quotes
    line = start = 0  # the line read last, and the first of the row being read

    def lines() -> Iterator[str]:
        nonlocal row_chars, line, start
        for text_line in io.StringIO(text, newline=""):
            line += 1
            start = line if row_chars == 0 else start
            row_chars += len(text_line)
            if row_chars > MAX_ROW_CHARS:
                message = f"line {start}: a row of over {MAX_ROW_CHARS:,} characters; a row may be at most that long"
                raise DataError([Problem(path, start, message)])
            yield text_line

    reader = csv.reader(lines())
    grid: Grid = []
    try:
        for cells in reader:
            row_chars = 0
            number = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            beyond = [i for i, c in enumerate(cells[MAX_COLUMNS:], start=MAX_COLUMNS + 1) if c.strip()]
            if beyond:
                raise beyond_the_columns(path, number, f"row {number}, column {column_letter(beyond[0])}")
            if len(grid) == MAX_ROWS:
                raise too_many_rows(path, number)
            grid.append((number, [unguarded(c) for c in cells[:MAX_COLUMNS]]))
    except csv.Error as exc:
        raise DataError([Problem(path, reader.line_num, f"not a CSV file csv can read: {exc}")]) from None
    return grid


def _json(path: Path, text: str) -> Grid:
    """apprentrack's JSON export as rows: its keys as row 0, each item numbered from 1. Bounded before it
    is parsed by the values it can hold (a comma or bracket each: 32 MB of '[],' would be 10 million
    lists), and a key twice in one item is refused, as two columns with the same header are."""
    values = text.count(",") + text.count("[") + text.count("{")
    if values > MAX_JSON_VALUES:
        message = f"{values:,} commas and brackets; the limit is {MAX_JSON_VALUES:,} (about {MAX_ROWS:,} records)"
        raise DataError([Problem(path, 1, message)])
    twice: list[str] = []

    def record(pairs: list[tuple[str, object]]) -> dict[str, object]:
        keys = [k for k, _ in pairs]
        twice.extend(k for k in dict.fromkeys(keys) if keys.count(k) > 1)
        return dict(pairs)

    try:
        items = json.loads(text, object_pairs_hook=record)
    except json.JSONDecodeError as exc:
        raise DataError([Problem(path, exc.lineno, f"not valid JSON: {exc.msg}")]) from None
    except RecursionError:
        raise DataError([Problem(path, 1, "not a list of records: nested too deeply to read")]) from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise DataError([Problem(path, 1, "expected a list of records, as `apprentrack list --format json` writes")])
    if twice:
        named = ", ".join(f"'{k}'" for k in dict.fromkeys(twice))
        raise DataError([Problem(path, 1, f"a record has the key {named} twice: keep one")])
    if len(items) >= MAX_ROWS:
        raise too_many_rows(path, 1)
    keys = list(dict.fromkeys(k for item in items for k in item))
    if len(keys) > MAX_COLUMNS:
        raise beyond_the_columns(path, 1, f"the key '{keys[MAX_COLUMNS]}'")
    rows = [[("" if item.get(k) is None else str(item[k])) for k in keys] for item in items]
    held = [(number, row) for number, row in enumerate(rows, start=1) if any(c.strip() for c in row)]
    return [(0, keys), *held] if held else []

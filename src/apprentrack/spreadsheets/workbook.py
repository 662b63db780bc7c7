"""An Excel workbook read as a person sees it: the sheet it opens at (a hidden sheet only when named),
merged cells showing their value in every cell they cover, and only the cells that hold something; all
within bounds set by what the file holds, checked before openpyxl reads anything in full.

openpyxl alone trusts what a file declares: its read-only mode pads every row to the sheet's declared
<dimension> (a 2 KB file that declares A1:XFD1048576 is 17 billion cells) or to the row's last cell, and
loading a workbook reads its shared strings and styles whole. So first the zip's parts are checked with
zipfile: how many there are (from the zip's end record, before zipfile lists them), what they unzip to
(zipfile never inflates a part past the size the zip's directory declares, so the declared sizes bound
the work, and a part that declares less than it holds fails its check), how many times each inflates,
and how many XML tags each holds, counted while unzipping (parsing costs openpyxl a few microseconds a
tag, its styles tens). Then the sheet is read row by row with openpyxl's own reader of cells, keeping
the cells that hold something; a cell beyond the columns read, or a row beyond the rows read, refuses
the file there and then.
"""

from __future__ import annotations

import re
import struct
import warnings
import zipfile
from bisect import bisect_left, bisect_right
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import DataError, Problem
from .grid import MAX_COLUMNS, MAX_ROWS, Grid, beyond_the_columns, column_letter, too_many_rows

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

MAX_PARTS = 10_000  # a workbook has a dozen parts, a few hundred with many sheets and pictures
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # all parts together; 10,000 rows of 25 columns unzip to about 12 MB
MAX_INFLATION = 100  # times, for a part over 1 MiB unzipped: spreadsheets' parts inflate 5 to 20 times
_INFLATION_FLOOR = 1024 * 1024
# XML tags, counted as '<'; each bounds the work of its kind of part (a few seconds at most here).
MAX_SHEET_TAGS = 1_000_000  # the sheets' (2 to 6 a cell): about 10,000 rows of 25 columns
MAX_STRING_TAGS = 400_000  # the shared strings' (1 to 4 a text): about 100,000 different texts
MAX_OTHER_TAGS = 50_000  # every other part's (styles, names, properties): a workbook has hundreds
MAX_SHARED_STRINGS = 100_000  # as the shared strings declare their number (uniqueCount)
MAX_MERGED_CELLS = 1_000_000  # the table's cells that merged cells cover, all together

_SHEET_ML = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _MERGE = _SHEET_ML + "row", _SHEET_ML + "mergeCell"
_STATES = {"hidden": "hidden", "veryHidden": "very hidden"}
_UNIQUE_COUNT = re.compile(rb"<(?:\w+:)?sst\b[^>]*?\buniqueCount=[\"'](\d+)")
_DTD = (b"<!DOCTYPE", b"<!ENTITY")


def _refused(path: Path, message: str) -> DataError:
    return DataError([Problem(path, 1, message)])


def _not_a_workbook(path: Path, exc: BaseException) -> DataError:
    return _refused(path, f"not an Excel workbook ({type(exc).__name__}); save it as .xlsx")


def read_workbook(path: Path, sheet: str | None, notes: list[str]) -> Grid:
    """(row number, cells) for each row that holds something of the sheet a person sees (or `sheet`),
    numbered as Excel numbers them; a date cell is its ISO date, a whole number its digits. What was
    chosen, when the workbook has other sheets, is said in `notes`."""
    check_parts(path)
    from openpyxl import load_workbook

    with warnings.catch_warnings():  # openpyxl warns of what it leaves out (extensions, styles): not a user's concern
        warnings.simplefilter("ignore")
        try:
            book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            raise _not_a_workbook(path, exc) from None
        try:
            ws = _chosen(path, book, sheet, notes)
            grid = _grid(path, ws)
            if not grid:
                raise _empty(path, book, ws, named=sheet is not None)
            return grid
        finally:
            book.close()


# The zip's parts, checked before openpyxl reads them.


def check_parts(path: Path) -> None:
    """Refuse a workbook whose parts are too many, unzip to too much, inflate like a zip bomb, hold too
    many XML tags for their kind, declare too many shared strings, or declare a DTD; reading only the zip's
    directory and unzipping each part once, a megabyte at a time."""
    parts = _parts_declared(path)
    if parts is not None and parts > MAX_PARTS:
        shown_parts = "65,535 or more" if parts == 0xFFFF else f"{parts:,}"
        message = f"the workbook has {shown_parts} parts; the limit is {MAX_PARTS:,} (a workbook has a dozen)"
        raise _refused(path, message)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _not_a_workbook(path, exc) from None
    with archive:
        infos = archive.infolist()
        _check_sizes(path, infos)
        spent = {"sheet": 0, "string": 0, "other": 0}
        for info in infos:
            try:
                _count_tags(path, archive, info, spent)
            except DataError:
                raise
            except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError, OSError) as exc:
                raise _refused(
                    path, f"{info.filename} cannot be unzipped ({type(exc).__name__}: {exc}); save the workbook again"
                ) from None
            except Exception as exc:  # zlib.error and the like, for a part damaged on purpose
                raise _not_a_workbook(path, exc) from None


def _parts_declared(path: Path) -> int | None:
    """How many parts the zip's end record says it has, read before zipfile lists them all (a 26 MB zip
    of 300,000 empty parts takes zipfile seconds and 300 MB to list); 0xFFFF for a zip64 archive."""
    with path.open("rb") as file:
        size = file.seek(0, 2)
        file.seek(max(0, size - 22 - 0xFFFF))  # the end record: 22 bytes and a comment of up to 64 KiB
        tail = file.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None  # not a zip: zipfile says so
    (parts,) = struct.unpack_from("<H", tail, at + 10)
    return int(parts)


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    total = sum(info.file_size for info in infos)
    if total > MAX_UNZIPPED_BYTES:
        biggest = max(infos, key=lambda info: info.file_size)
        raise _refused(
            path,
            f"{biggest.filename} unzips to {biggest.file_size:,} bytes (the whole workbook to {total:,}); a "
            f"workbook may unzip to at most {MAX_UNZIPPED_BYTES:,} bytes (64 MiB): it is a zip bomb, or far "
            "bigger than a borough's hires",
        )
    for info in infos:
        if info.file_size > _INFLATION_FLOOR and info.file_size > MAX_INFLATION * max(info.compress_size, 1):
            times = info.file_size // max(info.compress_size, 1)
            raise _refused(
                path,
                f"{info.filename} inflates {times:,} times ({info.compress_size:,} bytes unzip to "
                f"{info.file_size:,}): a zip bomb; a workbook's parts inflate 5 to 20 times, and at most "
                f"{MAX_INFLATION} are read",
            )


def _kind(name: str) -> str:
    if name.startswith("xl/worksheets/") and name.endswith(".xml"):
        return "sheet"
    return "string" if name.endswith("sharedStrings.xml") else "other"


_BUDGETS = {
    "sheet": (MAX_SHEET_TAGS, "the sheets hold", "about 10,000 rows of 25 columns"),
    "string": (MAX_STRING_TAGS, "the shared strings hold", "about 100,000 different texts"),
    "other": (
        MAX_OTHER_TAGS,
        "the parts besides the sheets (styles, names, properties) hold",
        "a workbook has hundreds",
    ),
}


def _count_tags(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, spent: dict[str, int]) -> None:
    """Unzip one part, a megabyte at a time, counting its XML tags against its kind's budget; a part that
    does not start as XML (a picture) is not parsed by anyone and costs nothing."""
    kind = _kind(info.filename)
    limit, whose, scale = _BUDGETS[kind]
    with archive.open(info) as part:
        chunk = part.read(1 << 20)
        if not chunk.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            return
        if kind == "string":
            declared = _UNIQUE_COUNT.search(chunk)
            if declared and int(declared.group(1)) > MAX_SHARED_STRINGS:
                raise _refused(
                    path,
                    f"{info.filename} declares {int(declared.group(1)):,} shared strings; the limit is "
                    f"{MAX_SHARED_STRINGS:,} (different texts in the workbook): split it",
                )
        carry = b""
        while chunk:
            seen = carry + chunk
            if any(dtd in seen for dtd in _DTD):
                raise _refused(
                    path,
                    f"{info.filename} declares a DTD (<!DOCTYPE or <!ENTITY), which no workbook has: "
                    "its entities could expand without bound",
                )
            spent[kind] += chunk.count(b"<")
            if spent[kind] > limit:
                raise _refused(
                    path,
                    f"{whose} more than {limit:,} XML tags (reading {info.filename}), the most import reads "
                    f"({scale}): split the workbook, or save the sheet to import as a workbook of its own",
                )
            carry = chunk[-9:]
            chunk = part.read(1 << 20)


# The sheet: which, and its cells.


def _state(ws: ReadOnlyWorksheet) -> str:
    return _STATES.get(ws.sheet_state, "")


def _listing(sheets: list[ReadOnlyWorksheet]) -> str:
    return ", ".join(ws.title + (f" ({_state(ws)})" if _state(ws) else "") for ws in sheets)


def _worksheets(book: Workbook) -> list[ReadOnlyWorksheet]:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    return [ws for ws in book.worksheets if isinstance(ws, ReadOnlyWorksheet)]  # chart sheets hold no cells


def _chosen(path: Path, book: Workbook, sheet: str | None, notes: list[str]) -> ReadOnlyWorksheet:
    """The sheet named, hidden or not (naming it is knowing it is there; said in `notes`), else the one
    the workbook opens at, else the first not hidden: never a hidden sheet unasked."""
    sheets = _worksheets(book)
    if sheet is not None:
        found = next((ws for ws in sheets if ws.title == sheet), None)
        if found is None:
            raise _refused(path, f"no sheet '{sheet}': the sheets are {_listing(sheets)}")
        if _state(found):
            notes.append(f"sheet '{found.title}' is {_state(found)} in the workbook: read, as --sheet names it")
        return found
    visible = [ws for ws in sheets if not _state(ws)]
    if not visible:
        raise _refused(
            path,
            f"every sheet is hidden ({_listing(sheets)}): import reads the sheet a person sees; unhide the one "
            "to import in Excel (right-click a sheet's tab, Unhide), or name it with --sheet",
        )
    active = book.active
    ws = next((s for s in visible if s is active), visible[0])
    if len(sheets) > 1:
        which = "the one the workbook opens at" if ws is active else "the first not hidden"
        others = [s for s in sheets if s is not ws]
        notes.append(f"sheet '{ws.title}' read, {which}; --sheet NAME reads another of them: {_listing(others)}")
    return ws


def _empty(path: Path, book: Workbook, ws: ReadOnlyWorksheet, named: bool) -> DataError:
    """The refusal of an empty sheet, naming where the data may be instead: only hidden sheets, or others."""
    others = [s for s in _worksheets(book) if s is not ws]
    if named or not others:
        return _refused(path, f"sheet '{ws.title}' is empty: its first row should name the columns")
    if all(_state(s) for s in others):
        return _refused(
            path,
            f"sheet '{ws.title}', the one a person sees, is empty; the workbook's other sheets are hidden: "
            f"{_listing(others)}. Import never reads a hidden sheet unasked: unhide it in Excel (right-click a "
            "sheet's tab, Unhide) to check it, or name it with --sheet",
        )
    return _refused(
        path,
        f"sheet '{ws.title}', the one the workbook opens at, is empty: name the sheet to import with --sheet "
        f"(the others: {_listing(others)})",
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _grid(path: Path, ws: ReadOnlyWorksheet) -> Grid:
    """The sheet's rows that hold something, each as wide as its last cell that does, merged cells
    carried; the rows in between, and the cells declared but empty, cost nothing."""
    try:
        rows, merges = _cells(path, ws)
    except DataError:
        raise
    except Exception as exc:  # a sheet damaged or made by hand: openpyxl's errors are many
        message = f"sheet '{ws.title}' cannot be read ({type(exc).__name__}); save the workbook again from Excel"
        raise _refused(path, message) from None
    _carry(path, ws, rows, merges)
    grid = []
    for number in sorted(rows):
        held = rows[number]
        if held:
            cells = [""] * max(held)
            for column, text in held.items():
                cells[column - 1] = text
            grid.append((number, cells))
    return grid


def _cells(path: Path, ws: ReadOnlyWorksheet) -> tuple[dict[int, dict[int, str]], list[str]]:
    """row number -> {column: text} for the cells that hold something, and the merged ranges, in one pass
    over the sheet with openpyxl's reader of a row's cells (values, shared strings, dates by their style)."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.worksheet._reader import WorkSheetParser

    rows: dict[int, dict[int, str]] = {}
    merges: list[str] = []
    book = ws.parent
    # openpyxl's own attributes, not its documented API: the documented rows are the padded ones.
    with ws._get_source() as source:  # type: ignore[attr-defined]
        parser = WorkSheetParser(
            source,
            ws._shared_strings,  # type: ignore[attr-defined]
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,  # type: ignore[attr-defined]
            timedelta_formats=book._timedelta_formats,  # type: ignore[attr-defined]
        )
        for _, element in iterparse(source):
            if element.tag == _MERGE:
                merges.append(element.get("ref") or "")
            if element.tag != _ROW:
                continue
            number, cells = parser.parse_row(element)  # type: ignore[arg-type]  # the stub's attrib is an iterable
            element.clear()
            held = {int(c["column"]): text for c in cells if (text := _text(c["value"])).strip()}
            if not held:
                continue
            if max(held) > MAX_COLUMNS:
                raise beyond_the_columns(path, number, f"sheet '{ws.title}': cell {column_letter(max(held))}{number}")
            if number not in rows and len(rows) >= MAX_ROWS:
                raise too_many_rows(path, number)
            rows.setdefault(number, {}).update(held)
    return rows, merges


def _carry(path: Path, ws: ReadOnlyWorksheet, rows: dict[int, dict[int, str]], merges: list[str]) -> None:
    """Each merged range shows its first cell's value in every cell it covers: carried into the rows that
    hold something of their own (a row that holds nothing but a merged cell running down into it is
    blank), within the columns read."""
    from openpyxl.utils.cell import range_boundaries

    numbers = sorted(rows)
    covered = 0
    for ref in merges:
        try:
            left, top, right, bottom = range_boundaries(ref)
        except (ValueError, TypeError):
            raise _refused(path, f"sheet '{ws.title}': merged cells '{ref}' are not a range of cells") from None
        left, top = left or 1, top or 1
        right, bottom = min(right or MAX_COLUMNS, MAX_COLUMNS), bottom or (numbers[-1] if numbers else 0)
        value = rows.get(top, {}).get(left)
        within = numbers[bisect_left(numbers, top) : bisect_right(numbers, bottom)]
        covered += len(within) * max(0, right - left + 1)
        if covered > MAX_MERGED_CELLS:
            raise _refused(
                path,
                f"sheet '{ws.title}': merged cells ({ref} and others) cover more than {MAX_MERGED_CELLS:,} cells "
                "of the table: unmerge them",
            )
        for number in within:
            row = rows[number]
            for column in range(left, right + 1):
                if value is None:
                    row.pop(column, None)  # a person sees the first cell's blank over the whole range
                else:
                    row[column] = value

"""What every reader of an import file gives importer.py (a grid of the rows that hold something), and the
bounds on it that every kind of file shares: the file's size, the rows and the columns read.

The bounds are set by what import is for, a borough's hires (tens or hundreds of rows, a few dozen
columns), with room to spare, and so that any file up to the size limit is read or refused in seconds and
a few hundred MB: importing costs about 0.3 ms a row here, so 10,000 rows take a few seconds.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import DataError, Problem
from ..storage.reading import MAX_FILE_BYTES

Grid = list[tuple[int, list[str]]]  # (row number, cells as text) for each non-blank row, the header's too

MAX_ROWS = 10_000  # rows that hold something, the header and any title above it included
MAX_COLUMNS = 256  # A to IV, as many as Excel 2003 had; a tracker has a few dozen


def column_letter(number: int) -> str:
    """A column's letters as a spreadsheet shows them: 1 is A, 27 is AA, 16384 is XFD."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def check_size(path: Path) -> None:
    """Refuse a file over the size limit before anything reads it."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        most = f"{MAX_FILE_BYTES:,} ({MAX_FILE_BYTES // 2**20} MiB)"
        message = f"file is {size:,} bytes; an import file may be at most {most}: split it"
        raise DataError([Problem(path, 1, message)])


def too_many_rows(path: Path, line: int) -> DataError:
    """The refusal of the row past MAX_ROWS, at the row (or line) where it starts."""
    message = f"more than {MAX_ROWS:,} rows hold something; import reads at most {MAX_ROWS:,} a file: split it"
    return DataError([Problem(path, line, message)])


def beyond_the_columns(path: Path, line: int, where: str) -> DataError:
    """The refusal of a cell past MAX_COLUMNS that holds something (`where` names it, as the file does)."""
    last = column_letter(MAX_COLUMNS)
    message = (
        f"{where} holds something beyond column {last}: import reads the first {MAX_COLUMNS} columns (A to "
        f"{last}); clear it, or move what it holds into the table"
    )
    return DataError([Problem(path, line, message)])

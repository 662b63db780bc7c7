"""Text formats for programs and spreadsheets: JSON, and CSV whose formula-like cells are guarded on the
way out and unguarded on the way in. No Rich here: import reads CSV without loading the terminal's
renderer."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any


def _plain(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")  # pragma: no cover - a bug, not a user error


def to_json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=_plain)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may read as the start of a formula


def guarded(value: object) -> object:
    """A cell as a spreadsheet must show it: text that starts like a formula gets a leading apostrophe,
    which Excel and LibreOffice take to mean 'text' (and do not show), so a value typed as
    '=HYPERLINK(...)' is never run. Import takes the apostrophe off again (unguarded)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def unguarded(text: str) -> str:
    """A cell read back: the apostrophe that guarded() put before a formula-like text taken off."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def _cell(value: object) -> object:
    """A value as a CSV cell: dates ISO, lists joined with '; ', formula-like text guarded."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return guarded("; ".join(map(str, value)))
    return guarded(value)


def to_csv(rows: list[dict[str, Any]], header: list[str] | tuple[str, ...] | None = None) -> str:
    """CSV with a header row; dates as ISO, None as empty; text that starts like a formula guarded. Opens
    in a spreadsheet as it is."""
    out = io.StringIO()
    header = list(header or (rows[0].keys() if rows else []))
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else _cell(v) for k, v in row.items()})
    return out.getvalue()

"""Bulk loading: a borough's spreadsheet export (CSV), or apprentrack's own `list --format csv|json`.

Forgiving where spreadsheets differ (header names, UK dates, a byte order mark, CRLF, cp1252 when the
file is not UTF-8, blank rows, "In post" for in_post, "Level 4" for 4) and strict where it matters: a
column that is not a record field (a name, an e-mail) refuses the file, and any bad row refuses it whole,
with every problem listed by row. Rows already recorded (the same ref, or the same id, in the same
borough) are skipped, so importing a file twice adds nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import writer
from .dates import parse_date
from .errors import DataError, InvalidValue, Problem, RecordError
from .models import Borough, Registry
from .store import DataDir
from .terms import Status

_HEADERS = {
    "borough": "borough",
    "local authority": "borough",
    "council": "borough",
    "id": "id",
    "record id": "id",
    "role": "role",
    "job title": "role",
    "job": "role",
    "standard": "standard",
    "apprenticeship standard": "standard",
    "level": "level",
    "start date": "start_date",
    "start": "start_date",
    "status": "status",
    "end date": "end_date",
    "end": "end_date",
    "ref": "ref",
    "reference": "ref",
    "borough ref": "ref",
    "hr ref": "ref",
}


@dataclass(frozen=True)
class Row:
    line: int  # the row (CSV line) or item (JSON) number, for messages
    borough: Borough
    fields: dict[str, Any]


@dataclass(frozen=True)
class Imported:
    added: dict[str, int]  # borough slug -> records added (or that would be, on a dry run)
    skipped: dict[str, int]  # borough slug -> rows already recorded


def _column_key(name: str) -> str:
    key = re.sub(r"\(.*?\)", " ", name.lower())  # "Start Date (DD/MM/YYYY)"
    return " ".join(re.sub(r"[^a-z0-9]+", " ", key).split())


def _table(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) for each non-blank row of a CSV or JSON file."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # what Excel on Windows saves as "CSV"
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
            rows.append((reader.line_num, dict(zip(header, cells, strict=False))))
    return rows


def _status(text: str) -> Status:
    key = "_".join(re.sub(r"[^a-z]+", " ", text.lower()).split())
    try:
        return Status(key)
    except ValueError:
        raise InvalidValue(f"'{text}' is not a status: {', '.join(s.value for s in Status)}") from None


def _level(text: str) -> int:
    match = re.fullmatch(r"(?:level\s*|l)?(\d+)", text.strip().lower())
    if not match:
        raise InvalidValue(f"'{text}' is not a level: write a number from 2 to 7")
    return int(match.group(1))


def _date(text: str) -> date:
    return parse_date(re.sub(r"[ T]00:00(:00)?$", "", text.strip()))  # Excel's "2020-03-02 00:00:00"


_PARSE = {"status": _status, "level": _level, "start_date": _date, "end_date": _date}


def read(path: Path, registry: Registry, borough: Borough | None) -> list[Row]:
    """Every row as fields for a new record, or a DataError with every problem, by row."""
    table = _table(path)
    problems: list[Problem] = []
    names = dict.fromkeys(c for _, cells in table for c in cells)  # every column any row has, in order
    columns = {c: _HEADERS.get(_column_key(c)) for c in names}
    unknown = [c for c, field in columns.items() if field is None and c.strip()]
    if unknown:
        problems.append(
            Problem(
                path,
                1,
                f"column(s) {', '.join(repr(c) for c in unknown)} are not record fields; records hold no names "
                f"or contact details. Columns read: {', '.join(sorted(set(_HEADERS.values())))}",
            )
        )
    if borough is None and "borough" not in columns.values():
        problems.append(Problem(path, 1, "no borough column: give the borough with --borough"))
    if problems:
        raise DataError(problems)

    rows: list[Row] = []
    refs: dict[tuple[str, str], int] = {}
    for line, cells in table:
        fields: dict[str, Any] = {}
        row_problems = []
        for column, text in cells.items():
            field = columns.get(column)
            if field is None or not (text := text.strip()):
                continue
            try:
                fields[field] = _PARSE.get(field, str)(text)
            except InvalidValue as exc:
                row_problems.append(f"{field}: {exc}")
        where = borough
        named = fields.pop("borough", None)
        if named is not None:
            try:
                where = registry.find(named)
            except InvalidValue as exc:
                row_problems.append(f"borough: {exc}")
            if borough is not None and where is not None and where.slug != borough.slug:
                row_problems.append(f"borough: {where.name}, but --borough is {borough.name}")
        if where is not None and not row_problems:
            try:
                writer.record_from(fields)
            except RecordError as exc:
                row_problems += [f"{field}: {message}" for field, message in exc.issues]
            if "ref" in fields:
                key = (where.slug, fields["ref"])
                if key in refs:
                    row_problems.append(f"ref '{fields['ref']}' is on row {refs[key]} too")
                refs.setdefault(key, line)
        problems += [Problem(path, line, f"row {line}: {p}") for p in row_problems]
        if where is not None:
            rows.append(Row(line, where, fields))
    if problems:
        raise DataError(problems)
    return rows


def run(data: DataDir, rows: list[Row], *, dry_run: bool = False) -> Imported:
    """Add the rows, borough by borough. Every borough's file is checked (a dry run) before any is
    written, so a refusal writes nothing; a crash between two files leaves some written, and running the
    same import again adds only what is missing."""
    by_borough: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_borough[row.borough.slug].append(row)
    plans = {
        slug: writer.add(data, group[0].borough, [r.fields for r in group], dry_run=True, skip_known=True)
        for slug, group in sorted(by_borough.items())
    }
    if not dry_run:
        plans = {
            slug: writer.add(data, group[0].borough, [r.fields for r in group], skip_known=True)
            for slug, group in sorted(by_borough.items())
        }
    return Imported({s: len(w.records) for s, w in plans.items()}, {s: w.skipped for s, w in plans.items()})

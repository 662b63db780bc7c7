"""Bulk loading: a borough's workbook or CSV, or apprentrack's own `list --format csv|json|xlsx`.

Forgiving where spreadsheets differ (header names, UK dates, a byte order mark, CRLF, cp1252 when the
file is not UTF-8, blank rows, "In post" for in_post, "Level 4" for 4) and strict where it matters: a
column that is not a record field (a name, an e-mail) refuses the file, and any bad row refuses it whole,
with every problem listed by row. Rows already recorded are matched (match) and skipped, so importing a
file twice adds nothing; a recorded row whose status or end date changed is listed, and applied only
with `import --update`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..domain.errors import DataError, InvalidValue, PartlyWritten, Problem, RecordError
from ..domain.parsing import FIELD_PARSERS
from ..domain.programme import Borough, Registry
from ..domain.record import Record, hire_key, ref_key
from ..storage import writer
from ..storage.datadir import DataDir
from ..storage.writer import Changes
from .read import read_table

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
    "employee ref": "ref",  # the borough's reference for the post-holder: opaque, not a name
    "employee reference": "ref",
    "employee number": "ref",
    "staff ref": "ref",
    "logged": "logged",  # the day the record was first logged, as list --format csv|json|xlsx writes it
    "date logged": "logged",
    "logged on": "logged",
}


@dataclass(frozen=True)
class Row:
    line: int  # the row (CSV line) or item (JSON) number, for messages
    borough: Borough
    fields: dict[str, Any]


@dataclass(frozen=True)
class Difference:
    """A row already recorded whose status or end date is not the record's: what may have changed."""

    row: Row
    record: Record
    changes: dict[str, Any]  # status and/or end_date, as the row has them


@dataclass(frozen=True)
class Imported:
    added: dict[str, int]  # borough slug -> records added (or that would be, on a dry run)
    skipped: dict[str, int]  # borough slug -> rows already recorded
    differences: list[Difference]  # applied only with update=True
    texts: dict[Path, str]  # each file's new records, as the YAML written (or that would be)


def _column_key(name: str) -> str:
    key = re.sub(r"\(.*?\)", " ", name.lower())  # "Start Date (DD/MM/YYYY)"
    return " ".join(re.sub(r"[^a-z0-9]+", " ", key).split())


def _cell(field: str, text: str) -> Any:
    """A cell's text as the field's value, by the parsers every way in uses (dates with Excel's midnight,
    "2020-03-02 00:00:00", taken as the date)."""
    if field.endswith("_date"):
        text = re.sub(r"[ T]00:00(:00)?$", "", text.strip())
    parse = FIELD_PARSERS.get(field)
    return text if parse is None else parse(text)


def _is_total(cells: dict[str, str]) -> bool:
    """A spreadsheet's total row: a cell that says 'Total', the others blank or numbers."""
    texts = [c.strip() for c in cells.values() if c.strip()]
    return any(t.lower() in ("total", "totals", "grand total") for t in texts) and all(
        t.lower() in ("total", "totals", "grand total") or t.replace(".", "", 1).isdigit() for t in texts
    )


def read(
    path: Path,
    registry: Registry,
    today: date,
    borough: Borough | None,
    sheet: str | None = None,
    ignore: tuple[str, ...] = (),
    notes: list[str] | None = None,
) -> list[Row]:
    """Every row as fields for a new record (checked by the record rules as of `today`), or a DataError with
    every problem, by row. Columns named in `ignore` are dropped unread; a total row is skipped, and said so
    in `notes`."""
    table = []
    for line, cells in read_table(path, sheet):
        if _is_total(cells):
            if notes is not None:
                notes.append(f"row {line} is a total row: skipped")
            continue
        table.append((line, {c: v for c, v in cells.items() if _column_key(c) not in map(_column_key, ignore)}))
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
                f"or contact details. Columns read: {', '.join(sorted(set(_HEADERS.values())))}. To leave a "
                f"column out unread: {' '.join(f'--ignore-column {c!r}' for c in unknown)}",
            )
        )
    for field in set(columns.values()) - {None}:
        twins = [c for c, f in columns.items() if f == field]
        if len(twins) > 1:
            named = " and ".join(repr(c) for c in twins)
            problems.append(Problem(path, 1, f"columns {named} are both the {field}: keep one (or rename the other)"))
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
            if field == "logged" and not text.strip():
                fields["logged"] = None  # an export's record from before `logged` was kept: it stays so
            if field is None or not (text := text.strip()):
                continue
            try:
                fields[field] = _cell(field, text)
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
                writer.record_from(fields, today)
            except RecordError as exc:
                row_problems += [f"{field}: {message}" for field, message in exc.issues]
            if "ref" in fields:
                key = (where.slug, ref_key(fields["ref"]))
                if key in refs:
                    row_problems.append(f"ref '{fields['ref']}' is on row {refs[key]} too")
                refs.setdefault(key, line)
        problems += [Problem(path, line, f"row {line}: {p}") for p in row_problems]
        if where is not None:
            rows.append(Row(line, where, fields))
    if problems:
        raise DataError(problems)
    return rows


def match(path: Path, records: list[Record], rows: list[Row]) -> tuple[list[Row], list[tuple[Row, Record]]]:
    """The rows not recorded yet, and each row already recorded with its record: by id, else by ref, else
    by role, start date, level and standard, rows and records taken as multisets (three identical rows
    against one record: two are new; a cohort starts together). Status and end date are not part of the
    match: they are what may change. A row that could be one of several records that differ in status is
    refused, naming them."""
    by_id = {r.id: i for i, r in enumerate(records)}
    by_ref = {ref_key(r.ref): i for i, r in enumerate(records) if r.ref}
    free = list(range(len(records)))  # records no row has matched yet
    new: list[Row] = []
    matched: list[tuple[Row, Record]] = []
    problems = []
    for row in rows:
        fields = row.fields
        index: int | None = None
        if "id" in fields:
            index = by_id.get(fields["id"])
        elif "ref" in fields:
            index = by_ref.get(ref_key(fields["ref"]))
        else:
            key = hire_key(fields)
            candidates = [i for i in free if hire_key(records[i].as_dict()) == key]
            same = [i for i in candidates if not _changes(records[i], fields)]
            states = {(records[i].status, records[i].end_date) for i in candidates}
            if same:
                index = same[0]
            elif len(states) > 1:
                ids = ", ".join(records[i].id for i in candidates)
                problems.append(
                    Problem(path, row.line, f"row {row.line}: could be any of {ids}; give the id or ref to say which")
                )
                continue
            elif candidates:
                index = candidates[0]
        if index is None:
            new.append(row)
        else:
            if index in free:
                free.remove(index)
            matched.append((row, records[index]))
    if problems:
        raise DataError(problems)
    return new, matched


def _changes(record: Record, fields: dict[str, Any]) -> dict[str, Any]:
    """The row's status and end date where they are not the record's (a value the row does not give is not
    a change)."""
    return {k: fields[k] for k in ("status", "end_date") if k in fields and fields[k] != getattr(record, k)}


def run(data: DataDir, source: Path, rows: list[Row], *, update: bool = False, dry_run: bool = False) -> Imported:
    """Add the rows not recorded yet, borough by borough, and with `update`, apply the changes of status
    and end date of those recorded (through the rules of `update`). Every borough's file is checked (a dry
    run) before any is written, so a refusal writes nothing; a crash between two files leaves some
    written, and running the same import again adds only what is missing."""
    by_borough: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_borough[row.borough.slug].append(row)

    def write_all(dry: bool) -> Imported:
        added, skipped, differences, texts = {}, {}, [], {}
        done: list[Path] = []  # the files replaced so far, for a message that names them if a later one fails
        for slug, group in sorted(by_borough.items()):
            found: list[Difference] = []

            def plan(records: list[Record], group: list[Row] = group, found: list[Difference] = found) -> Changes:
                new, matched = match(source, records, group)
                found[:] = [Difference(row, rec, c) for row, rec in matched if (c := _changes(rec, row.fields))]
                changes = {records.index(d.record): d.changes for d in found} if update else {}
                return Changes(add=[row.fields for row in new], update=changes)

            try:
                written = writer.write(data, group[0].borough, plan, dry_run=dry)
            except PartlyWritten as exc:  # this borough's file was replaced, then the import stopped
                raise PartlyWritten([*done, *exc.written], exc.cause) from exc.cause
            except BaseException as exc:
                if done:
                    raise PartlyWritten(done, exc) from exc
                raise
            if written.added or written.updated:
                done.append(written.path)
            added[slug], skipped[slug] = len(written.added), len(group) - len(written.added)
            if written.added:
                texts[written.path] = written.text
            differences += found
        return Imported(added, skipped, differences, texts)

    result = write_all(dry=True)
    return result if dry_run else write_all(dry=False)

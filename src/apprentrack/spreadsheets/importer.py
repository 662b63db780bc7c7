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
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..domain.errors import DataError, InvalidValue, PartlyWritten, Problem, RecordError
from ..domain.parsing import FIELD_PARSERS
from ..domain.programme import Borough, Registry
from ..domain.record import Record, hire_key, ref_key
from ..domain.words import spelling_key, status_spellings
from ..storage import writer
from ..storage.datadir import DataDir
from ..storage.writer import Changes
from .grid import Grid, column_letter
from .read import read_grid

# The names HR systems and spreadsheets give each column, compared case and punctuation aside
# (_column_key): the README's table of them is checked against this one (tests/cli/test_hr_workbooks.py).
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "borough": ("Borough", "Local authority", "Council", "Authority"),
    "id": ("ID", "Record ID"),
    "role": ("Role", "Job title", "Job", "Job role", "Post", "Post title", "Position"),
    "standard": (
        "Standard",
        "Apprenticeship standard",
        "Apprenticeship programme",
        "Apprenticeship program",
        "Apprenticeship framework",
        "Framework",
    ),
    "level": ("Level", "Apprenticeship level"),
    "start_date": ("Start date", "Start", "Started", "Commencement date", "Date started", "Apprenticeship start date"),
    "status": ("Status", "Stage", "Current status", "Apprentice status", "Apprenticeship status"),
    "end_date": ("End date", "End", "Leaving date", "Date left", "Leave date", "Actual end date"),
    "ref": (
        "Ref",
        "Reference",
        "Borough ref",
        "HR ref",
        "Employee ID",
        "Employee no",
        "Employee number",
        "Employee ref",
        "Employee reference",
        "Staff ID",
        "Staff number",
        "Staff ref",
        "Payroll number",
        "Payroll no",
        "Payroll ID",
        "Assignment number",
    ),
    "logged": ("Logged", "Date logged", "Logged on"),  # the day first logged, as an export writes it
}
# Columns recognised and left out, with a note: a record holds the actual end only.
PLANNED_END = (
    "Planned end date",
    "Planned end",
    "Expected end date",
    "Expected end",
    "Estimated end date",
    "Anticipated end date",
    "Projected end date",
)
_TOTAL = ("total", "totals", "grand total")
# The cells every row must fill: a row with any of them blank that holds anything else is refused by row.
_KEYS = (("borough", "borough"), ("role", "role"), ("start_date", "start date"))


def _column_key(name: str) -> str:
    return spelling_key(re.sub(r"\(.*?\)", " ", name))  # "Start Date (DD/MM/YYYY)", "Employee No."


_HEADERS = {_column_key(name): field for field, names in COLUMN_NAMES.items() for name in (field, *names)}
_PLANNED = {_column_key(name) for name in PLANNED_END}

# What a column's name says it holds, when that is personal data: said, so the file is fixed knowingly.
_PERSONAL = [
    (
        re.compile(
            r"((apprentice|employee|staff|candidate|learner|person)s? )?(full |first |last |given |family |middle )?"
            r"names?|(.* )?(surname|forenames?)"
        ),
        "a name",
    ),
    (re.compile(r"(.* )?e ?mail( address)?"), "an e-mail address"),
    (re.compile(r"(.* )?(home )?(address|postcode|post code)( .*)?"), "an address"),
    (re.compile(r"(.* )?(phone|mobile|telephone|tel)( number| no)?"), "a phone number"),
    (re.compile(r"(.* )?(ni|nino|national insurance)( number| no)?"), "a National Insurance number"),
    (re.compile(r"date of birth|dob|birth date|birthday"), "a date of birth"),
]


def _personal(key: str) -> str | None:
    return next((kind for pattern, kind in _PERSONAL if pattern.fullmatch(key)), None)


def _flag(column: str) -> str:
    """--ignore-column and the column's name as it is typed in any shell (cmd.exe knows no single quotes)."""
    return f"--ignore-column {column}" if re.fullmatch(r"[\w.-]+", column) else f'--ignore-column "{column}"'


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


def _cell(field: str, text: str) -> Any:
    """A cell's text as the field's value, by the parsers every way in uses (dates with Excel's midnight,
    "2020-03-02 00:00:00", taken as the date)."""
    if field.endswith("_date"):
        text = re.sub(r"[ T]00:00(:00)?$", "", text.strip())
    parse = FIELD_PARSERS.get(field)
    return text if parse is None else parse(text)


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
    every problem, by row. The header is the first row that reads as one (a title above it is skipped);
    columns named in `ignore` are dropped unread, a planned end date left out; a total row is skipped.
    What was skipped or left out, and which sheet was read, is said in `notes`."""
    said = notes if notes is not None else []
    grid = read_grid(path, sheet, said)
    at = _header_at(grid)
    line, header = grid[at]
    line = max(line, 1)  # JSON's keys are row 0: its problems are reported on the file's first line
    if at:
        said.append(f"row {line} is the header: the {at} row(s) above it skipped")
    ignored = {_column_key(c) for c in ignore}
    read_here = [(i, c) for i, c in enumerate(header) if c.strip() and _column_key(c) not in ignored]
    twice = _same_headers(path, line, read_here)
    names = list({_column_key(c): c for _, c in reversed(read_here)}.values())[::-1]  # the first of each
    planned = [c for c in names if _column_key(c) in _PLANNED]
    if planned:
        said.append(
            f"column(s) {', '.join(map(repr, planned))}: a planned end, left out (a record holds the actual end date)"
        )
    columns = {c: _HEADERS.get(_column_key(c)) for c in names if c not in planned}
    _check_columns(path, line, columns, borough, twice)
    table = []
    for number, cells in grid[at + 1 :]:
        row = dict(zip(header, [*cells, *[""] * (len(header) - len(cells))], strict=False))  # a short row: blanks
        if _is_total(row, columns):
            said.append(f"row {number} is a total row: skipped")
        else:
            table.append((number, {c: v for c, v in row.items() if c in columns}))
    return _rows(path, line, table, columns, registry, today, borough)


def _header_at(grid: Grid) -> int:
    """The index of the first row that reads as a header (two or more cells that name columns), among the
    first few rows; the first row when none does (its columns are then named in the refusal)."""
    for index, (_, cells) in enumerate(grid[:20]):
        known = sum(_column_key(c) in _HEADERS or _column_key(c) in _PLANNED for c in cells if c.strip())
        if known >= 2:
            return index
    return 0


def _is_total(row: dict[str, str], columns: dict[str, str | None]) -> bool:
    """A spreadsheet's total row: a cell that says 'Total', and no start date."""
    starts = [v for c, v in row.items() if columns.get(c) == "start_date" and v.strip()]
    return not starts and any(v.strip().rstrip(":").lower() in _TOTAL for v in row.values())


def _same_headers(path: Path, line: int, header: list[tuple[int, str]]) -> list[Problem]:
    """Two columns headed the same (case and punctuation aside): which one a value belongs to would be a
    guess, and one would overwrite the other, so both are named."""
    at: dict[str, list[int]] = {}
    for index, name in header:
        at.setdefault(_column_key(name), []).append(index)
    problems = []
    for indexes in (found for found in at.values() if len(found) > 1):
        letters = [column_letter(i + 1) for i in indexes]
        named = " and ".join([", ".join(letters[:-1]), letters[-1]])
        headed = " and ".join(dict.fromkeys(f"'{header_text}'" for i, header_text in header if i in indexes))
        both = "both" if len(indexes) == 2 else "all"
        problems.append(
            Problem(path, line, f"columns {named} are {both} headed {headed}: keep one (or rename the other)")
        )
    return problems


def _check_columns(
    path: Path, line: int, columns: dict[str, str | None], borough: Borough | None, problems: list[Problem]
) -> None:
    """Refuse a header with two columns headed the same (`problems`), a column that is not read (saying
    what it is taken for only when its name looks personal), two columns for one field, no role or start
    date column, or no borough at all."""
    unknown = [c for c, field in columns.items() if field is None]
    read_here = ", ".join(field.replace("_", " ") for field in COLUMN_NAMES)
    for column in unknown:
        kind = _personal(_column_key(column))
        if kind is not None:
            why = f"looks like {kind}: records hold no names or contact details, so it is never read"
        else:
            why = f"is not a column apprentrack reads; it reads: {read_here} (the README has the other names of each)"
        problems.append(Problem(path, line, f"column {column!r} {why}"))
    if unknown:
        flags = " ".join(_flag(c) for c in unknown)
        problems.append(
            Problem(path, line, f"to import the file without reading {'them' if len(unknown) > 1 else 'it'}: {flags}")
        )
    for field in dict.fromkeys(f for f in columns.values() if f is not None):
        twins = [c for c, f in columns.items() if f == field]
        if len(twins) > 1:
            named = " and ".join(repr(c) for c in twins)
            problems.append(
                Problem(path, line, f"columns {named} are both the {field}: keep one (or rename the other)")
            )
    for field, label in _KEYS[1:]:
        if field not in columns.values():
            headings = ", ".join(f"'{name}'" for name in COLUMN_NAMES[field][:3])
            problems.append(Problem(path, line, f"no {label} column: every record has one ({headings}, ...)"))
    if borough is None and "borough" not in columns.values():
        problems.append(Problem(path, line, "no borough column: give the borough with --borough"))
    if problems:
        raise DataError(problems)


def _rows(
    path: Path,
    header_line: int,
    table: list[tuple[int, dict[str, str]]],
    columns: dict[str, str | None],
    registry: Registry,
    today: date,
    borough: Borough | None,
) -> list[Row]:
    """The table's rows as record fields, each checked by the record rules; every problem, by row, and the
    statuses not understood named once, with the table of spellings read."""
    problems: list[Problem] = []
    rows: list[Row] = []
    refs: dict[tuple[str, str], int] = {}
    statuses: dict[str, list[int]] = {}  # a status not understood -> the rows that have it
    for line, cells in table:
        blank = _blank_keys(cells, columns, borough)
        if blank:
            problems.append(Problem(path, line, f"row {line}: {blank}"))
            continue
        fields: dict[str, Any] = {}
        row_problems = []
        status_unread = False
        for column, text in cells.items():
            field = columns.get(column)
            if field == "logged" and not text.strip():
                fields["logged"] = None  # an export's record from before `logged` was kept: it stays so
            if field is None or not (text := text.strip()):
                continue
            try:
                fields[field] = _cell(field, text)
            except InvalidValue as exc:
                if field == "status":  # named once, below, with the table of spellings
                    statuses.setdefault(text, []).append(line)
                    status_unread = True
                else:
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
        if where is not None and not row_problems and not status_unread:
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
    if statuses:
        seen = "; ".join(
            f"{text!r} (row{'s' if len(at) > 1 else ''} {', '.join(map(str, at))})" for text, at in statuses.items()
        )
        problems.insert(
            0,
            Problem(
                path,
                header_line,
                f"status: not understood: {seen}. The statuses, and what is read as each: {status_spellings()}",
            ),
        )
    if problems:
        raise DataError(problems)
    return rows


def _blank_keys(cells: dict[str, str], columns: dict[str, str | None], borough: Borough | None) -> str:
    """What is wrong with a row (that holds something) whose key cells are blank, or '': never skipped
    silently, as a row left half filled in is a hire half logged."""
    given = {columns.get(column) for column, text in cells.items() if text.strip()}
    blank = [label for field, label in _KEYS if field not in given and (field != "borough" or borough is None)]
    if not blank:
        return ""
    said = blank[0] if len(blank) == 1 else f"{', '.join(blank[:-1])} and {blank[-1]}"
    it = "it" if len(blank) == 1 else "them"
    return (
        f"{said} {'is' if len(blank) == 1 else 'are'} blank: a row that holds anything is read as a hire; "
        f"fill {it} in, or clear the row"
    )


def match(path: Path, records: list[Record], rows: list[Row]) -> tuple[list[Row], list[tuple[Row, Record]]]:
    """The rows not recorded yet, and each row already recorded with its record: by id, else by ref, else
    by role, start date, level and standard, rows and records taken as multisets (three identical rows
    against one record: two are new; a cohort starts together). Status and end date are not part of the
    match: they are what may change. A row that could be one of several records that differ in status is
    refused, naming them."""
    by_id = {r.id: i for i, r in enumerate(records)}
    by_ref = {ref_key(r.ref): i for i, r in enumerate(records) if r.ref}
    # The records by hire, then by status and end date, each in the file's order: a row finds its own in
    # one look, where a look through every record for every row took minutes for a few thousand rows.
    pools: dict[tuple[object, ...], dict[tuple[object, object], deque[int]]] = {}
    for i, r in enumerate(records):
        pools.setdefault(hire_key(r.as_dict()), {}).setdefault((r.status, r.end_date), deque()).append(i)
    taken: set[int] = set()  # records a row has matched already
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
            groups = pools.get(hire_key(fields), {})
            for group in groups.values():
                while group and group[0] in taken:
                    group.popleft()
            firsts = [group[0] for group in groups.values() if group]  # the first free record of each state
            same = [i for i in firsts if not _changes(records[i], fields)]
            if same:
                index = min(same)
            elif len(firsts) > 1:
                ids = ", ".join(records[i].id for i in sorted(i for g in groups.values() for i in g if i not in taken))
                problems.append(
                    Problem(path, row.line, f"row {row.line}: could be any of {ids}; give the id or ref to say which")
                )
                continue
            elif firsts:
                index = firsts[0]
        if index is None:
            new.append(row)
        else:
            taken.add(index)
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
                at = {r.id: i for i, r in enumerate(records)}  # each change's place in one look, not records.index
                changes = {at[d.record.id]: d.changes for d in found} if update else {}
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

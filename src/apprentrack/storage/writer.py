"""Writing records: add (append) and update (edit in place), under a lock, atomically, keeping the file as
people left it.

A write changes only the text it must: an add appends the new records' text to the file's bytes; an
update replaces the values it changes and inserts the fields it adds. Comments, order, a byte order mark
and CRLF line endings survive. Before anything is written the new text is parsed back and must give the
expected records, or the write is refused. The result goes to a temporary file in the same folder, is
fsynced, then os.replace()d over the original: a crash leaves the old file or the new one, never a torn
one. A lock on the borough's file is held from reading it to replacing it, so concurrent writers
neither lose a record nor assign an id twice. Ids start with the borough's slug, so a write reads only
its own borough's file, whatever the others hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from dataclasses import field as default
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..domain.errors import DataError, InvalidValue, Problem, RecordError
from ..domain.programme import Borough
from ..domain.record import FIELDS, STAND_IN_ID, Record, check_record, check_transition, hire_key, ref_key
from .checks import BoroughFile, check_borough_file
from .datadir import DataDir
from .files import atomic_write, locked
from .markers import removal, removed_ids, removed_line
from .plain_yaml import fast_parse
from .reading import MAX_FILE_BYTES, read_yaml
from .strict_yaml import Loader, dump


def same_hire(records: list[Record], fields: dict[str, Any]) -> list[Record]:
    """The records that are the same hire as these fields (record.hire_key): added twice? (Not refused: a
    cohort starts together.)"""
    key = hire_key(fields)
    start = fields["start_date"]  # compared first: cheap, and it rules out nearly every record
    return [r for r in records if r.start_date == start and hire_key(r.as_dict()) == key]


@dataclass(frozen=True)
class Changes:
    """What a write does to one borough's file, decided from the records it holds (under its lock)."""

    add: list[dict[str, Any]] = default(default_factory=list)  # new records' fields; an id is assigned if none
    update: dict[int, dict[str, Any]] = default(default_factory=dict)  # a record's index -> the fields it changes
    remove: set[int] = default(default_factory=set)  # the indexes of records entered by mistake
    note: str = ""  # a comment line written before the added records (a move's "# moved from <id>")
    moved_to: str | None = None  # the new id of a record removed because it moved


@dataclass(frozen=True)
class Written:
    path: Path
    added: list[Record]
    updated: list[tuple[Record, Record]]  # (before, after), for records that changed
    text: str  # the YAML appended; for an update of one record, that record's new text
    removed: list[Record] = default(default_factory=list)
    twins: list[Record] = default(default_factory=list)  # records already there that are the same hire as one added


def record_from(fields: dict[str, Any], today: date) -> Record:
    """Check a new record's fields (a stand-in id until one is assigned; logged today unless they say
    another day): RecordError naming each field."""
    return check_record({"id": STAND_IN_ID, "logged": today, **fields}, today)


# ------------------------------------------------------------------------------------------ the write


def write(
    data: DataDir, borough: Borough, plan: Callable[[list[Record]], Changes], *, dry_run: bool = False
) -> Written:
    """Change the borough's file as `plan` says, given the records it holds: append new records, edit
    others in place. The file is locked from reading it to replacing it, so the plan sees what the write
    changes. Refs stay unique in the borough; a status moves forward only (check_transition)."""
    path = data.borough_file(borough.slug)
    if (why := data.odd(path)) is not None:  # before the lock, whose file would go beside it
        raise DataError([Problem(path, 1, f"not written: {why}")])
    with locked(path, dry_run):
        if not path.exists():
            raw, old = file_header(borough).encode(), BoroughFile(path, [], [], plain=True)
        else:
            raw, old = read_checked(data, path, borough.slug)
        changes = plan(old.records)
        records = list(old.records)
        updated = []
        for index, fields in sorted(changes.update.items()):
            before = records[index]
            if "status" in fields:
                try:
                    check_transition(before.status, fields["status"])
                except InvalidValue as exc:
                    raise RecordError([("status", f"{before.id}: {exc}")]) from None
            after = check_record({**before.as_dict(), **fields}, data.today)
            if after != before:
                records[index] = after
                updated.append((before, after))
        text = raw.decode("utf-8-sig")
        new = _numbered(borough, records, changes.add, removed_ids(text, borough.slug), data.today)
        _refs_unique(path, records + new)
        removed = [records[i] for i in sorted(changes.remove)]
        if not new and not updated and not removed:
            return Written(path, [], [], "")
        for before, after in updated:
            text = edit_record(text, old.records.index(before), before, after)
        text = _cut(text, sorted(changes.remove), changes.moved_to)
        records = [r for i, r in enumerate(records) if i not in changes.remove]
        newline = "\r\n" if "\r\n" in text else "\n"
        added = addition = ""
        if new:
            added = changes.note + dump([r.as_dict() for r in new])
            addition = ("" if not text or text.endswith("\n") else "\n") + added
        bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
        result = bom + (text + addition.replace("\n", newline)).encode()
        if len(result) > MAX_FILE_BYTES:  # every later read would refuse it
            limit = f"{len(result):,} bytes; the limit is {MAX_FILE_BYTES:,}"
            raise DataError([Problem(path, 1, f"not written: the file would be {limit} (split the borough's file)")])
        plain_append = old.plain and not updated and not removed
        after_all = _check_append(path, borough.slug, raw, addition, old, new, data.today) if plain_append else None
        if after_all is None:
            hint = "write its list in block style (each record starting with '- ', no '[...]')"
            after_all = _check(path, borough.slug, result, records + new, hint, data.today)
        if not dry_run:
            atomic_write(path, result)
            data.remember(borough.slug, result, after_all)
    if len(updated) == 1 and not new:
        added = _record_text(text, old.records.index(updated[0][0]))
    return Written(path, new, updated, added, removed)


def _cut(text: str, indexes: list[int], moved_to: str | None = None) -> str:
    """The text without the records at these indexes: each record's lines, from its '- ' to the end of
    its last value, give way to one comment line naming its id (so the number stays taken); comments and
    the other records' bytes are left as they were."""
    if not indexes:
        return text
    nodes = _nodes(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    for index in reversed(indexes):
        node = nodes[index]
        start = text.rfind("\n", 0, node.start_mark.index) + 1
        last = max(v.end_mark.index for _, v in node.value) if node.value else node.end_mark.index
        end = text.find("\n", last)
        end = len(text) if end < 0 else end + 1
        record_id = next(v.value for k, v in node.value if k.value == "id")
        text = text[:start] + removed_line(record_id, moved_to) + newline + text[end:]
    return text


def _numbered(
    borough: Borough, records: list[Record], many: list[dict[str, Any]], taken: set[str], today: date
) -> list[Record]:
    """The new records, each with its id: kept if it has one (an import of an export), else the next
    after every id the file holds or has held (`taken`: those of removed records); and the day it is
    logged: kept if it has one (an export, a form's issue, a move), else today."""
    numbered = re.compile(rf"{re.escape(borough.slug)}-(\d+)")
    ids = {r.id for r in records} | taken
    for fields in many:
        if "id" in fields:
            if not numbered.fullmatch(fields["id"]) or fields["id"] in ids:
                why = f"is not a {borough.name} id"
                if fields["id"] in ids:
                    why = (
                        "was removed or moved from this file (ids are never used again)"
                        if fields["id"] in taken
                        else "is already used"
                    )
                raise RecordError([("id", f"'{fields['id']}' {why}: ids here are {borough.slug}-<number>")])
            ids.add(fields["id"])
    number = max((int(m.group(1)) for i in ids if (m := numbered.fullmatch(i))), default=0)
    new = []
    for fields in many:
        if "id" not in fields:
            number += 1
            fields = {**fields, "id": f"{borough.slug}-{number:04d}"}
        new.append(record_from(fields, today))
    return new


def _refs_unique(path: Path, records: list[Record]) -> None:
    """A ref is the borough's own unique reference: two records with one ref would count one hire twice."""
    holder: dict[str, Record] = {}
    for r in records:
        if r.ref is None:
            continue
        first = holder.setdefault(ref_key(r.ref), r)
        if first is not r:
            raise RecordError([("ref", f"'{r.ref}' is already the ref of {first.id} in {path}")])


def add(data: DataDir, borough: Borough, many: list[dict[str, Any]], *, dry_run: bool = False) -> Written:
    """Append records (each a dict of fields) to the borough's file."""
    for fields in many:
        record_from(fields, data.today)  # refuse bad fields before waiting for the lock
    twins: list[Record] = []

    def plan(records: list[Record]) -> Changes:
        twins[:] = [r for fields in many for r in same_hire(records, fields)]
        return Changes(add=many)

    return replace(write(data, borough, plan, dry_run=dry_run), twins=twins)


def file_holding(data: DataDir, borough: Borough, record_id: str) -> Path:
    """The borough's file, where the record is to be found: a DataError if the borough has none yet."""
    path = data.borough_file(borough.slug)
    if not path.exists():
        raise DataError(f"no record '{record_id}': {borough.name} has no records yet")
    return path


def find(records: list[Record], record_id: str, path: Path) -> int:
    """The index of the record with this id, or a DataError saying there is none: and, when the file says
    so, that it was removed, or moved and where (a write that waited for a move sees it moved)."""
    index = next((i for i, r in enumerate(records) if r.id == record_id), None)
    if index is None:
        removed, moved_to = removal(path.read_text(encoding="utf-8-sig"), record_id) if path.exists() else (False, None)
        if moved_to is not None:
            raise DataError(f"{record_id} was moved to {moved_to}: change {moved_to} instead; no file was changed")
        if removed:
            raise DataError(f"{record_id} was removed from {path}; no file was changed")
        raise DataError(f"no record '{record_id}' in {path}")
    return index


def record_of(data: DataDir, borough: Borough, record_id: str) -> Record:
    """The record with this id as its file holds it now (read without the lock: to ask what a change
    needs before writing it, which reads it again under the lock)."""
    path = file_holding(data, borough, record_id)
    records = read_checked(data, path, borough.slug)[1].records
    return records[find(records, record_id, path)]


def change_one(
    data: DataDir,
    borough: Borough,
    record_id: str,
    change: Callable[[int, Record], Changes],
    *,
    dry_run: bool = False,
) -> Written:
    """Change the record with this id as `change(index, record)` says (a DataError if there is none)."""
    path = file_holding(data, borough, record_id)

    def plan(records: list[Record]) -> Changes:
        index = find(records, record_id, path)
        return change(index, records[index])

    return write(data, borough, plan, dry_run=dry_run)


def update(
    data: DataDir, borough: Borough, record_id: str, changes: dict[str, Any], *, dry_run: bool = False
) -> Written:
    """Change fields of one record in place."""
    return change_one(data, borough, record_id, lambda index, _: Changes(update={index: changes}), dry_run=dry_run)


def _check_append(
    path: Path, slug: str, raw: bytes, addition: str, old: BoroughFile, new: list[Record], today: date
) -> BoroughFile | None:
    """A file in the plain shape stays plain when plain text is appended to it, so checking the appended
    text is enough, at a cost that does not grow with the file. None: check the whole new text instead."""
    added = fast_parse(addition)
    if added is None:
        return None
    checked, problems = check_borough_file(path, slug, added, today, plain=True)
    if problems or checked.records != new:
        return None
    offset = raw.count(b"\n")
    return BoroughFile(path, old.records + new, old.lines + [n + offset for n in checked.lines], plain=True)


def _nodes(text: str) -> list[yaml.MappingNode]:
    document = yaml.compose(text, Loader=Loader)
    assert isinstance(document, yaml.SequenceNode)  # the text was read as a list of records before
    return list(document.value)


def edit_record(text: str, index: int, before: Record, after: Record) -> str:
    """The file's text with record `index` changed from `before` to `after`: values replaced where the key
    exists, new keys inserted after the key that precedes them in the fixed order."""
    node = _nodes(text)[index]
    newline = "\r\n" if "\r\n" in text else "\n"
    old_values, new_values = before.as_dict(), after.as_dict()
    if set(old_values) - set(new_values):  # pragma: no cover - no update removes a field today
        raise DataError("an update cannot remove a field")
    edits = []  # (start, end, replacement), applied from the end so offsets stay right
    keys = {k.value: v for k, v in node.value}  # each key's value node
    ends_the_line = False  # a key added after a last line with no newline: the first added ends that line
    for field in FIELDS:
        if field not in new_values or old_values.get(field) == new_values[field]:
            continue
        value = _scalar(field, new_values[field], node.flow_style)
        if field in keys:
            edits.append((keys[field].start_mark.index, keys[field].end_mark.index, value))
            continue
        previous = [k for k in FIELDS[: FIELDS.index(field)] if k in keys]
        anchor = keys[previous[-1]]
        if node.flow_style:
            edits.append((anchor.end_mark.index, anchor.end_mark.index, f", {field}: {value}"))
        else:
            line_end = text.find("\n", anchor.end_mark.index)
            at = len(text) if line_end < 0 else line_end + 1
            indent = " " * node.value[0][0].start_mark.column
            lead = newline if line_end < 0 and not ends_the_line else ""
            ends_the_line = ends_the_line or line_end < 0
            edits.append((at, at, f"{lead}{indent}{field}: {value}{newline}"))
    # From the end, so earlier offsets stay right; at one offset, the later field first, so that the
    # fields end up in their fixed order.
    for _, (start, end, replacement) in sorted(enumerate(edits), key=lambda e: (e[1][0], e[0]), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _scalar(field: str, value: object, flow: bool) -> str:
    """A value as YAML writes it after `field: `, quoted where its context (block or flow) needs it."""
    dumped = dump({field: value}, default_flow_style=flow)
    dumped = dumped.strip()
    if flow:
        dumped = dumped[1:-1]  # {field: value}
    return dumped[len(field) + 2 :]


def _record_text(text: str, index: int) -> str:
    node = _nodes(text)[index]
    start = text.rfind("\n", 0, node.start_mark.index) + 1
    return text[start : node.end_mark.index].rstrip() + "\n"


# ------------------------------------------------------------------------------------------- plumbing


def read_checked(data: DataDir, path: Path, slug: str) -> tuple[bytes, BoroughFile]:
    """The file's bytes and records; refused if it is not a regular file inside the data dir, or if it has
    any problem (writing would hide it)."""
    if (why := data.odd(path)) is not None:
        raise DataError([Problem(path, 1, f"not written: {why}")])
    raw, found, problems = data.read_borough(path, slug, remember=False)  # what is written is remembered
    if problems:
        raise DataError([*problems, Problem(path, 1, "fix these first (`apprentrack validate`)")])
    return raw, found


def _check(path: Path, slug: str, new: bytes, expected: list[Record], hint: str, today: date) -> BoroughFile:
    """Parse the new bytes back: they must give exactly the expected records, or nothing is written."""
    try:
        parsed, _, plain = read_yaml(path, new)
        found, problems = check_borough_file(path, slug, parsed, today, plain)
        ok = not problems and found.records == expected
    except DataError:
        ok = False
    if not ok:
        raise DataError([Problem(path, 1, f"cannot change this file without rewriting it: {hint}")])
    return found


def file_header(borough: Borough) -> str:
    return (
        f"# Apprentices of {borough.name}{f' ({borough.code})' if borough.code else ''}: a list of records, "
        "one per apprentice.\n# No names or contact details: `ref` is the borough's own opaque reference, if any.\n"
        f"# Add with `apprentrack add --borough {borough.slug}`, or by hand in the same shape;\n"
        "# `apprentrack validate` checks the file. Fields: " + ", ".join(FIELDS) + ".\n"
    )

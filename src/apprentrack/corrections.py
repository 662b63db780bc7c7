"""Correcting mistakes: removing a record entered by mistake, and moving a record to another borough.
Both go through writer.write, so every rule of a write holds (lock, atomic replace, read back)."""

from __future__ import annotations

import re
from collections.abc import Callable

from .errors import DataError
from .models import Borough
from .record import Record
from .store import DataDir
from .writer import Changes, Written, read_checked, write


def remove(
    data: DataDir, borough: Borough, record_id: str, confirm: Callable[[Record], bool], *, dry_run: bool = False
) -> Written:
    """Delete a record entered by mistake (a hire who left is withdrawn, not removed), if confirm(record)
    says so; its id stays taken. Git history is the audit trail."""

    def plan(records: list[Record]) -> Changes:
        index = next((i for i, r in enumerate(records) if r.id == record_id), None)
        if index is None:
            raise DataError(f"no record '{record_id}' in {data.borough_file(borough.slug)}")
        if not confirm(records[index]):
            raise DataError(f"{record_id} was not removed: nothing was written")
        return Changes(remove={index})

    if not data.borough_file(borough.slug).exists():
        raise DataError(f"no record '{record_id}': {borough.name} has no records yet")
    return write(data, borough, plan, dry_run=dry_run)


MOVED_FROM = "# moved from "  # the line a moved record is written under, in its new borough's file


def move(data: DataDir, source: Borough, target: Borough, record_id: str, *, dry_run: bool = False) -> str:
    """Move a record to another borough: it gets the next id there; its old id stays taken. The new
    borough's file is written first, the record under a '# moved from <old id>' line, then the record's
    lines in the old file give way to '# removed: <old id> (moved to <new id>)'. Interrupted between the
    two, validate reports the record in both places as an interrupted move, and running the same move
    again finishes it (the copy already written is found by its '# moved from' line and not written
    again). Returns the new id."""
    source_path, target_path = data.borough_file(source.slug), data.borough_file(target.slug)
    if not source_path.exists():
        raise DataError(f"no record '{record_id}': {source.name} has no records yet")
    _, found = read_checked(data, source_path, source.slug)
    record = next((r for r in found.records if r.id == record_id), None)
    if record is None:
        raise DataError(f"no record '{record_id}' in {source_path}")
    text = target_path.read_text(encoding="utf-8-sig") if target_path.exists() else ""
    earlier = re.search(rf"^{MOVED_FROM}{re.escape(record_id)}\r?\n- id: (\S+)", text, re.MULTILINE)
    if earlier:  # an interrupted move: its copy is there already
        new_id = earlier.group(1)
    else:
        fields = {k: v for k, v in record._asdict().items() if k != "id" and v is not None}
        plan = Changes(add=[fields], note=f"{MOVED_FROM}{record_id}\n")
        new_id = write(data, target, lambda _: plan, dry_run=dry_run).added[0].id

    def take(records: list[Record]) -> Changes:
        index = next((i for i, r in enumerate(records) if r.id == record_id), None)
        if index is None:
            raise DataError(f"no record '{record_id}' in {source_path}")
        return Changes(remove={index}, tombstone=f" (moved to {new_id})")

    write(data, source, take, dry_run=dry_run)
    return new_id

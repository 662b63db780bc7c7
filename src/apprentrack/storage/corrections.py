"""Correcting mistakes: removing a record entered by mistake, and moving a record to another borough.
Both go through writer.write, so every rule of a write holds (lock, atomic replace, read back)."""

from __future__ import annotations

from collections.abc import Callable

from ..domain.errors import DataError
from ..domain.programme import Borough
from ..domain.record import Record
from .datadir import DataDir
from .markers import moved_here, moved_note
from .writer import Changes, Written, change_one, file_holding, find, read_checked, write


def remove(
    data: DataDir, borough: Borough, record_id: str, confirm: Callable[[Record], bool], *, dry_run: bool = False
) -> Written:
    """Delete a record entered by mistake (a hire who left is withdrawn, not removed), if confirm(record)
    says so; its id stays taken. Git history is the audit trail."""

    def take(index: int, record: Record) -> Changes:
        if not confirm(record):
            raise DataError(f"{record_id} was not removed: nothing was written")
        return Changes(remove={index})

    return change_one(data, borough, record_id, take, dry_run=dry_run)


def move(data: DataDir, source: Borough, target: Borough, record_id: str, *, dry_run: bool = False) -> str:
    """Move a record to another borough: it gets the next id there; its old id stays taken. The new
    borough's file is written first, the record under a '# moved from <old id>' line, then the record's
    lines in the old file give way to '# removed: <old id> (moved to <new id>)'. Interrupted between the
    two, validate reports the record in both places as an interrupted move, and running the same move
    again finishes it (the copy already written is found by its '# moved from' line and not written
    again). Returns the new id."""
    source_path, target_path = file_holding(data, source, record_id), data.borough_file(target.slug)
    _, found = read_checked(data, source_path, source.slug)
    record = found.records[find(found.records, record_id, source_path)]
    text = target_path.read_text(encoding="utf-8-sig") if target_path.exists() else ""
    new_id = moved_here(text, record_id)  # an interrupted move: its copy is there already
    if new_id is None:
        fields = {k: v for k, v in record._asdict().items() if k != "id" and v is not None}
        fields["logged"] = record.logged  # a move logs nothing new: the record keeps its day (or none)
        plan = Changes(add=[fields], note=moved_note(record_id))
        new_id = write(data, target, lambda _: plan, dry_run=dry_run).added[0].id
    moved_to = new_id
    change_one(data, source, record_id, lambda index, _: Changes(remove={index}, moved_to=moved_to), dry_run=dry_run)
    return new_id

"""Correcting mistakes: removing a record entered by mistake, and moving a record to another borough.
Both go through writer.write, so every rule of a write holds (lock, atomic replace, read back)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ..domain.errors import DataError, PartlyWritten
from ..domain.programme import Borough
from ..domain.record import Record
from .datadir import DataDir
from .files import locked
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
    """Move a record to another borough: it gets the next id there; its old id stays taken. Returns the new id.

    One change: both files are locked, in one order (by name, so that two moves in opposite directions
    cannot each wait for the other), from reading the record to cutting it, so a second move, an update, a
    removal or an import of the record waits, then sees it moved. Both writes are checked before either is
    made: a move that cannot finish changes nothing. The new borough's file is written first, the record
    under a '# moved from <old id>' line, then the record's lines in the old file give way to '# removed:
    <old id> (moved to <new id>)'. Stopped between the two, validate reports the record in both places as an
    interrupted move, and the same move run again finishes it: the copy already written is found by its
    '# moved from' line, brought up to date with any change made to the old record since, and the old cut."""
    source_path, target_path = file_holding(data, source, record_id), data.borough_file(target.slug)
    first, second = sorted((source_path, target_path))
    with locked(first, dry_run), locked(second, dry_run):
        _, found = read_checked(data, source_path, source.slug)
        record = found.records[find(found.records, record_id, source_path)]
        text = target_path.read_text(encoding="utf-8-sig") if target_path.exists() else ""
        copied = moved_here(text, record_id)  # a move stopped half way: its copy is there already
        copy = _copy_plan(copied, record)
        planned = write(data, target, copy, dry_run=True)
        new_id = copied or planned.added[0].id
        cut = partial(_cut_plan, record_id, new_id)
        change_one(data, source, record_id, cut, dry_run=True)  # refused here: nothing is written
        if dry_run:
            return new_id
        write(data, target, copy)
        try:
            change_one(data, source, record_id, cut)
        except PartlyWritten:
            raise
        except BaseException as exc:  # the copy is written: never say that nothing was
            raise PartlyWritten([target_path], exc) from exc
    return new_id


def _copy_plan(new_id: str | None, record: Record) -> Callable[[list[Record]], Changes]:
    """The new borough's side of a move: the record added under its '# moved from' line; or, if a move
    stopped half way wrote it already (as `new_id`), that copy given what changed in the old one since."""
    fields = {k: v for k, v in record._asdict().items() if k != "id" and v is not None}
    fields["logged"] = record.logged  # a move logs nothing new: the record keeps its day (or none)

    def plan(records: list[Record]) -> Changes:
        if new_id is None:
            return Changes(add=[fields], note=moved_note(record.id))
        index = next((i for i, r in enumerate(records) if r.id == new_id), None)
        if index is None:
            raise DataError(
                f"{new_id}, the copy a stopped move of {record.id} made, is no longer there; no file was changed"
            )
        copy = records[index].as_dict()
        return Changes(update={index: {k: v for k, v in fields.items() if v is not None and copy.get(k) != v}})

    return plan


def _cut_plan(record_id: str, new_id: str, index: int, _: Record) -> Changes:
    return Changes(remove={index}, moved_to=new_id)

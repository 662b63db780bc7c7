"""The comment lines apprentrack writes in a record file, and how they are found again: a removed record
leaves '# removed: <id>' (so its id is never given to another hire), and a moved record is written in its
new borough's file under '# moved from <old id>' (so a move stopped half way is found and finished)."""

from __future__ import annotations

import re

_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*-[0-9]{4,}"
MOVED_FROM = "# moved from "
REMOVED = "# removed: "
_MOVED = rf"(?m)^{MOVED_FROM}({_ID})\r?$"  # compiled by `re` at its first use


def moved_from(text: str) -> list[tuple[int, str]]:
    """(line, old id) of each '# moved from <old id>' line."""
    if MOVED_FROM not in text:
        return []
    return [(text.count("\n", 0, m.start()) + 1, m.group(1)) for m in re.finditer(_MOVED, text)]


def moved_here(text: str, old_id: str) -> str | None:
    """The id the record moved from `old_id` has in this file, if a move already wrote it here."""
    found = re.search(rf"^{MOVED_FROM}{re.escape(old_id)}\r?\n- id: (\S+)", text, re.MULTILINE)
    return found.group(1) if found else None


def moved_note(old_id: str) -> str:
    return f"{MOVED_FROM}{old_id}\n"


def removed_line(record_id: str, moved_to: str | None = None) -> str:
    """The line a removed record leaves (without its line end)."""
    return f"{REMOVED}{record_id}" + (f" (moved to {moved_to})" if moved_to else "")


def removal(text: str, record_id: str) -> tuple[bool, str | None]:
    """Whether this file's text says the record was removed from it, and the id it was moved to, if moved."""
    found = re.search(rf"^{REMOVED}{re.escape(record_id)}(?: \(moved to ({_ID})\))?\r?$", text, re.MULTILINE)
    return (found is not None, found.group(1) if found else None)


def removed_ids(text: str, slug: str) -> set[str]:
    """The ids of records removed from a borough's file, from the lines their removal left."""
    return set(re.findall(rf"^{REMOVED}({re.escape(slug)}-\d+)\b", text, re.MULTILINE))

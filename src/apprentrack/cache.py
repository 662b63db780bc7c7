"""A cache of borough files already read and found valid, so that the next run need not parse or check
them again. Reached only through the data dir (store.DataDir.cache); never needed for correctness.

Each entry is keyed by a hash of the file's bytes (so an edit in the same second, or another file of the
same size, is never served stale), by the borough and by apprentrack's version; an entry that is
missing, corrupt, foreign or of another shape is ignored and rebuilt. Only files with no problems are
kept. JSON, not pickle: a cache file planted by someone else can at worst be ignored, never run code.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Mapping
from datetime import date
from operator import methodcaller
from pathlib import Path
from typing import Any

from . import __version__
from .record import Record
from .terms import Status

_COLUMNS = ("id", "role", "standard", "level", "start_date", "status", "end_date", "ref", "line")
_STATUS = {s.value: s for s in Status}

Cached = tuple[list[Record], list[int], bool]  # the records, the line each starts on, and whether plain


class Cache:
    FORMAT = 1

    def __init__(self, folder: Path):
        self.folder = folder
        self.enabled = os.environ.get("APPRENTRACK_CACHE", "on") != "off"

    def _read(self, name: str, slug: str, raw: bytes) -> dict[str, Any] | None:
        """A cache file's content if it is for this version and these bytes; None otherwise."""
        if not self.enabled:
            return None
        try:
            data = json.loads((self.folder / name).read_bytes())
            if data["format"] == self.FORMAT and data["version"] == __version__ and data["key"] == _key(slug, raw):
                return data  # type: ignore[no-any-return]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # no cache, or one that is corrupt or foreign
        return None

    def counts(self, slug: str, raw: bytes) -> dict[Status, int] | None:
        """The file's records by status, from its summary."""
        data = self._read(f"{slug}.counts.json", slug, raw)
        try:
            return None if data is None else {_STATUS[k]: int(v) for k, v in data["counts"].items()}
        except (KeyError, ValueError, TypeError, AttributeError):
            return None

    def get(self, slug: str, raw: bytes) -> Cached | None:
        """The file's records and their lines, if cached for these bytes."""
        data = self._read(f"{slug}.json", slug, raw)
        if data is None:
            return None
        try:
            cols = data["columns"]
            ids, roles, standards, levels, starts, statuses, ends, refs, lines = (cols[k] for k in _COLUMNS)
            statuses = [_STATUS[s] for s in statuses]
            starts = [date.fromordinal(d) for d in starts]
            ends = [None if d is None else date.fromordinal(d) for d in ends]
            n = len(ids)
            columns = (ids, roles, standards, levels, starts, statuses, ends, refs, lines)
            if any(len(c) != n for c in columns) or not (  # each column of the type it must be
                {*map(type, ids), *map(type, roles)} <= {str}
                and {*map(type, standards), *map(type, refs)} <= {str, type(None)}
                and set(map(type, levels)) <= {int, type(None)}
                and set(map(type, lines)) <= {int}
                and all(map(methodcaller("startswith", slug + "-"), ids))
            ):
                return None
        except (OSError, ValueError, KeyError, TypeError, OverflowError):
            return None  # no cache, or one that is corrupt or foreign: read the file
        records = list(map(Record._make, zip(ids, roles, standards, levels, starts, statuses, ends, refs, strict=True)))
        return records, lines, data.get("plain") is True

    def put(self, slug: str, raw: bytes, records: list[Record], lines: list[int], plain: bool) -> None:
        if not self.enabled:
            return
        columns = {
            "id": [r.id for r in records],
            "role": [r.role for r in records],
            "standard": [r.standard for r in records],
            "level": [r.level for r in records],
            "start_date": [r.start_date.toordinal() for r in records],
            "status": [r.status.value for r in records],
            "end_date": [None if r.end_date is None else r.end_date.toordinal() for r in records],
            "ref": [r.ref for r in records],
            "line": lines,
        }
        self._write(f"{slug}.json", {**_head(slug, raw), "plain": plain, "columns": columns})
        self.put_counts(slug, raw, Counter(r.status for r in records))

    def put_counts(self, slug: str, raw: bytes, counts: Mapping[Status, int]) -> None:
        if self.enabled:
            self._write(f"{slug}.counts.json", {**_head(slug, raw), "counts": {s.value: n for s, n in counts.items()}})

    def _write(self, name: str, content: dict[str, Any]) -> None:
        target = self.folder / name
        try:
            self.folder.mkdir(exist_ok=True)
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(content, separators=(",", ":")))
            os.replace(tmp, target)
        except OSError:
            pass  # a read-only data dir: no cache, the same results


def _key(slug: str, raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=20, person=b"apprentrack-v1").hexdigest() + ":" + slug


def _head(slug: str, raw: bytes) -> dict[str, Any]:
    return {"format": Cache.FORMAT, "version": __version__, "key": _key(slug, raw)}

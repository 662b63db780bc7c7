"""A cache of borough files already read and found valid, so that the next run need not parse or check
them again. Reached only through the data dir (store.DataDir.cache); never needed for correctness, and
never a source of truth: `validate` does not read it, and the rules that depend on the day are checked
again on every run (store.DataDir.read_borough).

It lives in the user's cache folder (platformdirs; APPRENTRACK_CACHE_DIR to choose another), outside the
repository, so no one who can commit can plant an entry; a folder a data dir, named by a hash of its
resolved path. Each entry is keyed by a hash of the file's bytes (so an edit in the same second, or
another file of the same size, is never served stale), the borough, the cache's format and
apprentrack's version; an entry that is missing, corrupt, foreign or of another shape is ignored and
rebuilt. Only regular files of bounded size are read, never through a link; the whole cache is kept
under MAX_TOTAL_BYTES, the least recently written going first. JSON, not pickle: a planted file could
at worst be ignored, never run code. APPRENTRACK_CACHE=off turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import time
from datetime import date
from operator import methodcaller
from pathlib import Path
from typing import Any

from . import __version__
from .record import Record, Starts
from .terms import Status

_COLUMNS = ("id", "role", "standard", "level", "start_date", "status", "end_date", "ref", "line")
_STATUS = {s.value: s for s in Status}
MAX_ENTRY_BYTES = 256 * 1024 * 1024  # a 32 MiB record file caches to less than this
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # the whole cache, every data dir's

# The records, the line each starts on, their latest start or end date, and whether the file is plain.
Cached = tuple[list[Record], list[int], date, bool]


def cache_root() -> Path:
    """Where apprentrack keeps its cache: APPRENTRACK_CACHE_DIR, else the user's cache folder."""
    chosen = os.environ.get("APPRENTRACK_CACHE_DIR")
    if chosen:
        return Path(chosen)
    from platformdirs import user_cache_path

    return user_cache_path("apprentrack", appauthor=False)


def clear() -> Path:
    """Remove the whole cache (every data dir's); the next runs rebuild what they need."""
    root = cache_root()
    if root.is_symlink():
        root.unlink()
    elif root.is_dir():
        shutil.rmtree(root)
    return root


REGISTRY = "_registry.json"  # '_' is in no borough slug


class Cache:
    FORMAT = 3  # 3: a third entry a file, its starts by status (record.Starts)

    def __init__(self, data_dir: Path):
        where = hashlib.blake2b(str(data_dir.resolve()).encode(), digest_size=16).hexdigest()
        self.root = cache_root()
        self.folder = self.root / where
        self.enabled = os.environ.get("APPRENTRACK_CACHE", "on") != "off"
        self.sizes: dict[Path, tuple[float, int]] | None = None  # every entry's time and size, once listed

    def _read(self, name: str, slug: str, raw: bytes) -> dict[str, Any] | None:
        """A cache file's content if it is for this version and these bytes; None otherwise."""
        if not self.enabled:
            return None
        try:
            data = json.loads(_read_regular(self.folder / name))
            if data["format"] == self.FORMAT and data["version"] == __version__ and data["key"] == _key(slug, raw):
                return data  # type: ignore[no-any-return]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # no cache, or one that is corrupt, foreign, too big, or not a regular file
        return None

    def starts(self, slug: str, raw: bytes) -> Starts | None:
        """The file's records reduced to starts and ends by status (what status counts), from its summary."""
        data = self._read(f"{slug}.starts.json", slug, raw)
        if data is None:
            return None
        try:
            starts = {_STATUS[k]: v for k, v in data["starts"].items()}
            ends = {_STATUS[k]: v for k, v in data["ends"].items()}
            groups = [*starts.values(), *ends.values()]
            if not all(type(v) is list and set(map(type, v)) <= {int} and v == sorted(v) for v in groups):
                return None
            found = Starts(starts, ends)
            found.due()  # a day number out of range raises here
            return found
        except (KeyError, ValueError, TypeError, AttributeError, OverflowError):
            return None

    def counts(self, slug: str, raw: bytes) -> dict[Status, int] | None:
        """The file's records by status, from its smallest entry (what `add` reads of every other file)."""
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
            return (*from_columns(data["columns"], slug), data.get("plain") is True)
        except (ValueError, KeyError, TypeError, OverflowError):
            return None  # corrupt or foreign: read the file

    def registry(self, raw: bytes) -> dict[str, Any] | None:
        """boroughs.yaml as checked when these bytes were last read: the programme and boroughs as JSON
        (for the models to validate again: an entry is never trusted for types)."""
        data = self._read(REGISTRY, REGISTRY, raw)
        return None if data is None else data.get("registry")

    def put_registry(self, raw: bytes, registry: dict[str, Any]) -> None:
        if self.enabled:
            self._write(REGISTRY, {**_head(REGISTRY, raw), "registry": registry})

    def put(self, slug: str, raw: bytes, records: list[Record], lines: list[int], plain: bool) -> None:
        if not self.enabled:
            return
        self._write(f"{slug}.json", {**_head(slug, raw), "plain": plain, "columns": to_columns(records, lines)})
        self.put_starts(slug, raw, Starts.of(records))

    def put_starts(self, slug: str, raw: bytes, starts: Starts) -> None:
        """A valid file's summaries: its counts by status (for add) and its starts (for status's table)."""
        if self.enabled:
            counts = {s.value: len(days) for s, days in starts.starts.items()}
            self._write(f"{slug}.counts.json", {**_head(slug, raw), "counts": counts})
            by_status = {"starts": starts.starts, "ends": starts.ends}
            summary = {name: {s.value: days for s, days in group.items()} for name, group in by_status.items()}
            self._write(f"{slug}.starts.json", {**_head(slug, raw), **summary})

    def _write(self, name: str, content: dict[str, Any]) -> None:
        """Write an entry whole or not at all, only into real folders (never through a link); any failure
        (a read-only or full disk) leaves no cache and no temporary file: the same results, slower."""
        target = self.folder / name
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            for folder in (self.root, self.folder):
                folder.mkdir(parents=True, exist_ok=True)
                if folder.is_symlink() or not folder.is_dir():
                    return
            text = json.dumps(content, separators=(",", ":")).encode()
            if len(text) > MAX_ENTRY_BYTES:
                return
            with open(tmp, "xb") as f:  # x: never through a file or link someone left at this name
                f.write(text)
            os.replace(tmp, target)
        except OSError:
            tmp.unlink(missing_ok=True)
            return
        self._trim(target, len(text))

    def _trim(self, written: Path, size: int) -> None:
        """Keep the whole cache under MAX_TOTAL_BYTES, removing the entries written longest ago first. The
        entries are listed once a run (there may be thousands), then kept count of as this run writes."""
        if self.sizes is None:
            try:
                listed = [(p, p.stat()) for p in self.root.glob("*/*.json") if not p.is_symlink() and p.is_file()]
            except OSError:
                return
            self.sizes = {p: (info.st_mtime, info.st_size) for p, info in listed}
        self.sizes[written] = (time.time(), size)
        total = sum(size for _, size in self.sizes.values())
        for path, (_, size) in sorted(self.sizes.items(), key=lambda item: item[1][0]):
            if total <= MAX_TOTAL_BYTES:
                break
            path.unlink(missing_ok=True)
            del self.sizes[path]
            total -= size


def to_columns(records: list[Record], lines: list[int]) -> dict[str, list[Any]]:
    """A file's records as columns of JSON's plain types (dates as ordinals): the cache's form, and what a
    worker process sends back (much cheaper to pass than the records)."""
    return {
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


def from_columns(cols: dict[str, list[Any]], slug: str) -> tuple[list[Record], list[int], date]:
    """The records and lines back from columns, and the latest start or end date among them; a
    ValueError (or KeyError, TypeError) for columns that are not what to_columns makes for this borough."""
    ids, roles, standards, levels, starts, statuses, ends, refs, lines = (cols[k] for k in _COLUMNS)
    latest = date.fromordinal(max([*starts, *filter(None, ends)], default=1))
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
        raise ValueError("columns of the wrong shape")
    records = list(map(Record._make, zip(ids, roles, standards, levels, starts, statuses, ends, refs, strict=True)))
    return records, lines, latest


def _key(slug: str, raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=20, person=b"apprentrack-v1").hexdigest() + ":" + slug


def _head(slug: str, raw: bytes) -> dict[str, Any]:
    return {"format": Cache.FORMAT, "version": __version__, "key": _key(slug, raw)}


def _read_regular(path: Path) -> bytes:
    """A cache file's bytes: only a regular file, never through a link, no bigger than an entry can be."""
    # O_NONBLOCK: opening a FIFO left at this name returns at once (and is then refused) instead of hanging.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if path.is_symlink():
        raise OSError(f"{path} is a link")
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            raise OSError(f"{path} is not a cache entry")
        return f.read()

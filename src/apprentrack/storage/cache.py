"""A cache of what each borough file counts to (its Timeline), and of boroughs.yaml as checked, so that a
run over unchanged files neither parses nor checks them: status reads only these, and so do the totals a
write prints. Reached only through DataDir; never needed, and never a source of truth: `validate` does not
read it.

It lives in the user's cache folder (platformdirs; APPRENTRACK_CACHE_DIR chooses another), outside the
repository, a folder a data dir named by a hash of its resolved path, one entry a file of the data dir,
replaced when the file changes: it holds no more than the data dirs in use. An entry is keyed by
everything that can change what its file means: the file's bytes, the rules' version (RULES_VERSION), and
what the rules read besides the file (boroughs.yaml's bytes, and London's today for the rules about the
future). An entry with another key, or that is corrupt, foreign or of another shape, is ignored and
rebuilt. Only regular files of bounded size are read, never through a link; JSON, never pickle.
APPRENTRACK_CACHE=off turns it off.
"""

from __future__ import annotations

import array
import base64
import contextlib
import hashlib
import json
import os
import re
import stat
import sys
from datetime import date
from pathlib import Path
from typing import Any

from ..domain.counting import Days, Timeline
from ..domain.programme import Borough, Programme, Registry
from ..domain.words import Status

# Bumped by any change to a rule of what a file may hold (the record rules, the checks of a file or of
# boroughs.yaml): an unchanged file is then checked afresh under the new rules. 2: the record rules as
# plain functions; 3: the `logged` date, a recruited hire starting up to a year ahead; 4: any UK council's
# code (or none), area London's only, the programme's member_word; 5: the figures of boroughs.yaml (target,
# pledge, headcount) at most a billion, and no way to write a borough (name, slug, code, alias) another's.
# 6: a hire recruited to start later carries its logged day.
RULES_VERSION = 6
FORMAT = 2  # the shape of an entry (2: its columns of days in base64)
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # the timeline of a 32 MiB record file is far smaller
REGISTRY = "_boroughs"  # '_' is in no borough slug
# Patterns as text, compiled by `re` at their first use: only `apprentrack cache` lists and removes entries.
_FOLDER = r"[0-9a-f]{32}"  # the folders the cache makes, one a data dir
_ENTRY = r"(?:_boroughs|[a-z]+(?:-[a-z]+)*)\.json|\..+\.\d+\.tmp"  # the files it writes there


# How every entry the tool writes begins: its key, the SHA-256 of its file's bytes first. A file is removed by
# `cache --clear` only if it is named as an entry and begins so: proof that apprentrack wrote it.
_OURS = rb'\{"key":"[0-9a-f]{64}:'
NO_HOME = "no cache folder: this user has no home directory (set HOME, or APPRENTRACK_CACHE_DIR to a folder)"


def cache_root() -> Path | None:
    """Where apprentrack keeps its cache: APPRENTRACK_CACHE_DIR, else the user's cache folder; None when
    there is none to find (no HOME, and a user the password database does not know): then no cache, and
    never one made under a folder named '~' wherever the command runs."""
    chosen = os.environ.get("APPRENTRACK_CACHE_DIR")
    if chosen:
        return Path(chosen).absolute()
    from platformdirs import user_cache_path

    try:
        found = user_cache_path("apprentrack", appauthor=False)
    except (RuntimeError, KeyError, OSError):  # platformdirs could not find a home
        return None
    return found if found.is_absolute() else None


def _ours(entry: Path) -> bool:
    """Whether a file in one of the cache's folders is an entry apprentrack wrote: named as one, a regular
    file (never a link), beginning as every entry begins."""
    if not re.fullmatch(_ENTRY, entry.name):
        return False
    try:
        return re.match(_OURS, _read_regular(entry, 80)) is not None
    except OSError:
        return False


def _folders(root: Path | None) -> list[Path]:
    """The folders the cache made in `root`, one a data dir (none if it cannot be read)."""
    if root is None or root.is_symlink() or not root.is_dir():
        return []
    try:
        return [f for f in root.iterdir() if re.fullmatch(_FOLDER, f.name) and not f.is_symlink() and f.is_dir()]
    except OSError:
        return []


def entries() -> list[Path]:
    """Every entry apprentrack wrote, in every data dir's folder (those it may read)."""
    found = []
    for folder in _folders(cache_root()):
        try:
            found += [entry for entry in folder.iterdir() if _ours(entry)]
        except OSError:
            continue
    return found


def clear() -> tuple[Path | None, int]:
    """Remove every entry apprentrack wrote (every data dir's), and the folders it made once empty; any other
    file in them is left alone, even one named like an entry. The cache folder and how many entries went."""
    root = cache_root()
    removed = 0
    for folder in _folders(root):
        for entry in [e for e in _listed(folder) if _ours(e)]:
            with contextlib.suppress(OSError):
                entry.unlink()
                removed += 1
        _rmdir_if_empty(folder)
    if root is not None:
        _rmdir_if_empty(root)
    return root, removed


def _listed(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _rmdir_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not empty (someone else's files), or not ours to remove
        folder.rmdir()


class Cache:
    def __init__(self, data_dir: Path, today: date):
        where = hashlib.blake2b(str(data_dir.resolve()).encode(), digest_size=16).hexdigest()
        root = cache_root()
        self.folder = (root or Path(os.devnull)) / where
        self.today = today
        self.enabled = root is not None and os.environ.get("APPRENTRACK_CACHE", "on") != "off"
        self.boroughs = b""  # boroughs.yaml's bytes: part of every file's key

    def _key(self, raw: bytes, *context: str) -> str:
        return ":".join([hashlib.sha256(raw).hexdigest(), str(FORMAT), str(RULES_VERSION), *context])

    def _file_key(self, slug: str, raw: bytes) -> str:
        return self._key(raw, slug, hashlib.sha256(self.boroughs).hexdigest(), self.today.isoformat())

    def timeline(self, slug: str, raw: bytes) -> Timeline | None:
        """The file's timeline, if cached for these bytes under today's rules."""
        data = self._read(slug, self._file_key(slug, raw))
        try:
            return None if data is None else _timeline(data["timeline"])
        except (KeyError, ValueError, TypeError, AttributeError, OverflowError):
            return None  # not what this version writes: read the file

    def put_timeline(self, slug: str, raw: bytes, timeline: Timeline) -> None:
        days = {
            s.value: {"start": _column(d.start), "end": _column(d.end), "logged": _column(d.logged)}
            for s, d in timeline.days.items()
        }
        self._write(slug, {"key": self._file_key(slug, raw), "timeline": days})

    def registry(self, raw: bytes) -> Registry | None:
        """boroughs.yaml as it was checked when these bytes were last read."""
        data = self._read(REGISTRY, self._key(raw))
        try:
            return None if data is None else _registry(data["registry"])
        except (KeyError, ValueError, TypeError, AttributeError):
            return None

    def put_registry(self, raw: bytes, registry: Registry) -> None:
        programme = registry.programme
        entry = {
            "programme": {
                **programme._asdict(),
                "start": programme.start.isoformat(),
                "deadline": programme.deadline.isoformat(),
                "counts": [s.value for s in programme.counts],
            },
            "boroughs": [
                {
                    **b._asdict(),
                    "member_since": b.member_since and b.member_since.isoformat(),
                    "aliases": list(b.aliases),
                }
                for b in registry.boroughs.values()
            ],
        }
        self._write(REGISTRY, {"key": self._key(raw), "registry": entry})

    def _read(self, name: str, key: str) -> dict[str, Any] | None:
        if not self.enabled:
            return None
        try:
            data = json.loads(_read_regular(self.folder / f"{name}.json"))
        except (OSError, ValueError, RecursionError):
            return None  # no entry, or one that is corrupt, nested without end, too big, or not a regular file
        return data if isinstance(data, dict) and data.get("key") == key else None

    def _write(self, name: str, content: dict[str, Any]) -> None:
        """Write an entry whole or not at all, only into real folders (never through a link); any failure
        (a read-only or full disk) leaves no entry and no temporary file: the same results, slower."""
        if not self.enabled:
            return
        target = self.folder / f"{name}.json"
        tmp = self.folder / f".{name}.{os.getpid()}.tmp"
        try:
            for folder in (self.folder.parent, self.folder):
                folder.mkdir(parents=True, exist_ok=True)
                if folder.is_symlink() or not folder.is_dir():
                    return
            with open(tmp, "xb") as f:  # x: never through a file or link someone left at this name
                f.write(json.dumps(content, separators=(",", ":")).encode())
            os.replace(tmp, target)
        except OSError:
            with contextlib.suppress(OSError):  # a folder that cannot even be looked in
                tmp.unlink(missing_ok=True)


_STATUS = {s.value: s for s in Status}


# A column of day numbers (date.toordinal; 0, no day, for a record that has not ended) as an entry holds
# it: 32-bit little-endian integers in base64, read back in about a third less time than a JSON list of
# numbers (24 ms against 37 ms at 100,000 records).
_LAST_DAY = date.max.toordinal()


def _column(days: list[int]) -> str:
    column = array.array("i", days)
    if sys.byteorder == "big":
        column.byteswap()
    return base64.b64encode(column.tobytes()).decode("ascii")


def _day_numbers(text: Any, sort: bool = False, optional: bool = False) -> list[int]:
    """A column as _column writes it; a ValueError (or TypeError) for anything else: text that is not
    base64 of whole 32-bit numbers, a day before the first or after the last (0 where `optional`), a
    column to be sorted that is not."""
    if type(text) is not str:
        raise TypeError("not a column of day numbers")
    column = array.array("i")
    column.frombytes(base64.b64decode(text, validate=True))
    if sys.byteorder == "big":
        column.byteswap()
    days = column.tolist()
    if sort and days != sorted(days):
        raise ValueError("not in order")
    low, high = (days[0], days[-1]) if sort and days else (min(days, default=1), max(days, default=1))
    if low < (0 if optional else 1) or high > _LAST_DAY:
        raise ValueError("a day out of range")
    return days


def _timeline(data: dict[str, Any]) -> Timeline:
    days = {}
    for name, part in data.items():
        d = Days(
            _day_numbers(part["start"], sort=True),
            _day_numbers(part["end"], optional=True),
            _day_numbers(part["logged"]),
        )
        if not len(d.start) == len(d.end) == len(d.logged):
            raise ValueError("columns of different lengths")
        days[_STATUS[name]] = d
    return Timeline(days)


def _of_type(value: Any, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError(f"expected {kind}, found {type(value).__name__}")
    return value


def _text_or_none(value: Any) -> str | None:
    return None if value is None else _of_type(value, str)


def _day_or_none(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(_of_type(value, str))


def _registry(data: dict[str, Any]) -> Registry:
    """The registry from an entry put_registry wrote; a TypeError (or KeyError, ValueError) for anything
    else. The types are checked, not the rules: they were checked when the entry was written."""
    p = data["programme"]
    programme = Programme(
        name=_of_type(p["name"], str),
        target=_of_type(p["target"], int),
        start=date.fromisoformat(_of_type(p["start"], str)),
        deadline=date.fromisoformat(_of_type(p["deadline"], str)),
        counts=tuple(_STATUS[_of_type(s, str)] for s in _of_type(p["counts"], list)),
        recent_weeks=_of_type(p["recent_weeks"], int),
        stale_after_weeks=_of_type(p["stale_after_weeks"], int),
        member_word=_of_type(p["member_word"], str),
    )
    boroughs = [
        Borough(
            slug=_of_type(b["slug"], str),
            name=_of_type(b["name"], str),
            code=_text_or_none(b["code"]),
            area=_text_or_none(b["area"]),
            member_since=_day_or_none(b["member_since"]),
            pledge=None if b["pledge"] is None else _of_type(b["pledge"], int),
            headcount=None if b["headcount"] is None else _of_type(b["headcount"], int),
            aliases=tuple(_of_type(a, str) for a in _of_type(b["aliases"], list)),
        )
        for b in _of_type(data["boroughs"], list)
    ]
    return Registry(programme, boroughs)


def _read_regular(path: Path, size: int = -1) -> bytes:
    """An entry's bytes (its first `size`, if given): only a regular file, never through a link, no bigger
    than an entry can be."""
    # O_NONBLOCK: opening a FIFO left at this name returns at once (and is then refused) instead of hanging.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if path.is_symlink():
        raise OSError(f"{path} is a link")
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            raise OSError(f"{path} is not a cache entry")
        return f.read(size)

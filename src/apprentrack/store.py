"""The data dir: read YAML keeping line numbers, and check every record (writer.py writes).

Layout: <data dir>/boroughs.yaml (the programme and the boroughs) and <data dir>/apprentices/<slug>.yaml
(one file a borough, a list of records).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import date
from operator import methodcaller
from pathlib import Path
from typing import NamedTuple

import yaml
from pydantic import BaseModel, ValidationError

from . import __version__
from .errors import DataError, InvalidValue, Problem, UsageError
from .models import Apprentice, Borough, Programme, Record, Registry, personal_data
from .terms import Status

BOROUGHS_FILE = "boroughs.yaml"
APPRENTICES_DIR = "apprentices"
CACHE_DIR = ".apprentrack-cache"  # beside boroughs.yaml; git ignores it
MAX_FILE_BYTES = 32 * 1024 * 1024  # about 200,000 records; anything bigger is a mistake or an attack

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser where PyYAML has it


class Lines(dict):
    """A YAML mapping that knows its own line and each key's line (1-based), for messages."""

    line: int = 1
    lines: dict


class Loader(_BaseLoader):
    """Safe loading, stricter: no aliases (so no alias bombs), no duplicate keys, impossible dates kept
    as text for the models to report, and mappings that remember their line numbers."""

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "this value (&anchor) is used again by an alias (*anchor): aliases are not allowed; write it out",
                node.start_mark,
            )
        return super().construct_object(node, deep=deep)

    def construct_lines(self, node: yaml.MappingNode) -> Lines:
        if not isinstance(node, yaml.MappingNode):  # pragma: no cover - the resolver only sends mappings
            raise yaml.constructor.ConstructorError(None, None, "expected a mapping", node.start_mark)
        result = Lines()
        result.line, result.lines = node.start_mark.line + 1, {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(None, None, "a key must be a plain word", key_node.start_mark)
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"'{key}' appears twice in one record (first on line {result.lines[key]})",
                    key_node.start_mark,
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1
        return result

    def construct_timestamp(self, node):
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:  # 2020-02-30: leave the text for the model to refuse with its line
            return self.construct_scalar(node)


Loader.add_constructor("tag:yaml.org,2002:map", Loader.construct_lines)
Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_timestamp)


# ---------------------------------------------------------------------------------- the fast path
# Files written by `apprentrack add` (and most written by hand) are a block list of flat records whose
# values are dates, whole numbers and plain words. fast_parse reads exactly that shape, line by line, with
# the same result as the YAML loader (test_cache.py checks it is the same), several times faster;
# anything else (quotes, flow style, comments after a value, anchors, a key twice, words YAML reads as
# booleans or null) makes it give up, and the YAML loader reads the file.

_FAST_LINE = re.compile(
    r"(- |  )([a-z_]+): (?:"
    r"(?P<word>[A-Za-z](?:[A-Za-z0-9 _./()&+-]*[A-Za-z0-9_./()&+-])?)"
    r"|(?P<int>0|[1-9]\d{0,8})"
    r"|(?P<date>\d{4}-\d\d-\d\d))"
)
_YAML_WORDS = {
    w for word in ("yes", "no", "true", "false", "on", "off", "null") for w in (word, word.title(), word.upper())
}


def fast_parse(text: str) -> list[Lines] | None:
    """The records of a file in the plain shape (see above), or None: read it with the YAML loader."""
    records: list[Lines] = []
    current = None
    match_line = _FAST_LINE.fullmatch
    for number, line in enumerate(text.split("\n"), start=1):
        if not line or line[0] == "#" or line == "\r":
            continue
        match = match_line(line[:-1] if line[-1] == "\r" else line)
        if match is None:
            return None
        lead, key, word, number_text, day = match.groups()
        if word is not None:
            if word in _YAML_WORDS:
                return None
            value: object = word
        elif number_text is not None:
            value = int(number_text)
        else:
            try:
                value = date.fromisoformat(day)
            except ValueError:  # 2020-02-30: text, as the YAML loader leaves it
                value = day
        if lead == "- ":
            current = Lines()
            current.line, current.lines = number, {}
            records.append(current)
        elif current is None or key in current:
            return None
        current[key] = value
        current.lines[key] = number
    return records


def read_bytes(path: Path) -> bytes:
    """A file's bytes, refusing one too big to be a record file before reading it."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataError([Problem(path, 1, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")])
    return path.read_bytes()


def read_yaml(path: Path, raw: bytes | None = None) -> tuple[object, bytes, bool]:
    """The parsed document, the raw bytes, and whether the file is in the plain shape fast_parse reads;
    any problem as a DataError naming the file and line."""
    if raw is None:
        raw = read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError(
            [Problem(path, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")]
        ) from None
    fast = fast_parse(text)
    if fast is not None:
        return fast, raw, True
    try:
        return yaml.load(text, Loader=Loader), raw, False
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "not valid YAML"
        raise DataError([Problem(path, mark.line + 1 if mark else 1, f"invalid YAML: {message}")]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare (e.g. a stream error)
        raise DataError([Problem(path, 1, f"invalid YAML: {exc}")]) from None


def _problems(path: Path, model: type[BaseModel], item: object, exc: ValidationError, what: str = "") -> list[Problem]:
    """pydantic's errors as `path:line: field: message`, each on the line of the field it is about (an item
    that is not a mapping has no lines of its own: the file's first line stands in)."""
    out = []
    lines, start = getattr(item, "lines", {}), getattr(item, "line", 1)
    for err in exc.errors():
        loc = err["loc"]
        field = str(loc[0]) if loc else ""
        where = ".".join(map(str, loc))
        line = lines.get(field, start)
        kind = err["type"]
        if not loc:  # the item itself is wrong: not a mapping of fields
            message = f"expected fields (key: value), found {err['input']!r}"[:200]
        elif kind == "missing":
            message = f"missing field '{where}'"
        elif kind == "extra_forbidden":
            message = f"unknown field '{where}' (fields are: {', '.join(model.model_fields)})"
        elif kind == "value_error":
            message = f"{where}: {err['ctx']['error']}"
        else:
            found = repr(err["input"])
            found = found if len(found) <= 60 else found[:57] + "..."
            message = f"{where}: {err['msg']} (found {found})"
        out.append(Problem(path, line, what + message))
    return out


def _shape(path: Path, data: object, key: str | None = None) -> list:
    """A document's list of records (or of boroughs), refusing any other shape."""
    if key is not None:
        if not isinstance(data, Lines) or key not in data:
            raise DataError([Problem(path, 1, f"expected a '{key}:' section")])
        data = data[key]
    if data is None:
        return []
    if not isinstance(data, list):
        kind = "a mapping" if isinstance(data, dict) else f"{type(data).__name__} {data!r}"[:60]
        raise DataError(
            [
                Problem(
                    path, getattr(data, "line", 1), f"expected a list of records, each starting with '- ', found {kind}"
                )
            ]
        )
    return data


# ------------------------------------------------------------------------------------------ dataset


class Entry(NamedTuple):
    """A valid record and where it came from."""

    borough: str
    record: Record
    path: Path
    line: int


@dataclass(frozen=True)
class Records:
    """One borough file's valid records, in file order, and the line each starts on."""

    path: Path
    records: list[Record]
    lines: list[int]
    plain: bool = False  # in the plain shape fast_parse reads: appending plain text keeps it plain


@dataclass(frozen=True)
class Dataset:
    registry: Registry
    files: dict[str, Records]  # by borough slug
    problems: list[Problem]
    read: int  # how many files were looked at

    def by_borough(self) -> dict[str, list[Record]]:
        """What progress.py counts."""
        return {slug: f.records for slug, f in self.files.items()}

    def count(self) -> int:
        return sum(len(f.records) for f in self.files.values())

    def entries(self) -> list[Entry]:
        return [
            Entry(slug, record, f.path, line)
            for slug, f in self.files.items()
            for record, line in zip(f.records, f.lines, strict=True)
        ]

    def warnings(self) -> list[Problem]:
        """Valid records whose text looks like personal data (the value itself is not repeated)."""
        return [
            Problem(e.path, e.line, f"warning: {e.record.id}: {field} {message}")
            for e in self.entries()
            for field, message in personal_data(e.record)
        ]


def records_of(path: Path, slug: str, data: object, plain: bool = False) -> tuple[Records, list[Problem]]:
    """A parsed file's valid records, and the problems of the others. Ids must start with the file's
    borough slug: so an id can be used twice only within one file, and a writer need read no other."""
    records, lines, problems = [], [], []
    for number, item in enumerate(_shape(path, data), start=1):
        if not isinstance(item, Lines):
            problems.append(Problem(path, 1, f"record {number}: expected fields (key: value), found {item!r}"[:200]))
            continue
        try:
            record = Apprentice.model_validate(item).record()
        except ValidationError as exc:
            problems += _problems(path, Apprentice, item, exc)
            continue
        if not record.id.startswith(slug + "-"):
            problems.append(
                Problem(
                    path, item.lines["id"], f"id '{record.id}' does not belong in this file: ids here start '{slug}-'"
                )
            )
        records.append(record)
        lines.append(item.line)
    if len({r.id for r in records}) < len(records):  # rare: find which, and say where
        first: dict[str, int] = {}
        for record, line in zip(records, lines, strict=True):
            if record.id in first:
                problems.append(Problem(path, line, f"id '{record.id}' is used twice (also {path}:{first[record.id]})"))
            first.setdefault(record.id, line)
    return Records(path, records, lines, plain), problems


def registry_of(path: Path, data: object) -> Registry:
    """The programme and boroughs of a parsed boroughs.yaml, or a DataError with every problem."""
    problems: list[Problem] = []
    if not isinstance(data, Lines) or set(data) - {"programme", "boroughs"}:
        raise DataError([Problem(path, 1, "expected two sections, 'programme:' and 'boroughs:', and no others")])
    section = data.get("programme")
    if not isinstance(section, Lines):
        raise DataError([Problem(path, 1, "expected a 'programme:' section of fields")])
    try:
        programme = Programme.model_validate(section)
    except ValidationError as exc:
        programme = None
        problems += _problems(path, Programme, section, exc, "programme: ")
    boroughs, seen = [], {}
    for item in _shape(path, data, "boroughs"):
        try:
            borough = Borough.model_validate(item)
        except ValidationError as exc:
            problems += _problems(path, Borough, item, exc, "borough: ")
            continue
        for key in (borough.slug, borough.code):
            if key in seen:
                problems.append(Problem(path, item.line, f"borough: '{key}' is used twice (first on line {seen[key]})"))
            seen[key] = item.line
        boroughs.append(borough)
    if problems:
        raise DataError(problems)
    return Registry(programme, boroughs)


class Cache:
    """Records of files already read and found valid, so that the next run need not parse or check them
    again. Never needed for correctness: each entry is keyed by a hash of the file's bytes (so an edit in
    the same second, or another file of the same size, is never served stale), by the borough and by
    apprentrack's version; an entry that is missing, corrupt, foreign or of another shape is ignored and
    rebuilt. Only files with no problems are kept: a valid file stays valid (the one rule that depends on
    the date, "not in the future", can only become easier to meet). JSON, not pickle: a cache file planted
    by someone else can at worst be ignored, never run code."""

    FORMAT = 1

    def __init__(self, folder: Path):
        self.folder = folder
        self.enabled = os.environ.get("APPRENTRACK_CACHE", "on") != "off"

    def _read(self, name: str, slug: str, raw: bytes) -> dict | None:
        """A cache file's content if it is for this version and these bytes; None otherwise."""
        if not self.enabled:
            return None
        try:
            data = json.loads((self.folder / name).read_bytes())
            if data["format"] == self.FORMAT and data["version"] == __version__ and data["key"] == self._key(slug, raw):
                return data
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

    @staticmethod
    def _key(slug: str, raw: bytes) -> str:
        return hashlib.blake2b(raw, digest_size=20, person=b"apprentrack-v1").hexdigest() + ":" + slug

    def get(self, path: Path, slug: str, raw: bytes) -> Records | None:
        data = self._read(f"{slug}.json", slug, raw)
        if data is None:
            return None
        try:
            cols = data["columns"]
            ids, roles, standards, levels, starts, statuses, ends, refs, lines = (cols[k] for k in _CACHE_COLUMNS)
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
        return Records(path, records, lines, data.get("plain") is True)

    def put(self, path: Path, slug: str, raw: bytes, found: Records) -> None:
        if not self.enabled:
            return
        records = found.records
        columns = {
            "id": [r.id for r in records],
            "role": [r.role for r in records],
            "standard": [r.standard for r in records],
            "level": [r.level for r in records],
            "start_date": [r.start_date.toordinal() for r in records],
            "status": [r.status.value for r in records],
            "end_date": [None if r.end_date is None else r.end_date.toordinal() for r in records],
            "ref": [r.ref for r in records],
            "line": found.lines,
        }
        head = self._head(slug, raw)
        self._write(f"{slug}.json", {**head, "plain": found.plain, "columns": columns})
        self._write(f"{slug}.counts.json", {**head, "counts": Counter(r.status.value for r in records)})

    def put_counts(self, slug: str, raw: bytes, counts: Mapping[Status, int]) -> None:
        if self.enabled:
            self._write(
                f"{slug}.counts.json", {**self._head(slug, raw), "counts": {s.value: n for s, n in counts.items()}}
            )

    def _head(self, slug: str, raw: bytes) -> dict:
        return {"format": self.FORMAT, "version": __version__, "key": self._key(slug, raw)}

    def _write(self, name: str, content: dict) -> None:
        target = self.folder / name
        try:
            self.folder.mkdir(exist_ok=True)
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(content, separators=(",", ":")))
            os.replace(tmp, target)
        except OSError:
            pass  # a read-only data dir: no cache, the same results


_CACHE_COLUMNS = ("id", "role", "standard", "level", "start_date", "status", "end_date", "ref", "line")
_STATUS = {s.value: s for s in Status}


class DataDir:
    """One programme's data directory."""

    def __init__(self, root: Path):
        self.root = Path(root)
        if not self.root.is_dir():
            raise UsageError(
                f"no data directory at '{self.root}'. Run apprentrack in the folder that holds data/, "
                "point to one with --data-dir DIR (or the APPRENTRACK_DATA environment variable), "
                "or make a new one with `apprentrack init DIR`."
            )
        self.boroughs_file = self.root / BOROUGHS_FILE
        self.apprentices = self.root / APPRENTICES_DIR
        self.cache = Cache(self.root / CACHE_DIR)

    def borough_file(self, slug: str) -> Path:
        return self.apprentices / f"{slug}.yaml"

    def registry(self) -> Registry:
        path = self.boroughs_file
        if not path.is_file():
            raise DataError([Problem(path, 1, "missing: the programme and its boroughs are defined here")])
        return registry_of(path, read_yaml(path)[0])

    def read_borough(self, path: Path, slug: str) -> tuple[bytes, Records, list[Problem]]:
        """A borough file's bytes, valid records and problems: from the cache when the file is unchanged,
        else parsed and checked (and cached, if it has no problem)."""
        raw = read_bytes(path)
        records = self.cache.get(path, slug, raw)
        if records is not None:
            return raw, records, []
        data, _, plain = read_yaml(path, raw)
        records, problems = records_of(path, slug, data, plain)
        if not problems:
            self.cache.put(path, slug, raw, records)
        return raw, records, problems

    def status_counts(self) -> dict[str, dict[Status, int]]:
        """Each borough's records by status: from the cache's small summaries where the file is unchanged
        (a read and a hash, no parse), so this costs little whatever the files hold. Files with problems
        are left out."""
        out = {}
        for path in self._files():
            if path.suffix != ".yaml" or not self.inside(path):
                continue
            raw = read_bytes(path)
            counts = self.cache.counts(path.stem, raw)
            if counts is None:
                try:
                    _, records, problems = self.read_borough(path, path.stem)
                except DataError:
                    continue
                if problems:
                    continue
                counts = Counter(r.status for r in records.records)
                self.cache.put_counts(path.stem, raw, counts)
            out[path.stem] = counts
        return out

    def _files(self) -> list[Path]:
        if not self.apprentices.is_dir():
            return []
        return sorted(p for p in self.apprentices.iterdir() if not p.name.startswith("."))

    def inside(self, path: Path) -> bool:
        """False for a link that leads out of the data directory (it could read or clobber any file)."""
        return not path.is_symlink() or self.root.resolve() in path.resolve().parents

    def load(self, registry: Registry | None = None) -> Dataset:
        """Every record of every file, and every problem found on the way (never raised, except in
        boroughs.yaml, without which nothing else can be read)."""
        registry = registry or self.registry()
        found: dict[str, Records] = {}
        problems: list[Problem] = []
        files = self._files()
        for path in files:
            slug = path.stem
            if path.suffix != ".yaml":
                problems.append(Problem(path, 1, "not read: record files are named <borough-slug>.yaml"))
                continue
            if slug not in registry.boroughs:
                try:
                    hint = f"name it {registry.find(slug).slug}.yaml"
                except InvalidValue as exc:
                    hint = str(exc)
                problems.append(Problem(path, 1, f"not read: '{path.name}' is not named after a borough slug; {hint}"))
                continue
            if not self.inside(path):
                problems.append(Problem(path, 1, "not read: a link to a file outside the data directory"))
                continue
            try:
                _, records, wrong = self.read_borough(path, slug)
            except DataError as exc:
                problems += exc.problems
                continue
            problems += wrong
            found[slug] = records
        problems.sort(key=lambda p: (str(p.path), p.line))
        return Dataset(registry, found, problems, len(files))

    def load_valid(self, registry: Registry | None = None) -> Dataset:
        """As load(), but refuse data with problems: figures are only given for data that checks out."""
        dataset = self.load(registry)
        if dataset.problems:
            raise DataError(dataset.problems)
        return dataset

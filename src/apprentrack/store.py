"""The data dir: read YAML keeping line numbers, and check every record (writer.py writes).

Layout: <data dir>/boroughs.yaml (the programme and the boroughs) and <data dir>/apprentices/<slug>.yaml
(one file a borough, a list of records).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from .errors import DataError, InvalidValue, Problem, UsageError
from .models import Apprentice, Borough, Programme, Registry, personal_data

BOROUGHS_FILE = "boroughs.yaml"
APPRENTICES_DIR = "apprentices"
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


def read_yaml(path: Path) -> tuple[object, bytes]:
    """The parsed document and the raw bytes; any problem as a DataError naming the file and line."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataError([Problem(path, 1, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError(
            [Problem(path, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")]
        ) from None
    try:
        return yaml.load(text, Loader=Loader), raw
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "not valid YAML"
        raise DataError([Problem(path, mark.line + 1 if mark else 1, f"invalid YAML: {message}")]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare (e.g. a stream error)
        raise DataError([Problem(path, 1, f"invalid YAML: {exc}")]) from None


def _problems(path: Path, model: type[BaseModel], item: Lines, exc: ValidationError, what: str = "") -> list[Problem]:
    """pydantic's errors as `path:line: field: message`, each on the line of the field it is about."""
    out = []
    for err in exc.errors():
        loc = err["loc"]
        field = str(loc[0]) if loc else ""
        where = ".".join(map(str, loc))
        line = item.lines.get(field, item.line)
        kind = err["type"]
        if kind == "missing":
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


@dataclass(frozen=True)
class Entry:
    """A valid record and where it came from."""

    borough: str
    record: Apprentice
    path: Path
    line: int


@dataclass(frozen=True)
class Dataset:
    registry: Registry
    entries: list[Entry]
    problems: list[Problem]
    files: int

    def pairs(self) -> list[tuple[str, Apprentice]]:
        """(borough slug, record) pairs: what progress.py counts."""
        return [(e.borough, e.record) for e in self.entries]

    def warnings(self) -> list[Problem]:
        """Valid records whose text looks like personal data (the value itself is not repeated)."""
        return [
            Problem(e.path, e.line, f"warning: {e.record.id}: {field} {message}")
            for e in self.entries
            for field, message in personal_data(e.record)
        ]


def records_of(path: Path, slug: str, data: object) -> tuple[list[Entry], list[Problem]]:
    entries, problems = [], []
    for number, item in enumerate(_shape(path, data), start=1):
        if not isinstance(item, Lines):
            problems.append(Problem(path, 1, f"record {number}: expected fields (key: value), found {item!r}"[:200]))
            continue
        try:
            record = Apprentice.model_validate(item)
        except ValidationError as exc:
            problems += _problems(path, Apprentice, item, exc)
            continue
        if not record.id.startswith(slug + "-"):
            problems.append(
                Problem(
                    path, item.lines["id"], f"id '{record.id}' does not belong in this file: ids here start '{slug}-'"
                )
            )
        entries.append(Entry(slug, record, path, item.line))
    return entries, problems


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


class DataDir:
    """One programme's data directory."""

    def __init__(self, root: Path):
        self.root = Path(root)
        if not self.root.is_dir():
            raise UsageError(
                f"no data directory at '{self.root}'. Run apprentrack in the folder that holds data/, "
                "or point to one with --data-dir DIR (or the APPRENTRACK_DATA environment variable)."
            )
        self.boroughs_file = self.root / BOROUGHS_FILE
        self.apprentices = self.root / APPRENTICES_DIR

    def borough_file(self, slug: str) -> Path:
        return self.apprentices / f"{slug}.yaml"

    def registry(self) -> Registry:
        path = self.boroughs_file
        if not path.is_file():
            raise DataError([Problem(path, 1, "missing: the programme and its boroughs are defined here")])
        return registry_of(path, read_yaml(path)[0])

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
        entries: list[Entry] = []
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
                data, _ = read_yaml(path)
                found, wrong = records_of(path, slug, data)
            except DataError as exc:
                problems += exc.problems
                continue
            entries += found
            problems += wrong
        first: dict[str, Entry] = {}
        for entry in entries:
            if entry.record.id in first:
                other = first[entry.record.id]
                problems.append(
                    Problem(
                        entry.path, entry.line, f"id '{entry.record.id}' is used twice (also {other.path}:{other.line})"
                    )
                )
            first.setdefault(entry.record.id, entry)
        problems.sort(key=lambda p: (str(p.path), p.line))
        return Dataset(registry, entries, problems, len(files))

    def load_valid(self, registry: Registry | None = None) -> Dataset:
        """As load(), but refuse data with problems: figures are only given for data that checks out."""
        dataset = self.load(registry)
        if dataset.problems:
            raise DataError(dataset.problems)
        return dataset

"""The data dir and the dataset: every borough file read, every record checked, every problem found.

Layout: <data dir>/boroughs.yaml (the programme and the boroughs) and <data dir>/apprentices/<slug>.yaml
(one file a borough, a list of records). Reading YAML is yamlread.py's; the cache is cache.py's, reached
only through DataDir; writing is writer.py's.
"""

from __future__ import annotations

import os
import stat
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from .cache import Cache, from_columns, to_columns
from .checks import MOVED, BoroughFile, check_borough_file, check_registry, interrupted_moves, known_standards
from .dates import today
from .errors import DataError, InvalidValue, Problem, UsageError
from .models import Borough, Programme, Registry
from .record import Record, Starts, after_today, personal_data, standard_warning
from .terms import Status
from .yamlread import read_bytes, read_yaml

BOROUGHS_FILE = "boroughs.yaml"
APPRENTICES_DIR = "apprentices"


# ------------------------------------------------------------------------------------------ dataset


class Entry(NamedTuple):
    """A valid record and where it came from."""

    borough: str
    record: Record
    path: Path
    line: int


@dataclass(frozen=True)
class Dataset:
    registry: Registry
    files: dict[str, BoroughFile]  # by borough slug
    problems: list[Problem]
    read: int  # how many files were looked at

    def by_borough(self) -> dict[str, list[Record]]:
        """What progress.py counts."""
        return {slug: f.records for slug, f in self.files.items()}

    def count(self) -> int:
        return sum(len(f.records) for f in self.files.values())

    def entries(
        self,
        borough: str | None = None,
        status: Status | None = None,
        since: date = date.min,
        until: date = date.max,
    ) -> list[Entry]:
        """The records, oldest first (then by id), of one borough and status if given, started in
        [since, until]."""
        found = [
            Entry(slug, record, f.path, line)
            for slug, f in self.files.items()
            if borough is None or slug == borough
            for record, line in zip(f.records, f.lines, strict=True)
            if (status is None or record.status is status) and since <= record.start_date <= until
        ]
        return sorted(found, key=lambda e: (e.record.start_date, e.record.id))

    def warnings(self) -> list[Problem]:
        """Valid records whose text may be personal data (the value itself is not repeated), or whose
        standard is not one apprentrack knows."""
        known = known_standards()
        out = []
        for f in self.files.values():
            for record, line in zip(f.records, f.lines, strict=True):
                out += [Problem(f.path, line, f"warning: {record.id}: {k} {m}") for k, m in personal_data(record)]
                if (message := standard_warning(record.standard, known)) is not None:
                    text = f"warning: {record.id}: standard '{record.standard}' {message}"
                    out.append(Problem(f.path, line, text))
        return out


# ------------------------------------------------------------------------------------------ data dir

PARALLEL_BYTES = 4 * 1024 * 1024  # files to parse this big in all (about 30,000 records) use several processes


def _parallel(files: list[tuple[Path, bytes]]) -> bool:
    return (
        len(files) > 1
        and sum(len(raw) for _, raw in files) >= PARALLEL_BYTES
        and (os.cpu_count() or 1) > 1
        and sys.platform == "linux"  # fork: workers start at once with what is imported (spawn would not)
    )


def _parse(path: Path, slug: str, raw: bytes, cache: Cache | None) -> tuple[BoroughFile, list[Problem]]:
    """Parse and check one file (a DataError if it cannot be read); put it in `cache` if it has no problem."""
    data, _, plain = read_yaml(path, raw)
    found, problems = check_borough_file(path, slug, data, plain)
    if not problems and cache is not None:
        cache.put(slug, raw, found.records, found.lines, found.plain)
    return found, problems


_WORKER_CACHE: dict[Path, Cache] = {}  # a worker process's cache, one for its whole life


def _parse_in_worker(job: tuple[Path, bytes, Path | None]) -> tuple[dict[str, list[Any]] | None, bool, list[Problem]]:
    """_parse in a worker process, sending back columns (cheap to pass) or the problems that stopped it."""
    path, raw, root = job
    cache = None if root is None else _WORKER_CACHE.setdefault(root, Cache(root))
    try:
        found, problems = _parse(path, path.stem, raw, cache)
    except DataError as exc:
        return None, False, exc.problems
    return to_columns(found.records, found.lines), found.plain, problems


def locate(start: Path) -> Path:
    """The data dir for a command run in `start` with no --data-dir: the nearest folder, from `start`
    upward, that holds data/boroughs.yaml (or boroughs.yaml itself), as git finds its repository; the
    search stops at the repository's root (a folder with .git) or the file system's."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for candidate in (folder / "data", folder):
            if (candidate / BOROUGHS_FILE).is_file():  # named from here when it is below here: data/...
                return candidate.relative_to(start) if candidate.is_relative_to(start) else candidate
        if (folder / ".git").exists():
            break
    raise UsageError(
        f"no data directory: looked for data/{BOROUGHS_FILE} and {BOROUGHS_FILE} in {start} and each folder "
        f"above it, up to {folder}. Run apprentrack inside the programme's repository, point to the data with "
        "--data-dir DIR (or the APPRENTRACK_DATA environment variable), or make one with `apprentrack init DIR`."
    )


class DataDir:
    """One programme's data directory."""

    def __init__(self, root: Path, use_cache: bool = True):
        self.root = Path(root)
        self.use_cache = use_cache  # validate, the CI gate, reads every file afresh
        if not self.root.is_dir():
            raise UsageError(
                f"no data directory at '{self.root}'. Run apprentrack in the folder that holds data/, "
                "point to one with --data-dir DIR (or the APPRENTRACK_DATA environment variable), "
                "or make a new one with `apprentrack init DIR`."
            )
        self.boroughs_file = self.root / BOROUGHS_FILE
        self.apprentices = self.root / APPRENTICES_DIR
        self.cache = Cache(self.root)
        self._registry_entry: tuple[bytes, dict[str, Any]] | None = None  # boroughs.yaml, to cache

    def borough_file(self, slug: str) -> Path:
        return self.apprentices / f"{slug}.yaml"

    def registry(self) -> Registry:
        """The programme and boroughs: from the cache (validated again by the models) when boroughs.yaml
        is unchanged, which spares parsing it (and loading PyYAML), else read and checked."""
        path = self.boroughs_file
        if not path.is_file():
            raise DataError([Problem(path, 1, "missing: the programme and its boroughs are defined here")])
        raw = read_bytes(path)
        cached = self.cache.registry(raw) if self.use_cache else None
        if cached is not None:
            try:
                programme = Programme.model_validate(cached["programme"])
                return Registry(programme, [Borough.model_validate(b) for b in cached["boroughs"]])
            except (ValidationError, KeyError, TypeError):
                pass  # a corrupt or foreign entry: read the file
        registry = check_registry(path, read_yaml(path, raw)[0])
        if self.use_cache:  # cached once the records are read: a refused command leaves no trace
            boroughs = [b.model_dump(mode="json") for b in registry.boroughs.values()]
            self._registry_entry = (
                raw,
                {"programme": registry.programme.model_dump(mode="json"), "boroughs": boroughs},
            )
        return registry

    def _cache_registry(self) -> None:
        if self._registry_entry is not None:
            self.cache.put_registry(*self._registry_entry)
            self._registry_entry = None

    def read_borough(self, path: Path, slug: str, raw: bytes | None = None) -> tuple[bytes, BoroughFile, list[Problem]]:
        """A borough file's bytes (read here unless given), valid records and problems: from the cache when
        the file is unchanged, else parsed and checked (and cached, if it has no problem)."""
        raw = read_bytes(path) if raw is None else raw
        cached = self._cached(path, slug, raw)
        if cached is not None:
            return raw, cached, []
        found, problems = _parse(path, slug, raw, self.cache if self.use_cache else None)
        return raw, found, problems

    def _cached(self, path: Path, slug: str, raw: bytes) -> BoroughFile | None:
        """The file from the cache, if it holds these bytes. A cached file was valid when it was cached; the
        rules that depend on the day are checked again (at once when no date in it is after today)."""
        cached = self.cache.get(slug, raw) if self.use_cache else None
        if cached is None:
            return None
        records, lines, latest, plain = cached
        day = today()
        if latest > day and any(after_today(r, day) for r in records):
            return None
        return BoroughFile(path, records, lines, plain)

    def _parse_all(self, files: list[tuple[Path, bytes]]) -> Iterator[tuple[BoroughFile | None, list[Problem]]]:
        """Parse and check files not in the cache: in several processes when there is much to read and the
        system can fork (Linux), else here, one by one. Workers send records back as columns, and cache
        what they read themselves. A file that cannot be read comes back as None, with its problems."""
        if not files:
            return
        if not _parallel(files):
            for path, raw in files:
                try:
                    yield _parse(path, path.stem, raw, self.cache if self.use_cache else None)
                except DataError as exc:
                    yield None, exc.problems
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        workers = min(len(files), os.cpu_count() or 1, 8)
        jobs = [(path, raw, self.root if self.use_cache else None) for path, raw in files]
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for (path, _), (columns, plain, problems) in zip(files, pool.map(_parse_in_worker, jobs), strict=True):
                if columns is None:
                    yield None, problems
                    continue
                records, lines, _ = from_columns(columns, path.stem)
                yield BoroughFile(path, records, lines, plain), problems

    def remember(self, slug: str, raw: bytes, found: BoroughFile) -> None:
        """Cache a borough file known to be valid (just read and checked, or just written)."""
        self.cache.put(slug, raw, found.records, found.lines, found.plain)
        self._cache_registry()

    def odd(self, path: Path) -> str | None:
        """Why a borough file (or the folder it is in) is not one to read or write, or None: a link out of
        the data directory (it could read or clobber any file), a link to nothing or to itself, a folder,
        a FIFO (reading it would hang), a device. A path that does not exist yet is not odd."""
        root = os.path.realpath(self.root)
        for item, what in ((self.apprentices, "the apprentices/ folder"), (path, "")):
            if not os.path.lexists(item):
                return None
            try:
                real = os.path.realpath(item, strict=True)
                mode = os.stat(real).st_mode
            except (OSError, RuntimeError):  # a link to nothing, or a loop of links
                return f"{what or 'a link'} that leads nowhere (or to itself)"
            if os.path.commonpath([root, real]) != root:
                return f"{what or 'a link'} leading outside the data directory"
            if not what and not stat.S_ISREG(mode):
                return "not a regular file (a folder, a FIFO or a device)"
        return None

    def _walk(self, registry: Registry) -> Iterator[tuple[Path, Problem | None]]:
        """Each entry of apprentices/ (hidden ones aside), with the reason it is not read, if any."""
        if not self.apprentices.is_dir():
            return
        for path in sorted(p for p in self.apprentices.iterdir() if not p.name.startswith(".")):
            if path.suffix != ".yaml":
                yield path, Problem(path, 1, "not read: record files are named <borough-slug>.yaml")
            elif path.stem not in registry.boroughs:
                try:
                    hint = f"name it {registry.find(path.stem).slug}.yaml"
                except InvalidValue as exc:
                    hint = str(exc)
                yield path, Problem(path, 1, f"not read: '{path.name}' is not named after a borough slug; {hint}")
            elif (why := self.odd(path)) is not None:
                yield path, Problem(path, 1, f"not read: {why}")
            else:
                yield path, None

    def status_counts(self, registry: Registry) -> dict[str, Counter[Status]]:
        """Each borough's records by status: from the cache's small summaries where the file is unchanged
        (a read and a hash, no parse), so this costs little whatever the files hold. Files with problems
        are left out."""
        out = {}
        for path, problem in self._walk(registry):
            if problem is not None:
                continue
            try:
                raw = read_bytes(path)
                cached = self.cache.counts(path.stem, raw)
                counts = Counter(cached) if cached is not None else None
                if counts is None:
                    _, found, problems = self.read_borough(path, path.stem, raw)
            except DataError:
                continue
            if counts is None:
                if problems:
                    continue
                counts = Counter(r.status for r in found.records)
                self.cache.put_starts(path.stem, raw, Starts.of(found.records))
            out[path.stem] = counts
        return out

    def load(self, registry: Registry | None = None) -> Dataset:
        """Every record of every file, and every problem found on the way (never raised, except in
        boroughs.yaml, without which nothing else can be read)."""
        registry = registry or self.registry()
        found: dict[str, BoroughFile] = {}
        problems: list[Problem] = []
        read = 0
        moves: list[tuple[Path, int, str]] = []  # (file, line, old id) of each '# moved from <old id>'
        order: list[str] = []
        pending: list[tuple[Path, bytes]] = []  # files not in the cache
        for path, problem in self._walk(registry):
            read += 1
            if problem is not None:
                problems.append(problem)
                continue
            try:
                raw = read_bytes(path)
            except DataError as exc:
                problems += exc.problems
                continue
            order.append(path.stem)
            if b"# moved from " in raw:
                moves += [(path, raw.count(b"\n", 0, m.start()) + 1, m.group(1).decode()) for m in MOVED.finditer(raw)]
            cached = self._cached(path, path.stem, raw)
            if cached is None:
                pending.append((path, raw))
            else:
                found[path.stem] = cached
        for borough_file, wrong in self._parse_all(pending):
            problems += wrong
            if borough_file is not None:
                found[borough_file.path.stem] = borough_file
        found = {slug: found[slug] for slug in order if slug in found}  # in the files' order
        moves = [move for move in moves if move[0].stem in found]  # a file that could not be read says nothing
        problems += interrupted_moves(moves, found)
        problems.sort(key=lambda p: (str(p.path), p.line))
        self._cache_registry()
        return Dataset(registry, found, problems, read)

    def load_starts(self, registry: Registry) -> dict[str, Starts]:
        """What status counts: each file reduced to its starts by status. From the cache's summaries, with no
        record built, when every file is unchanged since it was found valid and no rule that depends on the
        day has come due; otherwise from load_valid, which refuses data with problems as always."""
        if self.use_cache:
            found: dict[str, Starts] = {}
            day = today()
            for path, problem in self._walk(registry):
                try:
                    raw = read_bytes(path) if problem is None else b""
                except DataError:
                    break
                cached = None if problem or b"# moved from " in raw else self.cache.starts(path.stem, raw)
                if cached is None or cached.due() > day:
                    break
                found[path.stem] = cached
            else:
                self._cache_registry()
                return found
        return {slug: Starts.of(f.records) for slug, f in self.load_valid(registry).files.items()}

    def load_valid(self, registry: Registry | None = None) -> Dataset:
        """As load(), but refuse data with problems: figures are only given for data that checks out."""
        dataset = self.load(registry)
        if dataset.problems:
            raise DataError(dataset.problems)
        return dataset

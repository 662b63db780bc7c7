"""The data dir and the dataset: every borough file read, every record checked, every problem found.

Layout: <data dir>/boroughs.yaml (the programme and the boroughs) and <data dir>/apprentices/<slug>.yaml
(one file a borough, a list of records). A file is read one way (reading.py: the fast parser where the
shape allows, else the strict loader) and checked with one set of rules (checks.py, the record rules of
domain/record.py). The cache (cache.py) keeps what each valid file counts to, reached only from here;
writing is writer.py's.
"""

# Annotations are evaluated here, not kept as text: see CONTRIBUTING.md, "Annotations".

import gc
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..domain.counting import Timeline, stale_warning, to_check
from ..domain.dates import today as london_today
from ..domain.errors import DataError, InvalidValue, Problem, UsageError
from ..domain.programme import Registry
from ..domain.words import Status
from .cache import Cache
from .markers import MOVED_FROM, moved_from
from .reading import read_bytes, read_yaml

if TYPE_CHECKING:  # a run over cached files never imports the checks or the record rules
    from ..domain.record import Record
    from .checks import BoroughFile

BOROUGHS_FILE = "boroughs.yaml"
APPRENTICES_DIR = "apprentices"


# ------------------------------------------------------------------------------------------ dataset


class Entry(NamedTuple):
    """A valid record and where it came from."""

    borough: str
    record: "Record"
    path: Path
    line: int


class Dataset(NamedTuple):
    registry: Registry
    files: dict[str, "BoroughFile"]  # by borough slug
    problems: list[Problem]
    read: int  # how many files were looked at

    def by_borough(self) -> dict[str, list["Record"]]:
        return {slug: f.records for slug, f in self.files.items()}

    def timelines(self) -> dict[str, Timeline]:
        """What the figures count: each borough's records as a timeline."""
        return {slug: f.timeline for slug, f in self.files.items()}

    def record_count(self) -> int:
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

    def warnings(self, today: date) -> list[Problem]:
        """Valid records whose text may be personal data (the value itself is not repeated), whose standard
        is not one apprentrack knows, or that are probably out of date (counting.to_check)."""
        from ..domain.record import phone_like_fields
        from ..domain.standards import standard_warning

        out = []
        weeks = self.registry.programme.stale_after_weeks
        for f in self.files.values():
            for record, line in zip(f.records, f.lines, strict=True):
                if to_check(record, today, weeks):
                    out.append(Problem(f.path, line, f"warning: {record.id}: {stale_warning(record, weeks)}"))
                out += [Problem(f.path, line, f"warning: {record.id}: {k} {m}") for k, m in phone_like_fields(record)]
                if (message := standard_warning(record.standard)) is not None:
                    text = f"warning: {record.id}: standard '{record.standard}' {message}"
                    out.append(Problem(f.path, line, text))
        return out


# ------------------------------------------------------------------------------------------ data dir


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


@contextmanager
def _many_small_objects() -> Iterator[None]:
    """Reading files makes a great many small objects and no reference cycles: the cycle collector, which
    would walk them all again and again as they are made (a third of the time at 100,000 records), waits."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class DataDir:
    """One programme's data directory. `use_cache=False` (validate, the CI gate) reads every file afresh
    and writes no cache."""

    def __init__(self, root: Path, use_cache: bool = True):
        self.root = Path(root)
        if not self.root.is_dir():
            raise UsageError(
                f"no data directory at '{self.root}'. Run apprentrack in the folder that holds data/, "
                "point to one with --data-dir DIR (or the APPRENTRACK_DATA environment variable), "
                "or make a new one with `apprentrack init DIR`."
            )
        self.boroughs_file = self.root / BOROUGHS_FILE
        self.apprentices = self.root / APPRENTICES_DIR
        self.today = london_today()  # one day for the whole run: the rules about the future, the cache's key
        self.cache = Cache(self.root, self.today)
        self.cache.enabled &= use_cache
        self._fresh: tuple[bytes, Registry] | None = None  # boroughs.yaml read afresh: cached once a read succeeds

    def borough_file(self, slug: str) -> Path:
        return self.apprentices / f"{slug}.yaml"

    def registry(self) -> Registry:
        """The programme and boroughs: from the cache when boroughs.yaml is unchanged (no PyYAML, no
        pydantic), else read and checked."""
        path = self.boroughs_file
        if not path.is_file():
            raise DataError([Problem(path, 1, "missing: the programme and its boroughs are defined here")])
        raw = read_bytes(path)
        self.cache.boroughs = raw
        registry = self.cache.registry(raw)
        if registry is None:
            from .checks import check_registry

            registry = check_registry(path, read_yaml(path, raw)[0])
            self._fresh = (raw, registry)
        return registry

    def _remember_registry(self) -> None:
        """Cache boroughs.yaml once a read of the data has succeeded (a refused command leaves no entry)."""
        if self._fresh is not None:
            self.cache.put_registry(*self._fresh)
            self._fresh = None

    def read_borough(
        self, path: Path, slug: str, raw: bytes | None = None, remember: bool = True
    ) -> tuple[bytes, "BoroughFile", list[Problem]]:
        """A borough file's bytes (read here unless given), valid records and problems; a file with none is
        remembered in the cache (unless a write is about to change it)."""
        from .checks import check_borough_file

        raw = read_bytes(path) if raw is None else raw
        with _many_small_objects():  # for a write's read too (GC walking a file's 3,000 records took 40 to 100 ms)
            data, _, plain = read_yaml(path, raw)
            found, problems = check_borough_file(path, slug, data, self.today, plain)
        if remember and not problems and self.cache.enabled:  # validate's reads make no timeline
            self.cache.put_timeline(slug, raw, found.timeline)
        return raw, found, problems

    def remember(self, slug: str, raw: bytes, found: "BoroughFile") -> None:
        """Cache a borough file known to be valid (just written and read back)."""
        self.cache.put_timeline(slug, raw, found.timeline)
        self._remember_registry()

    def odd(self, path: Path) -> str | None:
        """Why a borough file (or the folder it is in) is not one to read or write, or None: not directly in
        apprentices/, a link out of the data directory (it could read or clobber any file), a link to nothing
        or to itself, a folder, a FIFO (reading it would hang), a device. A path that does not exist yet is
        not odd."""
        if path.parent != self.apprentices:
            return "not a file of the apprentices/ folder"
        root = os.path.realpath(self.root)
        return self._odd_folder(root) or _odd(path, "", root)

    def _odd_folder(self, root: str) -> str | None:
        """Why apprentices/ is not a folder to read or write in (see odd), given the data dir's real path."""
        return _odd(self.apprentices, "the apprentices/ folder", root)

    def _walk(self, registry: Registry) -> list[tuple[Path, Problem | None]]:
        """Each entry of apprentices/ (hidden ones aside), with the reason it is not read, if any."""
        if not self.apprentices.is_dir():
            return []
        walked = []
        root = os.path.realpath(self.root)
        folder = self._odd_folder(root)  # looked at once, not once a file
        for path in sorted(p for p in self.apprentices.iterdir() if not p.name.startswith(".")):
            problem = None
            if path.suffix != ".yaml":
                problem = Problem(path, 1, "not read: record files are named <borough-slug>.yaml")
            elif path.stem not in registry.boroughs:
                try:
                    hint = f"name it {registry.find(path.stem).slug}.yaml"
                except InvalidValue as exc:
                    hint = str(exc)
                problem = Problem(path, 1, f"not read: '{path.name}' is not named after a borough slug; {hint}")
            elif (why := folder or _odd(path, "", root)) is not None:
                problem = Problem(path, 1, f"not read: {why}")
            walked.append((path, problem))
        return walked

    def load(self, registry: Registry | None = None) -> Dataset:
        """Every record of every file, and every problem found on the way (never raised, except in
        boroughs.yaml, without which nothing else can be read)."""
        registry = registry or self.registry()
        with _many_small_objects():
            return self._load(registry)

    def _load(self, registry: Registry) -> Dataset:
        from .checks import interrupted_moves

        found: dict[str, BoroughFile] = {}
        problems: list[Problem] = []
        moves: list[tuple[Path, int, str]] = []  # (file, line, old id) of each '# moved from <old id>'
        walked = self._walk(registry)
        for path, problem in walked:
            if problem is not None:
                problems.append(problem)
                continue
            try:
                raw, found[path.stem], wrong = self.read_borough(path, path.stem)
            except DataError as exc:
                problems += exc.problems
                continue
            problems += wrong
            moves += [(path, line, old) for line, old in moved_from(raw.decode("utf-8-sig", "replace"))]
        problems += interrupted_moves(moves, found)
        problems.sort(key=lambda p: (str(p.path), p.line))
        if not problems:
            self._remember_registry()
        return Dataset(registry, found, problems, len(walked))

    def load_valid(self, registry: Registry | None = None) -> Dataset:
        """As load(), but refuse data with problems: figures are only given for data that checks out."""
        dataset = self.load(registry)
        if dataset.problems:
            raise DataError(dataset.problems)
        return dataset

    def timelines(self, registry: Registry) -> dict[str, Timeline]:
        """What the figures count, each borough's timeline: from the cache for a file unchanged since it was
        found valid today, else read and checked (and refused, as load_valid, if any file has a problem)."""
        with _many_small_objects():
            return self._timelines(registry)

    def _timelines(self, registry: Registry) -> dict[str, Timeline]:
        found: dict[str, Timeline] = {}
        for path, problem in self._walk(registry):
            try:
                raw = read_bytes(path) if problem is None else None
            except DataError:
                raw = None
            if raw is None or MOVED_FROM.encode() in raw:  # a problem, or a move to check across files
                return self.load_valid(registry).timelines()
            cached = self.cache.timeline(path.stem, raw)
            if cached is None:
                _, borough_file, problems = self.read_borough(path, path.stem, raw)
                if problems:
                    raise DataError(problems)
                cached = borough_file.timeline
            found[path.stem] = cached
        self._remember_registry()
        return found


def _odd(item: Path, what: str, root: str) -> str | None:
    """Why `item` (a borough file, or `what` names the folder) is odd (DataDir.odd), given the data dir's
    real path; None if it is not, or does not exist yet."""
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

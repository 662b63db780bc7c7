"""Every check `validate` makes on what a file holds: a borough file's records (each against the record
rules, ids and refs used once), boroughs.yaml (the programme, the boroughs, their aliases kept apart), and
records a stopped move left in two places. Reading the files is reading.py's; walking the data dir is
datadir.py's."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.counting import Timeline
from ..domain.errors import DataError, Problem, RecordError
from ..domain.programme import Borough, Registry, spelling
from ..domain.record import Record, check_record, ref_key
from .plain_yaml import Located

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError


@dataclass(frozen=True)
class BoroughFile:
    """One borough file's valid records, in file order, and the line each starts on."""

    path: Path
    records: list[Record]
    lines: list[int]
    plain: bool = False  # in the plain shape fast_parse reads: appending plain text keeps it plain

    @functools.cached_property
    def timeline(self) -> Timeline:
        """What the figures count of the file (made once: the cache and the count take the same)."""
        return Timeline.of(self.records)


def _problems(path: Path, item: object, issues: list[tuple[str, str]], what: str = "", at: int = 1) -> list[Problem]:
    """(field, message) issues as `path:line: field: message`, each on the line of the field it is about (an
    item that is not a mapping has no lines of its own: `at`, the line its list puts it on, stands in)."""
    lines, start = getattr(item, "lines", {}), getattr(item, "line", at)
    return [
        Problem(path, lines.get(field.split(".")[0], start), what + (f"{field}: {message}" if field else message))
        for field, message in issues
    ]


def _model_problems(
    path: Path, model: type[BaseModel], item: object, exc: ValidationError, what: str, at: int = 1
) -> list[Problem]:
    from ..domain.models import field_issues

    return _problems(path, item, field_issues(exc, model), what, at)


def _item_lines(items: list[Any]) -> list[int]:
    """The line of each item of a parsed list: the strict loader's lists know them (the fast parser's items
    are all records, which know their own); 1 where nothing says."""
    return getattr(items, "lines", None) or [getattr(item, "line", 1) for item in items]


def _shape(path: Path, data: object, key: str | None = None) -> list[Any]:
    """A document's list of records (or of boroughs), refusing any other shape."""
    if key is not None:
        if not isinstance(data, Located) or key not in data:
            raise DataError([Problem(path, 1, f"expected a '{key}:' section")])
        data = data[key]
    if data is None:
        return []
    if not isinstance(data, list):
        kind = "a mapping" if isinstance(data, dict) else f"{type(data).__name__} {data!r}"[:60]
        line = getattr(data, "line", 1)
        raise DataError([Problem(path, line, f"expected a list of records, each starting with '- ', found {kind}")])
    return data


def check_borough_file(
    path: Path, slug: str, data: object, today: date, plain: bool = False
) -> tuple[BoroughFile, list[Problem]]:
    """A parsed file's valid records, and the problems of the others (`today`: London's date, for the rules
    about the future). Ids must start with the file's borough slug: so an id can be used twice only within
    one file, and a writer need read no other."""
    records, lines, problems = [], [], []
    items = _shape(path, data)
    for number, item in enumerate(items, start=1):
        if not isinstance(item, Located):
            found = f"record {number}: expected fields (key: value), found {item!r}"[:200]
            problems.append(Problem(path, _item_lines(items)[number - 1], found))
            continue
        try:
            record = check_record(item, today)
        except RecordError as exc:
            problems += _problems(path, item, exc.issues)
            continue
        if not record.id.startswith(slug + "-"):
            problems.append(
                Problem(
                    path, item.lines["id"], f"id '{record.id}' does not belong in this file: ids here start '{slug}-'"
                )
            )
        records.append(record)
        lines.append(item.line)
    problems += _used_twice(path, "id", records, lines)
    problems += _used_twice(path, "ref", records, lines, ref_key)  # one hire, counted twice
    return BoroughFile(path, records, lines, plain), problems


def _used_twice(
    path: Path, what: str, records: list[Record], lines: list[int], key: Callable[[str], str] | None = None
) -> list[Problem]:
    """A problem for each value of a field (`what`: id, ref; compared by `key`, shown as written) used again
    in one file, at the line of its second use."""
    values = list(map(attrgetter(what), records))
    given = [value for value in values if value is not None]
    keys = given if key is None else list(map(key, given))
    if len(set(keys)) == len(keys):  # the usual case, at the cost of a set
        return []
    first: dict[str, int] = {}
    problems = []
    for value, line in zip(values, lines, strict=True):
        if value is None:
            continue
        k = value if key is None else key(value)
        if k in first:
            problems.append(Problem(path, line, f"{what} '{value}' is used twice in this file (also line {first[k]})"))
        first.setdefault(k, line)
    return problems


def check_registry(path: Path, data: object) -> Registry:
    """The programme and boroughs of a parsed boroughs.yaml, or a DataError with every problem."""
    from pydantic import ValidationError

    from ..domain.models import BoroughFields, ProgrammeFields

    problems: list[Problem] = []
    if not isinstance(data, Located) or set(data) - {"programme", "boroughs"}:
        raise DataError([Problem(path, 1, "expected two sections, 'programme:' and 'boroughs:', and no others")])
    section = data.get("programme")
    if not isinstance(section, Located):
        raise DataError([Problem(path, 1, "expected a 'programme:' section of fields")])
    programme = None
    try:
        programme = ProgrammeFields.model_validate(section).checked()
    except ValidationError as exc:
        problems += _model_problems(path, ProgrammeFields, section, exc, "programme: ")
    boroughs: list[Borough] = []
    lines: list[int] = []
    items = _shape(path, data, "boroughs")
    for item, at in zip(items, _item_lines(items), strict=True):
        try:
            borough = BoroughFields.model_validate(item).checked()
        except ValidationError as exc:
            problems += _model_problems(path, BoroughFields, item, exc, "borough: ", at)
            continue
        boroughs.append(borough)  # a slug or code used twice is named by _names_apart, as any clash is
        lines.append(item.line)
    problems += _names_apart(path, boroughs, lines)
    if problems or programme is None:
        raise DataError(problems)
    return Registry(programme, boroughs)


def _names_apart(path: Path, boroughs: list[Borough], lines: list[int]) -> list[Problem]:
    """Each of a borough's ways to be written (name, slug, code, aliases) is a way to write it alone: one that
    spells (programme.spelling) as another borough's would send that borough's hires to the wrong file; one
    that spells as nothing could never be typed. Own ways are taken before aliases, so that an alias is what
    is named when it is one."""
    owner: dict[str, tuple[Borough, str, str]] = {}  # spelling -> the first borough written so, how, as what
    problems = []
    placed = list(zip(boroughs, lines, strict=True))
    own = [
        (b, line, kind, text)
        for b, line in placed
        for kind, text in (("name", b.name), ("slug", b.slug), ("code", b.code))
        if text is not None  # a body that is not a council has no code
    ]
    aliases = [(b, line, "alias", alias) for b, line in placed for alias in b.aliases]
    for b, line, kind, text in own + aliases:
        key = spelling(text)
        if not key:
            problems.append(
                Problem(path, line, f"borough: {kind} '{text}' of {b.name} has no letter or digit to find it by")
            )
            continue
        other, other_kind, other_text = owner.setdefault(key, (b, kind, text))
        if other is not b:
            also = f" '{other_text}'" if other_text != text else ""
            message = f"borough: {kind} '{text}' of {b.name} is {other.name}'s own {other_kind}{also}"
            problems.append(Problem(path, line, f"{message}: each way to write a borough must mean one borough"))
    return sorted(problems, key=lambda p: p.line)


def interrupted_moves(moves: list[tuple[Path, int, str]], found: dict[str, BoroughFile]) -> list[Problem]:
    """A record written to its new borough while its old one still holds it: a move that was stopped
    between its two writes. It would count twice; running the move again finishes it."""
    problems = []
    for path, line, old_id in moves:
        old = found.get(old_id.rsplit("-", 1)[0])
        if old is not None and any(r.id == old_id for r in old.records):
            borough = path.stem
            message = (
                f"{old_id} was moved here but is still in {old.path} (an interrupted move): run "
                f"`apprentrack update {old_id} --borough {borough}` again to finish it"
            )
            problems.append(Problem(path, line, message))
    return problems

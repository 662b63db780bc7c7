"""What a record is, and every rule a record must meet, as plain functions over plain values: the one
validator of records, used by every way a record comes in (a file, add, update, import, a form) and by
validate. A record's text is the text module's; its dates are the dates module's.

Plain Python, not pydantic: a file of 100,000 records is checked in about a third of the time pydantic
takes for the same rules (docs/performance.md).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from datetime import date, timedelta
from operator import itemgetter
from typing import Any, NamedTuple

from .dates import DATE_HELP, in_range, parse_date
from .errors import InvalidValue, RecordError
from .text import looks_like_a_phone_number, record_text
from .words import ENDING, Status

# The order fields are written in, and listed in messages.
FIELDS = ("id", "role", "standard", "level", "start_date", "status", "end_date", "ref", "logged")
# The order they are checked in: the status before the dates whose rules depend on it.
CHECKED = ("id", "role", "standard", "level", "status", "start_date", "end_date", "ref", "logged")
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*-\d{4,}")  # matched whole (fullmatch)
TEXT_LIMITS = {"role": 120, "standard": 120, "ref": 60}
STAND_IN_ID = "new-0000"  # the id of a record whose id is not assigned yet
# How far ahead a recruited hire may start: an offer accepted now for a start within a year (a pledged place
# may name any expected start).
RECRUITED_AHEAD = timedelta(days=366)


class Record(NamedTuple):
    """A record that passed every check: light, for reports and writes."""

    id: str
    role: str
    standard: str | None
    level: int | None
    start_date: date
    status: Status
    end_date: date | None
    ref: str | None
    logged: date | None = None  # the day the record was first logged (add, import, a form); None: before 0.2

    @property
    def known_from(self) -> date:
        """The day the record was first logged; a record from before `logged` was kept, its start date."""
        return self.start_date if self.logged is None else self.logged

    def as_dict(self) -> dict[str, object]:
        """Fields in the fixed order, leaving out those not set."""
        return {k: v.value if isinstance(v, Status) else v for k, v in zip(FIELDS, self, strict=True) if v is not None}


# ------------------------------------------------------------------------------------------ the rules


def _found(value: object) -> str:
    text = repr(value)
    return f" (found {text if len(text) <= 60 else text[:57] + '...'})"


def _text(name: str, repeats: bool = False) -> Callable[[object], str]:
    """The check of a text field: plain text on one line, no clearly personal data, not empty, within its
    limit. A field whose values `repeat` from record to record (a programme has a few roles and standards,
    and thousands of hires) remembers the last thousand values it passed, with the limit they passed
    under: 13% to 22% of the time the checks of 30,000 records take (docs/performance.md). A value refused
    is checked again each time."""

    def passed(value: str, limit: int) -> str:
        value = record_text(value)
        if not value:
            raise InvalidValue("must not be empty")
        if len(value) > limit:
            raise InvalidValue(f"must be at most {limit} characters" + _found(value))
        return value

    if repeats:
        passed = functools.lru_cache(maxsize=1024)(passed)

    def check(value: object) -> str:
        if type(value) is not str:  # before the memo, which takes only text
            raise InvalidValue("must be text" + _found(value))
        return passed(value, TEXT_LIMITS[name])

    return check


def _day(value: object) -> date:
    """A date as YAML gives it (a date, not a date and time), or text in either accepted form."""
    if type(value) is date:
        return in_range(value)
    if isinstance(value, str):
        return parse_date(value)
    raise InvalidValue(f"expected a date, {DATE_HELP}; found {value!r}")


def _id(value: object) -> str:
    if type(value) is not str:
        raise InvalidValue("must be text" + _found(value))
    if len(value) > 80:
        raise InvalidValue("must be at most 80 characters" + _found(value))
    if ID_PATTERN.fullmatch(value) is None:
        raise InvalidValue("is not in the right form" + _found(value))
    return value


def _level(value: object) -> int:
    if type(value) is not int:
        raise InvalidValue("must be a whole number" + _found(value))
    if not 2 <= value <= 7:
        raise InvalidValue(f"must be at {'least 2' if value < 2 else 'most 7'}" + _found(value))
    return value


_STATUSES = {s.value: s for s in Status}
_STATUS_CHOICES = ", ".join(f"'{s.value}'" for s in list(Status)[:-1]) + f" or '{list(Status)[-1].value}'"


def _status(value: object) -> Status:
    if isinstance(value, Status):
        return value
    status = _STATUSES.get(value) if isinstance(value, str) else None
    if status is None:
        raise InvalidValue(f"must be one of: {_STATUS_CHOICES}" + _found(value))
    return status


def _date_rules(values: dict[str, Any], bad: AbstractSet[str], today: date) -> tuple[list[tuple[str, str]], set[str]]:
    """The rules between a record's status and its dates, for the fields that passed their own checks:
    (field, message) for the start date and for the end date, at most one each; and the fields among them
    that hold a date in the future where none may be (wrong in itself, as RecordError says)."""
    status, start, end, logged = values["status"], values.get("start_date"), values["end_date"], values["logged"]
    issues = []
    future = set()
    if "start_date" not in bad and start is not None and start > today:
        if status is Status.recruited and start > today + RECRUITED_AHEAD:
            why = f"{start} is in the future, more than a year ahead; a recruited hire starts by"
            issues.append(("start_date", f"{why} {today + RECRUITED_AHEAD} (a place further ahead is 'pledged')"))
            future.add("start_date")
        elif status not in (Status.pledged, Status.recruited):
            a = "an" if status.value[0] in "aeiou" else "a"
            why = f"{start} is in the future; {a} '{status.value}' record has started"
            issues.append(("start_date", f"{why} (one to start later is 'recruited', or a 'pledged' place)"))
            future.add("start_date")
    if "logged" not in bad and logged is not None and logged > today:
        issues.append(("logged", f"{logged} is in the future; a record is logged on a day that has passed"))
        future.add("logged")
    elif "logged" not in bad and logged is None and status is Status.recruited and start and start > today:
        # Without it the record would count as logged on its start (as one from before `logged` was kept),
        # unknown until then: never "starting later", never in the pipeline. A start refused comes first.
        why = "a hire recruited to start later needs the day it was logged"
        if not future:
            issues.append(("logged", f"{why}, e.g. 'logged: {today}' (add and import write it)"))
    if "status" in bad or "end_date" in bad:
        return issues, future
    if end is None:
        if status in ENDING:
            issues.append(("end_date", f"a '{status.value}' record needs an end_date"))
    elif status not in ENDING:
        why = f"only completed or withdrawn records have an end_date, not '{status.value}' ones"
        issues.append(("end_date", why))
    elif start is not None and end < start:
        issues.append(("end_date", f"end_date {end} is before start_date {start}"))
    elif end > today:
        why = f"{end} is in the future; a completed or withdrawn record ends on a day that has passed"
        issues.append(("end_date", why))
        future.add("end_date")
    return issues, future


_DEFAULTS = {"standard": None, "level": None, "status": Status.recruited, "end_date": None, "ref": None, "logged": None}
_REQUIRED_IN_ORDER = ("id", "role", "start_date")
_REQUIRED = frozenset(_REQUIRED_IN_ORDER)
_NO_FIELDS: frozenset[str] = frozenset()
_ORDER = {field: n for n, field in enumerate(CHECKED)}
_IN_ORDER = itemgetter(*FIELDS)
_CHECKS: dict[str, Callable[[Any], Any]] = {
    "id": _id,
    "role": _text("role", repeats=True),
    "standard": _text("standard", repeats=True),
    "level": _level,
    "status": _status,
    "start_date": _day,
    "end_date": _day,
    "ref": _text("ref"),
    "logged": _day,
}


def check_record(item: Mapping[str, Any], today: date) -> Record:
    """The record these fields make, or a RecordError naming every field that breaks a rule. `today` is
    London's date, for the rules about the future."""
    issues: list[tuple[str, str]] = []
    values: dict[str, Any] = {**_DEFAULTS}
    for field, value in item.items():
        check = _CHECKS.get(field)
        if check is None:
            issues.append((str(field), f"unknown field (fields are: {', '.join(CHECKED)})"))
        elif value is not None or field in _REQUIRED:
            try:
                values[field] = check(value)
            except InvalidValue as exc:
                issues.append((field, str(exc)))
    in_itself = {field for field, _ in issues if field in _CHECKS} if issues else _NO_FIELDS
    if not item.keys() >= _REQUIRED:
        issues += [(field, "required, but missing") for field in _REQUIRED_IN_ORDER if field not in item]
    between, future = _date_rules(values, {field for field, _ in issues} if issues else _NO_FIELDS, today)
    issues += between
    if issues:
        issues.sort(key=lambda issue: _ORDER.get(issue[0], len(_ORDER)))  # as they are listed, unknown last
        raise RecordError(issues, in_itself | future)
    return Record._make(_IN_ORDER(values))


def check_field(name: str, value: Any, known: Mapping[str, Any], today: date) -> Any:
    """One value for a new record, checked by every rule of a record that bears on it given the fields
    known so far: the value as the record would hold it, or an InvalidValue with the rule's message. For
    asking again at a prompt, where a refusal of the whole record would come too late."""
    fields = {"id": STAND_IN_ID, "role": "Role", "start_date": date(2000, 1, 1), **known, name: value}
    try:
        return getattr(check_record(fields, today), name)
    except RecordError as exc:
        for field, message in exc.issues:
            if field == name:
                raise InvalidValue(message) from None
        return value


def phone_like_fields(record: Record) -> list[tuple[str, str]]:
    """(field, warning) for text that only may be personal data: a bare run of digits that could be a
    phone number. A warning, not a refusal: an opaque ref may look like that."""
    return [
        (field, "is a run of digits like a phone number; make sure it is an opaque reference, not personal data")
        for field in ("role", "standard", "ref")
        if looks_like_a_phone_number(getattr(record, field))
    ]


# ------------------------------------------------------------------------------- how records compare

_STAGE = {Status.pledged: 0, Status.recruited: 1, Status.in_post: 2, Status.completed: 3, Status.withdrawn: 3}


def check_transition(old: Status, new: Status) -> None:
    """A record moves forward only: pledged, recruited, in post, then completed or withdrawn (final)."""
    if old is new:
        return
    if old in ENDING:
        raise InvalidValue(f"'{old.value}' is final: the record cannot become '{new.value}'")
    if _STAGE[new] < _STAGE[old]:
        raise InvalidValue(f"a record cannot go back from '{old.value}' to '{new.value}'")


def role_key(text: str) -> str:
    """How roles typed by boroughs are grouped: case, '&', punctuation, a plural and a trailing
    'apprentice' ignored, and nothing else, so 'Digital Project Managers' and 'digital project manager'
    are one role, but 'Digital project manager' and 'Project manager' are two."""
    s = re.sub(r"[^a-z0-9]+", " ", text.casefold().replace("&", " and ")).strip()
    s = re.sub(r"(?<=.)( apprentices?)+$", "", s)
    words = s.split() or [""]
    last = words[-1]
    if len(last) > 4 and last.endswith("ies"):
        last = last[:-3] + "y"
    elif len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        last = last[:-1]
    return " ".join([*words[:-1], last])


def ref_key(ref: str) -> str:
    """How refs are compared: a borough's reference is the same whatever its case or surrounding spaces."""
    return ref.strip().casefold()


def hire_key(fields: Mapping[str, Any]) -> tuple[object, ...]:
    """What makes two records without an id or a ref the same hire: the same role, start date, level and
    standard (case and surrounding spaces aside). The one definition: import matches rows by it, and add
    warns of a hire logged twice by it."""
    standard = fields.get("standard")
    return (
        str(fields["role"]).strip().casefold(),
        fields["start_date"],
        fields.get("level"),
        None if standard is None else str(standard).strip().casefold(),
    )

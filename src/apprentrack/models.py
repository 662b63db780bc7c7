"""The checks at the edge: pydantic models of a record's fields, the programme and the boroughs, and the
registry that finds a borough however people write it.

Models use extra="forbid", so an unknown field is refused by name. The rules themselves are plain
functions in record.py and dates.py; pydantic's errors become plain field messages in one place
(field_issues). Nothing here reads files (store.py does) or prints.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from .dates import DATE_HELP, FIRST_YEAR, LAST_YEAR, in_range, parse_date, today
from .errors import InvalidValue
from .record import FIELDS, ID_PATTERN, NO_PERSONAL_DATA, Record, personal_data_kind, plain_text, starts_in_future
from .terms import COUNTED_BY_DEFAULT, ENDING, Status


def whole(pattern: str) -> str:
    """A pattern that must match the whole value: pydantic's `pattern` matches anywhere in the text, so
    without anchors '../../escaped' would pass as a slug."""
    return f"^(?:{pattern})$"


Text60 = Annotated[str, Field(min_length=1, max_length=60)]
Text80 = Annotated[str, Field(min_length=1, max_length=80)]
Text120 = Annotated[str, Field(min_length=1, max_length=120)]
Count = Annotated[int, Field(strict=True, ge=0)]
Positive = Annotated[int, Field(strict=True, gt=0)]


def _date_or_none(value: object) -> object:
    """pydantic 'before' hook: dates as YAML gives them, or text in either accepted form; nothing else."""
    if value is None:
        return value
    if isinstance(value, date) and not hasattr(value, "hour"):
        return in_range(value)
    if isinstance(value, str):
        return parse_date(value)
    raise InvalidValue(f"expected a date, {DATE_HELP}; found {value!r}")


def _text_or_other(value: object) -> object:
    """Text on one line, with no clearly personal data; anything else is left to the field's type."""
    if not isinstance(value, str):
        return value
    value = plain_text(value)
    kind = personal_data_kind(value)
    if kind is not None:  # the message does not repeat the value
        raise InvalidValue(f"looks like {kind}; {NO_PERSONAL_DATA}")
    return value


def _end_not_in_future(value: object) -> object:
    """An end date says when a record ended: it is not after today."""
    if isinstance(value, date) and value > _EARLIEST_TODAY and value > today():
        raise InvalidValue(f"{value} is in the future; a completed or withdrawn record ends on a day that has passed")
    return value


_EARLIEST_TODAY = today()  # today when this module was loaded: today can only be later


class RecordFields(BaseModel):
    """One apprentice's record as written in a file: no name, no contact details; `ref` is the borough's
    own opaque reference. Validated, it becomes a Record (record.py)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    # Validation order matters: status is checked before the dates that depend on it.
    id: Annotated[str, Field(pattern=whole(ID_PATTERN.pattern), max_length=80)]
    role: Text120
    standard: Text120 | None = None
    level: Annotated[int, Field(strict=True, ge=2, le=7)] | None = None
    status: Status = Status.recruited
    start_date: date
    end_date: date | None = Field(default=None, validate_default=True)
    ref: Text60 | None = None

    _clean_text = field_validator("role", "standard", "ref", mode="before")(_text_or_other)
    _dates = field_validator("start_date", "end_date", mode="before")(_date_or_none)

    @field_validator("start_date")
    @classmethod
    def _not_in_future(cls, value: date, info: ValidationInfo) -> date:
        # _EARLIEST_TODAY spares a clock read a record: a date not after it is not in the future.
        status = info.data.get("status", Status.recruited)
        if value > _EARLIEST_TODAY and starts_in_future(status, value, today()):
            raise InvalidValue(f"{value} is in the future; only a 'pledged' place may name an expected start")
        return value

    @field_validator("end_date")
    @classmethod
    def _end_matches_status(cls, value: date | None, info: ValidationInfo) -> date | None:
        status, start = info.data.get("status"), info.data.get("start_date")
        if status in ENDING and value is None:
            raise InvalidValue(f"a '{status.value}' record needs an end_date")
        if status is not None and status not in ENDING and value is not None:
            raise InvalidValue(f"only completed or withdrawn records have an end_date, not '{status.value}' ones")
        if value is not None and start is not None and value < start:
            raise InvalidValue(f"end_date {value} is before start_date {start}")
        _end_not_in_future(value)
        return value

    def record(self) -> Record:
        return Record(*(getattr(self, field) for field in FIELDS))


_STATUS_NAMED = {s.value: s for s in Status}
_DIGIT = re.compile(r"\d").search
_FIELD_NAMES = frozenset(FIELDS)


def plain_record(item: dict[str, object]) -> Record | None:
    """The Record RecordFields would make of a record fast_parse read, or None: then RecordFields checks it
    (and words what is wrong). It takes only values of the types fast_parse gives that pass every rule as
    the model applies it, so it is never less strict; test_properties.py checks they agree. fast_parse's
    words hold no character NOT_TEXT refuses and no surrounding space, so plain_text would not change them."""
    if not item.keys() <= _FIELD_NAMES:
        return None
    id_, role, standard, level, start, status_text, end, ref = map(item.get, FIELDS)
    if type(id_) is not str or len(id_) > 80 or ID_PATTERN.fullmatch(id_) is None:
        return None
    for text, limit, required in ((role, 120, True), (standard, 120, False), (ref, 60, False)):
        if text is None and not required:
            continue
        if type(text) is not str or not 0 < len(text) <= limit or text.strip() != text:
            return None
        if ("@" in text or _DIGIT(text)) and personal_data_kind(text) is not None:  # each kind has @ or a digit
            return None
    if level is not None and (type(level) is not int or not 2 <= level <= 7):
        return None
    status = Status.recruited if status_text is None else _STATUS_NAMED.get(str(status_text))
    if status is None or type(start) is not date or not FIRST_YEAR <= start.year <= LAST_YEAR:
        return None
    if start > _EARLIEST_TODAY and starts_in_future(status, start, today()):
        return None
    if end is None:
        if status in ENDING:
            return None
    elif (
        type(end) is not date
        or not FIRST_YEAR <= end.year <= LAST_YEAR
        or status not in ENDING
        or end < start
        or (end > _EARLIEST_TODAY and end > today())
    ):
        return None
    return Record(id_, role, standard, level, start, status, end, ref)  # type: ignore[arg-type]


def field_issues(exc: ValidationError, model: type[BaseModel]) -> list[tuple[str, str]]:
    """pydantic's errors as (field, message) in plain words, the message reading after 'field: '. The
    field is '' when the item itself is wrong (not a mapping of fields)."""
    out = []
    for err in exc.errors():
        loc = err["loc"]
        field = ".".join(map(str, loc))
        kind, ctx = err["type"], err.get("ctx", {})
        found = repr(err["input"])
        found = found if len(found) <= 60 else found[:57] + "..."
        if not loc:
            message = f"expected fields (key: value), found {found}"
        elif kind == "missing":
            message = "required, but missing"
        elif kind == "extra_forbidden":
            message = f"unknown field (fields are: {', '.join(model.model_fields)})"
        elif kind == "value_error":
            message = str(ctx["error"])
        else:
            message = _PLAIN.get(kind, err["msg"]).format(**ctx) + (f" (found {found})" if err["input"] != "" else "")
        out.append((field, message))
    return out


# pydantic's error types in the tool's own words.
_PLAIN = {
    "less_than_equal": "must be at most {le}",
    "greater_than_equal": "must be at least {ge}",
    "greater_than": "must be more than {gt}",
    "string_too_short": "must not be empty",
    "string_too_long": "must be at most {max_length} characters",
    "string_type": "must be text",
    "string_pattern_mismatch": "is not in the right form",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "enum": "must be one of: {expected}",
    "literal_error": "must be one of: {expected}",
    "date_type": "must be a date",
    "tuple_type": "must be a list",
    "list_type": "must be a list",
}


# --------------------------------------------------------------------------------- programme, boroughs


class Programme(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    name: Text120
    target: Positive
    start: date
    deadline: date
    counts: tuple[Status, ...] = COUNTED_BY_DEFAULT  # which statuses count toward the target
    recent_weeks: Annotated[int, Field(strict=True, gt=0, le=104)] = 8  # the window for "recent pace"

    _dates = field_validator("start", "deadline", mode="before")(_date_or_none)
    _clean_text = field_validator("name", mode="before")(_text_or_other)

    @field_validator("deadline")
    @classmethod
    def _after_start(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("start")
        if start is not None and value <= start:
            raise InvalidValue(f"deadline {value} is not after start {start}")
        return value


class Borough(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    slug: Annotated[str, Field(pattern=whole(r"[a-z]+(?:-[a-z]+)*"), max_length=60)]
    name: Text80
    code: Annotated[str, Field(pattern=whole(r"E09\d{6}"))]
    area: Literal["inner", "outer"]
    member_since: date | None = None  # LOTI membership start; None: not a member
    pledge: Count | None = None
    headcount: Positive | None = None
    aliases: tuple[Text80, ...] = ()

    _dates = field_validator("member_since", mode="before")(_date_or_none)
    _clean_text = field_validator("name", mode="before")(_text_or_other)

    @field_validator("aliases", mode="before")
    @classmethod
    def _plain_aliases(cls, value: object) -> object:
        return [_text_or_other(v) for v in value] if isinstance(value, list | tuple) else value


_PREFIXES = ("the ", "london borough of ", "royal borough of ", "lb ", "rb ")
# How councils are named: "Hackney Council", "Westminster City Council", "Corporation of London".
_SUFFIXES = (" london borough council", " borough council", " city council", " council")


def spelling(text: str) -> str:
    """How people's spellings of a borough are compared: case, '&', punctuation, and the words that make
    a place's name a council's ('London Borough of', 'Council', 'City of Westminster') ignored."""
    s = text.lower().replace("&", " and ")
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    for prefix in _PREFIXES:
        if s.startswith(prefix):
            s = s[len(prefix) :]
    for suffix in _SUFFIXES:
        if s.endswith(suffix) and len(s) > len(suffix):
            s = s[: -len(suffix)]
            break
    if s.startswith("corporation of "):  # the City of London's corporation
        s = "city of " + s[len("corporation of ") :]
    if s.startswith("city of ") and s != "city of london":  # the City of Westminster
        s = s[len("city of ") :]
    return s


class Registry:
    """The programme and its boroughs, with lookup by slug, name, GSS code or a common spelling."""

    def __init__(self, programme: Programme, boroughs: list[Borough]):
        self.programme = programme
        self.boroughs = {b.slug: b for b in boroughs}
        self._index: dict[str, str] = {}
        for b in boroughs:
            for text in (b.slug, b.name, b.code, *b.aliases):
                self._index.setdefault(spelling(text), b.slug)

    def member_on(self, borough: Borough, day: date) -> bool:
        """Whether the borough's hires count on `day` (the counting rule's other half: record.counts_on).
        A borough that is a member from the programme's start is one for the whole programme, so its hires
        dated before the start count in every week; after the deadline, membership is judged at the
        deadline, so a borough joining later cannot change a final result."""
        since, programme = borough.member_since, self.programme
        return since is not None and (since <= min(day, programme.deadline) or since <= programme.start)

    def members(self) -> list[Borough]:
        return [b for b in self.boroughs.values() if b.member_since is not None]

    def find(self, text: str) -> Borough:
        key = spelling(text)
        slug = self._index.get(key)
        if slug is not None:
            return self.boroughs[slug]
        names = {spelling(b.name): b.name for b in self.boroughs.values()}
        close = difflib.get_close_matches(key, list(self._index), n=3, cutoff=0.6)
        suggestions = list(dict.fromkeys(self.boroughs[self._index[k]].name for k in close))
        if not suggestions:  # a fragment such as "Kensington" or "Tower"
            suggestions = [name for k, name in names.items() if key and key in k][:3]
        hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise InvalidValue(f"no London borough matches {shown!r}{hint} (`apprentrack boroughs` lists them all)")

    def of_record(self, record_id: str) -> Borough:
        """The borough a record id belongs to: ids are <borough-slug>-<number>."""
        slug = record_id.rsplit("-", 1)[0]
        if not ID_PATTERN.fullmatch(record_id) or slug not in self.boroughs:
            raise InvalidValue(f"'{record_id}' is not a record id: <borough-slug>-<number>, e.g. hackney-0007")
        return self.boroughs[slug]


def validate_fields(model: type[BaseModel], fields: dict[str, Any]) -> Any:
    """A model from fields, or a RecordError naming each field: for values typed by a user."""
    from .errors import RecordError

    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        raise RecordError([(field or "record", message) for field, message in field_issues(exc, model)]) from None


def check_field(name: str, value: Any, known: dict[str, Any]) -> Any:
    """One value for a new record, checked by every rule of a record that bears on it, given the fields
    known so far: an InvalidValue with the rule's message, or the value as the record would hold it. For
    asking again at a prompt, where a refusal of the whole record would come too late."""
    fields = {"id": "new-0000", "role": "Role", "start_date": date(2000, 1, 1), **known, name: value}
    try:
        return getattr(RecordFields.model_validate(fields), name)
    except ValidationError as exc:
        for field, message in field_issues(exc, RecordFields):
            if field == name:
                raise InvalidValue(message) from None
        return value

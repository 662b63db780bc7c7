"""What the data means: the programme, the boroughs, an apprentice record; parsing dates and boroughs.

pydantic models with extra="forbid", so an unknown field is refused by name. Nothing here reads files
(store.py does) or prints.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Annotated, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from .errors import InvalidValue
from .terms import COUNTED_BY_DEFAULT, ENDING, Status

# ---------------------------------------------------------------------------------------------- dates

_ISO = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_UK = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
DATE_HELP = "YYYY-MM-DD (2020-03-11) or DD/MM/YYYY (11/03/2020)"


def parse_date(text: str | date) -> date:
    """An ISO (2020-03-11) or UK (11/03/2020) date; anything else is refused with an example."""
    if isinstance(text, date):
        return text
    s = text.strip()
    if _ISO.fullmatch(s):
        y, m, d = (int(p) for p in s.split("-"))
    elif match := _UK.fullmatch(s):
        d, m, y = (int(p) for p in match.groups())
        if len(match.group(3)) == 2:
            raise InvalidValue(f"'{s}' has a two-digit year; write it in full: {d:02d}/{m:02d}/20{y:02d}")
        if m > 12 and d <= 12:
            raise InvalidValue(
                f"'{s}' looks like a US month/day date; dates here are day first: "
                f"{m:02d}/{d:02d}/{y} or {y}-{d:02d}-{m:02d}"
            )
    else:
        raise InvalidValue(f"'{s}' is not a date; write {DATE_HELP}")
    try:
        return date(y, m, d)
    except ValueError as exc:
        raise InvalidValue(f"'{s}' is not a real date ({exc})") from None


_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE)


def parse_week(text: str) -> date:
    """An ISO week, 2020-W11, as the date of its Monday."""
    match = _WEEK.fullmatch(text.strip())
    if not match:
        raise InvalidValue(f"'{text}' is not an ISO week; write YYYY-Www, e.g. 2020-W11 (9 to 15 March 2020)")
    try:
        return date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        raise InvalidValue(f"'{text}': {match.group(1)} has no week {int(match.group(2))}") from None


def _date_or_none(value: object) -> object:
    """pydantic 'before' hook: dates as YAML gives them, or text in either accepted form; nothing else."""
    if value is None or (isinstance(value, date) and not hasattr(value, "hour")):
        return value
    if isinstance(value, str):
        return parse_date(value)
    raise InvalidValue(f"expected a date, {DATE_HELP}; found {value!r}")


def _text(max_length: int):
    return Annotated[str, Field(min_length=1, max_length=max_length)]


def _plain_text(value: str | None) -> str | None:
    """Strip surrounding space; refuse control characters (terminal escapes, NUL, new lines), line and
    paragraph separators, and lone surrogates (undecodable bytes on a command line)."""
    if value is None:
        return None
    value = value.strip()
    bad = _NOT_TEXT.search(value)
    if bad is not None:
        raise InvalidValue(f"contains a control character (U+{ord(bad.group()):04X}); use plain text on one line")
    return value


# Unicode's categories Cc (controls), Cs (surrogates), Zl and Zp (line and paragraph separators).
_NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


# --------------------------------------------------------------------------------------------- records


# The order fields are written in, and listed in messages.
FIELDS = ("id", "role", "standard", "level", "start_date", "status", "end_date", "ref")
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*-\d{4,}")


def today() -> date:
    """Today's date, in one place: the rule 'a start date is not in the future' depends on it."""
    return date.today()


_EARLIEST_TODAY = today()  # today when this module was loaded: today can only be later


class Apprentice(BaseModel):
    """One apprentice: no name, no contact details; `ref` is the borough's own opaque reference."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Validation order matters: status is checked before the dates that depend on it.
    id: Annotated[str, Field(pattern=ID_PATTERN.pattern, max_length=80)]
    role: _text(120)
    standard: _text(120) | None = None
    level: Annotated[int, Field(strict=True, ge=2, le=7)] | None = None
    status: Status = Status.recruited
    start_date: date
    end_date: date | None = Field(default=None, validate_default=True)
    ref: _text(60) | None = None

    _clean_text = field_validator("role", "standard", "ref", mode="before")(
        lambda v: _plain_text(v) if isinstance(v, str) else v
    )
    _dates = field_validator("start_date", "end_date", mode="before")(_date_or_none)

    @field_validator("start_date")
    @classmethod
    def _not_in_future(cls, value: date, info: ValidationInfo) -> date:
        # _EARLIEST_TODAY spares a clock read a record: a date not after it is not in the future.
        if value > _EARLIEST_TODAY and info.data.get("status") != Status.pledged and value > today():
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
        return value

    def record(self) -> Record:
        return Record(*(getattr(self, field) for field in FIELDS))


class Record(NamedTuple):
    """A record that passed Apprentice's checks: light, for reports, writes and the cache."""

    id: str
    role: str
    standard: str | None
    level: int | None
    start_date: date
    status: Status
    end_date: date | None
    ref: str | None

    def as_dict(self) -> dict:
        """Fields in the fixed order, leaving out those not set."""
        return {k: v.value if k == "status" else v for k, v in zip(FIELDS, self, strict=True) if v is not None}


_STAGE = {
    Status.pledged: 0,
    Status.recruited: 1,
    Status.in_post: 2,
    Status.completed: 3,
    Status.withdrawn: 3,
}


def check_transition(old: Status, new: Status) -> None:
    """A record moves forward only: pledged, recruited, in post, then completed or withdrawn (final)."""
    if old is new:
        return
    if old in ENDING:
        raise InvalidValue(f"'{old.value}' is final: the record cannot become '{new.value}'")
    if _STAGE[new] < _STAGE[old]:
        raise InvalidValue(f"a record cannot go back from '{old.value}' to '{new.value}'")


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)
_PHONE = re.compile(r"(?:\+44\s?(?:\(0\))?\s?|\b0)\d(?:[\s-]?\d){8,9}\b")


def personal_data(record: Record) -> list[tuple[str, str]]:
    """(field, warning) for text that looks like an e-mail address or a UK phone number: personal data has
    no place in the records. A warning, not a refusal: an opaque ref may look like a number."""
    found = []
    for field in ("role", "standard", "ref"):
        value = getattr(record, field) or ""
        if _EMAIL.search(value):
            found.append((field, "looks like an e-mail address; records must hold no personal data"))
        elif _PHONE.search(value):
            found.append((field, "looks like a phone number; records must hold no personal data"))
    return found


# --------------------------------------------------------------------------------- programme, boroughs


class Programme(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: _text(120)
    target: Annotated[int, Field(strict=True, gt=0)]
    start: date
    deadline: date
    counts: tuple[Status, ...] = COUNTED_BY_DEFAULT  # which statuses count toward the target
    recent_weeks: Annotated[int, Field(strict=True, gt=0, le=104)] = 8  # the window for "recent pace"

    _dates = field_validator("start", "deadline", mode="before")(_date_or_none)

    @field_validator("deadline")
    @classmethod
    def _after_start(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("start")
        if start is not None and value <= start:
            raise InvalidValue(f"deadline {value} is not after start {start}")
        return value


class Borough(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: Annotated[str, Field(pattern=r"[a-z]+(?:-[a-z]+)*")]
    name: _text(80)
    code: Annotated[str, Field(pattern=r"E09\d{6}")]
    area: Literal["inner", "outer"]
    member_since: date | None = None  # LOTI membership start; None: not a member
    pledge: Annotated[int, Field(strict=True, ge=0)] | None = None
    headcount: Annotated[int, Field(strict=True, gt=0)] | None = None
    aliases: tuple[str, ...] = ()

    _dates = field_validator("member_since", mode="before")(_date_or_none)

    def member_on(self, day: date) -> bool:
        return self.member_since is not None and self.member_since <= day


_PREFIXES = ("london borough of ", "royal borough of ", "lb ", "rb ", "the ")


def _key(text: str) -> str:
    """How people's spellings of a borough are compared: case, '&', punctuation and prefixes ignored."""
    s = text.lower().replace("&", " and ")
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    for prefix in _PREFIXES:
        if s.startswith(prefix):
            s = s[len(prefix) :]
    return s


class Registry:
    """The programme and its boroughs, with lookup by slug, name, GSS code or a common spelling."""

    def __init__(self, programme: Programme, boroughs: list[Borough]):
        self.programme = programme
        self.boroughs = {b.slug: b for b in boroughs}
        self._index: dict[str, str] = {}
        for b in boroughs:
            for spelling in (b.slug, b.name, b.code, *b.aliases):
                self._index.setdefault(_key(spelling), b.slug)

    def find(self, text: str) -> Borough:
        key = _key(text)
        slug = self._index.get(key)
        if slug is not None:
            return self.boroughs[slug]
        names = {_key(b.name): b.name for b in self.boroughs.values()}
        close = difflib.get_close_matches(key, list(self._index), n=3, cutoff=0.6)
        suggestions = list(dict.fromkeys(self.boroughs[self._index[k]].name for k in close))
        if not suggestions:  # a fragment such as "Kensington" or "Tower"
            suggestions = [name for k, name in names.items() if key and key in k][:3]
        hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise InvalidValue(f"no London borough matches {shown!r}{hint} (`apprentrack boroughs` lists them all)")

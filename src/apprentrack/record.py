"""What a record is once it has been checked, and the rules on records, as plain functions over plain
values: the counting rule, the order of statuses, what is plain text, what looks like personal data.

Nothing here imports pydantic: models.py validates a record's fields and calls these rules, and any
path that skips pydantic calls the same ones.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable
from datetime import date, timedelta
from typing import NamedTuple

from .errors import InvalidValue
from .terms import ENDING, Status

# The order fields are written in, and listed in messages.
FIELDS = ("id", "role", "standard", "level", "start_date", "status", "end_date", "ref")
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*-\d{4,}")  # matched whole (fullmatch; ^...$ in models)


class Record(NamedTuple):
    """A record that passed every check: light, for reports, writes and the cache."""

    id: str
    role: str
    standard: str | None
    level: int | None
    start_date: date
    status: Status
    end_date: date | None
    ref: str | None

    def as_dict(self) -> dict[str, object]:
        """Fields in the fixed order, leaving out those not set."""
        return {k: v.value if isinstance(v, Status) else v for k, v in zip(FIELDS, self, strict=True) if v is not None}

    def counts_on(self, day: date, counted: Collection[Status]) -> bool:
        return counts_on(self.status, self.start_date, day, counted)


def whole_number(text: str, low: int, high: int) -> int:
    """A whole number from low to high, as typed: anything else is refused saying what would be right."""
    if not re.fullmatch(r"\s*\d{1,9}\s*", text) or not low <= int(text) <= high:
        raise InvalidValue(f"'{text.strip()}' is not a whole number from {low} to {high:,}")
    return int(text)


def parse_level(text: str) -> int:
    """An apprenticeship level as people write it: 4, 'Level 4', 'L4'; 2 to 7."""
    match = re.fullmatch(r"(?:level\s*|l)?(\d+)", text.strip().lower())
    if not match or not 2 <= int(match.group(1)) <= 7:
        raise InvalidValue(f"'{text.strip()}' is not a level: write a number from 2 to 7")
    return int(match.group(1))


def counts_on(status: Status, start_date: date, day: date, counted: Collection[Status]) -> bool:
    """The counting rule, for a record of a borough that is a member on `day` (Registry.member_on): it
    counts when its status is one of the programme's `counted` statuses and it started on or before
    `day`. A record that later completed or withdrew still counts: it was a recruitment."""
    return status in counted and start_date <= day


class Starts(NamedTuple):
    """A file's records reduced to what the counts need: each status's start dates and each ended status's
    end dates, as sorted day numbers (date.toordinal). Small to cache, and counted with bisect."""

    starts: dict[Status, list[int]]
    ends: dict[Status, list[int]]  # completed and withdrawn: the only records with an end_date

    @classmethod
    def of(cls, records: Iterable[Record]) -> Starts:
        starts: dict[Status, list[int]] = {}
        ends: dict[Status, list[int]] = {}
        for r in records:
            starts.setdefault(r.status, []).append(r.start_date.toordinal())
            if r.end_date is not None:
                ends.setdefault(r.status, []).append(r.end_date.toordinal())
        return cls({k: sorted(v) for k, v in starts.items()}, {k: sorted(v) for k, v in ends.items()})

    def counted(self, day: date, counted: Collection[Status]) -> list[int]:
        """The counting rule (counts_on) on starts grouped by status: the starts, on or before `day`, of
        the statuses that count (sorted within a status, not across them)."""
        cut = day.toordinal()
        return [d for status in counted for d in self.starts.get(status, [])[: _upto(self.starts, status, cut)]]

    def started(self, status: Status, day: date) -> int:
        """Records of this status that started on or before `day`."""
        return _upto(self.starts, status, day.toordinal())

    def ended(self, status: Status, day: date) -> int:
        """Records of this status that ended on or before `day` (an end is never before its start)."""
        return _upto(self.ends, status, day.toordinal())

    def total(self, status: Status) -> int:
        return len(self.starts.get(status, []))

    def due(self) -> date:
        """The latest day a rule of the day (after_today) looks at: a start (a pledged one aside) or an end.
        None of the records breaks one while this is not after today."""
        dated = [days[-1] for status, days in self.starts.items() if days and status is not Status.pledged]
        return date.fromordinal(max([*dated, *(days[-1] for days in self.ends.values() if days)], default=1))


def _upto(lists: dict[Status, list[int]], status: Status, cut: int) -> int:
    return bisect.bisect_right(lists.get(status, []), cut)


def counted_starts(records: Iterable[Record], day: date, counted: Collection[Status]) -> list[date]:
    """The start dates of the records that count on `day`, in order (for counting by date with bisect)."""
    return sorted(r.start_date for r in records if counts_on(r.status, r.start_date, day, counted))


def counted_between(records: Iterable[Record], first: date, last: date, counted: Collection[Status]) -> int:
    """How many records began to count in [first, last]: they count on `last` and not the day before `first`."""
    before = first - timedelta(days=1)
    return sum(r.counts_on(last, counted) and not r.counts_on(before, counted) for r in records)


def starts_in_future(status: Status, start_date: date, today: date) -> bool:
    """Only a pledged place may name a start after today: any other record says what has happened."""
    return status is not Status.pledged and start_date > today


def after_today(record: Record, today: date) -> bool:
    """Whether the record breaks a rule that depends on the day: a start (not pledged) or an end after
    today. A record checked on one day is checked again for this on a later run."""
    ends_later = record.end_date is not None and record.end_date > today
    return ends_later or starts_in_future(record.status, record.start_date, today)


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


# Unicode's categories Cc (controls: NUL, new lines, the escape of terminal sequences), Cf (format: zero
# width and bidirectional-override characters, which make one text look like another), Cs (lone
# surrogates: undecodable bytes on a command line), Zl and Zp (line and paragraph separators), as of
# Unicode 15.1; tests/test_plain_text.py checks it covers the running Python's Unicode database.
NOT_TEXT = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def plain_text(value: str) -> str:
    """Strip surrounding space; refuse what is not plain text on one line (see NOT_TEXT)."""
    value = value.strip()
    bad = NOT_TEXT.search(value)
    if bad is not None:
        code = f"U+{ord(bad.group()):04X}"
        raise InvalidValue(f"contains a control or invisible character ({code}); use plain text on one line")
    return value


def shown(text: str) -> str:
    """Text as a message may echo it: what is not plain text written as an escape, never sent raw to a
    terminal (a file named with an escape sequence, say)."""
    return NOT_TEXT.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)
# A National Insurance number: two letters (not D, F, I, Q, U or V; the second not O), six digits, A to D.
_NINO = re.compile(r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE)
_PHONE = re.compile(r"(?:\+44|\b0)[\d\s()-]{8,}\d")
NO_PERSONAL_DATA = "records hold no personal data: no names, e-mail addresses, phone or National Insurance numbers"


def _phone(value: str) -> str | None:
    """'clear' for a UK phone number written as one (+44, or spaced groups), 'likely' for a bare run of
    10 or 11 digits starting with 0 (a reference can look like that), None otherwise."""
    for match in _PHONE.finditer(value):
        text = match.group()
        digits = re.sub(r"\D", "", text)
        if text.startswith("+44"):
            if 9 <= len(digits) - 2 <= 10:
                return "clear"
        elif 10 <= len(digits) <= 11:
            return "clear" if re.search(r"[\s()-]", text) else "likely"
    return None


def personal_data_kind(value: str) -> str | None:
    """What clearly personal data the text holds ('an e-mail address', ...), or None: such a value is
    refused everywhere (add, update, import, validate)."""
    if len(value) > 1000:  # far over any field's length limit, which refuses it: spare the searches
        return None
    if "@" in value and _EMAIL.search(value):
        return "an e-mail address"
    if _NINO.search(value):
        return "a National Insurance number"
    if _phone(value) == "clear":
        return "a phone number"
    return None


def personal_data(record: Record) -> list[tuple[str, str]]:
    """(field, warning) for text that only may be personal data: a bare run of digits that could be a
    phone number. A warning, not a refusal: an opaque ref may look like that."""
    return [
        (field, "is a run of digits like a phone number; make sure it is an opaque reference, not personal data")
        for field in ("role", "standard", "ref")
        if _phone(getattr(record, field) or "") == "likely"
    ]


def standard_warning(standard: str | None, known: dict[str, str]) -> str | None:
    """A warning for a standard not on the list apprentrack ships (`known`: each standard's role_key to its
    name), with the nearest name suggested; None for one on the list, or none given."""
    if not standard:
        return None
    if role_key(standard) in known:
        return None
    import difflib

    close = difflib.get_close_matches(role_key(standard), list(known), n=1, cutoff=0.5)
    hint = f"; did you mean '{known[close[0]]}'?" if close else ""
    return f"is not on the list of apprenticeship standards apprentrack knows{hint} (a warning: add it if it is right)"

"""What a record is once it has been checked, and the rules on records, as plain functions over plain
values: the counting rule, the order of statuses, what is plain text, what looks like personal data.

Nothing here imports pydantic: models.py validates a record's fields and calls these rules, and any
path that skips pydantic calls the same ones.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from datetime import date, timedelta
from typing import NamedTuple

from .errors import InvalidValue
from .terms import ENDING, Status

# The order fields are written in, and listed in messages.
FIELDS = ("id", "role", "standard", "level", "start_date", "status", "end_date", "ref")
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*-\d{4,}")


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


def counts_on(status: Status, start_date: date, day: date, counted: Collection[Status]) -> bool:
    """The counting rule, for a record of a borough that is a member on `day` (Registry.member_on): it
    counts when its status is one of the programme's `counted` statuses and it started on or before
    `day`. A record that later completed or withdrew still counts: it was a recruitment."""
    return status in counted and start_date <= day


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


# Unicode's categories Cc (controls), Cs (surrogates), Zl and Zp (line and paragraph separators).
_NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def plain_text(value: str) -> str:
    """Strip surrounding space; refuse control characters (terminal escapes, NUL, new lines), line and
    paragraph separators, and lone surrogates (undecodable bytes on a command line)."""
    value = value.strip()
    bad = _NOT_TEXT.search(value)
    if bad is not None:
        raise InvalidValue(f"contains a control character (U+{ord(bad.group()):04X}); use plain text on one line")
    return value


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

"""Words of the domain: the statuses a record can have, the verdicts, what figures are counted by.

Plain enums, cheap to import: the command line names them in its help before anything heavy is imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple

from .errors import InvalidValue

if TYPE_CHECKING:
    from typing_extensions import Self


class Word(str, Enum):
    """An enum whose members read as their value in messages and f-strings, on every Python version."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    @classmethod
    def parse(cls, text: str) -> Self:
        """A member from its value, in any case; anything else is refused, naming the choices."""
        for member in cls:
            if member.value == text.strip().lower():
                return member
        raise InvalidValue(f"'{text}' is not one of: {', '.join(m.value for m in cls)}")


STATUS_HELP = "pledged, recruited, in_post ('in post'), completed or withdrawn"


class Status(Word):
    pledged = "pledged"  # a place promised, not yet filled; start_date is the expected start
    recruited = "recruited"  # hired, whether or not started yet
    in_post = "in_post"
    completed = "completed"  # finished the apprenticeship: needs end_date
    withdrawn = "withdrawn"  # left before completing: needs end_date

    @classmethod
    def parse(cls, text: str) -> Self:
        """A status as people and HR systems write it (STATUS_SPELLINGS): any case and punctuation aside,
        'in post', 'In-Post', 'in_post', 'Started', 'Offer accepted', 'Leaver'."""
        status = _SPELLING_OF.get(spelling_key(text))
        if status is None:
            raise InvalidValue(f"'{text}' is not a status; write {STATUS_HELP}")
        return cls(status.value)


def spelling_key(text: str) -> str:
    """How statuses (and column names) are compared: lower case, words only."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


# The spellings read as each status, case and punctuation aside: the one table that --status, import (a
# workbook's free-text Status column) and the README use. A status's own name is read as it too.
STATUS_SPELLINGS: dict[Status, tuple[str, ...]] = {
    Status.pledged: (),
    Status.recruited: ("Offer accepted", "Appointed"),
    Status.in_post: ("In post", "Started", "Active"),
    Status.completed: ("Finished", "Achieved", "Passed"),
    Status.withdrawn: ("Left", "Leaver", "Resigned"),
}
_SPELLING_OF = {
    spelling_key(text): status for status, texts in STATUS_SPELLINGS.items() for text in (status.value, *texts)
}


def status_spellings() -> str:
    """The table in words: 'pledged; recruited (Offer accepted, Appointed); in_post (In post, ...); ...'."""
    return "; ".join(f"{s.value} ({', '.join(texts)})" if texts else s.value for s, texts in STATUS_SPELLINGS.items())


ENDING = frozenset({Status.completed, Status.withdrawn})
COUNTED_BY_DEFAULT = (Status.recruited, Status.in_post, Status.completed, Status.withdrawn)


class Breakdown(Word):
    """What status and summary count by, beside the boroughs."""

    borough = "borough"
    role = "role"
    standard = "standard"
    level = "level"
    area = "area"


class Interval(Word):
    """The step of a burn-up chart: one bar a week or a month."""

    week = "week"
    month = "month"


class Verdict(Word):
    met = "met"
    missed = "missed"
    on_track = "on track"
    at_risk = "at risk"
    too_early = "too early to tell"  # the programme has run too few weeks for its pace to say
    not_started = "not started"  # as of a day before the programme's start

    def sentence(self, reached_on: date | None, short_by: int, day: Callable[[date], str] = date.isoformat) -> str:
        """The verdict in words, lower case: 'met on 2020-08-13', 'missed by 12', 'on track', 'at risk'."""
        if self is Verdict.met and reached_on is not None:
            return f"met on {day(reached_on)}"
        if self is Verdict.missed:
            return f"missed by {short_by}"
        return str(self.value)


class Noun(NamedTuple):
    """The programme's word for its members, as boroughs.yaml sets it ('borough', 'council', 'NHS trust'),
    in the forms headings and messages need: 'boroughs', 'Borough', 'Boroughs'."""

    one: str = "borough"

    @property
    def many(self) -> str:
        """English's regular plural, which every word for a public body takes: 'authority' -> 'authorities'."""
        word = self.one
        if re.search(r"[^aeiou]y$", word):
            return word[:-1] + "ies"
        if re.search(r"(s|x|z|ch|sh)$", word):
            return word + "es"
        return word + "s"

    @property
    def One(self) -> str:  # the word starting a heading: 'Council'
        return capital(self.one)

    @property
    def Many(self) -> str:
        return capital(self.many)


BOROUGH = Noun()  # London's word, and the default


def capital(text: str) -> str:
    """The first letter in capitals, the rest as written ('NHS trust' stays 'NHS trust')."""
    return text[:1].upper() + text[1:]

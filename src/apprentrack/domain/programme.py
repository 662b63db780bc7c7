"""A programme and its boroughs as checked: plain frozen types (models.py checks boroughs.yaml and makes
them), and the Registry that finds a borough however people write it and says who is a member when.
Nothing here imports pydantic, so a run over unchanged files can take the registry from the cache without
loading it."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date

from .errors import InvalidValue
from .record import ID_PATTERN
from .words import COUNTED_BY_DEFAULT, Status


@dataclass(frozen=True)
class Programme:
    name: str
    target: int
    start: date
    deadline: date
    counts: tuple[Status, ...] = COUNTED_BY_DEFAULT  # which statuses count toward the target
    recent_weeks: int = 8  # the window for "recent pace"
    stale_after_weeks: int = 12  # records to check: a pledge, or a hire still 'recruited', this long after its start


@dataclass(frozen=True)
class Borough:
    slug: str
    name: str
    code: str  # ONS GSS code
    area: str  # inner or outer
    member_since: date | None = None  # membership start; None: not a member
    pledge: int | None = None
    headcount: int | None = None
    aliases: tuple[str, ...] = ()


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
        """Whether the borough's hires count on `day` (the counting rule's other half: counting.py).
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

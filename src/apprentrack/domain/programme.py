"""A programme and its members as checked: plain frozen types (models.py checks boroughs.yaml and makes
them), and the Registry that finds a borough (a council, a trust: the programme's word) however people
write it and says who is a member when. Nothing here imports pydantic, so a run over unchanged files can
take the registry from the cache without loading it."""

# Annotations are evaluated here, not kept as text: see CONTRIBUTING.md, "Annotations".

import difflib
import re
from datetime import date
from typing import NamedTuple

from .errors import InvalidValue
from .words import COUNTED_BY_DEFAULT, Noun, Status


class Programme(NamedTuple):
    name: str
    target: int
    start: date
    deadline: date
    counts: tuple[Status, ...] = COUNTED_BY_DEFAULT  # which statuses count toward the target
    recent_weeks: int = 8  # the window for "recent pace"
    stale_after_weeks: int = 12  # records to check: a pledge, or a hire still 'recruited', this long after its start
    member_word: str = "borough"  # what its members are called: 'council', 'NHS trust', 'organisation'

    @property
    def noun(self) -> Noun:
        return Noun(self.member_word)


class Borough(NamedTuple):
    slug: str
    name: str
    code: str | None  # ONS GSS code of a local authority district; None for a body that is not a place
    area: str | None  # inner or outer: London's categories only
    member_since: date | None = None  # membership start; None: not a member
    pledge: int | None = None
    headcount: int | None = None
    aliases: tuple[str, ...] = ()


_PREFIXES = (
    "the ", "london borough of ", "royal borough of ", "lb ", "rb ", "metropolitan borough of ",
    "county borough of ", "borough of ", "city and county of ",
)  # fmt: skip
# How councils are named: "Hackney Council", "Westminster City Council", "Corporation of London",
# "Tameside Metropolitan Borough Council", "Conwy County Borough Council", "Glasgow City Council"; the
# longest first, as only one is taken off. ONS names end ', City of' ("Bristol, City of"), and three
# Scottish ones ' City' ("Glasgow City"): what people write without.
_SUFFIXES = (
    " metropolitan borough council", " london borough council", " county borough council", " borough council",
    " district council", " county council", " city council", " council", " city of", " county of", " city",
)  # fmt: skip


def spelling(text: str) -> str:
    """How people's spellings of a borough are compared: case, '&', punctuation, and the words that make
    a place's name a council's ('London Borough of', 'Council', 'City of Westminster') ignored."""
    s = text.lower().replace("&", " and ")
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    for prefix in _PREFIXES:
        if s.startswith(prefix) and len(s) > len(prefix):
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


class Names:
    """Boroughs (councils, trusts) found by slug, name, GSS code or a common spelling, and the nearest
    names to a miss: the lookup of a programme's Registry, and of the councils `init` chooses from."""

    def __init__(self, boroughs: list[Borough]):
        self.boroughs = {b.slug: b for b in boroughs}
        self._index: dict[str, str] = {}
        for b in boroughs:
            for text in (b.slug, b.name, b.code, *b.aliases):
                if text is not None:
                    self._index.setdefault(spelling(text), b.slug)

    def get(self, text: str) -> Borough | None:
        slug = self._index.get(spelling(text))
        return None if slug is None else self.boroughs[slug]

    def miss(self, text: str, noun: str, where: str) -> InvalidValue:
        """The error for a text that names none of them: the nearest names, and `where` to see them all."""
        key = spelling(text)
        close = difflib.get_close_matches(key, list(self._index), n=3, cutoff=0.6)
        suggestions = list(dict.fromkeys(self.boroughs[self._index[k]].name for k in close))
        if not suggestions:  # a fragment such as "Kensington" or "Tower"
            names = {spelling(b.name): b.name for b in self.boroughs.values()}
            suggestions = [name for k, name in names.items() if key and key in k][:3]
        hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
        shown = text if len(text) <= 60 else text[:57] + "..."
        return InvalidValue(f"no {noun} matches {shown!r}{hint} ({where})")


class Registry:
    """The programme and its boroughs, with lookup by slug, name, GSS code or a common spelling."""

    def __init__(self, programme: Programme, boroughs: list[Borough]):
        self.programme = programme
        self.names = Names(boroughs)
        self.boroughs = self.names.boroughs

    @property
    def noun(self) -> Noun:
        """The programme's word for its members."""
        return self.programme.noun

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
        found = self.names.get(text)
        if found is not None:
            return found
        raise self.names.miss(text, self._what(), "`apprentrack boroughs` lists them all")

    def _what(self) -> str:
        """What a miss says it looked for: 'London borough' where the boroughs are London's, as they were
        before programmes could be anywhere; else the programme's word."""
        london = all(b.code is not None and b.code.startswith("E09") for b in self.boroughs.values())
        return "London borough" if self.noun.one == "borough" and london else self.noun.one

    def of_record(self, record_id: str) -> Borough:
        """The borough a record id belongs to: ids are <borough-slug>-<number>."""
        from .record import ID_PATTERN  # only here: counting cached timelines needs none of the record rules

        slug = record_id.rsplit("-", 1)[0]
        if not ID_PATTERN.fullmatch(record_id) or slug not in self.boroughs:
            raise InvalidValue(f"'{record_id}' is not a record id: <borough-slug>-<number>, e.g. hackney-0007")
        return self.boroughs[slug]

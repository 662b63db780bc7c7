"""Counting by role, standard, level, area or borough: members' hires that count on a day, grouped, as
LOTI reported them. Pure arithmetic, like progress.py."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from .models import Borough, Registry
from .record import Record, role_key
from .terms import Breakdown, Status


def by_borough(registry: Registry, records: Mapping[str, list[Record]]) -> dict[Borough, list[Record]]:
    """Every borough of the registry, with its records (none for a borough with no file)."""
    return {b: records.get(slug, []) for slug, b in registry.boroughs.items()}


@dataclass(frozen=True)
class Tally:
    """The counted hires of one role (or standard, level, area, borough) on a day, members only."""

    key: str  # what the records are grouped by: a role's key (record.role_key), a level, an area...
    label: str  # as shown: the spelling most records use
    counted: int
    recruited: int  # not yet in post (today's status)
    in_post: int
    completed: int
    withdrawn: int
    spellings: list[str]  # every spelling grouped here, the most used first


def _group_of(by: Breakdown, borough: Borough, record: Record) -> tuple[str, str]:
    """(key, spelling) of a record for a breakdown."""
    if by is Breakdown.borough:
        return borough.slug, borough.name
    if by is Breakdown.area:
        return borough.area, borough.area
    if by is Breakdown.level:
        return (str(record.level), f"Level {record.level}") if record.level else ("", "(no level)")
    text = record.role if by is Breakdown.role else record.standard
    return (role_key(text), text) if text else ("", f"(no {by.value})")


def breakdown(registry: Registry, records: Mapping[str, list[Record]], as_of: date, by: Breakdown) -> list[Tally]:
    """The counted hires on `as_of` (members' records, the counting rule) grouped by role, standard, level,
    area or borough, the largest group first."""
    counts = registry.programme.counts
    members: dict[str, list[tuple[str, Record]]] = {}
    for b, recs in by_borough(registry, records).items():
        if registry.member_on(b, as_of):
            for r in recs:
                if r.counts_on(as_of, counts):
                    key, text = _group_of(by, b, r)
                    members.setdefault(key, []).append((text, r))
    groups = []
    for key, items in members.items():
        hired = [r for _, r in items]
        spellings = [text for text, _ in Counter(text for text, _ in items).most_common()]
        waiting = sum(r.status is Status.recruited for r in hired)
        groups.append(
            Tally(
                key=key,
                label=spellings[0],
                counted=len(hired),
                recruited=waiting,
                in_post=sum(r.end_date is None or r.end_date > as_of for r in hired) - waiting,
                completed=sum(
                    r.status is Status.completed and r.end_date is not None and r.end_date <= as_of for r in hired
                ),
                withdrawn=sum(
                    r.status is Status.withdrawn and r.end_date is not None and r.end_date <= as_of for r in hired
                ),
                spellings=spellings,
            )
        )
    return sorted(groups, key=lambda g: (-g.counted, g.label.casefold()))

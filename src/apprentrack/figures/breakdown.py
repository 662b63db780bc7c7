"""Counting by role, standard, level, area or borough: members' hires that count on a day, grouped, as
LOTI reported them."""

# Annotations are evaluated here, not kept as text: see CONTRIBUTING.md, "Annotations".

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from ..domain.counting import Counts, Timeline
from ..domain.programme import Borough, Registry
from ..domain.words import Breakdown
from .snapshot import Snapshot

if TYPE_CHECKING:  # status by borough never imports the record rules
    from ..domain.record import Record


class Tally(NamedTuple):
    """The counted hires of one role (or standard, level, area, borough) on a day, members only."""

    key: str  # what the records are grouped by: a role's key (record.role_key), a level, an area...
    label: str  # as shown: the spelling most records use
    counted: int
    recruited: int  # not yet in post (today's status)
    in_post: int
    completed: int
    withdrawn: int
    spellings: list[str]  # every spelling grouped here, the most used first


def _group_of(by: Breakdown, borough: Borough, record: "Record", role_key: Callable[[str], str]) -> tuple[str, str]:
    """(key, spelling) of a record for a breakdown (`role_key`: domain/record's, how texts are grouped)."""
    if by is Breakdown.borough:
        return borough.slug, borough.name
    if by is Breakdown.area:  # London's inner and outer; no area elsewhere
        return (borough.area, borough.area) if borough.area else ("", "(no area)")
    if by is Breakdown.level:
        return (str(record.level), f"Level {record.level}") if record.level else ("", "(no level)")
    text = record.role if by is Breakdown.role else record.standard
    return (role_key(text), text) if text else ("", f"(no {by.value})")


def breakdown(
    registry: Registry,
    records: Mapping[str, list["Record"]],
    as_of: date,
    by: Breakdown,
    known_by: date | None = None,
) -> list[Tally]:
    """The counted hires on `as_of` (members' records, the counting rule) grouped by role, standard, level,
    area or borough, the largest group first; with `known_by`, only the records logged by that day. Each
    spelling of a group is counted apart, so the label is the spelling most counted records use."""
    from ..domain.record import role_key  # here, once: status by borough needs none of the record rules

    spelt: dict[tuple[str, str], list[Record]] = {}
    for slug, borough in registry.boroughs.items():
        if registry.member_on(borough, as_of):
            for r in records.get(slug, []):
                spelt.setdefault(_group_of(by, borough, r, role_key), []).append(r)
    groups: dict[str, list[tuple[str, Counts]]] = {}
    for (key, text), group in spelt.items():
        timeline = Timeline.of(group)
        counts = (timeline if known_by is None else timeline.known_by(known_by)).on(as_of, registry.programme.counts)
        if counts.counted:
            groups.setdefault(key, []).append((text, counts))
    tallies = []
    for key, parts in groups.items():
        parts.sort(key=lambda part: -part[1].counted)
        total = Counts.together(counts for _, counts in parts)
        tallies.append(
            Tally(
                key=key,
                label=parts[0][0],
                counted=total.counted,
                recruited=total.recruited,
                in_post=total.in_post,
                completed=total.completed,
                withdrawn=total.withdrawn,
                spellings=[text for text, _ in parts],
            )
        )
    return _largest_first(tallies)


def borough_breakdown(snap: Snapshot) -> list[Tally]:
    """The breakdown by borough: the snapshot's member boroughs with counted hires, the largest first."""
    tallies = [
        Tally(r.slug, r.name, r.counted, r.recruited, r.in_post, r.completed, r.withdrawn, [r.name])
        for r in snap.members
        if r.counted
    ]
    return _largest_first(tallies)


def _largest_first(tallies: list[Tally]) -> list[Tally]:
    return sorted(tallies, key=lambda g: (-g.counted, g.label.casefold()))

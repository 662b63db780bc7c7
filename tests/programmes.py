"""Small programmes in memory, for the core tests: the `tiny` fixture's programme and boroughs as the core's
own types, and records written in a line. No files, no command line: the figures are asserted by calling
the core (domain/, figures/) directly."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from apprentrack.domain.counting import Timeline
from apprentrack.domain.programme import Borough, Programme, Registry
from apprentrack.domain.record import Record
from apprentrack.domain.words import Status
from apprentrack.figures.snapshot import Snapshot, snapshot

# As TINY_BOROUGHS (helpers.py): target 10, 2021-01-04 to 2021-03-28, a 4-week window; Hackney (pledge 6)
# and Camden members from the start, Croydon not a member.
START, DEADLINE = date(2021, 1, 4), date(2021, 3, 28)
TINY = Programme(name="Tiny programme", target=10, start=START, deadline=DEADLINE, recent_weeks=4)
HACKNEY = Borough("hackney", "Hackney", "E09000012", "inner", member_since=START, pledge=6)
CAMDEN = Borough("camden", "Camden", "E09000007", "inner", member_since=START)
CROYDON = Borough("croydon", "Croydon", "E09000008", "outer")


def day(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def registry(*boroughs: Borough, **programme: object) -> Registry:
    """The tiny programme (with `programme`'s fields changed) and its three boroughs, or those given."""
    return Registry(TINY._replace(**programme), list(boroughs or (HACKNEY, CAMDEN, CROYDON)))  # type: ignore[arg-type]


def joined(borough: Borough, since: str | date | None) -> Borough:
    """The borough as a member from `since` (None: not a member)."""
    return borough._replace(member_since=None if since is None else day(since))


def record(
    record_id: str,
    start: str | date,
    status: str = "recruited",
    end: str | date | None = None,
    *,
    role: str = "Dev",
    level: int | None = None,
    standard: str | None = None,
    ref: str | None = None,
) -> Record:
    """A checked record, as a file would give it: `record("hackney-0001", "2021-01-05", "in_post")`."""
    return Record(record_id, role, standard, level, day(start), Status(status), None if end is None else day(end), ref)


def hires(slug: str, *starts: str | date, status: str = "recruited", role: str = "Dev") -> list[Record]:
    """One record of `status` a start day, numbered from 1: `hires("hackney", "2021-01-05", "2021-01-12")`."""
    return [record(f"{slug}-{n:04d}", start, status, role=role) for n, start in enumerate(starts, 1)]


def by_borough(records: Iterable[Record]) -> dict[str, list[Record]]:
    """Records grouped by the borough their id names, as the data dir holds them (a file a borough)."""
    grouped: dict[str, list[Record]] = {}
    for r in records:
        grouped.setdefault(r.id.rsplit("-", 1)[0], []).append(r)
    return grouped


def timelines(records: Iterable[Record]) -> dict[str, Timeline]:
    return {slug: Timeline.of(group) for slug, group in by_borough(records).items()}


def status(reg: Registry, records: Iterable[Record], as_of: str | date, window: int | None = None) -> Snapshot:
    """What `status --as-of` computes for these records: the snapshot."""
    return snapshot(reg, timelines(records), day(as_of), window)

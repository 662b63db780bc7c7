"""The public sector apprenticeship target (England, 2017 to 2022): starts a year as a share of headcount,
years running 1 April to 31 March."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from ..domain.counting import NO_RECORDS, Timeline
from ..domain.dates import target_year
from ..domain.programme import Registry

PUBLIC_SECTOR_TARGET = 2.3  # percent of headcount a year


@dataclass(frozen=True)
class TargetYear:
    label: str  # "2019/20"
    start: date  # 1 April
    end: date  # 31 March, or as_of for a year not over yet
    starts: int
    percent: float
    meets_target: bool


@dataclass(frozen=True)
class HeadcountRow:
    slug: str
    name: str
    headcount: int
    periods: list[TargetYear]  # 'periods' in the JSON of status --headcount


def headcount_report(registry: Registry, timelines: Mapping[str, Timeline], as_of: date) -> list[HeadcountRow]:
    """Apprenticeship starts in each target year from the programme's start to as_of, as a share of each
    borough's headcount, for boroughs that have one."""
    counts = registry.programme.counts
    first, last = target_year(registry.programme.start), target_year(as_of)
    rows = []
    for slug, borough in registry.boroughs.items():
        if borough.headcount is None:
            continue
        timeline = timelines.get(slug, NO_RECORDS)
        years = []
        for y in range(first, last + 1):
            start, end = date(y, 4, 1), min(date(y + 1, 3, 31), as_of)
            n = timeline.began(start, end, counts)
            percent = round(100 * n / borough.headcount, 2)
            years.append(
                TargetYear(f"{y}/{(y + 1) % 100:02d}", start, end, n, percent, percent >= PUBLIC_SECTOR_TARGET)
            )
        rows.append(HeadcountRow(borough.slug, borough.name, borough.headcount, years))
    return rows

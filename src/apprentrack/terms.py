"""Words of the domain that the command line needs before anything heavy is imported.

Kept apart from models.py (which imports pydantic) so that `--help` and `--version` stay fast.
"""

from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    pledged = "pledged"  # a place promised, not yet filled; start_date is the expected start
    recruited = "recruited"  # hired, whether or not started yet
    in_post = "in_post"
    completed = "completed"  # finished the apprenticeship: needs end_date
    withdrawn = "withdrawn"  # left before completing: needs end_date


ENDING = frozenset({Status.completed, Status.withdrawn})
COUNTED_BY_DEFAULT = (Status.recruited, Status.in_post, Status.completed, Status.withdrawn)


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


class SummaryFormat(str, Enum):
    markdown = "markdown"
    json = "json"
    csv = "csv"
    svg = "svg"
    html = "html"


class Period(str, Enum):
    week = "week"
    month = "month"

"""Dates as people write them, and the calendar rules of the domain: ISO weeks and the public sector
target's April-to-March year. Plain functions over plain values; nothing here imports pydantic.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo

from .errors import InvalidValue, MachineError

DATE_HELP = "YYYY-MM-DD (2020-03-11) or DD/MM/YYYY (11/03/2020)"
# The years a date may fall in: wide for any programme, narrow enough that counting weeks and months to
# a deadline, or back from a week, never runs out of the calendar (a year-1 week, a year-9999 deadline).
FIRST_YEAR, LAST_YEAR = 1900, 2199


def in_range(day: date, text: object = None) -> date:
    """The date, if its year is one a programme can have; an InvalidValue saying so if not."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        shown = day if text is None else text
        raise InvalidValue(f"'{shown}' is outside the years {FIRST_YEAR} to {LAST_YEAR}")
    return day


# Patterns as text, compiled by `re` at their first use (a run that parses no date compiles none).
_ISO = r"\d{4}-\d{1,2}-\d{1,2}"
_UK = r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})"
_WEEK = r"(?i)(\d{4})-?W(\d{1,2})"


LONDON = "Europe/London"


def today() -> date:
    """Today's date in London, whatever the machine's time zone (a GitHub runner's is UTC; a laptop abroad
    has its own): the default --as-of, the rule 'a start date is not in the future' and the last complete
    week all depend on it. In one place, so that every "today" agrees."""
    return datetime.now(_london()).date()


def _london() -> tzinfo:
    """Europe/London's rules, from the system's zone database or the tzdata package (a dependency, for the
    machines without one); a MachineError saying what to install when neither has them."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(LONDON)
    except (ZoneInfoNotFoundError, OSError, ValueError):
        raise MachineError(
            f"no time zone database for {LONDON} on this machine, and the tzdata package apprentrack depends on "
            "is missing: install it (pip install tzdata)"
        ) from None


def london_day(text: str | date) -> date:
    """A day as London saw it: a date as parse_date reads it, or a moment with its offset (GitHub's
    2020-06-30T23:30:00Z, an issue's created_at) as London's date at that moment."""
    if isinstance(text, date) or "T" not in text.upper():
        return parse_date(text)
    s = text.strip()
    try:
        moment = datetime.fromisoformat(s[:-1] + "+00:00" if s[-1:] in ("Z", "z") else s)
    except ValueError:
        raise InvalidValue(f"'{s}' is not a date or a moment; write {DATE_HELP}, or 2020-03-11T09:30:00Z") from None
    if moment.tzinfo is None:
        raise InvalidValue(f"'{s}' has no offset from UTC; write it with one, e.g. 2020-03-11T09:30:00Z")
    return in_range(moment.astimezone(_london()).date(), s)


def parse_date(text: str | date) -> date:
    """An ISO (2020-03-11) or UK (11/03/2020) date; anything else is refused with an example."""
    if isinstance(text, date):
        return text
    s = text.strip()
    if re.fullmatch(_ISO, s):
        y, m, d = (int(p) for p in s.split("-"))
    elif match := re.fullmatch(_UK, s):
        d, m, y = (int(p) for p in match.groups())
        if len(match.group(3)) == 2:
            raise InvalidValue(f"'{s}' has a two-digit year; write it in full: {d:02d}/{m:02d}/20{y:02d}")
        if m > 12 and d <= 12:
            raise InvalidValue(
                f"'{s}' looks like a US month/day date; dates here are day first: "
                f"{m:02d}/{d:02d}/{y} or {y}-{d:02d}-{m:02d}"
            )
    else:
        raise InvalidValue(f"'{s}' is not a date; write {DATE_HELP}")
    try:
        day = date(y, m, d)
    except ValueError as exc:
        raise InvalidValue(f"'{s}' is not a real date ({exc})") from None
    return in_range(day, s)


def parse_week(text: str) -> date:
    """An ISO week, 2020-W11, as the date of its Monday."""
    match = re.fullmatch(_WEEK, text.strip())
    if not match:
        raise InvalidValue(f"'{text}' is not an ISO week; write YYYY-Www, e.g. 2020-W11 (9 to 15 March 2020)")
    try:
        monday = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        raise InvalidValue(f"'{text}': {match.group(1)} has no week {int(match.group(2))}") from None
    return in_range(monday, text.strip())


def week_of(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def week_label(monday: date) -> str:
    """The ISO week's name: 2020-W11."""
    year, number, _ = monday.isocalendar()
    return f"{year}-W{number:02d}"


def last_complete_week(day: date) -> date:
    """The Monday of the last Monday-to-Sunday week that has ended by `day`."""
    return week_of(day) - timedelta(weeks=1)


def target_year(day: date) -> int:
    """The public sector target's year (1 April to 31 March) holding `day`, by the year it starts in."""
    return day.year if day >= date(day.year, 4, 1) else day.year - 1


def long_date(day: date) -> str:
    """A date as people read it in a sentence: 11 March 2020."""
    return f"{day.day} {day:%B %Y}"

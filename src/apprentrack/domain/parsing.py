"""Values as people type them, on a command line, at a prompt, in a spreadsheet cell or a web form: dates
(ISO or UK), statuses ('In post'), levels ('Level 4'), whole numbers. The one set of parsers every way in
uses; each raises InvalidValue saying what would be right."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .dates import parse_date
from .errors import InvalidValue
from .words import Status


def whole_number(text: str, low: int, high: int) -> int:
    """A whole number from low to high, as typed: anything else is refused saying what would be right."""
    if not re.fullmatch(r"\s*\d{1,9}\s*", text) or not low <= int(text) <= high:
        raise InvalidValue(f"'{text.strip()}' is not a whole number from {low} to {high:,}")
    return int(text)


def decimal_number(text: str, low: float, high: float) -> float:
    """A number from low to high, whole or with decimals (0.5), as typed."""
    if not re.fullmatch(r"\s*\d{1,6}(\.\d{1,3})?\s*", text) or not low <= float(text) <= high:
        raise InvalidValue(f"'{text.strip()}' is not a number from {low:g} to {high:g}")
    return float(text)


def parse_level(text: str) -> int:
    """An apprenticeship level as people write it: 4, 'Level 4', 'L4'; 2 to 7."""
    match = re.fullmatch(r"(?:level\s*|l)?(\d+)", text.strip().lower())
    if not match or not 2 <= int(match.group(1)) <= 7:
        raise InvalidValue(f"'{text.strip()}' is not a level: write a number from 2 to 7")
    return int(match.group(1))


# The record fields typed as text that are not kept as typed: each with its parser.
FIELD_PARSERS: dict[str, Callable[[str], Any]] = {
    "start_date": parse_date,
    "end_date": parse_date,
    "status": Status.parse,
    "level": parse_level,
    "logged": parse_date,
}

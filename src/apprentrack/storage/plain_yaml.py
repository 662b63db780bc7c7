"""The fast parser for the plain shape of a record file: a block list of flat records whose values are
dates, whole numbers and plain words, as `apprentrack add` writes them (and most people write them by
hand). It gives the same result as the strict YAML loader for every file it accepts (tests/core/test_reading.py
checks it), about five times faster; anything else (quotes, flow style, comments after a value, anchors, a
key twice, words YAML reads as booleans or null) makes it give way, and the loader reads the file.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from typing import Any


class Located(dict[Any, Any]):
    """A YAML mapping that knows its own line and each key's line (1-based), for messages."""

    __slots__ = ("line", "lines")  # no __dict__ of its own: one dict fewer a record
    line: int
    lines: dict[Any, int]


# One line of a file: a field of a record ('- ' opens a record, two spaces go on with it), a comment, or
# nothing. Matched over the whole text at once: every line must match, or the file is not plain. What YAML
# reads as a line break or refuses anywhere, and a line parser would miss (a carriage return not followed
# by a line feed, NEL, the line and paragraph separators, a byte order mark, a control character), is in
# no line's pattern, so a file holding one, even in a comment, is not plain.
@functools.cache
def _line() -> re.Pattern[str]:  # compiled at the first parse: a run over cached files needs none
    return re.compile(
        r"^(?:(?:(-) |  )([a-z_]+): (?:"  # '-' opens a record (one character: Python keeps one copy)
        # a word, but not one YAML reads as a boolean or null (yes, No, TRUE, off...)
        r"(?!(?:[Yy]es|YES|[Nn]o|NO|[Tt]rue|TRUE|[Ff]alse|FALSE|[Oo]n|ON|[Oo]ff|OFF|[Nn]ull|NULL)\r?$)"
        r"([A-Za-z](?:[A-Za-z0-9 _./()&+-]*[A-Za-z0-9_./()&+-])?)"
        r"|(\d{4}-\d\d-\d\d)"  # a date (tried before a number, which fails later on one)
        r"|(0|[1-9]\d{0,8}))"  # a whole number
        # a comment (of what YAML allows in a stream, and reads as no line break), or nothing: not a control
        # but the tab, not NEL, the line or paragraph separator, a surrogate, the byte order mark or U+FFFE/F
        # (as a set of what is left out: compiled in a ninth of the time of the ranges let in)
        "|#[^\x00-\x08\n-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]*"
        r"|)\r?$",
        re.MULTILINE,
    )


def fast_parse(text: str) -> list[Located] | None:
    """The records of a file in the plain shape (see above), or None: read it with the YAML loader."""
    lines = _line().findall(text)
    if len(lines) != text.count("\n") + 1:  # a line that is not of the plain shape
        return None
    records: list[Located] = []
    current = Located()
    at: dict[Any, int] = {}  # the current record's lines, by key
    to_date = date.fromisoformat
    for number, (dash, key, word, day, whole) in enumerate(lines, 1):
        if not key:  # a comment, or nothing
            continue
        if dash:
            current = Located()
            current.line, current.lines = number, {}
            at = current.lines
            records.append(current)
        elif not records or key in current:
            return None
        if word:
            current[key] = word
        elif whole:
            current[key] = int(whole)
        else:
            try:
                current[key] = to_date(day)
            except ValueError:  # 2020-02-30: text, as the YAML loader leaves it
                current[key] = day
        at[key] = number
    return records

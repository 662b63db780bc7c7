"""The fast parser for the plain shape of a record file: a block list of flat records whose values are
dates, whole numbers and plain words, as `apprentrack add` writes them (and most people write them by
hand). It gives the same result as the strict YAML loader for every file it accepts (tests/test_reading.py
checks it), about five times faster; anything else (quotes, flow style, comments after a value, anchors, a
key twice, words YAML reads as booleans or null) makes it give way, and the loader reads the file.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any


class Located(dict[Any, Any]):
    """A YAML mapping that knows its own line and each key's line (1-based), for messages."""

    line: int = 1
    lines: dict[Any, int]


# One line of a file: a field of a record ('- ' opens a record, two spaces go on with it), a comment, or
# nothing. Matched over the whole text at once: every line must match, or the file is not plain.
_LINE = re.compile(
    r"^(?:(- |  )([a-z_]+): (?:"
    r"([A-Za-z](?:[A-Za-z0-9 _./()&+-]*[A-Za-z0-9_./()&+-])?)"  # a word
    r"|(0|[1-9]\d{0,8})"  # a whole number
    r"|(\d{4}-\d\d-\d\d))"  # a date
    r"|#[^\n]*|)\r?$",
    re.MULTILINE,
)
_YAML_WORDS = {
    w for word in ("yes", "no", "true", "false", "on", "off", "null") for w in (word, word.title(), word.upper())
}
# What YAML reads as a line break or refuses anywhere, comments included, and a line parser would miss:
# a carriage return not followed by a line feed, NEL, the line and paragraph separators, a byte order
# mark, and every character YAML does not allow in a stream (controls but tab, line feed and CR).
_NOT_PLAIN_LINES = re.compile(
    "\r(?!\n)|[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_NOT_PLAIN_ASCII = re.compile("\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # the same, for ASCII text


def fast_parse(text: str) -> list[Located] | None:
    """The records of a file in the plain shape (see above), or None: read it with the YAML loader."""
    if (_NOT_PLAIN_ASCII if text.isascii() else _NOT_PLAIN_LINES).search(text):
        return None
    lines = _LINE.findall(text)
    if len(lines) != text.count("\n") + 1:  # a line that is not of the plain shape
        return None
    records: list[Located] = []
    current: Located | None = None
    for number, (lead, key, word, whole, day) in enumerate(lines, start=1):
        if not lead:  # a comment, or nothing
            continue
        if word:
            if word in _YAML_WORDS:
                return None
            value: object = word
        elif whole:
            value = int(whole)
        else:
            try:
                value = date.fromisoformat(day)
            except ValueError:  # 2020-02-30: text, as the YAML loader leaves it
                value = day
        if lead == "- ":
            current = Located()
            current.line, current.lines = number, {}
            records.append(current)
        elif current is None or key in current:
            return None
        current[key] = value
        current.lines[key] = number
    return records

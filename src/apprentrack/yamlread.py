"""Reading YAML for the data dir: a fast line parser for the plain shape that `apprentrack add` writes,
and PyYAML's safe loader made stricter and taught to keep line numbers (yamlload.py) for the rest. Both
give the same result for every file the fast parser accepts (tests/test_cache.py checks it); anything
else goes to the loader. Problems are DataErrors naming the file and line.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from .errors import DataError, Problem

MAX_FILE_BYTES = 32 * 1024 * 1024  # about 200,000 records; anything bigger is a mistake or an attack
# Lines and commas in a file, a bound on the items it can unfold into (a record is about 8 lines): a
# small file of millions of tiny items ('[1,1,1,...]') would take gigabytes to read.
MAX_ITEMS = 2_500_000


class Located(dict[Any, Any]):
    """A YAML mapping that knows its own line and each key's line (1-based), for messages."""

    line: int = 1
    lines: dict[Any, int]


# ---------------------------------------------------------------------------------- the fast path
# Files written by `apprentrack add` (and most written by hand) are a block list of flat records whose
# values are dates, whole numbers and plain words. fast_parse reads exactly that shape, line by line, with
# the same result as the YAML loader (test_cache.py checks it is the same), several times faster;
# anything else (quotes, flow style, comments after a value, anchors, a key twice, words YAML reads as
# booleans or null) makes it give up, and the YAML loader reads the file.

_FAST_LINE = re.compile(
    r"(- |  )([a-z_]+): (?:"
    r"(?P<word>[A-Za-z](?:[A-Za-z0-9 _./()&+-]*[A-Za-z0-9_./()&+-])?)"
    r"|(?P<int>0|[1-9]\d{0,8})"
    r"|(?P<date>\d{4}-\d\d-\d\d))"
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


def fast_parse(text: str) -> list[Located] | None:
    """The records of a file in the plain shape (see above), or None: read it with the YAML loader."""
    if _NOT_PLAIN_LINES.search(text):
        return None
    records: list[Located] = []
    current = None
    match_line = _FAST_LINE.fullmatch
    for number, line in enumerate(text.split("\n"), start=1):
        if not line or line[0] == "#" or line == "\r":
            continue
        match = match_line(line[:-1] if line[-1] == "\r" else line)
        if match is None:
            return None
        lead, key, word, number_text, day = match.groups()
        if word is not None:
            if word in _YAML_WORDS:
                return None
            value: object = word
        elif number_text is not None:
            value = int(number_text)
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


_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: .*)?$", re.MULTILINE)


def _conflicts(text: str) -> list[tuple[int, int]]:
    """The (first, last) lines of each block of git's conflict markers left in a file, <<<<<<< to >>>>>>>."""
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return []
    blocks, start = [], None
    for match in _CONFLICT.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if match.group(1)[0] == "<":
            start = line
        elif match.group(1)[0] == ">":
            blocks.append((start or line, line))
            start = None
    if start is not None:
        blocks.append((start, start))
    return blocks


def read_bytes(path: Path) -> bytes:
    """A file's bytes, refusing one too big to be a record file before reading it."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataError([Problem(path, 1, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")])
    return path.read_bytes()


def read_yaml(path: Path, raw: bytes | None = None) -> tuple[object, bytes, bool]:
    """The parsed document, the raw bytes, and whether the file is in the plain shape fast_parse reads;
    any problem as a DataError naming the file and line."""
    if raw is None:
        raw = read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError(
            [Problem(path, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")]
        ) from None
    conflicts = _conflicts(text)
    if conflicts:
        raise DataError(
            [Problem(path, a, f"unresolved merge conflict, lines {a}-{b}: keep one side") for a, b in conflicts]
        )
    items = text.count("\n") + text.count(",")
    if items > MAX_ITEMS:
        message = f"{items:,} lines and commas; the limit is {MAX_ITEMS:,} (about 300,000 records): split the file"
        raise DataError([Problem(path, 1, message)])
    fast = fast_parse(text)
    if fast is not None:
        return fast, raw, True
    import yaml  # only here: a run that reads plain files (or the cache) never loads PyYAML

    from .yamlload import Loader

    try:
        return yaml.load(text, Loader=Loader), raw, False
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "not valid YAML"
        raise DataError([Problem(path, mark.line + 1 if mark else 1, f"invalid YAML: {message}")]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare (e.g. a stream error)
        raise DataError([Problem(path, 1, f"invalid YAML: {exc}")]) from None

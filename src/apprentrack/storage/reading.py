"""Reading a YAML file of the data dir: its bytes within a size bound, its text (UTF-8), git's conflict
markers named, a bound on what it can unfold into, then the fast parser for the plain shape (plain_yaml.py)
or the strict loader (strict_yaml.py, imported only then: PyYAML takes a while to load). Problems are
DataErrors naming the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..domain.errors import DataError, Problem
from .plain_yaml import fast_parse

MAX_FILE_BYTES = 32 * 1024 * 1024  # about 200,000 records; anything bigger is a mistake or an attack
# Lines and commas in a file, a bound on the items it can unfold into (a record is about 8 lines): a
# small file of millions of tiny items ('[1,1,1,...]') would take gigabytes to read.
MAX_ITEMS = 2_500_000


_CONFLICT = r"(?m)^(<{7}|={7}|>{7})(?: .*)?$"  # compiled by `re` at its first use


def _conflicts(text: str) -> list[tuple[int, int]]:
    """The (first, last) lines of each block of git's conflict markers left in a file, <<<<<<< to >>>>>>>."""
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return []
    blocks, start = [], None
    for match in re.finditer(_CONFLICT, text):
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

    from .strict_yaml import Loader

    try:
        return yaml.load(text, Loader=Loader), raw, False
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "not valid YAML"
        raise DataError([Problem(path, mark.line + 1 if mark else 1, f"invalid YAML: {message}")]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare (e.g. a stream error)
        raise DataError([Problem(path, 1, f"invalid YAML: {exc}")]) from None

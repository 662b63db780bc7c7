"""Markdown as apprentrack writes it: text escaped so that it reads literally (no markup, no HTML, no
broken table), and pipe tables."""

from __future__ import annotations

import re
from typing import Any

_MARKUP = r"([\\`*_\[\]<>|#~&!])"  # compiled by `re` at its first use


def md(text: str) -> str:
    """Text as Markdown shows it literally: what it would read as markup, HTML or a table cell break escaped."""
    return re.sub(_MARKUP, r"\\\1", text)


def md_table(header: list[str], rows: list[dict[str, Any]], right: frozenset[str] = frozenset()) -> list[str]:
    """A pipe table of the rows' values under the header (`right`: the columns aligned right)."""
    cells = [[", ".join(v) if isinstance(v, list) else "" if v is None else str(v) for v in r.values()] for r in rows]
    return [
        "| " + " | ".join(md(h) for h in header) + " |",
        "| " + " | ".join("---:" if h in right else "---" for h in header) + " |",
        *("| " + " | ".join(md(c) for c in row) + " |" for row in cells),
    ]

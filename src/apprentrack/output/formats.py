"""The output formats each command offers, the rule that picks one from a file name, and JSON text.
Plain enums and the standard library only: the command line names them in its help."""

from __future__ import annotations

import json
from datetime import date

from ..domain.words import Word


class Format(Word):
    table = "table"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class CheckFormat(Word):
    text = "text"  # path:line: message
    github = "github"  # GitHub Actions annotations on the file and line


class ReportFormat(Word):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    xlsx = "xlsx"


# The format a file name's extension asks for, when --format is not given (the same rule for every
# command that writes a report: --format wins; a pair that disagrees is an error).
EXTENSIONS = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".xlsx": "xlsx",
    ".svg": "svg",
    ".png": "png",
    ".html": "html",
    ".txt": "text",
}
# Formats written as a file of another kind: a card is a PNG (`-f card -o card.png` agree).
FILE_KIND = {"card": "png"}


class SummaryFormat(Word):
    markdown = "markdown"
    text = "text"  # sentences that paste anywhere: no table, no markup
    json = "json"
    csv = "csv"
    svg = "svg"
    png = "png"
    html = "html"
    card = "card"  # a PNG for social media: the headline, a progress bar, a small burn-up


class PictureFormat(Word):
    """`chart` and `map`: the drawing in text (for a terminal), or a picture."""

    text = "text"
    svg = "svg"
    png = "png"
    html = "html"


def _plain(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")  # pragma: no cover - a bug, not a user error


def to_json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=_plain)

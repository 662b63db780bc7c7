"""How the commands print and write what the core returns: the console, one rule for formats and file
names, and a report to stdout or to the file asked for."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

from ..domain.errors import UsageError
from ..output.formats import EXTENSIONS, FILE_KIND
from .app import say
from .options import option

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from ..domain.words import Word


def console() -> Console:
    from rich.console import Console

    return Console(highlight=False, markup=False, emoji=False)


W = TypeVar("W", bound="Word")


def chosen_format(kinds: type[W], given: str | None, output: Path | None, default: W, excel: bool = False) -> W:
    """The one rule for formats and files: --format wins when given; otherwise the --output file's
    extension decides (.txt: text, or the table), and one that names none of the command's formats is
    a usage error listing them; a pair that disagrees is a usage error, as is --excel with anything but
    CSV."""
    file = output if output is not None and str(output) != "-" else None
    if given is None:
        chosen = _named_format(kinds, file) if file is not None else default
    else:
        chosen = option("--format", kinds.parse, given)
        suffix = file.suffix.lower() if file is not None else ""
        if suffix in EXTENSIONS and suffix != extension_of(chosen.value):
            raise UsageError(
                f"--format {chosen.value} and --output '{output}' disagree: give one, or a "
                f"{extension_of(chosen.value)} file"
            )
    if excel and chosen.value != "csv":
        raise UsageError("--excel goes with CSV: give --format csv or an --output name ending .csv")
    return chosen


def extension_of(value: str) -> str:
    """The file extension of a format: a card is a PNG; '.txt' for text, the table, or a drawing in text."""
    value = FILE_KIND.get(value, value)
    return next((ext for ext, named in EXTENSIONS.items() if named == value), ".txt")


def _named_format(kinds: type[W], output: Path) -> W:
    """The format the file's name asks for, among the command's, or a usage error listing them."""
    suffix = output.suffix.lower()
    for kind in kinds:
        if extension_of(kind.value) == suffix:
            return kind
    names = [
        f"{extension_of(k.value)}{' (the ' + k.value + ')' if extension_of(k.value) == '.txt' else ''}" for k in kinds
    ]
    names = list(dict.fromkeys(names))  # a card is a PNG too
    listed = f"{', '.join(names[:-1])} or {names[-1]}"
    raise UsageError(f"--output: '{output}' names none of the formats here: give a name ending {listed}, or --format")


def deliver(content: str | bytes, output: Path | None, kind: str, markup: bool = False, excel: bool = False) -> None:
    """A report in a text or binary format, to stdout or the file asked for. A binary format (xlsx) is
    never written to a terminal; --excel makes CSV that Excel opens correctly (BOM, CRLF)."""
    if excel:  # chosen_format has made sure the format is CSV
        from ..spreadsheets.write import excel_csv

        content = excel_csv(str(content))
    if isinstance(content, str):
        emit(content, output, markup)
        return
    if output is None or str(output) == "-":
        if sys.stdout.isatty():
            raise UsageError(f"{kind} is not for a terminal: give --output FILE.{kind}")
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    from ..storage.files import write_output

    write_output(output, content)
    say(f"Wrote {output}", err=True)


def plain_text_of(renderable: RenderableType) -> str:
    """What the terminal would show, as plain text 100 columns wide: a table written to a file."""
    import io

    from rich.console import Console

    out = Console(file=io.StringIO(), width=100, color_system=None, highlight=False, markup=False, emoji=False)
    out.print(renderable)
    return "\n".join(line.rstrip() for line in out.file.getvalue().splitlines()) + "\n"  # type: ignore[attr-defined]


def emit(text: str, output: Path | None, markup: bool = False) -> None:
    """A report to stdout, or to the file asked for (saying so on stderr). On a stream that cannot encode
    every character (a cp1252 redirect on Windows), SVG and HTML carry them as character references, the
    same picture; other text gets '?' for what cannot be written."""
    if output is None or str(output) == "-":
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        try:
            text.encode(encoding)
        except (UnicodeEncodeError, LookupError):
            text = text.encode(encoding, "xmlcharrefreplace" if markup else "replace").decode(encoding)
        typer.echo(text, nl=False)
        return
    from ..storage.files import write_output

    write_output(output, text)
    say(f"Wrote {output}", err=True)

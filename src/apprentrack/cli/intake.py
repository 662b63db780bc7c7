"""The web-form intake: `forms` writes the GitHub issue forms from the programme's boroughs, and
`add`/`update --from-issue-form` read a filled one (with `--author`, checked against CODEOWNERS)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from ..domain.errors import ExitCode, FormError, InvalidValue, RecordError, UsageError
from ..domain.words import BOROUGH, Noun
from .app import command, error, say
from .options import data_dir

FORMS_DIR = Path(".github") / "ISSUE_TEMPLATE"


def repository_root(data: Path) -> Path | None:
    """The repository the data dir is in: the nearest folder from it up with .git or .github; None outside
    any repository."""
    here = data.resolve()
    return next((p for p in (here, *here.parents) if (p / ".git").exists() or (p / ".github").is_dir()), None)


@contextmanager
def form_words(kind: str, noun: Noun = BOROUGH) -> Iterator[None]:
    """Errors about options, reported against the form's fields."""
    from ..github.forms import in_form_words

    try:
        yield
    except RecordError as exc:
        raise FormError([in_form_words(f"{field}: {message}", kind, noun) for field, message in exc.issues]) from None
    except (UsageError, InvalidValue) as exc:
        raise FormError([in_form_words(str(exc), kind, noun)]) from None


def run_form(
    ctx: typer.Context, path: Path, kind: str, author: str | None, run: Callable[[dict[str, Any]], None]
) -> None:
    """Read a filled form, check every field (all problems at once) and the author, then run the command
    with the form's values; any problem is in the form's words, and nothing is written."""
    from ..domain.parsing import FIELD_PARSERS
    from ..github.codeowners import check_author
    from ..github.forms import form_options, in_form_words

    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"--from-issue-form: cannot read '{path}': {exc}") from None
    with form_words(kind):
        data = data_dir(ctx)
        registry = data.registry()
    noun = registry.noun
    with form_words(kind, noun):
        options, missing = form_options(text, kind, noun)
        parsers = {"borough": registry.find, "record_id": registry.of_record, **FIELD_PARSERS}
        problems, parsed = list(missing), {}
        for name, parse in parsers.items():
            if options.get(name) is not None:
                try:
                    parsed[name] = parse(str(options[name]))
                except InvalidValue as exc:
                    problems.append(in_form_words(f"{name}: {exc}", kind, noun))
        if problems:
            raise FormError(problems)
        borough = parsed.get("borough") or parsed["record_id"]
        if author is not None:
            root = repository_root(data.root) or data.root.resolve()
            where = data.borough_file(borough.slug).resolve().relative_to(root).as_posix()
            check_author(root, where, author, borough.name)
        run(options)


@command(
    short="Write the GitHub issue forms that boroughs fill in to log a hire.",
    examples=[
        "apprentrack forms",
        "apprentrack forms --check",
    ],
)
def forms(
    ctx: typer.Context,
    output_dir: Annotated[
        Path | None,
        typer.Option(metavar="DIR", help="Where to write them [default: .github/ISSUE_TEMPLATE in the repository]."),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 if the forms are missing or out of date.")
    ] = False,
) -> None:
    """The GitHub issue forms for logging a hire or a change of status, from the programme's boroughs."""
    import yaml

    from ..domain.standards import shipped_standards
    from ..github.forms import forms as make_forms
    from ..storage.files import write_output

    data = data_dir(ctx)
    root = repository_root(data.root)
    folder = output_dir or (root or data.root) / FORMS_DIR
    if output_dir is None and root is None:  # never above the programme, where it was never asked to write
        say(
            f"Not in a git repository: the forms are in the programme folder, {folder}. GitHub reads them from "
            ".github/ISSUE_TEMPLATE at the root of the repository the programme goes in.",
            err=True,
        )
    stale = []
    for name, form in make_forms(data.registry(), shipped_standards()).items():
        text = "# Made by `apprentrack forms` from data/boroughs.yaml: run it again after a change there.\n"
        text += yaml.safe_dump(form, sort_keys=False, allow_unicode=True, width=110)
        target = folder / name
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current == text:
            continue
        stale.append(target)
        if not check:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_output(target, text)
            say(f"Wrote {target}", err=True)
    if check and stale:
        names = ", ".join(str(p) for p in stale)
        error(f"out of date with boroughs.yaml: {names}; run `apprentrack forms` and commit")
        raise typer.Exit(ExitCode.REFUSED)
    if not stale:
        say(f"The forms in {folder} are up to date.", err=True)

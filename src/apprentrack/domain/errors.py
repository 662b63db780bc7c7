"""One exception family for the core, and the exit codes the CLI turns it into.

The core raises these and never prints; the command line catches ApprentrackError in one place
(cli/app.py), writes its message to stderr and exits with its exit_code. Nothing here imports a
third-party library, so it is cheap to import.
"""

# Annotations are evaluated here, not kept as text: see CONTRIBUTING.md, "Annotations".

from collections.abc import Collection
from enum import IntEnum
from pathlib import Path
from typing import NamedTuple

from .escape import shown


class ExitCode(IntEnum):
    """The exit codes the README documents."""

    OK = 0
    REFUSED = 1  # invalid data or files: nothing was written
    USAGE = 2  # the command line itself is wrong: a missing option, a value that cannot be understood
    NOT_POSTED = 3  # `post`: the chat service did not take the message (the message says whether it may have)
    INTERRUPTED = 130  # Ctrl-C


class Problem(NamedTuple):
    """One thing wrong in one file, at one line (1-based)."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:  # a file's name, or a value quoted from it, may hold what a terminal would act on
        return shown(f"{self.path}:{self.line}: {self.message}")

    def github(self, level: str = "error") -> str:
        """As a GitHub Actions workflow command: an annotation on the file and line of a pull request."""

        def escape(text: str, extra: str = "") -> str:  # GitHub's own escaping for workflow commands
            text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            return text.replace(":", "%3A").replace(",", "%2C") if extra else text

        path = self.path
        if path.is_absolute() and path.is_relative_to(Path.cwd()):  # GitHub wants it from the workspace
            path = path.relative_to(Path.cwd())
        file = escape(shown(path.as_posix()), "property")
        message = "\n".join(map(shown, self.message.split("\n")))  # its lines kept: GitHub shows them as lines
        return f"::{level} file={file},line={self.line}::{escape(message)}"


class ApprentrackError(Exception):
    """Base of every error the core raises on purpose."""

    exit_code = ExitCode.REFUSED


class MachineError(ApprentrackError):
    """The machine lacks what apprentrack needs and cannot do without (a time zone database): the message
    says what to install."""


class InvalidValue(ApprentrackError, ValueError):
    """A single value that cannot be understood (a date, a borough, ...).

    It is also a ValueError so that pydantic validators can raise it and report it against the field.
    The CLI reports it against the option it came from, as a usage error.
    """


class UsageError(ApprentrackError):
    """The command line is wrong: the message names the option and what would be right."""

    exit_code = ExitCode.USAGE


class DataError(ApprentrackError):
    """Data refused: the files (or a new record) break the rules. Carries every problem found."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            super().__init__(problems)
            self.problems: list[Problem] = []
        else:
            self.problems = list(problems)
            super().__init__("\n".join(map(str, self.problems)))


class RecordError(ApprentrackError):
    """A new record refused: (field, message) pairs, so the CLI can name the option each came from.

    The one exit-code rule for a refused record: a value wrong in itself (`in_itself`: not plain text,
    personal data, too long, a date in the future where none may be) is a usage error, as a value that
    cannot be parsed is, wherever it is given; a record refused only by the rules between its fields or by
    the data already held (a ref already used, a status that cannot go back) is data refused."""

    def __init__(self, issues: list[tuple[str, str]], in_itself: Collection[str] = ()):
        self.issues = issues
        self.in_itself = frozenset(in_itself)
        self.exit_code = ExitCode.USAGE if self.in_itself else ExitCode.REFUSED
        super().__init__("; ".join(f"{field}: {message}" for field, message in issues))

    def options(self) -> list[str]:
        """Each issue against the option it came from: '--start-date: ...'."""
        return [f"--{field.replace('_', '-')}: {message}" for field, message in self.issues]


class FormError(ApprentrackError):
    """A filled web form that cannot be used: one message a field, in the form's words."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class NotPosted(ApprentrackError):
    """A chat service that did not take the message, or did not say: what it answered, by its host only
    (a webhook's URL is a secret), and whether the message may have been posted all the same."""

    exit_code = ExitCode.NOT_POSTED


class PartlyWritten(ApprentrackError):
    """A write of several files stopped part way (an interruption, a failed write): the files already
    replaced are named, so the message never says that nothing was written when something was."""

    def __init__(self, written: list[Path], cause: BaseException):
        self.written, self.cause = written, cause
        self.exit_code = cause.exit_code if isinstance(cause, ApprentrackError) else ExitCode.INTERRUPTED
        super().__init__(f"stopped after writing {', '.join(map(str, written))}")

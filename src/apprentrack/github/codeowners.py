"""Who may change a borough's file from a form: GitHub's CODEOWNERS, read as GitHub reads it."""

from __future__ import annotations

import re
from pathlib import Path

from ..domain.errors import FormError


def codeowners_file(root: Path) -> Path | None:
    """Where GitHub looks for CODEOWNERS, in its order: .github/, the root, docs/."""
    return next((p for p in (root / ".github", root, root / "docs") if (p / "CODEOWNERS").is_file()), None)


def owners(codeowners: str, path: str) -> list[str]:
    """The owners of a repository path: the last matching line wins, as on GitHub (a matching line with no
    owners leaves the path with none)."""
    found: list[str] = []
    for line in codeowners.splitlines():
        parts = re.split(r"\s#", line, maxsplit=1)[0].split()  # an inline comment: '#' after a space
        if parts and not parts[0].startswith("#") and _pattern(parts[0]).fullmatch(path):
            found = parts[1:]
    return found


def _pattern(pattern: str) -> re.Pattern[str]:
    """A CODEOWNERS pattern as GitHub matches it (gitignore's rules, as GitHub documents them): a '/' at the
    start or in the middle anchors it to the root, else it matches at any depth; '*' and '?' never cross a
    '/'; '**' crosses any number of folders; a trailing '/' is everything under a folder; a last part that
    names a file or folder matches it and everything under it; but a last part that is only '*' matches
    the files directly in its folder, never those further down (`docs/*`, GitHub's own example)."""
    if pattern == "/":
        return re.compile("(?!)")  # matches nothing
    parts = pattern.split("/")
    if parts[0] == "":
        parts = parts[1:]  # from the root
    elif (len(parts) == 1 or (len(parts) == 2 and parts[1] == "")) and parts[0] != "**":
        parts = ["**", *parts]  # one name: at any depth
    if len(parts) > 1 and parts[-1] == "":
        parts[-1] = "**"  # a folder: everything under it
    last, slash, regex = len(parts) - 1, False, []
    for i, part in enumerate(parts):
        if part == "**":
            regex.append(".+" if i == last == 0 else "(?:.+/)?" if i == 0 else "/.*" if i == last else "(?:/.+)?")
            slash = i > 0
            continue
        regex.append(("/" if slash else "") + ("[^/]+" if part == "*" else _part(part)))
        if i == last and part != "*":
            regex.append("(?:/.*)?")  # a file, or everything under a folder of this name
        slash = True
    return re.compile("".join(regex))


def _part(part: str) -> str:
    """One part of a path pattern: '*' any run of characters but '/', '?' one of them, a backslash escaping
    the next character, the rest as written (CODEOWNERS has no character ranges)."""
    out, escaped = [], False
    for ch in part:
        if escaped or ch not in "\\*?":
            out.append(re.escape(ch))
            escaped = False
        elif ch == "\\":
            escaped = True
        else:
            out.append("[^/]*" if ch == "*" else "[^/]")
    return "".join(out)


def check_author(root: Path, path: str, login: str, borough: str) -> None:
    """Refuse (a FormError saying who may) unless `login` is listed for `path` in CODEOWNERS."""
    where = codeowners_file(root)
    if where is None:
        raise FormError([f"no CODEOWNERS file in {root}: nobody may change {borough}'s records from a form"])
    listed = owners(where.joinpath("CODEOWNERS").read_text(encoding="utf-8"), path)
    people = [o for o in listed if o.startswith("@") and "/" not in o]
    if login.lower().lstrip("@") in (p[1:].lower() for p in people):
        return
    who = ", ".join(people) if people else "nobody yet"
    raise FormError(
        [
            f"@{login.lstrip('@')} may not change {borough}'s records from a form: the people listed for {path} "
            f"in CODEOWNERS may ({who}); ask one of them, or ask to be added"
        ]
    )

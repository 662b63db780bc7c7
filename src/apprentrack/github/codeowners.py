"""Who may change a borough's file from a form: GitHub's CODEOWNERS, read as GitHub reads it."""

from __future__ import annotations

import re
from pathlib import Path

from ..domain.errors import FormError


def codeowners_file(root: Path) -> Path | None:
    """Where GitHub looks for CODEOWNERS, in its order: .github/, the root, docs/."""
    return next((p for p in (root / ".github", root, root / "docs") if (p / "CODEOWNERS").is_file()), None)


def owners(codeowners: str, path: str) -> list[str]:
    """The owners of a repository path: the last matching line wins, as on GitHub. Patterns are gitignore's
    as GitHub reads them: '/x' from the root, 'x/' a folder, '*' within a folder, '**' across folders."""
    found: list[str] = []
    for line in codeowners.splitlines():
        parts = line.split("#", 1)[0].split()
        if parts and _matches(parts[0], path):
            found = parts[1:]
    return found


def _matches(pattern: str, path: str) -> bool:
    anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
    pattern = pattern.strip("/") + ("/**" if pattern.endswith("/") else "")
    regex = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*").replace(r"\*", "[^/]*")
    regex = regex.replace(r"\?", "[^/]")
    if not anchored:
        regex = "(?:.*/)?" + regex
    return re.fullmatch(regex + "(?:/.*)?", path) is not None


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

"""The apprenticeship standards apprentrack ships (standards.yaml: name, level, code, source), and the
warning for a record's standard that is not among them."""

from __future__ import annotations

import difflib
import functools
from importlib.resources import files
from typing import Any

from .record import role_key


@functools.cache
def shipped_standards() -> list[dict[str, Any]]:
    """The shipped standards, as standards.yaml lists them."""
    import yaml

    text = files(__package__).joinpath("standards.yaml").read_text(encoding="utf-8")
    standards: list[dict[str, Any]] = yaml.safe_load(text)["standards"]
    return standards


@functools.cache
def known_standards() -> dict[str, str]:
    """The shipped standards' names, by role_key."""
    return {role_key(s["name"]): s["name"] for s in shipped_standards()}


def standard_warning(standard: str | None) -> str | None:
    """A warning for a standard not on the list apprentrack ships, with the nearest name suggested; None
    for one on the list, or none given."""
    if not standard:
        return None
    known = known_standards()
    if role_key(standard) in known:
        return None
    close = difflib.get_close_matches(role_key(standard), list(known), n=1, cutoff=0.5)
    hint = f"; did you mean '{known[close[0]]}'?" if close else ""
    return f"is not on the list of apprenticeship standards apprentrack knows{hint} (a warning: add it if it is right)"

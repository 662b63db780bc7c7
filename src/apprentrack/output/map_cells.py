"""What the maps in text share, London's tile grid and the hex map: a place's two lines, and the legend
of its brackets and parentheses."""

from __future__ import annotations

from rich.text import Text

from ..figures.snapshot import Snapshot


def add_cell(lines: list[Text], name: str, counted: int, member: bool, inside: int) -> None:
    """One place's two lines of a map: a member framed in brackets, its count beneath (0 included);
    another borough plain, its hires beneath in parentheses where it has any."""
    if member:
        lines[0].append(f"[{name:^{inside}}]", style="bold cyan")
        lines[1].append(f"[{counted!s:^{inside}}]", style="bold cyan")
    else:
        count = f"({counted})" if counted else ""
        lines[0].append(f" {name:^{inside}} ", style="dim")
        lines[1].append(f" {count:^{inside}} ", style="dim")


def legend(snap: Snapshot) -> list[str]:
    """What the brackets and parentheses of a map in text mean."""
    noun = snap.noun
    return [
        f"[Name] a member {noun.one} ({len(snap.members)}), with its counted apprentices.",
        f"(n) hires of another {noun.one}, not counted toward the target.",
    ]

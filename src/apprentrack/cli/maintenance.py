"""Commands that look after apprentrack itself: cache."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .app import command, say


@command(
    short="Where the cache of checked records is and how big; --clear.",
    examples=[
        "apprentrack cache",
        "apprentrack cache --clear",
    ],
)
def cache(
    clear: Annotated[bool, typer.Option("--clear", help="Remove the whole cache; the next runs rebuild it.")] = False,
) -> None:
    """Where the cache is (what each checked file counts to), and how big; --clear removes the entries
    apprentrack wrote. It is never needed: it makes the next run faster, and validate never reads it
    (APPRENTRACK_CACHE=off turns it off)."""
    from ..storage.cache import NO_HOME, cache_root, entries
    from ..storage.cache import clear as clear_cache

    root = cache_root()
    if root is None:  # nothing to show or clear; every command works without a cache
        say(f"{NO_HOME}; apprentrack works without one, reading every file", err=True)
        return
    if clear:
        _, removed = clear_cache()
        say(f"Cleared {root} ({removed} entries)")
        return
    found = entries()
    size = sum(_size(p) for p in found)
    say(str(root))
    say(f"{len(found)} entries, {size / 1024 / 1024:.1f} MiB", err=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # gone since it was listed (another run replaced it)
        return 0

"""Commands that look after apprentrack itself: cache."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import app, say


@app.command()
def cache(
    clear: Annotated[bool, typer.Option("--clear", help="Remove the whole cache; the next runs rebuild it.")] = False,
) -> None:
    """Where the cache of checked records is, and how big; --clear removes it. It is never needed: it makes
    the next run faster, and validate never reads it (APPRENTRACK_CACHE=off turns it off)."""
    from ..storage.cache import cache_root, entries
    from ..storage.cache import clear as clear_cache

    if clear:
        root, removed = clear_cache()
        say(f"Cleared {root} ({removed} entries)")
        return
    found = entries()
    size = sum(p.stat().st_size for p in found)
    say(str(cache_root()))
    typer.echo(f"{len(found)} entries, {size / 1024 / 1024:.1f} MiB", err=True)

"""Commands that look after apprentrack itself: cache."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import app, guarded


@app.command()
@guarded
def cache(
    clear: Annotated[bool, typer.Option("--clear", help="Remove the whole cache; the next runs rebuild it.")] = False,
) -> None:
    """Where the cache of checked records is, and how big; --clear removes it. It is never needed: it makes
    the next run faster, and validate never reads it (APPRENTRACK_CACHE=off turns it off)."""
    from ..cache import cache_root
    from ..cache import clear as clear_cache

    if clear:
        typer.echo(f"Cleared {clear_cache()}")
        return
    root = cache_root()
    files = [p for p in root.glob("*/*.json") if p.is_file() and not p.is_symlink()] if root.is_dir() else []
    size = sum(p.stat().st_size for p in files)
    typer.echo(str(root))
    typer.echo(f"{len(files)} entries, {size / 1024 / 1024:.1f} MiB", err=True)

"""The map in a terminal: London as a tile grid, one tile a borough (geofacet's layout), each with a short
name and its count; elsewhere the hex map of the members' regions (hex_text_map.py). Members are framed in
brackets, so it reads without colour; it is ASCII apart from the names, 79 columns wide.
"""

from __future__ import annotations

from rich.text import Text

from ..domain.dates import long_date
from ..domain.programme import Registry
from ..figures.snapshot import Snapshot
from ..places.london import GRID_CREDIT, short_name, tiles
from ..places.maps import HexView
from .map_cells import add_cell, legend

TILE = 9  # characters a tile, with a space between tiles: 8 columns take 79


def draw(registry: Registry, snap: Snapshot, view: HexView | None = None) -> Text:
    """The programme's map: London's tile grid, or the hex map `view` (places.maps.map_view)."""
    if view is not None:
        from .hex_text_map import draw_hexes

        return draw_hexes(registry, snap, view)
    return _london(registry, snap)


def _london(registry: Registry, snap: Snapshot) -> Text:
    by_code = {b.code: b for b in registry.boroughs.values()}
    rows = {r.slug: r for r in [*snap.members, *snap.others]}
    members = {r.slug for r in snap.members}
    grid = tiles()
    width = max(t.col for t in grid)
    out = Text()
    out.append(
        f"{snap.programme}: {snap.counted} of {snap.target} counted, as of {long_date(snap.as_of)}\n", style="bold"
    )
    for row in range(1, max(t.row for t in grid) + 1):
        lines = [Text(), Text()]
        for col in range(1, width + 1):
            tile = next((t for t in grid if t.row == row and t.col == col), None)
            borough = by_code.get(tile.code) if tile else None
            if col > 1:
                for line in lines:
                    line.append(" ")
            if tile is None:
                for line in lines:
                    line.append(" " * TILE)
                continue
            name = short_name(borough.name if borough else tile.name)
            figures = rows.get(borough.slug) if borough else None
            member = borough is not None and borough.slug in members
            add_cell(lines, name, figures.counted if figures else 0, member, TILE - 2)
        for line in lines:
            line.rstrip()
            out.append_text(line)
            out.append("\n")
        out.append("\n")
    out.append("".join(line + "\n" for line in legend(snap)), style="dim")
    out.append(f"{GRID_CREDIT}.\n", style="dim")
    return out

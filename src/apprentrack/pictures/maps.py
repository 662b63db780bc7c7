"""The map of a programme, whichever it is (places/maps.py decides): London's boundaries, or the hex
map of its members' regions; with the credit its source asks for (in the picture, and as its `credit`).
NoMap for bodies that are not places."""

from __future__ import annotations

from ..domain.programme import Registry
from ..figures.snapshot import Snapshot
from ..places.maps import map_view
from .render import Picture


def map_picture(registry: Registry, snap: Snapshot) -> Picture:
    view = map_view(registry)
    if view is None:
        from .london_map import map_picture as london

        return london(registry, snap)
    from .hex_map import hex_picture

    return hex_picture(registry, snap, view)

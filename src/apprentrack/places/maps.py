"""Which map a programme gets, decided once for the picture and the terminal: London's boundaries (and tile
grid) where its councils are London's; elsewhere the hex map of the regions its members are in; none
where its members are not places (NHS trusts, a fire authority: no GSS code), said plainly."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.errors import UsageError
from ..domain.programme import Registry
from .uk import REGIONS, Hex, hexes


class NoMap(UsageError):
    """A programme with nothing to draw: the message says why (exit 2, nothing written); `why`, in
    short, for a page that goes without."""

    def __init__(self, why: str):
        self.why = why
        super().__init__(f"no map: {why}; status, summary and chart show their figures")


@dataclass(frozen=True)
class HexView:
    """The part of the UK hex map a programme is drawn on: every district of its members' regions."""

    regions: tuple[str, ...]  # their names: 'North West'
    hexes: tuple[Hex, ...]


def map_view(registry: Registry) -> HexView | None:
    """The hex view of the programme's members' regions (of every council it lists, before any is a
    member), or None for London's own map; NoMap when there is nothing to draw."""
    noun = registry.noun
    placed = [b for b in registry.boroughs.values() if b.code is not None]
    if not placed:
        raise NoMap(f"the programme's {noun.many} are not places (none has a GSS code), so there is nothing to draw")
    basis = [b for b in registry.members() if b.code is not None] or placed
    if all(b.code is not None and b.code.startswith("E09") for b in basis):
        return None
    layout = hexes()
    regions = sorted({layout[b.code].region for b in basis if b.code in layout})
    if not regions:
        codes = ", ".join(sorted({b.code for b in basis if b.code is not None})[:5])
        raise NoMap(f"none of the {noun.many}' GSS codes ({codes}) is a district of 2023 on the shipped hex map")
    view = tuple(h for h in layout.values() if h.region in regions)
    return HexView(tuple(REGIONS[r] for r in regions), view)

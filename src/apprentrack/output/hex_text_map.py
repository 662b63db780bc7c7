"""The hex map in a terminal, for a programme of councils outside London: one cell a council area of the
members' regions, placed as on Open Innovations' hex map (north at the top, every other row half a cell
to the right), each with a short name and its count. As London's tile grid does, members are framed in
brackets, so it reads without colour, and it fits 80 columns: cells narrow, then the view closes in on
the members, where a region is wide."""

from __future__ import annotations

import re
import textwrap

from rich.text import Text

from ..domain.dates import long_date
from ..domain.programme import Borough, Registry
from ..figures.snapshot import Snapshot
from ..places.london import SHORT_NAMES
from ..places.maps import HexView
from ..places.uk import HEX_CREDIT, Hex
from .map_cells import add_cell, legend

WIDTH = 79  # as London's tile grid: a line never reaches the last column of an 80-column terminal
PITCHES = (10, 9, 8)  # characters from one cell to the next in a row: a cell and a space
CONNECTORS = {"and", "with", "upon", "on", "under", "of", "the", "in", "by"}
POINTS = {"North": "N", "South": "S", "East": "E", "West": "W", "Mid": "M", "Central": "C"}


def _squeeze(word: str, size: int) -> str:
    """A word in `size` characters: its vowels dropped from the end (never its first letter), then cut."""
    letters = list(word)
    i = len(letters) - 1
    while len(letters) > size and i > 0:
        if letters[i] in "aeiou":
            del letters[i]
        i -= 1
    return "".join(letters)[:size]


def short_name(name: str, size: int, aliases: tuple[str, ...] = ()) -> str:
    """A council's name in at most `size` characters: London's own short names, a short other name
    ('Hull'), else 'Stockpt'-style squeezing, compass points as initials ('NTynesd'), and the initials of
    later words ('CheshWC': Cheshire West and Chester)."""
    if name in SHORT_NAMES and len(SHORT_NAMES[name]) <= size:
        return SHORT_NAMES[name]
    name = re.sub(r", (?:City|County) of$| City$|^City of ", "", name)  # 'Glasgow City', 'City of Edinburgh'
    if len(name) <= size:
        return name
    for alias in aliases:
        if len(alias) <= size:
            return alias
    words = [w for w in re.split(r"[\s\-.']+", name) if w and w.lower() not in CONNECTORS]
    points = ""
    while len(words) > 1 and words[0] in POINTS:
        points += POINTS[words.pop(0)]
    if len(words[0]) <= 3 and len(words) > 1:  # 'St Helens', 'Na h-Eileanan Siar': one word
        words = ["".join(words)]
    rest = "".join(POINTS.get(w, w[0].upper()) for w in words[1:])
    room = max(size - len(points) - len(rest), 2)
    return (points + _squeeze(words[0], room) + rest)[:size]


def draw_hexes(registry: Registry, snap: Snapshot, view: HexView) -> Text:
    rows = {r.slug: r for r in [*snap.members, *snap.others]}
    members = {r.slug for r in snap.members}
    by_code = {b.code: b for b in registry.boroughs.values() if b.code is not None}
    cells, pitch, closer = _fitted(list(view.hexes), {b.code for b in registry.members() if b.code})
    size = pitch - 3  # inside the brackets
    out = Text()
    title = f"{snap.programme}: {snap.counted} of {snap.target} counted, as of {long_date(snap.as_of)}"
    out.append("\n".join(textwrap.wrap(title, WIDTH)) + "\n", style="bold")
    names = _names(cells, by_code, size)
    left = min(_column(h, pitch) for h in cells)
    for r in sorted({h.r for h in cells}, reverse=True):
        lines = [Text(), Text()]
        for h in sorted((h for h in cells if h.r == r), key=lambda h: h.q):
            at = _column(h, pitch) - left
            for line in lines:
                line.append(" " * (at - len(line.plain)))
            b = by_code.get(h.code)
            figures = rows.get(b.slug) if b is not None else None
            member = b is not None and b.slug in members
            add_cell(lines, names[h.code], figures.counted if figures else 0, member, size)
        for line in lines:
            line.rstrip()
            out.append_text(line)
            out.append("\n")
        out.append("\n")
    out.append_text(_key(snap, registry, names, view, closer))
    return out


def _column(h: Hex, pitch: int) -> int:
    """Where a cell starts: odd rows half a cell to the right, as the hex map's 'odd-r' layout has them."""
    return h.q * pitch + (h.r % 2) * (pitch // 2)


def _width(cells: list[Hex], pitch: int) -> int:
    starts = [_column(h, pitch) for h in cells]
    return max(starts) - min(starts) + pitch - 1


def _fitted(cells: list[Hex], members: set[str]) -> tuple[list[Hex], int, bool]:
    """The cells and the pitch that fit WIDTH: the whole view with the widest cells that fit, else the
    members' part of it (a cell around them), else the narrowest cells."""
    for pitch in PITCHES:
        if _width(cells, pitch) <= WIDTH:
            return cells, pitch, False
    inside = [h for h in cells if h.code in members] or cells
    qs, rs = [h.q for h in inside], [h.r for h in inside]
    near = [h for h in cells if min(qs) - 1 <= h.q <= max(qs) + 1 and min(rs) - 1 <= h.r <= max(rs) + 1]
    for pitch in PITCHES:
        if _width(near, pitch) <= WIDTH:
            return near, pitch, True
    return near, PITCHES[-1], True


def _names(cells: list[Hex], by_code: dict[str, Borough], size: int) -> dict[str, str]:
    """Each cell's short name, told apart by a number where two would read the same."""
    names: dict[str, str] = {}
    for h in cells:
        b = by_code.get(h.code)
        base = name = short_name(h.name, size, b.aliases if b is not None else ())
        n = 2
        while name in names.values():
            name, n = base[: size - len(str(n))] + str(n), n + 1
        names[h.code] = name
    return names


def _key(snap: Snapshot, registry: Registry, names: dict[str, str], view: HexView, closer: bool) -> Text:
    """The legend, the members' short names in full, what is not on the map, and the credit."""
    lines = legend(snap)
    code_of = {b.slug: b.code for b in registry.boroughs.values()}
    full = [(names[c], r.name) for r in snap.members if (c := code_of.get(r.slug)) in names and names[c] != r.name]
    if full:
        lines += _wrapped("Names: " + "; ".join(f"{short} = {name}" for short, name in full) + ".")
    missing = [r.name for r in snap.members if code_of.get(r.slug) not in names]
    if missing:
        lines += _wrapped(f"Not on the map: {', '.join(missing)}.")
    where = " and ".join(view.regions)
    lines.append(f"{'Part of ' if closer else ''}{where}: a cell a council area, as on a hex map, north at the top.")
    lines += _wrapped(f"{HEX_CREDIT}.")  # the names are the ONS's, as on the picture
    return Text("".join(line + "\n" for line in lines), style="dim")


def _wrapped(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH - 1, subsequent_indent="  ")

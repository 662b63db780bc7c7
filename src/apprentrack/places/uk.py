"""Every UK local authority district of 2023 as the package ships them: the 361 on Open Innovations' hex
map (uk_local_authorities_2023.hexjson: each keyed by its ONS GSS code, with its name, column, row and ONS
region), the names of those regions, and the councils `init` chooses from (London's 33 from london.yaml,
with their areas and other names). Councils abolished before 2023 are not here. Sources and licences are
in NOTICE.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ..domain.errors import InvalidValue
from ..domain.programme import Borough, Names, spelling
from .london import authorities

HEX_CREDIT = (
    "Hex map layout: Open Innovations (MIT licence); council names and codes: ONS, Open Government Licence v3.0"
)

# The regions the hex map gives each district, by ONS code (Wales, Scotland and Northern Ireland: the
# country's code stands as its region), with the ONS's names.
REGIONS = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
    "W92000004": "Wales",
    "S92000003": "Scotland",
    "N92000002": "Northern Ireland",
}
# Groups of councils that work together, for `init --region`, each with its source. The Greater Manchester
# Combined Authority is its ten metropolitan districts, Bolton to Wigan (the Greater Manchester Combined
# Authority Order 2011; ONS codes E08000001 to E08000010).
GROUPS = {
    "Greater Manchester": (
        "E08000001", "E08000002", "E08000003", "E08000004", "E08000005",
        "E08000006", "E08000007", "E08000008", "E08000009", "E08000010",
    ),
}  # fmt: skip

# Other names people use for councils whose ONS name they would not write (London's are in london.yaml).
ALIASES = {
    "E06000010": ("Hull",),
    "E06000047": ("Durham",),
    "S12000013": ("Western Isles", "Eilean Siar", "Comhairle nan Eilean Siar"),
    "W06000001": ("Anglesey", "Ynys Mon"),
}


@dataclass(frozen=True)
class Hex:
    code: str  # ONS GSS code
    name: str  # the ONS's name
    q: int  # column
    r: int  # row: larger is further north; odd rows sit half a hex to the right (the 'odd-r' layout)
    region: str  # ONS region code


@cache
def hexes() -> dict[str, Hex]:
    """Every district of 2023 by GSS code, as the hex map places it."""
    text = files(__package__).joinpath("uk_local_authorities_2023.hexjson").read_text(encoding="utf-8")
    data = json.loads(text)
    return {code: Hex(code, h["n"], h["q"], h["r"], h["region"]) for code, h in data["hexes"].items()}


def slug_of(name: str) -> str:
    """A council's slug from its ONS name: 'Bristol, City of' -> 'bristol', "King's Lynn and West Norfolk"
    -> 'kings-lynn-and-west-norfolk', 'St. Helens' -> 'st-helens'."""
    name = re.sub(r", (?:City|County) of$", "", name).replace("&", " and ").replace("'", "")
    return "-".join(re.findall(r"[a-z]+", name.lower()))


@cache
def councils() -> tuple[Borough, ...]:
    """Every UK council of 2023, in GSS code order: London's as london.yaml has them, the others from the
    hex map, with no area (inner and outer are London's)."""
    london = {b.code: b for b in authorities()}
    out = [
        london.get(code) or Borough(slug_of(h.name), h.name, code, None, aliases=ALIASES.get(code, ()))
        for code, h in hexes().items()
    ]
    return tuple(sorted(out, key=lambda b: b.code or ""))


@cache
def council_names() -> Names:
    return Names(list(councils()))


def find_council(text: str) -> Borough:
    """A UK council by name, slug, GSS code or a common spelling ('Salford City Council', 'E08000003')."""
    found = council_names().get(text)
    if found is not None:
        return found
    key = spelling(text)
    if any(spelling(name) == key for name in (*REGIONS.values(), *GROUPS)):
        raise InvalidValue(f"'{text}' names a region or a group of councils, not one council: give it with --region")
    where = "councils of 2023 only; a body that is not a council goes in --organisations"
    raise council_names().miss(text, "UK council", where)


def find_councils(text: str) -> list[Borough]:
    """The councils a --members value names: separated by ';' where it holds one, else by commas, commas
    inside a name kept ('Bristol, City of'): at each place the longest run of pieces that names a council."""
    if ";" in text:
        return [find_council(part.strip()) for part in text.split(";") if part.strip()]
    pieces = [piece.strip() for piece in text.split(",")]
    found, i = [], 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            council = council_names().get(", ".join(pieces[i:j])) if j > i + 1 else None
            if council is not None:
                found.append(council)
                i = j
                break
        else:
            if pieces[i]:
                found.append(find_council(pieces[i]))
            i += 1
    return found


def region_codes(text: str) -> list[str]:
    """The councils of a region ('North West', 'Wales', its ONS code) or of a group ('Greater Manchester')."""
    key = spelling(text)
    for name, codes in GROUPS.items():
        if spelling(name) == key:
            return list(codes)
    for code, name in REGIONS.items():
        if key in (spelling(name), spelling(code)):
            return sorted(h.code for h in hexes().values() if h.region == code)
    choices = ", ".join([*REGIONS.values(), *GROUPS])
    shown = text if len(text) <= 60 else text[:57] + "..."
    raise InvalidValue(f"no region or group of councils matches {shown!r}: give one of {choices}")


def region_of(code: str | None) -> str | None:
    """A council's ONS region code, or None for a code not on the 2023 map (or no code)."""
    place = hexes().get(code or "")
    return None if place is None else place.region

"""London's 33 local authorities as the package ships them: their names, GSS codes and areas (for a new
programme), their boundaries (TopoJSON, for the map) with a point inside each for its dot, and the tile grid
(for the map in a terminal). All ship as package data; their sources and licences are in NOTICE.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import pairwise
from typing import Any

from ..domain.programme import Borough

BOUNDARY_CREDIT = (
    "Contains National Statistics data © Crown copyright and database right 2015; "
    "Contains Ordnance Survey data © Crown copyright and database right 2015"
)
GRID_CREDIT = "Tile layout: geofacet's London boroughs grid (Ryan Hafen, MIT licence)"

# Names of at most 7 characters, for a tile; a name that short already is its own.
SHORT_NAMES = {
    "City of London": "City",
    "Barking and Dagenham": "Bark&D",
    "Greenwich": "Grnwch",
    "Hammersmith and Fulham": "Hamm&F",
    "Haringey": "Haringy",
    "Havering": "Havring",
    "Hillingdon": "Hillngd",
    "Hounslow": "Hounslw",
    "Islington": "Islngtn",
    "Kensington and Chelsea": "Kens&C",
    "Kingston upon Thames": "Kingstn",
    "Lewisham": "Lewishm",
    "Redbridge": "Redbrdg",
    "Richmond upon Thames": "Richmnd",
    "Southwark": "Southwk",
    "Tower Hamlets": "TowerH",
    "Waltham Forest": "WalthF",
    "Wandsworth": "Wandswt",
    "Westminster": "Westmin",
}


def authorities() -> list[Borough]:
    """London's 33 local authorities, as shipped in the package (so this works from an installed wheel)."""
    import yaml

    text = files(__package__).joinpath("london.yaml").read_text(encoding="utf-8")
    return [Borough(**{**a, "aliases": tuple(a.get("aliases", ()))}) for a in yaml.safe_load(text)["authorities"]]


def short_name(name: str) -> str:
    return SHORT_NAMES.get(name, name[:7])


@dataclass(frozen=True)
class Tile:
    name: str
    code: str  # ONS GSS code
    row: int  # 1 is the north
    col: int


@cache
def tiles() -> tuple[Tile, ...]:
    text = files(__package__).joinpath("london_tilegrid.csv").read_text(encoding="utf-8")
    return tuple(Tile(r["name"], r["code"], int(r["row"]), int(r["col"])) for r in csv.DictReader(io.StringIO(text)))


@cache
def boundaries() -> dict[str, Any]:
    """The TopoJSON: object `boroughs`, each geometry's `id` the authority's name."""
    data: dict[str, Any] = json.loads(files(__package__).joinpath("london_boroughs.topojson").read_text("utf-8"))
    return data


def _arcs(topo: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Each arc as longitude, latitude points (TopoJSON stores them quantized and delta-encoded)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])  # consecutive arcs share their end point
    return points


def _area_and_centroid(ring: list[tuple[float, float]]) -> tuple[float, tuple[float, float]]:
    """The shoelace area and the centroid of a closed ring (in degrees: fine for a city's extent)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if not area:  # a sliver (Newham has one): no inside to speak of
        return 0.0, ring[0]
    return abs(area), (cx / (6 * area), cy / (6 * area))


@cache
def centroids() -> dict[str, tuple[float, float]]:
    """Each borough's name -> the longitude and latitude of the centre of its largest outer ring."""
    topo = boundaries()
    arcs = _arcs(topo)
    out = {}
    for shape in topo["objects"]["boroughs"]["geometries"]:
        polygons = shape["arcs"] if shape["type"] == "MultiPolygon" else [shape["arcs"]]
        rings = [_area_and_centroid(_ring(arcs, polygon[0])) for polygon in polygons]
        out[shape["id"]] = max(rings)[1]
    return out

"""The places apprentrack ships (places/london.yaml): London's 33 authorities as init writes them agree
with the shipped data's boroughs."""

from __future__ import annotations

from pathlib import Path

import yaml
from helpers import FIXTURE

ROOT = Path(__file__).resolve().parents[2]


def test_the_packaged_authorities_match_the_shipped_file():
    shipped = yaml.safe_load((FIXTURE / "boroughs.yaml").read_text())["boroughs"]
    packaged = yaml.safe_load((ROOT / "src" / "apprentrack" / "places" / "london.yaml").read_text())["authorities"]
    keys = ("slug", "name", "code", "area", "aliases")
    assert [{k: b.get(k) for k in keys} for b in packaged] == [{k: b.get(k) for k in keys} for b in shipped]

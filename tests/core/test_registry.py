"""The registry of boroughs (domain/programme.Registry): a borough found however people write it (slug,
name, GSS code, a common spelling, a council's name), the nearest names suggested for a miss, a record id
read as its borough; and the in-memory tiny programme the core tests use is the `tiny` fixture's."""

from __future__ import annotations

from functools import cache

import pytest
from helpers import TINY_BOROUGHS
from programmes import TINY, registry

from apprentrack.domain.errors import InvalidValue
from apprentrack.domain.programme import Registry
from apprentrack.places.london import authorities
from apprentrack.storage.datadir import DataDir


@cache
def london() -> Registry:
    """The 33 authorities as the package ships them (the same slugs, names and aliases as the fixture's)."""
    return Registry(TINY, authorities())


SPELLINGS = {
    "Kensington & Chelsea": "kensington-and-chelsea",
    "RBKC": "kensington-and-chelsea",
    "LB Hackney": "hackney",
    "london borough of hackney": "hackney",
    "E09000012": "hackney",
    "WALTHAM FOREST": "waltham-forest",
    "waltham-forest": "waltham-forest",
    "Hammersmith & Fulham": "hammersmith-and-fulham",
    "City": "city-of-london",
    "City of Westminster": "westminster",
    "Royal Borough of Greenwich": "greenwich",
}
COUNCILS = {
    "Hackney Council": "hackney",
    "London Borough of Hackney": "hackney",
    "hackney council": "hackney",
    "Westminster City Council": "westminster",
    "City of Westminster": "westminster",
    "Royal Borough of Kensington and Chelsea": "kensington-and-chelsea",
    "Corporation of London": "city-of-london",
    "City of London Corporation": "city-of-london",
    "Barking and Dagenham London Borough Council": "barking-and-dagenham",
}


@pytest.mark.parametrize("spelling, slug", SPELLINGS.items())
def test_boroughs_by_any_common_spelling(spelling, slug):
    assert london().find(spelling).slug == slug


@pytest.mark.parametrize("name, slug", COUNCILS.items())
def test_a_council_name_finds_its_borough(name, slug):
    assert london().find(name).slug == slug


@pytest.mark.parametrize(
    "text, message",
    [
        ("Hakney", "no London borough matches 'Hakney'; did you mean Hackney or Haringey? (`apprentrack boroughs`"),
        ("Tower", "no London borough matches 'Tower'; did you mean Tower Hamlets? (`apprentrack boroughs`"),
        ("Council", "no London borough matches 'Council'"),  # a council's word alone is no council
        ("London", "no London borough matches 'London'"),
        ("../x", "no London borough matches '../x'"),  # a path is no borough
    ],
)
def test_a_miss_suggests_the_nearest_names_and_a_place_is_not_taken_for_a_council(text, message):
    with pytest.raises(InvalidValue) as refused:
        london().find(text)
    assert str(refused.value).startswith(message)
    assert str(refused.value).endswith("(`apprentrack boroughs` lists them all)")


def test_a_record_id_names_its_borough():
    assert london().of_record("kensington-and-chelsea-0007").slug == "kensington-and-chelsea"
    for bad in ("narnia-0001", "hackney", "hackney-01"):
        with pytest.raises(InvalidValue) as refused:
            london().of_record(bad)
        assert str(refused.value) == f"'{bad}' is not a record id: <borough-slug>-<number>, e.g. hackney-0007"


def test_the_tiny_programme_in_memory_is_the_tiny_fixtures(tmp_path):
    (tmp_path / "boroughs.yaml").write_text(TINY_BOROUGHS)
    read = DataDir(tmp_path, use_cache=False).registry()
    assert read.programme == registry().programme
    assert read.boroughs == registry().boroughs

"""The cache's keys (storage/cache.Cache), called directly: an entry is found again only for the same
file bytes, borough, rules' version, boroughs.yaml and London's day; anything else, or an entry that is not
what this version writes, is no entry. (tests/guarantees/test_cache_boundary.py checks the same through
the command line.)"""

from __future__ import annotations

import json
from datetime import date

import pytest
from programmes import record, registry

import apprentrack.storage.cache
from apprentrack.domain.counting import Timeline
from apprentrack.storage.cache import Cache, _column

D = date
TIMELINE = Timeline.of([record("a-0001", "2021-01-05"), record("a-0002", "2021-01-06", "completed", "2021-02-01")])


@pytest.fixture
def cache(tmp_path) -> Cache:
    cache = Cache(tmp_path / "data", D(2021, 2, 1))
    cache.boroughs = b"boroughs"
    cache.put_timeline("a", b"bytes", TIMELINE)
    return cache


def test_cache_round_trip_and_refusals(cache, tmp_path):
    assert cache.timeline("a", b"bytes") == TIMELINE
    assert cache.timeline("a", b"other bytes") is None  # keyed by content
    assert cache.timeline("b", b"bytes") is None  # and by borough
    assert Cache(tmp_path / "data", D(2021, 2, 2)).timeline("a", b"bytes") is None  # and by the day
    (cache.folder / "a.json").write_text("{not json")
    assert cache.timeline("a", b"bytes") is None


def test_an_entry_is_keyed_by_boroughs_yaml_and_the_rules_version(cache, tmp_path, monkeypatch):
    other = Cache(tmp_path / "data", D(2021, 2, 1))
    other.boroughs = b"boroughs, changed"
    assert other.timeline("a", b"bytes") is None
    other.boroughs = b"boroughs"
    assert other.timeline("a", b"bytes") == TIMELINE
    monkeypatch.setattr(apprentrack.storage.cache, "RULES_VERSION", apprentrack.storage.cache.RULES_VERSION + 1)
    assert other.timeline("a", b"bytes") is None  # a tightened rule: every file is checked again


def test_each_data_dir_has_its_own_folder(tmp_path):
    assert Cache(tmp_path / "one", D(2021, 2, 1)).folder != Cache(tmp_path / "two", D(2021, 2, 1)).folder
    assert Cache(tmp_path / "one", D(2021, 2, 1)).folder == Cache(tmp_path / "one", D(2021, 3, 1)).folder


def test_the_registry_round_trip_is_keyed_by_the_bytes_of_boroughs_yaml(cache):
    tiny = registry()
    cache.put_registry(b"boroughs.yaml", tiny)
    again = cache.registry(b"boroughs.yaml")
    assert again is not None and again.programme == tiny.programme and again.boroughs == tiny.boroughs
    assert cache.registry(b"boroughs.yaml, changed") is None


def test_nothing_is_read_or_written_when_the_cache_is_off(tmp_path, monkeypatch):
    monkeypatch.setenv("APPRENTRACK_CACHE", "off")
    off = Cache(tmp_path / "data", D(2021, 2, 1))
    off.put_timeline("a", b"bytes", TIMELINE)
    assert off.timeline("a", b"bytes") is None and not off.folder.exists()


def test_an_entry_with_the_right_key_but_days_out_of_order_is_no_entry(cache):
    path = cache.folder / "a.json"
    entry = json.loads(path.read_text())
    two = {"start": [737796, 737795], "end": [0, 0], "logged": [737795, 737795]}  # all else right (0: no end)
    entry["timeline"]["recruited"] = {column: _column(days) for column, days in two.items()}
    path.write_text(json.dumps(entry))
    assert cache.timeline("a", b"bytes") is None
    two["start"].reverse()
    entry["timeline"]["recruited"] = {column: _column(days) for column, days in two.items()}
    path.write_text(json.dumps(entry))
    assert cache.timeline("a", b"bytes") is not None  # in order, the same entry is read

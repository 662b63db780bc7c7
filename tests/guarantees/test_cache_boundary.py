"""The cache of each file's timeline (and of boroughs.yaml) has a boundary: never stale, never foreign,
never needed, never read by validate, never a way in, never more than an entry a file. Through the command
line, on a copy of the frozen fixture (its keys, called directly: core/test_cache_keys.py; the `cache`
command: cli/test_cache.py)."""

from __future__ import annotations

import array
import base64
import json
import os
from datetime import date
from pathlib import Path

import pytest
from helpers import FIXTURE, Cli, posix_only

import apprentrack.domain.record
import apprentrack.storage.cache
from apprentrack.domain.counting import Timeline
from apprentrack.domain.dates import today
from apprentrack.domain.record import Record
from apprentrack.domain.words import Status
from apprentrack.storage.cache import Cache


def cache_of(data_dir: Path) -> Cache:
    """The data dir's cache, as a run today sees it, in the test's own cache folder."""
    cache = Cache(data_dir, today())
    cache.boroughs = (data_dir / "boroughs.yaml").read_bytes()
    return cache


def counted(cli: Cli, *args: str) -> int:
    return json.loads(cli("status", "--as-of", "2020-03-11", "-f", "json", *args).stdout)["counted"]


def plant(data_dir: Path, slug: str, timeline: Timeline) -> None:
    """An entry keyed exactly as the run would key it, claiming other figures than the file's."""
    cache_of(data_dir).put_timeline(slug, (data_dir / "apprentices" / f"{slug}.yaml").read_bytes(), timeline)


def hires(n: int) -> Timeline:
    return Timeline.of([Record(f"x-{i:04d}", "Dev", None, None, date(2020, 1, 6), Status.in_post, None, None)
                        for i in range(n)])  # fmt: skip


def test_a_second_run_reads_the_cache(cli, data_dir):
    assert counted(cli) == 73
    assert (cache_of(data_dir).folder / "hackney.json").is_file()
    plant(data_dir, "hackney", hires(30))  # Hackney's 22 become 30: the run reads the entry, not the file
    assert counted(cli) == 81


def edit(data_dir: Path, old: str, new: str) -> Path:
    """Change a file in place keeping its size and modification time, to the nanosecond."""
    path = data_dir / "apprentices" / "hackney.yaml"
    stat = path.stat()
    text = path.read_text()
    assert old in text and len(old) == len(new)
    path.write_text(text.replace(old, new, 1))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    return path


def test_an_edit_in_the_same_instant_and_of_the_same_size_is_seen(cli, data_dir):
    assert counted(cli) == 73
    edit(data_dir, "status: in_post", "status: pledged")  # one hire fewer counted, same size, same time
    assert counted(cli) == 72


def test_a_file_made_invalid_is_refused_even_after_it_was_cached(cli, data_dir):
    counted(cli)
    edit(data_dir, "level: 4", "level: 9")
    assert "level: must be at most 7" in cli("status", code=1).stderr


def test_a_tightened_rule_is_applied_to_unchanged_files_at_once(cli, data_dir, monkeypatch):
    """The rules' version is part of every key: a release that tightens a rule (here, a role of at most 3
    characters) bumps it, and the cached files are checked again under the new rule."""
    counted(cli)
    monkeypatch.setitem(apprentrack.domain.record.TEXT_LIMITS, "role", 3)
    assert counted(cli) == 73  # the rule changed, its version did not: the entries still stand (why it is bumped)
    monkeypatch.setattr(apprentrack.storage.cache, "RULES_VERSION", apprentrack.storage.cache.RULES_VERSION + 1)
    assert "role: must be at most 3 characters" in cli("status", code=1).stderr


def test_an_entry_is_for_one_day(cli, data_dir, monkeypatch):
    """London's today is part of the key: the rules about the future are checked again each day."""
    counted(cli)
    cache = cache_of(data_dir)
    raw = (data_dir / "apprentices" / "hackney.yaml").read_bytes()
    assert cache.timeline("hackney", raw) is not None
    tomorrow = Cache(data_dir, date.fromordinal(today().toordinal() + 1))
    tomorrow.boroughs = cache.boroughs
    assert tomorrow.timeline("hackney", raw) is None


def test_an_entry_is_for_one_boroughs_yaml(cli, data_dir):
    counted(cli)
    plant(data_dir, "hackney", hires(30))
    path = data_dir / "boroughs.yaml"
    path.write_text(path.read_text() + "# a comment changes the key of every file\n")
    assert counted(cli) == 73


@pytest.mark.parametrize(
    "content",
    [
        b"",  # empty
        b"{not json",  # corrupt
        b'{"key": 1}',  # foreign: another key
        b"[1, 2, 3]",  # foreign: another shape
        b"\x00\xff" * 100,  # binary garbage
    ],
)
def test_a_corrupt_or_foreign_entry_is_ignored_and_rebuilt(cli, data_dir, content):
    assert counted(cli) == 73
    entry = cache_of(data_dir).folder / "hackney.json"
    entry.write_bytes(content)
    assert counted(cli) == 73
    assert json.loads(entry.read_text())["timeline"]["in_post"]["start"]  # rebuilt


def days_of(text: str) -> list[int]:
    """A column of an entry (32-bit integers in base64) as day numbers; the tests run on little-endian
    machines, as the column is written."""
    return array.array("i", base64.b64decode(text)).tolist()


def column(days: list[int], more: bytes = b"") -> str:
    return base64.b64encode(array.array("i", days).tobytes() + more).decode()


@pytest.mark.parametrize(
    "wrong",
    [
        days_of,  # a list, not a column
        lambda text: column(days_of(text)[::-1]),  # out of order
        lambda text: column([10**9] * len(days_of(text))),  # past the last day there is
        lambda text: column([0] * len(days_of(text))),  # before the first
        lambda text: text[:-4] + "!" + text[-3:],  # not base64
        lambda text: column(days_of(text), more=b"\x01"),  # not whole 32-bit numbers
    ],
    ids=["list", "order", "after", "before", "base64", "bytes"],
)
def test_an_entry_with_the_right_key_but_wrong_days_is_ignored(cli, data_dir, wrong):
    """Each column the same length as the others, so that each case meets its own check."""
    assert counted(cli) == 73
    entry = cache_of(data_dir).folder / "hackney.json"
    data = json.loads(entry.read_text())
    start = data["timeline"]["in_post"]["start"]
    assert len(set(days_of(start))) > 1  # so that reversed, the column is out of order
    data["timeline"]["in_post"]["start"] = wrong(start)
    entry.write_text(json.dumps(data))
    assert counted(cli) == 73


def test_boroughs_yaml_comes_from_the_cache_and_an_entry_of_the_wrong_types_is_ignored(cli, data_dir):
    first = cli("status", "--as-of", "2020-03-11", "-f", "json").stdout
    entry = cache_of(data_dir).folder / "_boroughs.json"
    data = json.loads(entry.read_text())
    assert [b["slug"] for b in data["registry"]["boroughs"]][:2] == ["city-of-london", "barking-and-dagenham"]
    data["registry"]["programme"]["target"] = 10  # read from the cache, not the file
    entry.write_text(json.dumps(data))
    assert json.loads(cli("status", "--as-of", "2020-03-11", "-f", "json").stdout)["target"] == 10
    data["registry"]["programme"]["target"] = "a hundred"  # not what this version writes: the file is read
    entry.write_text(json.dumps(data))
    assert cli("status", "--as-of", "2020-03-11", "-f", "json").stdout == first


@posix_only
def test_the_cache_is_never_needed(cli, data_dir, monkeypatch):
    commands = (("status", "-f", "json"), ("list", "-f", "json"), ("validate",))
    with_cache = [cli(*args).stdout for args in commands]
    monkeypatch.setenv("APPRENTRACK_CACHE", "off")
    assert [cli(*args).stdout for args in commands] == with_cache
    monkeypatch.delenv("APPRENTRACK_CACHE")
    folder = cache_of(data_dir).folder
    folder.chmod(0o500)  # a cache that cannot be written: the same answers
    try:
        cli("add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-03-02")
        assert counted(cli) == 74
    finally:
        folder.chmod(0o700)


def test_a_write_keeps_the_cache_right(cli, data_dir):
    assert counted(cli) == 73
    result = cli("add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-03-02")
    assert "the programme counts 117 of 100" in result.stdout  # every file, as status counts them today
    assert counted(cli) == 74
    cli("update", "hackney-0025", "--status", "pledged", code=1)  # back from recruited: refused, no change
    assert counted(cli) == 74


def test_validate_never_trusts_the_cache(cli, data_dir):
    """An entry keyed to a file's bytes says the file counts 5 hires: validate, the CI gate, reads the file
    afresh and reports what is wrong with it."""
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text("- id: merton-0001\n  role: Dev\n  start_date: 2020-01-06\n  name: Jane Doe\n")
    plant(data_dir, "merton", hires(5))
    assert f"{path}:4: name: unknown field" in cli("validate", code=1).stdout


# --- the cache is no way in -------------------------------------------------------------------------


def answers(cli: Cli) -> list[str]:
    """What the commands say: status first, which reads the cache's entries (list reads every file afresh,
    and so rewrites the entries: run first, it would hide a planted one), then list and validate."""
    return [
        cli(*args, code=None).stdout
        for args in (("status", "--as-of", "2020-03-11", "-f", "json"), ("list", "-f", "json"), ("validate",))
    ]


@pytest.mark.parametrize("kind", ["folder", "file", "link"])
def test_anything_named_like_the_old_cache_in_the_data_dir_changes_nothing(cli, data_dir, tmp_path, kind):
    expected = answers(cli)
    planted = data_dir / ".apprentrack-cache"
    if kind == "folder":
        planted.mkdir()
        (planted / "hackney.json").write_text(json.dumps({"key": "x", "timeline": {"in_post": {"start": [1]}}}))
    elif kind == "file":
        planted.write_text('{"counts": {"in_post": 999}}')
    else:
        planted.symlink_to(tmp_path)
    assert answers(cli) == expected


def test_reading_writes_nothing_in_the_data_dir(cli, data_dir, tmp_path):
    before = sorted(p.relative_to(data_dir) for p in data_dir.rglob("*"))
    cli("status")
    cli("add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-09-07")
    after = sorted(p.relative_to(data_dir) for p in data_dir.rglob("*") if not p.name.startswith(".hackney.yaml"))
    assert after == before  # only the record itself changed (and its lock file)
    assert list((tmp_path / "user-cache").glob("*/hackney.json"))


@posix_only
@pytest.mark.parametrize("kind", ["link", "fifo", "folder", "huge"])
def test_an_entry_that_is_not_a_regular_file_is_never_read(cli, data_dir, tmp_path, monkeypatch, kind):
    expected = answers(cli)
    entry = cache_of(data_dir).folder / "hackney.json"
    plant(data_dir, "hackney", hires(50))  # a planted claim, keyed as the run keys it: read, it would count
    planted = json.loads(entry.read_text())
    entry.unlink()
    if kind == "link":
        elsewhere = tmp_path / "elsewhere.json"
        elsewhere.write_text(json.dumps(planted))
        entry.symlink_to(elsewhere)
    elif kind == "fifo":
        os.mkfifo(entry)  # reading it would hang
    elif kind == "folder":
        entry.mkdir()
    else:
        entry.write_text(json.dumps(planted))
        monkeypatch.setattr(apprentrack.storage.cache, "MAX_ENTRY_BYTES", 10)
    assert answers(cli) == expected


def test_the_cache_holds_one_entry_a_file_whatever_is_run(cli, data_dir):
    """Each file's entry is replaced when the file changes, so the cache holds what the data dir holds: it
    cannot grow without bound however often the data changes."""
    for n in range(3):
        cli("add", "-b", "hackney", "--role", f"Dev {n}", "--start-date", "2020-03-02")
        cli("status")
    names = sorted(p.name for p in cache_of(data_dir).folder.iterdir())
    assert names == ["_boroughs.json", *sorted(f"{p.stem}.json" for p in (data_dir / "apprentices").glob("*.yaml"))]


VERSION = apprentrack.storage.cache.RULES_VERSION


def hackney_later(cli: Cli) -> int:
    """Hackney's hires recruited to start after today, as status counts them (from the cache if it can)."""
    return next(b for b in status_json(cli)["boroughs"] if b["slug"] == "hackney")["starting_later"]


def plant_registry(data_dir: Path, monkeypatch, version: int, **changes) -> None:
    """boroughs.yaml's entry as a release of `version` would have kept it for the file's bytes as they are
    now: the registry the file makes, one borough changed as that release's rules let it through."""

    from apprentrack.domain.programme import Registry
    from apprentrack.storage.datadir import DataDir

    fixture = DataDir(FIXTURE, use_cache=False).registry()
    slug = changes.pop("slug")
    boroughs = [b._replace(**changes) if b.slug == slug else b for b in fixture.boroughs.values()]
    with monkeypatch.context() as m:
        m.setattr(apprentrack.storage.cache, "RULES_VERSION", version)
        cache_of(data_dir).put_registry(
            (data_dir / "boroughs.yaml").read_bytes(), Registry(fixture.programme, boroughs)
        )


def status_json(cli: Cli, *args: str, code: int = 0) -> dict:
    result = cli("status", "-f", "json", *args, code=code)
    return json.loads(result.stdout) if code == 0 else {"stderr": result.stderr}


def test_the_bound_on_figures_is_applied_to_an_unchanged_boroughs_yaml(cli, data_dir, monkeypatch):
    """Version 4 bounds the figures of boroughs.yaml: a pledge of two billion, let through and kept by a
    release before it, is refused once the version is bumped."""
    path = data_dir / "boroughs.yaml"
    path.write_text(path.read_text().replace("    code: E09000012\n", "    code: E09000012\n    pledge: 2000000000\n"))
    plant_registry(data_dir, monkeypatch, 3, slug="hackney", pledge=2_000_000_000)
    with monkeypatch.context() as m:
        m.setattr(apprentrack.storage.cache, "RULES_VERSION", 3)
        assert status_json(cli, "--as-of", "2020-03-11")["counted"] == 73  # the stale entry stands
    assert "borough: pledge: must be at most 1000000000" in status_json(cli, code=1)["stderr"]


def test_the_logged_date_rule_is_applied_to_unchanged_files(cli, data_dir, monkeypatch):
    """Version 3 kept the day a record was logged: a hire logged on 1 March to start on 20 March was known on
    11 March, and starts later. An entry made before (the logged day unknown: the start stands in) would say
    it was not known then."""
    path = data_dir / "apprentices" / "hackney.yaml"
    path.write_text(
        path.read_text() + "- id: hackney-0099\n  role: Dev\n  start_date: 2020-03-20\n  logged: 2020-03-01\n"
    )
    records = apprentrack.storage.datadir.DataDir(data_dir, use_cache=False).load().files["hackney"].records
    before_logged = Timeline.of([r._replace(logged=None) for r in records])  # what version 2 made of it
    with monkeypatch.context() as m:
        m.setattr(apprentrack.storage.cache, "RULES_VERSION", 2)
        plant(data_dir, "hackney", before_logged)
        assert status_json(cli, "--as-of", "2020-03-11")["starting_later"] == 0  # the stale entry stands
    assert status_json(cli, "--as-of", "2020-03-11")["starting_later"] == 1


def test_the_recruited_start_rule_is_applied_to_unchanged_files(cli, data_dir, monkeypatch):
    """Version 3 let a recruited hire start up to a year ahead. The file that rule let through is checked
    again if the rule changes: here a later release allowing 30 days would refuse a start 60 days ahead."""
    from datetime import timedelta

    start = today() + timedelta(days=60)
    path = data_dir / "apprentices" / "hackney.yaml"
    path.write_text(path.read_text() + f"- id: hackney-0099\n  role: Dev\n  start_date: {start}\n  logged: {today()}\n")
    with monkeypatch.context() as m:  # the rule before version 3: no recruited hire starts in the future
        m.setattr(apprentrack.domain.record, "RECRUITED_AHEAD", timedelta(0))
        m.setattr(apprentrack.storage.cache, "RULES_VERSION", 2)
        assert f"start_date: {start} is in the future" in status_json(cli, code=1)["stderr"]
        assert cache_of(data_dir).timeline("hackney", path.read_bytes()) is None  # refused: no entry to go stale
    assert hackney_later(cli) == 1  # version 3: let through, counted from its start
    monkeypatch.setattr(apprentrack.domain.record, "RECRUITED_AHEAD", timedelta(days=30))
    assert hackney_later(cli) == 1  # the rule tightened, its version not: the entry stands
    monkeypatch.setattr(apprentrack.storage.cache, "RULES_VERSION", VERSION + 1)
    assert f"start_date: {start} is in the future" in status_json(cli, code=1)["stderr"]


def test_the_rule_on_names_that_collide_is_applied_to_an_unchanged_boroughs_yaml(cli, data_dir, monkeypatch):
    """Version 5 keeps every way to write a borough apart: Merton renamed 'Hackney!', let through and kept by
    a release before it, is refused at once, by every command that reads boroughs.yaml."""
    path = data_dir / "boroughs.yaml"
    path.write_text(path.read_text().replace("    name: Merton\n", "    name: Hackney!\n"))
    plant_registry(data_dir, monkeypatch, 4, slug="merton", name="Hackney!")
    with monkeypatch.context() as m:
        m.setattr(apprentrack.storage.cache, "RULES_VERSION", 4)
        assert status_json(cli, "--as-of", "2020-03-11")["counted"] == 73  # the stale entry stands
    message = "borough: name 'Hackney!' of Hackney! is Hackney's own name 'Hackney'"
    assert message in status_json(cli, code=1)["stderr"]
    assert message in cli("add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-03-02", code=1).stderr


def test_the_rule_that_a_hire_to_start_later_is_logged_is_applied_to_unchanged_files(cli, data_dir, monkeypatch):
    """Version 6 asks a hire recruited to start later to carry its logged day (without it the hire never
    showed as starting later): such a file, let through and kept by version 5, is refused at once."""
    from datetime import timedelta

    path = data_dir / "apprentices" / "hackney.yaml"
    start = today() + timedelta(days=30)
    path.write_text(path.read_text() + f"- id: hackney-0099\n  role: Dev\n  start_date: {start}\n")
    with monkeypatch.context() as m:
        m.setattr(apprentrack.storage.cache, "RULES_VERSION", 5)
        plant(data_dir, "hackney", hires(24))  # what version 5 kept for the file as it is now
        assert status_json(cli)["counted"] == 116  # the stale entry stands
    message = "logged: a hire recruited to start later needs the day it was logged"
    assert message in status_json(cli, code=1)["stderr"]


def test_a_deeply_nested_cache_entry_is_ignored(cli, data_dir):
    """The cache is JSON: an entry nested without end (planted, or corrupt) is not one this version wrote."""
    assert counted(cli) == 73
    entry = cache_of(data_dir).folder / "hackney.json"
    entry.write_text("[" * 100_000 + "]" * 100_000)
    assert counted(cli) == 73

"""The cache of parsed records never serves stale or foreign data, and is never needed; the fast parser
reads what the YAML loader reads, or gives way to it."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURE, Cli, posix_only
from hypothesis import given, settings
from hypothesis import strategies as st

from apprentrack.cache import Cache
from apprentrack.yamlload import Loader
from apprentrack.yamlread import fast_parse


def entries(data_dir: Path) -> Path:
    """The folder of this data dir's cache entries, in the test's own cache."""
    from apprentrack.cache import Cache

    return Cache(data_dir).folder


def listed(cli: Cli, borough: str = "hackney") -> list[dict]:
    return json.loads(cli("list", "-b", borough, "-f", "json").stdout)


def test_a_second_run_reads_the_cache(cli, data_dir):
    assert not entries(data_dir).exists()
    first = listed(cli)
    assert (entries(data_dir) / "hackney.json").is_file()
    # Prove the second run reads the cache, not the file: change the cached role (keeping its key).
    path = entries(data_dir) / "hackney.json"
    entry = json.loads(path.read_text())
    entry["columns"]["role"][0] = "Read from the cache"
    path.write_text(json.dumps(entry))
    assert listed(cli)[0]["role"] == "Read from the cache"
    assert [r["id"] for r in listed(cli)] == [r["id"] for r in first]


def role(cli: Cli, record_id: str) -> str:
    return next(r["role"] for r in listed(cli) if r["id"] == record_id)


def edit(data_dir: Path, old: str, new: str) -> Path:
    path = data_dir / "apprentices" / "hackney.yaml"
    stat = path.stat()
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same modification time, to the nanosecond
    return path


def test_an_edit_in_the_same_instant_is_seen(cli, data_dir):
    listed(cli)
    edit(data_dir, "role: ICT Help Desk Apprentice", "role: ICT Help Desk Technician")
    assert listed(cli)[0]["role"] == "ICT Help Desk Technician"


def test_a_file_replaced_by_another_of_the_same_size_is_seen(cli, data_dir):
    listed(cli)
    size = (data_dir / "apprentices" / "hackney.yaml").stat().st_size
    path = edit(data_dir, "level: 3", "level: 5")  # same size, same time
    assert path.stat().st_size == size
    assert listed(cli)[0]["level"] == 5


def test_a_file_made_invalid_is_refused_even_after_it_was_cached(cli, data_dir):
    listed(cli)
    edit(data_dir, "level: 4", "level: 9")
    result = cli("status", code=1)
    assert "level: must be at most 7" in result.stderr


@pytest.mark.parametrize(
    "content",
    [
        b"",  # empty
        b"{not json",  # corrupt
        b'{"format": 1}',  # foreign: missing everything
        b"[1, 2, 3]",  # foreign: another shape
        b"\x00\xff" * 100,  # binary garbage
    ],
)
def test_a_corrupt_or_foreign_cache_file_is_ignored_and_rebuilt(cli, data_dir, content):
    expected = listed(cli)
    for name in ("hackney.json", "hackney.counts.json"):
        (entries(data_dir) / name).write_bytes(content)
    assert listed(cli) == expected
    cli("add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-03-02")  # counts rebuilt too
    assert json.loads((entries(data_dir) / "hackney.json").read_text())["format"] == Cache.FORMAT


def test_a_cache_with_the_right_key_but_wrong_types_is_ignored(cli, data_dir):
    expected = listed(cli)
    path = entries(data_dir) / "hackney.json"
    entry = json.loads(path.read_text())
    entry["columns"]["level"][0] = "four"
    entry["columns"]["id"][1] = "camden-0001"  # not this borough's
    path.write_text(json.dumps(entry))
    assert listed(cli) == expected


def test_a_cache_from_another_version_is_ignored(cli, data_dir):
    expected = listed(cli)
    path = entries(data_dir) / "hackney.json"
    entry = json.loads(path.read_text())
    entry["version"] = "0.0.0"
    entry["columns"]["role"][0] = "stale"
    path.write_text(json.dumps(entry))
    assert listed(cli) == expected


@posix_only
def test_the_cache_is_never_needed(cli, data_dir, monkeypatch):
    with_cache = [cli(*args).stdout for args in (("status", "-f", "json"), ("list", "-f", "json"), ("validate",))]
    monkeypatch.setenv("APPRENTRACK_CACHE", "off")
    without = [cli(*args).stdout for args in (("status", "-f", "json"), ("list", "-f", "json"), ("validate",))]
    assert with_cache == without
    entries(data_dir).chmod(0o500)  # a cache that cannot be written: the same answers
    monkeypatch.delenv("APPRENTRACK_CACHE")
    try:
        cli("add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-03-02")
        assert role(cli, "hackney-0025") == "Dev"
    finally:
        entries(data_dir).chmod(0o700)


def test_add_keeps_the_cache_right(cli, data_dir):
    before = json.loads(cli("status", "-f", "json").stdout)["counted"]
    result = cli("add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-03-02")
    assert f"the programme counts {before + 1} of 100" in result.stdout
    assert role(cli, "hackney-0025") == "Dev"
    assert json.loads(cli("status", "-f", "json").stdout)["counted"] == before + 1
    cli("update", "hackney-0025", "--role", "Tester")
    assert role(cli, "hackney-0025") == "Tester"


# --- the fast parser --------------------------------------------------------------------------------


def yaml_lines(text: str):
    """What the YAML loader reads: values, each record's line and each key's line."""
    data = yaml.load(text, Loader=Loader)
    return [(dict(r), r.line, r.lines) for r in data or []]


def test_the_shipped_files_take_the_fast_path_and_read_the_same():
    for path in sorted((FIXTURE / "apprentices").glob("*.yaml")):
        text = path.read_text()
        fast = fast_parse(text)
        assert fast is not None, path
        assert [(dict(r), r.line, r.lines) for r in fast] == yaml_lines(text)


words = st.from_regex(r"[A-Za-z][A-Za-z0-9 _./()&+-]{0,20}", fullmatch=True)
scalars = st.one_of(  # mostly what the fast path reads, some of what it must give way on
    words,
    words,
    words,
    st.sampled_from(
        ["yes", "No", "TRUE", "off", "null", "Null", "y", "n", "~", "0", "007", "1e3", "0x1F", "2020-02-30", "2020-1-5"]
    ),
    st.integers(0, 10**12).map(str),
    st.dates(date(1900, 1, 1), date(2100, 1, 1)).map(date.isoformat),
    st.text(max_size=12),
)
# What YAML reads as a line break or refuses outright, which a line parser could miss: a lone carriage
# return, NEL, the line and paragraph separators, a byte order mark, controls (an escape, a bell, NUL).
odd = st.sampled_from(["\r", "\x85", "\u2028", "\u2029", "\ufeff", "\x07", "\x00", "\x1b", "\t", "\x7f"])


@st.composite
def with_odd(draw: st.DrawFn, text: str) -> str:
    """The text with an odd character put in somewhere, half of the time."""
    if not draw(st.booleans()):
        return text
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(odd) + text[at:]


scalars = scalars | words.flatmap(with_odd)
record = st.dictionaries(st.sampled_from(["id", "role", "level", "start_date", "status", "x_y"]), scalars, min_size=1)
extras = st.sampled_from(
    ["", "", "", "", "# a comment\n", "\n", "  # indented comment\n", "---\n", "- [x]\n", "\r\n", "# a: b\n"]
).flatmap(with_odd)


@pytest.mark.slow
@settings(max_examples=2000, deadline=None)
@given(records=st.lists(st.tuples(record, extras), max_size=6), crlf=st.booleans())
def test_fast_parse_reads_what_the_yaml_loader_reads_or_gives_way(records, crlf):
    lines = []
    for fields, extra in records:
        for i, (key, value) in enumerate(fields.items()):
            lines.append(f"{'- ' if i == 0 else '  '}{key}: {value}")
        lines.append(extra.rstrip("\n"))
    text = "\n".join(lines) + "\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    fast = fast_parse(text)
    if fast is None:
        return  # the YAML loader reads it (or refuses it)
    assert [(dict(r), r.line, r.lines) for r in fast] == yaml_lines(text)  # raises where YAML refuses


def test_validate_never_trusts_the_cache(cli, data_dir):
    """A cache entry that anyone could write, keyed to a file's bytes, claims the file is valid: validate,
    the CI gate, reads the file afresh and reports it."""
    from apprentrack.cache import Cache
    from apprentrack.record import Record
    from apprentrack.terms import Status

    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text("- id: merton-0001\n  role: Dev\n  start_date: 2020-01-06\n  name: Jane Doe\n")
    fake = [Record("merton-0001", "Dev", None, None, date(2020, 1, 6), Status.in_post, None, None)]
    Cache(data_dir).put("merton", path.read_bytes(), fake, [1], True)
    result = cli("validate", code=1)
    assert f"{path}:4: name: unknown field" in result.stdout


def test_boroughs_yaml_comes_from_the_cache_and_a_planted_entry_is_validated(cli, data_dir):
    first = cli("status", "--as-of", "2020-03-11", "-f", "json").stdout
    path = entries(data_dir) / "_registry.json"
    entry = json.loads(path.read_text())
    assert [b["slug"] for b in entry["registry"]["boroughs"]][:2] == ["city-of-london", "barking-and-dagenham"]
    assert cli("status", "--as-of", "2020-03-11", "-f", "json").stdout == first  # the same from the cache
    entry["registry"]["programme"]["target"] = 10  # read from the cache, not the file
    path.write_text(json.dumps(entry))
    assert json.loads(cli("status", "--as-of", "2020-03-11", "-f", "json").stdout)["target"] == 10
    entry["registry"]["programme"]["target"] = "a hundred"  # the models check it again: refused, file read
    path.write_text(json.dumps(entry))
    assert cli("status", "--as-of", "2020-03-11", "-f", "json").stdout == first


def test_a_table_of_the_boroughs_comes_from_the_summaries_without_the_records(cli, data_dir):
    """status's table needs counts only: with every file unchanged it reads each file's summary (starts
    and ends by status) and builds no record; a summary planted with the wrong types is refused."""
    table = cli("status", "--as-of", "2020-03-11").stdout
    (entries(data_dir) / "hackney.json").write_text("{not json")  # the records' entry: not needed here
    assert cli("status", "--as-of", "2020-03-11").stdout == table
    summary = entries(data_dir) / "hackney.starts.json"
    entry = json.loads(summary.read_text())
    entry["starts"]["in_post"] = entry["starts"]["in_post"][1:]  # its first hire gone: read from here
    summary.write_text(json.dumps(entry))
    assert "Counted          72 of 100" in cli("status", "--as-of", "2020-03-11").stdout
    entry["starts"]["in_post"][0] = "2019-07-01"  # not a day number: refused, the files read
    summary.write_text(json.dumps(entry))
    assert cli("status", "--as-of", "2020-03-11").stdout == table

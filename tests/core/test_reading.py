"""Reading a record file: the fast parser for the plain shape reads exactly what the strict YAML loader
reads, or gives way to it."""

from __future__ import annotations

from datetime import date
from string import ascii_letters, digits

import pytest
import yaml
from helpers import FIXTURE
from hypothesis import given, settings
from hypothesis import strategies as st

from apprentrack.storage.plain_yaml import fast_parse
from apprentrack.storage.strict_yaml import Loader


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


# [A-Za-z][A-Za-z0-9 _./()&+-]{0,20}, built from its parts (st.from_regex took most of the test's time)
words = st.builds(
    str.__add__, st.sampled_from(ascii_letters), st.text(ascii_letters + digits + " _./()&+-", max_size=20)
)
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
@settings(max_examples=1000, deadline=None)
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

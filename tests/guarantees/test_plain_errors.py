"""One plain style for every message: 'Error: ' and the tool's own words, naming the option or file and
what would be right; never a box, a traceback or a library's wording."""

from __future__ import annotations

import pytest

LIBRARY_WORDS = ("Input should", "String should", "Value error", "Field required", "validation error", "╭", "│")

CASES = [
    (("status", "--bogus"), 2, "--bogus: no such option; the options here: --as-of, --by"),
    (("status", "--as-of"), 2, "--as-of: needs a value; give --as-of DATE (report as of this date"),
    (("status", "--as-of", "31/02/2020"), 2, "--as-of: '31/02/2020' is not a real date"),
    (("status", "--window", "0"), 2, "--window: '0' is not a whole number from 1 to 104"),
    (("status", "-f", "xml"), 2, "--format: 'xml' is not one of: table, json"),
    (("list", "--status", "hired"), 2, "--status: 'hired' is not a status; write pledged, recruited"),
    (("list", "-b", "Narnia"), 2, "--borough: no London borough matches 'Narnia'"),
    (("chart", "--by", "day"), 2, "--by: 'day' is not one of: week, month"),
    (("add", "-b", "hackney", "--role", "Dev", "--start-date", "2020-03-02", "--level", "8"), 2, "--level: '8'"),
    (("add", "-b", "hackney", "--role", "", "--start-date", "2020-03-02"), 2, "--role: must not be empty"),
    (("update", "hackney"), 2, "ID: 'hackney' is not a record id"),
    (("import",), 2, "FILE: missing; give FILE (an Excel workbook (.xlsx), a CSV, or apprentrack's JSON export)"),
    (("init",), 2, "DIR: missing; give DIR (the new programme's data folder)"),
]


@pytest.mark.parametrize("args, code, message", CASES, ids=lambda v: " ".join(v) if isinstance(v, tuple) else None)
def test_every_error_is_plain(cli, args, code, message):
    result = cli(*args, code=code)
    assert any(line.startswith("Error: ") for line in result.stderr.splitlines()), result.stderr
    assert message in result.stderr
    assert not any(word in result.stderr for word in LIBRARY_WORDS), result.stderr
    assert " ." not in result.stderr and " ," not in result.stderr

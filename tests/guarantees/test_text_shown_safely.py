"""Text from outside (a file, a cell, a file name, a form) is shown safely wherever it goes (issue 22, class
5): no control or escape sequence reaches a terminal, Markdown escapes markup and HTML, and a CSV export
and its import are exact inverses for every text."""

from __future__ import annotations

import json

import pytest
from helpers import new_programme
from markdown_it import MarkdownIt

ESC = "\x1b[2J\x1b]0;pwned\x07"  # clear the screen, set the window's title


def no_escape(*texts: str) -> None:
    for text in texts:
        assert "\x1b" not in text and "\x07" not in text, text


def test_a_value_quoted_from_a_file_never_reaches_the_terminal_raw(cli, data_dir):
    """YAML's double-quoted "\\e" makes an escape character: the message that quotes the value escapes it."""
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text('- id: merton-0001\n  role: Dev\n  start_date: "\\e[2J2020-01-06"\n')
    for args in (("validate",), ("validate", "-f", "github"), ("status",)):
        result = cli(*args, code=1)
        no_escape(result.stdout, result.stderr)
        assert "\\u001b[2J2020-01-06" in result.stdout + result.stderr, args


def test_a_cell_or_a_column_with_an_escape_sequence_is_quoted_safely(cli, tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(f"Role,Start date,Status,Note{ESC}\nDev,2020-03-02,hired{ESC},\n")
    result = cli("import", str(sheet), "--borough", "camden", code=1)
    no_escape(result.stdout, result.stderr)
    assert "\\x1b[2J" in result.stderr or "\\u001b[2J" in result.stderr


def test_a_form_value_with_an_escape_sequence_is_quoted_safely(cli, tmp_path):
    form = tmp_path / "form.md"
    form.write_text(f"### Borough\n\nHackney{ESC}\n\n### Role\n\nDev\n\n### Start date\n\n02/03/2020\n")
    result = cli("add", "--from-issue-form", str(form), code=1)
    no_escape(result.stdout, result.stderr)


@pytest.mark.parametrize("command", [("status", "--by", "role", "-f", "markdown"), ("summary", "--week", "2020-W37")])
def test_markdown_shows_markup_and_html_in_values_literally(cli, command):
    role = "<b>Data</b> *lead* [x](http://example.org) | `y` & #1"
    cli("add", "-b", "hackney", "--role", role, "--start-date", "2020-09-07", "--status", "in_post")
    html = MarkdownIt("commonmark").enable("table").render(cli(*command).stdout)
    assert "<b>Data</b>" not in html and "<em>lead</em>" not in html and "<a href" not in html and "<code>" not in html
    assert "&lt;b&gt;Data&lt;/b&gt; *lead* [x](http://example.org) | `y` &amp; #1" in html  # the text, as typed


TEXTS = ['\'=HYPERLINK("x")', "'apostrophe first", "=1+1", "+44 is a prefix", "-dash", "@at", "'", "''"]


def test_a_csv_export_and_its_import_are_exact_inverses_for_every_text(cli, tmp_path):
    for n, role in enumerate(TEXTS):
        cli("add", "-b", "hackney", "--role", role, "--start-date", f"2020-09-{n + 1:02d}", "--status", "in_post")
    export = tmp_path / "all.csv"
    export.write_text(cli("list", "-f", "csv").stdout)
    fresh = new_programme(tmp_path)
    fresh("import", str(export))
    roles = [r["role"] for r in json.loads(fresh("list", "-b", "hackney", "-f", "json").stdout)]
    assert all(text in roles for text in TEXTS)
    assert json.loads(fresh("list", "-f", "json").stdout) == json.loads(cli("list", "-f", "json").stdout)

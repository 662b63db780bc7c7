"""Every identifier is matched whole and every text is plain: no slug or borough that is a path, no id or
name that carries an escape sequence or an invisible character, no value that is not text, no alias that
is another borough; terminal escapes in a file are refused and never echoed, and Rich markup in a value
prints literally."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from helpers import snapshot_tree

from apprentrack.domain.escape import not_text


def test_not_text_covers_every_control_format_and_separator_character():
    wanted = {"Cc", "Cf", "Cs", "Zl", "Zp"}
    missing = [
        f"U+{cp:04X}"
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) in wanted and not not_text().match(chr(cp))
    ]
    assert missing == []
    assert not not_text().search("Kensington & Chelsea, Café, Łódź, 東京, émoji 🙂")


def boroughs_yaml(data_dir, old: str, new: str) -> None:
    path = data_dir / "boroughs.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "  - slug: merton\n",
            "  - slug: ../../escaped\n",
            "borough: slug: is not in the right form (found '../../escaped')",
        ),
        ("    code: E09000024\n", "    code: xE09000024\n", "borough: code: is not in the right form"),
        (
            "    name: Merton\n",
            '    name: "Mer\\u202eton"\n',
            "borough: name: contains a control or invisible character (U+202E)",
        ),
        ("  name: LOTI Digital Apprentices\n", '  name: "LOTI \\e[2J"\n', "programme: name: contains a control or"),
        (
            "    name: Merton\n",
            "    name: Merton\n    aliases: [Sutton]\n",
            "alias 'Sutton' of Merton is Sutton's own name",
        ),
        (
            "    name: Merton\n",
            "    name: Merton\n    aliases: [E09000012]\n",
            "alias 'E09000012' of Merton is Hackney's",
        ),
        (
            "    name: Merton\n",
            '    name: Merton\n    aliases: ["a\\tb"]\n',
            "borough: aliases: contains a control or invisible",
        ),
    ],
)
def test_boroughs_yaml_holds_only_whole_identifiers_and_plain_text(cli, data_dir, old, new, message):
    boroughs_yaml(data_dir, old, new)
    result = cli("validate", code=1)
    assert message in result.stdout


def test_a_slug_that_is_a_path_can_never_be_written_to(cli, data_dir, tmp_path):
    boroughs_yaml(data_dir, "  - slug: merton\n", "  - slug: ../../escaped\n")
    before = snapshot_tree(tmp_path)
    cli("add", "-b", "merton", "--role", "Dev", "--start-date", "2020-03-02", code=1)
    assert snapshot_tree(tmp_path) == before and not (tmp_path / "escaped.yaml").exists()


@pytest.mark.parametrize(
    "value, message",
    [
        ('"merton-0001\\e[2J"', "id: is not in the right form"),
        ('"merton-0001\\u200b"', "id: is not in the right form"),
        ('"x merton-0001"', "id: is not in the right form"),
    ],
)
def test_an_id_must_be_whole_and_plain(cli, data_dir, value, message):
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text(f"- id: {value}\n  role: Dev\n  start_date: 2020-01-06\n")
    assert f"{path}:1: {message}" in cli("validate", code=1).stdout


@pytest.mark.parametrize(
    "value, message",
    [
        ("!!binary RGV2", "a value tagged !!binary is not allowed"),
        ("!!set {a, b}", "a value tagged !!set is not allowed"),
        ("!!omap [a: 1]", "a value tagged !!omap is not allowed"),
        ('"De\\u200dv"', "role: contains a control or invisible character (U+200D)"),
        ('"De\\u2067v"', "role: contains a control or invisible character (U+2067)"),
    ],
)
def test_values_that_are_not_plain_text_are_refused(cli, data_dir, value, message):
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text(f"- id: merton-0001\n  role: {value}\n  start_date: 2020-01-06\n")
    assert message in cli("validate", code=1).stdout


def test_a_file_name_is_echoed_without_what_a_terminal_would_act_on(cli, data_dir):
    (data_dir / "apprentices" / "evil\x1b[2J.yaml").write_text("- x\n")
    out = cli("validate", code=1).stdout
    assert "\x1b" not in out and "evil\\u001b[2J.yaml:1: not read" in out


@pytest.mark.parametrize("borough", ["../x", "../../etc/passwd", "/etc/passwd", "hackney/../camden", "hackney.yaml"])
def test_a_borough_given_as_a_path_is_refused(cli, data_dir, borough):
    before = snapshot_tree(data_dir.parent)
    result = cli("add", "-b", borough, "--role", "Dev", "--start-date", "2020-03-02", code=2)
    assert "--borough: no London borough matches" in result.stderr
    assert snapshot_tree(data_dir.parent) == before


def test_terminal_escapes_in_a_file_are_refused_and_never_echoed(cli, data_dir):
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text('- id: merton-0001\n  role: "\\e[2J\\e]8;;http://x\\e\\\\Dev"\n  start_date: 2020-01-06\n')
    out = cli("validate", code=1).stdout
    assert f"{path}:2: role: contains a control or invisible character (U+001B); use plain text on one line" in out
    assert "\x1b" not in out


@pytest.mark.parametrize("value", ["[red]Dev[/red]", "[link=x]Dev[/link]", "[bold"])
def test_rich_markup_in_values_prints_literally(cli, value):
    cli("add", "-b", "merton", "--role", value, "--start-date", "2020-03-02", "--ref", value)
    out = cli("list", "-b", "merton").stdout
    assert out.count(value) == 2

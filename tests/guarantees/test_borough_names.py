"""Names that collide (issue 22): a borough's slug, name, code and aliases are each another way to write it,
so none may be a way to write another borough (compared as `--borough` compares them: case, punctuation,
'&', 'Council' and 'London Borough of' aside). validate refuses boroughs.yaml otherwise, and so does every
command that reads it: `add --borough X` can only ever mean one file."""

from __future__ import annotations

import pytest
from helpers import snapshot_tree


def boroughs_yaml(data_dir, *changes: tuple[str, str]):
    path = data_dir / "boroughs.yaml"
    text = path.read_text()
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text)
    return path, text


MERTON = "    name: Merton\n"


@pytest.mark.parametrize(
    "changes, message",
    [
        (  # a name that is another's name, once case and punctuation are aside
            [(MERTON, "    name: HACKNEY!\n")],
            "borough: name 'HACKNEY!' of HACKNEY! is Hackney's own name 'Hackney'",
        ),
        (  # a name that is another's name once 'London Borough of' is aside
            [(MERTON, "    name: London Borough of Camden\n")],
            "borough: name 'London Borough of Camden' of London Borough of Camden is Camden's own name 'Camden'",
        ),
        (  # an alias that is another's slug and name
            [("    name: Camden\n", "    name: Camden\n    aliases: [merton]\n")],
            "borough: alias 'merton' of Camden is Merton's own name 'Merton'",
        ),
        (  # an alias that is another's alias
            [
                (MERTON, MERTON + "    aliases: [LBX]\n"),
                ("    name: Camden\n", "    name: Camden\n    aliases: [lbx]\n"),
            ],
            "borough: alias 'LBX' of Merton is Camden's own alias 'lbx'",
        ),
        (  # a name that is another's alias
            [(MERTON, "    name: WCC\n")],
            "borough: alias 'WCC' of Westminster is WCC's own name",
        ),
        (  # a slug that is another's name ('Council' aside)
            [("  - slug: merton\n", "  - slug: croydon-council\n")],
            "borough: slug 'croydon-council' of Merton is Croydon's own",
        ),
        (  # a name with nothing to find it by
            [(MERTON, '    name: "***"\n')],
            "borough: name '***' of *** has no letter or digit to find it by",
        ),
    ],
    ids=["name-name", "name-council-name", "alias-slug", "alias-alias", "name-alias", "slug-name", "empty"],
)
def test_a_way_to_write_one_borough_is_never_a_way_to_write_another(cli, data_dir, changes, message):
    path, _ = boroughs_yaml(data_dir, *changes)
    result = cli("validate", code=1)
    problem = next((line for line in result.stdout.splitlines() if message in line), result.stdout)
    assert problem.startswith(f"{path}:"), problem
    before = snapshot_tree(data_dir)
    for borough in ("merton", "hackney", "camden"):  # whichever file it could mean: none is written
        refused = cli("add", "-b", borough, "--role", "Dev", "--start-date", "2020-03-02", code=1)
        assert message in refused.stderr
    assert snapshot_tree(data_dir) == before


def test_a_borough_may_be_written_its_own_ways_twice(cli, data_dir):
    """The same borough's name and alias may be one spelling ('Camden' and 'Camden Council'): no collision."""
    boroughs_yaml(data_dir, ("    name: Camden\n", "    name: Camden\n    aliases: [Camden Council, LB Camden]\n"))
    cli("validate")
    assert cli("add", "-b", "LB Camden", "--role", "Dev", "--start-date", "2020-03-02").stdout.startswith(
        "Added camden-0008"
    )

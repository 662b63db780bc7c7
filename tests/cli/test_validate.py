"""`apprentrack validate`, the CI gate: every problem in every file as `file:line: message` on stdout,
a count on stderr, exit 1, nothing changed; OK and the counts when there is none. (The record rules and
their messages: core/test_record.py; warnings: guarantees/test_privacy.py, cli/test_add.py.)"""

import textwrap

import pytest
from helpers import FIXTURE, ROOT, Cli, snapshot_tree


def test_shipped_data_is_valid(cli):
    result = cli("validate")
    assert result.stdout.splitlines()[-1].startswith("OK: no problems (20 files, ")


def write(data_dir, name, text):
    path = data_dir / "apprentices" / name
    path.write_text(textwrap.dedent(text))
    return path


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("- id: merton-0001\n  role: [unclosed\n", 3, "invalid YAML: while parsing a flow sequence"),
        ("id: merton-0001\nrole: Dev\n", 1, "expected a list of records, each starting with '- ', found a mapping"),
        (
            "- id: merton-0001\n  role: Dev\n  start_date: 2020-01-06\n  name: Somebody\n",
            4,
            "name: unknown field (fields are: id, role, standard, level, status, start_date, end_date, ref, logged)",
        ),
        ("- id: merton-0001\n  start_date: 2020-01-06\n", 1, "role: required, but missing"),
        (  # an item that is not a record, on its own line (issue 22)
            "- id: merton-0001\n  role: Dev\n  start_date: 2020-01-06\n- oops\n",
            4,
            "record 2: expected fields (key: value), found 'oops'",
        ),
        ("# a comment\n\n- [a, list]\n", 3, "record 1: expected fields (key: value), found ['a', 'list']"),
        (
            "- id: merton-0001\n  role: Dev\n  level: 9\n  start_date: 2020-01-06\n",
            3,
            "level: must be at most",
        ),
        ("- id: merton-0001\n  role: Dev\n  start_date: 2020-02-30\n", 3, "'2020-02-30' is not a real date"),
        (
            "- id: merton-0001\n  role: Dev\n  start_date: 13/25/2020\n",
            3,
            "start_date: '13/25/2020' is not a real date",
        ),
        (
            "- id: merton-0001\n  role: Dev\n  start_date: 2020-03-01\n  status: withdrawn\n  end_date: 2020-02-01\n",
            5,
            "end_date: end_date 2020-02-01 is before start_date 2020-03-01",
        ),
        ("- id: merton-0001\n  role: Dev\n  status: hired\n  start_date: 2020-01-06\n", 3, "status: must be one of"),
        (
            "- id: hackney-0001\n  role: Dev\n  start_date: 2020-01-06\n",
            1,
            "id 'hackney-0001' does not belong in this file",
        ),
        (
            "- id: merton-0001\n  role: Dev\n  role: Tester\n  start_date: 2020-01-06\n",
            3,
            "'role' appears twice in one record (first on line 2)",
        ),
        ("- &a {id: merton-0001, role: Dev, start_date: 2020-01-06}\n- *a\n", 1, "aliases are not allowed"),
        ("- id: merton-0001\n\trole: Dev\n", 2, "invalid YAML"),
        ("- !!python/object/apply:os.system [echo hi]\n", 1, "could not determine a constructor for the tag"),
        (
            "- id: merton-0001\n  role: Dev\n  start_date: 2020-01-06\n  ref: 00123\n",
            4,
            "ref: must be text",
        ),
    ],
)
def test_each_kind_of_problem_is_reported_with_its_line(cli, data_dir, text, line, message):
    path = write(data_dir, "merton.yaml", text)
    before = snapshot_tree(data_dir)
    result = cli("validate", code=1)
    assert f"{path}:{line}: " in result.stdout
    problem = next(out for out in result.stdout.splitlines() if out.startswith(f"{path}:{line}: "))
    assert message in problem
    assert "problem(s) found" in result.stderr
    assert snapshot_tree(data_dir) == before


def test_every_problem_in_every_file_is_listed(cli, data_dir):
    a = write(data_dir, "merton.yaml", "- id: merton-0001\n  role: Dev\n")
    b = write(data_dir, "sutton.yaml", "- id: sutton-0001\n  start_date: 2020-01-06\n  level: 1\n")
    c = write(data_dir, "narnia.yaml", "[]\n")
    d = write(data_dir, "bexley.yml", "[]\n")
    result = cli("validate", code=1)
    lines = result.stdout.splitlines()
    assert f"{a}:1: start_date: required, but missing" in lines
    assert f"{b}:1: role: required, but missing" in lines
    assert any(line.startswith(f"{b}:3: level: must be at least 2") for line in lines)
    assert any(line.startswith(f"{c}:1: not read: 'narnia.yaml' is not named after a borough slug") for line in lines)
    assert f"{d}:1: not read: record files are named <borough-slug>.yaml" in lines
    assert "5 problem(s) found" in result.stderr


def test_an_id_used_twice_across_files(cli, data_dir):
    path = data_dir / "apprentices" / "camden.yaml"
    text = path.read_text()
    path.write_text(text + "- id: camden-0001\n  role: Dev\n  start_date: 2020-01-06\n")
    last = len(text.splitlines()) + 1
    result = cli("validate", code=1)
    assert f"{path}:{last}: id 'camden-0001' is used twice in this file (also line " in result.stdout


def test_non_utf8_file_names_its_line(cli, data_dir):
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_bytes(b"- id: merton-0001\n  role: Caf\xe9\n")
    result = cli("validate", code=1)
    assert f"{path}:2: not UTF-8 text (byte 0xe9); save the file as UTF-8" in result.stdout


def test_broken_boroughs_file(cli, data_dir):
    path = data_dir / "boroughs.yaml"
    path.write_text(path.read_text().replace("target: 100", "target: lots"))
    result = cli("validate", code=1)
    assert f"{path}:" in result.stdout and "programme: target: must be a whole number" in result.stdout


def test_a_borough_that_is_not_a_mapping(cli, data_dir):
    path = data_dir / "boroughs.yaml"
    head = path.read_text().split("boroughs:")[0]
    path.write_text(head + "boroughs: [hackney]\n")
    result = cli("validate", code=1)
    line = head.count("\n") + 1  # the line of the list that holds it
    assert f"{path}:{line}: borough: expected fields (key: value), found 'hackney'" in result.stdout


def test_a_borough_that_is_not_a_mapping_is_named_on_its_own_line(cli, data_dir):
    path = data_dir / "boroughs.yaml"
    text = path.read_text().rstrip("\n") + "\n  - oops\n"
    path.write_text(text)
    result = cli("validate", code=1)
    assert f"{path}:{text.count(chr(10))}: borough: expected fields (key: value), found 'oops'" in result.stdout


def test_the_benchmarks_synthetic_data_is_valid(tmp_path):
    """benchmarks/synthetic.py makes data valid under every rule, so the benchmark measures real work."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "benchmarks" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    root = synthetic.make(tmp_path / "bench", 2000, FIXTURE / "boroughs.yaml")
    result = Cli(root)("validate")
    # valid; its 2019-20 pledges and 'recruited' hires are only warned of as records to check, years on
    assert result.stdout.splitlines()[-1].startswith("OK: no problems (34 files, 2000 valid records); ")
    assert all(" warning: " in line for line in result.stdout.splitlines()[:-1])


def test_a_code_used_twice_in_boroughs_yaml_is_named_once(cli, data_dir):
    path = data_dir / "boroughs.yaml"
    text = path.read_text()
    brent = text.index("slug: brent")
    code = text.index("code: ", brent)
    path.write_text(text[:code] + "code: E09000002" + text[text.index("\n", code) :])  # Barking and Dagenham's
    result = cli("validate", code=1)
    named = [line for line in result.stdout.splitlines() if "E09000002" in line]
    assert named == [
        f"{path}:63: borough: code 'E09000002' of Brent is Barking and Dagenham's own code: each way to write a "
        "borough must mean one borough"
    ]

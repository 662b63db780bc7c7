"""Nothing lost, nothing let in. Each test proves one guarantee the README's "Failure modes" lists; each
was checked to fail when its guarantee is broken on purpose (see that section)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from helpers import Cli, posix_only, run_together, snapshot_tree, start_paused, temp_files

ADD = ["--role", "Data analyst", "--start-date", "2020-03-02"]


def records(data_dir: Path, slug: str) -> list[dict]:
    path = data_dir / "apprentices" / f"{slug}.yaml"
    return yaml.safe_load(path.read_text()) if path.exists() else []


# --- concurrency ------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("spread", ["one borough", "many boroughs"])
def test_50_adds_released_together_all_land_while_readers_read(data_dir, spread):
    slugs = (
        ["hackney"] * 50
        if spread == "one borough"
        else [["hackney", "camden", "brent", "sutton", "merton"][i % 5] for i in range(50)]
    )
    before = {slug: len(records(data_dir, slug)) for slug in set(slugs)}
    commands = [
        ["--data-dir", str(data_dir), "add", "-b", slug, "--role", f"Role {i}", "--start-date", "2020-03-02"]
        for i, slug in enumerate(slugs)
    ]

    reads, failures, done = [], [], threading.Event()

    def reader():  # status and validate, over and over while the adds run: never a torn file
        while not done.is_set():
            for args in (("validate",), ("status", "--as-of", "2020-03-11", "-f", "json")):
                command = [sys.executable, "-m", "apprentrack", "--data-dir", str(data_dir), *args]
                result = subprocess.run(command, capture_output=True, text=True)
                reads.append(result.returncode)
                if result.returncode != 0:
                    failures.append(result.stdout + result.stderr)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        results = run_together(commands)
    finally:
        done.set()
        thread.join()

    assert [r.returncode for r in results] == [0] * 50, [r.stderr for r in results if r.returncode]
    assert failures == [] and reads
    added = {}
    for slug in set(slugs):
        recs = records(data_dir, slug)
        assert len(recs) == before[slug] + slugs.count(slug)
        added |= {r["id"]: r["role"] for r in recs if r["role"].startswith("Role ")}
    assert sorted(added.values()) == sorted(f"Role {i}" for i in range(50))  # every record, once
    assert len(added) == 50  # 50 distinct ids
    Cli(data_dir)("validate")


# --- crashes and interrupts at each point of a write ---------------------------------------------------


@pytest.mark.parametrize("point", ["lock-held", "temp-partial", "temp-complete", "replaced"])
def test_killed_at_each_point_of_a_write_leaves_old_or_new_never_torn(data_dir, point):
    path = data_dir / "apprentices" / "hackney.yaml"
    old = path.read_bytes()
    proc = start_paused(data_dir, point, "add", "-b", "hackney", *ADD)
    if point == "temp-partial":  # the point is real: half a file waits beside the old one
        (tmp,) = temp_files(data_dir)
        assert 0 < tmp.stat().st_size < len(old)
    proc.kill()  # SIGKILL: no clean-up runs
    proc.wait()
    new = path.read_bytes()
    if point == "replaced":
        assert new.startswith(old) and records(data_dir, "hackney")[-1]["id"] == "hackney-0025"
    else:
        assert new == old
    cli = Cli(data_dir)
    cli("validate")  # a leftover temporary file is ignored
    result = cli("add", "-b", "hackney", *ADD)  # the dead writer's lock does not block the next add
    assert "Added hackney-0026" in result.stdout if point == "replaced" else "Added hackney-0025" in result.stdout


def test_readers_see_the_old_file_while_a_write_is_half_done(data_dir):
    cli = Cli(data_dir)
    before = json.loads(cli("status", "--as-of", "2020-03-11", "-f", "json").stdout)["counted"]
    proc = start_paused(data_dir, "temp-partial", "add", "-b", "hackney", *ADD)
    cli("validate")
    assert json.loads(cli("status", "--as-of", "2020-03-11", "-f", "json").stdout)["counted"] == before
    proc.stdin.write(b"x")  # let the write finish
    proc.stdin.close()
    assert proc.wait() == 0
    assert json.loads(cli("status", "--as-of", "2020-03-11", "-f", "json").stdout)["counted"] == before + 1
    assert temp_files(data_dir) == []


@posix_only
@pytest.mark.parametrize("point", ["temp-partial", "temp-complete"])
def test_ctrl_c_during_a_write_exits_130_and_leaves_the_file_whole(data_dir, point):
    before = snapshot_tree(data_dir)
    proc = start_paused(data_dir, point, "add", "-b", "hackney", *ADD)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate()
    assert proc.returncode == 130
    assert b"Interrupted: nothing was written." in err and b"Traceback" not in err
    assert snapshot_tree(data_dir) == before  # the temporary file is gone too


# --- hostile and odd input --------------------------------------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)


@posix_only
def test_alias_bomb_is_refused_in_little_memory(data_dir):
    import resource

    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text("- " + BOMB.replace("\n", "\n  ").rstrip() + "\n")  # 9**9 strings if expanded

    def limit():  # 1 GiB of address space: an expanded bomb would need far more
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    result = subprocess.run(
        [sys.executable, "-m", "apprentrack", "--data-dir", str(data_dir), "validate"],
        capture_output=True,
        text=True,
        preexec_fn=limit,
    )
    assert result.returncode == 1, result.stderr
    assert f"{path}:1: invalid YAML: this value (&anchor) is used again by an alias" in result.stdout


def test_oversize_file_is_refused_before_it_is_read(data_dir):
    path = data_dir / "apprentices" / "merton.yaml"
    with path.open("wb") as f:
        f.truncate(33 * 1024 * 1024)  # sparse: costs no disk
    result = Cli(data_dir)("validate", code=1)
    assert f"{path}:1: file is 34,603,008 bytes; the limit is 33,554,432" in result.stdout


@pytest.mark.parametrize("borough", ["../x", "../../etc/passwd", "/etc/passwd", "hackney/../camden", "hackney.yaml"])
def test_a_borough_given_as_a_path_is_refused(data_dir, borough):
    before = snapshot_tree(data_dir.parent)
    result = Cli(data_dir)("add", "-b", borough, *ADD, code=2)
    assert "--borough: no London borough matches" in result.stderr
    assert snapshot_tree(data_dir.parent) == before


@posix_only
def test_a_data_file_linking_out_of_the_data_dir_is_neither_read_nor_written(data_dir, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("- id: merton-0001\n  role: Dev\n  start_date: 2020-01-06\n")
    link = data_dir / "apprentices" / "merton.yaml"
    link.symlink_to(outside)
    cli = Cli(data_dir)
    result = cli("validate", code=1)
    assert f"{link}:1: not read: a link leading outside the data directory" in result.stdout
    result = cli("add", "-b", "merton", *ADD, code=1)
    assert "not written: a link leading outside the data directory" in result.stderr
    assert outside.read_text() == "- id: merton-0001\n  role: Dev\n  start_date: 2020-01-06\n"
    assert link.is_symlink()


def test_very_long_values_are_refused_briefly(data_dir):
    cli = Cli(data_dir)
    result = cli("add", "-b", "hackney", "--role", "x" * 100_000, "--start-date", "2020-03-02", code=2)
    assert "--role: must be at most 120 characters" in result.stderr
    assert len(result.stderr) < 500
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text(f"- id: merton-0001\n  role: {'y' * 10_000}\n  start_date: 2020-01-06\n")
    out = cli("validate", code=1).stdout
    assert f"{path}:2: role: must be at most 120 characters (found 'yyyy" in out
    assert len(out) < 500


def test_terminal_escapes_in_a_file_are_refused_and_never_echoed(data_dir):
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text('- id: merton-0001\n  role: "\\e[2J\\e]8;;http://x\\e\\\\Dev"\n  start_date: 2020-01-06\n')
    out = Cli(data_dir)("validate", code=1).stdout
    assert f"{path}:2: role: contains a control or invisible character (U+001B); use plain text on one line" in out
    assert "\x1b" not in out


@pytest.mark.parametrize("value", ["[red]Dev[/red]", "[link=x]Dev[/link]", "[bold"])
def test_rich_markup_in_values_prints_literally(data_dir, value):
    cli = Cli(data_dir)
    cli("add", "-b", "merton", "--role", value, "--start-date", "2020-03-02", "--ref", value)
    out = cli("list", "-b", "merton").stdout
    assert out.count(value) == 2


# --- privacy ----------------------------------------------------------------------------------------


CLEARLY_PERSONAL = [
    ("jo.bloggs@camden.gov.uk", "an e-mail address"),
    ("020 7946 0000", "a phone number"),
    ("+44 7700 900123", "a phone number"),
    ("AB 12 34 56 C", "a National Insurance number"),
    ("ce123456d", "a National Insurance number"),
]


@pytest.mark.parametrize("ref, kind", CLEARLY_PERSONAL)
def test_clearly_personal_data_is_refused_everywhere(data_dir, tmp_path, ref, kind):
    cli = Cli(data_dir)
    before = snapshot_tree(data_dir)
    refused = f"looks like {kind}; records hold no personal data"
    assert f"--ref: {refused}" in cli("add", "-b", "merton", *ADD, "--ref", ref, code=2).stderr
    assert f"--ref: {refused}" in cli("update", "hackney-0002", "--ref", ref, code=2).stderr
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(f"Role,Start date,Ref\nDev,02/03/2020,{ref}\n")
    assert f"row 2: ref: {refused}" in cli("import", str(sheet), "-b", "merton", code=1).stderr
    assert snapshot_tree(data_dir) == before
    path = data_dir / "apprentices" / "merton.yaml"
    path.write_text(f"- id: merton-0001\n  role: Dev\n  start_date: 2020-01-06\n  ref: '{ref}'\n")
    result = cli("validate", code=1)
    assert f"{path}:4: ref: {refused}" in result.stdout
    assert ref not in result.stdout  # the message does not repeat the personal data


def test_a_bare_run_of_digits_is_only_warned_about(data_dir):
    cli = Cli(data_dir)
    result = cli("add", "-b", "merton", *ADD, "--ref", "07700900123")
    assert "Warning: --ref: is a run of digits like a phone number" in result.stderr
    result = cli("validate")
    path = data_dir / "apprentices" / "merton.yaml"
    assert f"{path}:5: warning: merton-0001: ref is a run of digits like a phone number" in result.stdout
    assert "07700900123" not in result.stdout
    assert "1 warning(s)" in result.stdout


def test_opaque_refs_are_not_warned_about(data_dir):
    result = Cli(data_dir)("add", "-b", "merton", *ADD, "--ref", "APP-7F3K2")
    assert "Warning" not in result.stderr


@posix_only
def test_ctrl_c_at_a_prompt_exits_130(data_dir):
    before = snapshot_tree(data_dir)
    proc = subprocess.Popen(
        [sys.executable, "-m", "apprentrack", "--data-dir", str(data_dir), "add", "--interactive"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr.readline().startswith(b"Member boroughs: ")  # the borough prompt comes next
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate()
    assert proc.returncode == 130
    assert b"Interrupted: nothing was written." in err and b"Traceback" not in err
    assert snapshot_tree(data_dir) == before

"""Property tests: for any sequence of valid adds the reports agree with the records; for any text given to
add's options the result is a refusal that changes nothing, or a record that reads back as given."""

from __future__ import annotations

import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import TINY_BOROUGHS, Cli, snapshot_tree
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
START = date(2021, 1, 4)
MEMBERS = {"hackney", "camden"}  # croydon is not a member in TINY_BOROUGHS


def new_programme() -> tuple[tempfile.TemporaryDirectory, Cli]:
    folder = tempfile.TemporaryDirectory()
    root = Path(folder.name)
    (root / "apprentices").mkdir()
    (root / "boroughs.yaml").write_text(TINY_BOROUGHS)
    return folder, Cli(root)


hire = st.fixed_dictionaries(
    {
        "borough": st.sampled_from(["hackney", "camden", "croydon"]),
        "status": st.sampled_from(["pledged", "recruited", "in_post", "completed", "withdrawn"]),
        "start": st.integers(0, 120).map(lambda d: START + timedelta(days=d)),
        "length": st.integers(0, 400),
        "level": st.none() | st.integers(2, 7),
    }
)


@pytest.mark.slow
@SETTINGS
@given(hires=st.lists(hire, max_size=8), as_of=st.integers(0, 150).map(lambda d: START + timedelta(days=d)))
def test_status_and_list_agree_with_any_sequence_of_adds(hires, as_of):
    folder, cli = new_programme()
    with folder:
        for h in hires:
            args = ["add", "-b", h["borough"], "--role", "Dev", "--start-date", h["start"].isoformat()]
            args += ["--status", h["status"]]
            if h["status"] in ("completed", "withdrawn"):
                args += ["--end-date", (h["start"] + timedelta(days=h["length"])).isoformat()]
            if h["level"] is not None:
                args += ["--level", str(h["level"])]
            cli(*args)

        listed = json.loads(cli("list", "-f", "json").stdout)
        assert sorted((r["borough"], r["status"], r["start_date"], str(r["level"])) for r in listed) == sorted(
            (h["borough"], h["status"], h["start"].isoformat(), str(h["level"])) for h in hires
        )
        assert len({r["id"] for r in listed}) == len(hires)

        status = json.loads(cli("status", "--as-of", as_of.isoformat(), "-f", "json").stdout)
        counted = [h for h in hires if h["borough"] in MEMBERS and h["status"] != "pledged" and h["start"] <= as_of]
        assert status["counted"] == len(counted)
        assert status["remaining"] == max(10 - len(counted), 0)
        # Every borough's row, member or not, counts its own hires by the same rule; only members' rows
        # add up to the total. A non-member is listed only when it has a record that counts or a pledge.
        would_count = [h for h in hires if h["status"] != "pledged" and h["start"] <= as_of]
        rows = {row["slug"]: row for row in status["boroughs"]}
        for slug in ("hackney", "camden", "croydon"):
            mine = sum(h["borough"] == slug for h in would_count)
            pledged = sum(h["borough"] == slug and h["status"] == "pledged" for h in hires)
            if slug in MEMBERS or mine or pledged:
                assert rows[slug]["member"] is (slug in MEMBERS)
                assert (rows[slug]["counted"], rows[slug]["pledged"]) == (mine, pledged)
            else:
                assert slug not in rows
        assert sum(row["counted"] for row in rows.values() if row["member"]) == status["counted"]


@pytest.mark.slow
@settings(SETTINGS, max_examples=200)
@given(role=st.text(max_size=150), standard=st.text(max_size=20), ref=st.text(max_size=70))
@example(role="null", standard="yes", ref="~")
@example(role="- x: y", standard="&a *a", ref="!!python/object:os.system")
@example(role="'\"#%@`|>", standard="2020-01-01", ref="0x10")
@example(role="Café \u200d\ufeff", standard="\u2028", ref="\x85")
@example(role="Dev", standard="--data-dir=", ref="--data-dir")  # a value, never moved as the global option
def test_any_text_is_refused_unchanged_or_read_back_as_given(role, standard, ref):
    folder, cli = new_programme()
    with folder:
        before = snapshot_tree(cli.data_dir)
        args = ["add", "-b", "hackney", "--start-date", "2021-01-05", "--role", role, "--standard", standard]
        result = cli(*args, "--ref", ref, code=None)
        if result.exit_code != 0:
            assert result.exit_code in (1, 2)
            assert result.stderr.startswith(("Error: ", "Usage: ")), result.stderr
            assert snapshot_tree(cli.data_dir) == before
            return
        (record,) = json.loads(cli("list", "-f", "json").stdout)
        # Surrounding spaces are not kept; everything else is, exactly.
        assert (record["role"], record["standard"], record["ref"]) == (role.strip(), standard.strip(), ref.strip())
        cli("validate")

"""A final result is final: membership is judged at the deadline, pledges are never counted twice, and a
pace needed is never shown as 0 while one hire remains."""

from __future__ import annotations

import json


def status(cli, *args: str) -> dict:
    return json.loads(cli("status", *args, "-f", "json").stdout)


def test_a_borough_joining_after_the_deadline_cannot_turn_missed_into_met(tiny):
    tiny.write(
        "hackney", "".join(f"- {{id: hackney-{i:04d}, role: Dev, start_date: 2021-02-0{i}}}\n" for i in range(1, 10))
    )
    tiny.write("croydon", "- {id: croydon-0001, role: Dev, start_date: 2021-02-01}\n")
    before = status(tiny, "--as-of", "2021-04-30")
    assert (before["verdict_text"], before["counted"]) == ("missed by 1", 9)
    text = (tiny.data_dir / "boroughs.yaml").read_text()
    (tiny.data_dir / "boroughs.yaml").write_text(text + "    member_since: 2021-04-15\n")  # croydon joins late
    after = status(tiny, "--as-of", "2021-04-30")
    assert (after["verdict_text"], after["counted"], after["counted_at_deadline"]) == ("missed by 1", 9, 9)
    assert "croydon" not in {b["slug"] for b in after["boroughs"] if b["member"]}


def test_pledges_that_count_are_not_pipeline_too(tiny):
    text = (tiny.data_dir / "boroughs.yaml").read_text()
    (tiny.data_dir / "boroughs.yaml").write_text(
        text.replace(
            "  recent_weeks: 4\n", "  recent_weeks: 4\n  counts: [pledged, recruited, in_post, completed, withdrawn]\n"
        )
    )
    tiny.write("hackney", "- {id: hackney-0001, role: Dev, start_date: 2021-01-10, status: pledged}\n")
    data = status(tiny, "--as-of", "2021-02-01")
    assert (data["counted"], data["pipeline"], data["with_pipeline"], data["pledged_apart"]) == (1, 0, 1, 0)


def test_the_pace_needed_for_one_hire_is_never_zero(tiny):
    text = (tiny.data_dir / "boroughs.yaml").read_text()
    (tiny.data_dir / "boroughs.yaml").write_text(
        text.replace("  target: 10\n", "  target: 1\n").replace("  deadline: 2021-03-28\n", "  deadline: 2199-12-31\n")
    )
    data = status(tiny, "--as-of", "2021-02-01")
    assert data["remaining"] == 1 and data["pace_needed"] == 0.01  # 1 in about 9,300 weeks, rounded up
    assert "Pace needed 0.01 a week" in " ".join(tiny("status", "--as-of", "2021-02-01").stdout.split())

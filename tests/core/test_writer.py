"""The writer's in-place edit of a record (storage/writer.edit_record): the values that change are
replaced where they stand, a new key goes after the key before it in the fixed order, and every other
byte (comments, order, quoting, line endings, indentation) is as it was."""

from __future__ import annotations

from datetime import date

from programmes import record

from apprentrack.domain.words import Status
from apprentrack.storage.writer import edit_record

D = date


def test_an_edit_changes_only_what_it_must():
    text = (
        "# header\n- id: a-0001  # mine\n  role: Dev\n  start_date: 2021-01-05\n"
        "- id: a-0002\n  role: Ops\n  start_date: 2021-01-06\n"
    )
    before = record("a-0002", "2021-01-06", role="Ops")
    after = before._replace(status=Status.withdrawn, end_date=D(2021, 2, 1), role="Ops: lead")
    edited = edit_record(text, 1, before, after)
    assert edited == (
        "# header\n- id: a-0001  # mine\n  role: Dev\n  start_date: 2021-01-05\n- id: a-0002\n"
        "  role: 'Ops: lead'\n  start_date: 2021-01-06\n  status: withdrawn\n  end_date: 2021-02-01\n"
    )
    flow = "- {id: a-0002, role: Ops, start_date: 2021-01-06}\r\n"
    assert edit_record(flow, 0, before, before._replace(level=3)) == (
        "- {id: a-0002, role: Ops, level: 3, start_date: 2021-01-06}\r\n"
    )


def test_a_comment_after_a_value_stays_beside_it():
    before = record("a-0001", "2021-01-05", "in_post", level=4)
    after = before._replace(status=Status.completed, end_date=D(2021, 2, 1), level=5)
    text = "- id: a-0001\n  role: Dev\n  level: 4\n  start_date: 2021-01-05\n  status: in_post  # since Jan\n"
    assert edit_record(text, 0, before, after) == (
        "- id: a-0001\n  role: Dev\n  level: 5\n  start_date: 2021-01-05\n  status: completed  # since Jan\n"
        "  end_date: 2021-02-01\n"
    )


def test_the_last_line_without_a_newline_and_an_indent_of_its_own():
    before = record("a-0001", "2021-01-05", "in_post")
    after = before._replace(status=Status.completed, end_date=D(2021, 2, 1))
    text = "-   id: a-0001\n    role: Dev\n    start_date: 2021-01-05\n    status: in_post"
    assert edit_record(text, 0, before, after) == (
        "-   id: a-0001\n    role: Dev\n    start_date: 2021-01-05\n    status: completed\n    end_date: 2021-02-01\n"
    )


def test_two_keys_added_after_a_last_line_without_a_newline_leave_no_blank_line():
    """Each key added used to bring its own leading newline there: a blank line between them (as `update ID
    --status withdrawn --end-date D --ref R` wrote on such a file)."""
    before = record("a-0001", "2021-01-05", "in_post")
    after = before._replace(status=Status.completed, end_date=D(2021, 2, 1), ref="yes")
    text = "- id: a-0001\n  role: Dev\n  start_date: 2021-01-05\n  status: in_post"
    assert edit_record(text, 0, before, after) == (
        "- id: a-0001\n  role: Dev\n  start_date: 2021-01-05\n  status: completed\n  end_date: 2021-02-01\n"
        "  ref: 'yes'\n"  # quoted: a bare yes is YAML's true
    )

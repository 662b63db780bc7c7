"""The record rules, in one place (domain/record.py): every field's check and its message, the rules
between a status and its dates, the order problems are listed in, the moves a status may make, and what
makes two records the same hire. Every way a record comes in (a file, add, update, import, a form) is
checked by these; the command-line tests check that each way names the field, line or option."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import apprentrack.domain.record
from apprentrack.domain.errors import InvalidValue, RecordError
from apprentrack.domain.record import (
    RECRUITED_AHEAD,
    Record,
    check_field,
    check_record,
    check_transition,
    hire_key,
    ref_key,
)
from apprentrack.domain.words import Status

D = date
TODAY = D(2021, 2, 1)
FIELDS = "id, role, standard, level, status, start_date, end_date, ref, logged"
VALID = {"id": "hackney-0001", "role": "Dev", "start_date": D(2021, 1, 5)}


def issues(**fields: object) -> list[tuple[str, str]]:
    """The (field, message) pairs check_record refuses these fields with."""
    with pytest.raises(RecordError) as refused:
        check_record(fields, TODAY)
    return refused.value.issues


def test_a_valid_record_is_read_with_its_defaults():
    assert check_record(VALID, TODAY) == Record(
        "hackney-0001", "Dev", None, None, D(2021, 1, 5), Status.recruited, None, None
    )
    given = {**VALID, "role": " Dev ", "start_date": "05/01/2021", "status": "completed", "end_date": "2021-01-31"}
    given |= {"level": 4, "standard": "Software developer", "ref": "HR-1"}
    assert check_record(given, TODAY) == Record(
        "hackney-0001", "Dev", "Software developer", 4, D(2021, 1, 5), Status.completed, D(2021, 1, 31), "HR-1"
    )
    assert check_record({**VALID, "level": None, "ref": None}, TODAY).level is None  # null: as if not given


@pytest.mark.parametrize(
    "fields, expected",
    [
        (
            {**VALID, "name": "Jo"},
            [
                (
                    "name",
                    "unknown field (fields are: id, role, standard, level, status, start_date, end_date, ref, logged)",
                )
            ],
        ),
        ({}, [(f, "required, but missing") for f in ("id", "role", "start_date")]),
        ({**VALID, "id": "Hackney-1"}, [("id", "is not in the right form (found 'Hackney-1')")]),
        ({**VALID, "id": "h" * 80 + "-0001"}, [("id", "must be at most 80 characters (found '" + "h" * 56 + "...)")]),
        ({**VALID, "role": 3}, [("role", "must be text (found 3)")]),
        ({**VALID, "role": " "}, [("role", "must not be empty")]),
        ({**VALID, "role": "x" * 121}, [("role", "must be at most 120 characters (found '" + "x" * 56 + "...)")]),
        ({**VALID, "ref": "x" * 61}, [("ref", "must be at most 60 characters (found '" + "x" * 56 + "...)")]),
        ({**VALID, "level": 9}, [("level", "must be at most 7 (found 9)")]),
        ({**VALID, "level": 1}, [("level", "must be at least 2 (found 1)")]),
        ({**VALID, "level": "4"}, [("level", "must be a whole number (found '4')")]),
        (
            {**VALID, "status": "hired"},
            [
                (
                    "status",
                    "must be one of: 'pledged', 'recruited', 'in_post', 'completed' or 'withdrawn' (found 'hired')",
                )
            ],
        ),
        (
            {**VALID, "start_date": "31/02/2020"},
            [("start_date", "'31/02/2020' is not a real date (day is out of range for month)")],
        ),
        ({**VALID, "start_date": D(1899, 12, 31)}, [("start_date", "'1899-12-31' is outside the years 1900 to 2199")]),
        (
            {**VALID, "start_date": None},
            [("start_date", "expected a date, YYYY-MM-DD (2020-03-11) or DD/MM/YYYY (11/03/2020); found None")],
        ),
        (
            {**VALID, "ref": "a\x1bb"},
            [("ref", "contains a control or invisible character (U+001B); use plain text on one line")],
        ),
        (
            {**VALID, "ref": "jo@example.org"},
            [
                (
                    "ref",
                    "looks like an e-mail address; records hold no personal data: no names, e-mail addresses, "
                    "phone or National Insurance numbers",
                )
            ],
        ),
    ],
)
def test_each_rule_of_a_field_and_its_message(fields, expected):
    assert issues(**fields) == expected


@pytest.mark.parametrize(
    "fields, expected",
    [
        (
            {**VALID, "start_date": D(2021, 3, 5), "status": "in_post"},
            (
                "start_date",
                "2021-03-05 is in the future; an 'in_post' record has started (one to start later is 'recruited', "
                "or a 'pledged' place)",
            ),
        ),
        (
            {**VALID, "start_date": D(2022, 2, 3)},  # recruited (the default), more than a year ahead
            (
                "start_date",
                "2022-02-03 is in the future, more than a year ahead; a recruited hire starts by 2022-02-02 (a "
                "place further ahead is 'pledged')",
            ),
        ),
        ({**VALID, "status": "completed"}, ("end_date", "a 'completed' record needs an end_date")),
        ({**VALID, "status": "withdrawn"}, ("end_date", "a 'withdrawn' record needs an end_date")),
        (
            {**VALID, "end_date": D(2021, 1, 6)},
            ("end_date", "only completed or withdrawn records have an end_date, not 'recruited' ones"),
        ),
        (
            {**VALID, "status": "withdrawn", "end_date": D(2021, 1, 4)},
            ("end_date", "end_date 2021-01-04 is before start_date 2021-01-05"),
        ),
        (
            {**VALID, "status": "completed", "end_date": D(2021, 2, 2)},
            ("end_date", "2021-02-02 is in the future; a completed or withdrawn record ends on a day that has passed"),
        ),
    ],
)
def test_the_rules_between_a_status_and_its_dates(fields, expected):
    assert issues(**fields) == [expected]


def test_a_hire_to_start_later_needs_its_logged_day_or_it_would_never_show_as_starting_later():
    later = {**VALID, "start_date": D(2021, 3, 1)}  # recruited, a month ahead of TODAY
    assert issues(**later) == [
        ("logged", "a hire recruited to start later needs the day it was logged, e.g. 'logged: 2021-02-01' "
                   "(add and import write it)")
    ]  # fmt: skip
    assert check_record({**later, "logged": D(2021, 1, 20)}, TODAY).logged == D(2021, 1, 20)
    assert check_record({**later, "status": "pledged"}, TODAY).logged is None  # an expected start, no hire yet


def test_a_pledged_place_may_name_an_expected_start_and_today_is_not_the_future():
    assert check_record({**VALID, "start_date": D(2021, 6, 1), "status": "pledged"}, TODAY).start_date == D(2021, 6, 1)
    assert check_record({**VALID, "start_date": TODAY}, TODAY).start_date == TODAY
    assert check_record({**VALID, "status": "withdrawn", "end_date": TODAY}, TODAY).end_date == TODAY


def test_every_problem_is_named_at_once_in_the_order_fields_are_listed():
    found = issues(id="Hackney-1", role=3, start_date="31/02/2020", level=9, status="hired", colour="red")
    assert [field for field, _ in found] == ["id", "role", "level", "status", "start_date", "colour"]


def test_a_date_rule_waits_for_the_dates_own_check():
    """An end date that is not a date is named once, for what it is, not also for the status's rule."""
    assert issues(**VALID, status="in_post", end_date="soon") == [
        ("end_date", "'soon' is not a date; write YYYY-MM-DD (2020-03-11) or DD/MM/YYYY (11/03/2020)")
    ]


def test_one_value_is_checked_by_every_rule_that_bears_on_it_at_a_prompt():
    assert check_field("role", " Dev ", {}, TODAY) == "Dev"
    with pytest.raises(InvalidValue, match=r"^end_date 2021-01-01 is before start_date 2021-01-05$"):
        check_field("end_date", D(2021, 1, 1), {"start_date": D(2021, 1, 5), "status": "completed"}, TODAY)
    with pytest.raises(InvalidValue, match="is in the future"):
        check_field("start_date", D(2021, 3, 1), {"status": Status.in_post}, TODAY)
    assert check_field("start_date", D(2021, 3, 1), {}, TODAY) == D(2021, 3, 1)  # recruited, to start later
    assert check_field("start_date", D(2021, 3, 1), {"status": Status.pledged}, TODAY) == D(2021, 3, 1)


def test_a_remembered_role_is_the_same_answer_and_a_refused_one_is_refused_each_time(monkeypatch):
    """Roles and standards remember the values they passed (a programme has a few, typed thousands of
    times): the answer is the one the rules give, a refusal is never remembered as a pass, and the limit
    a value passed under is part of what is remembered."""
    for _ in range(2):
        assert check_record({**VALID, "role": " Dev "}, TODAY).role == "Dev"
        assert issues(**{**VALID, "role": "jo@example.org"}) == [
            (
                "role",
                "looks like an e-mail address; records hold no personal data: no names, e-mail addresses, "
                "phone or National Insurance numbers",
            )
        ]
        assert issues(**{**VALID, "standard": ["Software developer"]}) == [
            ("standard", "must be text (found ['Software developer'])")
        ]
    monkeypatch.setitem(apprentrack.domain.record.TEXT_LIMITS, "role", 2)
    assert issues(**{**VALID, "role": " Dev "}) == [("role", "must be at most 2 characters (found 'Dev')")]


def test_transitions_move_forward_only():
    check_transition(Status.pledged, Status.recruited)
    check_transition(Status.recruited, Status.in_post)
    check_transition(Status.in_post, Status.withdrawn)
    check_transition(Status.completed, Status.completed)  # no change is no move
    with pytest.raises(InvalidValue, match=r"^a record cannot go back from 'in_post' to 'recruited'$"):
        check_transition(Status.in_post, Status.recruited)
    with pytest.raises(InvalidValue, match=r"^'withdrawn' is final: the record cannot become 'completed'$"):
        check_transition(Status.withdrawn, Status.completed)


def test_the_same_hire_and_the_same_ref():
    one = {"role": "Software Developer ", "start_date": D(2021, 1, 5), "level": 4, "standard": "Software developer"}
    assert hire_key(one) == hire_key({**one, "role": "software developer", "standard": " SOFTWARE DEVELOPER"})
    assert hire_key(one) != hire_key({**one, "level": 3})
    assert hire_key(one) != hire_key({**one, "start_date": D(2021, 1, 6)})
    assert hire_key({"role": "Dev", "start_date": D(2021, 1, 5)}) == ("dev", D(2021, 1, 5), None, None)
    assert ref_key("  HR-0042 ") == ref_key("hr-0042") == "hr-0042"


# Any fields at all: the kinds a file, a form or a spreadsheet gives, near and across every rule's edge.
words = st.from_regex(r"[A-Za-z](?:[A-Za-z0-9 _./()&+-]{0,70}[A-Za-z0-9_./()&+-])?", fullmatch=True)
personal = st.sampled_from(["Tel 020 7946 0000", "AB 12 34 56 C", "Ref 07700900123", "QQ123456C", "Dev 2"])
fields = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["hackney-0001", "hackney-12345", "Hackney-0001", "hackney-01", "x" * 77 + "-0001"]),
        "role": words | personal,
        "start_date": st.dates(date(2019, 1, 1), date(2021, 12, 31)),
    },
    optional={
        "standard": words | personal,
        "level": st.integers(1, 8),
        "status": st.sampled_from(["pledged", "recruited", "in_post", "completed", "withdrawn", "in post", "done"]),
        "end_date": st.dates(date(2019, 1, 1), date(2022, 12, 31)),
        "ref": words | personal,
    },
) | st.fixed_dictionaries(  # anything at all in any field, missing fields, unknown ones, the years' edges
    {},
    optional={
        "id": st.sampled_from(["hackney-0001", "hackney-01"]),
        "role": words | st.integers(0, 9),
        "start_date": st.dates(date(1899, 12, 1), date(2200, 1, 31)) | st.sampled_from(["2020-02-30"]),
        "end_date": st.dates(date(1899, 12, 1), date(2200, 1, 31)) | words,
        "status": words,
        "level": words,
        "name": words,
    },
)


@pytest.mark.slow
@settings(max_examples=500, deadline=None)  # in memory; 500 keep the whole suite no slower than before
@given(fields)
def test_any_fields_make_a_record_that_reads_back_or_a_refusal_naming_each_field(item):
    try:
        found = check_record(item, TODAY)
    except RecordError as exc:
        assert exc.issues
        named = [field for field, _ in exc.issues]
        assert len(named) == len(set(named))  # one message a field
        # the dates' rules name end_date, and logged (a hire to start later needs it)
        assert set(named) <= {*item, "id", "role", "start_date", "end_date", "logged"}
        for field, message in exc.issues:
            if "looks like" in message:  # personal data: never repeated
                assert str(item[field]) not in message
    else:
        assert check_record(found.as_dict(), TODAY) == found  # what is written reads back as it was
        assert found.level is None or 2 <= found.level <= 7
        assert (
            found.start_date <= TODAY
            or found.status is Status.pledged
            or (found.status is Status.recruited and found.start_date <= TODAY + RECRUITED_AHEAD)
        )
        assert (found.end_date is not None) is (found.status in (Status.completed, Status.withdrawn))
        assert found.logged is not None or found.status is not Status.recruited or found.start_date <= TODAY

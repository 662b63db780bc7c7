"""Dates as people write them (domain/dates): ISO or UK day-first, anything ambiguous refused with an
example; ISO weeks; the last complete week; the public sector target's April-to-March year."""

from __future__ import annotations

from datetime import date

import pytest

from apprentrack.domain.dates import (
    last_complete_week,
    long_date,
    parse_date,
    parse_week,
    target_year,
    week_label,
    week_of,
)
from apprentrack.domain.errors import InvalidValue

D = date


@pytest.mark.parametrize("text", ["2020-03-11", "11/03/2020", " 11/3/2020 ", "2020-3-11", D(2020, 3, 11)])
def test_iso_and_uk_dates_mean_the_same_day(text):
    assert parse_date(text) == D(2020, 3, 11)


@pytest.mark.parametrize(
    "text, message",
    [
        ("11/03/20", "'11/03/20' has a two-digit year; write it in full: 11/03/2020"),
        (
            "03/25/2020",
            "'03/25/2020' looks like a US month/day date; dates here are day first: 25/03/2020 or 2020-03-25",
        ),
        ("11 March", "'11 March' is not a date; write YYYY-MM-DD (2020-03-11) or DD/MM/YYYY (11/03/2020)"),
        ("2020-02-30", "'2020-02-30' is not a real date (day is out of range for month)"),
        ("13/25/2020", "'13/25/2020' is not a real date (month must be in 1..12)"),
        ("0001-01-01", "'0001-01-01' is outside the years 1900 to 2199"),
        ("01/01/2200", "'01/01/2200' is outside the years 1900 to 2199"),
    ],
)
def test_a_date_that_cannot_be_understood_is_refused_with_an_example(text, message):
    with pytest.raises(InvalidValue) as refused:
        parse_date(text)
    assert str(refused.value) == message


def test_weeks():
    assert parse_week("2020-W11") == parse_week("2020w11") == D(2020, 3, 9)
    assert week_label(D(2020, 3, 9)) == "2020-W11"
    assert week_label(D(2021, 1, 4)) == "2021-W01" and week_label(D(2021, 1, 3)) == "2020-W53"
    assert week_of(D(2020, 3, 15)) == week_of(D(2020, 3, 9)) == D(2020, 3, 9)
    for text, message in [
        ("2020-W54", "'2020-W54': 2020 has no week 54"),
        ("11", "'11' is not an ISO week; write YYYY-Www, e.g. 2020-W11 (9 to 15 March 2020)"),
        ("0001-W01", "'0001-W01' is outside the years 1900 to 2199"),
    ]:
        with pytest.raises(InvalidValue) as refused:
            parse_week(text)
        assert str(refused.value) == message


def test_dates():
    assert last_complete_week(D(2020, 3, 16)) == D(2020, 3, 9)
    assert last_complete_week(D(2020, 3, 15)) == D(2020, 3, 2)  # a Sunday: its week has not ended
    assert (target_year(D(2020, 3, 31)), target_year(D(2020, 4, 1))) == (2019, 2020)
    assert long_date(D(2020, 3, 1)) == "1 March 2020"

"""What a record's text may hold (domain/text, domain/escape): plain text on one line, nothing clearly
personal, and a message that never repeats what it refuses nor sends a terminal what it would act on."""

from __future__ import annotations

import pytest

from apprentrack.domain.errors import InvalidValue
from apprentrack.domain.escape import shown
from apprentrack.domain.text import looks_like_a_phone_number, personal_data_kind, plain_text, record_text


def test_plain_text_is_stripped_and_refuses_what_is_not_text():
    assert plain_text("  Café, Łódź & 東京 ") == "Café, Łódź & 東京"
    for bad, code in [("a\x1b[2Jb", "U+001B"), ("De\u200dv", "U+200D"), ("a\u2028b", "U+2028"), ("a\tb", "U+0009")]:
        with pytest.raises(InvalidValue) as refused:
            plain_text(bad)
        assert str(refused.value) == f"contains a control or invisible character ({code}); use plain text on one line"


@pytest.mark.parametrize(
    "value, kind",
    [
        ("jo.bloggs@camden.gov.uk", "an e-mail address"),
        ("020 7946 0000", "a phone number"),
        ("+44 7700 900123", "a phone number"),
        ("AB 12 34 56 C", "a National Insurance number"),
        ("ce123456d", "a National Insurance number"),
        ("07700900123", None),  # a bare run of digits may be an opaque reference: only warned about
        ("QQ123456C", None),  # QQ is never the start of a National Insurance number
        ("APP-7F3K2", None),
        ("Dev 2", None),
    ],
)
def test_clearly_personal_data_is_named_by_its_kind(value, kind):
    assert personal_data_kind(value) == kind


def test_a_refusal_says_what_records_hold_and_never_the_value():
    with pytest.raises(InvalidValue) as refused:
        record_text("call 020 7946 0000")
    assert str(refused.value) == (
        "looks like a phone number; records hold no personal data: no names, e-mail addresses, phone or "
        "National Insurance numbers"
    )
    assert "7946" not in str(refused.value)


def test_a_bare_run_of_digits_only_looks_like_a_phone_number():
    assert looks_like_a_phone_number("07700900123") and looks_like_a_phone_number("0207946000")
    assert not looks_like_a_phone_number("020 7946 0000")  # clearly one: refused, not warned about
    assert not looks_like_a_phone_number("12345") and not looks_like_a_phone_number(None)


def test_what_a_terminal_would_act_on_is_shown_escaped():
    assert shown("evil\x1b[2J.yaml") == "evil\\u001b[2J.yaml"
    assert shown("Kensington & Chelsea, Café") == "Kensington & Chelsea, Café"

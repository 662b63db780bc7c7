"""What a record's text may hold: plain text on one line, and nothing that is clearly personal data (an
e-mail address, a National Insurance number, a phone number). Every path that takes text from a person or
a file (add, update, import, a form, validate) checks it here."""

from __future__ import annotations

import re

from .errors import InvalidValue
from .escape import not_text

# The one message for personal data in a record: it says what records hold, never the value found.
NO_PERSONAL_DATA = "records hold no personal data: no names, e-mail addresses, phone or National Insurance numbers"


def plain_text(value: str) -> str:
    """Strip surrounding space; refuse what is not plain text on one line (see escape.not_text)."""
    value = value.strip()
    bad = not_text().search(value)
    if bad is not None:
        code = f"U+{ord(bad.group()):04X}"
        raise InvalidValue(f"contains a control or invisible character ({code}); use plain text on one line")
    return value


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)
# A National Insurance number: two letters (not D, F, I, Q, U or V; the second not O), six digits, A to D.
_NINO = re.compile(r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE)
_PHONE = re.compile(r"(?:\+44|\b0)[\d\s()-]{8,}\d")
_DIGIT = re.compile(r"\d")


def _phone(value: str) -> str | None:
    """'clear' for a UK phone number written as one (+44, or spaced groups), 'likely' for a bare run of
    10 or 11 digits starting with 0 (a reference can look like that), None otherwise."""
    for match in _PHONE.finditer(value):
        text = match.group()
        digits = re.sub(r"\D", "", text)
        if text.startswith("+44"):
            if 9 <= len(digits) - 2 <= 10:
                return "clear"
        elif 10 <= len(digits) <= 11:
            return "clear" if re.search(r"[\s()-]", text) else "likely"
    return None


def personal_data_kind(value: str) -> str | None:
    """What clearly personal data the text holds ('an e-mail address', ...), or None: such a value is
    refused everywhere (add, update, import, validate)."""
    if len(value) > 1000:  # far over any field's length limit, which refuses it: spare the searches
        return None
    if "@" in value and _EMAIL.search(value):
        return "an e-mail address"
    if _DIGIT.search(value) is None:  # each of the other kinds has digits
        return None
    if _NINO.search(value):
        return "a National Insurance number"
    if _phone(value) == "clear":
        return "a phone number"
    return None


def record_text(value: str) -> str:
    """A record's text as it is kept: plain text on one line, with no clearly personal data (the message
    does not repeat the value)."""
    value = plain_text(value)
    kind = personal_data_kind(value)
    if kind is not None:
        raise InvalidValue(f"looks like {kind}; {NO_PERSONAL_DATA}")
    return value


def looks_like_a_phone_number(value: str | None) -> bool:
    """A bare run of 10 or 11 digits starting with 0: maybe a phone number, maybe an opaque reference (a
    warning, not a refusal)."""
    if not value:  # most fields are empty: no search for them
        return False
    return _phone(value) == "likely"

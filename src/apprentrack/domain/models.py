"""The checks of boroughs.yaml at the edge: pydantic models of the programme and of a borough, which make
the plain Programme and Borough (programme.py) once every field passes, and pydantic's errors in plain
words (field_issues). Models use extra="forbid", so an unknown field is refused by name; the rules on
text and dates are the ones records use (text.py, dates.py). Imported only when boroughs.yaml is read
afresh or a programme is made: pydantic takes a while to load.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from .dates import DATE_HELP, in_range, parse_date
from .errors import InvalidValue, RecordError
from .programme import Borough, Programme
from .text import record_text
from .words import COUNTED_BY_DEFAULT, Status


def whole(pattern: str) -> str:
    """A pattern that must match the whole value: pydantic's `pattern` matches anywhere in the text, so
    without anchors '../../escaped' would pass as a slug."""
    return f"^(?:{pattern})$"


Text80 = Annotated[str, Field(min_length=1, max_length=80)]
Text120 = Annotated[str, Field(min_length=1, max_length=120)]
# A bound on the figures of boroughs.yaml (the same as `init`'s on a target): a programme of more than a
# billion places is a typing slip, and a number beyond a float's range would end the arithmetic in an
# OverflowError (a pace, a share of the target).
MAX_FIGURE = 10**9
Count = Annotated[int, Field(strict=True, ge=0, le=MAX_FIGURE)]
Positive = Annotated[int, Field(strict=True, gt=0, le=MAX_FIGURE)]


def _date_or_none(value: object) -> object:
    """pydantic 'before' hook: dates as YAML gives them, or text in either accepted form; nothing else."""
    if value is None:
        return value
    if isinstance(value, date) and not hasattr(value, "hour"):
        return in_range(value)
    if isinstance(value, str):
        return parse_date(value)
    raise InvalidValue(f"expected a date, {DATE_HELP}; found {value!r}")


def _text_or_other(value: object) -> object:
    """Text as a record's text must be (record_text); anything else is left to the field's type."""
    return record_text(value) if isinstance(value, str) else value


MEMBER_WORD = re.compile(r"[A-Za-z]+(?: [A-Za-z]+){0,3}")  # in the singular: the plural is made (words.Noun)


class ProgrammeFields(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    name: Text120
    target: Positive
    start: date
    deadline: date
    counts: tuple[Status, ...] = COUNTED_BY_DEFAULT
    recent_weeks: Annotated[int, Field(strict=True, gt=0, le=104)] = 8
    stale_after_weeks: Annotated[int, Field(strict=True, gt=0, le=520)] = 12
    # The word for the members in headings and messages: 'council', 'NHS trust', 'fire authority'.
    member_word: Annotated[str, Field(strict=True)] = "borough"

    _dates = field_validator("start", "deadline", mode="before")(_date_or_none)
    _clean_text = field_validator("name", mode="before")(_text_or_other)

    @field_validator("member_word")
    @classmethod
    def _a_word(cls, value: str) -> str:
        if not MEMBER_WORD.fullmatch(value) or len(value) > 40:
            shown = repr(value) if len(value) <= 60 else repr(value[:57] + "...")
            raise InvalidValue(f"is not a word for the members (found {shown}): e.g. council, NHS trust, organisation")
        return value

    @field_validator("deadline")
    @classmethod
    def _after_start(cls, value: date, info: ValidationInfo) -> date:
        start = info.data.get("start")
        if start is not None and value <= start:
            raise InvalidValue(f"deadline {value} is not after start {start}")
        return value

    def checked(self) -> Programme:
        return Programme(**dict(self))


# The ONS GSS code of a local authority district: E06 unitary, E07 non-metropolitan district, E08
# metropolitan district, E09 London borough, W06 Welsh unitary, S12 Scottish council area, N09 Northern
# Ireland district; then six digits.
DISTRICT_CODE = re.compile(r"(?:E0[6-9]|W06|S12|N09)\d{6}")
CODE_HELP = (
    "a local authority's ONS GSS code is E06, E07, E08, E09, W06, S12 or N09 then six digits, e.g. E08000003; "
    "a body that is not a council has no code"
)


class BoroughFields(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    slug: Annotated[str, Field(pattern=whole(r"[a-z]+(?:-[a-z]+)*"), max_length=60)]
    name: Text80
    code: Annotated[str, Field(strict=True)] | None = None  # a body that is not a council has none
    area: Annotated[Literal["inner", "outer"] | None, Field(validate_default=True)] = None
    member_since: date | None = None
    pledge: Count | None = None
    headcount: Positive | None = None
    aliases: tuple[Text80, ...] = ()

    _dates = field_validator("member_since", mode="before")(_date_or_none)
    _clean_text = field_validator("name", mode="before")(_text_or_other)

    @field_validator("code")
    @classmethod
    def _district_code(cls, value: str | None) -> str | None:
        if value is not None and not DISTRICT_CODE.fullmatch(value):
            found = repr(value) if len(value) <= 60 else repr(value[:57] + "...")
            raise InvalidValue(f"is not in the right form (found {found}): {CODE_HELP}")
        return value

    @field_validator("area")
    @classmethod
    def _london_area(cls, value: str | None, info: ValidationInfo) -> str | None:
        """inner/outer are London's categories (as ONS statistics use them): a London borough has one,
        nothing else does."""
        if "code" not in info.data:  # the code itself is wrong: said already
            return value
        london = (info.data["code"] or "").startswith("E09")
        if london and value is None:
            raise InvalidValue("required for a London borough: inner or outer, as ONS statistics use them")
        if not london and value is not None:
            raise InvalidValue(f"inner and outer are London's categories; leave area out for {cls._what(info)}")
        return value

    @staticmethod
    def _what(info: ValidationInfo) -> str:
        code = info.data.get("code")
        return code if code else "a body that is not a council"

    @field_validator("aliases", mode="before")
    @classmethod
    def _plain_aliases(cls, value: object) -> object:
        return [_text_or_other(v) for v in value] if isinstance(value, list | tuple) else value

    def checked(self) -> Borough:
        return Borough(**dict(self))


def field_issues(exc: ValidationError, model: type[BaseModel]) -> list[tuple[str, str]]:
    """pydantic's errors as (field, message) in plain words, the message reading after 'field: '. The
    field is '' when the item itself is wrong (not a mapping of fields)."""
    out = []
    for err in exc.errors():
        loc = err["loc"]
        field = ".".join(map(str, loc))
        kind, ctx = err["type"], err.get("ctx", {})
        found = repr(err["input"])
        found = found if len(found) <= 60 else found[:57] + "..."
        if not loc:
            message = f"expected fields (key: value), found {found}"
        elif kind == "missing":
            message = "required, but missing"
        elif kind == "extra_forbidden":
            message = f"unknown field (fields are: {', '.join(model.model_fields)})"
        elif kind == "value_error":
            message = str(ctx["error"])
        else:
            message = _PLAIN.get(kind, err["msg"]).format(**ctx) + (f" (found {found})" if err["input"] != "" else "")
        out.append((field, message))
    return out


# pydantic's error types in the tool's own words.
_PLAIN = {
    "less_than_equal": "must be at most {le}",
    "greater_than_equal": "must be at least {ge}",
    "greater_than": "must be more than {gt}",
    "string_too_short": "must not be empty",
    "string_too_long": "must be at most {max_length} characters",
    "string_type": "must be text",
    "string_pattern_mismatch": "is not in the right form",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "enum": "must be one of: {expected}",
    "literal_error": "must be one of: {expected}",
    "date_type": "must be a date",
    "tuple_type": "must be a list",
    "list_type": "must be a list",
}


def checked_programme(fields: dict[str, Any]) -> Programme:
    """A programme from fields typed by a user (init), or a RecordError naming each field."""
    try:
        return ProgrammeFields.model_validate(fields).checked()
    except ValidationError as exc:
        issues = field_issues(exc, ProgrammeFields)
        raise RecordError([(field or "programme", message) for field, message in issues]) from None

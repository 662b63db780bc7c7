"""Hires logged from a web form: the GitHub issue forms (generated from the programme's boroughs and the
shipped standards), and what GitHub writes for a filled form read back into `add` and `update`'s options.
Nothing here runs anything or writes anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..domain.programme import Registry
from ..domain.words import BOROUGH, Noun, Status

NO_RESPONSE = "_No response_"
# The tick-box's label: part of the form's contract with issues already open (the intake reads it back).
PERSONAL_DATA_TICK = "This form holds no name, e-mail or other personal data"
ADD_LABEL, UPDATE_LABEL = "new-apprentice", "apprentice-update"
FORM_FILES = {"add": "new-apprentice.yml", "update": "apprentice-update.yml"}
STATUSES = [s.value.replace("_", " ") for s in Status]  # as people write them: "in post"


@dataclass(frozen=True)
class Field:
    option: str  # add's or update's option, e.g. "start_date"
    label: str  # the form's label: what GitHub writes as '### Label'
    required: bool = False


ADD_FIELDS = (
    Field("borough", "Borough", True),
    Field("role", "Role", True),
    Field("start_date", "Start date", True),
    Field("status", "Status", True),
    Field("level", "Level"),
    Field("standard", "Apprenticeship standard"),
    Field("ref", "Your borough's reference"),
    Field("end_date", "End date"),
)
UPDATE_FIELDS = (
    Field("record_id", "Record id", True),
    Field("status", "New status", True),
    Field("end_date", "End date"),
)
FIELDS = {"add": ADD_FIELDS, "update": UPDATE_FIELDS}


def fields_of(kind: str, noun: Noun = BOROUGH) -> tuple[Field, ...]:
    """The form's fields, labelled in the programme's word ('Council', "Your council's reference")."""
    named = {"borough": noun.One, "ref": f"Your {noun.one}'s reference"}
    return tuple(Field(f.option, named.get(f.option, f.label), f.required) for f in FIELDS[kind])


# ------------------------------------------------------------------------------ reading a filled form


def read_form(text: str) -> dict[str, str | None]:
    """What GitHub writes for an issue form: '### Label', a blank line, the value (several lines for a
    textarea; '_No response_' when left empty), by label. CRLF and stray spaces are forgiven."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        heading = re.fullmatch(r"###\s+(.+?)\s*", line)
        if heading:
            current = sections.setdefault(heading.group(1), [])
        elif current is not None:
            current.append(line)
    values: dict[str, str | None] = {}
    for label, lines in sections.items():
        value = "\n".join(lines).strip()
        values[label] = None if value in ("", NO_RESPONSE) else value
    return values


def _ticked(value: str | None, option: str) -> bool:
    return value is not None and any(
        re.fullmatch(r"-\s*\[[xX]\]\s*(.+?)\s*", line) and option in line for line in value.splitlines()
    )


def form_options(text: str, kind: str, noun: Noun = BOROUGH) -> tuple[dict[str, str | None], list[str]]:
    """The options of `add` (kind 'add') or `update` that a filled form gives, and a problem a field for
    what is missing or not ticked. A field is read by its label in the programme's word, or by London's
    (an issue opened from a form made before the word was set)."""
    values = read_form(text)
    problems: list[str] = []
    options: dict[str, str | None] = {}
    for field, london in zip(fields_of(kind, noun), FIELDS[kind], strict=True):
        value = values.get(field.label, values.get(london.label))
        if value is not None and "\n" in value:
            problems.append(f"{field.label}: one line only")
        if field.required and value is None:
            problems.append(f"{field.label}: required; fill it in")
        options[field.option] = value
    if kind == "add" and not _ticked(values.get("Personal data"), PERSONAL_DATA_TICK):
        problems.append(f"Personal data: tick '{PERSONAL_DATA_TICK}' (and make it true)")
    return options, problems


def in_form_words(message: str, kind: str, noun: Noun = BOROUGH) -> str:
    """A message about options ('--start-date: ...', 'start_date: ...') in the form's words ('Start date: ...')."""
    for field in fields_of(kind, noun):
        message = re.sub(rf"(?<![\w-])--{field.option.replace('_', '-')}(?![\w-])", field.label, message)
        if message.startswith(f"{field.option}:"):
            message = field.label + message[len(field.option) :]
    return message


# ------------------------------------------------------------------------------------- the forms


def forms(registry: Registry, standards: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The two issue forms, as data for YAML: file name -> form."""
    boroughs = sorted(b.name for b in registry.boroughs.values())
    noun = registry.noun
    label = {f.option: f.label for f in fields_of("add", noun)}
    tick = {
        "type": "checkboxes",
        "id": "personal_data",
        "attributes": {"label": "Personal data", "options": [{"label": PERSONAL_DATA_TICK, "required": True}]},
    }
    note = (
        f"Use this form to log a hire in your {noun.one}'s records: a workflow checks it, runs `apprentrack add` "
        f"and opens a pull request for review. Only the people listed for your {noun.one}'s file in "
        "`.github/CODEOWNERS` can add to it. **No names, e-mail addresses or other personal data**: an "
        "apprentice is a role, a date and your own reference."
    )
    add_body: list[dict[str, Any]] = [
        {"type": "markdown", "attributes": {"value": note}},
        _dropdown("borough", label["borough"], boroughs, True, f"The {noun.one} that employs the apprentice."),
        _input("role", "Role", True, f"The job, as your {noun.one} calls it.", "Software Developer"),
        _input("start_date", "Start date", True, "The first day, as DD/MM/YYYY.", "02/11/2020"),
        _dropdown("status", "Status", STATUSES, True, "Where the apprentice is now.", STATUSES.index("recruited")),
        _dropdown("level", "Level", [str(n) for n in range(2, 8)], False, "The apprenticeship level, if known."),
        _dropdown("standard", "Apprenticeship standard", [s["name"] for s in standards], False, "If known."),
        _input("ref", label["ref"], False, "Your own opaque reference: never a name.", "HR-2020-117"),
        _input("end_date", "End date", False, "Only for completed or withdrawn: the last day, DD/MM/YYYY.", ""),
        tick,
    ]
    update_note = (
        "Use this form to record a change of status (in post, completed, withdrawn) for a record already "
        "logged; its id is in the pull request that added it, or in `apprentrack list`."
    )
    update_body: list[dict[str, Any]] = [
        {"type": "markdown", "attributes": {"value": update_note}},
        _input("record_id", "Record id", True, "The record's id.", "hackney-0007"),
        _dropdown("status", "New status", STATUSES, True, "Where the apprentice is now."),
        _input("end_date", "End date", False, "For completed or withdrawn: the last day, DD/MM/YYYY.", ""),
    ]
    return {
        FORM_FILES["add"]: _form("New apprentice", f"Log a new hire for your {noun.one}.", ADD_LABEL, add_body),
        FORM_FILES["update"]: _form(
            "Apprentice update", "Record a change of status for a logged hire.", UPDATE_LABEL, update_body
        ),
    }


def _form(name: str, description: str, label: str, body: list[dict[str, Any]]) -> dict[str, Any]:
    return {"name": name, "description": description, "title": f"{name}: ", "labels": [label], "body": body}


def _input(id: str, label: str, required: bool, description: str, placeholder: str) -> dict[str, Any]:
    attributes = {"label": label, "description": description}
    if placeholder:
        attributes["placeholder"] = placeholder
    return {"type": "input", "id": id, "attributes": attributes, "validations": {"required": required}}


def _dropdown(
    id: str, label: str, options: list[str], required: bool, description: str, default: int | None = None
) -> dict[str, Any]:
    attributes: dict[str, Any] = {"label": label, "description": description, "options": options}
    if default is not None:
        attributes["default"] = default
    return {"type": "dropdown", "id": id, "attributes": attributes, "validations": {"required": required}}

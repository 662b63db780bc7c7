"""`apprentrack init`: a new programme's data dir. Its members are councils the package ships (London's 33
by default; any UK council of 2023 by name, code or region), organisations that are not places (NHS
trusts, a fire authority), or both; boroughs.yaml holds the members and the other councils of their
regions, so the forms, the other councils' hires and the map make sense."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..domain.errors import DataError, InvalidValue, RecordError
from ..domain.models import BoroughFields, checked_programme, field_issues
from ..domain.programme import Borough
from ..places.london import authorities
from ..places.uk import REGIONS, councils, find_councils, region_codes, region_of, slug_of
from .checks import check_registry
from .datadir import APPRENTICES_DIR, BOROUGHS_FILE
from .files import atomic_write
from .reading import read_bytes
from .strict_yaml import Loader, dump

LONDON_HEAD = (
    "# {name}: the programme and London's 33 local authorities, made by `apprentrack init`.\n"
    "# member_since: the day a borough takes part (its hires count from then); null: not taking part.\n"
    "# Optional per borough: pledge (places pledged), headcount (staff, for the public sector target).\n"
    "# inner/outer: as ONS statistics use them. counts: the statuses that count toward the target.\n"
)


def create_programme(
    root: Path,
    fields: dict[str, Any],
    members: list[str] | None,
    regions: list[str] | None = None,
    organisations: list[str] | None = None,
) -> Path:
    """A new programme's data dir: boroughs.yaml and an empty apprentices/ folder. `members`: --members
    values (names, slugs or codes of UK councils; see places.uk.find_councils), None for all of London's
    33; `regions`: every council of each; `organisations`: names of bodies that are not councils. Never
    overwrites a programme."""
    target = root / BOROUGHS_FILE
    if target.exists():
        raise DataError(f"{target} already exists: {root} holds a programme, and init does not overwrite one")
    chosen = _councils_chosen(members, regions or [])
    if members is not None and not chosen and not organisations:
        why = "no council named: give names, slugs or codes separated by commas, or leave --members out for London's 33"
        raise RecordError([("members", why)], in_itself={"members"})
    bodies = _organisations(organisations or [], {b.slug for b in councils()})
    london = bool(chosen) and all((b.code or "").startswith("E09") for b in chosen) and not bodies
    if members is None and not regions and not bodies:  # the default: all of London's 33
        chosen, london = list(authorities()), True
    word = "borough" if london else "organisation" if bodies else "council"
    programme = checked_programme({"member_word": word, **fields})
    listed = list(authorities()) if london else _with_their_regions(chosen)
    taking_part = {b.slug for b in chosen} | {b.slug for b in bodies}
    entries = [_entry(b, programme.start if b.slug in taking_part else None) for b in [*listed, *bodies]]
    fields_of = {k: v for k, v in programme._asdict().items() if k != "counts" and k != "member_word"}
    head = {
        "programme": {
            **fields_of,
            "counts": [s.value for s in programme.counts],
            **({"member_word": programme.member_word} if programme.member_word != "borough" else {}),
        }
    }
    comment = LONDON_HEAD.format(name=programme.name) if london else _head(programme.name, listed, bodies)
    text = comment + dump({**head, "boroughs": entries})
    check_registry(target, yaml.load(text, Loader=Loader))  # what is written will read back
    root.mkdir(parents=True, exist_ok=True)
    (root / APPRENTICES_DIR).mkdir(exist_ok=True)
    add_lines(
        root / APPRENTICES_DIR / ".gitignore",
        "# Lock and temporary files that apprentrack uses while it writes.",
        [".*.lock", ".*.tmp"],
    )
    atomic_write(target, text.encode())
    return target


def _councils_chosen(members: list[str] | None, regions: list[str]) -> list[Borough]:
    """The councils --members and --region name, each once, in the order given."""
    chosen: dict[str, Borough] = {}
    try:
        for value in members or []:
            chosen.update((b.slug, b) for b in find_councils(value))
    except InvalidValue as exc:  # a value wrong in itself, as a bad date is
        raise RecordError([("members", str(exc))], in_itself={"members"}) from None
    by_code = {b.code: b for b in councils()}
    try:
        for region in regions:
            chosen.update((by_code[code].slug, by_code[code]) for code in region_codes(region))
    except InvalidValue as exc:
        raise RecordError([("region", str(exc))], in_itself={"region"}) from None
    return list(chosen.values())


def _with_their_regions(chosen: list[Borough]) -> list[Borough]:
    """The chosen councils and the others of their regions, in GSS code order."""
    regions = {region_of(b.code) for b in chosen}
    return [b for b in councils() if region_of(b.code) in regions]


def organisation_names(values: list[str]) -> list[str]:
    """The names --organisations gives: a value that is a file's path, one name a line (blank lines and
    '#' comments skipped); else names separated by ';' where it holds one, else by commas."""
    names: list[str] = []
    for value in values:
        path = Path(value)
        if path.is_file():
            try:
                text = read_bytes(path).decode("utf-8-sig")
            except (UnicodeDecodeError, DataError) as exc:
                raise RecordError([("organisations", f"cannot read '{path}': {exc}")]) from None
            names += [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
        else:
            names += [name.strip() for name in value.split(";" if ";" in value else ",") if name.strip()]
    return names


def _organisations(names: list[str], taken: set[str]) -> list[Borough]:
    """Bodies that are not places: a slug made from each name, a name, no code and no area."""
    bodies: dict[str, Borough] = {}
    for name in names:
        slug = _short_slug(slug_of(name))
        if not slug:
            raise RecordError([("organisations", f"{name!r} has no letters to make its slug of")], {"organisations"})
        if slug in bodies or slug in taken:
            raise RecordError([("organisations", f"{name!r} would have the slug '{slug}' of another: rename one")])
        try:
            bodies[slug] = BoroughFields.model_validate({"slug": slug, "name": name}).checked()
        except ValidationError as exc:
            issues = field_issues(exc, BoroughFields)
            refused = [("organisations", f"{name[:60]!r}: {f}: {m}") for f, m in issues]
            raise RecordError(refused, in_itself={"organisations"}) from None  # a name wrong in itself
    return list(bodies.values())


def _short_slug(slug: str, limit: int = 60) -> str:
    """A slug of at most `limit` characters, cut at a hyphen (or, in a word longer than that, within it)."""
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1].rsplit("-", 1)[0]  # the words that fit whole
    return cut if len(cut) <= limit else slug[:limit]


def _entry(b: Borough, member_since: object) -> dict[str, Any]:
    """A borough as boroughs.yaml holds it: no code or area where it has none, aliases last."""
    kept = {k: v for k, v in b._asdict().items() if v is not None and k not in ("aliases", "member_since")}
    return {**kept, "member_since": member_since, **({"aliases": list(b.aliases)} if b.aliases else {})}


def _head(name: str, listed: list[Borough], bodies: list[Borough]) -> str:
    """The comments at the top of a programme's boroughs.yaml that is not London's."""
    lines = []
    if listed:
        regions = ", ".join(sorted({REGIONS[r] for b in listed if (r := region_of(b.code)) is not None}))
        what = "its councils and the others of their regions" + (" and its organisations" if bodies else "")
        lines += [
            f"# {name}: the programme, {what}",
            f"# ({regions}), made by `apprentrack init`.",
            "# Councils: the local authority districts of 2023, names and GSS codes from the ONS (Open Government",
            "# Licence v3.0). area (inner/outer) is London's only, as ONS statistics use it.",
        ]
    else:
        lines.append(f"# {name}: the programme and its organisations, made by `apprentrack init`.")
    if bodies:
        lines.append("# An organisation: a slug, a name and optional aliases (other names); no code: not a place.")
    lines += [
        "# member_since: the day a member takes part (its hires count from then); null: not taking part.",
        "# Optional per member: pledge (places pledged), headcount (staff, for the public sector target).",
        "# counts: the statuses that count toward the target. member_word: what headings call a member.",
    ]
    return "\n".join(lines) + "\n"


def add_lines(path: Path, comment: str, lines: list[str]) -> None:
    """Add the lines a .gitignore lacks, after what it holds; never replace what someone wrote there."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    missing = [line for line in lines if line not in text.splitlines()]
    if missing:
        lead = "" if not text or text.endswith("\n") else "\n"
        path.write_text(text + lead + "\n".join([comment, *missing]) + "\n", encoding="utf-8")

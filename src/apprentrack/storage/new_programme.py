"""`apprentrack init`: a new programme's data dir, with London's 33 authorities from the package."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import yaml

from ..domain.errors import DataError, InvalidValue, RecordError
from ..domain.models import checked_programme
from ..domain.programme import Registry
from ..places.london import authorities
from .checks import check_registry
from .datadir import APPRENTICES_DIR, BOROUGHS_FILE
from .files import atomic_write
from .strict_yaml import Loader, dump


def create_programme(root: Path, fields: dict[str, Any], members: str) -> Path:
    """A new programme's data dir: boroughs.yaml with London's 33 authorities and an empty apprentices/
    folder. `members`: the boroughs taking part, as typed: 'all', or names, slugs or codes separated by
    commas (no London authority's name has one), members from the start date. Never overwrites a
    programme."""
    target = root / BOROUGHS_FILE
    if target.exists():
        raise DataError(f"{target} already exists: {root} holds a programme, and init does not overwrite one")
    programme = checked_programme(fields)
    london = authorities()
    registry = Registry(programme, london)
    names = [name.strip() for name in members.split(",") if name.strip()]
    try:
        if not names:
            raise InvalidValue("no borough named: give 'all', or names, slugs or codes separated by commas")
        everyone = [n.lower() for n in names] == ["all"]
        chosen = {b.slug for b in london} if everyone else {registry.find(name).slug for name in names}
    except InvalidValue as exc:  # a value wrong in itself, as a bad date is
        raise RecordError([("members", str(exc))], in_itself={"members"}) from None
    entries = [
        {**{k: v for k, v in asdict(b).items() if v is not None and k not in ("aliases", "member_since")},
         "member_since": programme.start if b.slug in chosen else None,
         **({"aliases": list(b.aliases)} if b.aliases else {})}
        for b in london
    ]  # fmt: skip
    fields_of = {k: v for k, v in asdict(programme).items() if k != "counts"}
    head = {"programme": {**fields_of, "counts": [s.value for s in programme.counts]}}
    text = (
        f"# {programme.name}: the programme and London's 33 local authorities, made by `apprentrack init`.\n"
        "# member_since: the day a borough takes part (its hires count from then); null: not taking part.\n"
        "# Optional per borough: pledge (places pledged), headcount (staff, for the public sector target).\n"
        "# inner/outer: as ONS statistics use them. counts: the statuses that count toward the target.\n"
        + dump({**head, "boroughs": entries})
    )
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


def add_lines(path: Path, comment: str, lines: list[str]) -> None:
    """Add the lines a .gitignore lacks, after what it holds; never replace what someone wrote there."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    missing = [line for line in lines if line not in text.splitlines()]
    if missing:
        lead = "" if not text or text.endswith("\n") else "\n"
        path.write_text(text + lead + "\n".join([comment, *missing]) + "\n", encoding="utf-8")

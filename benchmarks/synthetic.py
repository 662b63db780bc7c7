"""Synthetic data dirs for the benchmark: N records spread over London's 33 boroughs, in the shape
`apprentrack add` writes, and the equivalent hledger journal (one posting a record). No real person.
The records are valid under every rule `validate` checks (tests/cli/test_validate.py makes a small set)."""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import yaml

ROLES = ["Software developer", "Data analyst", "Infrastructure technician", "Cyber security technologist"]
STATUSES = ["recruited", "in_post", "in_post", "in_post", "completed", "withdrawn", "pledged"]


def make(root: Path, n: int, boroughs_yaml: Path, seed: int = 1) -> Path:
    """A data dir at root with n records (root is replaced). Returns root."""
    rng = random.Random(seed)
    shutil.rmtree(root, ignore_errors=True)
    (root / "apprentices").mkdir(parents=True)
    shutil.copy(boroughs_yaml, root / "boroughs.yaml")
    slugs = [b["slug"] for b in yaml.safe_load(boroughs_yaml.read_text())["boroughs"]]
    journal = []
    for k, slug in enumerate(slugs):
        count = n // len(slugs) + (1 if k < n % len(slugs) else 0)
        lines = [f"# Synthetic records for benchmarks: no real person ({slug}).\n"]
        for i in range(1, count + 1):
            start = date(2019, 7, 1) + timedelta(days=rng.randrange(0, 420))
            status = rng.choice(STATUSES)
            lines.append(f"- id: {slug}-{i:04d}\n  role: {rng.choice(ROLES)}\n  level: {rng.randint(2, 7)}\n")
            lines.append(f"  start_date: {start.isoformat()}\n  status: {status}\n")
            if status in ("completed", "withdrawn"):
                lines.append(f"  end_date: {(start + timedelta(days=rng.randrange(30, 500))).isoformat()}\n")
            if rng.random() < 0.5:  # unique in the borough, as refs must be
                lines.append(f"  ref: APP-{i:06d}\n")
            journal.append(f"{start.isoformat()} {slug}-{i:04d}\n    (apprentices:{slug}:{status})  1\n\n")
        (root / "apprentices" / f"{slug}.yaml").write_text("".join(lines))
    (root / "apprentices.journal").write_text("".join(journal))
    return root

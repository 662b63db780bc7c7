"""The live data/ is only validated: its figures change every week, so no test asserts them."""

from __future__ import annotations

from helpers import ROOT, Cli

LIVE = ROOT / "data"


def test_the_live_data_validates(tmp_path):
    result = Cli(LIVE)("validate")  # reading it may write the cache; validate never changes a record
    assert result.stdout.splitlines()[-1].startswith("OK: no problems")

"""Every "today" is London's (Europe/London), whatever the machine's time zone, and validity is judged
against it afresh on every run, never taken from the cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from helpers import posix_only

import apprentrack.domain.dates

LONDON = ZoneInfo("Europe/London")


def at(monkeypatch, instant: datetime, machine_zone: str) -> None:
    """Make now `instant` (UTC), on a machine set to `machine_zone`."""

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return instant.astimezone(tz) if tz else instant.astimezone(ZoneInfo(machine_zone)).replace(tzinfo=None)

    monkeypatch.setattr(apprentrack.domain.dates, "datetime", Clock)
    monkeypatch.setenv("TZ", machine_zone)
    if hasattr(time, "tzset"):
        time.tzset()


@pytest.fixture(autouse=True)
def _restore_zone():
    yield
    if hasattr(time, "tzset"):
        os.environ.pop("TZ", None)
        time.tzset()


# 00:30 on 2 June 2027 in London (BST), still 1 June in UTC and Los Angeles, already 2 June in Kiritimati.
AFTER_MIDNIGHT_IN_LONDON = datetime(2027, 6, 1, 23, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles", "Pacific/Kiritimati"])
def test_today_is_londons_date_on_any_machine(cli, monkeypatch, zone):
    at(monkeypatch, AFTER_MIDNIGHT_IN_LONDON, zone)
    assert json.loads(cli("status", "-f", "json").stdout)["as_of"] == "2027-06-02"
    cli("status", "--as-of", "2027-06-02")  # London's today is not "in the future"
    assert "2027-06-03 is in the future" in cli("status", "--as-of", "2027-06-03", code=2).stderr
    summary = json.loads(cli("summary", "-f", "json").stdout)
    assert summary["week"] == "2027-W21"  # the last complete week by London's date (Wednesday 2 June)


def test_a_hire_dated_londons_today_is_accepted_on_a_utc_runner(cli, monkeypatch):
    at(monkeypatch, AFTER_MIDNIGHT_IN_LONDON, "UTC")
    args = ("add", "-b", "hackney", "--role", "Software Developer", "--status", "in_post")
    assert cli(*args, "--start-date", "2027-06-02").stdout.startswith("Added hackney-0025")
    refused = cli(*args, "--start-date", "2027-06-03", code=2)
    assert "--start-date: 2027-06-03 is in the future" in refused.stderr


def test_validity_is_judged_afresh_not_taken_from_the_cache(cli, data_dir, monkeypatch):
    at(monkeypatch, datetime(2027, 6, 10, 12, tzinfo=timezone.utc), "UTC")
    cli("add", "-b", "hackney", "--role", "Dev", "--start-date", "2027-06-07", "--status", "in_post")  # cached as valid
    cli("status")
    at(monkeypatch, datetime(2027, 6, 2, 12, tzinfo=timezone.utc), "UTC")  # a clock set back: now it is future
    warm = cli("status", code=1)
    assert "start_date: 2027-06-07 is in the future" in warm.stderr
    monkeypatch.setenv("APPRENTRACK_CACHE", "off")
    assert cli("status", code=1).stderr == warm.stderr


@pytest.mark.slow
@posix_only
@pytest.mark.parametrize("zone", ["America/Los_Angeles", "Pacific/Kiritimati"])
def test_the_installed_command_reports_londons_date(data_dir, zone):
    env = {**os.environ, "TZ": zone}
    result = subprocess.run(
        [sys.executable, "-m", "apprentrack", "--data-dir", str(data_dir), "status", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["as_of"] == datetime.now(LONDON).date().isoformat()

"""The exported calendar in a real calendar program: Debian's khal, run in a temp folder.

khal reads the file with its own iCalendar code and shows each event in the local zone
it is configured with, which is the user's. What it lists must be the plan's times.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from afterview.calendar.ics import calendar_bytes
from afterview.domain.steps import Step
from tests.conftest import EXAMPLES

PANEL = str(EXAMPLES / "panel-interview.yaml")
TORONTO = ZoneInfo("America/Toronto")
FORMAT = "{start} | {end} | {title} | {uid}"

CONFIG = """\
[calendars]
[[{name}]]
path = {vdir}
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = {zone}
default_timezone = {zone}

[default]
default_calendar = {name}

[sqlite]
path = {db}
"""


class Khal:
    """khal with its own config, vdir calendar, cache and home in one temp folder."""

    name = "afterview"

    def __init__(self, folder: Path, zone: str) -> None:
        executable = shutil.which("khal")
        if executable is None:
            if os.environ.get("CI") == "true":
                pytest.fail("khal is not installed: CI must run the calendar import test.")
            pytest.skip("khal is not installed (apt-get install khal)")
        self.executable = executable
        vdir = folder / "calendar"
        vdir.mkdir(parents=True)
        self.vdir = vdir
        self.config = folder / "khal.conf"
        self.config.write_text(
            CONFIG.format(name=self.name, vdir=vdir, zone=zone, db=folder / "khal.db"),
            encoding="utf-8",
        )
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(folder),
            "XDG_CONFIG_HOME": str(folder / "config"),
            "XDG_DATA_HOME": str(folder / "data"),
            "XDG_CACHE_HOME": str(folder / "cache"),
            "TZ": zone,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        }

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [self.executable, "-c", str(self.config), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def import_file(self, path: Path) -> None:
        self.run("import", "--batch", "-a", self.name, str(path))

    def events(self, start: str, end: str) -> dict[str, tuple[str, str, str]]:
        """uid -> (start, end, title) of every event khal lists from ``start`` to ``end``."""
        found = {}
        for line in self.run("list", "--format", FORMAT, start, end).splitlines():
            if " | " in line:
                begin, finish, title, uid = line.split(" | ")
                found[uid] = (begin, finish, title)
        return found


@pytest.fixture
def khal(tmp_path: Path) -> Khal:
    return Khal(tmp_path / "khal", "America/Toronto")


def _local(iso: str) -> str:
    return f"{datetime.fromisoformat(iso).astimezone(TORONTO):%Y-%m-%d %H:%M}"


def test_khal_shows_every_pending_step_at_its_local_time(
    cli: Callable[..., Any], khal: Khal, tmp_path: Path
) -> None:
    assert cli("add", PANEL, "--now", "2026-11-20T16:00").code == 0
    steps = cli("show", "1", "--json").json()["steps"]
    pending = [s for s in steps if s["status"] == "pending"]
    exported = tmp_path / "plan.ics"
    assert cli("calendar", "export", "--out", str(exported), "--now", "2026-11-20T16:05").code == 0

    khal.import_file(exported)
    events = khal.events("2026-11-19", "2027-01-31")

    assert len(events) == len(pending) == 13
    for step in pending:
        begin, _, title = events[f"afterview-1-step-{step['id']}@afterview"]
        assert begin == _local(step["send_at"] or step["due"]), step
        assert "Northwind Robotics, Senior Data Engineer" in title
    # The note to Tom Becker goes at 08:00 his time (Berlin): 02:00 in Toronto.
    tom = next(s for s in pending if s["kind"] == "thank_you" and s["to"] == "Tom Becker")
    assert events[f"afterview-1-step-{tom['id']}@afterview"][:2] == (
        "2026-11-21 02:00",
        "2026-11-21 02:15",
    )


def test_a_newer_export_updates_the_events_instead_of_duplicating_them(
    cli: Callable[..., Any], khal: Khal, tmp_path: Path
) -> None:
    cli("add", PANEL, "--now", "2026-11-20T16:00")
    first = tmp_path / "first.ics"
    cli("calendar", "export", "--out", str(first), "--now", "2026-11-20T16:05")
    khal.import_file(first)
    before = khal.events("2026-11-19", "2027-01-31")
    follow_ups = {u: e for u, e in before.items() if e[2].startswith("Follow-up to")}
    assert sorted(e[0] for e in follow_ups.values()) == ["2026-12-07 08:00", "2026-12-14 08:00"]

    # They now say three weeks: the follow-ups move a week later, as the same steps.
    assert (
        cli("update", "1", "--decision", "within three weeks", "--now", "2026-11-21T09:00").code
        == 0
    )
    second = tmp_path / "second.ics"
    cli("calendar", "export", "--out", str(second), "--now", "2026-11-23T09:00")
    khal.import_file(second)
    after = khal.events("2026-11-19", "2027-01-31")

    assert len(after) == len(before)
    assert sorted(after[u][0] for u in follow_ups) == ["2026-12-14 08:00", "2026-12-21 08:00"]
    assert len(list(khal.vdir.iterdir())) == len(before)


def step(step_id: int, due: datetime) -> Step:
    return Step(
        id=step_id, application_id=1, company="Acme", role="Data Engineer",
        kind="follow_up", to="Dana Lee", channel="email", zone="America/Toronto",
        not_before=due, due=due, send_at=None, because="Follow up.",
    )  # fmt: skip


def test_khal_imports_the_served_feed_with_its_links_and_alarms(khal: Khal, tmp_path: Path) -> None:
    # The feed's form: each description ends with the step's page, and only the step still
    # to come when the feed was written has an alarm.
    now = datetime(2026, 10, 29, 9, 0, tzinfo=TORONTO)
    overdue, coming = step(1, now - timedelta(days=2)), step(2, now + timedelta(days=1))
    path = tmp_path / "feed.ics"
    path.write_bytes(
        calendar_bytes(
            [overdue, coming], owner=1, zone=TORONTO, now=now, base_url="http://127.0.0.1:8000"
        )
    )
    khal.import_file(path)
    assert khal.events("2026-10-26", "2026-11-01") == {
        "afterview-1-step-1@afterview": (
            "2026-10-27 09:00",
            "2026-10-27 09:15",
            "Follow-up to Dana Lee — Acme, Data Engineer",
        ),
        "afterview-1-step-2@afterview": (
            "2026-10-30 09:00",
            "2026-10-30 09:15",
            "Follow-up to Dana Lee — Acme, Data Engineer",
        ),
    }
    listed = khal.run("list", "--format", "{uid}|{alarm-symbol}|{description}", "2026-10-26", "7d")
    for step_id, alarm in ((1, ""), (2, " ⏰")):
        assert f"afterview-1-step-{step_id}@afterview|{alarm}|Follow up." in listed
        link = f"Sources, and mark it done: http://127.0.0.1:8000/applications/1#step-{step_id}"
        assert link in listed


def test_local_times_hold_across_the_dst_change_in_khal(khal: Khal, tmp_path: Path) -> None:
    # Toronto leaves daylight time on Sunday 1 November 2026.
    before = datetime(2026, 10, 30, 8, 0, tzinfo=TORONTO)  # 12:00 UTC
    after = datetime(2026, 11, 2, 8, 0, tzinfo=TORONTO)  # 13:00 UTC
    path = tmp_path / "dst.ics"
    path.write_bytes(
        calendar_bytes(
            [step(1, before), step(2, after)],
            owner=1,
            zone=TORONTO,
            now=datetime(2026, 10, 29, 9, 0, tzinfo=TORONTO),
        )
    )
    khal.import_file(path)
    events = khal.events("2026-10-29", "2026-11-04")
    assert events["afterview-1-step-1@afterview"][:2] == ("2026-10-30 08:00", "2026-10-30 08:15")
    assert events["afterview-1-step-2@afterview"][:2] == ("2026-11-02 08:00", "2026-11-02 08:15")

    # The times are anchored to Toronto, not floating: in Berlin (already on winter time)
    # the gap is five hours before Toronto's change and six after it.
    berlin = Khal(tmp_path / "khal-berlin", "Europe/Berlin")
    berlin.import_file(path)
    abroad = berlin.events("2026-10-29", "2026-11-04")
    assert abroad["afterview-1-step-1@afterview"][0] == "2026-10-30 13:00"
    assert abroad["afterview-1-step-2@afterview"][0] == "2026-11-02 14:00"

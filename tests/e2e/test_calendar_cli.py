"""``afterview calendar``: export to a file or standard output, the feed address, bad input."""

from __future__ import annotations

import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from icalendar import Calendar

from tests.conftest import EXAMPLES

PANEL = str(EXAMPLES / "panel-interview.yaml")
FEED = re.compile(r"http://127\.0\.0\.1:8000/calendar/[A-Za-z0-9_-]{43}\.ics")


def _added(cli: Callable[..., Any]) -> None:
    assert cli("add", PANEL, "--now", "2026-11-20T16:00").code == 0


def test_export_writes_the_file_whole_and_private(cli: Callable[..., Any], tmp_path: Path) -> None:
    _added(cli)
    out = tmp_path / "plan.ics"
    out.write_text("an older export", encoding="utf-8")
    result = cli("calendar", "export", "--out", str(out), "--now", "2026-11-21T08:30")
    assert result.code == 0, result.err
    assert result.out == ""
    assert f"Wrote {out}." in result.err
    cal = Calendar.from_ical(out.read_bytes())
    assert len(cal.walk("VEVENT")) == 13
    # --now without an offset is read in the user's zone (Toronto, UTC-5 in November).
    assert {str(e["DTSTAMP"].to_ical(), "ascii") for e in cal.walk("VEVENT")} == {
        "20261121T133000Z"
    }
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_export_to_standard_output_is_the_same_calendar(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    _added(cli)
    out = tmp_path / "plan.ics"
    cli("calendar", "export", "--out", str(out), "--now", "2026-11-21T08:30")
    printed = cli("calendar", "export", "--now", "2026-11-21T08:30")
    assert printed.code == 0
    assert printed.out.encode() == out.read_bytes()  # byte for byte, CRLF line ends kept


def test_a_bad_now_is_one_line_and_exit_2(cli: Callable[..., Any], tmp_path: Path) -> None:
    _added(cli)
    out = tmp_path / "plan.ics"
    result = cli("calendar", "export", "--out", str(out), "--now", "next tuesday")
    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1
    assert result.err.startswith("afterview: --now: cannot read 'next tuesday'")
    assert not out.exists()


def test_a_missing_folder_is_one_line_and_exit_2(cli: Callable[..., Any], tmp_path: Path) -> None:
    result = cli("calendar", "export", "--out", str(tmp_path / "nowhere" / "plan.ics"))
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "there is no folder" in result.err


def test_feed_prints_one_address_until_rotated(cli: Callable[..., Any]) -> None:
    first = cli("calendar", "feed")
    assert first.code == 0, first.err
    assert FEED.fullmatch(first.out.strip())
    assert cli("calendar", "feed").out == first.out
    rotated = cli("calendar", "feed", "--rotate")
    assert rotated.code == 0
    assert FEED.fullmatch(rotated.out.strip())
    assert rotated.out != first.out
    assert "no longer works" in rotated.err
    assert cli("calendar", "feed").out == rotated.out


def test_feed_uses_the_base_url_given_and_refuses_a_bad_one(cli: Callable[..., Any]) -> None:
    there = cli("calendar", "feed", "--base-url", "https://afterview.example.org/me/")
    assert there.code == 0
    assert there.out.startswith("https://afterview.example.org/me/calendar/")
    bad = cli("calendar", "feed", "--base-url", "127.0.0.1:8000")
    assert bad.code == 2
    assert bad.err.count("\n") == 1
    assert "--base-url" in bad.err

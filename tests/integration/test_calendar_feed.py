"""The calendar service on SQLite and PostgreSQL: what goes in the file, and the feed token."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from afterview.interview_file import read_data
from afterview.services import calendar_feed, tracking
from afterview.storage.db import Database
from afterview.storage.work import create_account
from afterview.wiring import Actor, feed_actor
from tests.acting import account, local
from tests.conftest import EXAMPLES

TORONTO = ZoneInfo("America/Toronto")
ADDED = datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO)
LATER = ADDED + timedelta(days=1)


def _add(db: Database) -> None:
    tracking.add(local(db), read_data(EXAMPLES / "panel-interview.yaml"), source="panel", now=ADDED)


def _events(data: bytes) -> dict[str, datetime]:
    """UID -> start of every event."""
    return {str(e["UID"]): e.start for e in Calendar.from_ical(data).walk("VEVENT")}


def _step_ids(db: Database, kind: str) -> list[int]:
    with local(db).read() as tx:
        rows = tx.all("SELECT id FROM actions WHERE kind = :k ORDER BY id", {"k": kind})
    return [int(r["id"]) for r in rows]


def test_the_calendar_holds_the_pending_steps_in_the_users_zone(db: Database) -> None:
    _add(db)
    data = calendar_feed.calendar_for(local(db), now=LATER)
    cal = Calendar.from_ical(data)
    assert str(cal["X-WR-CALNAME"]) == "afterview — Jordan Lee"
    assert str(cal["X-WR-TIMEZONE"]) == "America/Toronto"
    events = _events(data)
    assert len(events) == 13
    assert {str(start.tzinfo) for start in events.values()} == {"America/Toronto"}


def test_done_and_skipped_steps_leave_the_calendar(db: Database) -> None:
    _add(db)
    thank_you, *others = _step_ids(db, "thank_you")
    tracking.done(local(db), thank_you, at=LATER, now=LATER)
    tracking.skip(local(db), others[0], why="Said thanks in person.", now=LATER)
    events = _events(calendar_feed.calendar_for(local(db), now=LATER))
    assert len(events) == 11
    assert f"afterview-1-step-{thank_you}@afterview" not in events
    assert f"afterview-1-step-{others[0]}@afterview" not in events


def test_a_replan_moves_events_but_keeps_their_uids(db: Database) -> None:
    _add(db)
    before = _events(calendar_feed.calendar_for(local(db), now=LATER))
    tracking.update(local(db), 1, now=LATER, decision="within three weeks")
    after = _events(calendar_feed.calendar_for(local(db), now=LATER))
    assert set(after) == set(before)
    follow_ups = [f"afterview-1-step-{i}@afterview" for i in _step_ids(db, "follow_up")]
    for uid in follow_ups:
        assert after[uid] - before[uid] == timedelta(days=7)


def test_the_feed_token_is_made_once_and_opens_only_its_owners_feed(db: Database) -> None:
    with local(db).write() as tx:
        other = create_account(tx, "other", ADDED)
    me = local(db)
    mine = calendar_feed.feed_token(me, now=ADDED)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", mine)
    assert calendar_feed.feed_token(me, now=LATER) == mine
    theirs = calendar_feed.feed_token(account(db, other), now=ADDED)
    assert theirs != mine
    assert feed_actor(db, mine) == me.actor
    assert feed_actor(db, theirs) == Actor.seeker(other)
    for wrong in ("", mine[:-1], mine + "x", mine.upper(), "x" * 43):
        assert feed_actor(db, wrong) is None, wrong


def test_rotating_kills_the_old_token_at_once(db: Database) -> None:
    old = calendar_feed.feed_token(local(db), now=ADDED)
    new = calendar_feed.rotate(local(db), now=LATER)
    assert new != old
    assert feed_actor(db, old) is None
    assert feed_actor(db, new) == local(db).actor
    assert calendar_feed.feed_token(local(db), now=LATER) == new
    assert calendar_feed.feed_url("http://127.0.0.1:8000/", new) == (
        f"http://127.0.0.1:8000/calendar/{new}.ics"
    )

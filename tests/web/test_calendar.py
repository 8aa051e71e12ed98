"""The calendar feed over real HTTP: the right token, a wrong one, rotating, and Settings."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta

import httpx
import pytest
from icalendar import Calendar
from starlette.responses import Response

from afterview.calendar.ics import uid
from afterview.services import calendar_feed
from afterview.storage.db import Database
from afterview.web import calendar as web_calendar
from afterview.web.app import WebSettings
from tests.acting import local
from tests.support.live import client
from tests.web.conftest import ADDED, MORNING, token


def _feed_path(web: httpx.Client) -> str:
    """The feed address as the Settings page shows it (path only)."""
    page = web.get("/settings")
    assert page.status_code == 200
    match = re.search(r'id="calendar-feed-url"[^>]*value="([^"]+)"', page.text)
    assert match, "no feed address on the Settings page"
    url = httpx.URL(match.group(1))
    assert url.host == "127.0.0.1"
    return url.path


def test_the_right_token_serves_the_calendar(web: httpx.Client, db: Database) -> None:
    secret = calendar_feed.feed_token(local(db), now=ADDED)
    response = web.get(f"/calendar/{secret}.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["cache-control"] == "private, no-cache"
    cal = Calendar.from_ical(response.content)
    events = cal.walk("VEVENT")
    assert len(events) == 13
    assert {e.stamp for e in events} == {MORNING}
    page = str(web.base_url.join("/applications/1"))
    steps_shown = web.get("/applications/1").text
    for event in events:  # each links to its own step on the application's page
        step = str(event["UID"]).split("-step-")[1].removesuffix("@afterview")
        link = f"Sources, and mark it done: {page}#step-{step}"
        assert str(event["DESCRIPTION"]).endswith(link)
        assert steps_shown.count(f'id="step-{step}"') == 1


def test_the_settings_page_shows_the_feed_and_a_rotate_form(
    web: httpx.Client, db: Database
) -> None:
    path = _feed_path(web)
    assert path == f"/calendar/{calendar_feed.feed_token(local(db), now=ADDED)}.ics"
    assert _feed_path(web) == path  # showing it again does not change it
    page = web.get("/settings").text
    assert 'action="/settings/calendar/rotate"' in page
    assert f'name="csrf_token" value="{token(web)}"' in page


def test_a_wrong_token_is_not_found_with_the_one_error_shape(
    web: httpx.Client, db: Database
) -> None:
    secret = calendar_feed.feed_token(local(db), now=ADDED)
    wrong = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    as_json = web.get(f"/calendar/{wrong}.ics", headers={"Accept": "application/json"})
    assert as_json.status_code == 404
    error = as_json.json()["error"]
    assert (error["status"], error["code"]) == (404, "not_found")
    assert "no calendar at this address" in error["message"]
    page = web.get(f"/calendar/{wrong}.ics")
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]
    assert "BEGIN:VCALENDAR" not in page.text


def test_after_rotating_the_old_address_is_gone_and_the_new_one_works(
    web: httpx.Client, db: Database
) -> None:
    old = _feed_path(web)
    assert web.get(old).status_code == 200
    rotated = web.post(
        "/settings/calendar/rotate", data={"csrf_token": token(web)}, follow_redirects=False
    )
    assert rotated.status_code == 303
    assert rotated.headers["location"].startswith("/settings")
    assert "no longer works" in web.get(rotated.headers["location"]).text
    new = _feed_path(web)
    assert new != old
    assert web.get(old).status_code == 404
    assert web.get(new).status_code == 200


def test_rotating_without_the_page_token_is_refused_and_changes_nothing(
    web: httpx.Client, db: Database
) -> None:
    old = _feed_path(web)
    refused = web.post("/settings/calendar/rotate", data={"csrf_token": "forged"})
    assert refused.status_code == 403
    bare = web.post("/settings/calendar/rotate", headers={"Accept": "application/json"})
    assert bare.status_code == 403
    assert bare.json()["error"]["code"] == "csrf"
    assert _feed_path(web) == old
    assert web.get(old).status_code == 200


def _feed_client(db: Database, moments: list[datetime]) -> AbstractContextManager[httpx.Client]:
    """The app on ``db`` whose clock reads the last of ``moments`` (a test moves it on)."""
    return client(WebSettings(db.url, clock=lambda: moments[-1]))


def _first_pending_why(db: Database, why: str) -> None:
    with local(db).write() as tx:
        tx.execute(
            """UPDATE actions SET why = :why
               WHERE id = (SELECT MIN(id) FROM actions WHERE status = 'pending')""",
            {"why": why},
        )


def test_the_kept_feed_is_the_plain_one_byte_for_byte(db: Database) -> None:
    secret = calendar_feed.feed_token(local(db), now=ADDED)
    with _feed_client(db, [MORNING]) as web:
        served = web.get(f"/calendar/{secret}.ics")
        again = web.get(f"/calendar/{secret}.ics")
        base = str(web.base_url).rstrip("/")
    plain = calendar_feed.calendar_for(local(db), now=MORNING, base_url=base)
    assert served.content == plain
    assert again.content == plain


def test_a_kept_feed_is_answered_where_the_request_arrives_and_is_the_same(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Handing every poll to the thread pool and back cost more than the rest of the answer
    # but for its bytes: a feed kept and current is answered on the event loop.
    handed: list[str] = []
    real = web_calendar.run_in_threadpool

    async def counted(func: Callable[..., Response], *args: object) -> Response:
        handed.append(func.__name__)
        return await real(func, *args)

    monkeypatch.setattr(web_calendar, "run_in_threadpool", counted)
    secret = calendar_feed.feed_token(local(db), now=ADDED)
    wrong = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    moments = [MORNING]
    gzip = {"Accept-Encoding": "gzip"}
    with _feed_client(db, moments) as web:
        first = web.get(f"/calendar/{secret}.ics")
        kept = web.get(f"/calendar/{secret}.ics")
        zipped = web.get(f"/calendar/{secret}.ics", headers=gzip)
        held = web.get(f"/calendar/{secret}.ics", headers={"If-None-Match": first.headers["etag"]})
        assert handed == ["_read"]  # the first fetch only
        assert [web.get(f"/calendar/{wrong}.ics").status_code for _ in "ab"] == [404, 404]
        assert handed == ["_read"] * 3  # an address that names nobody is never answered early
        _first_pending_why(db, "Changed since the last build.")
        changed = web.get(f"/calendar/{secret}.ics")
        moments.append(MORNING + timedelta(days=1))  # a new day: the window moves on
        next_day = web.get(f"/calendar/{secret}.ics")
        assert handed == ["_read"] * 5
        base = str(web.base_url).rstrip("/")
    assert kept.content == first.content
    assert kept.headers == first.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == first.content  # as the client decodes it
    assert (held.status_code, held.content) == (304, b"")
    assert changed.content == calendar_feed.calendar_for(
        local(db),
        now=MORNING,
        base_url=base,
        since=calendar_feed.feed_since(MORNING),
    )
    assert b"Changed since the last build." in changed.content
    assert next_day.status_code == 200


def test_the_feed_is_built_again_only_when_the_data_changes(db: Database) -> None:
    secret = calendar_feed.feed_token(local(db), now=ADDED)
    moments = [MORNING]
    with _feed_client(db, moments) as web:
        first = web.get(f"/calendar/{secret}.ics")
        moments.append(MORNING + timedelta(hours=1))
        unchanged = web.get(f"/calendar/{secret}.ics")
        _first_pending_why(db, "Changed since the last build.")
        changed = web.get(f"/calendar/{secret}.ics")
    assert unchanged.content == first.content  # kept: stamped when it was built
    assert {e.stamp for e in Calendar.from_ical(changed.content).walk("VEVENT")} == {
        MORNING + timedelta(hours=1)
    }
    assert b"Changed since the last build." in changed.content


def test_a_calendar_that_holds_the_current_feed_gets_not_modified(db: Database) -> None:
    secret = calendar_feed.feed_token(local(db), now=ADDED)
    with _feed_client(db, [MORNING]) as web:
        first = web.get(f"/calendar/{secret}.ics")
        etag = first.headers["etag"]
        held = web.get(f"/calendar/{secret}.ics", headers={"If-None-Match": f"W/{etag}"})
        other = web.get(f"/calendar/{secret}.ics", headers={"If-None-Match": '"elsewhere"'})
        _first_pending_why(db, "Changed since the last build.")
        stale = web.get(f"/calendar/{secret}.ics", headers={"If-None-Match": etag})
    assert etag.startswith('"')
    assert (held.status_code, held.content, held.headers["etag"]) == (304, b"", etag)
    assert held.headers["cache-control"] == "private, no-cache"
    assert (other.status_code, other.content) == (200, first.content)
    assert stale.status_code == 200
    assert stale.headers["etag"] != etag
    assert b"Changed since the last build." in stale.content


def test_a_calendar_that_accepts_gzip_gets_the_same_feed_compressed(db: Database) -> None:
    secret = calendar_feed.feed_token(local(db), now=ADDED)
    with _feed_client(db, [MORNING]) as web:
        plain = web.get(f"/calendar/{secret}.ics", headers={"Accept-Encoding": "identity"})
        zipped = web.get(f"/calendar/{secret}.ics", headers={"Accept-Encoding": "gzip"})
        refused = web.get(f"/calendar/{secret}.ics", headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < len(plain.content)
    assert zipped.content == plain.content  # as the client decodes it
    assert zipped.headers["etag"] != plain.headers["etag"]
    assert zipped.headers["vary"] == plain.headers["vary"] == "Accept-Encoding"
    assert "content-encoding" not in refused.headers


def test_the_kept_feed_follows_a_change_on_either_database(either_db: Database) -> None:
    secret = calendar_feed.feed_token(local(either_db), now=ADDED)
    with _feed_client(either_db, [MORNING]) as web:
        first = web.get(f"/calendar/{secret}.ics")
        _first_pending_why(either_db, "Changed since the last build.")
        changed = web.get(f"/calendar/{secret}.ics")
        base = str(web.base_url).rstrip("/")
    assert b"Changed since the last build." not in first.content
    assert changed.content == calendar_feed.calendar_for(
        local(either_db), now=MORNING, base_url=base
    )
    assert b"Changed since the last build." in changed.content


def _date_first_two_pending(db: Database, first: datetime, second: datetime) -> list[int]:
    """Move the first two pending steps to ``first`` and ``second``; their ids."""
    with local(db).write() as tx:
        rows = tx.all("SELECT id FROM actions WHERE status = 'pending' ORDER BY id LIMIT 2")
        for row, at in zip(rows, (first, second), strict=True):
            tx.execute(
                "UPDATE actions SET due = :at, send_at = NULL, not_before = :at WHERE id = :id",
                {"at": at, "id": row["id"]},
            )
    return [int(row["id"]) for row in rows]


def test_the_feed_holds_the_steps_of_the_last_90_days_on_and_the_export_every_one(
    db: Database,
) -> None:
    secret = calendar_feed.feed_token(local(db), now=ADDED)
    since = calendar_feed.feed_since(MORNING)
    assert since.hour == since.minute == 0
    assert MORNING - timedelta(days=91) < since <= MORNING - timedelta(days=90)
    old, kept = _date_first_two_pending(db, since - timedelta(seconds=1), since)
    moments = [MORNING]
    with _feed_client(db, moments) as web:
        feed = web.get(f"/calendar/{secret}.ics").content
        base = str(web.base_url).rstrip("/")
        moments.append(MORNING + timedelta(days=1))  # the next day: the window moves on
        next_day = web.get(f"/calendar/{secret}.ics").content

    def uids(ics: bytes) -> set[str]:
        return {str(e["uid"]) for e in Calendar.from_ical(ics).walk("VEVENT")}

    owner = local(db).actor.owner
    assert uid(owner, old) not in uids(feed)
    assert uid(owner, kept) in uids(feed)
    export = calendar_feed.calendar_for(local(db), now=MORNING, base_url=base)
    assert len(uids(export)) == len(uids(feed)) + 1  # the export holds every pending step
    assert feed == calendar_feed.calendar_for(local(db), now=MORNING, base_url=base, since=since)
    assert uids(next_day) == uids(feed) - {uid(owner, kept)}  # the one at the old edge went


def test_head_answers_with_the_headers_of_the_get_and_no_body(
    web: httpx.Client, db: Database
) -> None:
    secret = calendar_feed.feed_token(local(db), now=ADDED)
    for encoding in ("identity", "gzip"):
        sent = {"Accept-Encoding": encoding}
        got = web.get(f"/calendar/{secret}.ics", headers=sent)
        head = web.head(f"/calendar/{secret}.ics", headers=sent)
        assert (head.status_code, head.content) == (200, b"")
        for name in ("etag", "content-length", "content-type", "vary", "cache-control"):
            assert head.headers[name] == got.headers[name], name
        held = web.head(
            f"/calendar/{secret}.ics", headers={**sent, "If-None-Match": got.headers["etag"]}
        )
        assert (held.status_code, held.content) == (304, b"")
    wrong = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    assert web.head(f"/calendar/{wrong}.ics").status_code == 404


def test_an_address_rotated_elsewhere_stops_at_once_on_either_database(
    either_db: Database,
) -> None:
    # Which account an address names is kept: a rotation by another connection (the
    # command line, another worker) must end the old address with its commit.
    old = calendar_feed.feed_token(local(either_db), now=ADDED)
    with _feed_client(either_db, [MORNING]) as web:
        assert web.get(f"/calendar/{old}.ics").status_code == 200
        assert web.get(f"/calendar/{old}.ics").status_code == 200  # kept
        new = calendar_feed.rotate(local(either_db), now=MORNING)
        gone = web.get(f"/calendar/{old}.ics")
        served = web.get(f"/calendar/{new}.ics")
        again = web.get(f"/calendar/{old}.ics")
    assert (gone.status_code, again.status_code) == (404, 404)
    assert served.status_code == 200

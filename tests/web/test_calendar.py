"""The calendar feed over real HTTP: the right token, a wrong one, rotating, and Settings."""

from __future__ import annotations

import re

import httpx
from icalendar import Calendar

from afterview.services import calendar_feed
from afterview.storage.db import Database
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
    secret = calendar_feed.feed_token(db, now=ADDED)
    response = web.get(f"/calendar/{secret}.ics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["cache-control"] == "private, no-cache"
    cal = Calendar.from_ical(response.content)
    events = cal.walk("VEVENT")
    assert len(events) == 13
    assert {e.stamp for e in events} == {MORNING}
    assert {str(e["URL"]) for e in events} == {f"{web.base_url.join('/applications/1')}"}


def test_the_settings_page_shows_the_feed_and_a_rotate_form(
    web: httpx.Client, db: Database
) -> None:
    path = _feed_path(web)
    assert path == f"/calendar/{calendar_feed.feed_token(db, now=ADDED)}.ics"
    assert _feed_path(web) == path  # showing it again does not change it
    page = web.get("/settings").text
    assert 'action="/settings/calendar/rotate"' in page
    assert f'name="csrf_token" value="{token(web)}"' in page


def test_a_wrong_token_is_not_found_with_the_one_error_shape(
    web: httpx.Client, db: Database
) -> None:
    secret = calendar_feed.feed_token(db, now=ADDED)
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

"""One application's page: the plan as a timeline with reasons and sources, and the forms
that record what happened."""

from __future__ import annotations

import httpx

from afterview.storage.db import Database
from tests.acting import local
from tests.web.conftest import token


def statuses(db: Database, kind: str) -> list[str]:
    with local(db).read() as tx:
        rows = tx.all("SELECT status FROM actions WHERE kind = :k ORDER BY id", {"k": kind})
    return [r["status"] for r in rows]


def test_the_plan_shows_each_step_with_why_and_sources(web: httpx.Client) -> None:
    page = web.get("/applications/1")
    assert page.status_code == 200
    assert "Round 2, Fri 20 Nov 14:00 (on site) with" in page.text
    assert "Priya Raman, Tom Becker, Ana López" in page.text
    assert "follow up one business day after that" in page.text
    assert 'title="thank_you_within_24h">(Thank-you within 24 hours)' in page.text
    assert "6 Post Interview Tips" in page.text


def test_marking_a_step_done_from_the_timeline(web: httpx.Client, db: Database) -> None:
    with local(db).read() as tx:
        step = tx.one("SELECT id FROM actions WHERE kind = 'celebrate'")
    assert step is not None
    sent = web.post(
        f"/steps/{step['id']}/done",
        data={"csrf_token": token(web), "back": "/applications/1"},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    assert sent.headers["location"] == "/applications/1"
    assert statuses(db, "celebrate") == ["done"]


def test_the_way_back_after_a_form_stays_inside_the_app(web: httpx.Client) -> None:
    sent = web.post(
        "/steps/2/skip",
        data={"csrf_token": token(web), "why": "x", "back": "//evil.example/"},
        follow_redirects=False,
    )
    assert sent.headers["location"] == "/"


def test_a_reply_with_a_date_moves_the_follow_ups(web: httpx.Client, db: Database) -> None:
    web.post("/applications/1/reply", data={"csrf_token": token(web), "not_until": "2026-12-15"})
    page = web.get("/applications/1")
    assert "from Wed 16 Dec 08:00" in page.text
    assert statuses(db, "follow_up") == ["pending", "pending"]


def test_recording_a_rejection_plans_the_gracious_reply(web: httpx.Client, db: Database) -> None:
    sent = web.post(
        "/applications/1/outcome",
        data={"csrf_token": token(web), "kind": "rejected", "feedback": "timing"},
    )
    assert sent.status_code == 303
    assert "Reply to the rejection" in web.get(sent.headers["location"]).text
    assert statuses(db, "follow_up") == ["cancelled", "cancelled"]


def test_a_logged_contact_with_a_bad_time_is_a_clear_error(web: httpx.Client) -> None:
    bad = web.post(
        "/applications/1/log",
        data={"csrf_token": token(web), "kind": "call", "to": "Priya Raman", "at": "tomorrowish"},
    )
    assert bad.status_code == 400
    assert "cannot read &#39;tomorrowish&#39; as a date and time" in bad.text


def test_forms_without_the_token_change_nothing(web: httpx.Client, db: Database) -> None:
    refused = web.post("/applications/1/outcome", data={"kind": "rejected"})
    assert refused.status_code == 403
    assert statuses(db, "follow_up") == ["pending", "pending"]


def test_every_visible_field_has_a_label(web: httpx.Client) -> None:
    import re

    page = web.get("/applications/1").text
    ids = set(
        re.findall(r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*id="([^"]+)"', page)
    )
    labels = set(re.findall(r'<label for="([^"]+)"', page))
    assert ids
    assert ids <= labels

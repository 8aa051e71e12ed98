"""The Inbox page over real HTTP, with the reply watch reading a real dovecot."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from afterview.storage.db import Database
from tests.acting import local
from tests.support.dovecot import Dovecot, thanks_and_a_rejection
from tests.web.conftest import token

FRIDAY_EVENING = datetime(2026, 11, 20, 18, 0, tzinfo=ZoneInfo("America/Toronto"))


def test_the_inbox_page_says_when_the_watch_is_not_set_up(
    web: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AFTERVIEW_IMAP_HOST", raising=False)
    page = web.get("/inbox")
    assert page.status_code == 200
    assert '<a href="/inbox">Inbox</a>' in page.text
    assert "The reply watch is not set up" in page.text
    assert 'action="/inbox/check"' not in page.text
    assert "Nothing waits for a decision." in page.text


def test_checking_lists_a_suggestion_that_the_user_confirms(
    web: httpx.Client, db: Database, imap: Dovecot
) -> None:
    thanks_and_a_rejection(imap, FRIDAY_EVENING)
    before = imap.mailbox()
    assert web.post("/inbox/check", data={}).status_code == 403  # no CSRF token

    checked = web.post("/inbox/check", data={"csrf_token": token(web)}, follow_redirects=False)
    assert checked.status_code == 303
    assert checked.headers["location"] == "/inbox?scanned=2&found=2"
    assert imap.mailbox() == before

    page = web.get(checked.headers["location"]).text
    assert "Checked: 2 new messages, 2 from employers." in page
    assert "Waiting for you (1)" in page
    assert 'action="/inbox/2/confirm"' in page
    assert 'action="/inbox/2/dismiss"' in page
    assert "a reply\n      from Tom Becker &lt;tom.becker@northwind.example&gt;" in page

    confirmed = web.post(
        "/inbox/2/confirm", data={"csrf_token": token(web)}, follow_redirects=False
    )
    assert confirmed.status_code == 303
    assert confirmed.headers["location"] == "/applications/1"
    with local(db).read() as tx:
        row = tx.one("SELECT outcome_kind FROM applications WHERE id = 1")
    assert row == {"outcome_kind": "rejected"}
    again = web.post("/inbox/2/dismiss", data={"csrf_token": token(web)})
    assert again.status_code == 400
    assert "not waiting for a decision" in again.text


def test_what_the_watch_found_shows_on_the_today_page(web: httpx.Client, imap: Dovecot) -> None:
    assert "Heard back" not in web.get("/").text
    thanks_and_a_rejection(imap, FRIDAY_EVENING)
    web.post("/inbox/check", data={"csrf_token": token(web)})
    today = web.get("/").text
    assert "Heard back (2)" in today
    heard = today.split('id="heard"')[1].split("</section>")[0]
    assert "a reply that reads like a rejection" in heard
    assert '<a href="/inbox">confirm or dismiss it</a>' in heard
    assert "tom.becker@northwind.example answered on" in heard
    assert "follow-ups stopped" in heard


def test_a_mistaken_match_is_undone_from_the_inbox_page(web: httpx.Client, db: Database) -> None:
    from afterview.services import inbox

    event = {
        "message_id": "<news@northwind.example>",
        "in_reply_to": None,
        "from_addr": "news@northwind.example",
        "from_name": "Northwind News",
        "subject": "Our December newsletter",
        "received_at": FRIDAY_EVENING,
        "kind": "human",
        "return_on": None,
        "why": None,
    }
    with local(db).write() as tx:
        event_id = inbox.record(tx, 1, event, now=FRIDAY_EVENING)
    page = web.get("/inbox").text
    assert f'action="/inbox/{event_id}/undo"' in page
    assert web.post(f"/inbox/{event_id}/undo", data={}).status_code == 403  # no CSRF token
    undone = web.post(
        f"/inbox/{event_id}/undo", data={"csrf_token": token(web)}, follow_redirects=False
    )
    assert undone.status_code == 303
    with local(db).read() as tx:
        row = tx.one("SELECT replied_at FROM applications WHERE id = 1")
    assert row == {"replied_at": None}
    after = web.get("/inbox").text
    assert "Undid the match: the message from Northwind News" in after
    assert "(undone: it does not count)" in after
    assert f'action="/inbox/{event_id}/undo"' not in after


def test_the_page_reads_only_the_time_zone_and_shows_what_it_showed_with_the_agenda(
    web: httpx.Client, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from afterview.services import agenda, inbox, records

    event = {
        "message_id": "<late@northwind.example>",
        "in_reply_to": None,
        "from_addr": "tom.becker@northwind.example",
        "from_name": "Tom Becker",
        "subject": "Re: Thank you",
        "received_at": datetime(2026, 11, 21, 2, 30, tzinfo=ZoneInfo("UTC")),  # 21:30 Toronto
        "kind": "human",
        "return_on": None,
        "why": None,
    }
    with local(db).write() as tx:
        inbox.record(tx, 1, event, now=FRIDAY_EVENING)
    page = web.get("/inbox").text
    assert "Fri 20 Nov 21:30" in page  # in the candidate's zone, not UTC's Saturday

    def zone_from_the_agenda(work: Any) -> Any:
        return agenda.agenda(work, now=FRIDAY_EVENING, days=0, limit=1).zone

    monkeypatch.setattr(records, "zone", zone_from_the_agenda)
    assert web.get("/inbox").text == page

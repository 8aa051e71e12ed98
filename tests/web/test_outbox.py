"""Approving from the draft editor, the Outbox page, and the worker inside the web app."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from afterview.domain.serial import to_builtins
from afterview.services import outbox
from afterview.storage.db import Database
from afterview.web import cache
from afterview.web.app import WebSettings
from tests.acting import local
from tests.support.live import Live, live
from tests.support.smtp import SmtpServer, running_smtp
from tests.web.conftest import MORNING, token

PAGE = "/applications/1/drafts"


def _note(client: httpx.Client, to: str = "Ana López", **extra: str) -> dict[str, str]:
    return {
        "csrf_token": token(client),
        "kind": "thank_you",
        "to": to,
        "subject": "Thank you, Ana",
        "body": "Dear Ana,\n\nThank you for the talk about relocation support.\n\nJordan Lee\n",
        **extra,
    }


def test_the_editor_offers_to_approve_each_note_at_the_planned_hour(web: httpx.Client) -> None:
    page = web.get(PAGE)
    assert page.status_code == 200
    assert page.text.count('formaction="/applications/1/drafts/approve"') == 3
    # Tom's thank-you: Saturday 08:00 in Berlin is 02:00 in Toronto, the user's zone.
    assert 'value="2026-11-21T02:00"' in page.text
    assert '<a href="/outbox">Outbox</a>' in page.text


def test_approving_puts_the_edited_note_in_the_outbox(web: httpx.Client, db: Database) -> None:
    note = _note(web, send_at="2026-11-23T09:15")
    refused = web.post(f"{PAGE}/approve", data={k: v for k, v in note.items() if k != "csrf_token"})
    assert refused.status_code == 403
    assert outbox.entries(local(db)) == []

    approved = web.post(f"{PAGE}/approve", data=note)
    assert approved.status_code == 303
    assert approved.headers["location"] == "/outbox"
    [entry] = outbox.entries(local(db))
    row = to_builtins(entry)
    assert row["status"] == "approved"
    assert row["subject"] == "Thank you, Ana"
    assert row["to_email"] == "ana.lopez@northwind.example"
    expected = datetime(2026, 11, 23, 9, 15, tzinfo=ZoneInfo("America/Toronto"))
    assert datetime.fromisoformat(row["send_at"]) == expected
    with local(db).read() as tx:
        body = tx.one("SELECT body FROM messages")
    assert body == {"body": note["body"]}

    page = web.get("/outbox")
    assert "Thank-you note → Ana López" in page.text
    assert "Mon 23 Nov 2026 09:15" in page.text
    again = web.post(f"{PAGE}/approve", data=note)
    assert again.status_code == 400
    assert "already in the outbox" in again.text


def test_a_blocked_note_is_not_approved_without_a_reason(web: httpx.Client, db: Database) -> None:
    note = _note(web, to="Priya Raman", send_at="2026-11-24T09:00")
    note["kind"] = "follow_up"
    refused = web.post(f"{PAGE}/approve", data=note)
    assert refused.status_code == 400
    assert "Send it anyway" in refused.text
    assert outbox.entries(local(db)) == []


def test_cancel_and_send_again_from_the_outbox_page(web: httpx.Client, db: Database) -> None:
    web.post(f"{PAGE}/approve", data=_note(web))
    [entry] = outbox.entries(local(db))
    number = entry.row["id"]
    page = web.get("/outbox")
    assert f'action="/outbox/{number}/cancel"' in page.text
    assert web.post(f"/outbox/{number}/cancel").status_code == 403
    data = {"csrf_token": token(web)}
    assert web.post(f"/outbox/{number}/cancel", data=data).status_code == 303
    assert outbox.entries(local(db))[0].row["status"] == "cancelled"
    assert f'action="/outbox/{number}/retry"' in web.get("/outbox").text
    web.post(f"/outbox/{number}/retry", data=data)
    assert outbox.entries(local(db))[0].row["status"] == "approved"
    missing = web.post("/outbox/999/cancel", data=data)
    assert missing.status_code == 404


def test_a_note_held_after_a_rejection_shows_why_and_goes_only_with_a_reason(
    web: httpx.Client, db: Database
) -> None:
    from afterview.services import tracking

    web.post(f"{PAGE}/approve", data=_note(web))
    number = outbox.entries(local(db))[0].row["id"]
    tracking.outcome(local(db), 1, "rejected", at=MORNING, now=MORNING)
    page = web.get("/outbox").text
    assert "Northwind Robotics turned the application down on Sat 21 Nov" in page
    assert f'for="reason-{number}">Your reason to send it anyway' in page
    data = {"csrf_token": token(web)}
    refused = web.post(f"/outbox/{number}/retry", data=data)
    assert refused.status_code == 400
    assert f"Message {number} stays held" in refused.text
    assert outbox.entries(local(db))[0].row["status"] == "blocked"
    reason = {**data, "override_reason": "Ana asked me to write anyway"}
    assert web.post(f"/outbox/{number}/retry", data=reason).status_code == 303
    assert outbox.entries(local(db))[0].row["status"] == "approved"


@pytest.fixture
def mail() -> Iterator[SmtpServer]:
    with running_smtp() as server:
        yield server


@pytest.fixture
def served(db: Database, mail: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Live]:
    for name, value in mail.env().items():
        monkeypatch.setenv(name, value)
    settings = WebSettings(db.url, clock=lambda: MORNING, worker=True, worker_interval_s=0.05)
    with live(settings) as running:
        yield running


def test_serve_with_the_worker_sends_what_is_approved(
    served: Live, mail: SmtpServer, db: Database
) -> None:
    with httpx.Client(base_url=served.url) as http:
        note = _note(http, send_at="2026-11-21T08:00")
        assert http.post(f"{PAGE}/approve", data=note).status_code == 303
    [got] = mail.wait_for(1)
    assert got.recipients == ("ana.lopez@northwind.example",)
    assert got.message["Subject"] == "Thank you, Ana"
    served.stop()  # the worker finishes its round before the app stops
    assert not served.thread.is_alive()
    assert not any(t.name == "afterview-worker" for t in threading.enumerate())
    with local(db).read() as tx:
        sent = tx.one("SELECT status FROM messages")
    assert sent == {"status": "sent"}
    assert len(mail.received) == 1


def test_with_no_mail_server_the_outbox_and_today_say_so_at_once_and_offer_other_ways(
    web: httpx.Client, db: Database
) -> None:
    assert "delivery-stuck" not in web.get("/").text
    web.post(f"{PAGE}/approve", data=_note(web))
    [entry] = outbox.entries(local(db))
    number = entry.row["id"]

    page = web.get("/outbox").text
    assert "Approved your note to Ana López for" in page
    assert "but nothing will send it yet" in page
    assert "No mail server is set up, so 1 approved note in the outbox waits" in page
    assert 'href="mailto:ana.lopez@northwind.example?subject=Thank%20you%2C%20Ana' in page
    assert f'href="/outbox/{number}.eml"' in page
    assert "Thank you for the talk about relocation support." in page  # the text to copy
    assert 'href="/outbox#sending-setup"' in page
    assert 'id="sending-setup"' in page

    today = web.get("/").text
    assert "Nothing will send your approved note" in today
    assert 'href="/outbox#sending-setup"' in today

    eml = web.get(f"/outbox/{number}.eml")
    assert eml.status_code == 200
    assert eml.headers["content-type"].startswith("message/rfc822")
    assert b"Subject: Thank you, Ana" in eml.content
    assert f"Message-ID: {entry.row['message_id']}".encode() in eml.content
    assert web.get("/outbox/999.eml").status_code == 404


def test_with_a_mail_server_but_no_worker_the_pages_say_the_worker_is_not_running(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFTERVIEW_SMTP_HOST", "smtp.example.org")
    toronto = ZoneInfo("America/Toronto")
    due = datetime(2026, 11, 23, 9, 0, tzinfo=toronto)
    outbox.approve(local(db), 1, kind="thank_you", to="Ana López", send_at=due, now=MORNING)
    clock = [due.replace(minute=10)]
    with (
        live(WebSettings(db.url, clock=lambda: clock[0])) as running,
        httpx.Client(base_url=running.url) as http,
    ):
        assert "delivery-stuck" not in http.get("/outbox").text
        assert "delivery-stuck" not in http.get("/").text
        clock[0] = due.replace(minute=20)
        page = http.get("/outbox").text
        today = http.get("/").text
    for text in (page, today):
        assert "The worker is not running" in text
        assert "1 note should have gone out by now, but no worker has taken it" in text
        assert "<code>afterview worker</code>" in text


def test_the_outbox_page_reads_its_notes_their_zone_and_delivery_in_one_transaction(
    web: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    web.post(f"{PAGE}/approve", data=_note(web))
    web.get("/outbox")  # the schema is checked once, on the first read
    opened: list[Database] = []
    plain = Database._connect

    def counted(self: Database) -> object:
        opened.append(self)
        return plain(self)

    monkeypatch.setattr(Database, "_connect", counted)
    kept = web.get("/outbox").text
    assert opened == []  # kept: the page is rendered once per minute and data revision

    def fresh(state: Any, name: str, key: Any, now: datetime, render: Any, size: int = 0) -> Any:
        return cache.page_of(render(cache.minute(now)))

    monkeypatch.setattr(cache, "minute_page", fresh)
    page = web.get("/outbox").text  # rendered: one transaction
    assert "Thank you, Ana" in page
    assert "No mail server is set up, so 1 approved note in the outbox waits" in page
    assert len(opened) == 1
    assert page == kept  # the same browser: the same token

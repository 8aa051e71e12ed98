"""Sending and hearing back, in real Chromium: the outbox with a real SMTP server, the inbox
with a real dovecot. Screenshots of both pages go to the docs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from afterview.storage.db import Database
from tests.acting import local, worker
from tests.support.dovecot import Dovecot, thanks_and_a_rejection
from tests.support.smtp import SmtpServer, running_smtp
from tests.web.conftest import MORNING

TORONTO = ZoneInfo("America/Toronto")
ANA_AT = datetime(2026, 11, 21, 9, 0, tzinfo=TORONTO)  # Saturday, half an hour after MORNING
PRIYA_AT = datetime(2026, 11, 23, 9, 0, tzinfo=TORONTO)  # Monday: not due in the round below
FRIDAY_EVENING = datetime(2026, 11, 20, 18, 0, tzinfo=TORONTO)


@pytest.fixture
def mail(monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    """aiosmtpd on loopback, reached through the same settings a user would export."""
    monkeypatch.delenv("AFTERVIEW_IMAP_HOST", raising=False)
    with running_smtp() as server:
        for name, value in server.env().items():
            monkeypatch.setenv(name, value)
        yield server


@pytest.fixture
def site(db: Database) -> Iterator[str]:
    """The panel interview, served at MORNING without the in-process worker: the test runs
    the worker's round itself, as ``afterview worker --once`` would."""
    from afterview.web.app import WebSettings
    from tests.support.live import live

    with live(WebSettings(db.url, clock=lambda: MORNING)) as running:
        yield running.url


def _tab(page: Any, name: str) -> Any:
    """Open the editor's tab of ``name`` (only one note shows at a time); its panel."""
    link = page.get_by_role("navigation", name="Recipients").get_by_role("link", name=name)
    link.click()
    panel = page.locator(link.get_attribute("href"))
    panel.get_by_role("heading", name=f"To {name}").wait_for()
    return panel


def _approve(page: Any, name: str, at: datetime) -> None:
    """Approve the thank-you note to ``name`` in the draft editor, to go at ``at``."""
    panel = _tab(page, name)
    panel.get_by_label("Approve and send at").fill(f"{at:%Y-%m-%dT%H:%M}")
    with page.expect_navigation():
        panel.get_by_role("button", name="Approve and send").click()


def test_a_note_approved_in_the_editor_is_sent_by_one_worker_round(
    site: str, db: Database, mail: SmtpServer, page: Any, shots: Path
) -> None:
    from playwright.sync_api import expect

    from afterview.mail import outbox_worker
    from afterview.mail.config import imap_server, smtp_server

    page.goto(site + "/applications/1/drafts?kind=thank_you")
    ana = _tab(page, "Ana López")
    expect(ana.locator(".address")).to_have_text("ana.lopez@northwind.example")
    subject = ana.get_by_label("Subject").input_value()
    _approve(page, "Ana López", ANA_AT)
    assert page.url == site + "/outbox"
    page.goto(site + "/applications/1/drafts?kind=thank_you")
    _approve(page, "Priya Raman", PRIYA_AT)

    rows = page.locator("table.outbox tbody tr")
    expect(rows).to_have_count(2)
    waiting = rows.filter(has_text="Thank-you note → Ana López")
    expect(waiting.locator("td").nth(2)).to_have_text("approved")
    expect(waiting.locator("td").nth(3)).to_have_text("Sat 21 Nov 2026 09:00")
    expect(waiting.get_by_role("button", name="Cancel")).to_be_visible()
    assert mail.received == []

    # One round at 08:30: nothing is due yet, nothing goes out.
    early = outbox_worker.one_round(worker(db), smtp_server(), imap_server(), clock=lambda: MORNING)
    assert early.summary() == "nothing was due"
    assert mail.received == []

    # One round at 09:00: Ana's note goes; Priya's waits for Monday.
    report = outbox_worker.one_round(worker(db), smtp_server(), imap_server(), clock=lambda: ANA_AT)
    assert report.summary() == "1 sent"
    page.reload()
    sent = rows.filter(has_text="Thank-you note → Ana López")
    expect(sent.locator("td").nth(2)).to_have_text("sent")
    expect(sent.locator("td").nth(3)).to_have_text("sent Sat 21 Nov 2026 09:00")
    expect(sent.get_by_role("button")).to_have_count(0)
    later = rows.filter(has_text="Thank-you note → Priya Raman")
    expect(later.locator("td").nth(2)).to_have_text("approved")
    expect(later.locator("td").nth(3)).to_have_text("Mon 23 Nov 2026 09:00")
    page.screenshot(path=str(shots / "outbox.png"), full_page=True)

    [got] = mail.received
    assert got.recipients == ("ana.lopez@northwind.example",)
    assert got.message["To"] == "Ana López <ana.lopez@northwind.example>"
    assert got.message["Subject"] == subject
    assert "relocation support" in got.message.get_content()


def test_a_rejection_found_in_the_inbox_is_confirmed_in_the_browser(
    site: str, db: Database, imap: Dovecot, page: Any, shots: Path
) -> None:
    from playwright.sync_api import expect

    thanks_and_a_rejection(imap, FRIDAY_EVENING)
    before = imap.mailbox()

    page.goto(site + "/")
    page.get_by_role("link", name="Inbox").click()
    page.get_by_role("heading", name="Inbox", level=1).wait_for()
    expect(page.get_by_role("heading", name="Waiting for you (0)")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Check the inbox now").click()
    expect(page.locator("#checked")).to_have_text("Checked: 2 new messages, 2 from employers.")
    expect(page.get_by_role("heading", name="Waiting for you (1)")).to_be_visible()
    suggestion = page.locator("ul.replies li").filter(has_text="reads like a rejection")
    expect(suggestion).to_have_count(1)
    expect(suggestion).to_contain_text("Northwind Talent")
    expect(suggestion).to_contain_text("“Your application”")
    expect(page.locator("ul.replies li").filter(has_text="Re: Thank you")).to_contain_text(
        "a reply"
    )
    page.screenshot(path=str(shots / "inbox.png"), full_page=True)
    assert imap.mailbox() == before  # the watch only read

    with page.expect_navigation():
        suggestion.get_by_role("button", name="Confirm: record the rejection").click()
    assert page.url == site + "/applications/1"
    expect(page.get_by_text("Status:")).to_contain_text("rejected")
    with local(db).read() as tx:
        row = tx.one("SELECT status, outcome_kind FROM applications WHERE id = 1")
    assert row == {"status": "rejected", "outcome_kind": "rejected"}
    page.goto(site + "/inbox")
    expect(page.get_by_role("heading", name="Waiting for you (0)")).to_be_visible()


def test_with_no_mail_server_the_outbox_says_so_on_a_phone_and_by_keyboard(
    browser: Any, site: str, db: Database, shots: Path
) -> None:
    from afterview.services import outbox

    outbox.approve(local(db), 1, kind="thank_you", to="Ana López", now=MORNING, send_at=ANA_AT)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-CA")
    page = context.new_page()
    try:
        page.goto(site + "/outbox")
        notice = page.get_by_role("status").filter(has_text="No mail server is set up")
        notice.wait_for()
        box = notice.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 390  # the notice itself fits the phone
        page.screenshot(path=str(shots / "outbox-no-mail-server-390.png"), full_page=True)

        link = page.get_by_role("link", name="set up sending")
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/outbox#sending-setup")
        summary = page.locator("#message-1 summary")
        summary.focus()
        page.keyboard.press("Enter")
        text = page.get_by_label("To ana.lopez@northwind.example", exact=False)
        text.wait_for()
        assert text.input_value().startswith("Hi Ana,")
        mail_link = page.get_by_role("link", name="Open in mail program")
        assert (mail_link.get_attribute("href") or "").startswith("mailto:ana.lopez@")
    finally:
        context.close()

"""How the Outbox and the Inbox lay out each entry, over real HTTP.

The Outbox: the recipient and the state stand out, the subject reads as text, and the
server's answer (or the rule that stopped a note) is shown under the note, marked as a
problem only for a failed or blocked one. The Inbox: a suggestion's explanation on a line of
its own and the two choices together, after it.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx

from afterview.storage.db import Database
from tests.acting import local
from tests.support.dovecot import Dovecot, message
from tests.web.conftest import token

REFUSED = "550 5.1.1 <ana.lopez@northwind.example>: Recipient address rejected"
LATER = "421 4.7.0 Try again later. Trying again at 2026-11-23 15:10 UTC."


def _approve(web: httpx.Client, to: str) -> None:
    note = {
        "csrf_token": token(web),
        "kind": "thank_you",
        "to": to,
        "subject": f"Thank you, {to.split()[0]}",
        "body": f"Dear {to.split()[0]},\n\nThank you for the talk.\n\nJordan Lee\n",
        "send_at": "2026-11-23T09:15",
    }
    assert web.post("/applications/1/drafts/approve", data=note).status_code == 303


def _row(page: str, to: str) -> str:
    found = re.search(rf"<tr id=\"message-\d+\"[^>]*>(?:(?!</tr>).)*→ {to}.*?</tr>", page, re.S)
    assert found is not None, to
    return found.group()


def test_the_outbox_shows_why_a_note_did_not_go_under_it(web: httpx.Client, db: Database) -> None:
    _approve(web, "Ana López")
    _approve(web, "Priya Raman")
    with local(db).write() as tx:
        for to, status, error in (
            ("Ana López", "failed", REFUSED),
            ("Priya Raman", "approved", LATER),
        ):
            tx.execute(
                "UPDATE messages SET status = :status, error = :error WHERE to_name = :to",
                {"status": status, "error": error, "to": to},
            )
    page = web.get("/outbox").text

    failed = _row(page, "Ana López")
    assert 'class="status-failed"' in failed
    assert '<span class="to">Thank-you note → Ana López</span>' in failed
    assert '<span class="subject">Thank you, Ana</span>' in failed
    assert '<span class="send-error">550 5.1.1 &lt;ana.lopez@northwind.example&gt;' in failed
    assert '<span class="state">failed</span>' in failed
    assert "<strong>" not in failed
    assert "<br>" not in failed

    retrying = _row(page, "Priya Raman")
    assert f'<span class="send-note">{LATER}</span>' in retrying  # a note, not a problem
    assert "send-error" not in retrying


def test_a_suggestion_explains_itself_then_offers_its_choices_and_an_undo_together(
    web: httpx.Client, imap: Dovecot
) -> None:
    imap.append(
        message(
            sender="Northwind Talent <talent@northwind.example>",
            subject="Your application",
            body="We regret to inform you that we are not moving forward.",
            message_id="<no@northwind.example>",
            date=datetime(2026, 11, 20, 18, 0, tzinfo=ZoneInfo("America/Toronto")),
        )
    )
    web.post("/inbox/check", data={"csrf_token": token(web)})
    page = web.get("/inbox").text
    card = re.search(r'<ul class="replies suggestions">.*?</ul>', page, re.S)
    assert card is not None
    text = card.group()
    assert "<p class=\"why\">Why: it says 'regret to inform'</p>" in text.replace("&#39;", "'")
    choices = re.search(r'<div class="choices">(.*?)</div>', text, re.S)
    assert choices is not None
    assert re.findall(r'action="/inbox/\d+/(\w+)"', choices.group(1)) == [
        "confirm",
        "dismiss",
        "undo",
    ]
    assert "<br>" not in text
    assert 'class="inline"' not in text

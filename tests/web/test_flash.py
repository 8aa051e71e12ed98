"""After every save, the page the browser lands on says what happened and what comes next."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import httpx
import pytest

from afterview.domain.wording import kind_label
from afterview.services import outbox
from afterview.storage.db import Database
from afterview.web import flash
from afterview.web.app import WebSettings
from tests.acting import local
from tests.support.live import client
from tests.web.conftest import MORNING, token
from tests.web.test_edit import form_values
from tests.web.test_forms import panel_form
from tests.web.test_journal import Clock, _debrief_form

STATUS = re.compile(r'<p class="flash" role="status" id="flash">(?P<text>[^<]*)</p>')


def said(page: httpx.Response) -> str:
    """The confirmation in a page, or "" when it has none."""
    found = STATUS.search(page.text)
    return html.unescape(" ".join(found["text"].split())) if found else ""


def save(web: httpx.Client, path: str, form: dict[str, str]) -> httpx.Response:
    """Post a form as a browser does, following the redirect to the page it lands on."""
    return web.post(path, data={**form, "csrf_token": token(web)}, follow_redirects=True)


def step_id(db: Database, kind: str) -> int:
    with local(db).read() as tx:
        row = tx.one("SELECT id FROM actions WHERE kind = :k ORDER BY id LIMIT 1", {"k": kind})
    assert row is not None
    return int(row["id"])


def test_adding_an_interview_says_what_was_planned_and_what_comes_next(web: httpx.Client) -> None:
    landed = save(web, "/interviews", panel_form())
    assert landed.status_code == 200
    text = said(landed)
    assert re.match(r"Saved your interview with Tailspin Toys and planned \d+ steps\. Next: ", text)
    assert re.search(r"Next: [^.]+, (by|overdue since) \w{3} \d\d \w{3} \d\d:\d\d\.$", text)


def test_the_confirmation_is_shown_once(web: httpx.Client) -> None:
    landed = save(web, "/interviews", panel_form())
    assert said(landed)
    assert said(web.get(str(landed.url))) == ""


def test_marking_a_step_done_from_today_says_so_on_today(web: httpx.Client, db: Database) -> None:
    web.get("/")  # the Today page is cached: the message must still reach it
    step = step_id(db, "celebrate")
    landed = save(web, f"/steps/{step}/done", {"back": "/"})
    assert str(landed.url).endswith("/")
    # Today shows every application: the next step says which one it belongs to.
    assert said(landed).startswith(
        f"Marked done: {kind_label('celebrate')}. Next at Northwind Robotics: "
    )


def test_skipping_a_step_says_which_and_that_the_reason_is_kept(
    web: httpx.Client, db: Database
) -> None:
    step = step_id(db, "keep_searching")
    landed = save(
        web, f"/steps/{step}/skip", {"why": "already applying", "back": "/applications/1"}
    )
    assert said(landed) == (
        f"Skipped: {kind_label('keep_searching')}, with your reason kept. "
        "The rest of the plan stays."
    )


@pytest.mark.parametrize(
    ("path", "form", "expected"),
    [
        (
            "/applications/1/log",
            {"kind": "call", "to": "Priya Raman", "at": "2026-11-21T08:00"},
            "Recorded your call to Priya Raman; the plan counts it. Next: ",
        ),
        (
            "/applications/1/reply",
            {"not_until": "2026-12-15"},
            "Recorded their reply, and that they asked you to wait until Tue 15 Dec; "
            "follow-ups are replanned. Next: ",
        ),
        (
            "/applications/1/outcome",
            {"kind": "rejected"},
            "Recorded the rejection; steps that no longer apply are cancelled. Next: ",
        ),
    ],
)
def test_recording_what_happened_says_so_on_the_application(
    web: httpx.Client, path: str, form: dict[str, str], expected: str
) -> None:
    landed = save(web, path, form)
    assert str(landed.url).endswith("/applications/1")
    assert said(landed).startswith(expected)


def test_a_failed_save_leaves_no_confirmation(web: httpx.Client) -> None:
    bad = web.post(
        "/applications/1/log",
        data={"csrf_token": token(web), "kind": "call", "at": "tomorrowish"},
    )
    assert bad.status_code == 400
    assert said(bad) == ""
    assert said(web.get("/applications/1")) == ""


def test_a_fragment_leaves_the_confirmation_for_the_next_page(
    web: httpx.Client, db: Database
) -> None:
    sent = web.post(
        f"/steps/{step_id(db, 'celebrate')}/done",
        data={"csrf_token": token(web), "back": "/applications/1"},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    fragment = web.get("/interviews/new/panel-member?index=3", headers={"HX-Request": "true"})
    assert 'role="status"' not in fragment.text
    assert said(web.get("/applications/1")).startswith(f"Marked done: {kind_label('celebrate')}.")


def test_the_message_is_text_never_markup() -> None:
    page = flash.shown(b'<main id="main"><h1>x</h1></main>', "<script>alert(1)</script>")
    assert page is not None
    assert b"<script>" not in page
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_damaged_cookie_is_ignored() -> None:
    assert flash.read(f"{flash.COOKIE}=%%%not-base64") is None
    assert flash.read("other=1") is None


def test_the_debrief_and_the_revisit_say_what_they_did_and_when_to_come_back(
    db: Database,
) -> None:
    clock = Clock(MORNING)
    with client(WebSettings(db.url, clock=clock)) as site:
        debriefed = site.post(
            "/applications/1/debrief", data=_debrief_form(token(site)), follow_redirects=True
        )
        assert said(debriefed) == (
            "Saved your debrief: this evening's reflection is done. "
            "Reread it from Mon 23 Nov 08:30."
        )
        clock.now = MORNING + timedelta(days=2, hours=1)
        revisited = save(site, "/applications/1/revisit", {"went_well": "The pipeline story."})
        assert said(revisited) == (
            "Saved your revisit: your reflection on this interview is complete."
        )


def test_cancelling_a_note_in_the_outbox_says_it_will_not_be_sent(
    web: httpx.Client, db: Database
) -> None:
    approved = outbox.approve(local(db), 1, kind="thank_you", to="Ana López", now=MORNING)
    landed = save(web, f"/outbox/{approved.id}/cancel", {})
    assert str(landed.url).endswith("/outbox")
    assert said(landed).startswith("Cancelled: the note will not be sent.")


def test_saving_an_edit_says_so_and_what_comes_next(web: httpx.Client) -> None:
    page = web.get("/applications/1/edit").text
    fields = form_values(page) | {"contact_preference": "email", "channel_before": "email"}
    fields = {k: v for k, v in fields.items() if k != "csrf_token"}
    landed = save(web, "/applications/1/edit", {**fields, "act": "save"})
    assert said(landed).startswith("Saved your changes to the interview and replanned. Next: ")

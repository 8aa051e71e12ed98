"""The draft editor over real HTTP: tabs per recipient, live lint, mailto: and .eml."""

from __future__ import annotations

import email
import email.policy
import os
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from afterview.config import data_dir
from afterview.domain import drafting
from afterview.interview_file import read_data
from afterview.services import tracking
from afterview.storage.db import Database
from afterview.templating import environment
from afterview.web import cache, drafts
from afterview.web.app import WebSettings, create_app
from tests.acting import local
from tests.conftest import EXAMPLES
from tests.web.conftest import ADDED, token

PAGE = "/applications/1/drafts"
PUSHY = "Just checking in — any update? ASAP!!!"
TOPICS = {
    "Priya Raman": "migrating the nightly batch jobs to streaming",
    "Tom Becker": "data-quality checks in the ingestion pipeline",
    "Ana López": "relocation support for the Toronto office",
}


class Form(HTMLParser):
    """The page's controls, labels, tabs and links, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []  # input, textarea, select
        self.labels: set[str] = set()
        self.textareas: dict[str, str] = {}
        self.links: list[str] = []
        self.ids: set[str] = set()
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if attr.get("id"):
            self.ids.add(attr["id"] or "")
        if tag in ("input", "textarea", "select"):
            self.controls.append({"tag": tag, **attr})
        if tag == "label" and attr.get("for"):
            self.labels.add(attr["for"] or "")
        if tag == "a" and attr.get("href"):
            self.links.append(attr["href"] or "")
        if tag == "textarea":
            self._textarea = attr.get("id") or ""
            self.textareas[self._textarea] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.textareas[self._textarea] += data


def parsed(html: str) -> Form:
    form = Form()
    form.feed(html)
    return form


def lint(
    client: httpx.Client,
    body: str,
    *,
    to: str = "Priya Raman",
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    data = {"kind": "thank_you", "to": to, "subject": "Thank you", "body": body}
    return client.post(f"{PAGE}/lint", data=data, headers=headers)


def test_one_tab_per_panel_member_each_prefilled_with_their_own_topic(web: httpx.Client) -> None:
    page = web.get(PAGE, params={"kind": "thank_you"})
    assert page.status_code == 200
    form = parsed(page.text)
    tabs = [link for link in form.links if link.startswith("#note-")]
    assert tabs == ["#note-1", "#note-2", "#note-3"]
    assert {t[1:] for t in tabs} <= form.ids  # each tab links to its panel
    for n, (name, topic) in enumerate(TOPICS.items(), start=1):
        assert f'<a href="#note-{n}">{name}</a>' in page.text
        body = form.textareas[f"body-{n}"]
        greeting = body.lstrip("\n").splitlines()[0]
        assert greeting.endswith(f" {name.split()[0]},")
        assert topic in body
        others = [t for other, t in TOPICS.items() if other != name]
        assert not any(t in body for t in others)


def test_a_steps_link_opens_its_recipients_tab(web: httpx.Client) -> None:
    today = web.get("/").text
    links = re.findall(r'class="draft" href="([^"]+)"', today)
    assert any("to=" in link for link in links), links
    for n, name in enumerate(TOPICS, start=1):
        opened = web.get(PAGE, params={"kind": "thank_you", "to": name.upper()})
        assert opened.status_code == 303
        assert opened.headers["location"] == f"{PAGE}?kind=thank_you#note-{n}"
    stranger = web.get(PAGE, params={"kind": "thank_you", "to": "Nobody"})
    assert stranger.status_code == 200  # every tab, the first one open


def test_every_control_is_labelled_and_wired_to_its_tab_findings(web: httpx.Client) -> None:
    form = parsed(web.get(PAGE).text)
    visible = [c for c in form.controls if c.get("type") != "hidden"]
    # The kind selector, and a subject, a body and an "Approve and send at" time per tab.
    assert len(visible) == 1 + 3 * 3
    for control in visible:
        assert control.get("id") in form.labels, control
    for control in visible:
        if control["tag"] == "select" or control.get("name") == "send_at":
            continue
        assert control["hx-post"] == f"{PAGE}/lint"
        assert control["hx-trigger"] == "input changed delay:300ms"
        assert control["hx-include"] == "closest form"
        target = control["hx-target"] or ""
        assert target.startswith("#findings-")
        assert target[1:] in form.ids


def test_the_kind_selector_offers_the_kinds_that_have_recipients(web: httpx.Client) -> None:
    page = web.get(PAGE)
    assert '<option value="thank_you" selected>Thank-you notes (3)</option>' in page.text
    assert '<option value="notify_referrer">' in page.text
    follow_up = web.get(PAGE, params={"kind": "follow_up"})
    assert follow_up.status_code == 200
    assert [x for x in parsed(follow_up.text).links if x.startswith("#note-")] == ["#note-1"]
    unknown = web.get(PAGE, params={"kind": "flowers"})
    assert unknown.status_code == 400
    assert "Nothing to draft for" in unknown.text


def test_mailto_links_carry_the_subject_and_body(web: httpx.Client) -> None:
    form = parsed(web.get(PAGE).text)
    mailtos = [link for link in form.links if link.startswith("mailto:")]
    assert len(mailtos) == 3
    url = urlsplit(mailtos[2])
    assert url.path == "ana.lopez@northwind.example"
    query = parse_qs(url.query)
    assert query["subject"] == ["Northwind Robotics interview: thank you"]
    assert TOPICS["Ana López"] in query["body"][0]
    assert "\r\n" in query["body"][0]


def test_live_lint_returns_the_findings_fragment(web: httpx.Client) -> None:
    headers = {"X-CSRF-Token": token(web)}
    pushy = lint(web, PUSHY, headers=headers)
    assert pushy.status_code == 200
    assert "<html" not in pushy.text  # a fragment, not a page
    assert "pushy" in pushy.text
    assert "Why: There is a fine line between proactive and pushy" in pushy.text
    assert "Sources: " in pushy.text
    form = parsed(web.get(PAGE).text)
    clean = web.post(
        f"{PAGE}/lint",
        data={
            "kind": "thank_you",
            "to": "Priya Raman",
            "subject": next(c["value"] or "" for c in form.controls if c.get("id") == "subject-1"),
            "body": form.textareas["body-1"].replace("\n", "\r\n"),  # as a browser sends it
        },
        headers=headers,
    )
    assert clean.status_code == 200
    assert "No findings." in clean.text


def test_live_lint_without_the_token_is_refused(web: httpx.Client) -> None:
    refused = lint(web, PUSHY)
    assert refused.status_code == 403
    assert "security token" in refused.text
    forged = lint(web, PUSHY, headers={"X-CSRF-Token": "forged"})
    assert forged.status_code == 403


def test_lint_for_someone_who_gets_no_such_note_is_a_clear_400(web: httpx.Client) -> None:
    refused = lint(web, PUSHY, to="Sam Ortiz", headers={"X-CSRF-Token": token(web)})
    assert refused.status_code == 400
    assert "A thank-you note does not go to Sam Ortiz; it goes to Priya Raman, Tom Becker, Ana" in (
        unescape(refused.text)
    )


def test_user_text_is_escaped(web: httpx.Client, db: Database) -> None:
    fragment = lint(
        web, "Dear Priya, <script>alert(1)</script>", headers={"X-CSRF-Token": token(web)}
    )
    assert fragment.status_code == 200
    assert "<script>" not in fragment.text
    assert "&lt;script&gt;" in fragment.text
    with local(db).write() as tx:
        tx.execute("UPDATE applications SET role = '<script>alert(1)</script>' WHERE id = 1")
    page = web.get(PAGE)
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_download_as_eml(web: httpx.Client) -> None:
    body = "Dear Ana,\r\n\r\nThank you for the talk about relocation.\r\n\r\nJordan Lee\r\n"
    data = {
        "csrf_token": token(web),
        "kind": "thank_you",
        "to": "Ana López",
        "subject": "Thank you, Ana",
        "body": body,
    }
    download = web.post(f"{PAGE}/eml", data=data)
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("message/rfc822")
    disposition = download.headers["content-disposition"]
    assert disposition == 'attachment; filename="thank_you-ana-lopez.eml"'
    assert b"\r\n" in download.content
    message = email.message_from_bytes(download.content, policy=email.policy.default)
    assert message["From"] == "Jordan Lee <jordan.lee@example.org>"
    assert message["To"] == "Ana López <ana.lopez@northwind.example>"
    assert message["Subject"] == "Thank you, Ana"
    assert message["Message-ID"].endswith("@example.org>")
    assert message["Date"] == "Sat, 21 Nov 2026 08:30:00 -0500"
    content = message.get_content()
    assert "relocation" in content
    assert "\r" not in content.replace("\r\n", "\n")
    plain = email.message_from_bytes(download.content)  # the default (compat32) parser too
    assert plain["Message-ID"]
    assert plain.get_content_type() == "text/plain"


def test_eml_needs_the_token_an_email_address_and_no_header_injection(
    web: httpx.Client, db: Database
) -> None:
    data = {"kind": "thank_you", "to": "Priya Raman", "subject": "Hi", "body": "Dear Priya"}
    assert web.post(f"{PAGE}/eml", data=data).status_code == 403
    data["csrf_token"] = token(web)
    injected = web.post(f"{PAGE}/eml", data={**data, "subject": "Hi\r\nBcc: x@evil.example"})
    assert injected.status_code == 200
    message = email.message_from_bytes(injected.content, policy=email.policy.default)
    assert message["Bcc"] is None
    assert message["Subject"] == "Hi Bcc: x@evil.example"
    with local(db).write() as tx:
        tx.execute("UPDATE applications SET referrer_email = NULL WHERE id = 1")
    data.update(kind="notify_referrer", to="Sam Ortiz")
    refused = web.post(f"{PAGE}/eml", data=data)
    assert refused.status_code == 400
    assert "no email address on file for Sam Ortiz" in refused.text
    page = web.get(PAGE, params={"kind": "notify_referrer"})
    assert "No email address on file" in page.text
    assert "mailto:" not in page.text


def test_an_unknown_application_is_a_404_page(web: httpx.Client) -> None:
    missing = web.get("/applications/77/drafts")
    assert missing.status_code == 404
    assert "<h1>404: not found</h1>" in missing.text
    assert "No application with id 77" in missing.text
    lint_missing = web.post(
        "/applications/77/drafts/lint",
        data={"kind": "thank_you", "to": "Priya Raman", "body": PUSHY},
        headers={"X-CSRF-Token": token(web)},
    )
    assert lint_missing.status_code == 404


def test_a_linkedin_note_has_no_subject_and_is_not_an_email(web: httpx.Client) -> None:
    page = web.get(PAGE, params={"kind": "keep_in_touch"})
    assert page.status_code == 200
    form = parsed(page.text)
    # Before the process is over the guards block the request, so a reason field is offered.
    assert [c.get("id") for c in form.controls if c.get("type") != "hidden"] == [
        "kind",
        "override-1",
        "body-1",
    ]
    assert "linkedin_before_close" in page.text
    assert "A LinkedIn note" in page.text
    assert "mailto:" not in page.text
    assert "Download .eml" not in page.text
    data = {"csrf_token": token(web), "kind": "keep_in_touch", "to": "Priya Raman", "body": "Hi"}
    refused = web.post(f"{PAGE}/eml", data=data)
    assert refused.status_code == 400
    assert "sent on LinkedIn, not by email" in refused.text


def test_the_guards_say_when_a_note_must_not_go(web: httpx.Client, db: Database) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    before = web.get(PAGE).text
    assert "Do not send this now" not in before
    assert "odd_hour" not in before, "a thank-you's deadline wins over the weekday window"
    at = datetime(2026, 11, 21, 8, 0, tzinfo=ZoneInfo("America/Toronto"))
    tracking.outcome(local(db), 1, "rejected", at=at, now=at)
    after = web.get(PAGE).text
    assert "Do not send this now" in after
    assert "after_rejection" in after
    assert 'role="alert"' in after


def test_a_blocked_note_downloads_only_after_a_stated_reason(
    web: httpx.Client, db: Database
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    at = datetime(2026, 11, 21, 8, 0, tzinfo=ZoneInfo("America/Toronto"))
    tracking.outcome(local(db), 1, "rejected", at=at, now=at)
    note = {
        "csrf_token": token(web),
        "kind": "thank_you",
        "to": "Priya Raman",
        "subject": "Thank you",
        "body": "Dear Priya, thank you. Jordan Lee",
    }
    refused = web.post(PAGE + "/eml", data=note)
    assert refused.status_code == 400
    assert "is blocked (After a rejection)" in unescape(refused.text)
    empty = web.post(PAGE + "/override", data={**note, "reason": "  "})
    assert empty.status_code == 400
    given = web.post(
        PAGE + "/override", data={**note, "reason": "She asked me to write"}, follow_redirects=False
    )
    assert given.status_code == 303
    with local(db).read() as tx:
        row = tx.one("SELECT rules, reason, to_name FROM overrides")
    assert row == {
        "rules": '["after_rejection"]',
        "reason": "She asked me to write",
        "to_name": "Priya Raman",
    }
    assert "You chose to send it anyway" in web.get(PAGE).text
    sent = web.post(PAGE + "/eml", data=note)
    assert sent.status_code == 200
    assert sent.headers["content-type"].startswith("message/rfc822")


def test_a_follow_up_the_plan_has_by_phone_opens_as_its_script_in_the_editor(
    web: httpx.Client, db: Database
) -> None:
    from tests.web.conftest import MORNING

    before = unescape(web.get(PAGE, params={"kind": "follow_up"}).text)
    assert "A phone script" not in before
    tracking.update(local(db), 1, contact_preference="phone", now=MORNING)
    page = unescape(web.get(PAGE, params={"kind": "follow_up"}).text)
    assert "A phone script: have it in front of you when you call" in page
    assert "The follow-up is a call (rehearse it, and the voicemail)" in page
    assert "voicemail" in page.split("A phone script", 1)[1].casefold()


def test_the_live_lint_sees_a_company_added_elsewhere_at_once(
    web: httpx.Client, db: Database
) -> None:

    headers = {"X-CSRF-Token": token(web)}
    body = parsed(web.get(PAGE).text).textareas["body-1"]
    mixed_up = body + "\n\nI would love to bring this to Quillfeather Systems."
    assert "Wrong company" not in lint(web, mixed_up, headers=headers).text  # not applied to
    assert "Wrong company" not in lint(web, mixed_up, headers=headers).text  # kept case

    data = read_data(EXAMPLES / "phone-screen.yaml")  # written by another connection
    data["application"]["company"] = "Quillfeather Systems"
    tracking.add(local(Database(db.url)), data, source="elsewhere", now=ADDED)

    assert "Wrong company" in lint(web, mixed_up, headers=headers).text


def test_the_editor_builds_the_case_once_per_data_revision_equal_to_a_fresh_one(
    db: Database,
) -> None:

    app = create_app(WebSettings(db.url))
    request: Any = SimpleNamespace(app=app, state=SimpleNamespace())
    first = drafts._case(request, 1)
    assert drafts._case(request, 1) is first  # kept: not read again
    assert first == drafts._read_case(local(db), 1)

    data = read_data(EXAMPLES / "phone-screen.yaml")
    data["application"]["company"] = "Quillfeather Systems"
    tracking.add(local(Database(db.url)), data, source="elsewhere", now=ADDED)
    fresh = drafts._case(request, 1)
    assert fresh is not first
    assert fresh == drafts._read_case(local(db), 1)
    assert "Quillfeather Systems" in {p.company for p in fresh.pipeline}
    app.state.data_revision.close()


def test_the_kept_drafting_environment_gives_the_page_a_fresh_one_gives(
    web: httpx.Client, afterview_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = [web.get(f"{PAGE}?kind={kind}").text for kind in ("thank_you", "follow_up")]
    assert drafts._environment() is drafts._environment()  # kept: templates compiled once

    monkeypatch.setattr(drafts, "_environment", lambda: environment(data_dir()))
    fresh = [web.get(f"{PAGE}?kind={kind}").text for kind in ("thank_you", "follow_up")]
    assert kept == fresh


def test_a_template_the_user_adds_or_edits_is_drafted_from_at_once(
    web: httpx.Client, afterview_home: Path
) -> None:

    assert "Warm regards from my own template" not in web.get(PAGE).text
    own = afterview_home / "templates" / "drafts" / "thank_you.email.txt.j2"
    own.parent.mkdir(parents=True)
    own.write_text("Subject: Thanks\n\nWarm regards from my own template.\n", encoding="utf-8")
    assert "Warm regards from my own template" in web.get(PAGE).text

    own.write_text("Subject: Thanks\n\nEdited since.\n", encoding="utf-8")
    os.utime(own, ns=(own.stat().st_atime_ns, own.stat().st_mtime_ns + 10**9))
    page = web.get(PAGE).text
    assert "Edited since." in page
    assert "Warm regards from my own template" not in page

    own.unlink()
    assert "Edited since." not in web.get(PAGE).text


def test_the_kept_notes_give_the_page_read_afresh_and_a_write_shows_at_once(
    web: httpx.Client, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from afterview.services import records

    def afresh(request: Any, case: Any, app_id: int, kind: str, policy: Any) -> Any:
        """The notes read afresh, and nothing made from them kept: the page rendered too."""
        work = local(db)
        case = drafts._read_case(work, app_id)
        notes = drafting.draft_all(case, kind, env=drafts._environment(), policy=policy)
        send_times = drafts._send_times(work, case, app_id, kind, [d.to for d in notes])
        return cache.Derived((case, (notes, records.overrides(work, app_id), send_times)))

    def both() -> tuple[str, str]:
        kept = web.get(f"{PAGE}?kind=follow_up").text
        with monkeypatch.context() as patched:
            patched.setattr(drafts, "_kept_drafts", afresh)
            return kept, web.get(f"{PAGE}?kind=follow_up").text

    kept, fresh = both()
    assert kept == fresh
    assert web.get(f"{PAGE}?kind=follow_up").text == kept  # kept

    with local(db).read() as tx:
        planned = tx.all(
            "SELECT id FROM actions WHERE application_id = 1 AND kind = 'follow_up'"
            " AND status = 'pending' AND send_at IS NOT NULL"
        )
    assert planned
    assert 'name="send_at" value="' in kept
    for row in planned:  # no planned send time left: the field comes empty
        tracking.skip(local(Database(db.url)), row["id"], why="called instead", now=ADDED)
    kept_after, fresh_after = both()
    assert kept_after == fresh_after
    assert kept_after != kept


def test_the_kept_page_follows_the_guards_as_the_clock_moves(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    from afterview.services import records
    from tests.support.live import client
    from tests.web.conftest import MORNING

    def afresh(request: Any, case: Any, app_id: int, kind: str, policy: Any) -> Any:
        work = local(db)
        case = drafts._read_case(work, app_id)
        notes = drafting.draft_all(case, kind, env=drafts._environment(), policy=policy)
        send_times = drafts._send_times(work, case, app_id, kind, [d.to for d in notes])
        return cache.Derived((case, (notes, records.overrides(work, app_id), send_times)))

    clock = [MORNING]
    seen = set()
    with client(WebSettings(db.url, clock=lambda: clock[0])) as web:
        # Saturday morning, the small hours, and weeks later: the guards say different things.
        for later in (timedelta(0), timedelta(hours=18), timedelta(days=20), timedelta(0)):
            clock[0] = MORNING + later
            kept = web.get(PAGE).text
            assert web.get(PAGE).text == kept
            with monkeypatch.context() as patched:
                patched.setattr(drafts, "_kept_drafts", afresh)
                assert web.get(PAGE).text == kept
            seen.add(kept)
    assert len(seen) == 3

"""Insights, the outbox and the inbox are kept as rendered bytes, with only what reads the
clock decided per request: each kept page is the page rendered the plain way (every request
afresh, as before they were kept), byte for byte, for each browser and as the clock moves;
a write through another connection shows at once; what is kept is bounded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from afterview import i18n
from afterview.domain.serial import to_builtins
from afterview.interview_file import read_data
from afterview.services import inbox, outbox, records, tracking
from afterview.services import insights as service
from afterview.storage.db import Database
from afterview.web import cache
from afterview.web import inbox as inbox_page
from afterview.web import insights as insights_page
from afterview.web.app import WebSettings, create_app
from tests.acting import local
from tests.conftest import EXAMPLES
from tests.support.dovecot import Dovecot, thanks_and_a_rejection
from tests.support.live import client
from tests.web.conftest import ADDED, MORNING, page_token, token
from tests.web.test_kept_pages import templates

TORONTO = ZoneInfo("America/Toronto")


@pytest.fixture
def clock() -> list[datetime]:
    return [MORNING]


@pytest.fixture
def web(either_db: Database, clock: list[datetime]) -> Iterator[httpx.Client]:
    with client(WebSettings(either_db.url, clock=lambda: clock[0])) as http:
        yield http


def plain_insights(db: Database, now: datetime, token: str) -> str:
    """The Insights page as it was rendered before it was kept: the figures read afresh."""
    result = service.insights(local(db), now=now)
    html: str = (
        templates()
        .get_template("insights.html")
        .render(
            request=None,
            csrf_token=token,
            result=result,
            charts=insights_page.charts(result),
            now=now,
        )
    )
    return html


def plain_outbox(db: Database, now: datetime, token: str) -> str:
    """The Outbox page as it was rendered before it was kept, at ``now``."""
    shown = outbox.listing(local(db), now=now, mail_server=False)
    zone: Any = ZoneInfo(shown.zone) if shown.zone else now.tzinfo
    rows = [
        {**to_builtins(e), "error": e.error_text(), "mailto": e.mailto(), "body": e.row["body"]}
        for e in shown.entries
    ]

    def when(value: str | None) -> str:
        if value is None:
            return ""
        return f"{i18n.when(datetime.fromisoformat(value).astimezone(zone), 'day_year_time')}"

    html: str = (
        templates()
        .get_template("outbox.html")
        .render(
            request=None,
            csrf_token=token,
            rows=rows,
            delivery=shown.delivery,
            when=when,
            zone=getattr(zone, "key", str(zone)),
        )
    )
    return html


def plain_inbox(db: Database, token: str, configured: bool, **counts: int | None) -> str:
    """The Inbox page as it was rendered before it was kept."""
    entries = inbox.entries(local(db))
    zone = records.zone(local(db)) or MORNING.tzinfo

    def local_time(moment: datetime) -> str:
        return f"{i18n.when(moment.astimezone(zone), 'day_time')}"

    html: str = (
        templates()
        .get_template("inbox.html")
        .render(
            request=None,
            csrf_token=token,
            waiting=[e for e in entries if e.waiting],
            groups=list(inbox_page._grouped([e for e in entries if not e.waiting])),
            undoable=inbox_page._undoable(entries),
            local=local_time,
            configured=configured,
            scanned=counts.get("scanned"),
            found=counts.get("found"),
        )
    )
    return html


def test_the_kept_insights_page_is_the_plain_page_as_the_clock_moves_and_after_a_write(
    web: httpx.Client, either_db: Database, clock: list[datetime]
) -> None:
    seen = set()
    # The thank-you notes fall due a day after the interview: before, at and after.
    for at in (ADDED, ADDED + timedelta(hours=30), MORNING + timedelta(days=5), ADDED):
        clock[0] = at
        page = web.get("/insights").text
        assert page == plain_insights(either_db, at, page_token(page))
        assert web.get("/insights").text == page  # kept
        seen.add(page)
    assert len(seen) >= 2  # the missing notes followed the clock

    with httpx.Client(base_url=str(web.base_url)) as other:  # another browser, its own token
        page = other.get("/insights").text
        assert page == plain_insights(either_db, clock[0], page_token(page))

    data = read_data(EXAMPLES / "after-rejection.yaml")
    tracking.add(local(Database(either_db.url)), data, source="elsewhere", now=ADDED)
    after = web.get("/insights").text
    assert after not in seen
    assert after == plain_insights(either_db, clock[0], page_token(after))


def test_the_kept_outbox_is_the_plain_page_at_its_minute_and_a_write_shows_at_once(
    web: httpx.Client, either_db: Database, clock: list[datetime]
) -> None:
    empty = web.get("/outbox").text
    assert empty == plain_outbox(either_db, MORNING, page_token(empty))

    due = datetime(2026, 11, 23, 9, 0, tzinfo=TORONTO)
    elsewhere = local(Database(either_db.url))
    outbox.approve(elsewhere, 1, kind="thank_you", to="Ana López", send_at=due, now=MORNING)
    page = web.get("/outbox").text
    assert page != empty
    assert page == plain_outbox(either_db, MORNING, page_token(page))

    clock[0] = MORNING + timedelta(seconds=59)  # the same minute: the kept page
    assert web.get("/outbox").text == page
    clock[0] = due + timedelta(minutes=20, seconds=30)
    later = web.get("/outbox").text
    assert later == plain_outbox(either_db, due + timedelta(minutes=20), page_token(later))
    with httpx.Client(base_url=str(web.base_url)) as other:
        mine = other.get("/outbox").text
        assert page_token(mine) != page_token(later)
        assert mine == plain_outbox(either_db, due + timedelta(minutes=20), page_token(mine))


def test_the_kept_inbox_is_the_plain_page_for_what_each_check_said(
    db: Database, imap: Dovecot, monkeypatch: pytest.MonkeyPatch
) -> None:
    with client(WebSettings(db.url, clock=lambda: MORNING)) as web:
        before = web.get("/inbox").text
        assert before == plain_inbox(db, page_token(before), True)
        assert web.get("/inbox").text == before  # kept

        thanks_and_a_rejection(imap, ADDED + timedelta(hours=2))
        checked = web.post("/inbox/check", data={"csrf_token": token(web)}, follow_redirects=True)
        assert "Checked: 2 new messages" in checked.text
        assert checked.text == plain_inbox(db, page_token(checked.text), True, scanned=2, found=2)
        after = web.get("/inbox").text
        assert after != before
        assert after == plain_inbox(db, page_token(after), True)

        monkeypatch.delenv("AFTERVIEW_IMAP_HOST")  # the watch's settings are read each time
        unset = web.get("/inbox").text
        assert "The reply watch is not set up" in unset
        assert unset == plain_inbox(db, page_token(unset), False)


def test_what_is_kept_is_bounded(db: Database) -> None:
    app = create_app(WebSettings(db.url, clock=lambda: MORNING))
    for owner in range(inbox_page.PAGES_KEPT + 5):
        key = (owner, None, None, False, None)
        cache.timeless_page(app.state, "inbox_pages", key, lambda: "page", inbox_page.PAGES_KEPT)
        cache.minute_page(app.state, "outbox_pages", key, MORNING, lambda _at: "page", 16)
    assert len(app.state.inbox_pages._entries) == inbox_page.PAGES_KEPT
    assert len(app.state.outbox_pages._entries) == 16

    kept = cache.derived(app.state, "insights_cache", 1, lambda: "figures")
    for missing in range(cache.MADE_KEPT + 5):
        assert kept.made(("page", missing), lambda: "page") == "page"
    assert len(kept) == cache.MADE_KEPT
    app.state.data_revision.close()

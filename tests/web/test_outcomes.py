"""The endings, the Insights page and the card in the web app, over real HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest

from afterview.interview_file import read_data
from afterview.services import tracking
from afterview.storage.db import Database
from afterview.web.app import WebSettings
from tests.acting import local
from tests.conftest import EXAMPLES
from tests.support.live import client
from tests.web.conftest import MORNING, token

TORONTO = ZoneInfo("America/Toronto")
LATE = datetime(2027, 2, 1, 9, 0, tzinfo=TORONTO)  # long after every follow-up and close-out


def status(db: Database, app_id: int = 1) -> str:
    with local(db).read() as tx:
        row = tx.one("SELECT status FROM applications WHERE id = :a", {"a": app_id})
    assert row is not None
    return str(row["status"])


@pytest.fixture
def late_web(db: Database) -> Iterator[httpx.Client]:
    """The same app with its clock set past the close-out date."""
    with client(WebSettings(db.url, clock=lambda: LATE)) as http:
        yield http


def test_after_a_rejection_the_reply_and_a_private_page_to_write(
    web: httpx.Client, db: Database
) -> None:
    csrf = token(web)
    web.post(
        "/applications/1/outcome",
        data={"csrf_token": csrf, "kind": "rejected", "feedback": "More streaming experience."},
    )
    page = web.get("/applications/1")
    assert "/applications/1/after-rejection" in page.text
    after = web.get("/applications/1/after-rejection")
    assert after.status_code == 200
    assert "More streaming experience." in after.text
    assert "Dear Priya," in after.text
    assert "Thank you as well for the feedback" in after.text
    assert "Pennebaker" in after.text
    assert "Keep in touch" in after.text
    kept = web.post(
        "/applications/1/expressive",
        data={"csrf_token": csrf, "text": "Disappointed, and still glad I went."},
        follow_redirects=False,
    )
    assert kept.status_code == 303
    assert web.get(kept.headers["location"]).text.count("Your entry is kept") == 1
    with local(db).read() as tx:
        rows = tx.all("SELECT kind, data FROM reflections")
    assert [r["kind"] for r in rows] == ["expressive"]
    assert "still glad" in rows[0]["data"]
    empty = web.post("/applications/1/expressive", data={"csrf_token": csrf, "text": "  "})
    assert empty.status_code == 400
    assert "The entry is empty" in empty.text


def test_accepting_an_offer_needs_it_on_paper_then_lists_the_withdrawals(
    web: httpx.Client, db: Database
) -> None:
    tracking.add(
        local(db),
        read_data(EXAMPLES / "referrer-and-references.yaml"),
        source="second",
        now=datetime(2026, 11, 20, 17, 0, tzinfo=TORONTO),
    )
    csrf = token(web)
    web.post("/applications/1/outcome", data={"csrf_token": csrf, "kind": "offer"})
    page = web.get("/applications/1")
    assert "Accept the offer" in page.text
    refused = web.post("/applications/1/accept", data={"csrf_token": csrf})
    assert refused.status_code == 400
    assert "not on paper yet" in refused.text
    accepted = web.post(
        "/applications/1/accept",
        data={"csrf_token": csrf, "on_paper": "yes"},
        follow_redirects=False,
    )
    assert accepted.status_code == 303
    listing = web.get(accepted.headers["location"])
    assert listing.status_code == 200
    assert "Fabrikam Energy" in listing.text
    assert "withdraw my application" in listing.text
    assert "nobody to write to" in listing.text  # the pipeline entries without an interview
    assert status(db, 1) == "offer"
    assert {status(db, i) for i in (2, 3)} <= {"applied", "interviewing"}  # nothing sent


def test_closing_a_silent_process_waits_for_its_date_then_says_a_kind_word(
    web: httpx.Client, late_web: httpx.Client, db: Database
) -> None:
    assert "Close this process" in web.get("/applications/1").text
    early = web.post("/applications/1/close", data={"csrf_token": token(web)})
    assert early.status_code == 400
    assert "too early" in early.text
    assert status(db) == "interviewing"
    closed = late_web.post(
        "/applications/1/close", data={"csrf_token": token(late_web)}, follow_redirects=False
    )
    assert closed.status_code == 303
    word = late_web.get(closed.headers["location"])
    assert "The Northwind Robotics process is closed." in word.text
    assert status(db) == "closed"


def test_the_insights_page_has_a_chart_per_figure_each_described(web: httpx.Client) -> None:
    page = web.get("/insights")
    assert page.status_code == 200
    # One interview so far: no decision and no recurring question yet, which those two
    # figures say in words instead of drawing an empty chart.
    assert page.text.count('role="img"') == 4
    assert len(re.findall(r"<desc id=", page.text)) == 4
    assert "No decision has been recorded yet." in page.text
    assert "No question has come back with low ratings yet." in page.text
    assert "3 late" not in page.text
    assert ">Never sent</text>" in page.text
    assert '<a href="/insights">Insights</a>' in page.text
    assert "style=" not in page.text  # the Content-Security-Policy forbids inline styles


def test_the_card_page_and_its_pdf(web: httpx.Client) -> None:
    page = web.get("/card")
    assert page.status_code == 200
    assert "When will they decide?" in page.text
    assert "/static/card.css" in page.text
    pdf = web.get("/card.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.content)) == 1


def test_after_a_rejection_today_no_longer_says_celebrate(web: httpx.Client, db: Database) -> None:
    assert "celebrat" in web.get("/").text.casefold()  # the interview ended yesterday
    tracking.outcome(local(db), 1, "rejected", at=MORNING.replace(hour=7), now=MORNING)
    today = web.get("/").text.casefold()
    assert "celebrat" not in today
    assert "reply to the rejection" in today  # what the day holds now instead

"""The Insights page and the question bank only read; the insights' aggregates are cached
per owner and data revision and equal the figures computed fresh."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from typing import Any

import httpx
import pytest

from afterview.interview_file import read_data
from afterview.services import insights as service
from afterview.services import journal, question_bank, tracking
from afterview.storage.db import Database
from afterview.web import cache
from afterview.web import insights as page
from afterview.web.app import WebSettings, create_app
from afterview.wiring import Work
from tests.acting import local
from tests.conftest import EXAMPLES
from tests.web.conftest import ADDED, MORNING


def test_reading_insights_and_the_question_bank_writes_nothing(
    db: Database, web: httpx.Client
) -> None:
    assert db.path is not None
    with closing(sqlite3.connect(db.path)) as watch:  # one connection sees others' commits
        before = watch.execute("PRAGMA data_version").fetchone()[0]
        for path in ("/insights", "/questions", "/insights", "/questions"):
            assert web.get(path).status_code == 200
        after = watch.execute("PRAGMA data_version").fetchone()[0]
    assert after == before
    assert "How do you test data quality?" in web.get("/questions").text


@pytest.fixture
def app(db: Database) -> Iterator[Any]:
    built = create_app(WebSettings(db.url, clock=lambda: MORNING))
    yield built
    built.state.data_revision.close()


def add_rejection(db: Database) -> None:
    """A write through a connection of its own, as another worker or the CLI would make."""
    other = Database(db.url)
    data = read_data(EXAMPLES / "after-rejection.yaml")
    tracking.add(local(other), data, source="rejection", now=ADDED + timedelta(days=3))


def test_insights_from_the_cache_equal_insights_computed_fresh(db: Database, app: Any) -> None:
    cached = page.current_insights(app.state, local(db), MORNING)
    assert cached == service.insights(local(db), now=MORNING)

    add_rejection(db)
    later = MORNING + timedelta(days=4)
    refreshed = page.current_insights(app.state, local(db), later)
    assert refreshed == service.insights(local(db), now=later)
    assert refreshed.funnel.applications > cached.funnel.applications


def test_the_aggregates_are_computed_once_per_data_revision(
    db: Database, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed: list[int] = []

    def counted(work: Work) -> service.Aggregates:
        computed.append(work.actor.owner)
        return service.aggregates(work)

    monkeypatch.setattr(page, "aggregates", counted)
    for minutes in (0, 1, 60):  # the time moves on; the thank-you figures follow it
        page.current_insights(app.state, local(db), MORNING + timedelta(minutes=minutes))
    me = local(db).actor.owner
    assert computed == [me]
    add_rejection(db)
    page.current_insights(app.state, local(db), MORNING)
    assert computed == [me, me]


def test_a_missing_thank_you_follows_the_clock_on_a_cache_hit(db: Database, app: Any) -> None:
    early = page.current_insights(app.state, local(db), ADDED)
    late = page.current_insights(app.state, local(db), ADDED + timedelta(days=5))
    assert early.thank_yous.missing == 0
    assert late.thank_yous.missing > 0
    assert late.thank_yous == service.insights(local(db), now=ADDED + timedelta(days=5)).thank_yous


def test_a_revision_cache_keeps_at_most_its_size(db: Database) -> None:
    kept: cache.RevisionCache[int] = cache.RevisionCache(cache.Revision(db), size=3)
    for owner in range(10):
        assert kept.get(owner, lambda: owner * 2) == owner * 2  # noqa: B023 (called at once)
    assert len(kept) == 3
    assert kept.get(9, lambda: -1) == 18  # the most recent are the ones kept
    assert kept.get(0, lambda: -1) == -1  # the oldest went first
    kept.revision.close()


def test_a_hit_is_what_is_kept_and_current_and_counts_as_a_use(db: Database) -> None:
    kept: cache.RevisionCache[int] = cache.RevisionCache(cache.Revision(db), size=2)
    assert kept.hit(1) is None  # nothing kept: nothing computed either
    assert len(kept) == 0
    kept.get(1, lambda: 10)
    kept.get(2, lambda: 20)
    assert kept.hit(1) == 10  # a use: 2 is now the least recently used
    kept.get(3, lambda: 30)
    assert (kept.hit(1), kept.hit(2), kept.hit(3)) == (10, None, 30)
    seen: list[int | None] = []
    kept._lock.acquire()  # a computation under way: a hit does not wait for it
    try:
        asking = threading.Thread(target=lambda: seen.append(kept.hit(1)))
        asking.start()
        asking.join(timeout=30)  # a bound on a hang, not a wait for timing
        assert seen == [10]
    finally:
        kept._lock.release()
    asking.join()
    with local(db).write() as tx:  # on SQLite a write anywhere: what is kept is stale
        tx.execute("UPDATE applications SET notes = 'changed' WHERE id = 1")
    assert (kept.hit(1), kept.hit(3)) == (None, None)
    kept.revision.close()


def test_the_question_bank_page_is_read_once_per_data_revision(
    db: Database, web: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[int] = []
    plain = question_bank.bank

    def counted(work: Work) -> list[Any]:
        reads.append(work.actor.owner)
        return plain(work)

    monkeypatch.setattr(question_bank, "bank", counted)
    first = web.get("/questions").text
    assert web.get("/questions").text == first
    assert len(reads) == 1

    debrief = {"questions": [{"q": "Why do you want to leave your current job?", "rating": 2}]}
    journal.debrief(local(Database(db.url)), 1, debrief, now=ADDED + timedelta(hours=4))
    assert "Why do you want to leave your current job?" in web.get("/questions").text
    assert len(reads) == 2


def test_a_question_asked_many_times_shows_its_latest_ten_ratings_and_how_many_in_all(
    db: Database, web: httpx.Client
) -> None:
    with local(db).write() as tx:  # twelve asks of one question, rated 1, 2, 3, 4, 5, 1, …
        row = tx.one("SELECT application_id, interview_id FROM questions LIMIT 1")
        assert row is not None
        head = 0
        for n in range(12):
            new = tx.insert(
                """INSERT INTO questions (owner_id, application_id, interview_id, position,
                     text, rating, asked_at, created_at)
                   VALUES (1, :app, :iv, :p, 'Why this team?', :r, :at, :at) RETURNING id""",
                {
                    "app": row["application_id"],
                    "iv": row["interview_id"],
                    "p": 10 + n,
                    "r": n % 5 + 1,
                    "at": ADDED + timedelta(days=n),
                },
            )
            head = head or new  # the group's first question names it
            tx.execute("UPDATE questions SET group_id = :g WHERE id = :id", {"g": head, "id": new})

    page = web.get("/questions").text

    assert "Asked 12×" in page
    assert "ratings over time (the latest 10 of 12): 3 → 4 → 5 → 1 → 2 → 3 → 4 → 5 → 1 → 2." in page

"""The Today page is rendered once per data revision and minute, and never served stale.

The app runs on a real uvicorn server on loopback; writes come from elsewhere: a second
``Database`` object (a connection of its own, as another worker would have), another
process, and the app's own forms. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from afterview.services import tracking
from afterview.storage.db import Database
from afterview.web import cache, pages
from afterview.web.app import WebSettings
from afterview.web.security import CSRF_COOKIE
from tests.acting import local
from tests.conftest import ROOT
from tests.support.live import client
from tests.web.conftest import MORNING, TORONTO, page_token

# The reflection revisit starts at 15:30 on Sunday: coming until then, due from then on.
BEFORE_REVISIT = datetime(2026, 11, 22, 15, 29, 0, tzinfo=TORONTO)
END_OF_THAT_MINUTE = datetime(2026, 11, 22, 15, 29, 59, 999999, tzinfo=TORONTO)
REVISIT = datetime(2026, 11, 22, 15, 30, 0, tzinfo=TORONTO)


class Clock:
    """The app's clock, set by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@contextmanager
def served(db: Database, clock: Clock) -> Iterator[httpx.Client]:
    with client(WebSettings(db.url, clock=clock)) as http:
        yield http


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The minutes the Today page was actually rendered for (a miss each)."""
    seen: list[datetime] = []
    real = pages._render_today

    def counted(app: Any, work: Any, now: datetime) -> str:
        seen.append(now)
        return real(app, work, now)

    monkeypatch.setattr(pages, "_render_today", counted)
    return seen


def assert_rendered(db: Database, renders: list[datetime], expected: list[datetime]) -> None:
    """Exactly these renders on SQLite. PostgreSQL's signal spans the whole server, so a
    write to another database there (another test run, say) may add a render of the same
    minute: never a stale page, sometimes one render more."""
    if db.dialect == "sqlite":
        assert renders == expected
    else:
        assert list(dict.fromkeys(renders)) == list(dict.fromkeys(expected))


def test_a_reload_is_served_from_the_cache(either_db: Database, renders: list[datetime]) -> None:
    with served(either_db, Clock(MORNING)) as web:
        first, second = web.get("/"), web.get("/")
    assert first.status_code == second.status_code == 200
    assert first.text == second.text
    assert "Do now (9)" in first.text
    assert_rendered(either_db, renders, [MORNING])


def test_a_write_through_another_connection_shows_at_once(
    either_db: Database, renders: list[datetime]
) -> None:
    with served(either_db, Clock(MORNING)) as web:
        assert "→ Tom Becker" in web.get("/").text
        elsewhere = Database(either_db.url)  # its own connections, as another worker's
        tracking.done(local(elsewhere), 4, at=MORNING, now=MORNING)
        after = web.get("/").text
        assert "Do now (8)" in after
        assert "→ Tom Becker" not in after
        assert web.get("/").text == after  # and that is cached in turn
    assert_rendered(either_db, renders, [MORNING, MORNING])


def test_a_write_by_another_process_shows_at_once(db: Database, renders: list[datetime]) -> None:
    """What ``afterview done`` in a terminal does while the web app runs (SQLite)."""
    script = (
        "import sys; from datetime import datetime; "
        "from afterview.services import tracking; "
        "from afterview.wiring import database, local_work; "
        "at = datetime.fromisoformat(sys.argv[2]); "
        "tracking.done(local_work(database(sys.argv[1])), 4, at=at, now=at)"
    )
    with served(db, Clock(MORNING)) as web:
        assert "Do now (9)" in web.get("/").text
        subprocess.run(
            [sys.executable, "-c", script, db.url, MORNING.isoformat()], check=True, cwd=ROOT
        )
        assert "Do now (8)" in web.get("/").text
    assert len(renders) == 2


def test_the_apps_own_form_changes_the_page(db: Database) -> None:
    with served(db, Clock(MORNING)) as web:
        page = web.get("/").text
        assert "→ Tom Becker" in page
        token = page_token(page)
        done = web.post("/steps/4/done", data={"csrf_token": token}, follow_redirects=False)
        assert done.status_code == 303
        assert "→ Tom Becker" not in web.get("/").text


def test_the_page_follows_the_minute(either_db: Database, renders: list[datetime]) -> None:
    clock = Clock(BEFORE_REVISIT)
    with served(either_db, clock) as web:
        before = web.get("/").text
        clock.now = END_OF_THAT_MINUTE
        assert web.get("/").text == before  # the same minute: the same page
        clock.now = REVISIT
        after = web.get("/").text
    assert "Do now (9)" in before
    assert "Coming this week (1)" in before
    assert "Do now (10)" in after
    assert "Coming this week (0)" in after
    assert_rendered(either_db, renders, [BEFORE_REVISIT, REVISIT])


def test_two_browsers_get_their_own_tokens_from_one_rendering(
    db: Database, renders: list[datetime]
) -> None:
    with served(db, Clock(MORNING)) as first:
        second = httpx.Client(base_url=first.base_url)
        with second:
            one, two = first.get("/"), second.get("/")
            mine, theirs = page_token(one.text), page_token(two.text)
            assert mine != theirs
            assert first.cookies[CSRF_COOKIE] not in one.text  # the key itself stays hidden
            assert one.text.count(mine) == two.text.count(theirs) > 10  # every form, htmx
            assert theirs not in one.text
            assert mine not in two.text
            assert cache.TOKEN_SLOT not in one.text + two.text
            # Each token works for its own browser only.
            forged = second.post("/steps/4/done", data={"csrf_token": mine})
            assert forged.status_code == 403
            done = second.post("/steps/4/done", data={"csrf_token": theirs}, follow_redirects=False)
            assert done.status_code == 303
    assert len(renders) == 1  # one rendering served both browsers


def test_a_hostile_cookie_never_reaches_the_page(db: Database) -> None:
    with served(db, Clock(MORNING)) as web:
        page = web.get("/", headers={"Cookie": f'{CSRF_COOKIE}=x"><script>alert(1)</script>'})
    assert "alert(1)" not in page.text
    assert page.headers["set-cookie"].startswith(f"{CSRF_COOKIE}=")  # a proper key instead
    assert len(page_token(page.text)) == 43


def test_an_unreadable_revision_means_a_fresh_render_each_time(tmp_path: Path) -> None:
    """No signal, no reuse: a page is never kept on a guess."""
    unreachable = Database("postgresql://nobody:secret@127.0.0.1:9/none")
    rendered: list[datetime] = []

    def render(at: datetime) -> bytes:
        rendered.append(at)
        return f"<p>{cache.TOKEN_SLOT}</p>".encode()

    pages_cache = cache.PageCache(cache.Revision(unreachable))
    assert pages_cache.hit(1, MORNING) is None
    page = pages_cache.page(1, MORNING, render)
    assert cache.with_token(page, "abc") == b"<p>abc</p>"
    pages_cache.page(1, MORNING, render)
    assert rendered == [MORNING, MORNING]

"""Pages that do not read the clock are kept per owner, application and data revision, with
each browser's token filled in: the kept page is the page rendered the plain way, byte for
byte, and a write anywhere makes it render again. On SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from afterview import i18n
from afterview.domain.models import NOTE_KINDS
from afterview.services import records, tracking
from afterview.services.overview import detail
from afterview.storage.db import Database
from afterview.web import cache, interview
from afterview.web.app import WebSettings
from tests.acting import local
from tests.support.live import client
from tests.web.conftest import MORNING, page_token

PAGE = "/applications/1"


@pytest.fixture
def web(either_db: Database) -> Iterator[httpx.Client]:
    with client(WebSettings(either_db.url, clock=lambda: MORNING)) as http:
        yield http


def plain(db: Database, templates: Any, token: str, app_id: int = 1) -> str:
    """The application page as it was rendered before it was kept: every request afresh."""
    work = local(db)
    info = detail(work, app_id)
    zone = records.zone(work) or MORNING.tzinfo

    def local_time(iso: str | None) -> str:
        return (
            f"{i18n.when(datetime.fromisoformat(iso).astimezone(zone), 'day_time')}" if iso else ""
        )

    names: list[str] = []
    for round_ in info["interviews"]:
        names += [n for n in round_["panel"] if n and n not in names]
    context = {
        "info": info,
        "now": MORNING,
        "local": local_time,
        "panel": names,
        "note_kinds": NOTE_KINDS,
        "request": None,
        "csrf_token": token,
    }
    html: str = templates.get_template("application.html").render(context)
    return html


def templates() -> Any:
    """The pages' templates as a personal app has them (no career centre)."""
    from afterview.web.app import _templates

    found = _templates()
    found.env.globals.update(centre_mode=lambda: False, idle_seconds=1200)
    return found


def test_the_kept_application_page_is_the_plain_page_for_each_browser(
    web: httpx.Client, either_db: Database
) -> None:
    first = web.get(PAGE)
    assert first.status_code == 200
    assert first.headers["content-type"] == "text/html; charset=utf-8"
    token = page_token(first.text)
    assert first.text == plain(either_db, templates(), token)
    assert web.get(PAGE).text == first.text  # kept

    with httpx.Client(base_url=str(web.base_url)) as other:  # another browser, its own token
        page = other.get(PAGE).text
        assert page_token(page) != token
        assert page == plain(either_db, templates(), page_token(page))


def test_a_write_elsewhere_renders_it_again(
    web: httpx.Client, either_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    renders: list[int] = []
    render = interview._render_application
    monkeypatch.setattr(
        interview, "_render_application", lambda *a: renders.append(1) or render(*a)
    )
    before = web.get(PAGE).text
    assert web.get(PAGE).text == before
    # On PostgreSQL the revision is the account's own counter: another database's or
    # account's commit does not move it.
    assert len(renders) == 1

    rendered = len(renders)
    tracking.done(local(Database(either_db.url)), 4, at=MORNING, now=MORNING)  # elsewhere
    after = web.get(PAGE).text
    assert len(renders) == rendered + 1
    assert after != before
    assert after == plain(either_db, templates(), page_token(after))


def test_an_unknown_application_is_still_a_404_and_nothing_is_kept(web: httpx.Client) -> None:
    assert web.get("/applications/999").status_code == 404
    assert web.get("/applications/999").status_code == 404
    assert web.get(PAGE).status_code == 200


def test_the_page_cache_is_bounded(either_db: Database) -> None:
    from afterview.web.app import create_app

    app = create_app(WebSettings(either_db.url, clock=lambda: MORNING))
    for app_id in range(interview.PAGES_KEPT + 5):
        kept = interview.PAGES_KEPT
        cache.timeless_page(app.state, "application_pages", (1, app_id), lambda: "page", kept)
    assert len(app.state.application_pages._entries) == interview.PAGES_KEPT
    app.state.data_revision.close()


def plain_debrief(db: Database, token: str, app_id: int = 1) -> str:
    """The debrief form as rendered before it was kept: every request afresh."""
    from afterview.web import journal as journal_pages

    context = journal_pages._debrief_context(*journal_pages._stored_debrief(local(db), app_id))
    html: str = (
        templates()
        .get_template("journal_debrief.html")
        .render(context, request=None, csrf_token=token)
    )
    return html


def test_the_kept_debrief_is_the_plain_form_and_a_saved_debrief_shows_at_once(
    web: httpx.Client, either_db: Database
) -> None:
    from afterview.services import journal

    first = web.get("/applications/1/debrief")
    assert first.status_code == 200
    assert first.text == plain_debrief(either_db, page_token(first.text))
    assert web.get("/applications/1/debrief").text == first.text

    notes = {"stood_out": "The whiteboard exercise on streaming joins", "questions": []}
    journal.debrief(local(Database(either_db.url)), 1, notes, now=MORNING)  # elsewhere
    after = web.get("/applications/1/debrief").text
    assert "The whiteboard exercise on streaming joins" in after
    assert after == plain_debrief(either_db, page_token(after))


def plain_questions(db: Database, token: str) -> str:
    """The question bank as rendered before it was kept: read and grouped afresh."""
    from afterview.services import question_bank
    from afterview.web import journal as journal_pages

    shown = journal_pages._bank(question_bank.bank(local(db)))
    template = templates().get_template("questions.html")
    html: str = template.render(
        groups=shown.groups, practice=shown.practice, request=None, csrf_token=token
    )
    return html


def test_the_kept_question_bank_is_the_plain_page_and_a_new_question_shows_at_once(
    web: httpx.Client, either_db: Database
) -> None:
    from afterview.services import journal

    first = web.get("/questions")
    assert first.status_code == 200
    assert first.text == plain_questions(either_db, page_token(first.text))
    assert web.get("/questions").text == first.text
    with httpx.Client(base_url=str(web.base_url)) as other:  # another browser, its own token
        theirs = other.get("/questions").text
    assert page_token(theirs) != page_token(first.text)
    assert theirs == plain_questions(either_db, page_token(theirs))

    asked = {"questions": [{"q": "How would you shard a streaming join?", "rating": 3}]}
    journal.debrief(local(Database(either_db.url)), 1, asked, now=MORNING)  # elsewhere
    after = web.get("/questions").text
    assert "How would you shard a streaming join?" in after
    assert after == plain_questions(either_db, page_token(after))


LISTS = (
    ("/applications", {}),
    ("/applications?q=north", {}),
    ("/applications?status=interviewing", {}),
    ("/applications?q=zzz", {}),
    ("/applications?page=2", {}),
    ("/applications?q=north", {"HX-Request": "true"}),
    ("/applications", {"HX-Request": "true", "HX-History-Restore-Request": "true"}),
)


def test_each_kept_list_page_is_the_page_rendered_afresh_and_a_write_shows_at_once(
    web: httpx.Client, either_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from afterview.interview_file import read_data
    from afterview.web import browse
    from tests.conftest import EXAMPLES
    from tests.web.conftest import ADDED

    def fresh(state: Any, name: str, key: Any, render: Any, size: int = 0) -> cache.Page:
        return tuple(render().encode().split(cache.TOKEN_SLOT.encode()))

    def pages() -> list[str]:
        return [web.get(url, headers=headers).text for url, headers in LISTS]

    kept = pages()
    assert pages() == kept
    assert len(set(kept[:4])) == 4  # each search and filter its own
    assert kept[5] != kept[1]  # the fragment is kept apart from the page
    assert kept[6] == kept[0]  # a history restore gets the whole page
    with monkeypatch.context() as patched:
        patched.setattr(browse.cache, "timeless_page", fresh)
        assert pages() == kept

    data = read_data(EXAMPLES / "phone-screen.yaml")
    data["application"]["company"] = "Northbound Freight"
    tracking.add(local(Database(either_db.url)), data, source="elsewhere", now=ADDED)
    after = pages()
    assert "Northbound Freight" in after[1]
    with monkeypatch.context() as patched:
        patched.setattr(browse.cache, "timeless_page", fresh)
        assert pages() == after


def test_the_kept_api_application_is_the_json_written_afresh_and_a_write_shows_at_once(
    web: httpx.Client, either_db: Database
) -> None:
    from starlette.responses import JSONResponse

    def fresh() -> bytes:
        return bytes(JSONResponse(detail(local(either_db), 1)).body)

    first = web.get("/api/applications/1")
    assert first.headers["content-type"] == "application/json"
    assert first.content == fresh()
    assert web.get("/api/applications/1").content == first.content
    assert web.get("/api/applications/999").status_code == 404

    tracking.done(local(Database(either_db.url)), 4, at=MORNING, now=MORNING)  # elsewhere
    after = web.get("/api/applications/1").content
    assert after != first.content
    assert after == fresh()


def test_the_kept_settings_page_is_the_page_rendered_afresh_and_a_saved_setting_shows(
    web: httpx.Client, either_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from afterview.services import settings

    def fresh(state: Any, name: str, key: Any, render: Any, size: int = 0) -> cache.Page:
        return tuple(render().encode().split(cache.TOKEN_SLOT.encode()))

    def pages() -> list[str]:
        return [web.get(url).text for url in ("/settings", "/settings?rotated=1")]

    web.get("/settings")  # the first visit makes the feed's address (a write)
    kept = pages()
    assert kept[0] != kept[1]  # the rotated page says so
    assert pages() == kept
    with monkeypatch.context() as patched:
        patched.setattr(cache, "timeless_page", fresh)
        assert pages() == kept

    settings.update_policy(
        local(Database(either_db.url)), {"follow_up_spacing_days": 9}, now=MORNING
    )
    after = pages()
    assert 'value="9"' in after[0]
    assert 'value="9"' not in kept[0]
    with monkeypatch.context() as patched:
        patched.setattr(cache, "timeless_page", fresh)
        assert pages() == after

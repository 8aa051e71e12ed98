"""The debrief, the revisit and the question bank in the browser, over real HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx
import pytest

from afterview.storage.db import Database
from afterview.web.app import WebSettings
from tests.support.live import client
from tests.web.conftest import MORNING, token


class Clock:
    """The app's clock, moved by the test (never the real one)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(MORNING)


@pytest.fixture
def site(db: Database, clock: Clock) -> Iterator[httpx.Client]:
    with client(WebSettings(db.url, clock=clock)) as http:
        yield http


def _debrief_form(csrf: str, **extra: str) -> dict[str, str]:
    form = {
        "csrf_token": csrf,
        "question-0-q": "Tell me about a time you failed.",
        "question-0-answer": "At my last job I broke the nightly load.",
        "question-0-rating": "2",
        "question-0-asked_by": "Tom Becker",
        "question-1-q": "",
        "question-1-answer": "",
        "question-1-rating": "",
        "question-1-asked_by": "",
        "question-2-q": "Why do you want to work here?",
        "question-2-answer": "The reliability culture.",
        "question-2-rating": "4",
        "question-2-asked_by": "",
        "stood_out": "Blameless postmortems.",
        "impression-0": "Direct.",
        "feelings": "Calm.",
    }
    form.update(extra)
    return form


def test_the_application_page_links_to_the_journal(site: httpx.Client) -> None:
    page = site.get("/applications/1")
    assert 'href="/applications/1/debrief"' in page.text
    assert 'href="/applications/1/revisit"' in page.text


def test_the_debrief_form_has_labels_and_the_stored_questions(site: httpx.Client) -> None:
    page = site.get("/applications/1/debrief")
    assert page.status_code == 200
    assert 'value="Tell us about a pipeline you rebuilt."' in page.text
    for control in re.findall(r'<(?:input|textarea|select)[^>]* id="([^"]+)"', page.text):
        assert f'for="{control}"' in page.text, control
    assert 'hx-post="/applications/1/debrief/star?index=0"' in page.text


def test_saving_the_debrief_stores_it_and_shows_it_again(site: httpx.Client) -> None:
    csrf = token(site)
    saved = site.post("/applications/1/debrief", data=_debrief_form(csrf))
    assert saved.status_code == 303
    assert saved.headers["location"] == "/applications/1#journal"
    page = site.get("/applications/1/debrief")
    assert 'value="Tell me about a time you failed."' in page.text
    assert 'value="Why do you want to work here?"' in page.text
    assert "Tell us about a pipeline you rebuilt." not in page.text
    assert "Has: situation, action." in page.text  # the STAR check of the stored answer
    bank = site.get("/questions")
    assert "Tell me about a time you failed." in bank.text
    assert "Practise next" in bank.text


def test_a_bad_rating_re_renders_the_form_with_what_was_typed(site: httpx.Client) -> None:
    csrf = token(site)
    page = site.post(
        "/applications/1/debrief", data=_debrief_form(csrf, **{"question-2-rating": "9"})
    )
    assert page.status_code == 400
    assert 'role="alert"' in page.text
    assert "Question 3, how well you answered: expected a whole number of at most 5." in page.text
    assert 'id="question-2-rating" name="question-2-rating" aria-invalid="true"' in page.text
    assert 'value="Tell me about a time you failed."' in page.text


def test_a_post_without_the_token_is_refused(site: httpx.Client) -> None:
    token(site)
    refused = site.post("/applications/1/debrief", data=_debrief_form(""))
    assert refused.status_code == 403


def test_adding_and_removing_questions_works_without_javascript(site: httpx.Client) -> None:
    csrf = token(site)
    added = site.post("/applications/1/debrief", data=_debrief_form(csrf, act="add"))
    assert 'id="question-3"' in added.text
    removed = site.post("/applications/1/debrief", data=_debrief_form(csrf, act="remove-0"))
    assert "Tell me about a time you failed." not in removed.text
    assert 'id="question-2"' not in removed.text  # renumbered: two fieldsets left


def test_after_a_removal_the_questions_are_numbered_in_page_order(site: httpx.Client) -> None:
    """Removing the second of three, with or without JavaScript: Question 1, Question 2,
    the cursor on the question that took its place, the add button's index following."""
    csrf = token(site)
    form = _debrief_form(csrf, act="remove-1")
    for path in ("/applications/1/debrief", "/applications/1/debrief/questions"):
        page = site.post(path, data=form)
        assert page.status_code == 200
        legends = re.findall(r'<legend id="question-\d+-legend">([^<]*)</legend>', page.text)
        assert legends == ["Question 1", "Question 2"], path
        assert 'value="Why do you want to work here?"' in page.text
        focused = re.findall(r"<(?:input|button)[^>]*\bautofocus\b[^>]*>", page.text)
        assert len(focused) == 1, path
        assert 'id="question-1-q"' in focused[0]
        assert 'value="Why do you want to work here?"' in focused[0]
        assert "/applications/1/debrief/question?index=2" in page.text


def test_removing_the_last_question_puts_the_cursor_on_the_add_button(
    site: httpx.Client,
) -> None:
    csrf = token(site)
    piece = site.post("/applications/1/debrief/questions", data=_debrief_form(csrf, act="remove-2"))
    assert "<form" not in piece.text  # the fieldsets alone
    button = re.search(r'<button id="add-question"[^>]*>', piece.text)
    assert button is not None
    assert "autofocus" in button.group()
    assert 'hx-swap-oob="true"' in button.group()
    refused = site.post("/applications/1/debrief/questions", data=_debrief_form("", act="remove-2"))
    assert refused.status_code == 403


def test_one_question_fieldset_comes_with_the_next_add_button(site: httpx.Client) -> None:
    piece = site.get("/applications/1/debrief/question?index=4")
    assert 'id="question-4"' in piece.text
    assert 'hx-swap-oob="true"' in piece.text
    assert "index=5" in piece.text


def test_the_star_suggestions_follow_the_answer_as_it_is_typed(site: httpx.Client) -> None:
    csrf = token(site)
    headers = {"X-CSRF-Token": csrf}
    data = {
        "question-3-q": "Tell me about a time you led a project.",
        "question-3-answer": "I led the migration.",
    }
    tips = site.post("/applications/1/debrief/star?index=3", data=data, headers=headers)
    assert "Has: action." in tips.text
    assert "Set the scene" in tips.text
    data["question-3-answer"] += (
        " At my last job our team was stuck; my goal was one platform, which cut costs by 30%."
    )
    whole = site.post("/applications/1/debrief/star?index=3", data=data, headers=headers)
    assert "all there" in whole.text


def test_the_revisit_waits_two_days_after_the_debrief(site: httpx.Client, clock: Clock) -> None:
    csrf = token(site)
    site.post("/applications/1/debrief", data=_debrief_form(csrf))
    early = site.get("/applications/1/revisit")
    assert "The revisit opens on Monday 23 November, 08:30" in early.text
    assert 'name="went_well"' not in early.text
    refused = site.post("/applications/1/revisit", data={"csrf_token": csrf, "went_well": "x"})
    assert refused.status_code == 400
    assert "opens on Mon 23 Nov 08:30" in refused.text

    clock.now = MORNING + timedelta(days=2, hours=1)
    form = {
        "csrf_token": csrf,
        "went_well": "The pipeline story.",
        "skills_to_build": "data testing\ndbt",
        "still_want": "4",
        "still_want_why": "The team.",
    }
    saved = site.post("/applications/1/revisit", data=form)
    assert saved.status_code == 303
    page = site.get("/applications/1/revisit")
    assert "The pipeline story." in page.text
    assert "data testing\ndbt" in page.text
    assert "Tell me about a time you failed" in page.text  # the weakest answer, rated 2


def test_a_revisit_rating_without_a_reason_is_explained(site: httpx.Client, clock: Clock) -> None:
    csrf = token(site)
    site.post("/applications/1/debrief", data=_debrief_form(csrf))
    clock.now = MORNING + timedelta(days=3)
    page = site.post("/applications/1/revisit", data={"csrf_token": csrf, "still_want": "2"})
    assert page.status_code == 400
    assert "give the reason for your 2 out of 5" in page.text

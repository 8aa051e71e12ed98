"""The debrief, the question bank and the revisit in real Chromium; screenshots for the docs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from afterview.storage.db import Database
from tests.acting import local
from tests.web.conftest import MORNING

QUESTION = "Tell me about a time you led a project."
NO_RESULT = (
    "At my last job our team had three reporting tools; my goal was one platform, "
    "so I led the migration and wrote the plan."
)
RESULT = " In the end it cut the reporting costs by 30%."


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
def site(db: Database, clock: Clock) -> Iterator[str]:
    """The panel interview (debriefed when it was added) served with a movable clock."""
    from afterview.web.app import WebSettings
    from tests.support.live import live

    with live(WebSettings(db.url, clock=clock)) as running:
        yield running.url


def test_a_debrief_written_in_the_browser_reaches_the_bank_and_the_revisit(
    site: str, db: Database, clock: Clock, page: Any, shots: Path
) -> None:
    from playwright.sync_api import expect

    page.goto(site + "/applications/1")
    page.locator("#journal").get_by_role("link", name="Debrief").click()
    page.get_by_role("heading", name="Debrief", level=1).wait_for()
    questions = page.locator("#questions > fieldset")
    expect(questions).to_have_count(3)  # the two stored questions and one blank
    expect(page.locator("#question-0-q")).to_have_value("Tell us about a pipeline you rebuilt.")

    # A question added in place (HTMX), focused, and the next add button swapped in.
    page.get_by_role("button", name="Add a question").click()
    expect(questions).to_have_count(4)
    asked = page.locator("#question-3-q")
    expect(asked).to_be_focused()
    expect(page.locator("#add-question")).to_have_attribute(
        "hx-get", "/applications/1/debrief/question?index=4"
    )
    asked.fill(QUESTION)

    # The STAR suggestion follows the answer as it is typed.
    star = page.locator("#question-3-star")
    expect(star).to_contain_text("Write your answer")
    answer = page.locator("#question-3-answer")
    answer.fill(NO_RESULT)
    expect(star).to_contain_text("Has: situation, task, action.")
    expect(star.get_by_role("listitem")).to_have_count(1)
    expect(star).to_contain_text("Close with what came of it")
    page.locator("#question-3-rating").select_option("3")
    page.locator("#question-3-asked_by").select_option("Priya Raman")
    page.locator("#question-3").evaluate(
        "e => { e.scrollIntoView({block: 'start'}); window.scrollBy(0, -24); }"
    )
    page.screenshot(path=str(shots / "debrief.png"))

    # The blank third fieldset removed in place (HTMX): the fourth takes its place and its
    # number, with what was typed in it, and the cursor goes to it.
    page.locator("#question-2").get_by_role("button", name="Remove").click()
    expect(questions).to_have_count(3)
    expect(questions.locator("legend")).to_have_text(["Question 1", "Question 2", "Question 3"])
    expect(page.locator("#question-2-q")).to_be_focused()
    expect(page.locator("#question-2-q")).to_have_value(QUESTION)
    expect(page.locator("#question-2-rating")).to_have_value("3")
    expect(page.locator("#question-3")).to_have_count(0)
    expect(page.locator("#add-question")).to_have_attribute(
        "hx-get", "/applications/1/debrief/question?index=3"
    )
    star = page.locator("#question-2-star")
    answer = page.locator("#question-2-answer")
    expect(star).to_contain_text("Close with what came of it")  # checked again, not lost

    answer.fill(NO_RESULT + RESULT)
    expect(star).to_contain_text("Situation, task, action and result are all there.")
    expect(star.get_by_role("listitem")).to_have_count(0)

    with page.expect_navigation():
        page.get_by_role("button", name="Save the debrief").click()
    assert page.url == site + "/applications/1#journal"
    with local(db).read() as tx:
        stored = tx.one("SELECT notes FROM interviews WHERE application_id = 1")
    assert stored is not None
    assert QUESTION in str(stored["notes"])
    assert RESULT.strip() in str(stored["notes"])

    # The question bank lists it, with the stored ones.
    page.get_by_role("link", name="Question bank").click()
    page.get_by_role("heading", name="Question bank", level=1).wait_for()
    bank = page.locator("article.question-group")
    expect(bank.filter(has_text=QUESTION)).to_have_count(1)
    expect(bank.filter(has_text=QUESTION)).to_contain_text("Asked 1× (Northwind Robotics)")
    expect(bank.filter(has_text="How do you test data quality?")).to_have_count(1)
    expect(page.locator("ol.practice > li").filter(has_text=QUESTION)).to_contain_text("latest 3/5")
    page.screenshot(path=str(shots / "question-bank.png"), full_page=True)

    # The revisit waits two days after the debrief just saved.
    page.goto(site + "/applications/1/revisit")
    expect(page.locator("#opens")).to_contain_text("The revisit opens on Monday 23 November, 08:30")
    expect(page.locator("#went_well")).to_have_count(0)

    clock.now = MORNING + timedelta(days=2, hours=1)
    page.reload()
    expect(page.locator("#opens")).to_have_count(0)
    expect(page.get_by_text("Your weakest answer was")).to_contain_text(
        "How do you test data quality?"
    )
    page.locator("#went_well").fill("The migration story, told with its numbers.")
    page.locator("#skills_to_build").fill("data testing\ndbt")
    page.locator("#still_want").select_option("4")
    page.locator("#still_want_why").fill("The team and its postmortems.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the revisit").click()
    assert page.url == site + "/applications/1#journal"
    page.goto(site + "/applications/1/revisit")
    expect(page.locator("#went_well")).to_have_value("The migration story, told with its numbers.")
    expect(page.locator("#skills_to_build")).to_have_value("data testing\ndbt")
    expect(page.locator("#still_want")).to_have_value("4")

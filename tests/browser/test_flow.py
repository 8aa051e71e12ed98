"""The whole flow in real Chromium, from an empty app to the reply to a rejection."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.acting import local

# A step as the timeline names it (its kind's title, or the kind in words).
THANKS = re.compile(r"thank[ -]you", re.IGNORECASE)
REJECTION_REPLY = re.compile(r"rejection reply|reply to the rejection", re.IGNORECASE)
PUSHY = "Just checking in — any update? I need this ASAP!!!"


def test_from_an_empty_app_to_the_rejection_reply(empty_web: Any, page: Any, shots: Path) -> None:
    client, db = empty_web
    base = str(client.base_url).rstrip("/")
    page.goto(base + "/")
    assert page.get_by_text("Nothing tracked yet").is_visible()
    page.get_by_role("link", name="Add an interview").first.click()

    # The interview, as a person would type it; Tom's time zone is under "more" about him.
    page.locator("#panel-1-more > summary").click()
    for field, value in {
        "name": "Jordan Lee",
        "email": "jordan.lee@example.org",
        "candidate_timezone": "America/Toronto",
        "country": "CA",
        "subdivision": "ON",
        "company": "Northwind Robotics",
        "role": "Senior Data Engineer",
        "start": "2026-11-20T14:00",
        "duration": "1h30m",
        "panel-0-name": "Priya Raman",
        "panel-0-email": "priya.raman@northwind.example",
        "panel-0-topics": "migrating the nightly batch jobs to streaming",
        "panel-1-name": "Tom Becker",
        "panel-1-email": "tom.becker@northwind.example",
        "panel-1-timezone": "Europe/Berlin",
        "panel-1-topics": "data-quality checks in the ingestion pipeline",
    }.items():
        page.locator(f"#{field}").fill(value)
    page.locator("#panel-0-role").select_option("hiring_manager")
    page.locator("#asked-summary").click()  # what they said: a section that opens as needed
    page.locator("#decision").fill("within two weeks")
    page.locator("#decision-read").get_by_text("4 December").wait_for()
    page.locator("#contact_preference-email").check()
    page.screenshot(path=str(shots / "add-interview.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Save and plan the follow-ups").click()
    assert "/applications/" in page.url
    assert (
        page.get_by_role("status")
        .first.inner_text()
        .startswith("Saved your interview with Northwind Robotics and planned")
    )
    app_url = page.url
    assert page.get_by_text("follow up one business day after that").first.is_visible()

    # Each interviewer's draft, and a pushy sentence caught as it is typed.
    page.goto(app_url + "/drafts?kind=thank_you")
    page.screenshot(path=str(shots / "drafts.png"), full_page=True)
    assert "migrating the nightly batch jobs" in page.locator("#body-1").input_value()
    assert "data-quality checks" in page.locator("#body-2").input_value()
    page.goto(app_url + "/drafts?kind=thank_you#note-2")
    body = page.locator("#body-2")
    original = body.input_value()
    body.fill(original + "\n" + PUSHY)
    page.locator("#findings-2").get_by_text("pushy").first.wait_for()
    body.fill(original)
    page.locator("#findings-2").get_by_text("No findings.").wait_for()

    # The thank-you marked sent, then the rejection and the reply it calls for.
    page.goto(app_url)
    step = page.locator("li.step", has_text=THANKS).filter(has_text="Priya Raman").first
    with page.expect_navigation():
        step.get_by_role("button", name="Done").click()
    assert page.get_by_role("status").first.inner_text().startswith("Marked done: ")
    page.locator("#outcome-kind").select_option("rejected")
    with page.expect_navigation():
        page.get_by_role("button", name="Record the outcome").click()
    reply = page.locator("li.step", has_text=REJECTION_REPLY).first
    reply.get_by_role("link", name="Draft the note").click()
    page.locator("#body-1").wait_for()
    text = page.locator("#body-1").input_value()
    assert "Priya" in text
    assert text.count("?") <= 1
    with local(db).read() as tx:
        done = tx.one(
            "SELECT status FROM actions WHERE kind = 'thank_you' AND to_name = 'Priya Raman'"
        )
    assert done == {"status": "done"}

"""The decision line under the Add form's field, in real Chromium, as a person types."""

from __future__ import annotations

from typing import Any


def _the_form(empty_web: Any, page: Any) -> None:
    client, _ = empty_web
    page.goto(str(client.base_url).rstrip("/") + "/interviews/new")
    for field, value in {
        "candidate_timezone": "America/Toronto",
        "country": "CA",
        "subdivision": "ON",
        "start": "2026-11-20T14:00",
    }.items():
        page.locator(f"#{field}").fill(value)
    page.locator("#asked-summary").click()


def test_a_holiday_is_read_as_a_date_while_typing(empty_web: Any, page: Any) -> None:
    _the_form(empty_web, page)
    page.locator("#decision").fill("before New Year")
    page.locator("#decision-read").get_by_text("Thursday 31 December 2026").wait_for()
    page.locator("#decision").fill("after Thanksgiving")
    # Canada's Thanksgiving (12 October 2026) has passed: next year's, 11 October 2027
    page.locator("#decision-read").get_by_text("Monday 18 October 2027").wait_for()


def test_a_time_without_a_date_asks_for_their_date(empty_web: Any, page: Any) -> None:
    _the_form(empty_web, page)
    page.locator("#decision").fill("after the school holidays")
    read = page.locator("#decision-read")
    read.get_by_text("When will they decide?").wait_for()
    assert "Until then no follow-up is planned." in read.inner_text()
    assert read.get_attribute("aria-live") == "polite"

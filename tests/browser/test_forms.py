"""The add-interview form in real Chromium: a short first screen, sections opened by keyboard.

Before the form had sections it was about 6,100 px tall at 1,100 px wide (5,737 px for the
form itself) and 6,600 px at 390 px; the first screen now asks only for the company, the
role, when and who, and the rest opens as needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.browser.test_import import axe_violations
from tests.browser.test_keyboard import field, tab_to

SECTIONS = ("job-more", "when-more", "asked", "promised", "debrief")
# The form's height with every section closed, at most (it was 5,737 and 6,582 px).
FIRST_SCREEN = {1100: 2000, 390: 2800}
HEIGHT = "document.getElementById('interview-form').getBoundingClientRect().height"
# The right edge of the widest thing in the form: nothing may stick out of a phone's screen.
RIGHT = """() => Math.max(...Array.from(
  document.querySelectorAll('#interview-form, #interview-form *'),
  e => e.getBoundingClientRect().right))"""


@pytest.fixture(params=sorted(FIRST_SCREEN, reverse=True), ids=lambda w: f"{w}px")
def sized_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[tuple[int, Any]]:
    width: int = request.param
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US")
    yield width, context.new_page()
    context.close()


def test_the_first_screen_is_short_at_desktop_and_phone_widths(
    web: httpx.Client, sized_page: tuple[int, Any], shots: Path
) -> None:
    width, page = sized_page
    page.goto(str(web.base_url).rstrip("/") + "/interviews/new")
    for section in ("you", *SECTIONS):
        assert page.locator(f"#{section}").get_attribute("open") is None
    height = page.evaluate(HEIGHT)
    assert height <= FIRST_SCREEN[width], f"the form is {height:.0f} px tall at {width} px"
    assert page.evaluate(RIGHT) <= width
    for visible in ("#company", "#role", "#start", "#duration", "#panel-0-name"):
        assert page.locator(visible).is_visible()
    assert not page.locator("#decision").is_visible()
    name = "add-interview-first-screen.png" if width > 400 else "add-interview-phone.png"
    page.screenshot(path=str(shots / name), full_page=True)


@pytest.fixture
def keyboard_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="en-US")
    tab = context.new_page()
    yield tab
    context.close()


def test_every_section_opens_and_closes_by_keyboard(web: httpx.Client, keyboard_page: Any) -> None:
    page = keyboard_page
    page.goto(str(web.base_url).rstrip("/") + "/interviews/new")
    firsts = {
        "job-more": "channel_before",
        "when-more": "timezone",
        "asked": "decision",
        "promised": "promise-0-what",
        "debrief": "stood_out",
    }
    for section, first in firsts.items():
        tab_to(page, field(f"{section}-summary"))
        page.keyboard.press("Enter")
        assert page.locator(f"#{section}").get_attribute("open") is not None
        assert page.locator(f"#{first}").is_visible()
        page.keyboard.press("Space")  # and closed again, from the same place
        assert page.locator(f"#{section}").get_attribute("open") is None
        page.keyboard.press("Enter")
        tab_to(page, field(first))  # the next stop is inside it
    assert page.evaluate(HEIGHT) > FIRST_SCREEN[1100]


def test_to_whom_suggests_the_names_as_they_are_typed(web: httpx.Client, page: Any) -> None:
    page.goto(str(web.base_url).rstrip("/") + "/interviews/new")
    page.locator("#panel-0-name").fill("Mira Chen")
    page.locator("#panel-1-name").fill("Lars Jensen")
    options = page.locator("#panel-names option")
    assert [options.nth(i).get_attribute("value") for i in range(options.count())] == [
        "Mira Chen",
        "Lars Jensen",
    ]
    assert page.locator("#promise-0-to").get_attribute("list") == "panel-names"


def test_axe_finds_nothing_wrong_with_the_form_closed_or_open(web: httpx.Client, page: Any) -> None:
    page.goto(str(web.base_url).rstrip("/") + "/interviews/new")
    assert axe_violations(page) == []
    for section in ("you", *SECTIONS):
        page.locator(f"#{section}-summary").click()
    page.locator("#panel-0-more-summary").click()
    assert axe_violations(page) == []


def test_a_field_emptied_in_a_closed_section_comes_back_open_and_marked(
    web: httpx.Client, page: Any
) -> None:
    """The browser cannot show why a closed section's field blocks the form, so the server
    checks it: the page comes back with that section open and the field marked."""
    page.goto(str(web.base_url).rstrip("/") + "/interviews/new")
    for name, value in {"company": "Tailspin Toys", "role": "Platform Engineer"}.items():
        page.locator(f"#{name}").fill(value)
    page.locator("#start").fill("2026-11-20T10:00")
    page.locator("#duration").fill("1h")
    page.locator("#you-summary").click()
    page.locator("#email").fill("")
    page.locator("#you-summary").click()  # closed again, the address left empty
    with page.expect_navigation():
        page.get_by_role("button", name="Save and plan the follow-ups").click()
    assert page.locator("#you").get_attribute("open") is not None
    assert page.locator("#email").get_attribute("aria-invalid") == "true"
    assert page.get_by_role("alert").is_visible()


def test_a_refused_address_in_a_closed_section_opens_it_to_say_why(
    web: httpx.Client, page: Any
) -> None:
    page.goto(str(web.base_url).rstrip("/") + "/interviews/new")
    page.locator("#job-more-summary").click()
    page.locator("#referrer_email").fill("kim at example")
    page.locator("#job-more-summary").click()
    page.get_by_role("button", name="Save and plan the follow-ups").click()
    assert page.locator("#job-more").get_attribute("open") is not None
    assert page.evaluate("document.activeElement.id") == "company"  # the first one refused
    page.locator("#company").fill("Tailspin Toys")
    page.locator("#role").fill("Platform Engineer")
    page.locator("#start").fill("2026-11-20T10:00")
    page.locator("#duration").fill("1h")
    page.get_by_role("button", name="Save and plan the follow-ups").click()
    assert page.evaluate("document.activeElement.id") == "referrer_email"
    assert "/interviews/new" in page.url

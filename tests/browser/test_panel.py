"""Removing people from the add-interview form in real Chromium, with and without JavaScript.

What a removal must leave: the legends counting 1, 2, 3 in page order, what was typed in the
other fieldsets, and the cursor somewhere sensible (the person who took the removed one's
place, or the "Add a person" button when the last one went), never on the page's body.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.browser.test_keyboard import FOCUSED, field, named, tab_to

PEOPLE = ("Mira Chen", "Lars Jensen", "Ana López")


@pytest.fixture
def keyboard_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="en-US")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def no_script_page(browser: Any) -> Iterator[Any]:
    """A tab with JavaScript off: the form works by plain POSTs."""
    context = browser.new_context(
        viewport={"width": 1100, "height": 900}, locale="en-US", java_script_enabled=False
    )
    tab = context.new_page()
    yield tab
    context.close()


def _open(page: Any, web: httpx.Client) -> Any:
    from playwright.sync_api import expect

    page.goto(str(web.base_url).rstrip("/") + "/interviews/new")
    for number, name in enumerate(PEOPLE):
        page.locator(f"#panel-{number}-name").fill(name)
    legends = page.locator("#panel-members > fieldset > legend")
    expect(legends).to_have_text(["Person 1", "Person 2", "Person 3"])
    return legends


def test_removing_a_person_with_the_keyboard_renumbers_and_keeps_the_cursor(
    web: httpx.Client, keyboard_page: Any
) -> None:
    from playwright.sync_api import expect

    page = keyboard_page
    legends = _open(page, web)

    # Person 2 removed from the keyboard: Ana López becomes Person 2, with the cursor.
    page.locator("#panel-1-topics").focus()
    tab_to(page, named("button", "Remove"))
    page.keyboard.press("Enter")
    expect(legends).to_have_text(["Person 1", "Person 2"])
    expect(page.locator("#panel-1-name")).to_be_focused()
    expect(page.locator("#panel-1-name")).to_have_value("Ana López")
    expect(page.locator("#panel-0-name")).to_have_value("Mira Chen")
    assert page.evaluate(FOCUSED)["ring"]  # and the cursor can be seen

    # The last one removed: the cursor goes to "Add a person", which adds Person 2 again.
    tab_to(page, named("button", "Remove"))
    page.keyboard.press("Enter")
    expect(legends).to_have_text(["Person 1"])
    expect(page.locator("#add-person")).to_be_focused()
    assert page.evaluate(FOCUSED)["ring"]
    page.keyboard.press("Enter")
    expect(legends).to_have_text(["Person 1", "Person 2"])
    expect(page.locator("#panel-1-name")).to_be_focused()
    expect(page.locator("#panel-1-name")).to_have_value("")
    tab_to(page, field("panel-0-name"), back=True)
    assert page.locator("#panel-0-name").input_value() == "Mira Chen"


def test_without_javascript_remove_renumbers_and_puts_the_cursor_in_place(
    web: httpx.Client, no_script_page: Any
) -> None:
    from playwright.sync_api import expect

    page = no_script_page
    legends = _open(page, web)
    with page.expect_navigation():
        page.locator("#panel-0").get_by_role("button", name="Remove").click()
    expect(legends).to_have_text(["Person 1", "Person 2"])
    expect(page.locator("#panel-0-name")).to_have_value("Lars Jensen")
    expect(page.locator("#panel-0-name")).to_be_focused()
    expect(page.locator("#panel-1-name")).to_have_value("Ana López")

    with page.expect_navigation():
        page.locator("#panel-1").get_by_role("button", name="Remove").click()
    expect(legends).to_have_text(["Person 1"])
    expect(page.locator("#add-person")).to_be_focused()

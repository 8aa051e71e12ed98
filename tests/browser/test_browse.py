"""The applications list's pager in real Chromium: by keyboard, on a phone and a desktop."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from afterview.web import browse
from tests.browser.conftest import OVERFLOW, accessibility_problems
from tests.browser.test_keyboard import named, tab_to


def test_the_pager_is_reached_and_followed_by_keyboard_at_both_widths(
    web: httpx.Client, sized: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browse, "PAGE_SIZE", 3)  # the panel interview: four applications
    page = sized
    page.goto(f"{web.base_url}/applications")
    assert page.locator("nav.pager").is_visible()
    tab_to(page, named("a", "Next page"))  # every stop on the way shows its focus ring
    page.keyboard.press("Enter")
    page.wait_for_url("**/applications?page=2")
    assert "Showing 4–4, page 2 of 2." in page.locator("#results [role=status]").inner_text()
    assert page.evaluate(OVERFLOW) <= 0
    assert accessibility_problems(page) == []
    tab_to(page, named("a", "Previous page"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/applications")
    assert "page 1 of 2" in page.locator("#results [role=status]").inner_text()

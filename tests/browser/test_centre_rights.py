"""A centre's Settings erase form and the centre report in real Chromium: axe-clean at a
desktop and a phone's width (390 px), and the erase form used with the keyboard alone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import OVERFLOW, accessibility_problems
from tests.integration.centre_support import Centre, centre, roles, served_with_a_seeker

__all__ = ["centre", "roles"]  # the fixtures this module's tests use

PASSWORD = "correct horse battery"


@pytest.fixture
def site(centre: Centre) -> Iterator[str]:
    """The centre served as its runtime role: a seeker with one interview, and an admin."""
    with served_with_a_seeker(centre, PASSWORD, (("boss@example.org", "admin"),)) as url:
        yield url


def _problems(page: Any) -> list[str]:
    wrong = list(accessibility_problems(page))
    if page.evaluate(OVERFLOW) > 0:
        wrong.append(f"{page.url}: wider than the window")
    return wrong


def _sign_in(page: Any, site: str, email: str) -> None:
    page.goto(site + "/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site + "/")


def test_the_erase_form_and_the_report_pass_axe_and_fit(site: str, sized: Any) -> None:
    _sign_in(sized, site, "a@example.org")
    sized.goto(site + "/settings")
    assert sized.get_by_role("heading", name="Erase your account").is_visible()
    assert _problems(sized) == []
    sized.get_by_label("Type your email address to confirm").fill("not@example.org")
    sized.get_by_role("button", name="Erase my account").click()
    assert sized.locator(".error-summary").is_visible()
    assert _problems(sized) == []
    sized.get_by_role("button", name="Sign out").click()
    _sign_in(sized, site, "boss@example.org")
    sized.goto(site + "/report")
    assert sized.get_by_role("table").is_visible()
    assert _problems(sized) == []


def test_erasing_with_the_keyboard_alone_signs_out(site: str, page: Any) -> None:
    _sign_in(page, site, "a@example.org")
    page.goto(site + "/settings")
    field = page.get_by_label("Type your email address to confirm")
    field.focus()
    page.keyboard.type("a@example.org")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Erase my account"
    page.keyboard.press("Enter")
    page.wait_for_url(site + "/sign-in")
    page.goto(site + "/applications")
    assert page.url == site + "/sign-in"

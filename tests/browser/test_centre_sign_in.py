"""A career centre in real Chromium: the sign-in page, Sign out on every page, and Back
after signing out on a shared computer (PostgreSQL, the app as the runtime role)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import OVERFLOW, accessibility_problems
from tests.integration.centre_support import Centre, centre, roles, served_with_a_seeker

__all__ = ["centre", "roles"]  # the fixtures this module's tests use

PASSWORD = "correct horse battery"
COMPANY = "Northwind Robotics"


@pytest.fixture
def site(centre: Centre) -> Iterator[str]:
    """The centre served as its runtime role, with a seeker whose search holds one
    interview; yields the address."""
    with served_with_a_seeker(centre, PASSWORD) as url:
        yield url


def _problems(page: Any) -> list[str]:
    wrong = list(accessibility_problems(page))
    if page.evaluate(OVERFLOW) > 0:
        wrong.append(f"{page.url}: wider than the window")
    return wrong


def _sign_in(page: Any, password: str = PASSWORD) -> None:
    page.get_by_label("Email address").fill("a@example.org")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_the_sign_in_page_and_a_signed_in_page_fit_and_pass_axe(site: str, sized: Any) -> None:
    sized.goto(site + "/applications")
    assert sized.url == site + "/sign-in"  # not signed in: sent to sign in
    assert _problems(sized) == []
    _sign_in(sized, "not the password")
    assert sized.locator(".error-summary").is_visible()
    assert "do not match an account" in sized.locator(".error-summary").inner_text()
    assert _problems(sized) == []
    _sign_in(sized)
    assert sized.url == site + "/"
    assert sized.get_by_role("button", name="Sign out").is_visible()
    sized.goto(site + "/applications")
    assert sized.get_by_role("button", name="Sign out").is_visible()
    assert _problems(sized) == []
    assert sized.evaluate("() => window.localStorage.length") == 0


def test_back_after_signing_out_shows_nothing_personal(site: str, page: Any) -> None:
    page.goto(site + "/sign-in")
    _sign_in(page)
    answer = page.goto(site + "/applications")
    assert COMPANY in page.content()
    assert answer.headers["cache-control"] == "no-store"
    assert "a@example.org" not in page.url
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(site + "/sign-in")
    page.go_back()
    assert COMPANY not in page.content()
    page.go_back()
    assert COMPANY not in page.content()


def test_an_idle_page_warns_before_the_session_ends_then_leaves_for_sign_in(
    site: str, page: Any
) -> None:
    """The page's clock is Playwright's, moved by the test: the warning shows two minutes
    before the 20 idle minutes are up, "Stay signed in" starts the count again, and at the
    end the page replaces itself with the sign-in page."""
    page.clock.install()
    page.goto(site + "/sign-in")
    _sign_in(page)
    page.goto(site + "/applications")
    warning = page.locator("#idle-warning")
    assert warning.is_hidden()
    page.clock.run_for("17:59")
    assert warning.is_hidden()
    page.clock.run_for("00:02")
    assert warning.is_visible()
    assert "signed out soon" in warning.inner_text()
    page.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()  # no script eval: the page's CSP forbids it
    page.clock.run_for("19:59")
    assert page.url == site + "/applications"
    page.clock.run_for("00:02")
    page.wait_for_url(site + "/sign-in")
    assert COMPANY not in page.content()

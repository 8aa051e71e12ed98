"""Single sign-on in real Chromium: the sign-in page's "Sign in with …" button at a desktop
and a phone's width (axe, nothing wider than the window), reached and pressed with the
keyboard, and a refused sign-in's page (PostgreSQL, the test provider on 127.0.0.1)."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import OVERFLOW, accessibility_problems
from tests.integration.centre_support import centre, roles
from tests.integration.test_centre_oidc import Sso, sso

__all__ = ["centre", "roles", "sso"]  # the fixtures this module's tests use

BUTTON = "Sign in with Example ID"


def _problems(page: Any) -> list[str]:
    wrong = list(accessibility_problems(page))
    if page.evaluate(OVERFLOW) > 0:
        wrong.append(f"{page.url}: wider than the window")
    return wrong


def test_the_single_sign_on_button_fits_passes_axe_and_signs_in_from_the_keyboard(
    sso: Sso, sized: Any
) -> None:
    sized.goto(sso.app + "/sign-in")
    button = sized.get_by_role("link", name=BUTTON)
    assert button.is_visible()
    assert _problems(sized) == []
    for _ in range(10):  # Tab through the page's controls until the button has the focus
        sized.keyboard.press("Tab")
        if sized.evaluate("() => document.activeElement.textContent.trim()") == BUTTON:
            break
    else:
        raise AssertionError("the button is not reached with Tab")
    sized.keyboard.press("Enter")
    sized.wait_for_url(sso.app + "/")
    assert sized.get_by_role("button", name="Sign out").is_visible()


def test_a_refused_single_sign_on_is_a_page_that_says_why(sso: Sso, sized: Any) -> None:
    sso.provider.audience = "another-application"
    sized.goto(sso.app + "/sign-in")
    sized.get_by_role("link", name=BUTTON).click()
    sized.wait_for_url(f"{sso.app}/sign-in/oidc/callback*")
    assert "made for another application" in sized.locator("main").inner_text()
    assert _problems(sized) == []

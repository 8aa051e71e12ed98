"""A career centre's navigation and a seeker's Mail account page in real Chromium, served
as the runtime role: each role's own link in the navigation, the page saved, refused and
removed, axe-clean at a desktop width and a phone's 390 px; and the same done with the
keyboard alone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet

from tests.browser.test_every_page import check, check_here, summary_leads_to_its_field
from tests.integration.centre_support import Centre, centre, roles, served_with_a_seeker

__all__ = ["centre", "roles"]  # the fixtures this module's tests use

PASSWORD = "correct horse battery"
SECRET = "zq-smtp-password-typed-in-chromium"
OTHERS = (("c@example.org", "counsellor"), ("boss@example.org", "admin"))


@pytest.fixture
def site(centre: Centre, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("AFTERVIEW_SECRET_KEY", Fernet.generate_key().decode())
    monkeypatch.delenv("AFTERVIEW_SECRET_KEY_FILE", raising=False)
    with served_with_a_seeker(centre, PASSWORD, OTHERS) as url:
        yield url


def _sign_in(page: Any, site: str, email: str) -> None:
    page.goto(site + "/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(site + "/")


def _sign_out(page: Any, site: str) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(site + "/sign-in")


def test_each_roles_link_and_the_mail_account_page_fit_and_pass_axe(site: str, sized: Any) -> None:
    from playwright.sync_api import expect

    nav = sized.get_by_role("navigation", name="Main")
    wrong: list[str] = []
    for email, link, path in (
        ("c@example.org", "Caseload", "/caseload"),
        ("boss@example.org", "Report", "/report"),
    ):
        _sign_in(sized, site, email)
        nav.get_by_role("link", name=link).click()
        sized.wait_for_url(site + path)
        wrong += check_here(sized)
        _sign_out(sized, site)

    _sign_in(sized, site, "a@example.org")
    expect(nav.get_by_role("link", name="Sharing")).to_be_visible()
    wrong += check(sized, site + "/settings")
    sized.get_by_role("link", name="Set up or change your mail account").click()
    sized.wait_for_url(site + "/settings/mail-account")
    wrong += check_here(sized)
    sized.locator("#smtp-host").fill("smtp example org")  # the browser lets it through
    sized.locator("#smtp-password").fill(SECRET)
    sized.get_by_role("button", name="Save the mail account").click()
    assert summary_leads_to_its_field(sized) == "smtp-host"
    assert sized.locator("#smtp-password").input_value() == ""  # never filled in again
    wrong += check_here(sized)
    sized.locator("#smtp-host").fill("smtp.example.org")
    sized.locator("#smtp-password").fill(SECRET)
    sized.get_by_role("button", name="Save the mail account").click()
    expect(sized.locator("#flash")).to_contain_text("Mail account saved")
    assert SECRET not in sized.content()
    wrong += check_here(sized)
    sized.get_by_role("button", name="Remove the mail account").click()
    expect(sized.locator("#flash")).to_contain_text("Mail account removed")
    wrong += check_here(sized)
    assert not wrong, "\n".join(wrong)


def test_the_mail_account_is_set_with_the_keyboard_alone(site: str, page: Any) -> None:
    from playwright.sync_api import expect

    _sign_in(page, site, "a@example.org")
    page.goto(site + "/")
    link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Sharing")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site + "/sharing"

    page.goto(site + "/settings/mail-account")
    page.locator("#smtp-host").focus()
    page.keyboard.type("smtp.example.org")
    for _field in ("port", "user"):
        page.keyboard.press("Tab")
    expect(page.locator("#smtp-user")).to_be_focused()
    page.keyboard.type("a@example.org")
    page.keyboard.press("Tab")
    expect(page.locator("#smtp-security")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#smtp-password")).to_be_focused()
    page.keyboard.type(SECRET)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#flash")).to_contain_text(
        "Mail account saved: sending through smtp.example.org:587."
    )
    expect(page.get_by_text("Sending (SMTP): smtp.example.org:587, password saved")).to_be_visible()
    assert not check_here(page)

"""The consent pages in real Chromium, in a career centre served as its runtime role: the
seeker's Sharing page (the notice before the form, a refused address, the grant, the
access log), the counsellor's Caseload and read-only seeker pages, each at a desktop width
and a phone's 390 px, with no serious axe violation, and the sharing done by keyboard alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from afterview.services import consent, tracking
from tests.browser.test_every_page import check, check_here, summary_leads_to_its_field
from tests.integration import centre_support as base_db
from tests.integration.test_consent import ADDED, NOW, People, add_people, interview
from tests.web.test_consent_web import AS, _served

roles = base_db.roles
centre = base_db.centre


@pytest.fixture
def site(centre: base_db.Centre) -> Iterator[tuple[str, People]]:
    app = centre.app_db()
    people = People(app, *add_people(centre.owner_db()))
    tracking.add(people.seeker(people.a), interview("Zorblatt"), source="a", now=ADDED)
    with _served(centre.app_url) as http:
        yield str(http.base_url).rstrip("/"), people


def _as(tab: Any, role: str, account: int) -> Any:
    tab.set_extra_http_headers({AS: f"{role}:{account}"})
    return tab


def test_the_sharing_and_caseload_pages_fit_and_pass_axe(
    site: tuple[str, People], sized: Any
) -> None:
    url, people = site
    seeker = _as(sized, "seeker", people.a)
    wrong = check(seeker, url + "/sharing")
    consent.grant(people.seeker(people.a), "c@example.org", now=NOW)
    consent.add_note(people.counsellor(), people.a, "Shared with A.", shared=True, now=NOW)
    wrong += check(seeker, url + "/sharing")  # a grant, a log, a shared note
    counsellor = _as(sized, "counsellor", people.c)
    wrong += check(counsellor, url + "/caseload")
    wrong += check(counsellor, url + f"/caseload/{people.a}")
    assert not wrong, "\n".join(wrong)


def test_a_seeker_grants_and_withdraws_by_keyboard(site: tuple[str, People], page: Any) -> None:
    from playwright.sync_api import expect

    url, people = site
    tab = _as(page, "seeker", people.a)
    tab.goto(url + "/sharing")
    tab.locator("#counsellor").focus()
    tab.keyboard.type("nobody@example.org")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert summary_leads_to_its_field(tab) == "counsellor"
    assert not check_here(tab)
    tab.locator("#counsellor").fill("")
    tab.keyboard.type("c@example.org")
    tab.keyboard.press("Tab")  # to the button that grants
    expect(tab.get_by_role("button", name="grant access")).to_be_focused()
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    expect(tab.get_by_role("button", name="Withdraw access from c@example.org")).to_be_visible()
    tab.get_by_role("button", name="Withdraw access from c@example.org").focus()
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    expect(tab.get_by_text("Nobody: your search is yours alone.")).to_be_visible()
    assert [e.action for e in consent.access_log(people.seeker(people.a))] == [
        "revoked",
        "granted",
    ]

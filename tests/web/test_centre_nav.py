"""A career centre's navigation links each role's own page: Sharing for a seeker, Caseload
for a counsellor, Report for an admin; on every page, those kept and served again too. A
personal installation links none of them."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from tests.integration.centre_support import ADDED, Centre, centre, cli, roles

__all__ = ["centre", "roles"]  # the fixtures this module's tests use

PASSWORD = "correct horse battery"
PEOPLE = {"a@example.org": "seeker", "c@example.org": "counsellor", "boss@example.org": "admin"}
LINKS = {"seeker": "/sharing", "counsellor": "/caseload", "admin": "/report"}
PAGES = ("/", "/applications", "/settings", "/card", "/insights", "/outbox")


@pytest.fixture
def site(centre: Centre) -> Iterator[str]:
    from afterview.web.app import WebSettings
    from tests.support.live import live

    for email, role in PEOPLE.items():
        argv = ["users", "add", email, "--role", role, "--password-stdin"]
        assert cli(argv, centre.app_url, PASSWORD + "\n")[0] == 0
    with live(WebSettings(centre.app_url, clock=lambda: ADDED)) as running:
        yield running.url


def nav_links(html: str) -> set[str]:
    """The centre links the page's main navigation holds."""
    found = re.search(r'<nav aria-label="Main">(.*?)</nav>', html, re.S)
    assert found, "the page has no main navigation"
    return set(re.findall(r'href="(/sharing|/caseload|/report)"', found.group(1)))


def test_each_role_sees_its_own_page_linked_on_every_page(site: str) -> None:
    for _round in range(2):  # the second time, the pages kept from the first are served
        for email, role in PEOPLE.items():
            with httpx.Client(base_url=site) as http:
                signed = http.post("/api/session", json={"email": email, "password": PASSWORD})
                assert signed.status_code == 200, signed.text
                for path in (*PAGES, LINKS[role]):
                    answer = http.get(path)
                    assert answer.status_code == 200, (email, path)
                    assert nav_links(answer.text) == {LINKS[role]}, (email, path)


def test_the_sign_in_page_links_none(site: str) -> None:
    with httpx.Client(base_url=site) as http:
        assert "/sharing" not in http.get("/sign-in").text


def test_a_personal_installation_links_none(web: httpx.Client) -> None:
    for path in PAGES:
        assert nav_links(web.get(path).text) == set(), path

"""A counsellor's ``GET /api/applications`` pages like a seeker's own: ``limit`` and
``offset`` slice the list of every granting seeker's applications, with ``total`` and
``next``; without them the whole list comes back as before."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from afterview.services import consent, tracking
from tests.integration import centre_support as base
from tests.integration.test_consent import ADDED, NOW, People, add_people, interview
from tests.web.test_consent_web import _served, _who

roles = base.roles
centre = base.centre
COMPANIES = ("Zorblatt", "Quillfeather", "Vexhollow", "Brindlemark", "Ostrava Works")


@pytest.fixture
def site(centre: base.Centre) -> Iterator[tuple[httpx.Client, People]]:
    people = People(centre.app_db(), *add_people(centre.owner_db()))
    for company in COMPANIES[:3]:
        tracking.add(people.seeker(people.a), interview(company), source="a", now=ADDED)
    for company in COMPANIES[3:]:
        tracking.add(people.seeker(people.b), interview(company), source="b", now=ADDED)
    consent.grant(people.seeker(people.a), "c@example.org", now=NOW)
    consent.grant(people.seeker(people.b), "c@example.org", now=NOW)
    with _served(centre.app_url) as http:
        yield http, people


def test_a_counsellors_list_honours_limit_and_offset(site: tuple[httpx.Client, People]) -> None:
    http, people = site
    c = _who("counsellor", people.c)
    whole = http.get("/api/applications", headers=c).json()
    assert set(whole) == {"applications"}  # unpaged: the list alone, as before
    every = [row["company"] for row in whole["applications"]]
    assert set(COMPANIES) <= set(every)
    n = len(every)

    first = http.get("/api/applications?limit=2", headers=c).json()
    assert [r["company"] for r in first["applications"]] == every[:2]
    assert (first["total"], first["offset"], first["limit"], first["next"]) == (n, 0, 2, 2)
    middle = http.get("/api/applications?limit=2&offset=2", headers=c).json()
    assert [r["company"] for r in middle["applications"]] == every[2:4]
    assert middle["next"] == 4
    last = http.get(f"/api/applications?limit=2&offset={n - 1}", headers=c).json()
    assert [r["company"] for r in last["applications"]] == every[n - 1 :]
    assert last["next"] is None
    beyond = http.get(f"/api/applications?offset={n}", headers=c).json()
    assert (beyond["applications"], beyond["total"], beyond["next"]) == ([], n, None)


def test_a_counsellors_and_a_seekers_paging_answer_alike(
    site: tuple[httpx.Client, People],
) -> None:
    http, people = site
    a, c = _who("seeker", people.a), _who("counsellor", people.c)
    seeker = http.get("/api/applications?limit=1&offset=1", headers=a).json()
    counsellor = http.get("/api/applications?limit=1&offset=1", headers=c).json()
    assert set(seeker) == set(counsellor) == {"applications", "total", "offset", "limit", "next"}
    assert http.get("/api/applications?limit=0", headers=c).status_code == 422

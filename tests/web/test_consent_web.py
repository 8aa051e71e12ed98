"""Consent over HTTP, served as a career centre's runtime role: the issue's sequence (B's
and C's application lists do not show A's company; A grants C; C sees A's application and
the caseload lists A; A's access log names C; A revokes; C no longer sees it), then the
pages.

Who sends each request is said by a header a test middleware turns into the request's
actor, the way sign-in will (``web/acting.py`` reads ``request.state.actor`` first).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
import uvicorn

from afterview.services import tracking
from afterview.web.app import WebSettings, create_app
from afterview.wiring import Actor
from tests.integration import centre_support as base
from tests.integration.test_consent import ADDED, NOW, People, add_people, interview
from tests.web.conftest import page_token

roles = base.roles
centre = base.centre
AS = "x-test-actor"


@contextmanager
def _served(url: str) -> Iterator[httpx.Client]:
    app = create_app(WebSettings(url, clock=lambda: NOW))

    @app.middleware("http")
    async def acting_as(request: Any, call_next: Any) -> Any:
        said = request.headers.get(AS)
        if said:
            role, account = said.split(":")
            request.state.actor = Actor(int(account), role, int(account))
        return await call_next(request)

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = threading.Event()
    while not started.wait(0.01):
        if server.started:
            started.set()
        assert thread.is_alive(), "the server did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            yield http
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def site(centre: base.Centre) -> Iterator[tuple[httpx.Client, People]]:
    app = centre.app_db()
    people = People(app, *add_people(centre.owner_db()))
    tracking.add(people.seeker(people.a), interview("Zorblatt"), source="a", now=ADDED)
    tracking.add(people.seeker(people.b), interview("Quillfeather"), source="b", now=ADDED)
    with _served(centre.app_url) as http:
        yield http, people


def _who(role: str, account: int) -> dict[str, str]:
    return {AS: f"{role}:{account}"}


def _token(http: httpx.Client, who: dict[str, str]) -> dict[str, str]:
    page = "/caseload" if who[AS].startswith("counsellor") else "/sharing"
    return {**who, "x-csrf-token": page_token(http.get(page, headers=who).text)}


def _companies(http: httpx.Client, who: dict[str, str]) -> set[str]:
    answer = http.get("/api/applications", headers=who)
    assert answer.status_code == 200, answer.text
    return {row["company"] for row in answer.json()["applications"]}


def test_the_issues_sequence_over_http(site: tuple[httpx.Client, People]) -> None:
    http, people = site
    a, b = _who("seeker", people.a), _who("seeker", people.b)
    c = _who("counsellor", people.c)
    assert "Zorblatt" in _companies(http, a)
    assert "Zorblatt" not in _companies(http, b)
    assert "Zorblatt" not in _companies(http, c)
    granted = http.post(
        "/api/grants", json={"counsellor": "c@example.org"}, headers=_token(http, a)
    )
    assert granted.status_code == 201, granted.text
    grant = granted.json()["id"]
    listed = http.get("/api/applications", headers=c).json()["applications"]
    assert "Zorblatt" in {r["company"] for r in listed}
    assert {r["seeker"] for r in listed} == {"a@example.org"}
    caseload = http.get("/api/caseload", headers=c).json()["caseload"]
    assert [s["email"] for s in caseload] == ["a@example.org"]
    log = http.get("/api/access-log", headers=a).json()["entries"]
    assert "c@example.org" in {e["actor"] for e in log}
    assert {e["action"] for e in log} == {"granted", "read"}
    revoked = http.delete(f"/api/grants/{grant}", headers=_token(http, a))
    assert revoked.status_code == 204, revoked.text
    assert "Zorblatt" not in _companies(http, c)
    assert http.get(f"/caseload/{people.a}", headers=c).status_code == 404
    assert http.delete(f"/api/grants/{grant}", headers=_token(http, a)).status_code == 404


def test_grants_refused_in_words(site: tuple[httpx.Client, People]) -> None:
    http, people = site
    a, c = _who("seeker", people.a), _who("counsellor", people.c)
    unknown = http.post(
        "/api/grants", json={"counsellor": "b@example.org"}, headers=_token(http, a)
    )
    assert unknown.status_code == 400
    assert unknown.json()["error"]["code"] == "bad_request"
    assert "b@example.org" in unknown.json()["error"]["message"]
    by_counsellor = http.post(
        "/api/grants", json={"counsellor": "c@example.org"}, headers=_token(http, c)
    )
    assert by_counsellor.status_code == 403
    assert http.get("/api/caseload", headers=a).status_code == 403
    assert http.get("/api/notice").json()["paragraphs"]


def test_the_pages_share_read_and_withdraw(site: tuple[httpx.Client, People]) -> None:
    http, people = site
    a, c = _who("seeker", people.a), _who("counsellor", people.c)
    sharing = http.get("/sharing", headers=a)
    assert sharing.status_code == 200
    assert "What a counsellor will see" in sharing.text
    token = page_token(sharing.text)
    form = {"counsellor": "c@example.org", "notice": "", "csrf_token": token}
    answer = http.post("/sharing/grants", data=form, headers=a, follow_redirects=False)
    assert answer.status_code == 303
    assert "c@example.org" in http.get("/sharing", headers=a).text
    page = http.get("/caseload", headers=c)
    assert page.status_code == 200
    assert "a@example.org" in page.text
    seeker = http.get(f"/caseload/{people.a}", headers=c)
    assert seeker.status_code == 200
    assert "Zorblatt" in seeker.text
    note = {"body": "Well done.", "shared": "yes", "csrf_token": page_token(seeker.text)}
    saved = http.post(f"/caseload/{people.a}/notes", data=note, headers=c, follow_redirects=False)
    assert saved.status_code == 303
    shown = http.get("/sharing", headers=a).text
    assert "Well done." in shown
    grant = http.get("/api/grants", headers=a).json()["grants"][0]["id"]
    revoke = {"csrf_token": page_token(shown)}
    gone = http.post(
        f"/sharing/grants/{grant}/revoke", data=revoke, headers=a, follow_redirects=False
    )
    assert gone.status_code == 303
    assert http.get(f"/caseload/{people.a}", headers=c).status_code == 404


def test_notes_over_the_api(site: tuple[httpx.Client, People]) -> None:
    http, people = site
    a, c = _who("seeker", people.a), _who("counsellor", people.c)
    path = f"/api/caseload/{people.a}/notes"
    refused = http.post(path, json={"body": "Hello"}, headers=_token(http, c))
    assert refused.status_code == 404  # no grant yet
    http.post("/api/grants", json={"counsellor": "c@example.org"}, headers=_token(http, a))
    for body, shared in (("For me.", False), ("For you.", True)):
        written = http.post(path, json={"body": body, "shared": shared}, headers=_token(http, c))
        assert written.status_code == 201, written.text
    mine = http.get("/api/notes", params={"seeker": people.a}, headers=c).json()["notes"]
    assert [n["body"] for n in mine] == ["For you.", "For me."]
    theirs = http.get("/api/notes", headers=a).json()["notes"]
    assert [(n["body"], n["author"]) for n in theirs] == [("For you.", "c@example.org")]
    as_seeker = http.post(path, json={"body": "x"}, headers=_token(http, a))
    assert as_seeker.status_code == 403


def test_the_caseload_shown_again_follows_every_write_and_logs_every_read(
    site: tuple[httpx.Client, People],
) -> None:
    """Read once per data revision and clock place, the caseload still changes with the
    very next request after a seeker's write or withdrawal, and every request is logged."""
    http, people = site
    a, b = _who("seeker", people.a), _who("seeker", people.b)
    c = _who("counsellor", people.c)
    for who in (a, b):
        http.post("/api/grants", json={"counsellor": "c@example.org"}, headers=_token(http, who))

    def shown() -> dict[str, list[str]]:
        answer = http.get("/api/caseload", headers=c)
        assert answer.status_code == 200, answer.text
        return {
            s["email"]: [x["signal"] for x in s["attention"]] for s in answer.json()["caseload"]
        }

    first = shown()
    assert shown() == first
    assert set(first) == {"a@example.org", "b@example.org"}
    assert "offer_not_on_paper" not in first["b@example.org"]
    b_app = http.get("/api/applications", headers=b).json()["applications"][0]["id"]
    said = http.post(
        f"/applications/{b_app}/outcome",
        data={"kind": "offer"},
        headers=_token(http, b),
        follow_redirects=False,
    )
    assert said.status_code == 303, said.text
    assert "offer_not_on_paper" in shown()["b@example.org"]
    grant = http.get("/api/grants", headers=a).json()["grants"][0]["id"]
    assert http.delete(f"/api/grants/{grant}", headers=_token(http, a)).status_code == 204
    assert set(shown()) == {"b@example.org"}
    log = http.get("/api/access-log", headers=b).json()["entries"]
    assert len([e for e in log if e["action"] == "read"]) == 4


def test_the_caseload_page_shown_again_is_the_page_rendered_afresh_with_its_own_token(
    site: tuple[httpx.Client, People], centre: base.Centre
) -> None:
    """The page is rendered once per caseload read and sent again with each browser's
    token: what a second server renders for a new browser differs from it in the token
    alone."""
    http, people = site
    a, b = _who("seeker", people.a), _who("seeker", people.b)
    c = _who("counsellor", people.c)
    for who in (a, b):
        http.post("/api/grants", json={"counsellor": "c@example.org"}, headers=_token(http, who))
    assert http.get("/caseload", headers=c).status_code == 200  # read and rendered
    kept = http.get("/caseload", headers=c)
    with _served(centre.app_url) as other:
        fresh = other.get("/caseload", headers=c)
    assert (kept.status_code, fresh.status_code) == (200, 200)
    mine, theirs = page_token(kept.text), page_token(fresh.text)
    assert mine != theirs
    assert kept.text.count(mine) == fresh.text.count(theirs) >= 1
    assert kept.text.replace(mine, "TOKEN") == fresh.text.replace(theirs, "TOKEN")
    assert "a@example.org" in kept.text
    assert "b@example.org" in kept.text
    assert kept.headers["cache-control"] == "no-store"

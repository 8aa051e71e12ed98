"""The web app over real HTTP: a uvicorn server on loopback, driven with httpx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx

from afterview.storage.db import Database
from tests.acting import local
from tests.web.conftest import token


def test_today_shows_what_to_do_now_and_what_is_waiting(web: httpx.Client) -> None:
    page = web.get("/")
    assert page.status_code == 200
    assert "Do now (9)" in page.text
    assert "→ Tom Becker" in page.text
    assert "decision by Fri 04 Dec;\n      follow up from Mon 07 Dec 08:00" in page.text
    assert "You got through your interview with Northwind Robotics" in page.text
    assert "3 active" in page.text


def test_every_response_carries_the_safety_headers(web: httpx.Client) -> None:
    page = web.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert "samesite=strict" in page.headers["set-cookie"].lower()


def test_a_foreign_host_is_refused(web: httpx.Client) -> None:
    page = web.get("/", headers={"Host": "rebinding.example:8000"})
    assert page.status_code == 400
    assert "is not afterview" in page.text
    api = web.get("/api/agenda", headers={"Host": "rebinding.example"})
    assert api.json()["error"]["code"] == "host"


def test_a_state_change_without_the_csrf_token_is_refused(web: httpx.Client, db: Database) -> None:
    refused = web.post("/api/steps/1/skip", json={"why": "busy"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf"
    form = web.post("/steps/1/done", data={"csrf_token": "forged"}, follow_redirects=False)
    assert form.status_code == 403
    with local(db).read() as tx:
        assert tx.one("SELECT status FROM actions WHERE id = 1") == {"status": "pending"}


def test_with_the_token_a_form_marks_a_step_done(web: httpx.Client, db: Database) -> None:
    done = web.post("/steps/3/done", data={"csrf_token": token(web)}, follow_redirects=False)
    assert done.status_code == 303
    with local(db).read() as tx:
        assert tx.one("SELECT status FROM actions WHERE id = 3") == {"status": "done"}
    skipped = web.post(
        "/api/steps/4/skip", json={"why": "sent by hand"}, headers={"X-CSRF-Token": token(web)}
    )
    assert skipped.json() == {"step": 4, "status": "skipped"}


def test_user_text_is_escaped(web: httpx.Client, db: Database) -> None:
    with local(db).write() as tx:
        tx.execute("UPDATE applications SET company = '<script>alert(1)</script>' WHERE id = 1")
    page = web.get("/")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_errors_have_one_shape(web: httpx.Client) -> None:
    missing = web.get("/api/applications/77")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": {
            "status": 404,
            "code": "not_found",
            "message": (
                "No application with id 77. Your applications are listed on the Applications page."
            ),
        }
    }
    invalid = web.get("/api/agenda", params={"limit": 0})
    assert invalid.status_code == 422
    assert set(invalid.json()["error"]) == {"status", "code", "message"}
    page = web.get("/nowhere")
    assert page.status_code == 404
    assert "There is nothing at /nowhere." in page.text
    assert "<h1>404: not found</h1>" in page.text


def test_the_api_matches_the_cli_and_publishes_its_schema(web: httpx.Client) -> None:
    agenda = web.get("/api/agenda").json()
    assert agenda["waiting"]["items"][0]["decision_date"] == "2026-12-04"
    schema = web.get("/api/openapi.json").json()
    assert {"/api/agenda", "/api/applications", "/api/steps/{step}/done"} <= set(schema["paths"])


def test_every_state_changing_route_checks_the_csrf_token(db: Database) -> None:
    from fastapi.routing import APIRoute

    from afterview.web import security
    from afterview.web.app import WebSettings, create_app

    def routes(found: list[Any]) -> Iterator[APIRoute]:
        for route in found:
            included = getattr(route, "original_router", None)  # an included router
            if included is not None:
                yield from routes(included.routes)
            elif isinstance(route, APIRoute):
                yield route

    app = create_app(WebSettings(db.url))
    changing = [r for r in routes(app.routes) if r.methods - {"GET", "HEAD"}]
    assert len(changing) >= 20  # forms and API calls of every page
    unchecked = [
        (sorted(r.methods), r.path)
        for r in changing
        if not any(d.call is security.check_csrf for d in r.dependant.dependencies)
    ]
    # Signing in rides no session (there is none yet), so it takes no token; the Origin
    # check still refuses another site's form, and the cookie is new at every sign-in.
    assert unchecked == [(["POST"], "/api/session")]

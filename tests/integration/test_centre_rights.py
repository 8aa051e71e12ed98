"""A centre seeker's data rights on PostgreSQL, as the runtime role: the export is theirs
and named personal, and erasing the account needs its address back and ends the session."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.integration.centre_support import ADDED, Centre, centre, cli, roles, sql

__all__ = ["centre", "roles"]  # the fixtures this module's tests use

PASSWORD = "correct horse battery"


def _add(centre: Centre, email: str, role: str = "seeker") -> None:
    argv = ["users", "add", email, "--role", role, "--password-stdin"]
    code, _, err = cli(argv, centre.app_url, PASSWORD + "\n")
    assert (code, err) == (0, ""), err


@pytest.fixture
def http(centre: Centre) -> Any:
    from afterview.web.app import WebSettings
    from tests.support.live import client

    _add(centre, "a@example.org")
    _add(centre, "b@example.org")
    with client(WebSettings(centre.app_url, clock=lambda: ADDED)) as web:
        yield web


def _sign_in(http: httpx.Client, email: str) -> None:
    answer = http.post("/api/session", json={"email": email, "password": PASSWORD})
    assert answer.status_code == 200, answer.text


def _add_interview(http: httpx.Client, example: str) -> None:
    from tests.conftest import EXAMPLES

    body = (EXAMPLES / example).read_bytes()
    answer = http.post(
        "/api/interviews", content=body, headers={"Content-Type": "application/yaml", **_csrf(http)}
    )
    assert answer.status_code == 201, answer.text


def _csrf(http: httpx.Client) -> dict[str, str]:
    from tests.web.conftest import token

    return {"X-CSRF-Token": token(http)}


def test_a_seekers_export_holds_their_search_only_and_says_it_is_personal(
    http: httpx.Client,
) -> None:
    _sign_in(http, "b@example.org")
    _add_interview(http, "phone-screen.yaml")
    _sign_in(http, "a@example.org")
    _add_interview(http, "panel-interview.yaml")
    answer = http.get("/api/me/export")
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    assert answer.headers["content-disposition"] == (
        'attachment; filename="personal-afterview-2026-11-20.json"'
    )
    assert "Northwind Robotics" in answer.text
    assert "Globex Health" not in answer.text
    table = http.get("/api/me/export?format=csv")
    assert table.headers["content-disposition"].endswith('"personal-afterview-2026-11-20.csv"')
    assert "Northwind Robotics" in table.text
    assert "Globex Health" not in table.text


def test_erasing_needs_the_address_back_then_erases_and_ends_the_session(
    http: httpx.Client, centre: Centre
) -> None:
    _sign_in(http, "a@example.org")
    _add_interview(http, "panel-interview.yaml")
    missing = http.request("DELETE", "/api/me", json={}, headers=_csrf(http))
    wrong = http.request(
        "DELETE", "/api/me", json={"confirm": "b@example.org"}, headers=_csrf(http)
    )
    assert missing.status_code == 422
    assert wrong.status_code == 400
    assert wrong.json()["error"]["code"] == "bad_request"
    assert http.get("/api/applications").json()["applications"]

    headers = _csrf(http)
    gone = http.request("DELETE", "/api/me", json={"confirm": " A@Example.org "}, headers=headers)
    assert gone.status_code == 204
    assert "afterview_session=" in gone.headers["set-cookie"]
    assert http.get("/api/applications").status_code == 401
    with sql(centre.owner_url) as conn:
        emails = [r["email"] for r in conn.execute("SELECT email FROM owners").fetchall()]
        left = conn.execute("SELECT COUNT(*) AS n FROM applications").fetchone()
    assert "a@example.org" not in emails
    assert "b@example.org" in emails
    assert left == {"n": 0}


def test_the_settings_form_erases_after_the_address_is_typed(http: httpx.Client) -> None:
    from tests.web.conftest import page_token

    _sign_in(http, "a@example.org")
    page = http.get("/settings").text
    assert 'action="/settings/erase"' in page
    csrf = page_token(page)
    refused = http.post("/settings/erase", data={"csrf_token": csrf, "confirm": "nope@x.org"})
    assert refused.status_code == 400
    assert 'aria-invalid="true"' in refused.text
    erased = http.post(
        "/settings/erase",
        data={"csrf_token": csrf, "confirm": "a@example.org"},
        follow_redirects=False,
    )
    assert erased.status_code == 303
    assert erased.headers["location"] == "/sign-in"
    assert http.get("/api/applications").status_code == 401

"""Hostile requests at the web boundary, sent as an attacker would: over real HTTP to the app
served on loopback. Each one is refused in the one error shape and changes nothing."""

from __future__ import annotations

import base64
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from afterview.storage.db import Database
from afterview.web import bodies, flash, security
from afterview.web.app import WebSettings
from afterview.web.security import CSRF_COOKIE
from tests.acting import local
from tests.support.live import client
from tests.web.conftest import MORNING, page_token, token

SKIP = "/api/steps/1/skip"


def port_of(web: httpx.Client) -> int:
    port = web.base_url.port
    assert port is not None
    return port


def own_origin(web: httpx.Client) -> str:
    return f"http://127.0.0.1:{port_of(web)}"


def status_of_step_1(db: Database) -> str:
    with local(db).read() as tx:
        status: str = tx.one("SELECT status FROM actions WHERE id = 1")["status"]
    return status


def assert_error(answer: httpx.Response, status: int, code: str) -> str:
    assert answer.status_code == status
    body = answer.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message"}
    assert (body["error"]["status"], body["error"]["code"]) == (status, code)
    message: str = body["error"]["message"]
    return message


def test_a_post_from_another_port_of_the_same_machine_is_refused(
    web: httpx.Client, db: Database
) -> None:
    headers = {"X-CSRF-Token": token(web), "Origin": f"http://127.0.0.1:{port_of(web) + 1}"}
    refused = web.post(SKIP, json={"why": "busy"}, headers=headers)
    message = assert_error(refused, 403, "origin")
    assert f"sent from http://127.0.0.1:{port_of(web) + 1}" in message
    assert status_of_step_1(db) == "pending"


def test_a_post_from_the_apps_own_origin_is_accepted(web: httpx.Client, db: Database) -> None:
    headers = {"X-CSRF-Token": token(web), "Origin": own_origin(web)}
    done = web.post(
        SKIP, json={"why": "busy"}, headers={**headers, "Sec-Fetch-Site": "same-origin"}
    )
    assert done.json() == {"step": 1, "status": "skipped"}


@pytest.mark.parametrize("site", ["cross-site", "same-site"])
def test_a_post_the_browser_marks_as_from_elsewhere_is_refused_without_an_origin(
    web: httpx.Client, db: Database, site: str
) -> None:
    headers = {"X-CSRF-Token": token(web), "Sec-Fetch-Site": site}
    assert_error(web.post(SKIP, json={"why": "busy"}, headers=headers), 403, "origin")
    assert status_of_step_1(db) == "pending"


def test_a_form_posted_from_a_page_with_no_origin_is_refused(
    web: httpx.Client, db: Database
) -> None:
    form = {"csrf_token": token(web)}
    refused = web.post("/steps/1/done", data=form, headers={"Origin": "null"})
    assert refused.status_code == 403
    assert "afterview accepts changes only from its own pages" in refused.text
    assert "<h1>403: sent from elsewhere</h1>" in refused.text  # a page, not JSON, for a form
    assert status_of_step_1(db) == "pending"


def test_the_key_cookie_is_unreadable_by_scripts_and_differs_from_the_pages_token(
    web: httpx.Client,
) -> None:
    page = web.get("/")
    cookie = page.headers["set-cookie"].lower()
    assert cookie.startswith(f"{CSRF_COOKIE}=")
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    key = web.cookies[CSRF_COOKIE]
    assert key not in page.text
    assert page_token(page.text) != key


def test_a_planted_key_cookie_does_not_let_another_page_forge_a_token(
    web: httpx.Client, db: Database
) -> None:
    """A page on another port can set a cookie for 127.0.0.1; it still cannot sign for it."""
    planted = "A" * 43
    web.cookies.set(CSRF_COOKIE, planted, domain="127.0.0.1")
    with httpx.Client(base_url=web.base_url) as attacker:
        theirs = token(attacker)  # a real token, for the attacker's own key
    for guess in (planted, security.sign(b"", planted), theirs):
        refused = web.post(SKIP, json={"why": "busy"}, headers={"X-CSRF-Token": guess})
        assert_error(refused, 403, "csrf")
    assert status_of_step_1(db) == "pending"


def test_a_host_with_the_right_name_but_another_port_is_refused(web: httpx.Client) -> None:
    port = port_of(web)
    other = 9999 if port != 9999 else 9998
    refused = web.get("/api/agenda", headers={"Host": f"127.0.0.1:{other}"})
    assert_error(refused, 400, "host")
    page = web.get("/", headers={"Host": f"localhost:{other}"})
    assert page.status_code == 400
    assert web.get("/api/agenda", headers={"Host": f"localhost:{port}"}).status_code == 200


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("127.0.0.1:8000", True),
        ("LOCALHOST:8000", True),
        ("[::1]:8000", True),
        ("127.0.0.1:9999", False),
        ("127.0.0.1", False),  # port 80 by default
        ("[::1]", False),
        ("127.0.0.1:80x", False),
        ("evil.example:8000", False),
        ("127.0.0.1.evil.example:8000", False),
        ("", False),
    ],
)
def test_the_host_check_compares_the_whole_name_and_port(host: str, allowed: bool) -> None:
    assert security.host_allowed(host, ("127.0.0.1", "localhost", "::1"), 8000) is allowed


def test_a_body_of_two_megabytes_is_refused_with_413(web: httpx.Client, db: Database) -> None:
    huge = {"why": "x" * 2_000_000}
    refused = web.post(SKIP, json=huge, headers={"X-CSRF-Token": token(web)})
    message = assert_error(refused, 413, "too_large")
    assert "larger than 1 MB" in message
    assert status_of_step_1(db) == "pending"


def test_a_chunked_body_without_a_length_is_refused_past_one_megabyte(
    web: httpx.Client, db: Database
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"why": "'
        for _ in range(40):
            yield b"x" * 64_000
        yield b'"}'

    headers = {"X-CSRF-Token": token(web), "Content-Type": "application/json"}
    refused = web.post(SKIP, content=chunks(), headers=headers)
    assert "content-length" not in refused.request.headers
    assert refused.request.headers["transfer-encoding"] == "chunked"
    assert_error(refused, 413, "too_large")
    assert status_of_step_1(db) == "pending"


def test_a_chunked_body_under_the_limit_is_read_as_usual(web: httpx.Client, db: Database) -> None:
    headers = {"X-CSRF-Token": token(web), "Content-Type": "application/json"}
    done = web.post(SKIP, content=iter([b'{"why": ', b'"sent by hand"}']), headers=headers)
    assert done.json() == {"step": 1, "status": "skipped"}
    assert status_of_step_1(db) == "skipped"


def test_a_form_past_the_limit_gets_the_error_page(web: httpx.Client, db: Database) -> None:
    form = {"csrf_token": token(web), "why": "x" * 1_100_000}
    refused = web.post("/steps/1/skip", data=form)
    assert refused.status_code == 413
    assert "text/html" in refused.headers["content-type"]
    assert "<h1>413: too large</h1>" in refused.text
    assert "larger than 1 MB" in refused.text
    assert status_of_step_1(db) == "pending"


def test_a_nul_byte_in_a_json_field_is_refused_with_422(web: httpx.Client, db: Database) -> None:
    refused = web.post(SKIP, json={"why": "busy\x00"}, headers={"X-CSRF-Token": token(web)})
    message = assert_error(refused, 422, "invalid")
    assert message.startswith("The field “why” holds a control character (U+0000)")
    assert status_of_step_1(db) == "pending"


@pytest.mark.parametrize("text", ["bell\x07", "escape\x1b[31m", "c1\x85", "del\x7f"])
def test_a_control_character_in_a_form_field_is_refused(
    web: httpx.Client, db: Database, text: str
) -> None:
    refused = web.post("/steps/1/skip", data={"csrf_token": token(web), "why": text})
    assert refused.status_code == 422
    assert "<h1>422: not accepted</h1>" in refused.text
    assert "The field “why” holds a control character" in refused.text
    assert status_of_step_1(db) == "pending"


def test_a_control_character_in_a_field_name_is_refused(web: httpx.Client) -> None:
    refused = web.post(SKIP, json={"why": "busy", "x\x00": 1}, headers={"X-CSRF-Token": token(web)})
    assert "The field “x\\u0000” holds a control character" in assert_error(refused, 422, "invalid")


def test_tabs_and_line_breaks_are_text(web: httpx.Client, db: Database) -> None:
    why = "Sent by hand:\r\n\tthanks to Priya"
    done = web.post(SKIP, json={"why": why}, headers={"X-CSRF-Token": token(web)})
    assert done.json() == {"step": 1, "status": "skipped"}


def test_a_field_longer_than_the_limit_is_refused(web: httpx.Client, db: Database) -> None:
    long = "word " * (bodies.MAX_FIELD // 5 + 1)
    refused = web.post(SKIP, json={"why": long}, headers={"X-CSRF-Token": token(web)})
    message = assert_error(refused, 422, "invalid")
    assert f"the most one field may hold is {bodies.MAX_FIELD:,}" in message
    assert status_of_step_1(db) == "pending"


def test_swagger_ui_is_not_served_but_the_schema_is(web: httpx.Client) -> None:
    assert_error(web.get("/api/docs"), 404, "not_found")
    schema = web.get("/api/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "afterview"


@pytest.mark.parametrize("media", ["text/json", "Application/JSON; charset=utf-8"])
def test_every_media_type_read_as_json_is_checked(
    web: httpx.Client, db: Database, media: str
) -> None:
    headers = {"X-CSRF-Token": token(web), "Content-Type": media}
    refused = web.post(SKIP, content=b'{"why": "busy\\u0000"}', headers=headers)
    assert "(U+0000)" in assert_error(refused, 422, "invalid")
    assert status_of_step_1(db) == "pending"


def test_a_deeply_nested_body_is_refused_without_a_crash(web: httpx.Client, db: Database) -> None:
    nested = b"[" * 100_000 + b"]" * 100_000
    headers = {"X-CSRF-Token": token(web), "Content-Type": "application/json"}
    refused = web.post(SKIP, content=nested, headers=headers)
    assert refused.status_code in (400, 422)
    assert set(refused.json()["error"]) == {"status", "code", "message"}
    assert status_of_step_1(db) == "pending"


def test_the_token_secret_is_kept_private_and_made_once(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    first = security.stored_secret(folder)
    path = folder / security.SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first) == 32
    assert security.stored_secret(folder) == first
    path.write_bytes(b"cut short")
    replaced = security.stored_secret(folder)
    assert len(replaced) == 32
    assert replaced != first


def test_a_page_left_open_keeps_working_after_a_restart(db: Database, tmp_path: Path) -> None:
    secret = security.stored_secret(tmp_path)
    with client(WebSettings(db.url, clock=lambda: MORNING, secret=secret)) as before:
        form = {"csrf_token": token(before)}
        key = before.cookies[CSRF_COOKIE]
    restarted = WebSettings(db.url, clock=lambda: MORNING, secret=security.stored_secret(tmp_path))
    with client(restarted) as after:
        after.cookies.set(CSRF_COOKIE, key)
        done = after.post("/steps/1/done", data=form, follow_redirects=False)
    assert done.status_code == 303
    assert status_of_step_1(db) == "done"


@pytest.mark.parametrize("seal", ["", ".", "." + "0" * 32])
def test_a_sentence_planted_in_the_status_cookie_is_not_shown(web: httpx.Client, seal: str) -> None:
    """Another port can set afterview's cookies; it cannot make the app speak for it."""
    lure = "afterview needs an update: download it at evil.example"
    web.cookies.set(flash.COOKIE, base64.urlsafe_b64encode(lure.encode()).decode() + seal)
    page = web.get("/applications")
    assert page.status_code == 200
    assert "evil.example" not in page.text

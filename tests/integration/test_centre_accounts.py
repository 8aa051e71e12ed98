"""A career centre's accounts on PostgreSQL: ``afterview users`` and personal API tokens.

Everything runs as the runtime role ``centre init`` set up, as a centre runs it: the
commands in-process through the command line, and the web app as ``afterview serve``
really started in a process of its own, reached over HTTP with the tokens ``users token``
printed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from afterview.interview_file import read_data
from tests.conftest import EXAMPLES
from tests.integration.centre_support import Centre, centre, cli, roles, serving, sql

__all__ = ["centre", "roles"]  # the fixtures this module's tests use

PASSWORD = "correct horse battery"


def _users(centre: Centre, *args: str, stdin: str = "") -> tuple[int, str, str]:
    return cli(["users", *args], centre.app_url, stdin)


def _add(centre: Centre, email: str, role: str = "seeker") -> str:
    code, out, err = _users(
        centre, "add", email, "--role", role, "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert (code, err) == (0, ""), err
    return out


def _token(centre: Centre, email: str) -> str:
    code, out, err = _users(centre, "token", email)
    assert (code, err) == (0, ""), err
    return out.splitlines()[-1]


def _owner_rows(centre: Centre, query: str, *params: Any) -> list[dict[str, Any]]:
    with sql(centre.owner_url) as conn:
        return list(conn.execute(query, params).fetchall())


# -- the commands -----------------------------------------------------------------------------


def test_users_add_keeps_the_address_lower_cased_and_the_password_as_an_argon2_hash(
    centre: Centre,
) -> None:
    out = _add(centre, "  A.Person@Example.ORG ", "counsellor")
    assert out.startswith("Added a.person@example.org as a counsellor (account ")
    [row] = _owner_rows(
        centre, "SELECT email, role, password_hash FROM owners WHERE email IS NOT NULL"
    )
    assert (row["email"], row["role"]) == ("a.person@example.org", "counsellor")
    assert row["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in row["password_hash"]


@pytest.mark.parametrize(
    ("args", "stdin", "said"),
    [
        (["add", "not-an-address", "--password-stdin"], PASSWORD, "is not an email address"),
        (["add", "a@example", "--password-stdin"], PASSWORD, "is not an email address"),
        (["add", "a@example.org"], PASSWORD, "read from standard input"),
        (["add", "a@example.org", "--password-stdin"], "short\n", "at least 8 characters"),
        (["add", "a@example.org", "--role", "boss", "--password-stdin"], PASSWORD, "boss"),
        (["token", "nobody@example.org"], "", "There is no account for nobody@example.org"),
        (["disable", "nobody@example.org"], "", "There is no account for nobody@example.org"),
    ],
)
def test_a_wrong_users_command_is_one_sentence_and_exit_2(
    centre: Centre, args: list[str], stdin: str, said: str
) -> None:
    code, _out, err = _users(centre, *args, stdin=stdin)
    assert code == 2
    assert said in err
    assert "Traceback" not in err
    assert _owner_rows(centre, "SELECT id FROM owners WHERE email IS NOT NULL") == []


def test_an_address_has_one_account(centre: Centre) -> None:
    _add(centre, "a@example.org")
    code, _, err = _users(centre, "add", "A@example.org", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 2
    assert "There is already an account for a@example.org." in err


def test_users_list_shows_each_account_with_its_role_and_state(centre: Centre) -> None:
    _add(centre, "b@example.org")
    _add(centre, "a@example.org", "admin")
    assert _users(centre, "disable", "b@example.org")[:2] == (0, "Disabled b@example.org.\n")
    code, out, _ = _users(centre, "list")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split("\t")[:2] == ["a@example.org", "admin"]
    assert lines[0].endswith("\tactive")
    assert lines[1].split("\t")[:2] == ["b@example.org", "seeker"]
    assert "\tdisabled " in lines[1]
    assert lines[-1] == "2 accounts."


def test_a_token_is_printed_once_alone_on_the_last_line_and_kept_as_its_sha256(
    centre: Centre,
) -> None:
    _add(centre, "a@example.org")
    token = _token(centre, "a@example.org")
    assert token.startswith("av_")
    assert len(token) >= 40
    assert " " not in token
    [row] = _owner_rows(centre, "SELECT token_hash FROM api_tokens")
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert _token(centre, "a@example.org") != token  # each call makes a new one


def test_users_delete_erases_the_account_and_every_row_it_holds(centre: Centre) -> None:
    from afterview.services import tracking
    from tests.acting import account

    _add(centre, "a@example.org")
    _add(centre, "b@example.org")
    _token(centre, "a@example.org")
    [a] = _owner_rows(centre, "SELECT id FROM owners WHERE email = 'a@example.org'")
    db = centre.app_db()
    data = read_data(EXAMPLES / "panel-interview.yaml")
    tracking.add(account(db, a["id"]), data, source="panel", now=_now())

    code, out, err = _users(centre, "delete", "a@example.org")  # no terminal, no --yes
    assert code == 2
    assert "nothing was erased" in err
    code, out, err = _users(centre, "delete", "a@example.org", "--yes")
    assert (code, err) == (0, "")
    assert out.startswith("Erased a@example.org: the account and its rows (")
    assert "applications 4" in out
    assert "api_tokens 1" in out

    tables = [r["name"] for r in _owner_rows(centre, _OWNED)]
    for table in tables:
        assert _owner_rows(centre, f"SELECT 1 FROM {table} WHERE owner_id = %s", a["id"]) == []
    emails = [r["email"] for r in _owner_rows(centre, "SELECT email FROM owners")]
    assert "a@example.org" not in emails
    assert "b@example.org" in emails


_OWNED = """SELECT c.relname AS name FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attname = 'owner_id'"""


def _now() -> Any:
    from tests.integration.centre_support import ADDED

    return ADDED


def test_the_account_functions_act_only_for_nobody(centre: Centre) -> None:
    """Inside a unit of work (every web request names its account), the administrator's
    functions create, list and find no account."""
    _add(centre, "a@example.org")
    [a] = _owner_rows(centre, "SELECT id FROM owners WHERE email = 'a@example.org'")
    with sql(centre.app_url, a["id"]) as conn:
        made = conn.execute(
            "SELECT app_add_account('x@example.org', 'admin', 'h', now()) AS id"
        ).fetchone()
        listed = conn.execute("SELECT * FROM app_accounts()").fetchall()
        found = conn.execute("SELECT app_account_id('a@example.org') AS id").fetchone()
    assert made == {"id": None}
    assert listed == []
    assert found == {"id": None}
    with sql(centre.app_url) as conn:
        assert conn.execute("SELECT COUNT(*) AS n FROM app_accounts()").fetchone() == {"n": 1}


def test_users_commands_refuse_a_personal_database(tmp_path: Path) -> None:
    from afterview.storage.db import sqlite_url

    code, _, err = cli(["users", "list"], sqlite_url(tmp_path / "p.db"), "")
    assert code == 2
    assert "Accounts that sign in belong to a career centre" in err


# -- over HTTP, with `serve` as the runtime role ----------------------------------------------


def _post_interview(
    http: httpx.Client, token: str, example: str, *, as_json: bool = False
) -> httpx.Response:
    text = (EXAMPLES / example).read_text(encoding="utf-8")
    if as_json:
        body = json.dumps(read_data(EXAMPLES / example), default=str)
        kind = "application/json"
    else:
        body, kind = text, "application/yaml"
    return http.post(
        "/api/interviews",
        content=body.encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": kind},
    )


def _companies(http: httpx.Client, token: str) -> set[str]:
    answer = http.get("/api/applications", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    return {row["company"] for row in answer.json()["applications"]}


def test_seekers_with_their_own_tokens_see_only_their_own_applications(
    centre: Centre, tmp_path: Path
) -> None:
    """The issue's sequence, up to "B's and C's GET /api/applications do not show A's
    company"; and a disabled account's token stops working on the next request."""
    for email, role in [("a", "seeker"), ("b", "seeker"), ("c", "counsellor")]:
        _add(centre, f"{email}@example.org", role)
    a, b, c = (_token(centre, f"{who}@example.org") for who in "abc")
    with (
        serving(centre.app_url, tmp_path / "home") as address,
        httpx.Client(base_url=address, timeout=30) as http,
    ):
        added_a = _post_interview(http, a, "panel-interview.yaml")
        added_b = _post_interview(http, b, "phone-screen.yaml", as_json=True)
        assert added_a.status_code == 201, added_a.text
        assert added_b.status_code == 201, added_b.text
        assert set(added_a.json()) >= {"application", "interview", "new_application"}
        assert added_a.json()["new_application"] is True

        assert "Northwind Robotics" in _companies(http, a)
        assert "Globex Health" in _companies(http, b)
        assert "Northwind Robotics" not in _companies(http, b)
        assert _companies(http, c) == set()
        own = http.get(
            f"/api/applications/{added_a.json()['application']}",
            headers={"Authorization": f"Bearer {b}"},
        )
        assert own.status_code == 404

        assert _users(centre, "disable", "a@example.org")[0] == 0
        refused = http.get("/api/applications", headers={"Authorization": f"Bearer {a}"})
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "sign_in_needed"


def test_without_a_valid_token_the_api_says_401_and_a_page_sends_to_sign_in(
    centre: Centre,
) -> None:
    from afterview.web.app import WebSettings
    from tests.support.live import client

    _add(centre, "a@example.org")
    token = _token(centre, "a@example.org")
    with client(WebSettings(centre.app_url)) as http:
        for headers in ({}, {"Authorization": "Bearer " + token[:-2] + "xx"}):
            answer = http.get("/api/applications", headers=headers)
            assert answer.status_code == 401
            assert answer.json() == {
                "error": {
                    "status": 401,
                    "code": "sign_in_needed",
                    "message": answer.json()["error"]["message"],
                }
            }
            assert answer.headers["www-authenticate"] == "Bearer"
        page = http.get("/", follow_redirects=False)
        assert page.status_code == 303
        assert page.headers["location"] == "/sign-in"
        bad = http.post(
            "/api/interviews",
            content=b"[1, 2]",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        assert bad.status_code == 400
        assert "expected a YAML mapping" in bad.json()["error"]["message"]
        typed = http.post(
            "/api/interviews",
            content=b"x",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "image/png"},
        )
        assert typed.status_code == 400
        assert "image/png" in typed.json()["error"]["message"]


# -- sessions ---------------------------------------------------------------------------------


class Clock:
    """The app's clock, moved by the test."""

    def __init__(self) -> None:
        from tests.integration.centre_support import ADDED

        self.now = ADDED

    def __call__(self) -> Any:
        return self.now

    def forward(self, **delta: float) -> None:
        from datetime import timedelta

        self.now += timedelta(**delta)


@pytest.fixture
def signed(centre: Centre) -> Any:
    """The app served as the runtime role with a clock the test moves, and a seeker."""
    from afterview.web.app import WebSettings
    from tests.support.live import client

    _add(centre, "a@example.org")
    clock = Clock()
    with client(WebSettings(centre.app_url, clock=clock)) as http:
        yield http, clock


def _sign_in(http: httpx.Client, email: str = "a@example.org", password: str = PASSWORD) -> Any:
    return http.post("/api/session", json={"email": email, "password": password})


def test_sign_in_answers_a_wrong_password_and_an_unknown_address_alike(signed: Any) -> None:
    http, _ = signed
    wrong = _sign_in(http, password="not the password")
    unknown = _sign_in(http, email="nobody@example.org")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "sign_in_failed"
    assert "set-cookie" not in wrong.headers
    assert http.get("/api/applications").status_code == 401


def test_sign_in_sets_an_httponly_lax_session_cookie_that_pages_and_the_api_accept(
    signed: Any,
) -> None:
    http, _ = signed
    answer = _sign_in(http, email=" A@Example.org ")
    assert answer.status_code == 200, answer.text
    assert answer.json()["role"] == "seeker"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("afterview_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain HTTP, no trusted proxy
    assert http.get("/api/applications").status_code == 200
    assert http.get("/", follow_redirects=False).status_code == 200


def test_a_cookie_set_before_sign_in_is_never_the_one_after(signed: Any) -> None:
    """Session fixation: whatever cookie the browser holds at sign-in (planted by someone
    else, or a session of its own), the session after is a new value, and the old one
    ends."""
    http, _ = signed
    first = _session_of(_sign_in(http))
    for held in ("planted-by-someone-else", first):
        answer = http.post(
            "/api/session",
            json={"email": "a@example.org", "password": PASSWORD},
            headers={"Cookie": f"afterview_session={held}"},
        )
        assert answer.status_code == 200
        assert _session_of(answer) not in (held, first)
    old = http.get("/api/applications", headers={"Cookie": f"afterview_session={first}"})
    assert old.status_code == 401  # the session the old cookie named has ended


def _session_of(answer: httpx.Response) -> str:
    value = answer.headers["set-cookie"].split(";")[0]
    name, _, cookie = value.partition("=")
    assert name == "afterview_session"
    return cookie


def test_a_session_ends_after_20_idle_minutes(signed: Any) -> None:
    http, clock = signed
    _sign_in(http)
    clock.forward(minutes=19)
    assert http.get("/api/applications").status_code == 200
    clock.forward(minutes=19)  # 19 minutes since the last request: still alive
    assert http.get("/api/applications").status_code == 200
    clock.forward(minutes=20, seconds=1)
    assert http.get("/api/applications").status_code == 401


def test_a_session_ends_after_12_hours_however_busy(signed: Any) -> None:
    http, clock = signed
    _sign_in(http)
    for _ in range(47):  # every 15 minutes for 11 h 45 min
        clock.forward(minutes=15)
        assert http.get("/api/health").status_code == 200
        assert http.get("/api/applications").status_code == 200
    clock.forward(minutes=15)
    assert http.get("/api/applications").status_code == 401


def test_five_failures_for_an_address_answer_429_until_the_window_passes(signed: Any) -> None:
    http, clock = signed
    for _ in range(5):
        assert _sign_in(http, password="guess").status_code == 401
        clock.forward(minutes=1)
    limited = _sign_in(http)  # even the right password waits
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "sign_in_limited"
    assert limited.headers["retry-after"] == str(10 * 60)  # the first failure + 15 min
    clock.forward(minutes=9, seconds=59)
    assert _sign_in(http).status_code == 429  # a second early
    clock.forward(seconds=1)
    assert _sign_in(http).status_code == 200


def test_failures_from_one_network_address_are_limited_whatever_the_address_tried(
    signed: Any,
) -> None:
    http, _ = signed
    for n in range(5):
        assert _sign_in(http, email=f"guess{n}@example.org").status_code == 401
    assert _sign_in(http).status_code == 429


def test_sign_out_needs_the_page_token_and_ends_the_session(signed: Any) -> None:
    from tests.web.conftest import token

    http, _ = signed
    _sign_in(http)
    assert http.delete("/api/session").status_code == 403  # a cookie alone is not enough
    assert http.post("/api/steps/1/done").status_code == 403
    cookie = http.cookies["afterview_session"]
    gone = http.delete("/api/session", headers={"X-CSRF-Token": token(http)})
    assert gone.status_code == 204
    assert "afterview_session" not in http.cookies
    after = http.get("/api/applications", headers={"Cookie": f"afterview_session={cookie}"})
    assert after.status_code == 401


def test_a_disabled_accounts_session_stops_at_the_next_request(signed: Any, centre: Centre) -> None:
    http, _ = signed
    _sign_in(http)
    assert http.get("/api/applications").status_code == 200
    assert _users(centre, "disable", "a@example.org")[0] == 0
    assert http.get("/api/applications").status_code == 401
    assert _sign_in(http).status_code == 401


def test_the_cookie_is_secure_when_the_request_came_over_https(centre: Centre) -> None:
    """Plain HTTP: not Secure. Behind a TLS proxy that says so (X-Forwarded-Proto, from a
    proxy the app trusts): Secure."""
    from afterview.web.app import WebSettings
    from afterview.web.sessions import SessionSettings
    from tests.support.live import client

    _add(centre, "a@example.org")
    credentials = {"email": "a@example.org", "password": PASSWORD}
    settings = WebSettings(centre.app_url, sessions=SessionSettings(trust_proxy=True))
    with client(settings) as http:
        plain = http.post("/api/session", json=credentials)
        proxied = http.post(
            "/api/session", json=credentials, headers={"X-Forwarded-Proto": "https"}
        )
    assert "Secure" not in plain.headers["set-cookie"]
    assert "Secure" in proxied.headers["set-cookie"]


def test_an_unknown_address_costs_a_password_check_like_a_wrong_password(
    signed: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same answer and similar time: a hash is compared whether or not the address has an
    account, so how long the answer takes does not tell which."""
    from afterview.services import accounts

    real = accounts._hasher()
    checked: list[str] = []

    class Counting:
        def hash(self, password: str) -> str:
            return real.hash(password)

        def verify(self, password: str, stored: str) -> bool:
            checked.append(stored[:9])
            return real.verify(password, stored)

    monkeypatch.setattr(accounts, "_hasher", Counting)
    http, _ = signed
    assert _sign_in(http, email="nobody@example.org").status_code == 401
    assert _sign_in(http, password="wrong password").status_code == 401
    assert checked == ["$argon2id", "$argon2id"]


def test_a_personal_database_has_no_sign_in(tmp_path: Path) -> None:
    from afterview.storage.db import sqlite_url
    from afterview.web.app import WebSettings
    from tests.support.live import client

    with client(WebSettings(sqlite_url(tmp_path / "p.db"))) as http:
        refused = http.post("/api/session", json={"email": "a@example.org", "password": "x"})
        assert refused.status_code == 400
        assert "career centre" in refused.json()["error"]["message"]
        assert http.get("/api/applications").status_code == 200  # the local account, as before
        assert http.get("/", follow_redirects=False).status_code == 200


def test_signed_in_answers_are_kept_by_no_cache_and_downloads_say_personal(
    signed: Any,
) -> None:
    http, _ = signed
    _sign_in(http)
    for path in ("/", "/applications", "/api/applications", "/api/session", "/card"):
        answer = http.get(path)
        assert answer.status_code == 200, path
        assert answer.headers["cache-control"] == "no-store", path
    assert "Personal: once you fill it in" in http.get("/card").text
    assert http.get("/api/session").json()["idle_seconds"] == 20 * 60
    pdf = http.get("/card.pdf")
    assert pdf.headers["content-disposition"].endswith('filename="personal-before-you-leave.pdf"')
    page = http.get("/applications").text
    assert 'action="/sign-out"' in page
    assert 'id="idle-warning"' in page


def test_sign_out_from_a_page_ends_the_session_and_clears_what_the_browser_kept(
    signed: Any,
) -> None:
    from tests.web.conftest import token

    http, _ = signed
    _sign_in(http)
    cookie = http.cookies["afterview_session"]
    out = http.post("/sign-out", data={"csrf_token": token(http)}, follow_redirects=False)
    assert out.status_code == 303
    assert out.headers["location"] == "/sign-in"
    assert out.headers["clear-site-data"] == '"cache", "storage"'
    gone = http.get("/api/applications", headers={"Cookie": f"afterview_session={cookie}"})
    assert gone.status_code == 401


def test_the_sign_in_form_signs_in_or_says_why_not(signed: Any) -> None:
    from tests.web.conftest import page_token

    http, _ = signed
    form = http.get("/sign-in")
    assert form.status_code == 200
    assert 'action="/sign-out"' not in form.text  # nobody to sign out yet
    csrf = page_token(form.text) if "hx-headers" in form.text else ""
    wrong = http.post(
        "/sign-in", data={"email": "a@example.org", "password": "nope", "csrf_token": csrf}
    )
    assert wrong.status_code == 401
    assert "do not match an account" in wrong.text
    right = http.post(
        "/sign-in",
        data={"email": "a@example.org", "password": PASSWORD, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert right.status_code == 303
    assert right.headers["location"] == "/"
    assert "afterview_session=" in right.headers["set-cookie"]

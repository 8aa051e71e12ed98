"""A centre seeker's mail account over HTTP, served as the runtime role on PostgreSQL:
set, read back without the password, replace, remove; a counsellor or an admin refused;
one seeker's account out of another's reach; the password only ever stored encrypted.
And in a personal installation: neither the API nor the page, nor a link to them.

Who sends each request is said by a test header (tests/web/test_consent_web.py); the real
sign-in in a browser is tests/browser/test_centre_pages.py's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet

from afterview.services import consent
from tests.integration import centre_support as base
from tests.integration.test_consent import NOW, People, add_people
from tests.web.conftest import page_token
from tests.web.test_consent_web import _served, _who

roles = base.roles
centre = base.centre
KEY = Fernet.generate_key().decode()
SECRET = "zq-very-secret-smtp-password"
IMAP_SECRET = "zq-another-imap-secret"
API = "/api/me/mail-account"
PAGE = "/settings/mail-account"
ACCOUNT = {
    "smtp": {"host": "smtp.example.org", "user": "a@example.org", "password": SECRET},
    "imap": {"host": "imap.example.org", "port": 993, "user": "a", "password": IMAP_SECRET},
}


@pytest.fixture
def site(
    centre: base.Centre, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[httpx.Client, People, base.Centre]]:
    monkeypatch.setenv("AFTERVIEW_SECRET_KEY", KEY)
    monkeypatch.delenv("AFTERVIEW_SECRET_KEY_FILE", raising=False)
    people = People(centre.app_db(), *add_people(centre.owner_db()))
    with _served(centre.app_url) as http:
        yield http, people, centre


def _csrf(http: httpx.Client, who: dict[str, str]) -> dict[str, str]:
    return {**who, "x-csrf-token": page_token(http.get("/settings", headers=who).text)}


def _stored(centre: base.Centre) -> list[dict[str, Any]]:
    with base.sql(centre.owner_url) as conn:
        return list(conn.execute("SELECT * FROM mail_accounts ORDER BY owner_id").fetchall())


def test_set_read_back_replace_and_remove(site: Any) -> None:
    http, people, _centre = site
    a = _who("seeker", people.a)
    assert http.get(API, headers=a).json() == {"smtp": None, "imap": None}
    put = http.put(API, json=ACCOUNT, headers=_csrf(http, a))
    assert put.status_code == 200, put.text
    shown = http.get(API, headers=a).json()
    assert shown == put.json()
    assert shown["smtp"] == {
        "host": "smtp.example.org",
        "port": 587,  # the usual one for STARTTLS, the usual security
        "security": "starttls",
        "user": "a@example.org",
        "password": "set",
    }
    assert shown["imap"]["password"] == "set"
    assert SECRET not in str(shown)
    assert IMAP_SECRET not in str(shown)

    # replaced without a password: kept while the host and user stay; dropped for another
    kept = {"smtp": {"host": "smtp.example.org", "user": "a@example.org", "port": 2525}}
    answer = http.put(API, json=kept, headers=_csrf(http, a)).json()
    assert (answer["smtp"]["port"], answer["smtp"]["password"]) == (2525, "set")
    assert answer["imap"] is None  # a server left out is removed
    moved = {"smtp": {"host": "smtp.elsewhere.example", "user": "a@example.org"}}
    assert http.put(API, json=moved, headers=_csrf(http, a)).json()["smtp"]["password"] == (
        "not set"
    )

    assert http.delete(API, headers=_csrf(http, a)).status_code == 204
    assert http.get(API, headers=a).json() == {"smtp": None, "imap": None}
    assert http.delete(API, headers=_csrf(http, a)).status_code == 204  # nothing left: alike


def test_the_password_is_stored_encrypted_only(site: Any) -> None:
    http, people, centre = site
    a = _who("seeker", people.a)
    assert http.put(API, json=ACCOUNT, headers=_csrf(http, a)).status_code == 200
    [row] = _stored(centre)
    assert SECRET not in str(row)
    assert IMAP_SECRET not in str(row)
    assert Fernet(KEY.encode()).decrypt(row["smtp_secret"].encode()).decode() == SECRET
    with base.sql(centre.owner_url) as conn:
        dumped = conn.execute("SELECT mail_accounts::text AS t FROM mail_accounts").fetchone()
    assert SECRET not in dumped["t"]


@pytest.mark.parametrize("role", ["counsellor", "admin"])
def test_only_the_seeker_sets_or_reads_it(site: Any, role: str) -> None:
    http, people, centre = site
    a = _who("seeker", people.a)
    assert http.put(API, json=ACCOUNT, headers=_csrf(http, a)).status_code == 200
    consent.grant(people.seeker(people.a), "c@example.org", now=NOW)  # helping A changes nothing
    other = _who(role, people.c)
    token = {**other, "x-csrf-token": page_token(http.get("/", headers=other).text)}
    for answer in (
        http.get(API, headers=other),
        http.put(API, json=ACCOUNT, headers=token),
        http.delete(API, headers=token),
        http.get(PAGE, headers=other),
    ):
        assert answer.status_code == 403, answer.text
    refused = http.get(API, headers=other).json()["error"]
    assert refused["message"].startswith("Only a seeker sets or reads their own mail account")
    assert "mail-account" not in http.get("/settings", headers=other).text
    assert len(_stored(centre)) == 1


def test_one_seekers_account_is_out_of_anothers_reach(site: Any) -> None:
    http, people, centre = site
    a, b = _who("seeker", people.a), _who("seeker", people.b)
    assert http.put(API, json=ACCOUNT, headers=_csrf(http, a)).status_code == 200
    assert http.get(API, headers=b).json() == {"smtp": None, "imap": None}
    assert http.delete(API, headers=_csrf(http, b)).status_code == 204
    assert http.get(API, headers=a).json()["smtp"]["password"] == "set"
    mine = {"smtp": {"host": "smtp.b.example", "password": "b-secret"}}
    assert http.put(API, json=mine, headers=_csrf(http, b)).status_code == 200
    assert [r["smtp_host"] for r in _stored(centre)] == ["smtp.example.org", "smtp.b.example"]
    assert http.get(API, headers=a).json()["smtp"]["host"] == "smtp.example.org"


def test_a_wrong_account_is_refused_in_the_one_error_shape(site: Any) -> None:
    http, people, centre = site
    a = _who("seeker", people.a)
    for body, status, said in (
        ({"smtp": {"host": "smtp example org"}}, 400, "SMTP: give the server's host name"),
        ({}, 400, "Give a server to send through (SMTP)"),
        ({"smtp": {"host": "smtp.example.org", "port": 0}}, 422, None),
        ({"smtp": {"host": "smtp.example.org", "security": "tls"}}, 422, None),
        ({"smtp": {"host": "smtp.example.org", "secret": "x"}}, 422, None),
    ):
        answer = http.put(API, json=body, headers=_csrf(http, a))
        assert answer.status_code == status, body
        error = answer.json()["error"]
        assert set(error) == {"status", "code", "message"}
        assert said is None or error["message"].startswith(said)
    assert _stored(centre) == []


def test_the_page_saves_says_what_happened_and_never_fills_the_password(site: Any) -> None:
    http, people, centre = site
    a = _who("seeker", people.a)
    settings = http.get("/settings", headers=a).text
    assert 'href="/settings/mail-account"' in settings
    token = page_token(http.get(PAGE, headers=a).text)
    form = {
        "csrf_token": token,
        "smtp-host": "smtp.example.org",
        "smtp-port": "",
        "smtp-security": "ssl",
        "smtp-user": "a@example.org",
        "smtp-password": SECRET,
        "imap-host": "",
    }
    saved = http.post(PAGE, data=form, headers=a, follow_redirects=True)
    assert saved.status_code == 200
    assert "Mail account saved: sending through smtp.example.org:465." in saved.text
    assert SECRET not in saved.text
    [field] = re.findall(r"<input[^>]*smtp-password[^>]*>", saved.text)
    assert "value=" not in field
    assert 'value="smtp.example.org"' in saved.text

    wrong = http.post(PAGE, data={**form, "smtp-port": "70000"}, headers=a)
    assert wrong.status_code == 400
    assert "SMTP: the port 70000 is not a port number" in wrong.text
    assert 'id="smtp-port" name="smtp-port" type="number" min="1" max="65535"' in wrong.text
    assert SECRET not in wrong.text
    assert _stored(centre)[0]["smtp_port"] == 465

    gone = http.post(PAGE + "/remove", data={"csrf_token": token}, headers=a, follow_redirects=True)
    assert "Mail account removed" in gone.text
    again = http.post(
        PAGE + "/remove", data={"csrf_token": token}, headers=a, follow_redirects=True
    )
    assert "There was no mail account to remove." in again.text
    assert _stored(centre) == []


def test_a_personal_installation_has_neither_the_api_nor_the_page(web: httpx.Client) -> None:
    answer = web.get(API)
    assert answer.status_code == 400
    assert "belongs to a career centre" in answer.json()["error"]["message"]
    assert web.get(PAGE).status_code == 400
    assert "/settings/mail-account" not in web.get("/settings").text


def test_the_page_speaks_only_through_the_catalogue(
    centre: base.Centre, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the pseudo-locale every word on the page, empty, saved and refused, is marked:
    none is English left outside the catalogue."""
    from afterview import i18n
    from tests.e2e.test_pseudo_locale import leftovers, visible

    monkeypatch.setenv("AFTERVIEW_SECRET_KEY", KEY)
    people = People(centre.app_db(), *add_people(centre.owner_db()))
    a = _who("seeker", people.a)
    i18n.activate(i18n.PSEUDO)  # before the app is made: its templates take the locale then
    try:
        with _served(centre.app_url) as http:
            empty = http.get(PAGE, headers=a)
            form = {"csrf_token": page_token(empty.text), "smtp-host": "smtp.example.org"}
            saved = http.post(PAGE, data=form, headers=a, follow_redirects=True)
            refused = http.post(PAGE, data={**form, "smtp-host": "a b"}, headers=a)
            settings = http.get("/settings", headers=a)
    finally:
        i18n.activate(None)
    assert refused.status_code == 400
    data = ["smtp.example.org", "a b", "starttls", "ssl", "plain", "587", "SMTP", "IMAP"]
    for answer in (empty, saved, refused, settings):
        assert leftovers(visible(answer.text), data) == [], answer.url

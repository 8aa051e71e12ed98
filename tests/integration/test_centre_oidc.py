"""Single sign-on with OpenID Connect, against a provider the tests run on 127.0.0.1
(``tests/support/oidc_provider.py``), for a centre on PostgreSQL served as its runtime role.

The browser is an httpx client: it follows the app's redirect to the provider, the
provider's back, and the app's to Today, carrying cookies as a browser does. The app and
the provider share one frozen clock, which a test moves on.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from afterview.services.single_sign_on import FLOW_LIFETIME, StartLimits
from afterview.web.oidc import (
    CALLBACK,
    DISCOVERY_LIFETIME,
    FLOW_COOKIE,
    OidcSettings,
    check_url,
    email_verified,
    from_environment,
)
from tests.integration.centre_support import ADDED, Centre, centre, cli, roles, sql
from tests.support.oidc_provider import Person, Provider, served

__all__ = ["centre", "roles"]  # the fixtures this module's tests use

PASSWORD = "a long enough password"
CLIENT_ID = "afterview-centre"
CLIENT_SECRET = "provider-shared-secret"
JSON = {"Accept": "application/json"}
COMPANY = "Northwind Robotics"  # the panel interview's, in a@example.org's search


@dataclass
class Clock:
    """The app's and the provider's time: frozen, moved on by a test."""

    now: datetime = ADDED

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Sso:
    centre: Centre
    provider: Provider
    app: str  # the app's address
    clock: Clock

    def browser(self) -> httpx.Client:
        return httpx.Client(base_url=self.app)

    @contextmanager
    def limited(self, limits: StartLimits) -> Iterator[str]:
        """The same centre served again with other limits, behind a trusted proxy (its
        ``X-Forwarded-For`` is the client's address): that app's address."""
        from afterview.web.app import WebSettings
        from afterview.web.sessions import SessionSettings
        from tests.support.live import live

        oidc = OidcSettings(self.provider.url, CLIENT_ID, CLIENT_SECRET, limits=limits)
        proxied = SessionSettings(trust_proxy=True)
        settings = WebSettings(self.centre.app_url, clock=self.clock, oidc=oidc, sessions=proxied)
        with live(settings) as running:
            yield running.url

    def flows(self) -> int:
        with sql(self.centre.owner_url) as conn:
            return int(conn.execute("SELECT COUNT(*) AS n FROM oidc_flows").fetchone()["n"])


def _add(centre: Centre, email: str, role: str = "seeker") -> int:
    argv = ["users", "add", email, "--role", role, "--password-stdin"]
    assert cli(argv, centre.app_url, PASSWORD + "\n")[0] == 0
    with sql(centre.owner_url) as conn:
        row = conn.execute("SELECT id FROM owners WHERE email = %s", (email,)).fetchone()
    return int(row["id"])


@pytest.fixture
def sso(centre: Centre) -> Iterator[Sso]:
    """The centre served with single sign-on at the test provider; a@example.org (whose
    search holds the panel interview) and b@example.org, both seekers."""
    from afterview.interview_file import read_data
    from afterview.services import tracking
    from afterview.web.app import WebSettings
    from tests.acting import account
    from tests.conftest import EXAMPLES
    from tests.support.live import live

    a = _add(centre, "a@example.org")
    _add(centre, "b@example.org")
    data = read_data(EXAMPLES / "panel-interview.yaml")
    tracking.add(account(centre.app_db(), a), data, source="panel", now=ADDED)
    clock = Clock()
    provider = Provider(CLIENT_ID, CLIENT_SECRET, clock=clock)
    with served(provider):
        oidc = OidcSettings(provider.url, CLIENT_ID, CLIENT_SECRET, name="Example ID")
        with live(WebSettings(centre.app_url, clock=clock, oidc=oidc)) as running:
            yield Sso(centre, provider, running.url, clock)


def _to_callback(http: httpx.Client) -> str:
    """Press "Sign in with …" and let the provider approve: the address it sends the
    browser back to (not visited yet)."""
    started = http.get("/sign-in/oidc")
    assert started.status_code == 303, started.text
    approved = http.get(started.headers["location"])
    assert approved.status_code == 302, approved.text
    back: str = approved.headers["location"]
    assert back.startswith(f"{http.base_url}".rstrip("/") + CALLBACK)
    return back


def _sign_in(http: httpx.Client) -> httpx.Response:
    """The whole round: the callback's answer (a redirect to Today, or a refusal)."""
    return http.get(_to_callback(http), headers=JSON)


def _session_cookie(answer: httpx.Response) -> str | None:
    for header in answer.headers.get_list("set-cookie"):
        if header.startswith("afterview_session=") and not header.startswith(
            'afterview_session="";'
        ):
            return header
    return None


def _refused(answer: httpx.Response, status: int, code: str) -> None:
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["code"] == code
    assert _session_cookie(answer) is None


def _companies(http: httpx.Client) -> set[str]:
    answer = http.get("/api/applications")
    assert answer.status_code == 200, answer.text
    return {row["company"] for row in answer.json()["applications"]}


# -- signing in ------------------------------------------------------------------------------


def test_single_sign_on_opens_a_session_for_that_seeker_alone(sso: Sso) -> None:
    with sso.browser() as http:
        http.cookies.set("afterview_session", "planted-before-sign-in")
        answer = _sign_in(http)
        assert answer.status_code == 303, answer.text
        assert answer.headers["location"] == "/"
        cookie = _session_cookie(answer)
        assert cookie is not None
        assert "HttpOnly" in cookie
        assert "SameSite=lax" in cookie
        assert "planted-before-sign-in" not in cookie  # a new session, never the planted one
        assert http.get("/api/session").json()["role"] == "seeker"
        assert COMPANY in _companies(http)
        assert http.get("/", follow_redirects=False).status_code == 200
    sso.provider.person = Person("subject-b", "b@example.org")
    with sso.browser() as http:
        assert _sign_in(http).status_code == 303
        assert COMPANY not in _companies(http)  # b's session reaches b's search only
    with sql(sso.centre.owner_url) as conn:
        links = conn.execute(
            "SELECT o.email, i.issuer, i.subject FROM oidc_identities i "
            "JOIN owners o ON o.id = i.owner_id ORDER BY o.email"
        ).fetchall()
    assert links == [
        {"email": "a@example.org", "issuer": sso.provider.url, "subject": "subject-a"},
        {"email": "b@example.org", "issuer": sso.provider.url, "subject": "subject-b"},
    ]


def test_a_linked_identity_signs_in_whatever_address_the_provider_gives_later(
    sso: Sso,
) -> None:
    with sso.browser() as http:
        assert _sign_in(http).status_code == 303
    sso.provider.person = Person("subject-a", "a.renamed@example.org")
    with sso.browser() as http:
        assert _sign_in(http).status_code == 303
        assert COMPANY in _companies(http)


def test_the_flow_sends_state_nonce_and_an_s256_challenge_in_a_callback_only_cookie(
    sso: Sso,
) -> None:
    with sso.browser() as http:
        started = http.get("/sign-in/oidc")
    location = httpx.URL(started.headers["location"])
    asked = dict(location.params)
    assert location.path == "/authorize"
    assert asked["response_type"] == "code"
    assert asked["client_id"] == CLIENT_ID
    assert asked["code_challenge_method"] == "S256"
    assert asked["redirect_uri"] == f"{sso.app}{CALLBACK}"
    assert len(asked["state"]) >= 43  # 256 random bits
    assert len(asked["nonce"]) >= 43
    cookie = started.headers["set-cookie"]
    assert cookie.startswith(f"{FLOW_COOKIE}={asked['state']};")
    assert f"Path={CALLBACK}" in cookie
    assert "HttpOnly" in cookie
    assert "Max-Age=600" in cookie  # as docs/SECURITY.md says
    assert "SameSite=lax" in cookie
    with sql(sso.centre.owner_url) as conn:
        kept = conn.execute("SELECT state_hash, nonce FROM oidc_flows").fetchall()
    assert [row["nonce"] for row in kept] == [asked["nonce"]]
    assert asked["state"] not in kept[0]["state_hash"]  # the state is kept as its hash


# -- refusals -----------------------------------------------------------------------------


def test_an_id_token_for_another_audience_is_refused(sso: Sso) -> None:
    sso.provider.audience = "another-application"
    with sso.browser() as http:
        _refused(_sign_in(http), 401, "oidc_wrong_audience")
        assert http.get("/api/applications").status_code == 401


def test_a_replayed_callback_is_refused(sso: Sso) -> None:
    with sso.browser() as http:
        back = _to_callback(http)
        state = httpx.URL(back).params["state"]
        assert http.get(back, headers=JSON).status_code == 303
    with sso.browser() as replayer:  # the same address and the state cookie, again
        replayer.cookies.set(FLOW_COOKIE, state)
        _refused(replayer.get(back, headers=JSON), 400, "oidc_state_unknown")
    with sso.browser() as other:  # without the cookie: not the browser that started it
        _refused(other.get(back, headers=JSON), 400, "oidc_state_unknown")


def test_an_id_token_carrying_a_used_nonce_is_refused(sso: Sso) -> None:
    with sso.browser() as http:
        assert _sign_in(http).status_code == 303
    used = sso.provider.nonces[0]
    sso.provider.nonce = used  # the next ID token replays the first sign-in's nonce
    with sso.browser() as http:
        _refused(_sign_in(http), 401, "oidc_nonce_replayed")
    sso.provider.nonce = "a-nonce-nobody-asked-for"
    with sso.browser() as http:
        _refused(_sign_in(http), 401, "oidc_nonce_mismatch")


@pytest.mark.parametrize(
    ("knob", "value", "code"),
    [
        ("issuer", "https://impostor.example.org", "oidc_wrong_issuer"),
        ("foreign_key", True, "oidc_token_unverified"),
        ("issued_ago", timedelta(minutes=10), "oidc_token_expired"),
    ],
)
def test_a_token_from_another_issuer_with_a_bad_signature_or_expired_is_refused(
    sso: Sso, knob: str, value: Any, code: str
) -> None:
    setattr(sso.provider, knob, value)
    with sso.browser() as http:
        _refused(_sign_in(http), 401, code)


@pytest.mark.parametrize(
    ("person", "code"),
    [
        (Person("subject-x", "nobody@example.org"), "oidc_no_account"),
        (Person("subject-x", "a@example.org", email_verified=False), "oidc_email_unverified"),
        (Person("subject-x", None), "oidc_no_account"),
    ],
)
def test_an_unknown_or_unverified_address_is_refused(sso: Sso, person: Person, code: str) -> None:
    sso.provider.person = person
    with sso.browser() as http:
        _refused(_sign_in(http), 403, code)


def test_a_linked_account_is_not_taken_over_by_another_identity_with_its_address(
    sso: Sso,
) -> None:
    with sso.browser() as http:
        assert _sign_in(http).status_code == 303
    sso.provider.person = Person("subject-other", "a@example.org")
    with sso.browser() as http:
        _refused(_sign_in(http), 403, "oidc_no_account")


def test_a_disabled_account_does_not_sign_in(sso: Sso) -> None:
    with sso.browser() as http:
        assert _sign_in(http).status_code == 303
    assert cli(["users", "disable", "a@example.org"], sso.centre.app_url, "")[0] == 0
    with sso.browser() as http:
        _refused(_sign_in(http), 403, "oidc_no_account")


def test_a_refusal_in_the_browser_is_a_page_that_says_why(sso: Sso) -> None:
    with sso.browser() as http:
        answer = http.get(f"{CALLBACK}?state=made-up&code=made-up")
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("text/html")
    assert "has been used already, has expired, or was started in another browser" in (answer.text)
    assert "Traceback" not in answer.text


@pytest.mark.parametrize(
    ("sent", "status"), [("TRUE", 303), ("true", 303), ("false", 403), ("yes", 403), (1, 403)]
)
def test_email_verified_as_the_string_true_links_the_account(
    sso: Sso, sent: str | int, status: int
) -> None:
    sso.provider.person = Person("subject-x", "a@example.org", email_verified=sent)
    with sso.browser() as http:
        answer = _sign_in(http)
        if status == 303:
            assert answer.status_code == 303, answer.text
            assert COMPANY in _companies(http)
        else:
            _refused(answer, 403, "oidc_email_unverified")


@pytest.mark.parametrize(
    ("claim", "verified"),
    [
        (True, True),
        ("true", True),
        ("True", True),
        ("TRUE", True),
        (False, False),
        ("false", False),
        ("FALSE", False),
        (" true", False),
        ("yes", False),
        ("1", False),
        (1, False),
        (None, False),
        (["true"], False),
    ],
)
def test_email_verified_is_true_or_the_string_true_in_any_case(
    claim: object, verified: bool
) -> None:
    assert email_verified(claim) is verified


# -- limits on sign-ins started ---------------------------------------------------------------


def _start(http: httpx.Client, address: str) -> httpx.Response:
    return http.get("/sign-in/oidc", headers={**JSON, "X-Forwarded-For": address})


def test_starts_from_one_address_past_its_limit_are_refused_and_keep_nothing(sso: Sso) -> None:
    with (
        sso.limited(StartLimits(per_address=3, pending=100)) as app,
        httpx.Client(base_url=app) as http,
    ):
        for _ in range(3):
            assert _start(http, "192.0.2.7").status_code == 303
        refused = _start(http, "192.0.2.7")
        _refused(refused, 429, "oidc_start_limited")
        assert refused.headers["Retry-After"] == "900"  # the first start is 15 minutes old then
        assert sso.flows() == 3
        assert _start(http, "192.0.2.8").status_code == 303  # another address is not limited
        wrong = {"email": "a@example.org", "password": "not the password"}
        signing_in = http.post(
            "/api/session", json=wrong, headers={**JSON, "X-Forwarded-For": "192.0.2.7"}
        )
        assert signing_in.status_code == 401  # starts do not count as failed passwords
        sso.clock.now += timedelta(minutes=15, seconds=1)
        assert _start(http, "192.0.2.7").status_code == 303
    assert sso.flows() == 1  # the ended flows went
    with sql(sso.centre.owner_url) as conn:
        counted = conn.execute("SELECT email, address FROM sign_in_failures").fetchall()
    key = "oidc-start 192.0.2.7"
    assert counted == [{"email": key, "address": key}]  # and the counts past the window


def test_a_finished_sign_in_forgets_the_starts_from_its_address(sso: Sso) -> None:
    with (
        sso.limited(StartLimits(per_address=2, pending=100)) as app,
        httpx.Client(base_url=app, headers={"X-Forwarded-For": "192.0.2.7"}) as http,
    ):
        assert _start(http, "192.0.2.7").status_code == 303  # given up
        assert _sign_in(http).status_code == 303
        assert _start(http, "192.0.2.7").status_code == 303  # a third start, allowed


def test_flows_under_way_never_pass_the_cap_whatever_the_addresses(sso: Sso) -> None:
    cap = 5
    with sso.limited(StartLimits(per_address=100, pending=cap)) as app:

        def start(n: int) -> int:
            with httpx.Client(base_url=app) as http:
                return _start(http, f"198.51.100.{n}").status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(start, range(24)))
        assert sorted(answers) == [303] * cap + [503] * (24 - cap)
        assert sso.flows() == cap
        with httpx.Client(base_url=app) as http:
            busy = _start(http, "198.51.100.200")
            _refused(busy, 503, "oidc_busy")
            assert busy.headers["Retry-After"] == "60"
            page = http.get("/sign-in/oidc", headers={"X-Forwarded-For": "198.51.100.201"})
            assert page.status_code == 503
            assert "Too many single sign-ons are under way" in page.text
            sso.clock.now += FLOW_LIFETIME + timedelta(seconds=1)  # the kept ones end
            assert _start(http, "198.51.100.200").status_code == 303
    assert sso.flows() == 1


# -- the provider's discovery document ------------------------------------------------------


def test_the_provider_metadata_is_read_again_after_an_hour(sso: Sso) -> None:
    def authorization_path() -> str:
        with sso.browser() as http:
            return httpx.URL(http.get("/sign-in/oidc").headers["location"]).path

    assert authorization_path() == "/authorize"
    assert sso.provider.discoveries == 1
    sso.provider.authorize_path = "/v2/authorize"  # the provider moves its endpoint
    sso.provider.key = sso.provider.other_key  # and rotates its key
    sso.clock.now += DISCOVERY_LIFETIME - timedelta(minutes=1)
    assert authorization_path() == "/authorize"  # kept: not read on every sign-in
    assert sso.provider.discoveries == 1
    with sso.browser() as http:
        assert _sign_in(http).status_code == 303  # the new key: the keys are read each time
    sso.clock.now += timedelta(minutes=2)
    assert authorization_path() == "/v2/authorize"
    assert sso.provider.discoveries == 2
    with sso.browser() as http:
        assert _sign_in(http).status_code == 303


# -- the sign-in page and the settings --------------------------------------------------------


def test_the_sign_in_page_offers_the_provider_when_configured(sso: Sso, centre: Centre) -> None:
    from afterview.web.app import WebSettings
    from tests.support.live import client

    with sso.browser() as http:
        page = http.get("/sign-in").text
    assert '<a class="button" href="/sign-in/oidc">Sign in with Example ID</a>' in page
    with client(WebSettings(centre.app_url)) as http:
        assert "/sign-in/oidc" not in http.get("/sign-in").text
        _refused(http.get("/sign-in/oidc", headers=JSON), 404, "oidc_not_configured")


def test_settings_come_from_the_environment_with_the_secret_from_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from afterview.domain.errors import InputError

    names = ("ISSUER", "CLIENT_ID", "CLIENT_SECRET", "CLIENT_SECRET_FILE", "NAME")
    for name in (*names, "STARTS_PER_ADDRESS", "MAX_PENDING"):
        monkeypatch.delenv(f"AFTERVIEW_OIDC_{name}", raising=False)
    assert from_environment() is None
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n", encoding="utf-8")
    monkeypatch.setenv("AFTERVIEW_OIDC_ISSUER", "https://id.example.org")
    monkeypatch.setenv("AFTERVIEW_OIDC_CLIENT_ID", "centre")
    with pytest.raises(InputError) as missing:
        from_environment()
    assert missing.value.params == {"name": "AFTERVIEW_OIDC_CLIENT_SECRET"}
    monkeypatch.setenv("AFTERVIEW_OIDC_CLIENT_SECRET_FILE", str(secret))
    found = from_environment()
    assert found is not None
    assert (found.client_secret, found.label) == ("from-a-file", "id.example.org")
    assert "from-a-file" not in repr(found)
    assert found.limits == StartLimits(per_address=20, pending=10_000)
    monkeypatch.setenv("AFTERVIEW_OIDC_STARTS_PER_ADDRESS", "60")
    monkeypatch.setenv("AFTERVIEW_OIDC_MAX_PENDING", "500")
    found = from_environment()
    assert found is not None
    assert found.limits == StartLimits(per_address=60, pending=500)
    monkeypatch.setenv("AFTERVIEW_OIDC_MAX_PENDING", "0")
    with pytest.raises(InputError) as invalid:
        from_environment()
    assert invalid.value.code == "session_setting_invalid"
    assert invalid.value.params == {"name": "AFTERVIEW_OIDC_MAX_PENDING", "value": "0"}


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://id.example.org/realms/centre", True),
        ("http://127.0.0.1:8080", True),
        ("http://localhost:8080", True),
        ("http://id.example.org", False),
        ("file:///etc/passwd", False),
    ],
)
def test_the_provider_is_reached_over_https_or_on_this_computer_only(url: str, safe: bool) -> None:
    from afterview.domain.errors import InputError

    if safe:
        assert check_url(url, "AFTERVIEW_OIDC_ISSUER") == url
    else:
        with pytest.raises(InputError) as refused:
            check_url(url, "AFTERVIEW_OIDC_ISSUER")
        assert refused.value.code == "oidc_url_insecure"


def test_authlib_is_loaded_by_a_sign_in_only(tmp_path: Path) -> None:
    """Neither the command line nor the web app, built and answering a page, loads Authlib
    or joserfc: only checking a provider's answer does."""
    import subprocess
    import sys

    probe = (
        "import sys, pathlib\n"
        "from afterview.cli import run\n"
        "from afterview.storage.db import sqlite_url\n"
        "from afterview.web.app import WebSettings, create_app\n"
        "from starlette.testclient import TestClient\n"
        f"url = sqlite_url(pathlib.Path({str(tmp_path / 'a.db')!r}))\n"
        "app = create_app(WebSettings(url))\n"
        "with TestClient(app, base_url='http://127.0.0.1') as http:\n"
        "    assert http.get('/sign-in/oidc').status_code == 404\n"
        "print(*[m in sys.modules for m in ('authlib', 'joserfc')])\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]

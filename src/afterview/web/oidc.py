"""Single sign-on with OpenID Connect, for a career centre whose people already have an
account at an identity provider (``docs/CENTRE.md``, "Single sign-on").

The authorization code flow with ``state``, ``nonce`` and PKCE (S256):

1. ``GET /sign-in/oidc`` (the sign-in page's button) starts a sign-in
   (``services/single_sign_on.py`` keeps its nonce and PKCE verifier on the server, under
   the SHA-256 of a random ``state``), puts the state in a short-lived ``HttpOnly`` cookie
   scoped to the callback, and sends the browser to the provider.
2. The provider sends the browser back to ``GET /sign-in/oidc/callback`` with a code. The
   state must be the cookie's (the callback comes from the browser that started it) and a
   live sign-in's, which is then taken: once. The code is exchanged at the provider's token
   endpoint, with the client secret and the PKCE verifier, for an ID token.
   Starting one is limited per network address and in all (``StartLimits``): a stranger
   pressing the button cannot fill the table of sign-ins under way.
3. The ID token is checked: its signature against the provider's published keys (JWKS,
   asymmetric algorithms only), ``iss`` is the configured issuer, ``aud`` holds the client
   id (and ``azp`` is it when there are several), ``exp`` and ``iat`` against the clock,
   and ``nonce`` is the sign-in's. A nonce that belongs to a sign-in already taken is
   called a replay. Then the account it names signs in exactly as with a password: a new
   session cookie, the old session ended (``web/sessions.py``). ``email_verified`` is
   JSON's ``true``, or the string ``"true"`` some providers send (any case).

The provider's discovery document is kept for :data:`DISCOVERY_LIFETIME` and then read
again, so new endpoints at the provider are followed without a restart; its keys (JWKS)
are read at every callback, so a key it rotates in is known at once.

Authlib (with joserfc, its JOSE implementation) is imported inside the functions that
check a token, so neither the command line nor a centre without single sign-on loads it.
The provider is reached with the standard library's HTTP client, from a worker thread.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from afterview.domain.errors import InputError
from afterview.services.accounts import Session
from afterview.services.single_sign_on import Identity, SingleSignOnRefused, StartLimits
from afterview.web import acting, errors, sessions
from afterview.web.messages import word

router = APIRouter(include_in_schema=False)
START = "/sign-in/oidc"
CALLBACK = "/sign-in/oidc/callback"
FLOW_COOKIE = "afterview_oidc_state"
SCOPE = "openid email"
LEEWAY_S = 60  # clock difference tolerated between the provider and the centre
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA")
MAX_ANSWER = 1_000_000  # bytes read of any answer of the provider
DISCOVERY_LIFETIME = timedelta(hours=1)  # then the provider's metadata is read again

# How each refusal is answered: the HTTP status of its page or JSON error.
STATUS = {
    "oidc_not_configured": 404,
    "oidc_start_limited": 429,
    "oidc_busy": 503,
    "oidc_state_unknown": 400,
    "oidc_provider_refused": 401,
    "oidc_provider_unreachable": 502,
    "oidc_provider_invalid": 502,
    "oidc_token_unverified": 401,
    "oidc_wrong_issuer": 401,
    "oidc_wrong_audience": 401,
    "oidc_token_expired": 401,
    "oidc_token_invalid": 401,
    "oidc_nonce_replayed": 401,
    "oidc_nonce_mismatch": 401,
    "oidc_email_unverified": 403,
    "oidc_no_account": 403,
    "sign_in_failed": 401,
}


@dataclass(frozen=True)
class OidcSettings:
    """The centre's registration at its identity provider."""

    issuer: str
    client_id: str
    client_secret: str
    name: str = ""  # on the button: "Sign in with <name>" (the issuer's host if empty)
    redirect_uri: str = ""  # the callback's address, if the request's own is not it
    limits: StartLimits = field(default_factory=StartLimits)  # sign-ins started

    def __repr__(self) -> str:  # never the secret, in a log or a traceback
        return f"OidcSettings(issuer={self.issuer!r}, client_id={self.client_id!r})"

    @property
    def label(self) -> str:
        return self.name or (urlsplit(self.issuer).hostname or self.issuer)


def from_environment() -> OidcSettings | None:
    """``AFTERVIEW_OIDC_ISSUER``, ``AFTERVIEW_OIDC_CLIENT_ID``,
    ``AFTERVIEW_OIDC_CLIENT_SECRET`` (or ``AFTERVIEW_OIDC_CLIENT_SECRET_FILE``, a file
    holding it), and optionally ``AFTERVIEW_OIDC_NAME``, ``AFTERVIEW_OIDC_REDIRECT_URI``,
    ``AFTERVIEW_OIDC_STARTS_PER_ADDRESS`` and ``AFTERVIEW_OIDC_MAX_PENDING`` (the
    :class:`StartLimits`); ``None`` when no issuer is set (no single sign-on)."""
    issuer = os.environ.get("AFTERVIEW_OIDC_ISSUER", "").strip()
    if not issuer:
        return None
    check_url(issuer, "AFTERVIEW_OIDC_ISSUER")
    client_id = os.environ.get("AFTERVIEW_OIDC_CLIENT_ID", "").strip()
    if not client_id:
        raise InputError("oidc_setting_missing", name="AFTERVIEW_OIDC_CLIENT_ID")
    secret = os.environ.get("AFTERVIEW_OIDC_CLIENT_SECRET", "").strip()
    secret_file = os.environ.get("AFTERVIEW_OIDC_CLIENT_SECRET_FILE", "").strip()
    if not secret and secret_file:
        try:
            secret = Path(secret_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            problem = exc.strerror or type(exc).__name__
            raise InputError("oidc_secret_unreadable", path=secret_file, problem=problem) from None
    if not secret:
        raise InputError("oidc_setting_missing", name="AFTERVIEW_OIDC_CLIENT_SECRET")
    name = os.environ.get("AFTERVIEW_OIDC_NAME", "").strip()
    redirect = os.environ.get("AFTERVIEW_OIDC_REDIRECT_URI", "").strip()
    if redirect:
        check_url(redirect, "AFTERVIEW_OIDC_REDIRECT_URI")
    limits = StartLimits(
        sessions.whole_number("AFTERVIEW_OIDC_STARTS_PER_ADDRESS", StartLimits.per_address),
        sessions.whole_number("AFTERVIEW_OIDC_MAX_PENDING", StartLimits.pending),
    )
    return OidcSettings(issuer, client_id, secret, name[:80], redirect, limits)


def check_url(url: str, name: str) -> str:
    """``url`` if it is HTTPS, or plain HTTP to this computer (a provider on loopback):
    anything else would send the client secret or accept keys in the clear."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname and _loopback(parts.hostname):
        return url
    raise InputError("oidc_url_insecure", name=name, url=url)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def settings_of(request: Request) -> OidcSettings | None:
    """The single sign-on settings, when this app serves a centre that has them."""
    found: OidcSettings | None = getattr(request.app.state.settings, "oidc", None)
    return found if found is not None and acting.centre(request) else None


def _configured(request: Request) -> OidcSettings:
    found = settings_of(request)
    if found is None:
        raise SingleSignOnRefused("oidc_not_configured")
    return found


def refused(request: Request, exc: InputError) -> Response:
    """A refused sign-in: its page (or JSON error) with the code, and no session."""
    answer = errors.error_response(request, STATUS.get(exc.code, 401), exc.code, word(exc))
    answer.headers["Cache-Control"] = "no-store"
    if "seconds" in exc.params:  # limited (429) or busy (503): when to try again
        answer.headers["Retry-After"] = str(exc.params["seconds"])
    answer.delete_cookie(FLOW_COOKIE, path=CALLBACK, httponly=True, samesite="lax")
    return answer


# -- the routes -------------------------------------------------------------------------------


@router.get(START)
async def start(request: Request) -> Response:
    """Send the browser to the provider, with a new sign-in's state, nonce and challenge."""
    from afterview.services import single_sign_on

    try:
        settings = _configured(request)
        flow = await run_in_threadpool(
            partial(
                single_sign_on.start,
                request.app.state.db,
                request.app.state.settings.clock(),
                address=sessions.client_address(request),
                rules=sessions.settings_of(request).rules,
                limits=settings.limits,
            )
        )
        provider = await _provider(request, settings)  # after the limits: no fetch past them
    except InputError as exc:
        return refused(request, exc)
    query = {
        "response_type": "code",
        "client_id": settings.client_id,
        "redirect_uri": redirect_uri(request, settings),
        "scope": SCOPE,
        "state": flow.state,
        "nonce": flow.nonce,
        "code_challenge": _challenge(flow.verifier),
        "code_challenge_method": "S256",
    }
    endpoint = provider["authorization_endpoint"]
    joiner = "&" if urlsplit(endpoint).query else "?"
    answer = RedirectResponse(endpoint + joiner + urlencode(query), status_code=303)
    answer.headers["Cache-Control"] = "no-store"
    answer.set_cookie(
        FLOW_COOKIE,
        flow.state,
        max_age=int(single_sign_on.FLOW_LIFETIME.total_seconds()),
        path=CALLBACK,
        httponly=True,
        samesite="lax",  # sent on the provider's top-level redirect back, not on a POST
        secure=sessions.over_https(request),
    )
    return answer


@router.get(CALLBACK)
async def callback(request: Request) -> Response:
    """Finish a sign-in: check what the provider sent and open a session (see module)."""
    try:
        session = await _finish(request, _configured(request))
    except InputError as exc:  # SingleSignOnRefused, and SignInFailed if just disabled
        return refused(request, exc)
    old = request.cookies.get(sessions.COOKIE)
    if old:
        from afterview.services import accounts

        await run_in_threadpool(accounts.sign_out, request.app.state.db, old)
    answer = RedirectResponse("/", status_code=303)
    answer.headers["Cache-Control"] = "no-store"
    answer.delete_cookie(FLOW_COOKIE, path=CALLBACK, httponly=True, samesite="lax")
    sessions.set_cookie(request, answer, session.cookie)
    return answer


def redirect_uri(request: Request, settings: OidcSettings) -> str:
    """The callback's address as registered at the provider: the setting, or this
    request's own origin (``https`` when it came over HTTPS, through a trusted proxy too)."""
    if settings.redirect_uri:
        return settings.redirect_uri
    scheme = "https" if sessions.over_https(request) else request.url.scheme
    return f"{scheme}://{request.url.netloc}{CALLBACK}"


async def _finish(request: Request, settings: OidcSettings) -> Session:
    from afterview.services import single_sign_on

    state, db = request.app.state, request.app.state.db
    now = state.settings.clock()
    given = request.query_params.get("state", "")
    held = request.cookies.get(FLOW_COOKIE, "")
    if not given or not held or not hmac.compare_digest(given.encode(), held.encode()):
        raise SingleSignOnRefused("oidc_state_unknown")
    nonce, verifier = await run_in_threadpool(single_sign_on.take, db, given, now)
    problem = request.query_params.get("error", "")
    code = request.query_params.get("code", "")
    if problem or not code:
        raise SingleSignOnRefused("oidc_provider_refused", error=(problem or "no code")[:100])
    provider = await _provider(request, settings)
    back = redirect_uri(request, settings)
    id_token = await run_in_threadpool(_exchange, settings, provider, code, verifier, back)
    keys = await run_in_threadpool(_fetch_json, provider["jwks_uri"], settings)
    claims = await run_in_threadpool(verify, settings, provider, keys, id_token, now)
    if not hmac.compare_digest(str(claims.get("nonce", "")).encode(), nonce.encode()):
        used = await run_in_threadpool(single_sign_on.nonce_used, db, str(claims.get("nonce")))
        if used:
            raise SingleSignOnRefused("oidc_nonce_replayed")
        raise SingleSignOnRefused("oidc_nonce_mismatch")
    identity = Identity(
        str(claims["iss"]),
        str(claims["sub"]),
        claims.get("email") if isinstance(claims.get("email"), str) else None,
        email_verified(claims.get("email_verified")),
    )
    rules = sessions.settings_of(request).rules
    address = sessions.client_address(request)
    return await run_in_threadpool(
        partial(single_sign_on.sign_in, db, identity, address=address, now=now, rules=rules)
    )


def email_verified(claim: object) -> bool:
    """Whether an ID token's ``email_verified`` says yes: JSON's ``true``, or the string
    ``"true"`` in any case, which some providers send. ``false``, ``"false"`` and anything
    else (a number, another word, no claim) say no, and an unverified address links no
    account."""
    if isinstance(claim, str):
        return claim.lower() == "true"
    return claim is True


# -- the provider -----------------------------------------------------------------------------


async def _provider(request: Request, settings: OidcSettings) -> dict[str, Any]:
    """The provider's metadata (``/.well-known/openid-configuration``), kept for
    :data:`DISCOVERY_LIFETIME` by the app's clock (read again sooner if the clock went
    back); its ``issuer`` must be the configured one, exactly (OpenID Connect Discovery
    §4.3), and its endpoints must be HTTPS (or loopback). An answer refused is not kept."""
    now = request.app.state.settings.clock()
    kept: tuple[datetime, dict[str, Any]] | None = getattr(request.app.state, "oidc_provider", None)
    if kept is not None and kept[0] <= now < kept[0] + DISCOVERY_LIFETIME:
        return kept[1]
    url = settings.issuer.rstrip("/") + "/.well-known/openid-configuration"
    found = await run_in_threadpool(_fetch_json, url, settings)
    if found.get("issuer") != settings.issuer:
        raise SingleSignOnRefused("oidc_provider_invalid", issuer=settings.issuer)
    for endpoint in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(found.get(endpoint), str):
            raise SingleSignOnRefused("oidc_provider_invalid", issuer=settings.issuer)
        try:
            check_url(found[endpoint], endpoint)
        except InputError:
            raise SingleSignOnRefused("oidc_provider_invalid", issuer=settings.issuer) from None
    request.app.state.oidc_provider = (now, found)
    return found


def _fetch_json(
    url: str,
    settings: OidcSettings,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A JSON object from the provider; a refusal with a code if it cannot be had."""
    import urllib.error
    import urllib.request

    asked = urllib.request.Request(
        url, data=data, headers={"Accept": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(asked, timeout=10) as answer:  # an address check_url passed
            body = answer.read(MAX_ANSWER)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise SingleSignOnRefused("oidc_provider_refused", error=f"HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError):
        raise SingleSignOnRefused("oidc_provider_unreachable", issuer=settings.issuer) from None
    try:
        found = json.loads(body)
    except ValueError:
        found = None
    if not isinstance(found, dict):
        raise SingleSignOnRefused("oidc_provider_invalid", issuer=settings.issuer)
    return found


def _exchange(
    settings: OidcSettings, provider: dict[str, Any], code: str, verifier: str, back: str
) -> str:
    """The ID token the provider gives for ``code`` (client secret and PKCE verifier
    sent), with HTTP Basic unless the provider takes only ``client_secret_post``."""
    from base64 import b64encode
    from urllib.parse import quote

    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": back,
        "code_verifier": verifier,
    }
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    methods = provider.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    if "client_secret_basic" in methods:
        pair = f"{quote(settings.client_id, safe='')}:{quote(settings.client_secret, safe='')}"
        headers["Authorization"] = "Basic " + b64encode(pair.encode()).decode()
    else:
        form |= {"client_id": settings.client_id, "client_secret": settings.client_secret}
    data = urlencode(form).encode()
    tokens = _fetch_json(provider["token_endpoint"], settings, data, headers)
    id_token = tokens.get("id_token")
    if not isinstance(id_token, str):
        raise SingleSignOnRefused("oidc_provider_invalid", issuer=settings.issuer)
    return id_token


def _challenge(verifier: str) -> str:
    from authlib.oauth2.rfc7636 import create_s256_code_challenge

    challenge: str = create_s256_code_challenge(verifier)  # type: ignore[no-untyped-call]
    return challenge


def verify(
    settings: OidcSettings,
    provider: dict[str, Any],
    keys: dict[str, Any],
    id_token: str,
    now: datetime,
) -> dict[str, Any]:
    """The ID token's claims once its signature (against ``keys``, the provider's JWKS)
    and its ``iss``, ``aud``/``azp``, ``exp`` and ``iat`` hold; the nonce is the caller's."""
    from authlib.oidc.core import CodeIDToken
    from joserfc import jwt
    from joserfc.errors import ClaimError, ExpiredTokenError, JoseError
    from joserfc.jwk import KeySet, KeySetSerialization

    offered = provider.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = [a for a in offered if a in ALGORITHMS] or ["RS256"]
    try:
        key_set = KeySet.import_key_set(cast("KeySetSerialization", keys))
        token = jwt.decode(id_token, key_set, algorithms=algorithms)
    except (JoseError, ValueError, TypeError):
        raise SingleSignOnRefused("oidc_token_unverified") from None
    claims = CodeIDToken(
        token.claims,
        token.header,
        options={
            "iss": {"essential": True, "value": settings.issuer},
            "aud": {"essential": True, "value": settings.client_id},
            "sub": {"essential": True},
        },
        params={"client_id": settings.client_id},
    )
    try:
        claims.validate(now=int(now.timestamp()), leeway=LEEWAY_S)  # type: ignore[no-untyped-call]
    except ExpiredTokenError:
        raise SingleSignOnRefused("oidc_token_expired") from None
    except ClaimError as exc:
        if exc.claim == "iss":
            raise SingleSignOnRefused("oidc_wrong_issuer") from None
        if exc.claim in ("aud", "azp"):
            raise SingleSignOnRefused("oidc_wrong_audience") from None
        raise SingleSignOnRefused("oidc_token_invalid", claim=exc.claim[:40]) from None
    return dict(claims)

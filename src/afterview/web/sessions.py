"""Signing in and out of a career centre: server-side sessions behind an opaque cookie.

``POST /api/session`` checks an address and a password and sets the session cookie;
``DELETE /api/session`` ends the session. The cookie holds 256 random bits and the server
keeps only their SHA-256 (``web_sessions``), so a copy of the database opens no session.
It is ``HttpOnly`` (no script reads it), ``SameSite=Lax`` (another site's forms and
scripts do not carry it) and ``Secure`` when the request came over HTTPS, and a new one
is made at every sign-in, ending the session of any cookie the browser sent: a value
planted before sign-in (session fixation) is never the one after.

A wrong password and an unknown address get the same 401, after the same work (a hash is
compared either way). Failed sign-ins are counted per address tried and per network
address; past the limit the answer is 429 with ``Retry-After``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import timedelta

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response

from afterview.services.accounts import Session, SessionRules, SignInFailed, SignInLimited
from afterview.web import bodies, errors, security
from afterview.web.messages import word

COOKIE = "afterview_session"
router = APIRouter(prefix="/api", tags=["api"])
Csrf = Depends(security.check_csrf)


@dataclass(frozen=True)
class SessionSettings:
    """The sessions' rules, and whether to believe a reverse proxy's ``X-Forwarded-Proto``
    and ``X-Forwarded-For`` (only when the app is reachable through that proxy alone)."""

    rules: SessionRules = field(default_factory=SessionRules)
    trust_proxy: bool = False


def from_environment() -> SessionSettings:
    """``AFTERVIEW_SESSION_IDLE_MINUTES`` (20), ``AFTERVIEW_SESSION_HOURS`` (12) and
    ``AFTERVIEW_TRUST_PROXY`` (``1`` behind a TLS reverse proxy)."""
    idle = whole_number("AFTERVIEW_SESSION_IDLE_MINUTES", 20)
    hours = whole_number("AFTERVIEW_SESSION_HOURS", 12)
    rules = SessionRules(idle=timedelta(minutes=idle), lifetime=timedelta(hours=hours))
    trusted = os.environ.get("AFTERVIEW_TRUST_PROXY", "").strip().lower() in ("1", "true", "yes")
    return SessionSettings(rules, trusted)


def whole_number(name: str, default: int) -> int:
    """The whole number above 0 the environment variable ``name`` holds, or ``default``
    when it is unset or empty; ``session_setting_invalid`` otherwise (single sign-on's
    limits are read the same way)."""
    from afterview.domain.errors import InputError

    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise InputError("session_setting_invalid", name=name, value=text)
    return int(text)


def settings_of(request: Request) -> SessionSettings:
    found: SessionSettings = request.app.state.settings.sessions
    return found


def over_https(request: Request) -> bool:
    if request.url.scheme == "https":
        return True
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return settings_of(request).trust_proxy and forwarded == "https"


def client_address(request: Request) -> str:
    """Where the request came from: the proxy's last ``X-Forwarded-For`` hop if trusted."""
    if settings_of(request).trust_proxy:
        hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",")]
        if hops and hops[-1]:
            return hops[-1][:100]
    return request.client.host if request.client else "unknown"


class Credentials(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str = Field(max_length=320, pattern=bodies.TEXT_PATTERN)
    password: str = Field(max_length=1000)


class SignedIn(BaseModel):
    account: int
    role: str


ERRORS: dict[int | str, dict[str, object]] = {
    400: {"description": "Not a career centre."},
    401: {"description": "The address and password do not match an account."},
    403: {"description": "Sent from another site."},
    422: {"description": "Not an address and a password."},
    429: {"description": "Too many failed sign-ins; see Retry-After."},
}


@router.post("/session", responses=ERRORS, response_model=SignedIn)
async def sign_in(request: Request, body: Credentials) -> Response:
    """Sign in: the session cookie on success. No CSRF token is needed (there is no
    session yet); the Origin check still turns away another site's form."""
    try:
        session = await open_session(request, body.email, body.password)
    except SignInFailed as exc:
        return errors.error_response(request, 401, "sign_in_failed", word(exc))
    except SignInLimited as exc:
        refused = errors.error_response(request, 429, "sign_in_limited", word(exc))
        refused.headers["Retry-After"] = str(exc.params["seconds"])
        return refused
    answer = JSONResponse({"account": session.actor.account, "role": session.actor.role})
    set_cookie(request, answer, session.cookie)
    return answer


async def open_session(request: Request, email: str, password: str) -> Session:
    """Check the password and open a new session, ending the one of any cookie the
    browser sent (:class:`SignInFailed`, :class:`SignInLimited` otherwise)."""
    from afterview.services import accounts

    state = request.app.state
    session = await run_in_threadpool(
        accounts.sign_in,
        state.db,
        email,
        password,
        address=client_address(request),
        now=state.settings.clock(),
        rules=settings_of(request).rules,
    )
    old = request.cookies.get(COOKIE)
    if old:
        await run_in_threadpool(accounts.sign_out, state.db, old)
    return session


@router.get("/session", responses={401: {"description": "Not signed in."}})
def current(request: Request) -> dict[str, object]:
    """Who is signed in, and how long a session may sit idle; asking keeps it alive (the
    idle warning's "Stay signed in")."""
    from afterview.web import acting

    found = acting.actor(request)
    idle = int(settings_of(request).rules.idle.total_seconds())
    return {"account": found.account, "role": found.role, "idle_seconds": idle}


def set_cookie(request: Request, response: Response, value: str) -> None:
    lifetime = settings_of(request).rules.lifetime
    response.set_cookie(
        COOKIE,
        value,
        max_age=int(lifetime.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=over_https(request),
        path="/",
    )


@router.delete(
    "/session",
    status_code=204,
    dependencies=[Csrf],
    responses={403: {"description": "Without the page's token, or sent from another site."}},
)
async def sign_out(request: Request) -> Response:
    """Sign out: the session ends on the server and the cookie is cleared."""
    from afterview.services import accounts

    cookie = request.cookies.get(COOKIE)
    if cookie:
        await run_in_threadpool(accounts.sign_out, request.app.state.db, cookie)
    answer = Response(status_code=204)
    clear_cookie(request, answer)
    return answer


def clear_cookie(request: Request, response: Response) -> None:
    """Clear the cookie, and have the browser drop what it kept of this site's pages (its
    cache and back-forward cache), so that Back after signing out shows nothing."""
    response.delete_cookie(
        COOKIE, httponly=True, samesite="lax", secure=over_https(request), path="/"
    )
    response.headers["Clear-Site-Data"] = '"cache", "storage"'

"""Who sends a request: resolved once per request, passed to every service as its work.

A personal installation has one local account, so every request acts as it. A career
centre (``docs/CENTRE.md``) resolves the signed-in account instead, from the request's
credentials alone, and nothing below this module changes:

- ``Authorization: Bearer <token>``: a personal API token (``afterview users token``). A
  request that sends one acts for the token's account or for nobody: it is never mixed
  with a cookie, so a bad token is refused rather than passed over.
- otherwise the session cookie (``web/sessions.py``), for pages and the API alike, while
  the session lives (idle and absolute timeouts); each request marks it seen.

The account's role comes from its row, never from the request. A disabled account's
credentials name nobody from the next request on: they are looked up on every request.
Without credentials the API answers 401 in the one error shape and a page sends the
browser to the sign-in page.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from starlette.responses import RedirectResponse, Response

from afterview.web import security
from afterview.wiring import Actor, Work, local_actor

if TYPE_CHECKING:
    from afterview.domain.settings import Policy

# The role of the request being served, for the links a page's navigation shows: set where
# the actor is resolved, read while the page renders in that same request (a kept page is
# rendered by the request that asks for it, and kept per account, whose role is its own).
_ROLE: ContextVar[str | None] = ContextVar("afterview_role", default=None)
POLICIES_KEPT = 64  # accounts whose settings stay in memory until the data changes
SIGN_IN_PAGE = "/sign-in"


class SignInNeeded(Exception):
    """The request names no account of the centre (none, a wrong or a disabled one)."""


def centre(request: Request) -> bool:
    """Whether the app serves a career centre (read with the schema, once per process)."""
    db = request.app.state.db
    db.ensure_schema()
    return bool(db.centre)


def actor(request: Request) -> Actor:
    """The actor behind ``request``, resolved once per request."""
    found: Actor | None = getattr(request.state, "actor", None)
    if found is None:
        found = request.state.actor = _signed_in(request) if centre(request) else _local(request)
    _ROLE.set(found.role)
    return found


def nav_role(context: Any) -> str | None:
    """The role whose links the page's navigation shows (a template global, given the
    template's context): the request's actor's when the page has the request, else the
    one resolved earlier in this request; ``None`` before anyone is known."""
    request = context.get("request")
    found: Actor | None = getattr(request.state, "actor", None) if request is not None else None
    return found.role if found is not None else _ROLE.get()


def _local(request: Request) -> Actor:
    state = request.app.state
    if getattr(state, "local_actor", None) is None:
        state.local_actor = local_actor(state.db)
    found: Actor = state.local_actor
    return found


def _signed_in(request: Request) -> Actor:
    from afterview.services import accounts
    from afterview.web import sessions

    db = request.app.state.db
    token = security.bearer_token(request)
    now = request.app.state.settings.clock()
    if token is not None:
        found = accounts.token_actor(db, token, now=now)
    else:
        cookie = request.cookies.get(sessions.COOKIE, "")
        rules = sessions.settings_of(request).rules
        found = accounts.session_actor(db, cookie, now=now, rules=rules) if cookie else None
    if found is None:
        raise SignInNeeded()
    request.state.signed_in = True  # its answer is personal: kept by no cache (security.py)
    return found


def work(request: Request) -> Work:
    """The unit of work for the request's actor."""
    return Work(request.app.state.db, actor(request))


def policy(request: Request) -> Policy:
    """The planning settings of the request's account.

    Kept until the data changes (any commit, a saved setting too), like the cases the live
    lint reuses: the editor asks for them on every pause in typing.
    """
    from afterview.services import settings
    from afterview.web import cache

    acting = work(request)
    kept = cache.app_cache(request.app.state, "policies", POLICIES_KEPT)
    found: Policy = kept.get(acting.actor.owner, lambda: settings.policy(acting))
    return found


def install(app: FastAPI) -> None:
    """Answer a request that names no account: 401 under the API, the sign-in page else."""

    @app.exception_handler(SignInNeeded)
    async def sign_in_needed(request: Request, exc: SignInNeeded) -> Response:
        from afterview.i18n import _
        from afterview.web import errors

        if not errors.wants_json(request):
            return RedirectResponse(SIGN_IN_PAGE, status_code=303)
        message = _("Sign in first: this request names no account of this centre.")
        response = errors.error_response(request, 401, "sign_in_needed", message)
        response.headers["WWW-Authenticate"] = "Bearer"
        return response

"""Who sends a request: resolved once per request, passed to every service as its work.

A personal installation has one local account, so every request acts as it; a career
centre's installation resolves the signed-in account here instead, and nothing below this
module changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import Request

from afterview.wiring import Actor, Work, local_actor

if TYPE_CHECKING:
    from afterview.domain.settings import Policy

POLICIES_KEPT = 64  # accounts whose settings stay in memory until the data changes


def actor(request: Request) -> Actor:
    """The actor behind ``request``, resolved once per request."""
    found: Actor | None = getattr(request.state, "actor", None)
    if found is None:
        state = request.app.state
        if getattr(state, "local_actor", None) is None:
            state.local_actor = local_actor(state.db)
        found = request.state.actor = state.local_actor
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

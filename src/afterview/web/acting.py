"""Who sends a request: resolved once per request, passed to every service as its work.

A personal installation has one local account, so every request acts as it; a career
centre's installation resolves the signed-in account here instead, and nothing below this
module changes.
"""

from __future__ import annotations

from fastapi import Request

from afterview.wiring import Actor, Work, local_actor


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

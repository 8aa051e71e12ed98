"""The calendar feed: ``/calendar/{token}.ics``, and rotating its address.

Calendar programs subscribe to a URL and cannot log in or carry a CSRF token, so the feed
is a plain GET whose only key is the unguessable token in its path. A wrong or rotated
token is a 404 with the app's one error shape, saying nothing about which tokens exist.
Rotating is a change made from the Settings page, so it is a POST with the page's token.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from afterview.services import calendar_feed
from afterview.web import errors, security

router = APIRouter(include_in_schema=False)
Csrf = Depends(security.check_csrf)

NO_FEED = (
    "There is no calendar at this address; it may have been replaced. "
    "Copy the current address from afterview's Settings page."
)


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def feed_url(request: Request) -> str:
    """The address of the owner's feed, as this browser reaches the app (token made once)."""
    db, now = request.app.state.db, request.app.state.settings.clock()
    return calendar_feed.feed_url(base_url(request), calendar_feed.feed_token(db, now=now))


@router.get("/calendar/{token}.ics")
def feed(request: Request, token: str) -> Response:
    db, now = request.app.state.db, request.app.state.settings.clock()
    owner = calendar_feed.owner_of(db, token)
    if owner is None:
        return errors.error_response(request, 404, "not_found", NO_FEED)
    body = calendar_feed.calendar_for(db, now=now, owner=owner, base_url=base_url(request))
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": 'inline; filename="afterview.ics"',
            # The plan changes as facts change, and it is private: no shared caches.
            "Cache-Control": "private, no-cache",
        },
    )


@router.post("/settings/calendar/rotate", dependencies=[Csrf])
async def rotate(request: Request) -> Response:
    db, now = request.app.state.db, request.app.state.settings.clock()
    await run_in_threadpool(calendar_feed.rotate, db, now=now)
    return RedirectResponse("/settings?rotated=1#calendar-feed", status_code=303)

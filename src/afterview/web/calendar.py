"""The calendar feed: ``/calendar/{token}.ics``, and rotating its address.

Calendar programs subscribe to a URL and cannot log in or carry a CSRF token, so the feed
is a plain GET whose only key is the unguessable token in its path. A wrong or rotated
token is a 404 with the app's one error shape, saying nothing about which tokens exist.
Rotating is a change made from the Settings page, so it is a POST with the page's token.

A feed holds the pending steps dated from 90 days ago on (``services.calendar_feed.feed_since``
says why). It is built once per owner, address, day and data revision (``web/cache.py``)
and served again as the same bytes until anything is stored or the day changes: with 10,000
applications one build takes seconds, and calendar programs poll. Its DTSTAMPs are the
moment of that build, when this version of the plan was published. Each answer carries an
ETag (a digest of the bytes), so a program that sends it back in ``If-None-Match`` gets a
bodiless 304 while nothing changed, and a program that accepts gzip gets the bytes
compressed once per build. Which account an address names is kept too, until anything is
stored (a rotation included), and a poll that finds both kept is answered on the event loop
(``feed``). HEAD gets the headers of the GET.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from afterview.services import calendar_feed
from afterview.web import acting, cache, errors, security
from afterview.wiring import Actor, Work, feed_actor

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
    work, now = acting.work(request), request.app.state.settings.clock()
    return calendar_feed.feed_url(base_url(request), calendar_feed.feed_token(work, now=now))


# How many built feeds are kept: one per owner, address the app is reached by and day. A
# large search's feed is megabytes, so only a few.
FEEDS_KEPT = 4

# How many addresses' accounts are kept (``owner``): a few calendar programs per account.
TOKENS_KEPT = 16


@dataclass(frozen=True, slots=True)
class Feed:
    body: bytes
    etag: str  # quoted, as in the header
    # The same bytes gzipped once, for the programs that accept it (most calendar programs
    # do): a large feed shrinks about twelvefold. Its own ETag, as a distinct representation.
    gzipped: bytes
    gzip_etag: str


def build(work: Work, *, now: datetime, base: str, since: datetime | None = None) -> Feed:
    """The actor's feed as served (its steps from ``since`` on), with the ETag of its bytes,
    plain and gzipped."""
    body = calendar_feed.calendar_for(work, now=now, base_url=base, since=since)
    tag = hashlib.sha256(body).hexdigest()[:32]
    return Feed(body, f'"{tag}"', gzip.compress(body, mtime=0), f'"{tag}-gzip"')


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether ``Accept-Encoding`` takes gzip (and does not refuse it with ``q=0``)."""
    for part in accept_encoding.lower().split(","):
        coding, _, params = part.partition(";")
        if coding.strip() == "gzip":
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def known(if_none_match: str, etag: str) -> bool:
    """Whether the client already holds ``etag`` (``If-None-Match``, weak tags included)."""
    tags = (t.strip().removeprefix("W/") for t in if_none_match.split(","))
    return any(t in ("*", etag) for t in tags)


def owner(request: Request, token: str) -> Actor | None:
    """Whom the feed at ``token`` is for (``wiring.feed_actor``), kept until anything is
    stored: asking the database opened a connection and a transaction on every poll (about
    0.5 ms of CPU, docs/PERFORMANCE.md). Rotating an address is a write, so the old
    one stops at once."""
    return _tokens(request).get(_token_key(token), lambda: feed_actor(request.app.state.db, token))


def _tokens(request: Request) -> cache.RevisionCache[Actor | None]:
    return cache.app_cache(request.app.state, "calendar_feed_tokens", TOKENS_KEPT)


def _token_key(token: str) -> tuple[str, bytes]:
    """Kept under the token's digest, so that how long a look-up takes says nothing about
    how close a guessed token is."""
    return ("feed", hashlib.sha256(token.encode()).digest())


def _feeds(request: Request) -> cache.RevisionCache[Feed]:
    return cache.app_cache(request.app.state, "calendar_feeds", FEEDS_KEPT)


def _feed_key(actor: Actor, request: Request, now: datetime) -> tuple[int, str, datetime]:
    """A feed is kept per owner, address the app is reached by, and first day it holds
    (the last 90 days on: built again once a day)."""
    return (actor.owner, base_url(request), calendar_feed.feed_since(now))


# HEAD too: a program (or a link checker) may ask whether the feed is there and how large.
@router.api_route("/calendar/{token}.ics", methods=["GET", "HEAD"])
async def feed(request: Request, token: str) -> Response:
    """The feed at ``token``. A feed kept and current is answered on the event loop, on
    SQLite, where knowing that it is current takes microseconds: handing every poll to the
    thread pool and back cost more than the rest of the answer but for its bytes. Anything
    else (the day's first fetch, a fetch after a write, an address not kept, PostgreSQL,
    whose revision is a round trip) is read in the thread pool."""
    now = request.app.state.settings.clock()
    kept = _kept(request, token, now)
    if kept is None:
        return await run_in_threadpool(_read, request, token, now)
    return _answer(request, kept)


def _kept(request: Request, token: str, now: datetime) -> Feed | None:
    """The feed at ``token`` if it is kept and current and that is quick to know."""
    tokens = _tokens(request)
    actor = tokens.hit(_token_key(token)) if tokens.revision.instant else None
    return _feeds(request).hit(_feed_key(actor, request, now)) if actor is not None else None


def _read(request: Request, token: str, now: datetime) -> Response:
    """The feed at ``token``, built (and kept) if it is not kept yet; or the 404."""
    actor = owner(request, token)  # the address itself says who it is for
    if actor is None:
        return errors.error_response(request, 404, "not_found", NO_FEED)
    work, key = Work(request.app.state.db, actor), _feed_key(actor, request, now)
    _, base, since = key  # the feed is built for what it is kept under
    kept = _feeds(request).get(key, lambda: build(work, now=now, base=base, since=since))
    return _answer(request, kept)


def _answer(request: Request, kept: Feed) -> Response:
    """The feed's answer: its bytes (gzipped if the program takes it), or a bodiless 304
    when the program already holds them."""
    zipped = accepts_gzip(request.headers.get("accept-encoding", ""))
    headers = {
        "Content-Disposition": 'inline; filename="afterview.ics"',
        # The plan changes as facts change, and it is private: no shared caches.
        "Cache-Control": "private, no-cache",
        "ETag": kept.gzip_etag if zipped else kept.etag,
        "Vary": "Accept-Encoding",
    }
    if known(request.headers.get("if-none-match", ""), headers["ETag"]):
        return Response(status_code=304, headers=headers)
    if zipped:
        headers["Content-Encoding"] = "gzip"
    body = kept.gzipped if zipped else kept.body
    return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)


@router.post("/settings/calendar/rotate", dependencies=[Csrf])
async def rotate(request: Request) -> Response:
    work, now = acting.work(request), request.app.state.settings.clock()
    await run_in_threadpool(calendar_feed.rotate, work, now=now)
    return RedirectResponse("/settings?rotated=1#calendar-feed", status_code=303)

"""The calendar of pending steps: as a file, and as a feed behind an unguessable token.

The feed's address is the only key to it (calendar programs cannot log in), so the token
is long and random (``secrets.token_urlsafe(32)``: 256 bits) and the user can rotate it:
the old address stops working with the transaction that stores the new one.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from afterview.calendar.ics import calendar_bytes
from afterview.services.ports import UnitOfWork, calendar_repo

DEFAULT_BASE_URL = "http://127.0.0.1:8000"  # where `afterview serve` listens by default


# How far back a subscribed feed reaches: a pending step whose date is older than this is not
# in the feed (see :func:`feed_since`).
FEED_PAST = timedelta(days=90)


def feed_since(now: datetime) -> datetime:
    """Where a subscribed feed's events start: midnight (UTC) :data:`FEED_PAST` before ``now``.

    Calendar programs fetch a subscribed feed again every few hours, all of it, and some
    refuse or cut short a large one; a search with thousands of applications gives
    megabytes. An overdue step months old sits on a day nobody looks at again in a
    calendar; the Today page and ``afterview agenda`` still list it, and an export
    (``afterview calendar export``) still holds every pending step. Whole days, so that the
    feed changes at most once a day while nothing is stored.
    """
    day = (now - FEED_PAST).astimezone(UTC).date()
    return datetime.combine(day, time(), UTC)


def calendar_for(
    work: UnitOfWork, *, now: datetime, base_url: str | None = None, since: datetime | None = None
) -> bytes:
    """Every pending step of the actor's search as an ICS file, in the owner's time zone;
    with ``since``, only the steps whose date (their event's start) is not before it."""
    with work.read() as tx:
        profile = calendar_repo.candidate(tx)
        steps = calendar_repo.pending_steps(tx)
    if since is not None:
        steps = [s for s in steps if s.start >= since]
    zone = ZoneInfo(profile["timezone"]) if profile else ZoneInfo("UTC")
    name = f"afterview — {profile['name']}" if profile and profile["name"] else "afterview"
    return calendar_bytes(
        steps, zone=zone, now=now, name=name, base_url=base_url, owner=work.actor.owner
    )


def new_token() -> str:
    return secrets.token_urlsafe(32)


def feed_token(work: UnitOfWork, *, now: datetime) -> str:
    """The owner's feed token, created on first use."""
    with work.read() as tx:
        token = calendar_repo.feed_token(tx)
    if token is not None:
        return token
    with work.write() as tx:
        return calendar_repo.create_feed(tx, new_token(), now)


def rotate(work: UnitOfWork, *, now: datetime) -> str:
    """A new feed token for the owner; the previous address is dead from now on."""
    token = new_token()
    with work.write() as tx:
        calendar_repo.replace_feed(tx, token, now)
    return token


def feed_url(base_url: str, token: str) -> str:
    """The address a calendar program subscribes to."""
    return f"{base_url.rstrip('/')}/calendar/{token}.ics"

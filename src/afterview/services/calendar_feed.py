"""The calendar of pending steps: as a file, and as a feed behind an unguessable token.

The feed's address is the only key to it (calendar programs cannot log in), so the token
is long and random (``secrets.token_urlsafe(32)``: 256 bits) and the user can rotate it:
the old address stops working with the transaction that stores the new one.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

from afterview.calendar.ics import calendar_bytes
from afterview.services.ports import UnitOfWork, calendar_repo

DEFAULT_BASE_URL = "http://127.0.0.1:8000"  # where `afterview serve` listens by default


def calendar_for(work: UnitOfWork, *, now: datetime, base_url: str | None = None) -> bytes:
    """Every pending step of the actor's search as an ICS file, in the owner's time zone."""
    with work.read() as tx:
        profile = calendar_repo.candidate(tx)
        steps = calendar_repo.pending_steps(tx)
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

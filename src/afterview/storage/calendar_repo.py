"""The calendar's reads and writes: an owner's pending steps, and the feed token.

Like :mod:`afterview.storage.repository`, every function takes an open transaction and an
owner id; none commits.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from afterview.domain.steps import Step
from afterview.storage.agenda_repo import stored_step
from afterview.storage.db import Tx

_PENDING = """
SELECT x.id, x.application_id, a.company, a.role, x.kind, x.to_name, x.channel, x.zone,
       x.not_before, x.due, x.send_at, x.why, x.sources, x.updated_at
FROM actions x JOIN applications a ON a.id = x.application_id
WHERE x.owner_id = :owner AND x.status = 'pending'
ORDER BY x.due, x.id"""


def pending_steps(tx: Tx) -> list[Step]:
    """Every pending step with its application's company and role."""
    return [stored_step(row) for row in tx.all(_PENDING, {"owner": tx.owner})]


def candidate(tx: Tx) -> dict[str, Any] | None:
    """The owner's name and time zone, when a profile is stored."""
    return tx.one(
        "SELECT name, timezone FROM candidates WHERE owner_id = :owner", {"owner": tx.owner}
    )


def feed_token(tx: Tx) -> str | None:
    row = tx.one("SELECT token FROM calendar_feeds WHERE owner_id = :owner", {"owner": tx.owner})
    return None if row is None else str(row["token"])


def create_feed(tx: Tx, token: str, now: datetime) -> str:
    """The owner's token: ``token`` when there was none yet, else the one already stored.

    Two requests creating the feed at once agree on one token (the second insert is a
    no-op and both read back the same row).
    """
    tx.execute(
        """INSERT INTO calendar_feeds (owner_id, token, created_at)
           VALUES (:owner, :token, :now) ON CONFLICT (owner_id) DO NOTHING""",
        {"owner": tx.owner, "token": token, "now": now},
    )
    stored = feed_token(tx)
    assert stored is not None
    return stored


def replace_feed(tx: Tx, token: str, now: datetime) -> None:
    """Give the owner a new token; the old one matches nothing from now on."""
    tx.execute(
        """INSERT INTO calendar_feeds (owner_id, token, created_at)
           VALUES (:owner, :token, :now)
           ON CONFLICT (owner_id) DO UPDATE SET token = excluded.token,
             created_at = excluded.created_at""",
        {"owner": tx.owner, "token": token, "now": now},
    )


def owner_of(tx: Tx, token: str) -> int | None:
    """The owner whose feed token is ``token``, or ``None``.

    The token is a secret, so it is not used as a search key (how long an index lookup
    takes can hint at how much of a guess was right): every stored token is compared in
    constant time, all of them, whatever matches. There is one token per owner, so this
    stays small even for a career centre.
    """
    if tx.centre:  # row-level security: the centre's function compares the tokens
        row = tx.one("SELECT app_feed_owner(:token) AS owner", {"token": token})
        return None if row is None or row["owner"] is None else int(row["owner"])
    wanted = token.encode()
    found: int | None = None
    for row in tx.all("SELECT owner_id, token FROM calendar_feeds"):
        if secrets.compare_digest(str(row["token"]).encode(), wanted):
            found = int(row["owner_id"])
    return found

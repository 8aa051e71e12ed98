"""What a seeker's data rights need of storage: the account's own address (erasure asks
for it back as confirmation). Retention's work across accounts lives here too."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from afterview.storage.db import Tx, to_datetime


def own_email(tx: Tx) -> str | None:
    """The unit of work's account's address (``None`` for an account that never signs
    in). Row-level security shows an account its own row only."""
    row = tx.one("SELECT email FROM owners WHERE id = :o", {"o": tx.owner})
    return None if row is None or row["email"] is None else str(row["email"])


# -- retention ------------------------------------------------------------------------------

# What a purge keeps: what lets the person sign in and start again (their tokens, sessions,
# single sign-on links, settings), and what is not the search (consent and its log). Every
# other table with an owner_id is the search, read from the catalogue, so a table added
# later is purged too.
KEPT = frozenset(
    {
        "api_tokens",
        "web_sessions",
        "oidc_identities",
        "account_settings",
        "grants",
        "access_log",
        "counsellor_notes",
    }
)


def retention_candidates(tx: Tx, idle_since: datetime) -> list[dict[str, Any]]:
    """Accounts with a closed search and no activity since ``idle_since``: owner,
    last_active, warned_at (acting for nobody: the centre's function)."""
    rows = tx.all("SELECT * FROM app_retention_candidates(:since)", {"since": idle_since})
    for row in rows:
        row["last_active"] = to_datetime(row["last_active"])
        row["warned_at"] = to_datetime(row["warned_at"])
    return rows


def mark_warned(tx: Tx, at: datetime | None) -> None:
    """Record (or, with ``None``, clear) the unit of work's account's retention warning."""
    tx.execute(
        "UPDATE owners SET retention_warned_at = :at WHERE id = :o", {"at": at, "o": tx.owner}
    )


def purge_search(tx: Tx, *, dry_run: bool = False) -> dict[str, int]:
    """Delete the unit of work's account's search (every owned table but :data:`KEPT`,
    applications first), keeping the account; rows deleted (or, dry, held) by table."""
    from afterview.storage import accounts_repo

    tables = [t for t in accounts_repo.owned_tables(tx) if t not in KEPT]
    counts = accounts_repo.count_owned(tx, tables)
    for table in [] if dry_run else tables:
        tx.execute(f"DELETE FROM {table} WHERE owner_id = :o", {"o": tx.owner})
    return {table: n for table, n in counts.items() if n}

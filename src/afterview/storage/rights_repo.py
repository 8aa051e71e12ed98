"""What a seeker's data rights need of storage: the account's own address (erasure asks
for it back as confirmation). Retention's work across accounts lives here too."""

from __future__ import annotations

from afterview.storage.db import Tx


def own_email(tx: Tx) -> str | None:
    """The unit of work's account's address (``None`` for an account that never signs
    in). Row-level security shows an account its own row only."""
    row = tx.one("SELECT email FROM owners WHERE id = :o", {"o": tx.owner})
    return None if row is None or row["email"] is None else str(row["email"])

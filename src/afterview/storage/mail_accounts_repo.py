"""What the centre's workers need of storage: a seeker's own mail account (table
``mail_accounts``: one row per account, the passwords kept only as the Fernet tokens the
service hands in), and a send task's take-over of the message the queue claimed for it.

Every function works in the transaction's own account (``tx.owner``); row-level security
holds a centre's unit of work to that account as well.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from afterview.storage.db import Tx

FIELDS = (
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "smtp_user",
    "smtp_secret",
    "imap_host",
    "imap_port",
    "imap_security",
    "imap_user",
    "imap_secret",
)


def get(tx: Tx) -> dict[str, Any] | None:
    """The account's row, secrets still encrypted; ``None`` when none was saved."""
    return tx.one("SELECT * FROM mail_accounts WHERE owner_id = :owner", {"owner": tx.owner})


def save(tx: Tx, values: dict[str, Any], now: datetime) -> None:
    """Write the whole row (every field of :data:`FIELDS`), replacing what was there."""
    columns = ", ".join(FIELDS)
    marks = ", ".join(f":{name}" for name in FIELDS)
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in FIELDS)
    tx.execute(
        f"""INSERT INTO mail_accounts (owner_id, {columns}, updated_at)
            VALUES (:owner, {marks}, :now)
            ON CONFLICT (owner_id) DO UPDATE SET {updates}, updated_at = EXCLUDED.updated_at""",
        {**{name: values.get(name) for name in FIELDS}, "owner": tx.owner, "now": now},
    )


def remove(tx: Tx) -> bool:
    """Delete the account's row; ``False`` when there was none."""
    row = tx.one(
        "DELETE FROM mail_accounts WHERE owner_id = :owner RETURNING owner_id", {"owner": tx.owner}
    )
    return row is not None


def take_over(tx: Tx, message_id: int, me: str, queue: str, now: datetime) -> bool:
    """Make a claimed message ``me``'s to send: only while it is still ``scheduled``, held
    by ``me`` (an earlier run of the same task) or by one of the queue's claims (named
    ``queue:…``, one name per periodic run) and not yet handed to a server. ``True`` when
    it is now the caller's."""
    row = tx.one(
        """UPDATE messages SET claimed_by = :me, claimed_at = :now, updated_at = :now
           WHERE id = :id AND owner_id = :owner AND status = 'scheduled'
             AND handoff_at IS NULL AND (claimed_by = :me OR claimed_by LIKE :queued)
           RETURNING id""",
        {"me": me, "now": now, "id": message_id, "owner": tx.owner, "queued": f"{queue}:%"},
    )
    return row is not None

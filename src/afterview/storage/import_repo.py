"""Where imported applications came from (table ``import_origins``, migration 0006)."""

from __future__ import annotations

from datetime import datetime

from afterview.storage.db import Tx
from afterview.stored import Origin as Origin  # re-exported: built by a tracker import


def origins(tx: Tx) -> list[Origin]:
    rows = tx.all(
        """SELECT o.application_id, o.origin, o.key, o.digest FROM import_origins o
           JOIN applications a ON a.id = o.application_id
           WHERE o.owner_id = :owner ORDER BY o.application_id""",
        {"owner": tx.owner},
    )
    return [Origin(r["application_id"], r["origin"], r["key"], r["digest"]) for r in rows]


def save_origin(tx: Tx, origin: Origin, now: datetime) -> None:
    tx.execute(
        """INSERT INTO import_origins (application_id, owner_id, origin, key, digest, imported_at)
           VALUES (:app, :owner, :origin, :key, :digest, :now)
           ON CONFLICT (application_id) DO UPDATE SET origin = excluded.origin,
             key = excluded.key, digest = excluded.digest, imported_at = excluded.imported_at""",
        {
            "app": origin.application_id,
            "owner": tx.owner,
            "origin": origin.origin,
            "key": origin.key,
            "digest": origin.digest,
            "now": now,
        },
    )

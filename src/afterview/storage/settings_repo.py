"""Reading and writing an account's own settings: the policy values it changed.

One row per account in ``account_settings``, its ``data`` the JSON object of the values
that differ from the cited defaults. Storage keeps them as given; the domain
(``settings.account_policy``) checks them each time they are read, so a row written by
hand or by another version is refused with a clear sentence rather than planned with.
Like every repository, each function acts for ``tx.owner`` and none commits.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from afterview.domain.errors import InputError
from afterview.storage.db import Tx


def policy_overrides(tx: Tx) -> dict[str, Any]:
    """The values this account changed from the defaults (empty when it changed none)."""
    row = tx.one("SELECT data FROM account_settings WHERE owner_id = :o", {"o": tx.owner})
    if row is None:
        return {}
    try:
        data = json.loads(row["data"])
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise InputError("stored_settings_unreadable")
    return data


def save_policy(tx: Tx, values: Mapping[str, Any], now: datetime) -> None:
    """Store ``values`` as this account's whole set of changed settings."""
    if not values:
        tx.execute("DELETE FROM account_settings WHERE owner_id = :o", {"o": tx.owner})
        return
    tx.execute(
        """INSERT INTO account_settings (owner_id, data, updated_at) VALUES (:o, :data, :now)
           ON CONFLICT (owner_id) DO UPDATE SET data = excluded.data,
             updated_at = excluded.updated_at""",
        {"o": tx.owner, "data": json.dumps(dict(values), sort_keys=True), "now": now},
    )

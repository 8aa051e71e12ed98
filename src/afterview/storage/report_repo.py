"""The centre report's counts: one call of the centre's aggregate function
(``storage/centre.py``, ``app_centre_report``), in a transaction that acts for nobody."""

from __future__ import annotations

from typing import Any

from afterview.storage.db import Tx


def monthly_counts(tx: Tx, admin: int) -> list[dict[str, Any]]:
    """(month, measure, n) rows across every account; none unless ``admin`` is an
    enabled admin account."""
    return tx.all("SELECT * FROM app_centre_report(:admin)", {"admin": admin})

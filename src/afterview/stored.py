"""Stored values as the layers above storage read them: a moment or a day as either database
gives it back, and the records the repositories and the services hand each other.

They live here, below both, so that services convert a row's values without importing
storage (the services reach storage only through :mod:`afterview.services.ports`), and
storage re-imports them from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any


def utc_text(moment: datetime) -> str:
    """How SQLite stores a moment: UTC, whole seconds, sortable as text."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_datetime(value: Any) -> datetime | None:
    """A stored moment back as an aware UTC datetime (either database)."""
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if moment.tzinfo is None:  # written by SQLAlchemy on SQLite: UTC without an offset
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def to_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an imported application came from (table ``import_origins``): a tracker
    import builds one per row and the repository stores it."""

    application_id: int
    origin: str  # file fingerprint:line
    key: str  # company|role|applied_on, casefolded
    digest: str  # of what the row said

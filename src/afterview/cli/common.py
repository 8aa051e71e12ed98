"""What the tracked-search commands share: the database, the user's clock and zone, JSON.

Every command is one transaction on the database named by ``AFTERVIEW_DATABASE_URL`` or
``DATABASE_URL`` (default: SQLite in the data folder). Times given without an offset are
read in the candidate's time zone; ``--now`` replaces the clock, so a script or a test can
say exactly when "now" is.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from afterview.storage.db import Database

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
at_option = click.option("--at", metavar="T", help="When it happened (ISO 8601; default: now).")
now_option = click.option("--now", metavar="T", help="Replan as of this time (default: now).")


def open_db() -> Database:
    from afterview.config import database_url
    from afterview.storage.db import Database

    return Database(database_url())


def user_zone(db: Database) -> Any:
    """The candidate's zone (UTC until a profile is stored)."""
    from zoneinfo import ZoneInfo

    with db.read() as tx:
        row = tx.one("SELECT timezone FROM candidates WHERE owner_id = 1")
    return ZoneInfo(row["timezone"]) if row else UTC


def time_of(value: str | None, option: str, db: Database) -> datetime:
    """The moment an option names, in the user's zone; the clock when it is not given."""
    from afterview.values import moment

    zone = user_zone(db)
    return datetime.now(zone) if value is None else moment(value, option, zone)


def day_of(value: str | None, option: str) -> date | None:
    from afterview.values import day

    return None if value is None else day(value, option)


def emit(data: Any) -> None:
    """Print JSON for other programs: indented, UTF-8 as is."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")

"""Index the questions of interviews stored before the bank was indexed on write.

Until now the question bank and the insights indexed, on their first read, the questions of
interviews stored with their notes (a file, an import). They only read now, and every
writer indexes what it stores, so this indexes once what older versions left for a read.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from afterview.domain.actor import Actor
    from afterview.storage import learning_repo as learn
    from afterview.storage.db import Dialect, Tx

    bind = op.get_bind()
    raw: Any = bind.connection.dbapi_connection
    dialect: Dialect = "sqlite" if bind.dialect.name == "sqlite" else "postgresql"
    factory = raw.row_factory
    raw.row_factory = _row_factory(dialect)  # Tx reads rows by column name
    try:
        everyone = Tx(raw, dialect)
        now = datetime.now(UTC)
        for row in everyone.all("SELECT DISTINCT owner_id FROM interviews"):
            owner = int(row["owner_id"])
            learn.index_unindexed(Tx(raw, dialect, Actor.seeker(owner)), now)
    finally:
        raw.row_factory = factory


def _row_factory(dialect: str) -> object:
    if dialect == "sqlite":
        import sqlite3

        return sqlite3.Row
    from psycopg.rows import dict_row

    return dict_row


def downgrade() -> None:
    """Nothing to undo: the rows are the index the bank would have written on its next read."""

"""New accounts get their own ids on PostgreSQL too.

The first migration wrote the local account with an explicit id, which leaves PostgreSQL's
sequence for ``owners.id`` behind it: the next account created would collide with it. This
moves the sequence past the highest id (SQLite picks the next id from the table itself).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "SELECT setval(pg_get_serial_sequence('owners', 'id'), "
            "(SELECT COALESCE(MAX(id), 1) FROM owners))"
        )


def downgrade() -> None:
    """Nothing to undo: the sequence only moved past ids already in use."""

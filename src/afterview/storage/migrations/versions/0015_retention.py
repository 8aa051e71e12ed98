"""Retention: when an inactive account was warned that its closed search will be purged.

``owners.retention_warned_at`` is set by ``afterview centre purge`` when it warns an
account, and cleared when the search is purged; activity after the warning makes the next
run warn again instead of purging (``services/rights.py``).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("owners") as batch:
        batch.add_column(sa.Column("retention_warned_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("owners") as batch:
        batch.drop_column("retention_warned_at")

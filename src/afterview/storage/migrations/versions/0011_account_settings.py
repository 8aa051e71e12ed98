"""Each account's own planning settings.

``account_settings`` holds, per account, the policy values it changed from the cited
defaults (a JSON object of setting name to value): one row per account, written whole when
the settings are saved. An account with no row plans with the defaults.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "account_settings",
        sa.Column("owner_id", sa.Integer, sa.ForeignKey("owners.id"), primary_key=True),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("account_settings")

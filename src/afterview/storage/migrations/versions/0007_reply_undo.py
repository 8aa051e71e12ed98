"""Undoing a reply match: what the application said before the watch acted on a reply.

``prior`` holds the application's reply and outcome fields (JSON) as they were just before
the watch recorded the reply, so a mistaken match can be undone and the plan restored.
Rows recorded before this migration have none: undoing them only stops their effect
where nothing else stands in the way.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mail_events") as batch:
        batch.add_column(sa.Column("prior", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("mail_events") as batch:
        batch.drop_column("prior")

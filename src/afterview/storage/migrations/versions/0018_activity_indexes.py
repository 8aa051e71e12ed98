"""Each account's latest activity by index: history and applications by owner and time.

A counsellor's caseload asks of every seeker whether anything was recorded or changed in
the last two weeks (the ``quiet`` signal, ``storage/caseload_repo.py``). Without these
indexes that question read the whole of ``history`` and ``applications``, every account's
rows, on every caseload request; with them it is one short index range per seeker.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_history_owner_at", "history", ["owner_id", "at"])
    op.create_index("ix_applications_owner_updated", "applications", ["owner_id", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_applications_owner_updated", table_name="applications")
    op.drop_index("ix_history_owner_at", table_name="history")

"""Case-folded lookup keys for applications, and indexes that serve the agenda.

``company_key``/``role_key`` hold ``casefold()``-ed names, so finding "López" by "LÓPEZ"
works on both databases (SQLite's ``lower()`` folds ASCII only) and uses an index instead
of scanning every application. The agenda reads steps in due order and waiting periods by
follow-up date without touching the table rows.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("company_key", sa.Text))
        batch.add_column(sa.Column("role_key", sa.Text))
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, company, role FROM applications")).fetchall()
    for app_id, company, role in rows:
        bind.execute(
            sa.text("UPDATE applications SET company_key = :c, role_key = :r WHERE id = :id"),
            {"c": _key(company), "r": _key(role), "id": app_id},
        )
    op.create_index(
        "ix_applications_owner_keys", "applications", ["owner_id", "company_key", "role_key"]
    )
    # Replaces the (owner_id, status, not_before) index: the agenda can now also read the
    # due date from the index when it picks the most urgent steps.
    op.drop_index("ix_actions_owner_status_not_before", "actions")
    op.create_index(
        "ix_actions_owner_status_due", "actions", ["owner_id", "status", "not_before", "due"]
    )
    op.create_index(
        "ix_actions_owner_status_kind",
        "actions",
        ["owner_id", "status", "kind", "not_before", "application_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_actions_owner_status_kind", "actions")
    op.drop_index("ix_actions_owner_status_due", "actions")
    op.create_index(
        "ix_actions_owner_status_not_before", "actions", ["owner_id", "status", "not_before"]
    )
    op.drop_index("ix_applications_owner_keys", "applications")
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("role_key")
        batch.drop_column("company_key")


def _key(text: str | None) -> str:
    # The same rule as afterview.storage.repository.name_key, frozen here as of 0002.
    return " ".join((text or "").casefold().split())

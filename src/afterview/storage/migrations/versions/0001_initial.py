"""The first schema: owners, the candidate, applications, interviews, history, actions.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _owner() -> sa.Column[int]:
    return sa.Column("owner_id", sa.Integer, sa.ForeignKey("owners.id"), nullable=False)


def _application() -> sa.Column[int]:
    return sa.Column(
        "application_id",
        sa.Integer,
        sa.ForeignKey("applications.id", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    _create_owners_and_candidate()
    _create_applications()
    _create_interviews_and_history()
    _create_actions()


def _create_owners_and_candidate() -> None:
    owners = op.create_table(
        "owners",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False, unique=True),
        sa.Column("created_at", TS, nullable=False),
    )
    # Personal mode has exactly one owner; accounts add more later.
    op.bulk_insert(owners, [{"id": 1, "name": "me", "created_at": datetime.now(UTC)}])
    op.create_table(
        "candidates",
        sa.Column("owner_id", sa.Integer, sa.ForeignKey("owners.id"), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("email", sa.Text, nullable=False),
        sa.Column("phone", sa.Text),
        sa.Column("timezone", sa.Text, nullable=False),
        sa.Column("country", sa.Text, nullable=False),
        sa.Column("subdivision", sa.Text),
        sa.Column("signature", sa.Text),
        sa.Column("updated_at", TS, nullable=False),
    )


def _create_applications() -> None:
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer, primary_key=True),
        _owner(),
        sa.Column("company", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("channel_before", sa.Text, nullable=False),
        sa.Column("referrer_name", sa.Text),
        sa.Column("referrer_email", sa.Text),
        sa.Column("refs", sa.Text, nullable=False),
        sa.Column("links", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("notes", sa.Text),
        sa.Column("contacts", sa.Text, nullable=False),
        sa.Column("extra", sa.Text, nullable=False),
        sa.Column("applied_on", sa.Date),
        sa.Column("replied_at", TS),
        sa.Column("not_until", sa.Date),
        sa.Column("outcome_kind", sa.Text),
        sa.Column("outcome_at", TS),
        sa.Column("on_paper", sa.Boolean, nullable=False),
        sa.Column("feedback", sa.Text),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_applications_owner_status", "applications", ["owner_id", "status"])


def _create_interviews_and_history() -> None:
    op.create_table(
        "interviews",
        sa.Column("id", sa.Integer, primary_key=True),
        _owner(),
        _application(),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("start_at", TS, nullable=False),
        sa.Column("end_at", TS, nullable=False),
        sa.Column("timezone", sa.Text, nullable=False),
        sa.Column("format", sa.Text, nullable=False),
        sa.Column("decision", sa.Text),
        sa.Column("decision_date", sa.Date),
        sa.Column("contact_preference", sa.Text, nullable=False),
        sa.Column("next_step", sa.Text),
        sa.Column("panel", sa.Text, nullable=False),
        sa.Column("promises", sa.Text, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_interviews_application", "interviews", ["application_id"])
    op.create_table(
        "history",
        sa.Column("id", sa.Integer, primary_key=True),
        _owner(),
        _application(),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("to_name", sa.Text),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("about", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_history_application", "history", ["application_id"])


def _create_actions() -> None:
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer, primary_key=True),
        _owner(),
        _application(),
        sa.Column(
            "interview_id",
            sa.Integer,
            sa.ForeignKey("interviews.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("to_name", sa.Text),
        sa.Column("channel", sa.Text),
        sa.Column("zone", sa.Text, nullable=False),
        sa.Column("not_before", TS, nullable=False),
        sa.Column("due", TS, nullable=False),
        sa.Column("send_at", TS),
        sa.Column("rule", sa.Text, nullable=False),
        sa.Column("why", sa.Text, nullable=False),
        sa.Column("sources", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("done_at", TS),
        sa.Column("note", sa.Text),
        sa.Column("reason", sa.Text),
        sa.Column("edited", sa.Boolean, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.UniqueConstraint("interview_id", "key", name="uq_actions_interview_key"),
    )
    op.create_index(
        "ix_actions_owner_status_not_before", "actions", ["owner_id", "status", "not_before"]
    )
    op.create_index("ix_actions_application", "actions", ["application_id"])


def downgrade() -> None:
    for table in ("actions", "history", "interviews", "applications", "candidates", "owners"):
        op.drop_table(table)

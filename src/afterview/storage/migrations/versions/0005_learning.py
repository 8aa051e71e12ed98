"""Learning: the revisit and other journal entries, and the question bank's index.

The debrief is the interview's ``notes`` (the interview file's section: questions with the
answer given and a self-rating, what stood out, impressions, feelings), so it stays where
the planner and the drafts already read it. ``reflections`` holds what is written later:
the revisit two days on, and the optional private expressive-writing entry after a
rejection. ``questions`` is an index derived from every interview's notes, rebuilt for an
interview whenever its notes change, so the question bank and the insights can group and
count questions with SQL instead of parsing JSON.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "reflections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("owner_id", sa.Integer, sa.ForeignKey("owners.id"), nullable=False),
        sa.Column(
            "application_id",
            sa.Integer,
            sa.ForeignKey("applications.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("interview_id", sa.Integer, sa.ForeignKey("interviews.id", ondelete="CASCADE")),
        sa.Column("kind", sa.Text, nullable=False),  # revisit|expressive
        sa.Column("data", sa.Text, nullable=False),  # JSON, the entry's fields
        sa.Column("written_at", TS, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_reflections_application", "reflections", ["application_id"])

    op.create_table(
        "questions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("owner_id", sa.Integer, sa.ForeignKey("owners.id"), nullable=False),
        sa.Column(
            "application_id",
            sa.Integer,
            sa.ForeignKey("applications.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "interview_id",
            sa.Integer,
            sa.ForeignKey("interviews.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("answer", sa.Text),
        sa.Column("rating", sa.Integer),
        sa.Column("asked_by", sa.Text),
        sa.Column("asked_at", TS, nullable=False),
        sa.Column("group_id", sa.Integer),  # the id of the group's first question
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_index("ix_questions_owner_group", "questions", ["owner_id", "group_id"])
    op.create_index("ix_questions_interview", "questions", ["interview_id"])


def downgrade() -> None:
    op.drop_index("ix_questions_interview", "questions")
    op.drop_index("ix_questions_owner_group", "questions")
    op.drop_table("questions")
    op.drop_index("ix_reflections_application", "reflections")
    op.drop_table("reflections")

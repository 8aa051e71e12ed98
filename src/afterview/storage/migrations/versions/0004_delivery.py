"""Delivery: the outbox of approved notes, what the reply watch saw, and the calendar feed.

``messages`` is the outbox. A row is written when the user approves a draft, with its
Message-ID already chosen, so a crash between "handed to the server" and "marked sent" can
be recognised on restart instead of sending twice. ``mail_events`` records each reply the
watch matched to an application (human, automatic, rejection-like, offer-like) and whether
the user confirmed it; ``mail_state`` remembers how far each mailbox was read.
``calendar_feeds`` holds the unguessable token of the subscribable calendar.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
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
    _create_messages()
    _create_mail_tables()


def _create_messages() -> None:
    """The outbox."""
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer, primary_key=True),
        _owner(),
        _application(),
        sa.Column("action_id", sa.Integer, sa.ForeignKey("actions.id", ondelete="SET NULL")),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("to_name", sa.Text),
        sa.Column("to_email", sa.Text, nullable=False),
        sa.Column("from_email", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        # approved, scheduled, sent; failed, blocked (by a guard at sending), cancelled
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("message_id", sa.Text, nullable=False, unique=True),
        sa.Column("in_reply_to", sa.Text),
        sa.Column("refs", sa.Text),  # the References header
        sa.Column("send_at", TS, nullable=False),
        sa.Column("approved_at", TS, nullable=False),
        sa.Column("claimed_by", sa.Text),  # the worker that took it to send
        sa.Column("claimed_at", TS),
        sa.Column("handoff_at", TS),  # committed just before the SMTP transaction starts
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", TS),
        sa.Column("sent_at", TS),
        # sent, but its application not replanned since: the worker's round replans it
        sa.Column("replan_pending", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("error", sa.Text),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_messages_status_send_at", "messages", ["status", "send_at"])
    op.create_index("ix_messages_application", "messages", ["application_id"])


def _create_mail_tables() -> None:
    """What the reply watch saw and how far it read, and the calendar feed's token."""
    op.create_table(
        "mail_events",
        sa.Column("id", sa.Integer, primary_key=True),
        _owner(),
        _application(),
        sa.Column("message_id", sa.Text, nullable=False),  # the reply's own Message-ID
        sa.Column("in_reply_to", sa.Text),
        sa.Column("from_addr", sa.Text, nullable=False),
        sa.Column("from_name", sa.Text),
        sa.Column("subject", sa.Text),
        sa.Column("received_at", TS, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),  # human|auto|rejection|offer
        sa.Column("return_on", sa.Date),  # an out-of-office reply's return date
        sa.Column("status", sa.Text, nullable=False),  # new|applied|confirmed|dismissed
        sa.Column("why", sa.Text),  # what made the watch read it so
        sa.Column("decided_at", TS),  # when the user confirmed or dismissed it
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("owner_id", "message_id", name="uq_mail_events_owner_message"),
    )
    op.create_index("ix_mail_events_application", "mail_events", ["application_id"])

    op.create_table(
        "mail_state",
        sa.Column("owner_id", sa.Integer, sa.ForeignKey("owners.id"), primary_key=True),
        sa.Column("mailbox", sa.Text, primary_key=True),
        sa.Column("uidvalidity", sa.BigInteger, nullable=False),
        sa.Column("last_uid", sa.BigInteger, nullable=False),
        sa.Column("checked_at", TS, nullable=False),
    )

    op.create_table(
        "calendar_feeds",
        sa.Column("owner_id", sa.Integer, sa.ForeignKey("owners.id"), primary_key=True),
        sa.Column("token", sa.Text, nullable=False, unique=True),
        sa.Column("created_at", TS, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("calendar_feeds")
    op.drop_table("mail_state")
    op.drop_index("ix_mail_events_application", "mail_events")
    op.drop_table("mail_events")
    op.drop_index("ix_messages_application", "messages")
    op.drop_index("ix_messages_status_send_at", "messages")
    op.drop_table("messages")

"""Each seeker's own mail account, for the centre's workers to send and watch with.

``mail_accounts`` holds one row per account: the SMTP and IMAP servers and user names in
clear, the passwords only as Fernet tokens (``services/mail_accounts.py`` encrypts them
with the centre's key, which never enters the database). ``centre init``'s ``owner_id``
rule gives it row-level security like every table of an account.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mail_accounts",
        sa.Column(
            "owner_id",
            sa.Integer,
            sa.ForeignKey("owners.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("smtp_host", sa.Text),
        sa.Column("smtp_port", sa.Integer),
        sa.Column("smtp_security", sa.Text),
        sa.Column("smtp_user", sa.Text),
        sa.Column("smtp_secret", sa.Text),  # a Fernet token, never the password
        sa.Column("imap_host", sa.Text),
        sa.Column("imap_port", sa.Integer),
        sa.Column("imap_security", sa.Text),
        sa.Column("imap_user", sa.Text),
        sa.Column("imap_secret", sa.Text),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("mail_accounts")

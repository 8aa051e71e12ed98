"""Accounts that sign in, and what a seeker lets a counsellor see.

In a career centre each account is a person: ``owners`` gains the address they sign in
with (unique, stored lower-cased), their role (``seeker``, ``counsellor`` or ``admin``),
the Argon2 hash of their password and when an administrator disabled them. The personal
database's local account keeps none of these: it never signs in.

- ``api_tokens``: personal API tokens, kept as the SHA-256 of the token (a token is 256
  random bits, so a fast hash is the right one; a password gets Argon2).
- ``web_sessions``: server-side sessions, by the SHA-256 of the cookie's value, with the
  last time they were used (idle timeout) and when they end whatever happens (absolute).
- ``sign_in_failures``: failed sign-ins by the address tried and the network address
  they came from, to slow down guessing.
- ``grants``: a seeker's invitation to a counsellor, with the version of the notice the
  seeker read before granting; revoking sets ``revoked_at`` (the row stays for the log).
- ``access_log``: every counsellor read of a seeker's data and every grant change,
  appended only.
- ``counsellor_notes``: a counsellor's notes on a seeker, private to the author or shared
  with the seeker.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _account(name: str, *, nullable: bool = False) -> sa.Column[int]:
    """An account a row belongs to: erasing the account erases the row. A row that only
    names who acted (``nullable``) keeps itself and loses the name instead."""
    on_delete = "SET NULL" if nullable else "CASCADE"
    return sa.Column(
        name, sa.Integer, sa.ForeignKey("owners.id", ondelete=on_delete), nullable=nullable
    )


def upgrade() -> None:
    _accounts_sign_in()
    _sessions_and_tokens()
    _consent()


def _accounts_sign_in() -> None:
    with op.batch_alter_table("owners") as batch:
        batch.add_column(sa.Column("email", sa.Text))
        batch.add_column(sa.Column("role", sa.Text, nullable=False, server_default="seeker"))
        batch.add_column(sa.Column("password_hash", sa.Text))
        batch.add_column(sa.Column("disabled_at", TS))
        batch.create_unique_constraint("uq_owners_email", ["email"])
        batch.create_check_constraint("ck_owners_role", "role IN ('seeker', 'counsellor', 'admin')")


def _sessions_and_tokens() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        _account("owner_id"),
        sa.Column("token_hash", sa.Text, nullable=False, unique=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_used_at", TS),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        _account("owner_id"),
        sa.Column("session_hash", sa.Text, nullable=False, unique=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_seen_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
    )
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.Text, nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Index("ix_sign_in_failures_email_at", "email", "at"),
        sa.Index("ix_sign_in_failures_address_at", "address", "at"),
    )


def _consent() -> None:
    op.create_table(
        "grants",
        sa.Column("id", sa.Integer, primary_key=True),
        _account("seeker_id"),
        _account("counsellor_id"),
        sa.Column("notice_version", sa.Text, nullable=False),
        sa.Column("granted_at", TS, nullable=False),
        sa.Column("revoked_at", TS),
        sa.Index("ix_grants_counsellor", "counsellor_id", "revoked_at"),
        sa.Index("ix_grants_seeker", "seeker_id", "revoked_at"),
    )
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer, primary_key=True),
        _account("seeker_id"),
        _account("actor_id", nullable=True),
        sa.Column("actor_email", sa.Text, nullable=False),  # kept if the actor is erased
        sa.Column("action", sa.Text, nullable=False),  # a code: read, granted, revoked…
        sa.Column("subject", sa.Text),  # what was read (a page, an application id)
        sa.Column("at", TS, nullable=False),
        sa.Index("ix_access_log_seeker_at", "seeker_id", "at"),
    )
    op.create_table(
        "counsellor_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        _account("seeker_id"),
        _account("author_id"),
        sa.Column(
            "application_id",
            sa.Integer,
            sa.ForeignKey("applications.id", ondelete="CASCADE"),
        ),
        sa.Column("shared", sa.Boolean, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Index("ix_counsellor_notes_seeker", "seeker_id", "created_at"),
    )


def downgrade() -> None:
    for table in (
        "counsellor_notes",
        "access_log",
        "grants",
        "sign_in_failures",
        "web_sessions",
        "api_tokens",
    ):
        op.drop_table(table)
    with op.batch_alter_table("owners") as batch:
        batch.drop_constraint("ck_owners_role", type_="check")
        batch.drop_constraint("uq_owners_email", type_="unique")
        for column in ("disabled_at", "password_hash", "role", "email"):
            batch.drop_column(column)

"""Single sign-on (OpenID Connect): which provider identity is which account, and the
sign-ins under way.

- ``oidc_identities``: an account's identity at an identity provider, the pair (issuer,
  subject) the provider vouches for in its ID token. Linked at the first single sign-on,
  by the account's verified address; later sign-ins find the account by the pair alone,
  so a changed address at the provider changes nothing here.
- ``oidc_flows``: one row per sign-in sent to the provider: the SHA-256 of its ``state``,
  the ``nonce`` the ID token must carry and the PKCE verifier, until it ends. Taking a
  flow marks it used, and a used flow is never taken again (a replayed callback, or an ID
  token carrying an old nonce, is refused). It names no account: only the centre's
  functions read it.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "oidc_identities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "owner_id", sa.Integer, sa.ForeignKey("owners.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("issuer", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("linked_at", TS, nullable=False),
        sa.UniqueConstraint("issuer", "subject", name="uq_oidc_identities_issuer_subject"),
    )
    op.create_table(
        "oidc_flows",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("state_hash", sa.Text, nullable=False, unique=True),
        sa.Column("nonce", sa.Text, nullable=False, unique=True),
        sa.Column("verifier", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("used_at", TS),
    )


def downgrade() -> None:
    op.drop_table("oidc_flows")
    op.drop_table("oidc_identities")

"""The career-centre mark: one row says this database serves a centre.

``afterview centre init`` (PostgreSQL only) writes the single row, naming the runtime role
it set up; the app reads it once per process to know that row-level security is on and
that work acting for nobody goes through the centre's functions (``storage/centre.py``).
A personal database, SQLite or PostgreSQL, keeps the table empty.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "centre",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("app_role", sa.Text, nullable=False),
        sa.Column("initialised_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_centre_one_row"),
    )


def downgrade() -> None:
    op.drop_table("centre")

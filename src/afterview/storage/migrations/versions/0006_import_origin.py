"""Import origins: where an imported application came from, so importing again updates it.

One row per application that a tracker import created. ``origin`` is the file's
fingerprint and the row's line (``<sha256 prefix>:<line>``), ``key`` the row's company,
role and date applied (casefolded), ``digest`` a hash of everything the row said. A second
import of the same file finds each row by its origin, an updated file finds it by its key,
and an unchanged digest means there is nothing to update. The application's own columns
stay as they were, so archives keep their shape.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_origins",
        sa.Column(
            "application_id",
            sa.Integer,
            sa.ForeignKey("applications.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("owner_id", sa.Integer, sa.ForeignKey("owners.id"), nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("digest", sa.Text, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_import_origins_owner_origin", "import_origins", ["owner_id", "origin"])
    op.create_index("ix_import_origins_owner_key", "import_origins", ["owner_id", "key"])


def downgrade() -> None:
    op.drop_index("ix_import_origins_owner_key", "import_origins")
    op.drop_index("ix_import_origins_owner_origin", "import_origins")
    op.drop_table("import_origins")

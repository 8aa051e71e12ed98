"""Each account's data revision: a counter bumped in the same transaction as every write.

Pages and values kept in memory (``web/cache.py``) are reused until the data they show
changes. On PostgreSQL the signal used to be the server's snapshot, which any account's
write moves: in a career centre one seeker's click threw away every other account's kept
pages. ``data_revisions`` holds one counter per account instead (``storage/revision.py``
reads it), and statement triggers on every table that holds an account's rows bump the
counters of the accounts a statement touched, in the statement's own transaction, so a
commit and its counter become visible together whoever wrote (the app, a worker, the
command line, a SQL console).

* The column is ``account_id``, not ``owner_id``: the table is not part of anyone's search
  (erasure and retention, which delete an account's ``owner_id`` rows, leave it alone, and
  a counter of writes says nothing of the person). No foreign key either: the trigger on
  ``owners`` bumps a deleted account's counter after its row is gone.
* Watched: every table with ``owner_id`` (read from the catalogue, so whatever the earlier
  migrations made) but ``web_sessions``, whose last-seen time changes on every request and
  is shown by no kept page, and ``api_tokens``, whose last use is noted as tokens are used
  (at most once a minute) and is shown only by ``users tokens``; ``owners`` by ``id``;
  ``grants`` by the seeker and the counsellor (a grant changes what the counsellor may see);
  ``counsellor_notes`` by the seeker and the author. ``access_log`` is not watched: every
  counsellor read appends to it, and only the sharing page, read afresh each time, shows it.
  A later table that holds an account's rows gets its triggers in its own migration (a test
  checks every one has).
* The trigger function is ``SECURITY DEFINER``: a counsellor's note bumps the seeker's
  counter, which the counsellor may not write. In a career centre ``centre init`` lets the
  owner role (the function's) write the counters and the runtime role only read its own
  and its granting seekers' (``storage/centre.py``).

SQLite gets the table for a schema alike on both, and no triggers: its revision is
``PRAGMA data_version``, exact already for the one person a personal database serves.

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# The function the triggers run: its arguments name the columns that say whose rows a
# statement touched; every such account's counter goes up by one, in account order (two
# statements bumping the same counters lock them in the same order).
BUMP = """
CREATE OR REPLACE FUNCTION public.app_data_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  col text;
  parts text[] := '{}';
BEGIN
  FOREACH col IN ARRAY TG_ARGV LOOP
    IF TG_OP <> 'DELETE' THEN parts := parts || format('SELECT %I FROM new_rows', col); END IF;
    IF TG_OP <> 'INSERT' THEN parts := parts || format('SELECT %I FROM old_rows', col); END IF;
  END LOOP;
  EXECUTE 'INSERT INTO public.data_revisions AS r (account_id, n) SELECT DISTINCT a, 1 FROM ('
    || array_to_string(parts, ' UNION ') || ') s(a) WHERE a IS NOT NULL ORDER BY a '
    || 'ON CONFLICT (account_id) DO UPDATE SET n = r.n + 1';
  RETURN NULL;
END $$
"""

UNWATCHED = ("web_sessions", "access_log", "api_tokens")
COLUMNS = {"owners": ("id",), "grants": ("seeker_id", "counsellor_id")}
COLUMNS["counsellor_notes"] = ("seeker_id", "author_id")

# event -> how its statement's rows are referred to
EVENTS = {
    "insert": "NEW TABLE AS new_rows",
    "update": "NEW TABLE AS new_rows OLD TABLE AS old_rows",
    "delete": "OLD TABLE AS old_rows",
}


def watched(bind: sa.engine.Connection) -> dict[str, tuple[str, ...]]:
    """table -> the columns naming whose rows it holds."""
    found = bind.execute(
        sa.text(
            """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
                 AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                             AND a.attname = 'owner_id' AND NOT a.attisdropped)
               ORDER BY c.relname"""
        )
    ).scalars()
    tables = {t: ("owner_id",) for t in found if t not in UNWATCHED}
    return {**tables, **COLUMNS}


def upgrade() -> None:
    op.create_table(
        "data_revisions",
        sa.Column("account_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("n", sa.BigInteger, nullable=False),
    )
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute(BUMP)
    for table, columns in watched(bind).items():
        arguments = ", ".join(f"'{c}'" for c in columns)
        for event, referencing in EVENTS.items():
            op.execute(
                f"CREATE TRIGGER data_changed_{event} AFTER {event.upper()} ON {table} "
                f"REFERENCING {referencing} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION public.app_data_changed({arguments})"
            )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS public.app_data_changed() CASCADE")  # its triggers
    op.drop_table("data_revisions")

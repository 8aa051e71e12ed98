"""A cheap value that changes whenever what an account's pages show is committed.

Pages and values kept in memory (``web/cache.py``) are reused until it changes. "The data
changed" must be seen whoever writes: this app, another worker process of it, or the command
line in another terminal. The signal:

* **SQLite** — ``PRAGMA data_version`` on one long-lived connection that does nothing else.
  SQLite changes its value whenever any *other* connection, in this process or another,
  commits; afterview writes only through connections of their own (one per unit of work),
  so no write is missed. It costs about 10 µs, so a hit is answered without leaving the
  event loop.
* **PostgreSQL** — the account's counters in ``data_revisions`` (migration 0017): triggers
  bump the counter of every account whose rows a statement wrote, in the statement's own
  transaction, so the counter and the data it counts become visible together, whoever
  wrote. What an account's pages show is its own rows and, for a counsellor, the rows of
  the seekers who grant them access now; so its revision is those accounts' counters,
  hashed: any of their commits changes it, and so does a grant given or revoked (which
  bumps the counsellor's own counter, and changes which seekers count). Another account's
  write changes nothing here: in a centre, one seeker's click no longer throws away every
  other account's kept pages. The counters are read as the runtime role, with the account
  named as a unit of work names it, so row-level security holds the read to the same rows.
  It takes a round trip, so it is asked from the thread pool, each read on a connection
  of its own (a few are kept), so that requests do not queue behind one another's. Asked
  for no account, the server's current snapshot (``pg_current_snapshot()``) is the
  revision, as for everything: it changes whenever anything commits.

Reading the signal *before* the page's queries makes a stored page at least as new as its
revision: a commit landing during the render changes the signal, so the next request renders
again (at worst once more than needed, never stale). When the signal cannot be read, the
page is rendered afresh and the database's own error, if any, takes the one error path.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from typing import Any

from afterview.storage.db import Database, pg_dsn

# The accounts whose rows ``account``'s pages show: its own, and the seekers who grant it
# access now (the same rule as the policies' ``may_read``, written out so that a database
# without row-level security, personal mode on PostgreSQL, counts the same accounts).
READ_COUNTERS = """BEGIN READ ONLY;
SELECT set_config('app.user_id', '{account}', true);
SELECT md5(COALESCE(string_agg(account_id || ':' || n, ',' ORDER BY account_id), ''))
         AS revision
  FROM data_revisions
 WHERE account_id = {account}
    OR account_id IN (SELECT seeker_id FROM grants
                       WHERE counsellor_id = {account} AND revoked_at IS NULL);
COMMIT"""


class Revision:
    """A cheap value that changes whenever what an account's pages show is committed."""

    # PostgreSQL connections kept idle between reads: each read takes its own, so requests
    # in the thread pool do not queue behind one another's round trips.
    KEPT = 8

    def __init__(self, db: Database) -> None:
        self.db = db
        self.instant = db.dialect == "sqlite"  # answered in microseconds, no network
        self._conn: Any = None  # SQLite's one watching connection
        self._idle: list[Any] = []  # PostgreSQL's, one per read at a time
        self._lock = threading.Lock()

    def current(self, owner: int | None = None) -> object:
        """The revision of what ``owner``'s pages show (of everything with ``None``)."""
        if self.db.dialect == "sqlite":
            with self._lock:  # one connection, shared by the loop and the pool
                try:
                    if self._conn is None:
                        self._conn = self._open()
                    return self._conn.execute("PRAGMA data_version").fetchone()[0]
                except Exception:  # unreadable: render afresh (a new object equals nothing)
                    self.close()
                    return object()
        conn = None
        try:
            conn = self._take()
            if owner is None:
                found = conn.execute("SELECT pg_current_snapshot()::text").fetchone()[0]
            else:
                found = _counters(conn, int(owner))
        except Exception:  # unreadable: render afresh (a new object equals nothing)
            if conn is not None:
                with contextlib.suppress(Exception):
                    conn.close()
            return object()
        self._give_back(conn)
        return found

    def _take(self) -> Any:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self._open()

    def _give_back(self, conn: Any) -> None:
        with self._lock:
            if len(self._idle) < self.KEPT:
                self._idle.append(conn)
                return
        conn.close()

    def _open(self) -> Any:
        self.db.ensure_schema()  # the file exists, created private, before it is watched
        if self.db.dialect == "sqlite":
            assert self.db.path is not None
            return sqlite3.connect(self.db.path, check_same_thread=False, isolation_level=None)
        import psycopg  # deferred, as in storage.db

        return psycopg.connect(pg_dsn(self.db.url), autocommit=True, connect_timeout=10)

    def close(self) -> None:
        with self._lock:
            conns, self._idle = [self._conn, *self._idle], []
            self._conn = None
        for conn in conns:
            if conn is not None:
                with contextlib.suppress(Exception):  # already broken: nothing to keep
                    conn.close()


def _counters(conn: Any, owner: int) -> object:
    """The hashed counters of ``owner`` and the seekers who grant it access, in one round
    trip: a transaction that names the account (as ``storage/db.py`` does) and reads them.
    The account is an ``int`` in the text, never a user's string."""
    cursor = conn.execute(READ_COUNTERS.format(account=owner))
    while cursor.description is None or cursor.description[0].name != "revision":
        if not cursor.nextset():
            raise LookupError("no revision")  # not reached: the statement reads it
    return (owner, cursor.fetchone()[0])

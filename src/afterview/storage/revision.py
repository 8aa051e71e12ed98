"""A cheap value that changes whenever anything is committed to the database.

Pages and values kept in memory (``web/cache.py``) are reused until it changes. "The data
changed" must be seen whoever writes: this app, another worker process of it, or the command
line in another terminal. The signal:

* **SQLite** — ``PRAGMA data_version`` on one long-lived connection that does nothing else.
  SQLite changes its value whenever any *other* connection, in this process or another,
  commits; afterview writes only through connections of their own (one per unit of work),
  so no write is missed. It costs about 10 µs, so a hit is answered without leaving the
  event loop.
* **PostgreSQL** — the server's current snapshot (``pg_current_snapshot()``). A transaction
  that wrote something holds a transaction id, and when it ends the snapshot changes: its
  id leaves the list of running ones, or the snapshot's upper bound moves past it. An
  unchanged snapshot therefore means nothing was committed in between. Writes to other
  databases of the same server change it too, which costs a render, never a stale page.
  It takes a round trip, so it is asked from the thread pool.

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

from afterview.storage.db import Database


class Revision:
    """A cheap value that changes whenever anything is committed to the database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.instant = db.dialect == "sqlite"  # answered in microseconds, no network
        self._conn: Any = None
        self._lock = threading.Lock()  # one connection, shared by the loop and the pool

    def current(self) -> object:
        with self._lock:
            try:
                if self._conn is None:
                    self._conn = self._open()
                if self.db.dialect == "sqlite":
                    return self._conn.execute("PRAGMA data_version").fetchone()[0]
                return self._conn.execute("SELECT pg_current_snapshot()::text").fetchone()[0]
            except Exception:  # unreadable: render afresh (a new object equals nothing)
                self.close()
                return object()

    def _open(self) -> Any:
        self.db.ensure_schema()  # the file exists, created private, before it is watched
        if self.db.dialect == "sqlite":
            assert self.db.path is not None
            return sqlite3.connect(self.db.path, check_same_thread=False, isolation_level=None)
        import psycopg  # deferred, as in storage.db

        dsn = self.db.url.replace("postgresql+psycopg://", "postgresql://", 1)
        return psycopg.connect(dsn, autocommit=True, connect_timeout=10)

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):  # already broken: nothing to keep
                conn.close()

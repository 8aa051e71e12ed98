"""A bounded pool of PostgreSQL connections for the web server of a career centre.

Opening a connection costs a SCRAM log-in (5–7 ms of CPU on a small machine), more than a
kept page; a request that logs in for its token and again for its unit of work spends most
of its time there. ``afterview serve`` on PostgreSQL therefore keeps a few connections
open and lends one to each unit of work (``Database.transaction``). Imported only then:
``psycopg_pool`` never loads for the command line or on SQLite.

Other people's data rides on these connections, so a connection goes back only clean:

* the account a unit of work names is transaction-local (``set_config(…, true)`` in
  ``storage/db.py``): it ends with the transaction, committed or rolled back;
* a connection handed back inside a transaction is rolled back by the pool, one that is
  broken is dropped and replaced;
* every connection handed back is reset (``RESET ALL``, outside any transaction), so that
  no session-level setting, ``app.user_id`` included, reaches the next unit of work; the
  statements psycopg has prepared stay (``DISCARD ALL`` would drop them);
* a connection is not checked before it is lent (that would cost a round trip per unit
  of work): one whose server process has gone (a restart, ``pg_terminate_backend``)
  fails at the unit of work's ``BEGIN``, before anything was done, and
  ``Database.transaction`` starts again on another while the pool drops the broken one.

Connections stay in autocommit mode: ``storage/db.py`` begins each transaction itself, in
the same round trip as naming the account.

When every connection stays in use past the timeout the unit of work fails with
``database_busy``: the web app answers 503, in words, instead of queueing without end.
"""

from __future__ import annotations

from typing import Any

from psycopg import Connection
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout


class Pool:
    """``size`` connections to ``dsn``, each lent to one unit of work at a time."""

    Timeout = PoolTimeout  # none came free in time (``storage/db.py`` says it in words)

    def __init__(self, dsn: str, size: int, timeout_s: float) -> None:
        self.size, self.timeout_s = size, timeout_s
        self._pool: ConnectionPool[Connection[Any]] = ConnectionPool(
            dsn,
            kwargs={"row_factory": dict_row, "autocommit": True, "connect_timeout": 10},
            min_size=size,
            max_size=size,
            timeout=timeout_s,
            open=False,
            reset=_reset,
            name="afterview",
        )
        self._pool.open(wait=False)  # the connections are made in the background

    def take(self) -> Connection[Any]:
        """A connection, idle; :attr:`Timeout` if none comes free in time."""
        return self._pool.getconn()

    def give_back(self, conn: Connection[Any]) -> None:
        """Return ``conn``: rolled back if a transaction is open, reset, or dropped."""
        self._pool.putconn(conn)

    def close(self) -> None:
        self._pool.close()


def _reset(conn: Connection[Any]) -> None:
    """Forget any session-level setting before the connection is lent again: one round
    trip, in autocommit so that it leaves no transaction open."""
    conn.execute("RESET ALL")

"""A page rendered once per data revision and minute, and served again as bytes.

The Today page is the app's home: opened first, reloaded often, and with a large search one
render costs tens of milliseconds (the agenda's queries, the pipeline count, the template).
What it shows depends on three things only: the stored data, the minute it is (the page
reads the time to the minute), and the browser's CSRF token. So it is rendered with a
placeholder where the token goes, kept, and served again with each browser's own token
filled in, until the minute or the data changes.

"The data changed" must be seen whoever writes: this app, another worker process of it, or
the command line in another terminal. The signal, read before the page's own queries:

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
import secrets
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import Any, Generic, TypeVar

from markupsafe import escape

from afterview.storage.db import Database

# Where each browser's CSRF token goes in a stored page: random per process, so that no
# text a user stores can ever look like it.
TOKEN_SLOT = "csrf-slot-" + secrets.token_hex(16)
_SLOT = TOKEN_SLOT.encode()


def minute(moment: datetime) -> datetime:
    """The minute a page is rendered for (what it shows as "now")."""
    return moment.replace(second=0, microsecond=0)


# A stored page: its bytes cut at each token slot (about 80 on a full Today page), so that
# filling in a token is one join (~10 µs) rather than a search of the whole page (~100 µs).
Page = tuple[bytes, ...]


def with_token(page: Page, token: str) -> bytes:
    """The stored page with a browser's token, escaped as the template would have."""
    return str(escape(token)).encode().join(page)


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


class PageCache:
    """The latest rendering of one page, keyed by (data revision, minute)."""

    def __init__(self, revision: Revision, render: Callable[[datetime], bytes]) -> None:
        self.revision = revision
        self._render = render
        self._entry: tuple[tuple[object, datetime], Page] | None = None  # replaced whole
        self._lock = threading.Lock()  # one render at a time: a burst of misses waits for it

    def hit(self, at: datetime) -> Page | None:
        """The stored page if it is still current, else ``None``."""
        key, entry = (self.revision.current(), at), self._entry
        return entry[1] if entry is not None and entry[0] == key else None

    def page(self, at: datetime) -> Page:
        """The current page, rendered now if the stored one is out of date (blocking)."""
        with self._lock:
            key, entry = (self.revision.current(), at), self._entry
            if entry is None or entry[0] != key:
                entry = self._entry = (key, tuple(self._render(at).split(_SLOT)))
            return entry[1]


# How many owners' values a revision cache keeps: a person on a laptop is one owner; on a
# centre's server the counsellors looking at insights at the same time are a handful.
OWNERS_KEPT = 16


V = TypeVar("V")


class RevisionCache(Generic[V]):
    """Values computed from the stored data, kept per key until the data changes.

    Bounded: at most ``size`` keys, the least recently used dropped first. A miss computes
    under the lock, so a burst of requests after a write computes once and the rest wait
    for that value instead of each computing it again.
    """

    def __init__(self, revision: Revision, size: int = OWNERS_KEPT) -> None:
        self.revision = revision
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[object, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The value for ``key`` at the current data revision, computed if it is not kept."""
        with self._lock:
            stamp = self.revision.current()  # read before computing: never older than it
            entry = self._entries.get(key)
            if entry is None or entry[0] != stamp:
                entry = (stamp, compute())
                self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
            return entry[1]

    def __len__(self) -> int:
        return len(self._entries)


_MADE = threading.Lock()


def app_revision(state: Any) -> Revision:
    """The app's one watch of the data revision (``app.state``), made on first use; closed
    with the app (``web/pages.py``)."""
    with _MADE:  # pages in the thread pool may ask at the same moment: one watch only
        return _revision(state)


def _revision(state: Any) -> Revision:
    revision: Revision | None = getattr(state, "data_revision", None)
    if revision is None:
        revision = state.data_revision = Revision(state.db)
    return revision


def app_cache(state: Any, name: str, size: int = OWNERS_KEPT) -> RevisionCache[Any]:
    """The app's revision cache called ``name`` (on ``app.state``), made on first use."""
    with _MADE:
        kept: RevisionCache[Any] | None = getattr(state, name, None)
        if kept is None:
            kept = RevisionCache(_revision(state), size)
            setattr(state, name, kept)
        return kept

"""A page rendered once per data revision and minute, and served again as bytes.

The Today page is the app's home: opened first, reloaded often, and with a large search one
render costs tens of milliseconds (the agenda's queries, the pipeline count, the template).
What it shows depends on three things only: the stored data, the minute it is (the page
reads the time to the minute), and the browser's CSRF token. So it is rendered with a
placeholder where the token goes, kept, and served again with each browser's own token
filled in, until the minute or the data changes.

Whether the data changed comes from :class:`afterview.storage.revision.Revision`, read
before the page's own queries, so a stored page is never older than its revision.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Generic, TypeVar

from markupsafe import escape
from starlette.responses import JSONResponse

from afterview.domain.serial import to_builtins
from afterview.services.agenda import Agenda, Starts, pending_starts
from afterview.services.agenda import agenda as read_agenda
from afterview.wiring import Revision as Revision  # re-exported: the pages watch it
from afterview.wiring import Work

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


def owner_of(key: Hashable) -> int | None:
    """The account a kept value belongs to: every key names it, alone or first in a tuple
    (``(owner, application)``…). Its data revision is what the value is kept against
    (``storage/revision.py``); a key naming no account is kept against every account's
    writes."""
    first = key[0] if isinstance(key, tuple) and key else key
    return first if isinstance(first, int) and not isinstance(first, bool) else None


# How many owners' values a revision cache keeps: a person on a laptop is one owner; on a
# centre's server the counsellors looking at insights at the same time are a handful.
OWNERS_KEPT = 16


class PageCache:
    """The latest rendering of one page for each owner, keyed by (data revision, minute).

    Bounded like :class:`RevisionCache`: the least recently served owner's page goes first.
    """

    def __init__(self, revision: Revision, size: int = OWNERS_KEPT) -> None:
        self.revision = revision
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[tuple[object, datetime], Page]] = OrderedDict()
        self._lock = threading.Lock()  # one render at a time: a burst of misses waits for it

    def hit(self, owner: Hashable, at: datetime) -> Page | None:
        """The owner's stored page if it is still current, else ``None``."""
        key, entry = (self.revision.current(owner_of(owner)), at), self._entries.get(owner)
        return entry[1] if entry is not None and entry[0] == key else None

    def page(self, owner: Hashable, at: datetime, render: Callable[[datetime], bytes]) -> Page:
        """The owner's current page, rendered now if the stored one is out of date."""
        key = (self.revision.current(owner_of(owner)), at)  # read first: never older
        with self._lock:
            entry = self._entries.get(owner)
            if entry is None or entry[0] != key:
                entry = self._entries[owner] = (key, tuple(render(at).split(_SLOT)))
            self._entries.move_to_end(owner)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
            return entry[1]


V = TypeVar("V")


class RevisionCache(Generic[V]):
    """Values computed from the stored data, kept per key until the data changes.

    Bounded: at most ``size`` keys, the least recently used dropped first. A miss computes
    under the lock, so a burst of requests after a write computes once and the rest wait
    for that value instead of each computing it again. The revision is read before the lock
    is taken: a hit waits for no one's round trip.
    """

    def __init__(self, revision: Revision, size: int = OWNERS_KEPT) -> None:
        self.revision = revision
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[object, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The value for ``key`` at the current data revision, computed if it is not kept."""
        stamp = self.revision.current(owner_of(key))  # read first: never older than it
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != stamp:
                entry = (stamp, compute())
                self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
            return entry[1]

    def hit(self, key: Hashable) -> V | None:
        """The value kept for ``key`` if it is current, else ``None`` (as when the value
        kept is ``None``): nothing computed and no lock waited for, so the event loop may
        ask when knowing the revision is quick (:attr:`Revision.instant`). A hit counts as
        a use unless a computation holds the lock just then."""
        stamp, entry = self.revision.current(owner_of(key)), self._entries.get(key)
        if entry is None or entry[0] != stamp:
            return None
        if self._lock.acquire(blocking=False):
            try:
                if key in self._entries:
                    self._entries.move_to_end(key)
            finally:
                self._lock.release()
        return entry[1]

    def __len__(self) -> int:
        return len(self._entries)


# What is made from one value and kept with it: a page per place of the clock among a few.
MADE_KEPT = 8


class Derived(Generic[V]):
    """A value read at one data revision, and what is made from it (pages), kept with it.

    Kept in a :class:`RevisionCache`, it goes when the data changes, and what was made from
    it goes with it: a page made from the value is never stored under a newer revision than
    the data it shows, which a page cached apart from its value could be when a write lands
    between reading the one and rendering the other. At most :data:`MADE_KEPT` things made,
    the least recently used dropped first.
    """

    def __init__(self, value: V) -> None:
        self.value = value
        self._made: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()  # one make at a time: a burst of misses waits for it

    def made(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """What ``make`` makes from the value for ``key``, made once and kept."""
        with self._lock:
            found = self._made.get(key)
            if found is None:
                found = self._made[key] = make()
            self._made.move_to_end(key)
            while len(self._made) > MADE_KEPT:
                self._made.popitem(last=False)
            return found

    def __len__(self) -> int:
        return len(self._made)


def derived(
    state: Any, name: str, key: Hashable, read: Callable[[], V], size: int = OWNERS_KEPT
) -> Derived[V]:
    """The :class:`Derived` of ``read()`` for ``key`` at the current data revision, from the
    app's revision cache called ``name`` (``size`` keys)."""
    kept: Derived[V] = app_cache(state, name, size).get(key, lambda: Derived(read()))
    return kept


def page_of(html: str) -> Page:
    """A page rendered with :data:`TOKEN_SLOT` for the token, cut where tokens go."""
    return tuple(html.encode().split(_SLOT))


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


# -- the agenda -------------------------------------------------------------------------------

# Agendas kept per owner and revision: a few (days, limit) asked at a few moments' keys.
AGENDAS_KEPT = 8


class _Agendas:
    """One owner's pending starts at one data revision, and the agendas read with them."""

    def __init__(self, starts: Starts) -> None:
        self.starts = starts
        self.read: OrderedDict[Hashable, _Read] = OrderedDict()
        self.lock = threading.Lock()


def agenda(state: Any, work: Work, *, now: datetime, days: int, limit: int) -> Agenda:
    """``services.agenda.agenda(work, now=now, days=days, limit=limit)``, kept.

    Read afresh it runs six queries over the plan (about 5 ms with 10,000 applications);
    which steps it lists changes only when the data changes or the clock passes a pending
    step's start, so the sections read at one moment are kept for every moment with the
    same place among the starts (``services.agenda.Starts.key``), and only ``now`` is
    the request's own. The starts are read once per revision.
    """
    return replace(_kept_agenda(state, work, now, days, limit).agenda, now=now)


def agenda_json(state: Any, work: Work, *, now: datetime, days: int, limit: int) -> bytes:
    """The JSON of :func:`agenda` (``/api/agenda``), byte for byte, kept with the agenda.

    Turning 60 steps into JSON costs more than the rest of the request (about 0.5 ms), and
    only ``now`` in it is the request's own: the rest is written once, with a slot where
    ``now`` goes, and each answer is the kept bytes with its own ``now`` filled in.
    """
    read = _kept_agenda(state, work, now, days, limit)
    parts = read.json
    if parts is None:  # two requests may write it at once: the same bytes either way
        built: dict[str, Any] = to_builtins(read.agenda)
        built["now"] = TOKEN_SLOT  # "now" stays the first key, where the serialiser put it
        parts = read.json = tuple(bytes(JSONResponse(built).body).split(b'"' + _SLOT + b'"'))
    return bytes(JSONResponse(to_builtins(now)).body).join(parts)


@dataclass(slots=True)
class _Read:
    agenda: Agenda
    json: tuple[bytes, ...] | None = None  # its JSON cut where ``now`` goes, once asked for


def _kept_agenda(state: Any, work: Work, now: datetime, days: int, limit: int) -> _Read:
    kept = app_cache(state, "agendas")
    owner = work.actor.owner
    agendas: _Agendas = kept.get(owner, lambda: _Agendas(pending_starts(work)))
    key = (days, limit, agendas.starts.key(now, days))
    with agendas.lock:
        found = agendas.read.get(key)
    if found is None:
        found = _Read(read_agenda(work, now=now, days=days, limit=limit))
        with agendas.lock:
            agendas.read[key] = found
            while len(agendas.read) > AGENDAS_KEPT:
                agendas.read.popitem(last=False)
    return found


# -- pages that do not read the clock -----------------------------------------------------------

# The minute a page that does not read the clock is kept for: every minute, until the data
# changes.
TIMELESS = datetime.min


def page_cache(state: Any, name: str, size: int = OWNERS_KEPT) -> PageCache:
    """The app's page cache called ``name`` (on ``app.state``), made on first use."""
    with _MADE:
        kept: PageCache | None = getattr(state, name, None)
        if kept is None:
            kept = PageCache(_revision(state), size)
            setattr(state, name, kept)
        return kept


def timeless_page(
    state: Any, name: str, key: Hashable, render: Callable[[], str], size: int = OWNERS_KEPT
) -> Page:
    """A page that shows the stored data and the browser's token only, rendered (with the
    token slot for the token) once per data revision and ``key``, which names the owner and
    whatever else the page is about."""
    return page_cache(state, name, size).page(key, TIMELESS, lambda _at: render().encode())


def minute_page(
    state: Any,
    name: str,
    key: Hashable,
    now: datetime,
    render: Callable[[datetime], str],
    size: int = OWNERS_KEPT,
) -> Page:
    """A page that reads the clock to the minute, as the Today page does: rendered (with
    the token slot) at the minute of ``now``, once per data revision, minute and ``key``."""
    return page_cache(state, name, size).page(key, minute(now), lambda at: render(at).encode())

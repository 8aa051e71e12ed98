"""One actor's way into the database: each ``with`` block is a unit of work.

A :class:`Work` pairs the database with the :class:`~afterview.domain.actor.Actor` an entry
point resolved. Services take one and open ``with work.write() as tx`` (or ``read()``):
the transaction carries the actor, and every repository function scopes its query to
``owner``, so a service cannot reach another account's rows by forgetting a filter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from afterview.domain.actor import Actor
from afterview.domain.errors import Forbidden, InputError
from afterview.storage.db import Database, Tx

LOCAL_ACCOUNT = "me"  # the account the first migration creates: the person on this computer


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Work:
    """The database as one actor may use it.

    An actor reading another account's search (a counsellor helping a seeker) may only
    read it: :meth:`write` refuses, whatever the service, so a counsellor can never send as
    the seeker or change their plan; and each :meth:`read` first checks that the seeker
    grants access now and appends the read to the seeker's access log, in the same
    transaction (``subject`` says what was read, ``clock`` when).
    """

    __slots__ = ("actor", "clock", "db", "subject")

    def __init__(
        self,
        db: Database,
        actor: Actor,
        *,
        subject: str = "search",
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.db = db
        self.actor = actor
        self.subject = subject
        self.clock = clock

    @contextmanager
    def write(self, *, links_checked: bool = False) -> Iterator[Tx]:
        """A write transaction; ``links_checked``: see :meth:`Database.transaction`."""
        if self.actor.for_another:
            raise Forbidden("counsellor_reads_only")
        with self.db.transaction(actor=self.actor, links_checked=links_checked) as tx:
            yield tx

    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self.db.transaction(write=False, actor=self.actor) as tx:
            if self.actor.for_another:
                from afterview.storage import consent_repo

                consent_repo.reach(tx, self.subject, self.clock())
            yield tx

    def sole_account(self) -> bool:
        """Whether the database holds this actor's search and no other account's."""
        if self.db.centre:  # the other accounts' rows are hidden from a unit of work
            with self.db.read() as tx:
                row = tx.one("SELECT app_other_accounts(:me) AS n", {"me": self.actor.owner})
            return row is not None and not row["n"]
        with self.read() as tx:
            row = tx.one("SELECT COUNT(*) AS n FROM owners WHERE id <> :me", {"me": tx.owner})
        return row is not None and int(row["n"]) == 0


class Dispatch:
    """The outbox worker's way in: it claims due mail of every account in transactions that
    act for nobody, then handles each message in a unit of work for the message's owner."""

    __slots__ = ("db",)

    def __init__(self, db: Database) -> None:
        self.db = db

    @contextmanager
    def write(self) -> Iterator[Tx]:
        with self.db.transaction() as tx:
            yield tx

    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self.db.transaction(write=False) as tx:
            yield tx

    def for_owner(self, owner: int) -> Work:
        """A unit of work for one account's messages, as the worker that sends them."""
        return Work(self.db, Actor.worker(owner))


def local_actor(db: Database) -> Actor:
    """The person on this computer: the single local account of a personal installation."""
    with db.read() as tx:
        if tx.centre:  # row-level security: only the centre's function may look it up
            row = tx.one("SELECT app_local_account() AS id")
            row = None if row is None or row["id"] is None else row
        else:
            row = tx.one("SELECT id FROM owners WHERE name = :name", {"name": LOCAL_ACCOUNT})
    if row is None:
        raise InputError("no_local_account", name=LOCAL_ACCOUNT)
    return Actor.seeker(int(row["id"]))


def local_work(db: Database) -> Work:
    return Work(db, local_actor(db))


def create_account(tx: Tx, name: str, now: datetime) -> int:
    """A new account with an empty job search (a career centre has one per person)."""
    if tx.centre:  # the new row names no account yet: the centre's function writes it
        row = tx.one("SELECT app_create_account(:name, :now) AS id", {"name": name, "now": now})
        assert row is not None
        return int(row["id"])
    return tx.insert(
        "INSERT INTO owners (name, created_at) VALUES (:name, :now) RETURNING id",
        {"name": name, "now": now},
    )

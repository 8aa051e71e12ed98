"""How the tests act: as the local account of a database, as the CLI and web app do."""

from __future__ import annotations

from afterview.wiring import Actor, Database, Dispatch, Work, local_work


def local(db: Database) -> Work:
    """The unit of work of the database's local account (the person on this computer)."""
    return local_work(db)


def worker(db: Database) -> Dispatch:
    """The outbox worker's access to every account's approved mail."""
    return Dispatch(db)


def account(db: Database, owner: int) -> Work:
    """The unit of work of account ``owner``, acting on its own search."""
    return Work(db, Actor.seeker(owner))

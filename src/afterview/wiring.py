"""The composition root: where the command line and the web app get their database and
the unit of work of whoever acts.

``cli`` and ``web`` never import ``afterview.storage`` themselves (an import-linter contract
in ``pyproject.toml`` holds them to it): they ask this module for the database named by the
configuration and for a :class:`Work` opened for an actor, and hand that to the services.

The services reach storage only through :mod:`afterview.services.ports`; importing this
module installs the storage functions behind those ports. The annotation of ``STORAGE`` is
where mypy checks each storage module against its protocol.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from afterview.domain.actor import Actor
from afterview.services import ports
from afterview.storage import (
    accounts_repo,
    agenda_repo,
    archive_repo,
    calendar_repo,
    caseload_repo,
    consent_repo,
    import_repo,
    insights_repo,
    learning_repo,
    mail_accounts_repo,
    mail_repo,
    outbox_repo,
    overview_repo,
    periodic_repo,
    report_repo,
    repository,
    rights_repo,
    settings_repo,
)
from afterview.storage.db import Database, StorageError, Tx
from afterview.storage.revision import Revision
from afterview.storage.work import Dispatch, Work, local_actor

if TYPE_CHECKING:
    from afterview.storage.centre import Initialised

__all__ = [
    "Actor",
    "Database",
    "Dispatch",
    "Revision",
    "StorageError",
    "Work",
    "database",
    "dispatch",
    "feed_actor",
    "init_centre",
    "local_actor",
    "local_work",
]

STORAGE: ports.Adapters[Tx] = ports.Adapters(
    repository=repository,
    agenda_repo=agenda_repo,
    archive_repo=archive_repo,
    calendar_repo=calendar_repo,
    import_repo=import_repo,
    insights_repo=insights_repo,
    learning_repo=learning_repo,
    mail_repo=mail_repo,
    outbox_repo=outbox_repo,
    overview_repo=overview_repo,
    settings_repo=settings_repo,
    consent_repo=consent_repo,
    caseload_repo=caseload_repo,
    accounts_repo=accounts_repo,
    mail_accounts_repo=mail_accounts_repo,
    periodic_repo=periodic_repo,
    rights_repo=rights_repo,
    report_repo=report_repo,
)
ports.install(STORAGE)


def database(url: str | None = None) -> Database:
    """The database at ``url``, else the one the configuration names."""
    if url is None:
        from afterview.config import database_url

        url = database_url()
    return Database(url)


def local_work(db: Database | None = None) -> Work:
    """The person on this computer, acting on their own job search."""
    db = db if db is not None else database()
    return Work(db, local_actor(db))


def feed_actor(db: Database, token: str) -> Actor | None:
    """Who a calendar feed's address acts for: the secret token in it names one account's
    search, read-only (a calendar program cannot sign in)."""
    if not token:
        return None
    with db.read() as tx:
        owner = calendar_repo.owner_of(tx, token)
    return None if owner is None else Actor.seeker(owner)


def dispatch(db: Database | None = None) -> Dispatch:
    """The outbox worker's access to every account's approved mail."""
    return Dispatch(db if db is not None else database())


def init_centre(app_role: str, password: str, *, now: datetime) -> Initialised:
    """Make the configured database a career centre served by the runtime role
    ``app_role`` (``storage/centre.py`` says what that sets up); run as its owner."""
    from afterview.storage.centre import initialise

    return initialise(database(), app_role, password, now)

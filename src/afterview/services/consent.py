"""Use cases of consent in a career centre: a seeker invites a counsellor, sees who may read
their search and when they did, and withdraws access; a counsellor writes notes.

Granting and revoking are written to the seeker's access log in the same transaction as
the change itself, so the log cannot miss one. The notice a seeker reads before granting
is the domain's (``domain/consent.py``); the grant keeps its version, and a page that showed
an older version than the current one cannot grant under it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from afterview.domain import consent
from afterview.domain.errors import Forbidden, InputError, UnknownRecord
from afterview.domain.serial import computed, meta
from afterview.services.ports import UnitOfWork
from afterview.services.ports import consent_repo as repo

MAX_NOTE = 20_000  # characters: a note, not a file


@dataclass(frozen=True, slots=True)
class Notice:
    """What a seeker reads before granting access, and the version a grant records."""

    version: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Grant:
    """One grant, seen by either party: ``counsellor`` and ``seeker`` are addresses."""

    id: int
    seeker: str
    counsellor: str
    notice_version: str
    granted_at: datetime
    revoked_at: datetime | None
    seeker_id: int = field(metadata=meta(omit=True))

    @computed
    def standing(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a seeker's access log."""

    id: int
    actor: str  # the address of whoever read or changed access
    action: str  # a code: read, granted, revoked
    subject: str | None
    at: datetime

    @computed
    def words(self) -> str:
        return consent.action_words(self.action)


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    seeker: str
    author: str
    application_id: int | None
    shared: bool
    body: str
    created_at: datetime
    seeker_id: int = field(metadata=meta(omit=True))


def notice() -> Notice:
    """The notice as it reads now, in the active language."""
    return Notice(consent.NOTICE_VERSION, consent.notice())


def grant(
    work: UnitOfWork, counsellor: str, *, now: datetime, notice_version: str | None = None
) -> int:
    """The seeker's search opened to the counsellor signing in as ``counsellor``; the id
    of the standing grant (an existing one if access already stands: granting twice is
    harmless). ``notice_version`` is the notice the seeker was shown (the current one when
    left out)."""
    _seeker(work)
    read = notice_version or consent.NOTICE_VERSION
    if read != consent.NOTICE_VERSION:
        raise InputError("notice_outdated", read=read, current=consent.NOTICE_VERSION)
    email = counsellor.strip().lower()
    with work.write() as tx:
        found = repo.counsellor_by_email(tx, email)
        if found is None:
            raise InputError("unknown_counsellor", email=email)
        if found == repo.me(tx):
            raise InputError("grant_to_self")
        standing = repo.standing_grant(tx, repo.me(tx), found)
        if standing is not None:
            return standing
        grant_id = repo.add_grant(tx, found, consent.NOTICE_VERSION, now)
        repo.log(tx, repo.me(tx), "granted", email, now)
        return grant_id


def revoke(work: UnitOfWork, grant_id: int, *, now: datetime) -> None:
    """End a standing grant of the seeker's; the counsellor's very next request is
    refused, whatever a cache holds (``web/consent.py`` checks before any)."""
    _seeker(work)
    with work.write() as tx:
        counsellor = repo.revoke(tx, grant_id, now)
        if counsellor is None:
            raise UnknownRecord("unknown_grant", id=grant_id)
        address = repo.parties(tx).get(counsellor, str(counsellor))
        repo.log(tx, repo.me(tx), "revoked", address, now)


def grants(work: UnitOfWork) -> list[Grant]:
    """A seeker's grants (revoked ones too, oldest first); a counsellor's standing ones."""
    with work.read() as tx:
        rows = repo.grants(tx)
        parties = repo.parties(tx)
        mine = repo.my_address(tx)
    return [
        Grant(
            r["id"],
            parties.get(r["seeker_id"], mine),
            parties.get(r["counsellor_id"], mine),
            r["notice_version"],
            r["granted_at"],
            r["revoked_at"],
            r["seeker_id"],
        )
        for r in rows
    ]


def access_log(work: UnitOfWork) -> list[Entry]:
    """Who read or changed access to the seeker's search, newest first."""
    _seeker(work)
    with work.read() as tx:
        rows = repo.access_log(tx)
    return [Entry(r["id"], r["actor_email"], r["action"], r["subject"], r["at"]) for r in rows]


def add_note(
    work: UnitOfWork,
    seeker: int,
    body: str,
    *,
    shared: bool,
    now: datetime,
    application: int | None = None,
) -> int:
    """A counsellor's note on a seeker who grants them access now (on one of their
    applications, if given): private to the author, or ``shared`` with the seeker."""
    _counsellor(work)
    text = body.strip()
    if not text:
        raise InputError("counsellor_note_empty")
    if len(text) > MAX_NOTE:
        raise InputError("entry_too_long", length=len(text), limit=MAX_NOTE)
    with work.write() as tx:
        if repo.standing_grant(tx, seeker, repo.me(tx)) is None:
            raise UnknownRecord("no_grant", id=seeker)
        if application is not None and not repo.application_of(tx, seeker, application):
            raise UnknownRecord("unknown_application", id=application)
        return repo.add_note(tx, seeker, text, shared, application, now)


def notes(work: UnitOfWork, seeker: int | None = None) -> list[Note]:
    """A counsellor's own notes on ``seeker``; a seeker's (``seeker`` left out) the notes
    shared with them. Newest first."""
    with work.read() as tx:
        rows = repo.notes(tx, seeker)
        parties = repo.parties(tx)
        mine = repo.my_address(tx)
    return [
        Note(
            r["id"],
            parties.get(r["seeker_id"], mine),
            parties.get(r["author_id"], mine),
            r["application_id"],
            r["shared"],
            r["body"],
            r["created_at"],
            r["seeker_id"],
        )
        for r in rows
    ]


def _seeker(work: UnitOfWork) -> None:
    if work.actor.role != "seeker" or work.actor.for_another:
        raise Forbidden("not_a_seeker")


def _counsellor(work: UnitOfWork) -> None:
    if work.actor.role != "counsellor" or work.actor.for_another:
        raise Forbidden("not_a_counsellor")


__all__ = [
    "Entry",
    "Grant",
    "Note",
    "Notice",
    "access_log",
    "add_note",
    "grant",
    "grants",
    "notes",
    "notice",
    "revoke",
]

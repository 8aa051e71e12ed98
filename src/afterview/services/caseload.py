"""A counsellor's caseload: every seeker who grants them access, with what needs attention,
and the applications of all of them in one list.

The granting seekers and every signal are one statement over all of them
(``storage/caseload_repo.py``), so the caseload costs that statement, the addresses and the
log, and the list one query, however many seekers there are. Each read is
written to every seeker's access log in the same transaction, once per seeker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from afterview.domain import consent
from afterview.domain.consent import Seeker
from afterview.domain.errors import Forbidden
from afterview.domain.serial import computed
from afterview.services.ports import UnitOfWork, caseload_repo
from afterview.services.ports import consent_repo as repo


@dataclass(frozen=True, slots=True)
class Attention:
    """One signal on a seeker of the caseload."""

    signal: str
    count: int

    @computed
    def words(self) -> str:
        return consent.signal_words(self.signal, self.count)


@dataclass(frozen=True, slots=True)
class Case:
    """One seeker of the caseload, as the page and ``GET /api/caseload`` show it."""

    seeker: int
    email: str
    need: int
    attention: tuple[Attention, ...]


@dataclass(frozen=True, slots=True)
class Listed:
    """One application of a granting seeker, with the seeker's address."""

    id: int
    seeker: str
    seeker_id: int
    company: str
    role: str
    status: str


def caseload(work: UnitOfWork, *, now: datetime) -> list[Case]:
    """Every seeker who grants the counsellor access now, most need first."""
    _counsellor(work)
    since = now - timedelta(days=consent.QUIET_DAYS)
    with work.write() as tx:  # the reads are logged in the same transaction
        found = caseload_repo.caseload(tx, now=now, today=now.date(), since=since)
        parties = repo.parties(tx)
        repo.log_reads(tx, "caseload", now)
    cases = [Seeker(s, parties.get(s, str(s)), found[s]) for s in sorted(found)]
    return [
        Case(
            c.account,
            c.email,
            c.need,
            tuple(Attention(n, c.signals[n]) for n in consent.WEIGHTS if n in c.signals),
        )
        for c in consent.by_need(cases)
    ]


def applications(work: UnitOfWork, *, now: datetime) -> list[Listed]:
    """The applications of every seeker who grants the counsellor access now."""
    _counsellor(work)
    with work.write() as tx:
        rows = caseload_repo.applications(tx)
        parties = repo.parties(tx)
        repo.log_reads(tx, "applications", now)
    return [
        Listed(
            r["id"],
            parties.get(r["seeker"], str(r["seeker"])),
            r["seeker"],
            r["company"],
            r["role"],
            r["status"],
        )
        for r in rows
    ]


def _counsellor(work: UnitOfWork) -> None:
    if work.actor.role != "counsellor" or work.actor.for_another:
        raise Forbidden("not_a_counsellor")


__all__ = ["Attention", "Case", "Listed", "applications", "caseload"]

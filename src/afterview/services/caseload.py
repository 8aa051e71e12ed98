"""A counsellor's caseload: every seeker who grants them access, with what needs attention,
and the applications of all of them in one list.

The granting seekers and every signal are one statement over all of them
(``storage/caseload_repo.py``), so the caseload costs that statement, the addresses and the
log, and the list one query, however many seekers there are. Each read is
written to every seeker's access log in the same transaction, once per seeker.

The signals change when the data changes or when the clock passes one of a few moments (a
thank-you's due time, an interview's end, a decision date, two weeks after a seeker's
latest activity): :class:`Moments` holds them, so that a caseload read at one moment can
be shown again at every moment with the same :meth:`Moments.key` until the data changes
(``web/caseload.py`` keeps them so). Shown again, it is still logged, in a transaction
that first checks that the same seekers grant access now.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from afterview.domain import consent
from afterview.domain.consent import Seeker
from afterview.domain.errors import Forbidden
from afterview.domain.serial import computed
from afterview.services.ports import UnitOfWork, caseload_repo
from afterview.services.ports import consent_repo as repo
from afterview.stored import to_date, to_datetime


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


def caseload(work: UnitOfWork, *, now: datetime, kept: Sequence[Case] | None = None) -> list[Case]:
    """Every seeker who grants the counsellor access now, most need first.

    ``kept`` is a caseload read earlier at a moment with the same :meth:`Moments.key` and
    the same data: it is returned (and logged) when the seekers who grant access now are
    still exactly its seekers, else the caseload is read afresh in the same transaction.
    """
    _counsellor(work)
    since = now - timedelta(days=consent.QUIET_DAYS)
    with work.write() as tx:  # the reads are logged in the same transaction
        logged = set(repo.log_reads(tx, "caseload", now))  # the seekers granting access now
        if kept is not None and logged == {c.seeker for c in kept}:
            return list(kept)
        found = caseload_repo.caseload(tx, now=now, today=now.date(), since=since)
        parties = repo.parties(tx)
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


@dataclass(frozen=True, slots=True)
class Moments:
    """Where the clock alone changes a caseload's signals, each list sorted: the pending
    thank-yous' due times and the interviews' ends (compared with now), the latest decision
    dates (with today), each seeker's latest activity (with two weeks ago)."""

    moments: tuple[datetime, ...]
    days: tuple[date, ...]
    latest: tuple[datetime, ...]

    def key(self, now: datetime) -> tuple[int, ...]:
        """Where ``now`` falls among the moments, on either side of an equal one, to the
        microsecond and to the second (SQLite compares moments as text to the second):
        two moments with the same key give the same signals on the same data."""
        since = now - timedelta(days=consent.QUIET_DAYS)
        marks = [(self.moments, m) for m in (now, now.replace(microsecond=0))]
        marks += [(self.latest, m) for m in (since, since.replace(microsecond=0))]
        places = [f(values, at) for values, at in marks for f in (bisect_left, bisect_right)]
        today = now.date()
        return (*places, bisect_left(self.days, today), bisect_right(self.days, today))


def moments(work: UnitOfWork) -> Moments:
    """The :class:`Moments` of the counsellor's caseload, as the data stands."""
    _counsellor(work)
    with work.read() as tx:
        found = caseload_repo.moments(tx)
    return Moments(
        tuple(sorted(_moment(v) for v in (*found["due"], *found["ended"]))),
        tuple(sorted(_day(v) for v in found["decided"])),
        tuple(sorted(_moment(v) for v in found["active"])),
    )


def _moment(value: object) -> datetime:
    moment = to_datetime(value)
    assert moment is not None  # the repository leaves out what is not stored
    return moment


def _day(value: object) -> date:
    day = to_date(value)
    assert day is not None
    return day


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


__all__ = ["Attention", "Case", "Listed", "Moments", "applications", "caseload", "moments"]

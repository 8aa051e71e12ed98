"""The agenda: what to do now, what is coming, and what is waiting on an employer.

This is the command people run every morning, so its read path is lean: three indexed
queries over the stored plan, no planning, and none of the heavy imports (Jinja2, the
holiday tables, SQLAlchemy; msgspec only for the step record, see ``domain/steps.py``).
Each section is capped (``limit``) with the full count kept, so a search with thousands of
applications still answers at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from afterview.domain.serial import computed, meta
from afterview.domain.steps import AGENDA_FIELDS, Step, step_json
from afterview.services.ports import Tx, UnitOfWork
from afterview.services.ports import agenda_repo as steps
from afterview.services.ports import repository as repo
from afterview.stored import to_date, to_datetime

DEFAULT_LIMIT = 20


@dataclass(frozen=True, slots=True)
class Waiting:
    application_id: int
    company: str
    role: str
    decision_date: date | None
    until: datetime  # when waiting ends: the first follow-up becomes welcome


@dataclass(frozen=True, slots=True)
class Section:
    items: tuple[Any, ...] = field(metadata=meta(omit=True))  # printed by ``shown``
    total: int

    json_order: ClassVar[tuple[str, ...]] = ("total", "items")

    @computed(name="items")
    def shown(self) -> list[Any]:
        """The steps in the agenda's view; waiting periods and replies as they are."""
        return [step_json(i, AGENDA_FIELDS) if isinstance(i, Step) else i for i in self.items]


@dataclass(frozen=True, slots=True)
class Agenda:
    now: datetime
    zone: ZoneInfo | None = field(metadata=meta(omit=True))
    due: Section = field(default_factory=lambda: Section((), 0))
    coming: Section = field(default_factory=lambda: Section((), 0))
    waiting: Section = field(default_factory=lambda: Section((), 0))


_EPOCH = datetime(1970, 1, 1, tzinfo=ZoneInfo("UTC"))


def agenda(work: UnitOfWork, *, now: datetime, days: int = 7, limit: int = DEFAULT_LIMIT) -> Agenda:
    """Steps due now (or overdue), steps starting within ``days``, and waiting periods."""
    if days < 0 or limit < 1:
        raise ValueError("days must be >= 0 and limit >= 1")
    horizon = now + timedelta(days=days)
    with work.read() as tx:
        timezone = repo.candidate_timezone(tx)
        zone = ZoneInfo(timezone) if timezone is not None else None
        due = _section(tx, _EPOCH, now, limit)
        coming = _section(tx, now, horizon, limit)
        waiting = _waiting(tx, now, limit)
    return Agenda(now, zone, due, coming, waiting)


def _section(tx: Tx, after: datetime, until: datetime, limit: int) -> Section:
    items = tuple(steps.stored_step(r) for r in steps.pending_steps(tx, after, until, limit))
    total = len(items)
    if total == limit:
        total = steps.count_pending_steps(tx, after, until)
    return Section(items, total)


def _waiting(tx: Tx, now: datetime, limit: int) -> Section:
    items = tuple(
        Waiting(
            r["application_id"],
            r["company"],
            r["role"],
            to_date(r["decision_date"]),
            _moment(r["until"]),
        )
        for r in steps.waiting(tx, now, limit)
    )
    total = len(items)
    if total == limit:
        total = steps.count_waiting(tx, now)
    return Section(items, total)


def _moment(value: Any) -> datetime:
    moment = to_datetime(value)
    assert moment is not None
    return moment


# -- replies the watch found -------------------------------------------------------------------

HEARD_DAYS = 14  # how long a reply stays on the agenda after it arrived


@dataclass(frozen=True, slots=True)
class Heard:
    """A reply the watch matched to an application (the agenda's "Heard back", the inbox)."""

    id: int
    application_id: int
    company: str
    role: str
    kind: str  # human|auto|rejection|offer
    status: str  # new (waiting for the user)|applied|confirmed|dismissed|undone
    from_addr: str = field(metadata=meta(name="from"))
    from_name: str | None
    subject: str | None
    received_at: datetime
    return_on: date | None
    why: str | None  # what made the watch read it so

    @property
    def waiting(self) -> bool:
        return self.status == "new"

    @classmethod
    def from_row(cls, r: dict[str, Any]) -> Heard:
        return cls(
            r["id"],
            r["application_id"],
            r["company"],
            r["role"],
            r["kind"],
            r["status"],
            r["from_addr"],
            r["from_name"],
            r["subject"],
            _moment(r["received_at"]),
            to_date(r["return_on"]),
            r["why"],
        )

    def sender(self) -> str:
        return f"{self.from_name} <{self.from_addr}>" if self.from_name else self.from_addr


def heard_back(
    work: UnitOfWork,
    *,
    now: datetime,
    days: int = HEARD_DAYS,
    limit: int = DEFAULT_LIMIT,
) -> Section:
    """Replies the watch matched: suggestions waiting for the user (always), then what
    arrived in the last ``days`` days, newest first."""
    since = now - timedelta(days=days)
    with work.read() as tx:
        rows = steps.heard(tx, since, limit)
        total = len(rows)
        if total == limit:
            total = steps.count_heard(tx, since)
    items = tuple(Heard.from_row(r) for r in rows)
    return Section(items, total)

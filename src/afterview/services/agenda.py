"""The agenda: what to do now, what is coming, and what is waiting on an employer.

This is the command people run every morning, so its read path is lean: three indexed
queries over the stored plan, no planning, and none of the heavy imports (msgspec,
Jinja2, the holiday tables). Each section is capped (``limit``) with the full count kept,
so a search with thousands of applications still answers at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from afterview.domain.serial import computed, meta
from afterview.domain.steps import AGENDA_FIELDS, Step, step_json
from afterview.storage.db import Database, Tx, to_date, to_datetime

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


# The steps are picked from the index alone (owner, status, not_before, due): the join to
# the applications happens for the few rows shown, not for every step that is due.
_STEPS = """
SELECT x.id, x.application_id, a.company, a.role, x.kind, x.to_name, x.channel, x.zone,
       x.not_before, x.due, x.send_at, x.why
FROM (SELECT id FROM actions
      WHERE owner_id = :owner AND status = 'pending' AND not_before > :after
        AND not_before <= :until
      ORDER BY due, id LIMIT :limit) AS picked
JOIN actions x ON x.id = picked.id
JOIN applications a ON a.id = x.application_id
ORDER BY x.due, x.id"""

_COUNT = """
SELECT COUNT(*) AS n FROM actions
WHERE owner_id = :owner AND status = 'pending' AND not_before > :after
  AND not_before <= :until"""

# A pending follow-up exists only while no outcome is recorded (an outcome cancels them),
# so waiting periods come from the steps' index alone.
_WAITING = """
SELECT w.application_id, a.company, a.role, w.until,
       (SELECT MAX(i.decision_date) FROM interviews i WHERE i.application_id = a.id)
         AS decision_date
FROM (SELECT application_id, MIN(not_before) AS until FROM actions
      WHERE owner_id = :owner AND status = 'pending' AND kind = 'follow_up'
        AND not_before > :now
      GROUP BY application_id
      ORDER BY until, application_id LIMIT :limit) AS w
JOIN applications a ON a.id = w.application_id
ORDER BY w.until, w.application_id"""

_WAITING_COUNT = """
SELECT COUNT(DISTINCT application_id) AS n FROM actions
WHERE owner_id = :owner AND status = 'pending' AND kind = 'follow_up' AND not_before > :now"""

_EPOCH = datetime(1970, 1, 1, tzinfo=ZoneInfo("UTC"))


def agenda(
    db: Database, *, now: datetime, days: int = 7, limit: int = DEFAULT_LIMIT, owner: int = 1
) -> Agenda:
    """Steps due now (or overdue), steps starting within ``days``, and waiting periods."""
    if days < 0 or limit < 1:
        raise ValueError("days must be >= 0 and limit >= 1")
    horizon = now + timedelta(days=days)
    with db.read() as tx:
        row = tx.one("SELECT timezone FROM candidates WHERE owner_id = :o", {"o": owner})
        zone = ZoneInfo(row["timezone"]) if row else None
        due = _section(tx, owner, _EPOCH, now, limit)
        coming = _section(tx, owner, now, horizon, limit)
        waiting = _waiting(tx, owner, now, limit)
    return Agenda(now, zone, due, coming, waiting)


def _section(tx: Tx, owner: int, after: datetime, until: datetime, limit: int) -> Section:
    params = {"owner": owner, "after": after, "until": until, "limit": limit}
    items = tuple(_item(r) for r in tx.all(_STEPS, params))
    total = len(items)
    if total == limit:
        count = tx.one(_COUNT, params)
        total = int(count["n"]) if count else total
    return Section(items, total)


def _waiting(tx: Tx, owner: int, now: datetime, limit: int) -> Section:
    params = {"owner": owner, "now": now, "limit": limit}
    items = tuple(
        Waiting(
            r["application_id"],
            r["company"],
            r["role"],
            to_date(r["decision_date"]),
            _moment(r["until"]),
        )
        for r in tx.all(_WAITING, params)
    )
    total = len(items)
    if total == limit:
        count = tx.one(_WAITING_COUNT, params)
        total = int(count["n"]) if count else total
    return Section(items, total)


def _item(r: dict[str, Any]) -> Step:
    return Step(
        id=r["id"],
        application_id=r["application_id"],
        company=r["company"],
        role=r["role"],
        kind=r["kind"],
        to=r["to_name"],
        channel=r["channel"],
        zone=r["zone"],
        not_before=_moment(r["not_before"]),
        due=_moment(r["due"]),
        send_at=to_datetime(r["send_at"]),
        why=r["why"],
    )


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


_HEARD = """
SELECT e.id, e.application_id, a.company, a.role, e.kind, e.status, e.from_addr,
       e.from_name, e.subject, e.received_at, e.return_on, e.why
FROM mail_events e JOIN applications a ON a.id = e.application_id
WHERE e.owner_id = :owner AND e.status <> 'undone'
  AND (e.status = 'new' OR e.received_at >= :since)
ORDER BY CASE WHEN e.status = 'new' THEN 0 ELSE 1 END, e.received_at DESC, e.id DESC
LIMIT :limit"""

_HEARD_COUNT = """
SELECT COUNT(*) AS n FROM mail_events
WHERE owner_id = :owner AND status <> 'undone' AND (status = 'new' OR received_at >= :since)"""


def heard_back(
    db: Database,
    *,
    now: datetime,
    days: int = HEARD_DAYS,
    limit: int = DEFAULT_LIMIT,
    owner: int = 1,
) -> Section:
    """Replies the watch matched: suggestions waiting for the user (always), then what
    arrived in the last ``days`` days, newest first."""
    params = {"owner": owner, "since": now - timedelta(days=days), "limit": limit}
    with db.read() as tx:
        rows = tx.all(_HEARD, params)
        total = len(rows)
        if total == limit:
            count = tx.one(_HEARD_COUNT, params)
            total = int(count["n"]) if count else total
    items = tuple(Heard.from_row(r) for r in rows)
    return Section(items, total)

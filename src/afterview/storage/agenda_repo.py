"""The agenda's queries: the pending plan steps due in a window, waiting periods, and the
replies the watch matched.

The agenda is the command people run every morning, so each query is shaped for the
indexes on ``actions`` (``owner_id, status, not_before, due`` and ``owner_id, status, kind,
not_before, application_id``): steps are picked from the index alone and joined to their
applications only for the few rows shown. Every query is scoped to ``tx.owner``.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from afterview.domain import reasons
from afterview.domain.steps import Step
from afterview.storage.db import Tx, to_datetime

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


def pending_steps(tx: Tx, after: datetime, until: datetime, limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` pending steps that start in ``(after, until]``, soonest due first,
    each with its application's company and role."""
    params = {"owner": tx.owner, "after": after, "until": until, "limit": limit}
    return tx.all(_STEPS, params)


def count_pending_steps(tx: Tx, after: datetime, until: datetime) -> int:
    """How many pending steps start in ``(after, until]``."""
    return _count(tx.one(_COUNT, {"owner": tx.owner, "after": after, "until": until}))


def waiting(tx: Tx, now: datetime, limit: int) -> list[dict[str, Any]]:
    """Up to ``limit`` applications waiting on an employer: the first follow-up still
    ahead (``until``), with the latest decision date the interviews named."""
    return tx.all(_WAITING, {"owner": tx.owner, "now": now, "limit": limit})


def count_waiting(tx: Tx, now: datetime) -> int:
    return _count(tx.one(_WAITING_COUNT, {"owner": tx.owner, "now": now}))


def heard(tx: Tx, since: datetime, limit: int) -> list[dict[str, Any]]:
    """Replies the watch matched: those waiting for the user first, then what arrived since
    ``since``, newest first; at most ``limit``."""
    return tx.all(_HEARD, {"owner": tx.owner, "since": since, "limit": limit})


def count_heard(tx: Tx, since: datetime) -> int:
    return _count(tx.one(_HEARD_COUNT, {"owner": tx.owner, "since": since}))


def pending_starts(tx: Tx) -> list[dict[str, Any]]:
    """When every pending step may start, and whether it is a follow-up (from the index on
    ``owner_id, status, kind, not_before`` alone): which steps each agenda section holds
    changes only when the clock passes one of these."""
    return tx.all(_STARTS, {"owner": tx.owner})


_STARTS = """
SELECT not_before, kind FROM actions WHERE owner_id = :owner AND status = 'pending'"""


def _count(row: dict[str, Any] | None) -> int:
    return int(row["n"]) if row else 0


def stored_step(row: dict[str, Any]) -> Step:
    """A stored pending step, joined with its application's company and role, as the one
    step record (times as aware UTC; ``sources`` and ``updated_at`` when the query read them)."""
    return Step(
        id=row["id"],
        application_id=row["application_id"],
        company=row["company"],
        role=row["role"],
        kind=row["kind"],
        to=row["to_name"],
        channel=row["channel"],
        zone=row["zone"],
        not_before=_aware(row["not_before"]),
        due=_aware(row["due"]),
        send_at=to_datetime(row["send_at"]),
        because=reasons.decode(row["why"]),
        sources=tuple(json.loads(row["sources"] or "[]")) if "sources" in row else (),
        updated_at=to_datetime(row.get("updated_at")),
    )


def _aware(value: Any) -> datetime:
    moment = to_datetime(value)
    assert moment is not None  # the column is NOT NULL
    return moment

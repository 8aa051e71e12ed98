"""Reading and writing the outbox (table ``messages``).

A message moves ``approved → scheduled → sent | failed``; the user may cancel an approved
one, and a note the guards stop at the last moment becomes ``blocked``. ``scheduled``
means one worker has claimed the row: the claim is a single ``UPDATE … RETURNING`` over
the due rows, so two workers can never take the same one. On PostgreSQL the rows are
picked ``FOR UPDATE SKIP LOCKED`` (a second worker takes the next rows instead of
waiting); SQLite's ``BEGIN IMMEDIATE`` already lets one writer in at a time.

A claim is a lease: a worker that died leaves its rows ``scheduled``; once the lease has
run out another worker takes them over. Rows without ``handoff_at`` never reached the
server and are simply claimed again; rows with it are in the unknown window and come back
through :func:`claim_unknown` instead, to be checked, never resent.

A ``sent`` row has ``replan_pending`` set until its application has been replanned
(:func:`sent_unplanned`, :func:`planned`).

Like :mod:`afterview.storage.repository`, every function takes an open transaction and
commits nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from afterview.domain.errors import MAX_ID, UnknownRecord
from afterview.storage.db import Tx

ACTIVE = ("approved", "scheduled")  # in the outbox and not settled yet

_INSERT = """
INSERT INTO messages (owner_id, application_id, action_id, kind, to_name, to_email,
  from_email, subject, body, status, message_id, in_reply_to, refs, send_at, approved_at,
  attempts, created_at, updated_at)
VALUES (:owner, :app, :action, :kind, :to_name, :to_email, :from_email, :subject, :body,
  'approved', :message_id, :in_reply_to, :refs, :send_at, :now, 0, :now, :now)
RETURNING id"""

DUE = """status = 'approved' AND send_at <= :now
  AND (next_attempt_at IS NULL OR next_attempt_at <= :now)
  OR status = 'scheduled' AND handoff_at IS NULL AND claimed_at < :stale"""

# The rows are picked once, in a CTE. As ``WHERE id IN (SELECT … LIMIT n FOR UPDATE)``
# PostgreSQL may run the subquery again for each row it updates, and each run, rechecking
# the rows just claimed (no longer due), picks the next ones: the limit was not kept.
CLAIM = """
WITH picked AS (SELECT id FROM messages WHERE ({due}) ORDER BY send_at, id LIMIT :limit{lock})
UPDATE messages SET status = 'scheduled', claimed_by = :worker, claimed_at = :now,
  updated_at = :now
WHERE id IN (SELECT id FROM picked)
RETURNING id, owner_id"""

_UNKNOWN = """status = 'scheduled' AND handoff_at IS NOT NULL AND sent_at IS NULL
  AND claimed_at < :stale"""

CLAIM_UNKNOWN = f"""
UPDATE messages SET claimed_by = :worker, claimed_at = :now, updated_at = :now
WHERE id IN (SELECT id FROM messages WHERE {_UNKNOWN} ORDER BY id{{lock}})
RETURNING id, owner_id"""

# A queue's claims that no send task took over yet, given back to the outbox when the task
# that claimed them died before deferring them all (a centre's workers, mail/tasks.py).
RELEASE_QUEUED = """
UPDATE messages SET status = 'approved', claimed_by = NULL, claimed_at = NULL,
  updated_at = :now
WHERE status = 'scheduled' AND handoff_at IS NULL AND claimed_by = :holder
RETURNING id, owner_id"""

# The claims and the replan list span every account. In a career centre row-level security
# hides every row from a transaction that names no account, so there they run as the
# centre's functions (storage/centre.py), whose bodies are these same statements.
_CENTRE_CLAIM = """SELECT message AS id, owner AS owner_id
  FROM app_claim_due_mail(:worker, :now, :stale, :limit)"""
_CENTRE_RELEASE_QUEUED = """SELECT message AS id, owner AS owner_id
  FROM app_release_queued_mail(:holder, :now)"""
_CENTRE_CLAIM_UNKNOWN = """SELECT message AS id, owner AS owner_id
  FROM app_claim_unknown_mail(:worker, :now, :stale)"""


def insert(tx: Tx, values: dict[str, Any]) -> int:
    return tx.insert(_INSERT, values)


def get(tx: Tx, message_id: int) -> dict[str, Any]:
    """One message of the transaction's owner."""
    row = None
    if 0 < message_id <= MAX_ID:
        row = tx.one("SELECT * FROM messages WHERE id = :id", {"id": message_id})
    if row is None or row["owner_id"] != tx.owner:
        raise UnknownRecord("unknown_message", id=message_id)
    return row


def listing(tx: Tx, *, limit: int = 200) -> list[dict[str, Any]]:
    """The owner's outbox, newest first, with each application's company and role."""
    return tx.all(
        """SELECT m.id, m.application_id, a.company, a.role, m.kind, m.to_name, m.to_email,
             m.subject, m.status, m.message_id, m.in_reply_to, m.send_at, m.approved_at,
             m.attempts, m.next_attempt_at, m.sent_at, m.error, m.body
           FROM messages m JOIN applications a ON a.id = m.application_id
           WHERE m.owner_id = :owner ORDER BY m.id DESC LIMIT :limit""",
        {"owner": tx.owner, "limit": limit},
    )


def owner_zone(tx: Tx) -> str | None:
    """The owner's time zone, the one the outbox's hours are shown in (none set: ``None``)."""
    row = tx.one("SELECT timezone FROM candidates WHERE owner_id = :owner", {"owner": tx.owner})
    return None if row is None else str(row["timezone"])


def active_for(tx: Tx, app_id: int, kind: str, to_email: str) -> int | None:
    """A note of the same kind to the same address still waiting in the outbox."""
    row = tx.one(
        """SELECT id FROM messages WHERE owner_id = :owner AND application_id = :app
             AND kind = :kind AND lower(to_email) = lower(:email)
             AND status IN ('approved', 'scheduled')
           ORDER BY id LIMIT 1""",
        {"owner": tx.owner, "app": app_id, "kind": kind, "email": to_email},
    )
    return None if row is None else int(row["id"])


def approved_for(tx: Tx, app_id: int, status: str = "approved") -> list[dict[str, Any]]:
    """The application's notes in ``status`` (approved: still waiting for their hour)."""
    return tx.all(
        """SELECT * FROM messages WHERE owner_id = :owner AND application_id = :app
             AND status = :status ORDER BY id""",
        {"owner": tx.owner, "app": app_id, "status": status},
    )


def thread_parent(tx: Tx, app_id: int, to_email: str) -> dict[str, Any] | None:
    """The thank-you note to this address that later notes answer under (sent first)."""
    return tx.one(
        """SELECT message_id, refs FROM messages WHERE owner_id = :owner
             AND application_id = :app AND kind = 'thank_you'
             AND lower(to_email) = lower(:email)
             AND status IN ('sent', 'approved', 'scheduled')
           ORDER BY CASE WHEN status = 'sent' THEN 0 ELSE 1 END, id DESC LIMIT 1""",
        {"owner": tx.owner, "app": app_id, "email": to_email},
    )


def pending_step(tx: Tx, app_id: int, kind: str, name: str) -> dict[str, Any] | None:
    """The pending plan step a note of ``kind`` to ``name`` carries out, if there is one."""
    rows = tx.all(
        """SELECT id, to_name, send_at FROM actions WHERE owner_id = :owner
             AND application_id = :app AND kind = :kind AND status = 'pending'
           ORDER BY due, id""",
        {"owner": tx.owner, "app": app_id, "kind": kind},
    )
    wanted = _fold(name)
    return next((r for r in rows if _fold(r["to_name"] or "") == wanted), None)


def step_done(tx: Tx, action_id: int, at: datetime, now: datetime) -> None:
    """The message carried out its plan step (unless the user settled it meanwhile)."""
    tx.execute(
        """UPDATE actions SET status = 'done', done_at = :at, updated_at = :now
           WHERE id = :id AND status = 'pending'""",
        {"at": at, "now": now, "id": action_id},
    )


def claim(tx: Tx, worker: str, now: datetime, stale: datetime, limit: int) -> list[tuple[int, int]]:
    """Take up to ``limit`` due messages of any account for ``worker``; no other worker gets
    them. Returns (owner, message) pairs in message order."""
    lock = " FOR UPDATE SKIP LOCKED" if tx.dialect == "postgresql" else ""
    sql = _CENTRE_CLAIM if tx.centre else CLAIM.format(due=DUE, lock=lock)
    rows = tx.execute(
        sql, {"worker": worker, "now": now, "stale": stale, "limit": limit}
    ).fetchall()
    return sorted((int(r["owner_id"]), int(r["id"])) for r in rows)


def claim_unknown(tx: Tx, worker: str, now: datetime, stale: datetime) -> list[tuple[int, int]]:
    """Take the messages whose worker died between hand-off and "sent", to check them."""
    lock = " FOR UPDATE SKIP LOCKED" if tx.dialect == "postgresql" else ""
    sql = _CENTRE_CLAIM_UNKNOWN if tx.centre else CLAIM_UNKNOWN.format(lock=lock)
    rows = tx.execute(sql, {"worker": worker, "now": now, "stale": stale}).fetchall()
    return sorted((int(r["owner_id"]), int(r["id"])) for r in rows)


def release_queued(tx: Tx, holder: str, now: datetime) -> int:
    """Give back to the outbox the messages ``holder`` claimed and nobody took over (nor
    handed to a server); they are due again at once. Returns how many."""
    sql = _CENTRE_RELEASE_QUEUED if tx.centre else RELEASE_QUEUED
    return len(tx.execute(sql, {"holder": holder, "now": now}).fetchall())


def hand_off(tx: Tx, message_id: int, worker: str, now: datetime, attempts: int) -> bool:
    """Commit the hand-off of a message ``worker`` holds, unless another run got there
    first. One conditional statement, so two runs racing for the same row (a task retried
    while its first run was only slow) cannot both hand it to a server: the second finds
    ``handoff_at`` set, or the row held by someone else, and gets ``False``."""
    row = tx.one(
        """UPDATE messages SET handoff_at = :now, claimed_at = :now, attempts = :attempts,
             error = NULL, updated_at = :now
           WHERE id = :id AND status = 'scheduled' AND claimed_by = :worker
             AND handoff_at IS NULL
           RETURNING id""",
        {"now": now, "attempts": attempts, "id": message_id, "worker": worker},
    )
    return row is not None


# A sent row whose application has not been replanned since it went out.
_UNPLANNED = "status = 'sent' AND replan_pending"
AWAITING_REPLAN = f"""SELECT DISTINCT owner_id, application_id FROM messages
  WHERE {_UNPLANNED} ORDER BY owner_id, application_id"""
_CENTRE_AWAITING_REPLAN = """SELECT owner AS owner_id, application AS application_id
  FROM app_mail_awaiting_replan()"""


def sent_unplanned_apps(tx: Tx) -> list[tuple[int, int]]:
    """(owner, application) of every sent message whose application awaits its replan."""
    rows = tx.all(_CENTRE_AWAITING_REPLAN if tx.centre else AWAITING_REPLAN)
    return [(int(r["owner_id"]), int(r["application_id"])) for r in rows]


def sent_unplanned(tx: Tx, app_id: int) -> list[int]:
    """The application's sent messages that its plan does not account for yet."""
    rows = tx.all(
        f"""SELECT id FROM messages WHERE owner_id = :owner AND application_id = :app
              AND {_UNPLANNED} ORDER BY id""",
        {"owner": tx.owner, "app": app_id},
    )
    return [int(r["id"]) for r in rows]


def planned(tx: Tx, ids: list[int]) -> None:
    """The plan now accounts for these sent messages: release them."""
    tx.executemany(
        "UPDATE messages SET replan_pending = :no WHERE id = :id",
        [{"no": False, "id": i} for i in ids],
    )


def update(tx: Tx, message_id: int, now: datetime, **fields: Any) -> None:
    """Set the named columns of one message."""
    sets = ", ".join(f"{name} = :{name}" for name in fields)
    tx.execute(
        f"UPDATE messages SET {sets}, updated_at = :now WHERE id = :id",
        {**fields, "now": now, "id": message_id},
    )


def counts(tx: Tx) -> dict[str, int]:
    """How many of the owner's messages are in each state."""
    rows = tx.all(
        "SELECT status, COUNT(*) AS n FROM messages WHERE owner_id = :owner GROUP BY status",
        {"owner": tx.owner},
    )
    return {str(r["status"]): int(r["n"]) for r in rows}


def undelivered(tx: Tx, stalled_before: datetime) -> dict[str, Any]:
    """The owner's notes not sent yet: how many, how many were due before ``stalled_before``
    and no worker has taken since, and the oldest of those one's hour."""
    row = tx.one(
        """SELECT COUNT(*) AS waiting,
             SUM(CASE WHEN status = 'approved' AND send_at <= :before
                   AND (next_attempt_at IS NULL OR next_attempt_at <= :before)
                 THEN 1 ELSE 0 END) AS stalled,
             MIN(CASE WHEN status = 'approved' AND send_at <= :before
                   AND (next_attempt_at IS NULL OR next_attempt_at <= :before)
                 THEN send_at END) AS oldest
           FROM messages WHERE owner_id = :owner AND status IN ('approved', 'scheduled')""",
        {"owner": tx.owner, "before": stalled_before},
    )
    assert row is not None
    return row


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())

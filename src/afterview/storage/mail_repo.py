"""Reading and writing what the reply watch saw: ``mail_events`` and ``mail_state``.

A reply is stored once per owner and Message-ID (a unique constraint), so reading the same
message twice — a second poll, a mailbox whose UIDVALIDITY changed, two workers at once —
adds nothing: :func:`add_event` answers ``None`` and the caller does nothing more.
``mail_state`` keeps, per mailbox, the UIDVALIDITY and the highest UID already read.

Like :mod:`afterview.storage.repository`, every function takes an open transaction and
commits nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from afterview.domain.errors import MAX_ID, UnknownRecord
from afterview.storage.db import Tx, to_date, to_datetime

# -- how far each mailbox was read ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class State:
    uidvalidity: int
    last_uid: int


def state(tx: Tx, mailbox: str) -> State | None:
    row = tx.one(
        "SELECT uidvalidity, last_uid FROM mail_state WHERE owner_id = :o AND mailbox = :m",
        {"o": tx.owner, "m": mailbox},
    )
    return None if row is None else State(int(row["uidvalidity"]), int(row["last_uid"]))


def save_state(tx: Tx, mailbox: str, uidvalidity: int, last_uid: int, now: datetime) -> None:
    """Remember how far ``mailbox`` was read (never backwards within one UIDVALIDITY)."""
    tx.execute(
        """INSERT INTO mail_state (owner_id, mailbox, uidvalidity, last_uid, checked_at)
           VALUES (:o, :m, :v, :u, :now)
           ON CONFLICT (owner_id, mailbox) DO UPDATE SET
             last_uid = CASE WHEN mail_state.uidvalidity = excluded.uidvalidity
                             AND mail_state.last_uid > excluded.last_uid
                        THEN mail_state.last_uid ELSE excluded.last_uid END,
             uidvalidity = excluded.uidvalidity,
             checked_at = excluded.checked_at""",
        {"o": tx.owner, "m": mailbox, "v": uidvalidity, "u": last_uid, "now": now},
    )


# -- who may answer ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Correspondent:
    """An application and the addresses its answers may come from."""

    application_id: int
    company: str
    role: str
    has_outcome: bool
    latest_interview: datetime | None
    addresses: tuple[str, ...]  # panel members (recruiters included), referrer, contacts
    panel_addresses: tuple[str, ...]  # the panel's only: where the company's domain comes from


def correspondents(tx: Tx) -> list[Correspondent]:
    """Every application with someone to hear from, with the addresses to match."""
    rows = tx.all(
        """SELECT a.id, a.company, a.role, a.outcome_kind, a.referrer_email, a.contacts,
                  i.panel, i.start_at
           FROM applications a LEFT JOIN interviews i ON i.application_id = a.id
           WHERE a.owner_id = :o
           ORDER BY a.id, i.start_at, i.id""",
        {"o": tx.owner},
    )
    found: dict[int, dict[str, Any]] = {}
    for r in rows:
        entry = found.setdefault(
            r["id"],
            {
                "row": r,
                "panel": [],
                "others": [r["referrer_email"], *_emails(r["contacts"])],
                "latest": None,
            },
        )
        if r["panel"] is not None:
            entry["panel"] += _emails(r["panel"])
            entry["latest"] = to_datetime(r["start_at"])
    out = []
    for app_id, entry in found.items():
        panel = _unique(entry["panel"])
        everyone = _unique(panel + entry["others"])
        if everyone:
            row = entry["row"]
            out.append(
                Correspondent(
                    app_id,
                    row["company"],
                    row["role"],
                    bool(row["outcome_kind"]),
                    entry["latest"],
                    tuple(everyone),
                    tuple(panel),
                )
            )
    return out


def _emails(text: str | None) -> list[str]:
    people = json.loads(text) if text else []
    return [p["email"] for p in people if isinstance(p, dict) and p.get("email")]


def _unique(addresses: list[str | None]) -> list[str]:
    seen: dict[str, None] = {}
    for a in addresses:
        if a and "@" in a:
            seen.setdefault(a.strip().lower(), None)
    return list(seen)


@dataclass(frozen=True, slots=True)
class Own:
    """The candidate's own address and country (none before a profile is stored)."""

    email: str | None
    country: str | None


def own(tx: Tx) -> Own:
    row = tx.one("SELECT email, country FROM candidates WHERE owner_id = :o", {"o": tx.owner})
    if row is None:
        return Own(None, None)
    return Own(str(row["email"]).strip().lower(), row["country"])


def sent_by_us(tx: Tx, message_ids: list[str]) -> dict[str, int]:
    """Which of ``message_ids`` are notes from our outbox: Message-ID -> application."""
    if not message_ids:
        return {}
    names = {f"m{i}": m for i, m in enumerate(message_ids[:200])}
    marks = ", ".join(f":{n}" for n in names)
    rows = tx.all(
        f"""SELECT message_id, application_id FROM messages
            WHERE owner_id = :o AND message_id IN ({marks})""",
        {"o": tx.owner, **names},
    )
    return {r["message_id"]: int(r["application_id"]) for r in rows}


# -- the replies seen --------------------------------------------------------------------------


def known(tx: Tx, message_id: str) -> bool:
    row = tx.one(
        "SELECT 1 AS x FROM mail_events WHERE owner_id = :o AND message_id = :m",
        {"o": tx.owner, "m": message_id},
    )
    return row is not None


def add_event(tx: Tx, app_id: int, event: dict[str, Any], now: datetime) -> int | None:
    """Store one reply; ``None`` when this Message-ID was stored before (nothing changes)."""
    row = tx.execute(
        """INSERT INTO mail_events (owner_id, application_id, message_id, in_reply_to,
             from_addr, from_name, subject, received_at, kind, return_on, status, why,
             created_at, prior)
           VALUES (:o, :app, :message_id, :in_reply_to, :from_addr, :from_name, :subject,
             :received_at, :kind, :return_on, :status, :why, :now, :prior)
           ON CONFLICT (owner_id, message_id) DO NOTHING
           RETURNING id""",
        {"o": tx.owner, "app": app_id, "now": now, "prior": None, **event},
    ).fetchone()
    if row is None:
        return None
    return int(row[0] if tx.dialect == "sqlite" else row["id"])


_EVENTS = """
SELECT e.id, e.application_id, a.company, a.role, e.message_id, e.in_reply_to, e.from_addr,
       e.from_name, e.subject, e.received_at, e.kind, e.return_on, e.status, e.why,
       e.decided_at, e.prior
FROM mail_events e JOIN applications a ON a.id = e.application_id
WHERE e.owner_id = :o"""


def events(
    tx: Tx,
    *,
    app_id: int | None = None,
    since: datetime | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Replies seen, the suggestions still waiting first, then the newest first."""
    sql = _EVENTS
    if app_id is not None:
        sql += " AND e.application_id = :app"
    if since is not None:
        sql += " AND e.received_at >= :since"
    sql += " ORDER BY CASE WHEN e.status = 'new' THEN 0 ELSE 1 END, e.received_at DESC, e.id DESC"
    sql += " LIMIT :limit"
    rows = tx.all(sql, {"o": tx.owner, "app": app_id, "since": since, "limit": limit})
    return [_event(r) for r in rows]


def event(tx: Tx, event_id: int) -> dict[str, Any]:
    row = (
        tx.one(_EVENTS + " AND e.id = :id", {"o": tx.owner, "id": event_id})
        if 0 < event_id <= MAX_ID
        else None
    )
    if row is None:
        raise UnknownRecord("unknown_reply", id=event_id)
    return _event(row)


def decide(tx: Tx, event_id: int, status: str, now: datetime) -> bool:
    """Mark a waiting suggestion confirmed or dismissed; ``False`` if it no longer waits."""
    cursor = tx.execute(
        """UPDATE mail_events SET status = :status, decided_at = :now
           WHERE id = :id AND owner_id = :o AND status = 'new'""",
        {"status": status, "now": now, "id": event_id, "o": tx.owner},
    )
    return bool(cursor.rowcount)


def newest_event(tx: Tx, app_id: int) -> int | None:
    """The application's latest reply not undone (the one an undo may take back)."""
    row = tx.one(
        """SELECT id FROM mail_events WHERE owner_id = :o AND application_id = :app
             AND status <> 'undone' ORDER BY received_at DESC, id DESC LIMIT 1""",
        {"o": tx.owner, "app": app_id},
    )
    return None if row is None else int(row["id"])


def mark_undone(tx: Tx, event_id: int, now: datetime) -> bool:
    """Mark a reply undone; ``False`` if it already was."""
    cursor = tx.execute(
        """UPDATE mail_events SET status = 'undone', decided_at = :now
           WHERE id = :id AND owner_id = :o AND status <> 'undone'""",
        {"now": now, "id": event_id, "o": tx.owner},
    )
    return bool(cursor.rowcount)


def _event(r: dict[str, Any]) -> dict[str, Any]:
    return {
        **r,
        "received_at": to_datetime(r["received_at"]),
        "return_on": _day(r["return_on"]),
        "decided_at": to_datetime(r["decided_at"]),
    }


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):  # SQLite may hand back a timestamp for a date column
        return value.date()
    return to_date(value)

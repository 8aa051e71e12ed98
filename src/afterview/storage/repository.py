"""Reading and writing a job search: applications, interviews, history and plan steps.

Records are kept close to the interview file's shape: an interview's panel, promises and
notes are stored as the JSON of that section, and :func:`case_data` rebuilds a whole
interview file (candidate, application, pipeline, history, outcome, reply) from the tables,
so the domain is always fed through the same validation as a hand-written file.

Every function takes an open :class:`~afterview.storage.db.Tx` acting for an account and
reads and writes that account's rows only (``tx.owner``); none commits. Plan steps are
merged by their stable key (:attr:`Action.key`): what the user did, skipped or edited
survives replanning, and nothing is ever duplicated.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from afterview.domain import reasons
from afterview.domain.errors import MAX_ID, InputError, UnknownRecord
from afterview.domain.wording import name_key
from afterview.storage.db import Tx, to_date, to_datetime

if TYPE_CHECKING:
    from afterview.domain.models import Case
    from afterview.domain.planner import Plan


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default, sort_keys=True)


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} as JSON")


# -- candidate ----------------------------------------------------------------------------

CANDIDATE_FIELDS = ("name", "email", "phone", "timezone", "country", "subdivision", "signature")


def get_candidate(tx: Tx) -> dict[str, Any] | None:
    row = tx.one("SELECT * FROM candidates WHERE owner_id = :owner", {"owner": tx.owner})
    if row is None:
        return None
    return {k: row[k] for k in CANDIDATE_FIELDS if row[k] is not None}


def candidate_timezone(tx: Tx) -> str | None:
    """The candidate's time zone alone (the agenda needs nothing else of the profile)."""
    row = tx.one("SELECT timezone FROM candidates WHERE owner_id = :o", {"o": tx.owner})
    return None if row is None or row["timezone"] is None else str(row["timezone"])


def save_candidate(tx: Tx, data: dict[str, Any], now: datetime) -> None:
    values: dict[str, Any] = {k: _text(data.get(k)) for k in CANDIDATE_FIELDS}
    values.update(owner=tx.owner, now=now)
    tx.execute(
        """INSERT INTO candidates (owner_id, name, email, phone, timezone, country,
                                   subdivision, signature, updated_at)
           VALUES (:owner, :name, :email, :phone, :timezone, :country, :subdivision,
                   :signature, :now)
           ON CONFLICT (owner_id) DO UPDATE SET
             name = excluded.name, email = excluded.email, phone = excluded.phone,
             timezone = excluded.timezone, country = excluded.country,
             subdivision = excluded.subdivision, signature = excluded.signature,
             updated_at = excluded.updated_at""",
        values,
    )


# -- applications --------------------------------------------------------------------------


def find_application(tx: Tx, company: str, role: str) -> int | None:
    row = tx.one(
        """SELECT id FROM applications WHERE owner_id = :owner
           AND company_key = :company AND role_key = :role
           ORDER BY id LIMIT 1""",
        {"owner": tx.owner, "company": name_key(company), "role": name_key(role)},
    )
    return None if row is None else int(row["id"])


def create_application(tx: Tx, app: dict[str, Any], status: str, now: datetime) -> int:
    referrer = app.get("referrer") or {}
    return tx.insert(
        """INSERT INTO applications (owner_id, company, role, status, channel_before,
             referrer_name, referrer_email, refs, links, url, source, notes, contacts, extra,
             applied_on, on_paper, created_at, updated_at, company_key, role_key)
           VALUES (:owner, :company, :role, :status, :channel_before, :referrer_name,
             :referrer_email, :refs, :links, :url, :source, :notes, :contacts, :extra,
             :applied_on, :on_paper, :now, :now, :company_key, :role_key)
           RETURNING id""",
        {
            "owner": tx.owner,
            "company": app["company"],
            "role": app.get("role") or "",
            "status": status,
            "channel_before": app.get("channel_before") or "email",
            "referrer_name": referrer.get("name"),
            "referrer_email": referrer.get("email"),
            "refs": dumps(app.get("references") or []),
            "links": dumps(app.get("links") or []),
            "url": app.get("url"),
            "source": app.get("source"),
            "notes": app.get("notes"),
            "contacts": dumps(app.get("contacts") or []),
            "extra": dumps(app.get("extra") or {}),
            "applied_on": to_date(app.get("applied_on")),
            "on_paper": False,
            "now": now,
            "company_key": name_key(app["company"]),
            "role_key": name_key(app.get("role")),
        },
    )


def update_application(tx: Tx, app_id: int, now: datetime, **fields: Any) -> None:
    """Set the named columns of one application."""
    if not fields:
        return
    sets = ", ".join(f"{name} = :{name}" for name in fields)
    tx.execute(
        f"UPDATE applications SET {sets}, updated_at = :now WHERE id = :id AND owner_id = :owner",
        {**fields, "now": now, "id": app_id, "owner": tx.owner},
    )


def application(tx: Tx, app_id: int) -> dict[str, Any]:
    row = (
        None
        if not 0 < app_id <= MAX_ID
        else tx.one(
            "SELECT * FROM applications WHERE id = :id AND owner_id = :owner",
            {"id": app_id, "owner": tx.owner},
        )
    )
    if row is None:
        raise UnknownRecord("unknown_application", id=app_id)
    return row


def count_attached(tx: Tx, app_id: int, tables: Iterable[str]) -> dict[str, int]:
    """How many rows of each of ``tables`` point at the application (what deleting it
    removes with it)."""
    return {
        table: int(
            (
                tx.one(
                    f"SELECT COUNT(*) AS n FROM {table} "
                    "WHERE application_id = :id AND owner_id = :o",
                    {"id": app_id, "o": tx.owner},
                )
                or {"n": 0}
            )["n"]
        )
        for table in tables
    }


def delete_application(tx: Tx, app_id: int) -> None:
    """Delete the application; every table that points at it cascades (``schema.py``)."""
    tx.execute(
        "DELETE FROM applications WHERE id = :id AND owner_id = :o", {"id": app_id, "o": tx.owner}
    )


def count_applications(tx: Tx) -> int:
    row = tx.one("SELECT COUNT(*) AS n FROM applications WHERE owner_id = :o", {"o": tx.owner})
    return int(row["n"]) if row else 0


def holds_search(tx: Tx) -> bool:
    """Whether the account has any application or a candidate profile stored."""
    row = tx.one(
        """SELECT (SELECT COUNT(*) FROM applications WHERE owner_id = :o)
                    + (SELECT COUNT(*) FROM candidates WHERE owner_id = :o) AS n""",
        {"o": tx.owner},
    )
    return bool(row and int(row["n"]))


def open_applications_except(tx: Tx, app_id: int) -> list[dict[str, Any]]:
    """The id, company and role of every other application still open."""
    return tx.all(
        """SELECT id, company, role FROM applications WHERE owner_id = :o AND id <> :a
                 AND status IN ('applied', 'interviewing', 'offer') ORDER BY id""",
        {"o": tx.owner, "a": app_id},
    )


def replan_candidates(tx: Tx, except_id: int | None = None) -> list[int]:
    """Applications with an interview (but ``except_id``) that are active or still have a
    keep-searching step waiting: those whose plan depends on how many stay active."""
    rows = tx.all(
        """SELECT id FROM applications a
           WHERE owner_id = :owner AND id <> :x
             AND EXISTS (SELECT 1 FROM interviews i WHERE i.application_id = a.id)
             AND (status IN ('applied', 'interviewing', 'offer')
                  OR EXISTS (SELECT 1 FROM actions s WHERE s.application_id = a.id
                             AND s.kind = 'keep_searching' AND s.status = 'pending'))
           ORDER BY id""",
        {"owner": tx.owner, "x": -1 if except_id is None else except_id},
    )
    return [int(row["id"]) for row in rows]


def planned_applications(tx: Tx) -> list[int]:
    """Applications with a pending plan step: those a change of settings may move."""
    rows = tx.all(
        """SELECT DISTINCT application_id FROM actions
           WHERE owner_id = :owner AND status = 'pending' ORDER BY application_id""",
        {"owner": tx.owner},
    )
    return [int(row["application_id"]) for row in rows]


def application_section(row: dict[str, Any]) -> dict[str, Any]:
    """The interview file's ``application`` section for one stored application."""
    section: dict[str, Any] = {
        "company": row["company"],
        "role": row["role"] or "(role not recorded)",
        "channel_before": row["channel_before"],
        "references": json.loads(row["refs"]),
        "links": json.loads(row["links"]),
    }
    if row["referrer_name"]:
        section["referrer"] = _drop_none(
            {"name": row["referrer_name"], "email": row["referrer_email"]}
        )
    for key in ("url", "source"):
        if row[key]:
            section[key] = row[key]
    return section


def pipeline(
    tx: Tx,
    except_id: int | None = None,
    *,
    active_only: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """The owner's other applications (the interview file's ``pipeline``)."""
    sql = "SELECT company, role, status FROM applications WHERE owner_id = :owner AND id <> :x"
    if active_only:
        sql += " AND status IN ('applied', 'interviewing', 'offer')"
    sql += " ORDER BY id"
    if limit is not None:
        sql += " LIMIT :limit"
    params = {"owner": tx.owner, "x": -1 if except_id is None else except_id, "limit": limit}
    return tx.all(sql, params)


# -- interviews ----------------------------------------------------------------------------


def save_interview(
    tx: Tx,
    app_id: int,
    case: Case,
    section: dict[str, Any],
    decision_date: date | None,
    now: datetime,
    *,
    replace: int | None = None,
) -> int:
    """Insert the interview, or with ``replace`` rewrite that stored interview in place
    (its plan steps, with what the user did to them, stay attached to it)."""
    iv = case.interview
    values = {
        "owner": tx.owner,
        "app": app_id,
        "round": iv.round,
        "start": iv.start,
        "end": iv.end,
        "tz": iv.timezone.key,
        "format": iv.format,
        "decision": iv.decision,
        "decision_date": decision_date,
        "pref": iv.contact_preference,
        "next_step": iv.next_step,
        "panel": dumps(section.get("panel") or []),
        "promises": dumps(section.get("promises") or []),
        "notes": dumps(section.get("notes") or {}),
        "now": now,
    }
    if replace is not None:
        tx.execute(
            """UPDATE interviews SET round = :round, start_at = :start, end_at = :end,
                 timezone = :tz, format = :format, decision = :decision,
                 decision_date = :decision_date, contact_preference = :pref,
                 next_step = :next_step, panel = :panel, promises = :promises, notes = :notes
               WHERE id = :id AND owner_id = :owner""",
            {**values, "id": replace},
        )
        # The question index is derived from the notes: drop this interview's rows; the
        # writer indexes the new notes before it commits (learning_repo.index_unindexed).
        tx.execute(
            "DELETE FROM questions WHERE interview_id = :id AND owner_id = :owner",
            {"id": replace, "owner": tx.owner},
        )
        return replace
    return tx.insert(
        """INSERT INTO interviews (owner_id, application_id, round, start_at, end_at, timezone,
             format, decision, decision_date, contact_preference, next_step, panel, promises,
             notes, created_at)
           VALUES (:owner, :app, :round, :start, :end, :tz, :format, :decision,
             :decision_date, :pref, :next_step, :panel, :promises, :notes, :now)
           RETURNING id""",
        values,
    )


def interviews(tx: Tx, app_id: int) -> list[dict[str, Any]]:
    return tx.all(
        """SELECT * FROM interviews WHERE application_id = :app AND owner_id = :owner
           ORDER BY start_at, id""",
        {"app": app_id, "owner": tx.owner},
    )


def interview_section(row: dict[str, Any]) -> dict[str, Any]:
    """The interview file's ``interview`` section for one stored interview."""
    start, end = to_datetime(row["start_at"]), to_datetime(row["end_at"])
    assert start is not None
    assert end is not None
    return _drop_none(
        {
            "start": start.isoformat(),
            "end": end.isoformat(),
            "timezone": row["timezone"],
            "format": row["format"],
            "round": row["round"],
            "panel": json.loads(row["panel"]),
            "decision": row["decision"],
            "contact_preference": row["contact_preference"],
            "next_step": row["next_step"],
            "promises": json.loads(row["promises"]),
            "notes": json.loads(row["notes"]),
        }
    )


def set_interview_notes(tx: Tx, interview_id: int, notes: dict[str, Any]) -> None:
    tx.execute(
        "UPDATE interviews SET notes = :notes WHERE id = :id AND owner_id = :owner",
        {"notes": dumps(notes), "id": interview_id, "owner": tx.owner},
    )


def set_decision_date(tx: Tx, interview_id: int, decision: date | None) -> None:
    tx.execute(
        "UPDATE interviews SET decision_date = :d WHERE id = :id AND owner_id = :owner",
        {"d": decision, "id": interview_id, "owner": tx.owner},
    )


# What the user may change of an interview after the fact (``afterview update``).
INTERVIEW_UPDATES = frozenset({"decision", "contact_preference", "next_step"})


def set_interview_field(tx: Tx, interview_id: int, column: str, value: str | None) -> None:
    """Set one of :data:`INTERVIEW_UPDATES` (the column is named in the SQL text, so only
    those are accepted)."""
    if column not in INTERVIEW_UPDATES:
        raise InputError("cannot_update", fields=column)
    tx.execute(
        f"UPDATE interviews SET {column} = :v WHERE id = :id AND owner_id = :owner",
        {"v": value, "id": interview_id, "owner": tx.owner},
    )


def last_interview_end(tx: Tx, app_id: int) -> datetime | None:
    row = tx.one(
        "SELECT MAX(end_at) AS at FROM interviews WHERE application_id = :a AND owner_id = :o",
        {"a": app_id, "o": tx.owner},
    )
    return to_datetime(row["at"]) if row else None


# -- history -------------------------------------------------------------------------------


def add_history(tx: Tx, app_id: int, entry: dict[str, Any], now: datetime) -> int:
    return tx.insert(
        """INSERT INTO history (owner_id, application_id, kind, to_name, channel, at, about,
             note, created_at)
           VALUES (:owner, :app, :kind, :to, :channel, :at, :about, :note, :now)
           RETURNING id""",
        {
            "owner": tx.owner,
            "app": app_id,
            "kind": entry["kind"],
            "to": entry.get("to"),
            "channel": entry.get("channel") or "email",
            "at": entry["at"],
            "about": entry.get("about"),
            "note": entry.get("note"),
            "now": now,
        },
    )


def history_section(tx: Tx, app_id: int) -> list[dict[str, Any]]:
    rows = tx.all(
        """SELECT kind, to_name, channel, at, about FROM history
           WHERE application_id = :app AND owner_id = :owner ORDER BY at, id""",
        {"app": app_id, "owner": tx.owner},
    )
    out = []
    for r in rows:
        at = to_datetime(r["at"])
        assert at is not None
        entry = {
            "kind": r["kind"],
            "to": r["to_name"],
            "channel": r["channel"],
            "at": at.isoformat(),
            "about": r["about"],
        }
        out.append(_drop_none(entry))
    return out


def first_history_at(tx: Tx, app_id: int, kind: str, since: datetime) -> datetime | None:
    """When the application's history first records ``kind`` at or after ``since``."""
    row = tx.one(
        """SELECT MIN(at) AS at FROM history WHERE owner_id = :owner AND application_id = :app
             AND kind = :kind AND at >= :start""",
        {"owner": tx.owner, "app": app_id, "kind": kind, "start": since},
    )
    return to_datetime(row["at"]) if row else None


def count_history(tx: Tx, app_id: int, kind: str) -> int:
    """How many entries of ``kind`` the application's history holds."""
    row = tx.one(
        """SELECT COUNT(*) AS n FROM history WHERE owner_id = :o AND application_id = :a
             AND kind = :k""",
        {"o": tx.owner, "a": app_id, "k": kind},
    )
    return int(row["n"]) if row else 0


def last_history_at(tx: Tx, app_id: int) -> datetime | None:
    row = tx.one(
        "SELECT MAX(at) AS at FROM history WHERE application_id = :a AND owner_id = :o",
        {"a": app_id, "o": tx.owner},
    )
    return to_datetime(row["at"]) if row else None


# -- the whole case -----------------------------------------------------------------------


def case_data(
    tx: Tx,
    app_id: int,
    interview: dict[str, Any] | None = None,
    *,
    pipeline_limit: int | None = None,
) -> dict[str, Any]:
    """An interview file rebuilt from the tables, for ``interview`` (default: the latest).

    With ``pipeline_limit`` the pipeline holds at most that many *active* applications:
    enough for the planner, which only asks whether the search has reached its target,
    without loading thousands of applications (the lint, which checks notes for other
    companies' names, needs the whole pipeline: leave it ``None``).
    """
    row = application(tx, app_id)
    candidate = get_candidate(tx)
    if candidate is None:
        raise InputError("no_profile")
    if interview is None:
        rounds = interviews(tx, app_id)
        if not rounds:
            raise InputError("no_interview", id=app_id)
        interview = rounds[-1]
    data: dict[str, Any] = {
        "candidate": candidate,
        "application": application_section(row),
        "interview": interview_section(interview),
        "pipeline": pipeline(
            tx, app_id, active_only=pipeline_limit is not None, limit=pipeline_limit
        ),
        "history": history_section(tx, app_id),
    }
    if row["outcome_kind"]:
        at = to_datetime(row["outcome_at"])
        data["outcome"] = _drop_none(
            {
                "kind": row["outcome_kind"],
                "at": at.isoformat() if at else None,
                "on_paper": bool(row["on_paper"]),
                "feedback": row["feedback"],
            }
        )
    if row["replied_at"]:
        replied = to_datetime(row["replied_at"])
        assert replied is not None
        data["reply"] = _drop_none(
            {"at": replied.isoformat(), "not_until": to_date(row["not_until"])}
        )
    return data


# -- plan steps ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Merge:
    added: int
    updated: int
    cancelled: int


def merge_plan(
    tx: Tx, app_id: int, interview_id: int, case: Case, plan: Plan, now: datetime
) -> Merge:
    """Store ``plan`` for one interview, keeping what the user already did or changed."""
    existing = {
        r["key"]: r
        for r in tx.all(
            "SELECT id, key, status, edited FROM actions WHERE interview_id = :iv "
            "AND owner_id = :owner",
            {"iv": interview_id, "owner": tx.owner},
        )
    }
    added = updated = 0
    for action in plan.actions:
        row = existing.pop(action.key, None)
        values = _action_values(case, action, now)
        if row is None:
            tx.execute(
                _INSERT_ACTION, {**values, "owner": tx.owner, "app": app_id, "iv": interview_id}
            )
            added += 1
        elif row["status"] in ("pending", "cancelled"):
            sql = _UPDATE_PENDING if not row["edited"] else _UPDATE_EDITED
            tx.execute(sql, {**values, "id": row["id"], "owner": tx.owner})
            updated += 1
    gone = [r["id"] for r in existing.values() if r["status"] == "pending"]
    for action_id in gone:
        tx.execute(
            "UPDATE actions SET status = 'cancelled', updated_at = :now "
            "WHERE id = :id AND owner_id = :owner",
            {"now": now, "id": action_id, "owner": tx.owner},
        )
    return Merge(added, updated, len(gone))


_INSERT_ACTION = """
INSERT INTO actions (owner_id, application_id, interview_id, key, kind, to_name, channel, zone,
  not_before, due, send_at, rule, why, sources, status, done_at, edited, created_at, updated_at)
VALUES (:owner, :app, :iv, :key, :kind, :to, :channel, :zone, :not_before, :due, :send_at,
  :rule, :why, :sources, :status, :done_at, :edited, :now, :now)
ON CONFLICT (interview_id, key) DO NOTHING"""

_UPDATE_PENDING = """
UPDATE actions SET kind = :kind, to_name = :to, channel = :channel, zone = :zone,
  not_before = :not_before, due = :due, send_at = :send_at, rule = :rule, why = :why,
  sources = :sources, status = :status, done_at = :done_at, updated_at = :now
WHERE id = :id AND owner_id = :owner"""

# The user changed this step's dates: keep them, refresh only the explanation and status.
_UPDATE_EDITED = """
UPDATE actions SET why = :why, sources = :sources, status = :status, done_at = :done_at,
  updated_at = :now
WHERE id = :id AND owner_id = :owner"""


def _action_values(case: Case, action: Any, now: datetime) -> dict[str, Any]:
    zone = case.zone_of(action.to) if action.to else case.candidate.timezone
    done = action.status == "done"
    return {
        "key": action.key,
        "kind": action.kind,
        "to": action.to,
        "channel": action.channel,
        "zone": zone.key,
        "not_before": action.not_before,
        "due": action.due,
        "send_at": action.send_at,
        "rule": action.rule,
        "why": reasons.encode(action.because),  # the code, worded where it is read
        "sources": dumps(list(action.sources)),
        "status": "done" if done else "pending",
        "done_at": _history_time(case, action) if done else None,
        "edited": False,
        "now": now,
    }


def _history_time(case: Case, action: Any) -> datetime | None:
    wanted = (action.to or "").casefold()
    times = [
        h.at
        for h in case.history
        if h.kind == action.kind and (not wanted or (h.to or "").casefold() == wanted)
    ]
    return max(times) if times else None


def cancel_older_rounds(tx: Tx, app_id: int, latest_interview: int, now: datetime) -> int:
    """A new round supersedes the previous one's pending follow-ups and close-out."""
    cursor = tx.execute(
        """UPDATE actions SET status = 'cancelled', updated_at = :now
           WHERE application_id = :app AND interview_id <> :iv AND status = 'pending'
             AND kind IN ('follow_up', 'close_out', 'keep_searching') AND owner_id = :owner""",
        {"now": now, "app": app_id, "iv": latest_interview, "owner": tx.owner},
    )
    return int(cursor.rowcount or 0)


def action(tx: Tx, action_id: int) -> dict[str, Any]:
    row = (
        None
        if not 0 < action_id <= MAX_ID
        else tx.one(
            "SELECT * FROM actions WHERE id = :id AND owner_id = :owner",
            {"id": action_id, "owner": tx.owner},
        )
    )
    if row is None:
        raise UnknownRecord("unknown_step", id=action_id)
    return row


def mark_done(tx: Tx, action_id: int, at: datetime, note: str | None, now: datetime) -> None:
    tx.execute(
        """UPDATE actions SET status = 'done', done_at = :at, note = :note,
                 updated_at = :now WHERE id = :id AND owner_id = :owner""",
        {"at": at, "note": note, "now": now, "id": action_id, "owner": tx.owner},
    )


def mark_skipped(tx: Tx, action_id: int, why: str, now: datetime) -> None:
    tx.execute(
        "UPDATE actions SET status = 'skipped', reason = :why, updated_at = :now "
        "WHERE id = :id AND owner_id = :owner",
        {"why": why, "now": now, "id": action_id, "owner": tx.owner},
    )


def pending_steps_of_kind(tx: Tx, app_id: int, kind: str) -> list[tuple[int, datetime]]:
    """The application's pending steps of ``kind`` (id, start), soonest first."""
    rows = tx.all(
        """SELECT id, not_before FROM actions WHERE application_id = :a AND kind = :k
                 AND status = 'pending' AND owner_id = :o ORDER BY not_before, id""",
        {"a": app_id, "k": kind, "o": tx.owner},
    )
    out = []
    for r in rows:
        moment = to_datetime(r["not_before"])
        assert moment is not None
        out.append((int(r["id"]), moment))
    return out


def revisit_start(tx: Tx, interview_id: int) -> datetime | None:
    """When the interview's planned revisit step starts (``None`` without one)."""
    step = tx.one(
        """SELECT not_before FROM actions WHERE interview_id = :iv
             AND kind = 'reflection_revisit' AND status <> 'cancelled' AND owner_id = :owner""",
        {"iv": interview_id, "owner": tx.owner},
    )
    return to_datetime(step["not_before"]) if step else None


def keep_in_touch_step(tx: Tx, app_id: int) -> dict[str, Any] | None:
    """The latest keep-in-touch step still pending or done (not_before, send_at, status)."""
    return tx.one(
        """SELECT not_before, send_at, status FROM actions WHERE application_id = :a
                 AND kind = 'keep_in_touch' AND status IN ('pending', 'done')
                 AND owner_id = :o
               ORDER BY not_before DESC LIMIT 1""",
        {"a": app_id, "o": tx.owner},
    )


def rejection_reply_step(tx: Tx, app_id: int) -> dict[str, Any] | None:
    """The latest pending reply to a rejection (send_at, not_before)."""
    return tx.one(
        """SELECT send_at, not_before FROM actions WHERE application_id = :a
                 AND kind = 'rejection_reply' AND status = 'pending' AND owner_id = :o
               ORDER BY not_before DESC LIMIT 1""",
        {"a": app_id, "o": tx.owner},
    )


def close_out_step(tx: Tx, app_id: int) -> dict[str, Any] | None:
    """The latest pending close-out step (id, not_before, zone)."""
    return tx.one(
        """SELECT id, not_before, zone FROM actions WHERE application_id = :a
                 AND kind = 'close_out' AND status = 'pending' AND owner_id = :o
               ORDER BY not_before DESC LIMIT 1""",
        {"a": app_id, "o": tx.owner},
    )


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


# -- overrides -----------------------------------------------------------------------------


def add_override(
    tx: Tx,
    app_id: int,
    kind: str,
    to: str | None,
    rules: list[str],
    reason: str,
    now: datetime,
) -> int:
    """Record that the user sends a blocked contact anyway, and why."""
    return tx.insert(
        """INSERT INTO overrides (owner_id, application_id, kind, to_name, rules, reason, at,
             created_at)
           VALUES (:owner, :app, :kind, :to, :rules, :reason, :now, :now) RETURNING id""",
        {
            "owner": tx.owner,
            "app": app_id,
            "kind": kind,
            "to": to,
            "rules": dumps(sorted(rules)),
            "reason": reason,
            "now": now,
        },
    )


def overrides(tx: Tx, app_id: int) -> list[dict[str, Any]]:
    rows = tx.all(
        """SELECT kind, to_name, rules, reason, at FROM overrides
           WHERE application_id = :app AND owner_id = :owner ORDER BY at, id""",
        {"app": app_id, "owner": tx.owner},
    )
    return [{**r, "rules": json.loads(r["rules"])} for r in rows]

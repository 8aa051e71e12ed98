"""Reading and writing a job search: applications, interviews, history and plan steps.

Records are kept close to the interview file's shape: an interview's panel, promises and
notes are stored as the JSON of that section, and :func:`case_data` rebuilds a whole
interview file (candidate, application, pipeline, history, outcome, reply) from the tables,
so the domain is always fed through the same validation as a hand-written file.

Every function takes an open :class:`~afterview.storage.db.Tx` and an owner id; none
commits. Plan steps are merged by their stable key (:attr:`Action.key`): what the user
did, skipped or edited survives replanning, and nothing is ever duplicated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from afterview.domain.errors import InputError
from afterview.storage.db import Tx, to_date, to_datetime

if TYPE_CHECKING:
    from afterview.domain.models import Case
    from afterview.domain.planner import Plan

PERSONAL_OWNER = 1


class UnknownRecord(InputError):
    """An id on the command line matches nothing stored."""


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default, sort_keys=True)


def _json_default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} as JSON")


# -- candidate ----------------------------------------------------------------------------

CANDIDATE_FIELDS = ("name", "email", "phone", "timezone", "country", "subdivision", "signature")


def get_candidate(tx: Tx, owner: int) -> dict[str, Any] | None:
    row = tx.one("SELECT * FROM candidates WHERE owner_id = :owner", {"owner": owner})
    if row is None:
        return None
    return {k: row[k] for k in CANDIDATE_FIELDS if row[k] is not None}


def save_candidate(tx: Tx, owner: int, data: dict[str, Any], now: datetime) -> None:
    values: dict[str, Any] = {k: _text(data.get(k)) for k in CANDIDATE_FIELDS}
    values.update(owner=owner, now=now)
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


def name_key(text: str | None) -> str:
    """How names are compared: case-folded, spaces collapsed ("LÓPEZ " finds "López")."""
    return " ".join((text or "").casefold().split())


def find_application(tx: Tx, owner: int, company: str, role: str) -> int | None:
    row = tx.one(
        """SELECT id FROM applications WHERE owner_id = :owner
           AND company_key = :company AND role_key = :role
           ORDER BY id LIMIT 1""",
        {"owner": owner, "company": name_key(company), "role": name_key(role)},
    )
    return None if row is None else int(row["id"])


def create_application(tx: Tx, owner: int, app: dict[str, Any], status: str, now: datetime) -> int:
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
            "owner": owner,
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


def update_application(tx: Tx, owner: int, app_id: int, now: datetime, **fields: Any) -> None:
    """Set the named columns of one application."""
    if not fields:
        return
    sets = ", ".join(f"{name} = :{name}" for name in fields)
    tx.execute(
        f"UPDATE applications SET {sets}, updated_at = :now WHERE id = :id AND owner_id = :owner",
        {**fields, "now": now, "id": app_id, "owner": owner},
    )


MAX_ID = 2**63 - 1  # the largest id either database can hold


def application(tx: Tx, owner: int, app_id: int) -> dict[str, Any]:
    row = (
        None
        if not 0 < app_id <= MAX_ID
        else tx.one(
            "SELECT * FROM applications WHERE id = :id AND owner_id = :owner",
            {"id": app_id, "owner": owner},
        )
    )
    if row is None:
        raise UnknownRecord(
            f"No application with id {app_id}; `afterview list` shows the ids you have."
        )
    return row


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
    owner: int,
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
    params = {"owner": owner, "x": -1 if except_id is None else except_id, "limit": limit}
    return tx.all(sql, params)


# -- interviews ----------------------------------------------------------------------------


def save_interview(
    tx: Tx,
    owner: int,
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
        "owner": owner,
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
            {"id": replace, "owner": owner},
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


def interviews(tx: Tx, owner: int, app_id: int) -> list[dict[str, Any]]:
    return tx.all(
        """SELECT * FROM interviews WHERE application_id = :app AND owner_id = :owner
           ORDER BY start_at, id""",
        {"app": app_id, "owner": owner},
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


# -- history -------------------------------------------------------------------------------


def add_history(tx: Tx, owner: int, app_id: int, entry: dict[str, Any], now: datetime) -> int:
    return tx.insert(
        """INSERT INTO history (owner_id, application_id, kind, to_name, channel, at, about,
             note, created_at)
           VALUES (:owner, :app, :kind, :to, :channel, :at, :about, :note, :now)
           RETURNING id""",
        {
            "owner": owner,
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


def history_section(tx: Tx, owner: int, app_id: int) -> list[dict[str, Any]]:
    rows = tx.all(
        """SELECT kind, to_name, channel, at, about FROM history
           WHERE application_id = :app AND owner_id = :owner ORDER BY at, id""",
        {"app": app_id, "owner": owner},
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


# -- the whole case -----------------------------------------------------------------------


def case_data(
    tx: Tx,
    owner: int,
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
    row = application(tx, owner, app_id)
    candidate = get_candidate(tx, owner)
    if candidate is None:
        raise InputError("No candidate profile is stored yet; `afterview add` a file first.")
    if interview is None:
        rounds = interviews(tx, owner, app_id)
        if not rounds:
            raise InputError(f"Application {app_id} has no interview recorded yet.")
        interview = rounds[-1]
    data: dict[str, Any] = {
        "candidate": candidate,
        "application": application_section(row),
        "interview": interview_section(interview),
        "pipeline": pipeline(
            tx, owner, app_id, active_only=pipeline_limit is not None, limit=pipeline_limit
        ),
        "history": history_section(tx, owner, app_id),
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
    tx: Tx, owner: int, app_id: int, interview_id: int, case: Case, plan: Plan, now: datetime
) -> Merge:
    """Store ``plan`` for one interview, keeping what the user already did or changed."""
    existing = {
        r["key"]: r
        for r in tx.all(
            "SELECT id, key, status, edited FROM actions WHERE interview_id = :iv",
            {"iv": interview_id},
        )
    }
    added = updated = 0
    for action in plan.actions:
        row = existing.pop(action.key, None)
        values = _action_values(case, action, now)
        if row is None:
            tx.execute(
                _INSERT_ACTION, {**values, "owner": owner, "app": app_id, "iv": interview_id}
            )
            added += 1
        elif row["status"] in ("pending", "cancelled"):
            sql = _UPDATE_PENDING if not row["edited"] else _UPDATE_EDITED
            tx.execute(sql, {**values, "id": row["id"]})
            updated += 1
    gone = [r["id"] for r in existing.values() if r["status"] == "pending"]
    for action_id in gone:
        tx.execute(
            "UPDATE actions SET status = 'cancelled', updated_at = :now WHERE id = :id",
            {"now": now, "id": action_id},
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
WHERE id = :id"""

# The user changed this step's dates: keep them, refresh only the explanation and status.
_UPDATE_EDITED = """
UPDATE actions SET why = :why, sources = :sources, status = :status, done_at = :done_at,
  updated_at = :now
WHERE id = :id"""


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
        "why": action.why,
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
             AND kind IN ('follow_up', 'close_out', 'keep_searching')""",
        {"now": now, "app": app_id, "iv": latest_interview},
    )
    return int(cursor.rowcount or 0)


def action(tx: Tx, owner: int, action_id: int) -> dict[str, Any]:
    row = (
        None
        if not 0 < action_id <= MAX_ID
        else tx.one(
            "SELECT * FROM actions WHERE id = :id AND owner_id = :owner",
            {"id": action_id, "owner": owner},
        )
    )
    if row is None:
        raise UnknownRecord(
            f"No plan step with id {action_id}; `afterview agenda` shows the ids of your steps."
        )
    return row


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


# -- overrides -----------------------------------------------------------------------------


def add_override(
    tx: Tx,
    owner: int,
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
            "owner": owner,
            "app": app_id,
            "kind": kind,
            "to": to,
            "rules": dumps(sorted(rules)),
            "reason": reason,
            "now": now,
        },
    )


def overrides(tx: Tx, owner: int, app_id: int) -> list[dict[str, Any]]:
    rows = tx.all(
        """SELECT kind, to_name, rules, reason, at FROM overrides
           WHERE application_id = :app AND owner_id = :owner ORDER BY at, id""",
        {"app": app_id, "owner": owner},
    )
    return [{**r, "rules": json.loads(r["rules"])} for r in rows]

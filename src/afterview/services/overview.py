"""Read-only views of the tracked search: the application list and one application."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from afterview.storage import overview_repo as views
from afterview.storage import repository as repo
from afterview.storage.db import to_date, to_datetime
from afterview.storage.work import Work


@dataclass(frozen=True, slots=True)
class Row:
    id: int
    company: str
    role: str
    status: str
    rounds: int
    decision_date: date | None
    next_kind: str | None
    next_to: str | None
    next_from: datetime | None

    def days_to_decision(self, today: date) -> int | None:
        return (self.decision_date - today).days if self.decision_date else None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "company": self.company,
            "role": self.role,
            "status": self.status,
            "interviews": self.rounds,
            "decision_date": self.decision_date.isoformat() if self.decision_date else None,
            "next": None
            if self.next_kind is None
            else {
                "kind": self.next_kind,
                "to": self.next_to,
                "not_before": self.next_from.isoformat() if self.next_from else None,
            },
        }


def applications(work: Work, *, now: datetime) -> list[Row]:
    with work.read() as tx:
        apps = views.application_list(tx)
        steps = views.pending_steps_latest_first(tx)
    first = {s["application_id"]: s for s in steps}  # descending order: the earliest wins
    rows = []
    for a in apps:
        step = first.get(a["id"])
        rows.append(
            Row(
                a["id"],
                a["company"],
                a["role"],
                a["status"],
                int(a["rounds"]),
                to_date(a["decision_date"]),
                step["kind"] if step else None,
                step["to_name"] if step else None,
                to_datetime(step["not_before"]) if step else None,
            )
        )
    return rows


def detail(work: Work, app_id: int) -> dict[str, Any]:
    """One application with its interviews, plan steps and history, JSON-ready."""
    with work.read() as tx:
        app = repo.application(tx, app_id)
        rounds = repo.interviews(tx, app_id)
        steps = views.application_steps(tx, app_id)
        history = repo.history_section(tx, app_id)
    return {
        "id": app_id,
        "company": app["company"],
        "role": app["role"],
        "status": app["status"],
        "outcome": app["outcome_kind"],
        **_tracked(app),
        "interviews": [_interview(r) for r in rounds],
        "steps": [_step(s) for s in steps],
        "history": history,
    }


def _tracked(app: dict[str, Any]) -> dict[str, Any]:
    """What a tracker import (or the interview file) recorded about the application."""
    applied = to_date(app["applied_on"])
    return {
        "applied_on": applied.isoformat() if applied else None,
        "url": app["url"],
        "source": app["source"],
        "notes": app["notes"],
        "contacts": json.loads(app["contacts"] or "[]"),
        "extra": json.loads(app["extra"] or "{}"),
    }


def _interview(r: dict[str, Any]) -> dict[str, Any]:
    start = to_datetime(r["start_at"])
    decision = to_date(r["decision_date"])
    return {
        "id": r["id"],
        "round": r["round"],
        "start": start.isoformat() if start else None,
        "timezone": r["timezone"],
        "format": r["format"],
        "panel": [p.get("name") for p in json.loads(r["panel"])],
        "decision": r["decision"],
        "decision_date": decision.isoformat() if decision else None,
        "contact_preference": r["contact_preference"],
    }


_STEP_FIELDS = (
    "id",
    "interview_id",
    "kind",
    "channel",
    "zone",
    "status",
    "why",
    "note",
    "reason",
    "rule",
)


def _step(s: dict[str, Any]) -> dict[str, Any]:
    out = {k: s[k] for k in _STEP_FIELDS}
    out["sources"] = json.loads(s["sources"])
    out["to"] = s["to_name"]
    for key in ("not_before", "due", "send_at", "done_at"):
        moment = to_datetime(s[key])
        out[key] = moment.isoformat() if moment else None
    return out


@dataclass(frozen=True, slots=True)
class Health:
    """How the search stands: active applications against the target, and fresh interviews."""

    active: int
    target: int
    # companies whose interview ended in the last day, while the process is still open
    just_interviewed: tuple[str, ...]

    @property
    def thin(self) -> bool:
        return self.active < self.target


def health(work: Work, *, now: datetime, target: int) -> Health:
    since = now - timedelta(hours=24)
    with work.read() as tx:
        active = views.count_active(tx)
        fresh = views.companies_interviewed_between(tx, since, now)
    return Health(active, target, tuple(fresh))

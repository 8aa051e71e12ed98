"""Read-only views of the tracked search: the application list and one application."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from afterview.domain import reasons
from afterview.domain.serial import computed, meta
from afterview.domain.steps import DETAIL_FIELDS, Step, step_json
from afterview.services.ports import UnitOfWork
from afterview.services.ports import overview_repo as views
from afterview.services.ports import repository as repo
from afterview.stored import to_date, to_datetime


@dataclass(frozen=True, slots=True)
class Next:
    """An application's next pending step, as the list shows it."""

    kind: str
    to: str | None
    not_before: datetime | None


@dataclass(frozen=True, slots=True)
class Row:
    id: int
    company: str
    role: str
    status: str
    rounds: int = field(metadata=meta(name="interviews"))
    decision_date: date | None
    next_kind: str | None = field(metadata=meta(omit=True))  # the three printed as ``next``
    next_to: str | None = field(metadata=meta(omit=True))
    next_from: datetime | None = field(metadata=meta(omit=True))

    def days_to_decision(self, today: date) -> int | None:
        return (self.decision_date - today).days if self.decision_date else None

    @computed
    def next(self) -> Next | None:
        return (
            None if self.next_kind is None else Next(self.next_kind, self.next_to, self.next_from)
        )


def applications(work: UnitOfWork, *, now: datetime) -> list[Row]:
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


def detail(work: UnitOfWork, app_id: int) -> dict[str, Any]:
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


def _step(s: dict[str, Any]) -> dict[str, Any]:
    """A stored step as the record everyone reads, in its detail view (JSON-ready)."""
    step = Step(
        id=s["id"],
        interview_id=s["interview_id"],
        kind=s["kind"],
        to=s["to_name"],
        channel=s["channel"],
        zone=s["zone"],
        status=s["status"],
        because=reasons.decode(s["why"]),
        note=s["note"],
        reason=s["reason"],
        rule=s["rule"],
        sources=tuple(json.loads(s["sources"])),
        not_before=_moment(s["not_before"]),
        due=_moment(s["due"]),
        send_at=to_datetime(s["send_at"]),
        done_at=to_datetime(s["done_at"]),
    )
    return step_json(step, DETAIL_FIELDS)


def _moment(value: Any) -> datetime:
    moment = to_datetime(value)
    assert moment is not None
    return moment


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


def health(work: UnitOfWork, *, now: datetime, target: int) -> Health:
    since = now - timedelta(hours=24)
    with work.read() as tx:
        active = views.count_active(tx)
        fresh = views.companies_interviewed_between(tx, since, now)
    return Health(active, target, tuple(fresh))

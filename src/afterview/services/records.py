"""One stored record at a time, for the pages and commands that show or check it.

The entry points never open a transaction themselves: what they need to read on the way to
a service (the profile, the user's time zone, one application, one plan step, the rebuilt
interview file) comes from here, in a unit of work for the actor.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from afterview.services.ports import UnitOfWork, outbox_repo
from afterview.services.ports import repository as repo
from afterview.stored import to_datetime


def profile(work: UnitOfWork) -> dict[str, Any]:
    """The stored candidate profile (empty before the first interview is recorded)."""
    with work.read() as tx:
        return repo.get_candidate(tx) or {}


def zone(work: UnitOfWork) -> ZoneInfo | None:
    """The candidate's time zone, once a profile is stored."""
    name = profile(work).get("timezone")
    return ZoneInfo(str(name)) if name else None


def application(work: UnitOfWork, app_id: int) -> dict[str, Any]:
    """One application's stored row (:class:`UnknownRecord` when the actor has none)."""
    with work.read() as tx:
        return repo.application(tx, app_id)


def step(work: UnitOfWork, step_id: int) -> dict[str, Any]:
    """One plan step's stored row (:class:`UnknownRecord` when the actor has none)."""
    with work.read() as tx:
        return repo.action(tx, step_id)


def case_file(work: UnitOfWork, app_id: int) -> dict[str, Any]:
    """The application's latest interview as an interview file, rebuilt from the tables."""
    with work.read() as tx:
        return repo.case_data(tx, app_id)


def overrides(work: UnitOfWork, app_id: int) -> list[dict[str, Any]]:
    """The contacts the user chose to send despite a guard, with their reasons."""
    with work.read() as tx:
        return repo.overrides(tx, app_id)


def add_override(
    work: UnitOfWork,
    app_id: int,
    kind: str,
    to: str | None,
    rules: list[str],
    reason: str,
    *,
    now: datetime,
) -> None:
    """Record that the user sends a blocked contact anyway, and why."""
    with work.write() as tx:
        repo.application(tx, app_id)  # an unknown id is refused before anything is written
        repo.add_override(tx, app_id, kind, to, rules, reason, now)


def planned_send_times(
    work: UnitOfWork, app_id: int, kind: str, names: list[str]
) -> dict[str, datetime]:
    """When the plan sends each named recipient's note of ``kind`` (those it has a time for)."""
    out = {}
    with work.read() as tx:
        for name in names:
            step = outbox_repo.pending_step(tx, app_id, kind, name)
            at = to_datetime(step["send_at"]) if step else None
            if at is not None:
                out[name] = at
    return out

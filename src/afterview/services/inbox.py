"""What the reply watch found, and what it does about it.

A reply matched to an application is stored once (``mail_events``) and acted on in the
same transaction, so a crash never leaves one without the other:

* a person answered (**human**) — follow-ups stop, as with ``afterview reply ID``;
* an automatic reply with a return date (**auto**) — follow-ups wait until that day, as
  with ``afterview reply ID --not-until DATE``; the planner has no pause of its own, so the
  pause is recorded as a reply with ``not_until``. A pause never undoes a reply that
  already stopped the follow-ups, and never shortens a longer pause;
* a reply that reads like a **rejection** or an **offer** — it is a person's answer too, so
  follow-ups stop; the outcome itself waits (status ``new``) until the user confirms it
  (:func:`confirm`, which records it like ``afterview outcome``) or dismisses it. An
  outcome is never recorded without the user.

Statuses: ``applied`` (the watch did what it does on its own), ``new`` (waiting for the
user), ``confirmed``, ``dismissed``, ``undone``.

A match can be wrong (a newsletter from the company, a reply about another role). Each
event keeps the application's reply and outcome fields as they were just before it
(``prior``), so :func:`undo` puts them back and replans: the plan is what it was before
the match. Only an application's latest reply can be undone, so a later one is never lost
under an earlier state.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from afterview.domain.errors import InputError
from afterview.services import outbox, tracking
from afterview.services.agenda import Heard
from afterview.services.ports import Tx, UnitOfWork, mail_repo
from afterview.services.ports import repository as repo
from afterview.services.settings import policy_in
from afterview.stored import to_date, to_datetime

SUGGESTIONS = ("rejection", "offer")
OUTCOME_OF = {"rejection": "rejected", "offer": "offer"}


# -- recording what the watch saw -----------------------------------------------------------


def record(tx: Tx, app_id: int, event: dict[str, Any], *, now: datetime) -> int | None:
    """Store a matched reply and act on it; ``None`` (and no change) when already stored.

    ``event`` holds the ``mail_events`` columns: message_id, in_reply_to, from_addr,
    from_name, subject, received_at, kind, return_on, why.
    """
    row = repo.application(tx, app_id)
    suggest = event["kind"] in SUGGESTIONS and not row["outcome_kind"]
    status = "new" if suggest else "applied"
    event_id = mail_repo.add_event(
        tx, app_id, {**event, "status": status, "prior": _prior(row)}, now
    )
    if event_id is None:
        return None
    if not row["outcome_kind"]:  # after an outcome there are no follow-ups to stop or pause
        _act(tx, row, event, now)
    return event_id


def _act(tx: Tx, row: dict[str, Any], event: dict[str, Any], now: datetime) -> None:
    stopped = row["replied_at"] is not None and row["not_until"] is None
    if stopped:
        return  # someone already answered: nothing later changes that
    if event["kind"] == "auto":
        back: date | None = event["return_on"]
        if back is None:
            return
        paused = to_date(row["not_until"])
        fields = {
            "replied_at": row["replied_at"] or event["received_at"],
            "not_until": max(back, paused) if paused else back,
        }
    else:
        fields = {"replied_at": event["received_at"], "not_until": None}
    repo.update_application(tx, row["id"], now, **fields)
    tracking.replan_if_planned(tx, row["id"], now=now, policy=policy_in(tx))


# -- what the user sees and decides ---------------------------------------------------------


def entries(work: UnitOfWork, *, app_id: int | None = None, limit: int = 200) -> list[Heard]:
    """Replies seen: suggestions waiting for the user first, then the newest first."""
    with work.read() as tx:
        if app_id is not None:
            repo.application(tx, app_id)  # a clear error for an unknown id
        rows = mail_repo.events(tx, app_id=app_id, limit=limit)
    return [Heard.from_row(r) for r in rows]


def _waiting(work: UnitOfWork, event_id: int) -> Heard:
    with work.read() as tx:
        entry = Heard.from_row(mail_repo.event(tx, event_id))
    if entry.status != "new":
        raise InputError("reply_not_waiting", id=event_id, status=entry.status)
    return entry


def confirm(
    work: UnitOfWork, event_id: int, *, now: datetime
) -> tuple[Heard, tracking.Replanned | None]:
    """The suggestion is right: record the outcome it reads as, on the day it arrived."""
    entry = _waiting(work, event_id)
    # Recording the same outcome twice changes nothing, so a crash between these two
    # transactions leaves a suggestion the user can simply confirm again.
    result = tracking.outcome(
        work, entry.application_id, OUTCOME_OF[entry.kind], at=entry.received_at, now=now
    )
    with work.write() as tx:
        mail_repo.decide(tx, event_id, "confirmed", now)
    return entry, result


def undo(
    work: UnitOfWork, event_id: int, *, now: datetime
) -> tuple[Heard, tracking.Replanned | None]:
    """The watch matched this reply by mistake: put the application's reply and outcome
    back as they were before it, replan, and put back in the outbox the notes it held."""
    with work.write() as tx:
        row = mail_repo.event(tx, event_id)
        entry = Heard.from_row(row)
        if entry.status == "undone":
            raise InputError("reply_already_undone", id=event_id)
        newest = mail_repo.newest_event(tx, entry.application_id)
        if newest != event_id:
            raise InputError("reply_undo_order", newer=newest, company=entry.company, id=event_id)
        if not row["prior"]:
            raise InputError("reply_undo_unknown_before", id=event_id)
        repo.update_application(tx, entry.application_id, now, **_restored(row["prior"]))
        mail_repo.mark_undone(tx, event_id, now)
        policy = policy_in(tx)
        replanned = tracking.replan_if_planned(tx, entry.application_id, now=now, policy=policy)
        tracking.replan_pipeline(tx, now=now, policy=policy, except_id=entry.application_id)
        outbox.release_unblocked(tx, entry.application_id, now=now, policy=policy)
    return entry, replanned


def _prior(row: dict[str, Any]) -> str:
    """The application's reply and outcome fields, to put back if the match is undone."""
    return json.dumps({key: _plain(row[key]) for key in _PRIOR})


def _restored(prior: str) -> dict[str, Any]:
    saved = json.loads(prior)
    fields = {key: saved.get(key) for key in _PRIOR}
    for key in ("replied_at", "outcome_at"):
        fields[key] = to_datetime(fields[key])
    day = fields["not_until"]
    fields["not_until"] = to_date(day[:10]) if isinstance(day, str) else to_date(day)
    fields["on_paper"] = bool(fields["on_paper"])
    return fields


_PRIOR = ("status", "replied_at", "not_until", "outcome_kind", "outcome_at", "on_paper", "feedback")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def dismiss(work: UnitOfWork, event_id: int, *, now: datetime) -> Heard:
    """The suggestion is wrong: keep the reply, record no outcome."""
    entry = _waiting(work, event_id)
    with work.write() as tx:
        if not mail_repo.decide(tx, event_id, "dismissed", now):
            raise InputError("reply_decided_meanwhile", id=event_id)
    return entry

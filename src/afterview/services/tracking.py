"""Use cases of the tracked job search: add, update, record what happened, replan.

Each function is one transaction: it reads what it needs, changes the records, and
recomputes the application's plan from the core rules before committing, so the stored
plan is always what the planner says for the stored facts. What the user did, skipped or
edited is kept by the merge (see ``storage.repository.merge_plan``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from afterview.domain.date_range import check_year
from afterview.domain.errors import InputError
from afterview.domain.models import Case
from afterview.domain.planner import Plan, follow_up_schedule
from afterview.domain.planner import plan as make_plan
from afterview.domain.settings import Policy
from afterview.domain.wording import name_key
from afterview.interview_file import from_data
from afterview.services.ports import Merge, Tx, UnitOfWork
from afterview.services.ports import learning_repo as learn
from afterview.services.ports import repository as repo
from afterview.services.settings import policy_in
from afterview.stored import to_date, to_datetime

OUTCOME_STATUS = {"offer": "offer", "rejected": "rejected", "withdrawn": "withdrawn"}


@dataclass(frozen=True, slots=True)
class Replanned:
    application_id: int
    interview_id: int
    plan: Plan
    merge: Merge


@dataclass(frozen=True, slots=True)
class Added:
    replanned: Replanned
    new_application: bool
    new_interview: bool
    pipeline_added: int


# -- adding interviews ----------------------------------------------------------------------


def add(work: UnitOfWork, data: dict[str, Any], *, source: str, now: datetime) -> Added:
    """Store an interview file: a new application, or a new round of an existing one."""
    case = from_data(data, source=source)
    with work.write() as tx:
        policy = policy_in(tx)
        repo.save_candidate(tx, data["candidate"], now)
        app_id = repo.find_application(tx, case.application.company, case.application.role)
        new_app = app_id is None
        if app_id is None:
            app_id = repo.create_application(tx, data["application"], "interviewing", now)
        else:
            _refresh_application(tx, app_id, data["application"], now)
        new_interview = _store_interview(tx, app_id, case, data["interview"], now, policy)
        added = _store_pipeline(tx, data.get("pipeline") or [], now)
        _store_history(tx, app_id, case, now)
        if case.outcome is not None:
            _store_outcome(tx, app_id, case, now)
        if case.reply is not None:
            repo.update_application(
                tx, app_id, now, replied_at=case.reply.at, not_until=case.reply.not_until
            )
        learn.index_unindexed(tx, now)  # the questions in its notes join the bank
        replanned = replan(tx, app_id, now=now, policy=policy)
        replan_pipeline(tx, now=now, policy=policy, except_id=app_id)
    return Added(replanned, new_app, new_interview, added)


def _refresh_application(tx: Tx, app_id: int, section: dict[str, Any], now: datetime) -> None:
    row = repo.application(tx, app_id)
    fields: dict[str, Any] = {}
    if row["status"] in ("applied", "closed"):
        fields["status"] = "interviewing"
    referrer = section.get("referrer")
    if referrer and not row["referrer_name"]:
        fields.update(referrer_name=referrer["name"], referrer_email=referrer.get("email"))
    for key, column in (("references", "refs"), ("links", "links")):
        if section.get(key):
            fields[column] = repo.dumps(section[key])
    repo.update_application(tx, app_id, now, **fields)


def _store_interview(
    tx: Tx, app_id: int, case: Case, section: dict[str, Any], now: datetime, policy: Policy
) -> bool:
    """Insert the interview, or update the stored one that started at the same time (so
    adding a file again keeps what was done, skipped or edited in its plan)."""
    decision = follow_up_schedule(case, policy).decision.date
    for row in repo.interviews(tx, app_id):
        if to_datetime(row["start_at"]) == case.interview.start:
            repo.save_interview(tx, app_id, case, section, decision, now, replace=row["id"])
            return False
    repo.save_interview(tx, app_id, case, section, decision, now)
    return True


def _store_pipeline(tx: Tx, entries: list[dict[str, Any]], now: datetime) -> int:
    """Other applications named in the file and not tracked yet become applications."""
    added = 0
    for entry in entries:
        if repo.find_application(tx, entry["company"], entry.get("role") or "") is None:
            repo.create_application(tx, entry, entry.get("status") or "applied", now)
            added += 1
    return added


def _store_history(tx: Tx, app_id: int, case: Case, now: datetime) -> None:
    known = {(h["kind"], h.get("to"), h["at"]) for h in repo.history_section(tx, app_id)}
    for h in case.history:
        key = (h.kind, h.to, h.at.astimezone(UTC).isoformat())
        if key not in known:
            entry = {"kind": h.kind, "to": h.to, "channel": h.channel, "at": h.at, "about": h.about}
            repo.add_history(tx, app_id, entry, now)


def _store_outcome(tx: Tx, app_id: int, case: Case, now: datetime) -> None:
    outcome = case.outcome
    assert outcome is not None
    repo.update_application(
        tx,
        app_id,
        now,
        outcome_kind=outcome.kind,
        outcome_at=outcome.at,
        on_paper=outcome.on_paper,
        feedback=outcome.feedback,
        status=OUTCOME_STATUS[outcome.kind],
    )


def edit(work: UnitOfWork, app_id: int, data: dict[str, Any], *, now: datetime) -> Replanned:
    """Rewrite an application and its latest interview from an edited interview file.

    The interview is updated in place, so its plan steps keep what was done, skipped or
    edited; the plan is then recomputed from the new facts.
    """
    case = from_data(data, source="the form")
    section = data["application"]
    referrer = section.get("referrer") or {}
    with work.write() as tx:
        policy = policy_in(tx)
        repo.application(tx, app_id)  # a clear error for an unknown id
        repo.save_candidate(tx, data["candidate"], now)
        repo.update_application(
            tx,
            app_id,
            now,
            company=case.application.company,
            role=case.application.role,
            company_key=name_key(case.application.company),
            role_key=name_key(case.application.role),
            channel_before=case.application.channel_before,
            referrer_name=referrer.get("name"),
            referrer_email=referrer.get("email"),
            refs=repo.dumps(section.get("references") or []),
            links=repo.dumps(section.get("links") or []),
            url=section.get("url"),
            source=section.get("source"),
        )
        rounds = repo.interviews(tx, app_id)
        decision = follow_up_schedule(case, policy).decision.date
        latest = rounds[-1]["id"] if rounds else None
        repo.save_interview(tx, app_id, case, data["interview"], decision, now, replace=latest)
        learn.index_unindexed(tx, now)  # the edited notes' questions, grouped again
        return replan(tx, app_id, now=now, policy=policy)


# -- replanning ----------------------------------------------------------------------------


def load_case(tx: Tx, app_id: int, policy: Policy) -> tuple[Case, dict[str, Any]]:
    """The domain case for an application's latest interview, and that interview's row."""
    rounds = repo.interviews(tx, app_id)
    repo.application(tx, app_id)  # a clear error for an unknown id
    if not rounds:
        raise InputError("no_interview", id=app_id)
    data = repo.case_data(tx, app_id, rounds[-1], pipeline_limit=policy.pipeline_target)
    return from_data(data, source=f"application {app_id}", stored=True), rounds[-1]


def replan(tx: Tx, app_id: int, *, now: datetime, policy: Policy) -> Replanned:
    """Recompute the application's plan from the stored facts and merge it in."""
    case, interview = load_case(tx, app_id, policy)
    result = make_plan(case, now=now, policy=policy)
    merge = repo.merge_plan(tx, app_id, interview["id"], case, result, now)
    repo.cancel_older_rounds(tx, app_id, interview["id"], now)
    decision = result.decision.date
    if decision != to_date(interview["decision_date"]):
        repo.set_decision_date(tx, interview["id"], decision)
    return Replanned(app_id, interview["id"], result, merge)


def replan_if_planned(tx: Tx, app_id: int, *, now: datetime, policy: Policy) -> Replanned | None:
    """Replan an application that has an interview; one without (e.g. imported) has no plan."""
    if not repo.interviews(tx, app_id):
        return None
    return replan(tx, app_id, now=now, policy=policy)


def replan_pipeline(tx: Tx, *, now: datetime, policy: Policy, except_id: int | None = None) -> int:
    """Replan every application with an interview (but ``except_id``) that is active or
    still has a keep-searching step waiting, since how many applications stay active
    decides that step; returns how many."""
    ids = repo.replan_candidates(tx, except_id)
    for app_id in ids:
        replan(tx, app_id, now=now, policy=policy)
    return len(ids)


# -- what happened -------------------------------------------------------------------------


def done(
    work: UnitOfWork,
    action_id: int,
    *,
    at: datetime,
    now: datetime,
    note: str | None = None,
) -> Replanned:
    """Mark a step done; a contact is also recorded in the history, for the guards."""
    check_year(at, "done at")
    with work.write() as tx:
        policy = policy_in(tx)
        row = _pending(tx, action_id)
        repo.mark_done(tx, action_id, at, note, now)
        entry = {
            "kind": row["kind"],
            "to": row["to_name"],
            "channel": row["channel"] or "email",
            "at": at,
            "note": note,
        }
        repo.add_history(tx, row["application_id"], entry, now)
        app_id = row["application_id"]
        if row["kind"] == "close_out":
            repo.update_application(tx, app_id, now, status="closed")
        replanned = replan(tx, app_id, now=now, policy=policy)
        if row["kind"] == "close_out":  # one active application fewer for the others
            replan_pipeline(tx, now=now, policy=policy, except_id=app_id)
        return replanned


def skip(work: UnitOfWork, action_id: int, *, why: str, now: datetime) -> None:
    if not why.strip():
        raise InputError("skip_needs_reason")
    with work.write() as tx:
        _pending(tx, action_id)
        repo.mark_skipped(tx, action_id, why.strip(), now)


def log(work: UnitOfWork, app_id: int, entry: dict[str, Any], *, now: datetime) -> Replanned:
    """A contact that happened outside afterview; it counts for the pestering guard."""
    if isinstance(entry.get("at"), date):
        check_year(entry["at"], "log at")
    with work.write() as tx:
        policy = policy_in(tx)
        case, _ = load_case(tx, app_id, policy)
        if entry.get("to"):
            entry = {**entry, "to": _known_name(case, entry["to"])}
        repo.add_history(tx, app_id, entry, now)
        return replan(tx, app_id, now=now, policy=policy)


def update(work: UnitOfWork, app_id: int, *, now: datetime, **changes: str | None) -> Replanned:
    """Change what they said (decision, contact preference, next step) and replan."""
    unknown = set(changes) - repo.INTERVIEW_UPDATES
    if unknown:
        raise InputError("cannot_update", fields=", ".join(sorted(unknown)))
    with work.write() as tx:
        policy = policy_in(tx)
        _, interview = load_case(tx, app_id, policy)
        for column, value in changes.items():
            repo.set_interview_field(tx, interview["id"], column, value)
        load_case(tx, app_id, policy)  # validates the new values before anything commits
        return replan(tx, app_id, now=now, policy=policy)


def reply(
    work: UnitOfWork,
    app_id: int,
    *,
    at: datetime,
    now: datetime,
    not_until: date | None = None,
) -> Replanned | None:
    """They answered: follow-ups stop, or wait until ``not_until``."""
    check_year(at, "reply at")
    if not_until is not None:
        check_year(not_until, "not until")
    with work.write() as tx:
        policy = policy_in(tx)
        repo.application(tx, app_id)
        repo.update_application(tx, app_id, now, replied_at=at, not_until=not_until)
        replanned = replan_if_planned(tx, app_id, now=now, policy=policy)
        _hold_outbox(tx, app_id, now, policy)
        return replanned


def outcome(
    work: UnitOfWork,
    app_id: int,
    kind: str,
    *,
    at: datetime,
    now: datetime,
    on_paper: bool = False,
    feedback: str | None = None,
) -> Replanned | None:
    if kind not in OUTCOME_STATUS:
        raise InputError("unknown_outcome", kind=kind)
    check_year(at, "outcome at")
    with work.write() as tx:
        policy = policy_in(tx)
        repo.application(tx, app_id)
        repo.update_application(
            tx,
            app_id,
            now,
            outcome_kind=kind,
            outcome_at=at,
            on_paper=on_paper,
            feedback=feedback,
            status=OUTCOME_STATUS[kind],
        )
        replanned = replan_if_planned(tx, app_id, now=now, policy=policy)
        replan_pipeline(tx, now=now, policy=policy, except_id=app_id)
        _hold_outbox(tx, app_id, now, policy)
        return replanned


def _hold_outbox(tx: Tx, app_id: int, now: datetime, policy: Policy) -> None:
    """Notes approved before the news that the guards now block wait for the user."""
    from afterview.services import outbox

    outbox.hold_blocked(tx, app_id, now=now, policy=policy)


def _pending(tx: Tx, action_id: int) -> dict[str, Any]:
    row = repo.action(tx, action_id)
    if row["status"] != "pending":
        raise InputError("step_already_closed", id=action_id, status=row["status"])
    return row


def _known_name(case: Case, name: str) -> str:
    wanted = " ".join(name.casefold().split())
    for person, _ in case.people():
        if " ".join(person.casefold().split()) == wanted:
            return person
    case.role_of(name)  # raises UnknownPerson with the list of known names
    return name

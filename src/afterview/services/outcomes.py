"""Outcomes: what follows a rejection, an accepted offer, or a process gone silent.

Recording the outcome itself is ``tracking.outcome`` (the plan drops what no longer applies
and adds the reply it calls for); this module adds what comes with each ending:

* **A rejection** keeps the feedback they gave, shows the gracious reply (thanks,
  acceptance, at most one narrow feedback question, never chased: about 71% of candidates
  never get feedback, Talent Board 2022), the ``keep_in_touch`` step planned for after the
  process, and offers a private expressive-writing prompt: writing about the loss raised
  re-employment within eight months from 14–24% to 53% in Spera, Buhrfeind & Pennebaker
  (1994). What the user writes is stored in ``reflections`` as ``expressive``: it is theirs
  alone, never part of a draft.
* **Accepting an offer** is final only on paper ("How to Ace a Job Interview: After the
  Interview": keep looking until the offer is in writing). Once accepted, every other
  open process gets a polite withdrawal draft ("I did the interview…Now what?": leave every
  employer on good terms), checked by the guards and the lint, shown and never sent.
* **Silence** after the last follow-up: once the ``close_out`` step's date has come and the
  user confirms, the application is ``closed``, with a kind word rather than a verdict
  (61% of workers report being ghosted after an interview, Greenhouse 2024).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar
from zoneinfo import ZoneInfo

from afterview.domain import drafting, sources
from afterview.domain.channels import reachable_lead
from afterview.domain.errors import InputError
from afterview.domain.guards import Contact, Verdict, check
from afterview.domain.models import Case
from afterview.domain.serial import computed, meta
from afterview.domain.settings import Policy
from afterview.domain.timing import send_slot
from afterview.i18n import N_, _, when
from afterview.interview_file import from_data
from afterview.services import tracking
from afterview.services.ports import Tx, UnitOfWork
from afterview.services.ports import learning_repo as learn
from afterview.services.ports import repository as repo
from afterview.services.settings import policy_in
from afterview.stored import to_datetime

if TYPE_CHECKING:
    from jinja2 import Environment

OPEN_STATUSES = ("applied", "interviewing", "offer")
ACCEPTED = "offer_accepted"  # the history entry that marks the offer the user took
MAX_ENTRY = 50_000  # characters of one private entry: pages of writing, not a file dump

EXPRESSIVE_PROMPT = N_(
    "If you like, take twenty minutes in private to write about this rejection: what you "
    "hoped for, what you feel about it now, and what it touches in you beyond this job. "
    "Nobody else will read it and afterview never puts it in a note. After a job loss, "
    "people who wrote like this for a few days found new work sooner (Spera, Buhrfeind & "
    "Pennebaker, 1994)."
)
EXPRESSIVE_SOURCES = (sources.PENNEBAKER_1994,)
KIND_WORD_SOURCES = (sources.GREENHOUSE_2024, sources.CAREER_NETWORK, sources.NOW_WHAT)


def kind_word(company: str) -> str:
    """What afterview says when a silent process is closed: warm, short, no blame."""
    return _(
        "The %(company)s process is closed. Silence says more about a busy hiring team than "
        "about you: most people have met it at least once. You thanked them and followed "
        "up with care; that work stays to your credit, and your energy can now go to the "
        "places that write back."
    ) % {"company": company}


# -- a rejection ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AfterRejection:
    application_id: int
    company: str
    feedback: str | None
    reply: drafting.Draft | None  # None when nobody from the panel is recorded
    # the guards on sending the reply at ``reply_at``
    verdict: Verdict | None = field(metadata=meta(name="guards"))
    reply_at: datetime | None
    keep_in_touch: datetime | None  # when the LinkedIn note is planned (not before)
    prompt: str = field(metadata=meta(omit=True))  # printed with its sources
    # private entries already written for this application
    entries: int = field(metadata=meta(name="expressive_entries"))

    json_order: ClassVar[tuple[str, ...]] = (
        "application_id", "company", "feedback", "reply", "guards", "reply_at", "keep_in_touch",
        "expressive_prompt", "expressive_entries",
    )  # fmt: skip

    @computed
    def expressive_prompt(self) -> Prompt:
        return Prompt(self.prompt, EXPRESSIVE_SOURCES)


@dataclass(frozen=True, slots=True)
class Prompt:
    """An invitation to write, with where the idea comes from."""

    text: str
    sources: tuple[str, ...]


def reject(
    work: UnitOfWork,
    app_id: int,
    *,
    at: datetime,
    now: datetime,
    env: Environment,
    feedback: str | None = None,
) -> AfterRejection:
    """Record a rejection (with any feedback) and say what follows it."""
    feedback = (feedback or "").strip() or None
    with work.read() as tx:
        row = repo.application(tx, app_id)
    already = row["status"] == "rejected"
    if not already or (feedback and feedback != row["feedback"]):
        outcome_at = to_datetime(row["outcome_at"]) if already else at
        tracking.outcome(
            work,
            app_id,
            "rejected",
            at=outcome_at or at,
            now=now,
            feedback=feedback or row["feedback"],
        )
    return after_rejection(work, app_id, env=env)


def after_rejection(work: UnitOfWork, app_id: int, *, env: Environment) -> AfterRejection:
    """The reply draft, the keep-in-touch date and the writing prompt for a rejection."""
    with work.read() as tx:
        row = repo.application(tx, app_id)
        if row["status"] != "rejected":
            raise InputError("not_rejected", id=app_id, company=row["company"])
        policy = policy_in(tx)
        case = _case(tx, app_id)
        step = repo.keep_in_touch_step(tx, app_id)
        reply_step = repo.rejection_reply_step(tx, app_id)
        entries = learn.count_expressive(tx, app_id)
    reply = verdict = reply_at = None
    lead = reachable_lead(case) if case is not None else None
    if case is not None and lead is not None:
        reply = drafting.draft(case, "rejection_reply", lead.name, env=env, policy=policy)
        if reply_step is not None:
            reply_at = to_datetime(reply_step["send_at"] or reply_step["not_before"])
            assert reply_at is not None
            contact = Contact("rejection_reply", (lead.name,), reply_at, "email")
            verdict = check(case, contact, policy=policy)
    return AfterRejection(
        app_id,
        row["company"],
        row["feedback"],
        reply,
        verdict,
        reply_at,
        to_datetime(step["not_before"]) if step else None,
        _(EXPRESSIVE_PROMPT),
        entries,
    )


def write_expressive(work: UnitOfWork, app_id: int, text: str, *, now: datetime) -> int:
    """Keep a private expressive-writing entry; returns its id."""
    text = text.strip()
    if not text:
        raise InputError("entry_empty")
    if len(text) > MAX_ENTRY:
        raise InputError("entry_too_long", length=len(text), limit=MAX_ENTRY)
    with work.write() as tx:
        repo.application(tx, app_id)
        rounds = repo.interviews(tx, app_id)
        interview_id = rounds[-1]["id"] if rounds else None
        return learn.add_expressive(tx, app_id, interview_id, text, now)


# -- accepting an offer --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """The withdrawal for one other open process: a checked draft, or why there is none."""

    application_id: int
    company: str
    role: str
    draft: drafting.Draft | None
    verdict: Verdict | None = field(metadata=meta(name="guards"))
    send_at: datetime | None
    note: str | None = None  # why there is no draft

    json_order: ClassVar[tuple[str, ...]] = (
        "application_id", "company", "role", "draft", "guards", "send_at", "ready", "note"
    )  # fmt: skip

    @computed
    def ready(self) -> bool:
        """Whether the draft passes the guards and has no lint error."""
        return (
            self.draft is not None
            and not self.draft.errors
            and (self.verdict is None or self.verdict.allowed)
        )


@dataclass(frozen=True, slots=True)
class Accepted:
    application_id: int
    company: str
    role: str
    withdrawals: tuple[Withdrawal, ...]


def accept(
    work: UnitOfWork,
    app_id: int,
    *,
    at: datetime,
    now: datetime,
    env: Environment,
    on_paper: bool = False,
) -> Accepted:
    """Accept an offer that is on paper, and draft a withdrawal for every other open process.

    Nothing is sent and the other applications keep their status: the user sends each note
    and records the withdrawal when it has gone.
    """
    with work.write() as tx:
        row = repo.application(tx, app_id)
        if row["status"] != "offer":
            raise InputError("no_offer", id=app_id, company=row["company"], status=row["status"])
        if not (row["on_paper"] or on_paper):
            raise InputError("offer_not_on_paper", company=row["company"])
        if on_paper and not row["on_paper"]:
            repo.update_application(tx, app_id, now, on_paper=True)
        if not _accepted(tx, app_id):
            entry = {"kind": ACCEPTED, "to": None, "channel": "email", "at": at}
            repo.add_history(tx, app_id, entry, now)
        tracking.replan_if_planned(tx, app_id, now=now, policy=policy_in(tx))
    return withdrawals(work, app_id, now=now, env=env)


def withdrawals(work: UnitOfWork, app_id: int, *, now: datetime, env: Environment) -> Accepted:
    """The withdrawal drafts for every process still open besides the accepted offer."""
    with work.read() as tx:
        row = repo.application(tx, app_id)
        if not _accepted(tx, app_id):
            raise InputError("offer_not_accepted", company=row["company"], id=app_id)
        others = repo.open_applications_except(tx, app_id)
        policy = policy_in(tx)
        drafts = tuple(_withdrawal(tx, other, now, env, policy) for other in others)
    return Accepted(app_id, row["company"], row["role"], drafts)


def _accepted(tx: Tx, app_id: int) -> bool:
    return repo.count_history(tx, app_id, ACCEPTED) > 0


def _withdrawal(
    tx: Tx, other: dict[str, Any], now: datetime, env: Environment, policy: Policy
) -> Withdrawal:
    app_id, company, role = other["id"], other["company"], other["role"]
    case = _case(tx, app_id)
    lead = reachable_lead(case) if case is not None else None
    if case is None or lead is None:
        return Withdrawal(
            app_id,
            company,
            role,
            None,
            None,
            None,
            _(
                "No interview or contact is recorded, so there is nobody to write to; "
                "withdraw where you applied (the portal or the posting's contact)."
            ),
        )
    note = drafting.draft(case, "withdrawal", lead.name, env=env, policy=policy)
    zone = case.zone_of(lead.name)
    send_at = send_slot(now, now + timedelta(days=7), zone, policy) or now
    verdict = check(case, Contact("withdrawal", (lead.name,), send_at, "email"), policy=policy)
    return Withdrawal(app_id, company, role, note, verdict, send_at)


# -- silence -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Closed:
    application_id: int
    company: str
    word: str = field(metadata=meta(name="kind_word"))

    json_order: ClassVar[tuple[str, ...]] = (
        "application_id", "company", "status", "kind_word", "sources"
    )  # fmt: skip

    @computed
    def status(self) -> str:
        return "closed"

    @computed
    def sources(self) -> tuple[str, ...]:
        return KIND_WORD_SOURCES


def close_silent(work: UnitOfWork, app_id: int, *, now: datetime) -> Closed:
    """Close an application that stayed silent after the last follow-up, once the close-out
    step's date has come (the user's confirmation is this call)."""
    with work.read() as tx:
        row = repo.application(tx, app_id)
        step = repo.close_out_step(tx, app_id)
    company = row["company"]
    if row["status"] == "closed":
        return Closed(app_id, company, kind_word(company))
    if step is None:
        raise InputError("no_close_out", id=app_id, company=company, status=row["status"])
    due = to_datetime(step["not_before"])
    assert due is not None
    if due > now:
        until = when(due.astimezone(ZoneInfo(step["zone"])), "day_year")
        raise InputError("too_early_to_close", company=company, date=until)
    tracking.done(work, int(step["id"]), at=now, now=now)
    return Closed(app_id, company, kind_word(company))


# -- helpers -------------------------------------------------------------------------------


def _case(tx: Tx, app_id: int) -> Case | None:
    """The case of the latest interview with the whole pipeline (the lint needs it)."""
    if not repo.interviews(tx, app_id):
        return None
    return from_data(repo.case_data(tx, app_id), source=f"application {app_id}", stored=True)

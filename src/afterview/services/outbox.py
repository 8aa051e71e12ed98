"""The outbox: approved notes waiting for their hour, and every step of sending them.

A note enters the outbox only when the user approves it, after the etiquette guards have
judged it at the moment it will go (a blocked note needs a stated reason, kept with the
application, as in the draft editor). Its Message-ID is chosen then, so that whatever
happens later the message can be recognised. The states::

    approved ──claim──▶ scheduled ──hand-off──▶ sent
       ▲  │                 │  └──────────────▶ failed   (5xx, too many tries, unknown)
       │  └─▶ cancelled     └──▶ blocked                 (the guards said no at send time)
       └──── transient failure: back to approved, with next_attempt_at (backoff)

Just before a message goes out the guards run again with the facts as they are then: a
reply or a rejection recorded after approval stops it, and its status says which rule and
why. ``handoff_at`` is committed before the SMTP transaction starts, so after a crash a row
claimed but not handed off is safe to send again, while one handed off but not marked sent
is in the unknown window and is never resent on a guess (see ``mail.outbox_worker``).

A message that went out is recorded in the application's history (the guards count it
against pestering) and its plan step marked done in the same transaction that marks it
sent. The rest of the plan is recomputed once per application at the end of the worker's
round (:func:`replan_sent`), not once per message: the guards read the history, never the
plan. Until then the sent row has ``replan_pending`` set; clearing it in the replan's
transaction is what says "planned", so a worker that dies in between leaves the mark, and
the next round of any worker replans the application.

This module speaks to the database only; the worker that talks SMTP and IMAP lives in
:mod:`afterview.mail.outbox_worker`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from afterview import compose
from afterview.domain.errors import AfterviewError, InputError
from afterview.domain.serial import computed, meta
from afterview.i18n import N_, gettext
from afterview.services.ports import Dispatch, Tx, UnitOfWork
from afterview.services.ports import outbox_repo as box
from afterview.services.ports import repository as repo
from afterview.services.settings import policy_in
from afterview.stored import to_datetime

if TYPE_CHECKING:
    from jinja2 import Environment

    from afterview.domain.guards import Verdict
    from afterview.domain.models import Case
    from afterview.domain.rules import Finding
    from afterview.domain.settings import Policy

MAX_ATTEMPTS = 5  # transient failures before a message is marked failed
BACKOFF_FIRST = timedelta(minutes=1)  # then 2, 4, 8… minutes
BACKOFF_MAX = timedelta(hours=1)
CLAIM_LEASE = timedelta(minutes=10)  # a worker silent this long is taken to be gone
STATES = ("approved", "scheduled", "sent", "failed", "blocked", "cancelled")


class Blocked(AfterviewError):
    """The guards block this note and no reason to send it anyway was given."""

    def __init__(self, name: str, verdict: Verdict) -> None:
        from afterview.domain.wording import rule_titles

        self.verdict = verdict
        rules = rule_titles([f.code for f in verdict.findings if f.severity == "error"])
        super().__init__("sending_blocked", name=name, rules=rules)


@dataclass(frozen=True, slots=True)
class Approved:
    id: int
    message_id: str
    to: str
    to_email: str
    send_at: datetime
    in_reply_to: str | None
    warnings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class Prepared:
    """A claimed message, checked and handed off: what the worker gives the server."""

    id: int
    data: bytes
    sender: str
    recipient: str


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th transient failure."""
    delay: timedelta = BACKOFF_FIRST * 2 ** max(attempts - 1, 0)
    return min(delay, BACKOFF_MAX)


# -- approving ------------------------------------------------------------------------------


def approve(
    work: UnitOfWork,
    app_id: int,
    *,
    kind: str,
    to: str,
    now: datetime,
    subject: str | None = None,
    body: str | None = None,
    send_at: datetime | None = None,
    override_reason: str | None = None,
    env: Environment | None = None,
) -> Approved:
    """Put a note in the outbox for ``send_at`` (default: the plan's suggested time).

    ``subject`` and ``body`` default to the core's draft. Raises :class:`Blocked` when the
    guards block the note at ``send_at`` and no stated reason covers the rules.
    """
    from afterview.interview_file import from_data

    if kind == "keep_in_touch":
        raise InputError("keep_in_touch_not_email")
    with work.write() as tx:
        policy = policy_in(tx)
        case = from_data(repo.case_data(tx, app_id), source=f"application {app_id}", stored=True)
        name, email = _recipient(case, kind, to)
        subject, body = _text(case, kind, name, subject, body, env, policy)
        _refuse_twice(tx, app_id, kind, name, email)
        step = box.pending_step(tx, app_id, kind, name)
        when = send_at or (to_datetime(step["send_at"]) if step else None) or now
        when = max(when, now)
        warnings = _guard(tx, app_id, case, (kind, name, when), override_reason, now, policy)
        parent = None if kind == "thank_you" else box.thread_parent(tx, app_id, email)
        note = _new_note(case, name, email, subject, body, parent)
        compose.message(note, date=when)  # refuses a bad address now, not at 8 in the morning
        new_id = box.insert(
            tx,
            {
                "owner": tx.owner,
                "app": app_id,
                "action": step["id"] if step else None,
                "kind": kind,
                "to_name": name,
                "to_email": email,
                "from_email": note.from_email,
                "subject": note.subject,
                "body": note.body,
                "message_id": note.message_id,
                "in_reply_to": note.in_reply_to,
                "refs": " ".join(note.references) or None,
                "send_at": when,
                "now": now,
            },
        )
    return Approved(new_id, note.message_id, name, email, when, note.in_reply_to, warnings)


def _recipient(case: Case, kind: str, to: str) -> tuple[str, str]:
    """Who the note goes to, and the email address on file for them."""
    from afterview.domain import drafting

    name = drafting.recipient(case, kind, to)
    email = drafting.address_of(case, name)
    if not email:
        raise InputError("no_email_address", name=name)
    return name, email


def _text(
    case: Case,
    kind: str,
    name: str,
    subject: str | None,
    body: str | None,
    env: Environment | None,
    policy: Policy,
) -> tuple[str | None, str]:
    """The subject and body: as given, the core's draft for what was left out."""
    from afterview.domain import drafting

    if subject is None or body is None:
        drafted = drafting.draft(case, kind, name, env=env or _environment(), policy=policy)
        subject = drafted.subject if subject is None else subject
        body = drafted.body if body is None else body
    if not compose.lines(body).strip():
        raise InputError("note_empty")
    return subject, body


def _refuse_twice(tx: Tx, app_id: int, kind: str, name: str, email: str) -> None:
    """One note of a kind to a person in the outbox at a time."""
    from afterview.domain.wording import kind_label

    waiting = box.active_for(tx, app_id, kind, email)
    if waiting is not None:
        raise InputError("already_in_outbox", label=kind_label(kind), name=name, id=waiting)


def _guard(
    tx: Tx,
    app_id: int,
    case: Case,
    note: tuple[str, str, datetime],
    override_reason: str | None,
    now: datetime,
    policy: Policy,
) -> tuple[Finding, ...]:
    """The guards' warnings on the note (kind, recipient, time); raises :class:`Blocked` when
    they block it and no stated reason covers them (a new reason is kept with the
    application)."""
    from afterview.domain.guards import Contact, check
    from afterview.domain.models import CONTACT_KINDS

    kind, name, when = note
    if kind not in CONTACT_KINDS:
        return ()
    verdict = check(case, Contact(kind, (name,), when, "email"), policy=policy)
    if not verdict.allowed and not _covered(tx, app_id, kind, name, verdict):
        if not (override_reason and override_reason.strip()):
            raise Blocked(name, verdict)
        rules = [f.code for f in verdict.findings if f.severity == "error"]
        repo.add_override(tx, app_id, kind, name, rules, override_reason.strip(), now)
    return tuple(f for f in verdict.findings if f.severity != "error")


def _new_note(
    case: Case,
    name: str,
    email: str,
    subject: str | None,
    body: str,
    parent: dict[str, Any] | None,
) -> compose.Note:
    """The note from the candidate, threaded under ``parent`` (an earlier note) if any."""
    in_reply_to, refs = (
        compose.thread(parent["message_id"], parent["refs"]) if parent else (None, ())
    )
    cand = case.candidate
    return compose.Note(
        from_name=cand.name,
        from_email=cand.email,
        to_name=name,
        to_email=email,
        subject=compose.one_line(subject or ""),
        body=compose.lines(body).strip() + "\n",
        message_id=compose.new_message_id(cand.email),
        in_reply_to=in_reply_to,
        references=refs,
    )


def _covered(tx: Tx, app_id: int, kind: str, name: str, verdict: Verdict) -> bool:
    """Whether a reason the user stated covers every rule that blocks this note now."""
    blocking = {f.code for f in verdict.findings if f.severity == "error"}
    return any(
        entry["kind"] == kind
        and _fold(entry["to_name"] or "") == _fold(name)
        and blocking <= set(entry["rules"])
        for entry in repo.overrides(tx, app_id)
    )


def _environment() -> Environment:
    from afterview.config import data_dir
    from afterview.templating import environment

    return environment(data_dir())


# -- the user's changes ---------------------------------------------------------------------


def cancel(work: UnitOfWork, message_id: int, *, now: datetime) -> None:
    """Take a message that has not gone out back out of the outbox."""
    with work.write() as tx:
        row = box.get(tx, message_id)
        if row["status"] == "scheduled":
            raise InputError("message_being_sent", id=message_id)
        if row["status"] not in ("approved", "failed", "blocked"):
            raise InputError("message_already_closed", id=message_id, status=row["status"])
        box.update(tx, message_id, now, status="cancelled", next_attempt_at=None)


def retry(
    work: UnitOfWork,
    message_id: int,
    *,
    now: datetime,
    override_reason: str | None = None,
) -> None:
    """Put a failed, blocked or cancelled message back in the outbox, to go out now.

    It keeps its Message-ID, so if an earlier attempt did arrive after all, mail programs
    see the two as one message. A reason given here is recorded as an override for the
    rules that block the note now.
    """
    from afterview.domain.guards import Contact, check
    from afterview.domain.models import CONTACT_KINDS

    with work.write() as tx:
        policy = policy_in(tx)
        row = box.get(tx, message_id)
        if row["status"] not in ("failed", "blocked", "cancelled"):
            raise InputError("message_not_retryable", id=message_id, status=row["status"])
        reason = (override_reason or "").strip()
        if reason and row["kind"] in CONTACT_KINDS:
            case = _case(tx, row, policy)
            contact = Contact(row["kind"], (row["to_name"],), now, "email")
            verdict = check(case, contact, policy=policy)
            rules = [f.code for f in verdict.findings if f.severity == "error"]
            if rules:
                repo.add_override(
                    tx,
                    row["application_id"],
                    row["kind"],
                    row["to_name"],
                    rules,
                    reason,
                    now,
                )
        held = send_time_findings(tx, row, max(_moment(row["send_at"]), now), policy)
        if held:  # it would only be held again: the user decides, with a reason
            why = "; ".join(message for _, message in held)
            raise InputError("message_held", id=message_id, why=why)
        box.update(
            tx,
            message_id,
            now,
            status="approved",
            send_at=max(_moment(row["send_at"]), now),
            attempts=0,
            next_attempt_at=None,
            claimed_by=None,
            claimed_at=None,
            handoff_at=None,
            error=None,
        )


@dataclass(frozen=True, slots=True)
class Entry:
    """One message as the outbox lists it: what the JSON gives, and the stored row (its body,
    its claim) for the pages."""

    id: int
    application_id: int
    company: str
    kind: str
    to: str
    to_email: str
    subject: str
    status: str
    message_id: str
    in_reply_to: str | None
    send_at: datetime | None
    attempts: int
    next_attempt_at: datetime | None
    sent_at: datetime | None
    error: str | None
    row: dict[str, Any] = field(metadata=meta(omit=True))

    @classmethod
    def from_row(cls, r: dict[str, Any]) -> Entry:
        return cls(
            r["id"],
            r["application_id"],
            r["company"],
            r["kind"],
            r["to_name"],
            r["to_email"],
            r["subject"],
            r["status"],
            r["message_id"],
            r["in_reply_to"],
            to_datetime(r["send_at"]),
            r["attempts"],
            to_datetime(r["next_attempt_at"]),
            to_datetime(r["sent_at"]),
            r["error"],
            r,
        )

    def error_text(self) -> str | None:
        """The error as people read it: a blocked note names its rules by their titles.

        The stored error (and the JSON) keeps each rule's ID before its reason
        (``replied: …``), as every other contract does.
        """
        from afterview.domain.wording import RULE_TITLES, rule_title

        error: str | None = self.row["error"]
        if not error or self.row["status"] != "blocked":
            return error
        parts = []
        for part in error.split("; "):
            code, sep, reason = part.partition(": ")
            parts.append(f"{rule_title(code)}: {reason}" if sep and code in RULE_TITLES else part)
        return "; ".join(parts)

    def mailto(self) -> str | None:
        """A ``mailto:`` link with the note's text, to send it from a mail program."""
        return compose.mailto(self.row["to_email"], self.row["subject"], self.row["body"])


def entries(work: UnitOfWork, *, limit: int = 200) -> list[Entry]:
    with work.read() as tx:
        return [Entry.from_row(r) for r in box.listing(tx, limit=limit)]


@dataclass(frozen=True, slots=True)
class Listing:
    """What the Outbox page shows, read in one transaction."""

    zone: str | None  # the owner's time zone, for the notes' hours
    entries: list[Entry]
    delivery: Delivery


def listing(work: UnitOfWork, *, now: datetime, mail_server: bool, limit: int = 200) -> Listing:
    """The owner's notes, newest first, with whether they will go out and the zone to show
    their hours in: one snapshot, so the notes and the count of those waiting agree."""
    with work.read() as tx:
        zone = box.owner_zone(tx)
        rows = box.listing(tx, limit=limit)
        waiting = box.undelivered(tx, now - STALL_AFTER)
    return Listing(zone, [Entry.from_row(r) for r in rows], _delivery(waiting, mail_server))


# -- whether anything will send them -------------------------------------------------------

# A due note that no worker has taken for this long means no worker is running: the worker
# takes every due note each round (once a minute by default, or from cron every few
# minutes), so the age of the oldest due note is the simplest honest sign of one at work.
STALL_AFTER = timedelta(minutes=15)
SETUP_STEPS = N_("the README's 'Sending mail'")


@dataclass(frozen=True, slots=True)
class Delivery:
    """Whether the notes in the outbox will go out by themselves, and if not, why."""

    mail_server: bool  # AFTERVIEW_SMTP_HOST is set
    waiting: int  # approved or being sent, not sent yet
    stalled: int  # due for over STALL_AFTER and taken by no worker
    oldest_due: datetime | None

    @computed
    def problem(self) -> str | None:
        """``no_mail_server``, ``no_worker`` or ``None`` when nothing is stuck."""
        if not self.mail_server:
            return "no_mail_server" if self.waiting else None
        return "no_worker" if self.stalled else None

    def notice(self) -> str | None:
        """One plain sentence about what is stuck and why, or ``None``."""
        from afterview.i18n import ngettext

        if self.problem == "no_mail_server":
            return ngettext(
                "No mail server is set up, so %(count)d approved note in the outbox waits and "
                "nothing will send it.",
                "No mail server is set up, so %(count)d approved notes in the outbox wait and "
                "nothing will send them.",
                self.waiting,
            ) % {"count": self.waiting}
        if self.problem == "no_worker":
            return ngettext(
                "%(count)d note should have gone out by now, but no worker has taken it for "
                "over %(minutes)d minutes: the worker is not running.",
                "%(count)d notes should have gone out by now, but no worker has taken them for "
                "over %(minutes)d minutes: the worker is not running.",
                self.stalled,
            ) % {"count": self.stalled, "minutes": int(STALL_AFTER.total_seconds() // 60)}
        return None


def delivery(work: UnitOfWork, *, now: datetime, mail_server: bool) -> Delivery:
    """What will happen to the owner's approved notes (``mail_server``: see
    :func:`afterview.mail.config.mail_server_set`, passed in so tests and pages decide
    it)."""
    with work.read() as tx:
        row = box.undelivered(tx, now - STALL_AFTER)
    return _delivery(row, mail_server)


def _delivery(row: dict[str, Any], mail_server: bool) -> Delivery:
    return Delivery(
        mail_server,
        int(row["waiting"] or 0),
        int(row["stalled"] or 0),
        to_datetime(row["oldest"]),
    )


def note_file(work: UnitOfWork, message_id: int, *, now: datetime) -> bytes:
    """An approved note as an RFC 5322 message (``.eml``), to send from a mail program."""
    with work.read() as tx:
        row = box.get(tx, message_id)
        note = _note(tx, row)
    return compose.as_bytes(compose.message(note, date=now))


def note_mailto(work: UnitOfWork, message_id: int) -> str | None:
    """A ``mailto:`` link that opens the note in the user's mail program."""
    with work.read() as tx:
        row = box.get(tx, message_id)
    return compose.mailto(row["to_email"], row["subject"], row["body"])


# -- sending (called by the worker) ---------------------------------------------------------


def claim(dispatch: Dispatch, worker: str, *, now: datetime, limit: int) -> list[tuple[int, int]]:
    """Due messages of every account for ``worker`` alone, oldest ``send_at`` first, as
    (owner, message) pairs: each is then sent with a unit of work for its owner."""
    with dispatch.write() as tx:
        return box.claim(tx, worker, now, now - CLAIM_LEASE, limit)


def claim_unknown(dispatch: Dispatch, worker: str, *, now: datetime) -> list[tuple[int, int]]:
    """Messages whose worker died after handing them off, for ``worker`` to settle."""
    with dispatch.write() as tx:
        return box.claim_unknown(tx, worker, now, now - CLAIM_LEASE)


def prepare(work: UnitOfWork, message_id: int, worker: str, *, now: datetime) -> Prepared | None:
    """Check a claimed message against the facts of ``now`` and commit its hand-off.

    Returns ``None`` when it is not to be sent: the guards block it now (its status says
    which rule and why), or it is no longer this worker's.
    """
    with work.write() as tx:
        row = box.get(tx, message_id)
        if row["status"] != "scheduled" or row["claimed_by"] != worker:
            return None
        findings = send_time_findings(tx, row, now, policy_in(tx))
        if findings:
            error = "; ".join(f"{code}: {message}" for code, message in findings)
            box.update(tx, message_id, now, status="blocked", error=error)
            return None
        note = _note(tx, row)
        try:
            data = compose.as_bytes(compose.message(note, date=now))
        except InputError as exc:
            box.update(tx, message_id, now, status="failed", error=str(exc))
            return None
        if not box.hand_off(tx, message_id, worker, now, int(row["attempts"]) + 1):
            return None  # another run of the same task handed it off first
    return Prepared(message_id, data, row["from_email"], row["to_email"])


def hold_blocked(tx: Tx, app_id: int, *, now: datetime, policy: Policy) -> int:
    """Hold the application's approved notes that the guards now block at their hour (a
    rejection or a reply came in since they were approved). Each is marked blocked with the
    rule and its reason, and waits for the user: cancel it, or send it again with a reason.
    Returns how many were held."""
    held = 0
    for row in box.approved_for(tx, app_id):
        findings = send_time_findings(tx, row, max(_moment(row["send_at"]), now), policy)
        if findings:
            error = "; ".join(f"{code}: {message}" for code, message in findings)
            box.update(tx, int(row["id"]), now, status="blocked", error=error)
            held += 1
    return held


def release_unblocked(tx: Tx, app_id: int, *, now: datetime, policy: Policy) -> int:
    """Put back in the outbox the application's held notes that nothing blocks any more
    (the news that held them was undone); returns how many."""
    released = 0
    for row in box.approved_for(tx, app_id, "blocked"):
        if row["handoff_at"] is None and not send_time_findings(
            tx, row, max(_moment(row["send_at"]), now), policy
        ):
            box.update(tx, int(row["id"]), now, status="approved", error=None)
            released += 1
    return released


def send_time_findings(
    tx: Tx, row: dict[str, Any], now: datetime, policy: Policy
) -> list[tuple[str, str]]:
    """Why a message must not go out ``now`` (rule id, reason); empty when it may."""
    from afterview.domain.errors import UnknownPerson
    from afterview.domain.guards import Contact, check
    from afterview.domain.models import CONTACT_KINDS

    try:
        case = _case(tx, row, policy)
    except InputError as exc:
        return [("unknown_application", str(exc))]
    kind, name = row["kind"], row["to_name"]
    found: list[tuple[str, str]] = []
    if kind in CONTACT_KINDS:
        try:
            verdict = check(case, Contact(kind, (name,), now, "email"), policy=policy)
        except UnknownPerson as exc:
            return [("unknown_person", str(exc))]
        if not verdict.allowed and not _covered(tx, row["application_id"], kind, name, verdict):
            found += [(f.code, f.message) for f in verdict.findings if f.severity == "error"]
    return found


def record(work: UnitOfWork, message_id: int, kind: str, detail: str, *, now: datetime) -> str:
    """Settle one hand-off with the server's answer; returns the message's new status.

    ``kind`` is ``accepted``, ``transient``, ``permanent`` or ``unknown`` (see
    :mod:`afterview.mail.smtp`). An unknown outcome is not settled here: the worker checks
    the Sent folder first (:func:`confirm_sent` or :func:`give_up_unknown`).
    """
    with work.write() as tx:
        row = box.get(tx, message_id)
        if kind == "accepted":
            _mark_sent(tx, row, now, now)
            return "sent"
        if kind == "transient":
            return _retry_later(tx, row, detail, now)
        if kind == "permanent":
            box.update(tx, message_id, now, status="failed", error=detail)
            return "failed"
    return "scheduled"


def release(work: UnitOfWork, ids: list[int], detail: str, *, now: datetime) -> None:
    """Give claimed messages back after a failure that touched none of them."""
    with work.write() as tx:
        for message_id in ids:
            row = box.get(tx, message_id)
            if row["status"] == "scheduled" and row["handoff_at"] is None:
                row = {**row, "attempts": int(row["attempts"]) + 1}
                box.update(tx, message_id, now, attempts=row["attempts"])
                _retry_later(tx, row, detail, now)


def header_id(work: UnitOfWork, message_id: int) -> str:
    """The Message-ID header chosen for a message at approval."""
    with work.read() as tx:
        return str(box.get(tx, message_id)["message_id"])


def confirm_sent(work: UnitOfWork, message_id: int, *, now: datetime, where: str) -> None:
    """The message was found where sent mail is kept: it did go out."""
    with work.write() as tx:
        row = box.get(tx, message_id)
        if row["status"] == "scheduled":
            sent_at = to_datetime(row["handoff_at"]) or now
            _mark_sent(tx, row, sent_at, now, note=f"found in {where} after an interruption")


def give_up_unknown(work: UnitOfWork, message_id: int, detail: str, *, now: datetime) -> None:
    """Unsure whether it went out: stop, and ask the user to look, never resend on a guess."""
    with work.write() as tx:
        row = box.get(tx, message_id)
        if row["status"] != "scheduled":
            return
        box.update(
            tx,
            message_id,
            now,
            status="failed",
            error=detail
            + " "
            + gettext(
                "afterview cannot tell whether it went out, so it does not send it again by "
                "itself: look for it in your Sent folder, and if it is not there, retry "
                "message %(id)s from the outbox."
            )
            % {"id": message_id},
        )


def _mark_sent(
    tx: Tx, row: dict[str, Any], sent_at: datetime, now: datetime, note: str | None = None
) -> None:
    app_id = row["application_id"]
    box.update(
        tx,
        row["id"],
        now,
        status="sent",
        sent_at=sent_at,
        error=note,
        next_attempt_at=None,
        claimed_by=None,
        replan_pending=True,  # the round's replan_sent accounts for it in the plan
    )
    about = None if row["kind"] == "promise" else f"email: {row['subject']}"
    entry = {"kind": row["kind"], "to": row["to_name"], "channel": "email", "at": sent_at}
    repo.add_history(tx, app_id, {**entry, "about": about}, now)
    if row["action_id"] is not None:
        box.step_done(tx, row["action_id"], sent_at, now)


def awaiting_replan(dispatch: Dispatch) -> list[tuple[int, int]]:
    """(owner, application) pairs with a message sent since the application's last replan."""
    with dispatch.read() as tx:
        return box.sent_unplanned_apps(tx)


def replan_sent(work: UnitOfWork, app_id: int, *, now: datetime) -> int:
    """Replan an application after messages went out; returns how many it accounts for.

    The marked rows are read before the case is, in the same transaction: every one of
    them was committed with its history entry, so the new plan sees them all; a message
    sent meanwhile by another worker keeps its mark for that worker's own replan.
    """
    from afterview.services import tracking

    with work.write() as tx:
        ids = box.sent_unplanned(tx, app_id)
        if ids:
            tracking.replan_if_planned(tx, app_id, now=now, policy=policy_in(tx))
            box.planned(tx, ids)
    return len(ids)


def _retry_later(tx: Tx, row: dict[str, Any], detail: str, now: datetime) -> str:
    attempts = int(row["attempts"])
    if attempts >= MAX_ATTEMPTS:
        box.update(
            tx,
            row["id"],
            now,
            status="failed",
            error=gettext("Gave up after %(count)s attempts.") % {"count": attempts} + f" {detail}",
            next_attempt_at=None,
        )
        return "failed"
    later = now + backoff(attempts)
    box.update(
        tx,
        row["id"],
        now,
        status="approved",
        next_attempt_at=later,
        claimed_by=None,
        claimed_at=None,
        handoff_at=None,
        # an exact stamp, in UTC as the worker's clock keeps it
        error=f"{detail} "
        + gettext("Trying again at %(when)s UTC.") % {"when": f"{later:%Y-%m-%d %H:%M}"},
    )
    return "approved"


def _case(tx: Tx, row: dict[str, Any], policy: Policy) -> Case:
    from afterview.services.tracking import load_case

    case, _ = load_case(tx, row["application_id"], policy)
    return case


def _note(tx: Tx, row: dict[str, Any]) -> compose.Note:
    """The stored message as the composer takes it."""
    return compose.Note(
        from_name=_sender_name(tx, row),
        from_email=row["from_email"],
        to_name=row["to_name"],
        to_email=row["to_email"],
        subject=row["subject"],
        body=row["body"],
        message_id=row["message_id"],
        in_reply_to=row["in_reply_to"],
        references=tuple((row["refs"] or "").split()),
    )


def _sender_name(tx: Tx, row: dict[str, Any]) -> str:
    cand = repo.get_candidate(tx)
    return str(cand["name"]) if cand else ""


def _moment(value: Any) -> datetime:
    moment = to_datetime(value)
    assert moment is not None
    return moment


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())

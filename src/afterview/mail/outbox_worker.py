"""The worker: sends the outbox's due messages, settles interrupted ones, watches replies.

One round (``afterview worker --once``, or each turn of the loop):

1. Messages a dead worker left between hand-off and "sent" are settled first. If an IMAP
   account is configured the worker looks for each one's Message-ID in the Sent folder
   (read-only: it never moves, flags or deletes mail); found means sent. Otherwise, or
   when it is not there, the message is marked failed with a request to look and retry
   by hand: sending it again on a guess could deliver it twice.
2. Due messages are claimed a batch at a time (no other worker can take them), checked
   against the guards once more, handed off over one SMTP connection (reopened after a
   failure), and settled with the server's answer (:mod:`afterview.mail.smtp` sorts the
   answers).
3. Every application with a message sent and not yet accounted for in its plan is
   replanned, once, however many of its messages went out; this runs even when the round
   fails half-way, and a round that never got here (killed) leaves the mark for the next.
4. The reply watch runs when IMAP is configured and :mod:`afterview.mail.watch` provides
   ``check_inbox``.

The round's transactions share one database connection instead of opening one each.

``AFTERVIEW_WORKER_FAULT`` (read by the ``worker`` command only) names a point where the
process stops dead, for the crash tests: ``claimed``, ``handoff`` (committed, before the
SMTP transaction), ``accepted`` (the server took it, before "sent" is committed) or
``replan`` (the round's messages settled, before their applications are replanned).
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from afterview.i18n import N_, _
from afterview.mail.config import Server
from afterview.mail.smtp import Session, Unreachable
from afterview.services import outbox
from afterview.storage.work import Dispatch, Work, local_work

FAULT_ENV = "AFTERVIEW_WORKER_FAULT"
FAULT_POINTS = ("claimed", "handoff", "accepted", "replan")
BATCH = 20  # messages claimed at once: one SMTP connection carries them

Clock = Callable[[], datetime]


@dataclass
class Round:
    """What one round did: message counts by outcome, and problems worth telling."""

    counts: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    watch: Any = None

    def summary(self) -> str:
        parts = [_(said) % {"count": self.counts[k]} for k, said in COUNTED if self.counts[k]]
        return ", ".join(parts) if parts else _("nothing was due")


# A round's counts as the worker prints them: "2 sent, 1 retrying".
COUNTED = (
    ("sent", N_("%(count)s sent")),
    ("retrying", N_("%(count)s retrying")),
    ("failed", N_("%(count)s failed")),
    ("blocked", N_("%(count)s blocked")),
    ("unsure", N_("%(count)s unsure")),
    ("confirmed", N_("%(count)s confirmed")),
)


def worker_id() -> str:
    """A name for this worker, unique across processes and machines."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def deliver(
    dispatch: Dispatch,
    smtp: Server | None,
    *,
    clock: Clock,
    imap: Server | None = None,
    worker: str | None = None,
    batch: int = BATCH,
    fault: str | None = None,
) -> Round:
    """Settle interrupted messages, then send every due one; see the module's docstring."""
    worker = worker or worker_id()
    report = Round()
    with dispatch.db.pinned() as held:
        round_dispatch = Dispatch(held)
        try:
            _deliver(round_dispatch, smtp, clock, imap, worker, batch, fault, report)
        finally:
            _fault(fault, "replan")
            _replan(round_dispatch, clock, report)
    return report


def _replan(dispatch: Dispatch, clock: Clock, report: Round) -> None:
    """Replan each application whose plan does not account for its sent messages yet.

    A failure here is reported and leaves the mark in place, for the next round to retry:
    the messages are sent and in the history either way.
    """
    try:
        waiting = outbox.awaiting_replan(dispatch)
    except Exception as exc:  # e.g. the database went away: the marks wait for next round
        report.problems.append(_("The plans could not be refreshed: %(error)s") % {"error": exc})
        return
    for owner, app_id in waiting:
        try:
            outbox.replan_sent(dispatch.for_owner(owner), app_id, now=clock())
        except Exception as exc:
            failed = _("Application %(id)s could not be replanned: %(error)s")
            report.problems.append(failed % {"id": app_id, "error": exc})


def _deliver(
    dispatch: Dispatch,
    smtp: Server | None,
    clock: Clock,
    imap: Server | None,
    worker: str,
    batch: int,
    fault: str | None,
    report: Round,
) -> None:
    for owner, message_id in outbox.claim_unknown(dispatch, worker, now=clock()):
        detail = _("The worker sending it stopped after handing it to the server.")
        _settle_unknown(dispatch.for_owner(owner), message_id, detail, imap, clock, report)
    if smtp is None:
        return
    helo = _helo(smtp)
    with Session(smtp, helo=helo) as session:
        while True:
            claimed = outbox.claim(dispatch, worker, now=clock(), limit=batch)
            if not claimed:
                break
            _fault(fault, "claimed")
            if not _send_batch(dispatch, session, claimed, worker, clock, imap, report, fault):
                break  # the server cannot be reached: the rest waits for the next round


def _send_batch(
    dispatch: Dispatch,
    session: Session,
    claimed: list[tuple[int, int]],
    worker: str,
    clock: Clock,
    imap: Server | None,
    report: Round,
    fault: str | None,
) -> bool:
    for position, (owner, message_id) in enumerate(claimed):
        work = dispatch.for_owner(owner)
        prepared = outbox.prepare(work, message_id, worker, now=clock())
        if prepared is None:
            report.counts["blocked"] += 1
            continue
        _fault(fault, "handoff")
        try:
            result = session.send(prepared.data, prepared.sender, prepared.recipient)
        except Unreachable as exc:
            # Nothing of this message reached the server: it and the rest try again later.
            detail = exc.result.detail
            outbox.record(work, message_id, "transient", detail, now=clock())
            for later_owner, later_id in claimed[position + 1 :]:
                outbox.release(dispatch.for_owner(later_owner), [later_id], detail, now=clock())
            report.counts["retrying"] += len(claimed) - position
            report.problems.append(detail)
            return False
        if result.accepted:
            _fault(fault, "accepted")
        if result.kind == "unknown":
            _settle_unknown(work, message_id, result.detail, imap, clock, report)
            continue
        status = outbox.record(work, message_id, result.kind, result.detail, now=clock())
        report.counts["retrying" if status == "approved" else status] += 1
        if status != "sent":
            report.problems.append(result.detail)
    return True


def _settle_unknown(
    work: Work, message_id: int, detail: str, imap: Server | None, clock: Clock, report: Round
) -> None:
    if imap is not None:
        header = outbox.header_id(work, message_id)
        try:
            where = find_sent(imap, header)
        except Exception as exc:  # any IMAP or network failure: stay on the safe side
            detail += " " + _("The Sent folder could not be checked (%(error)s).") % {"error": exc}
        else:
            if where is not None:
                outbox.confirm_sent(work, message_id, now=clock(), where=where)
                report.counts["confirmed"] += 1
                return
            detail += " " + _("It is not in your Sent folder either.")
    outbox.give_up_unknown(work, message_id, detail, now=clock())
    report.counts["unsure"] += 1
    report.problems.append(_("Message %(id)s: %(detail)s") % {"id": message_id, "detail": detail})


def find_sent(server: Server, message_id: str) -> str | None:
    """The folder holding a message with this Message-ID, searched read-only; else None.

    The folder is ``AFTERVIEW_IMAP_SENT_MAILBOX``, else every folder the server flags
    ``\\Sent`` (RFC 6154).
    """
    import ssl
    from importlib import import_module

    IMAPClient = import_module("imapclient").IMAPClient  # deferred; it ships no type hints
    context = ssl.create_default_context()
    with IMAPClient(
        server.host,
        port=server.port,
        ssl=server.security == "ssl",
        ssl_context=context,
        timeout=server.timeout_s,
    ) as client:
        if server.security == "starttls":
            client.starttls(context)
        if server.user:
            client.login(server.user, server.password or "")
        if server.sent_mailbox:
            folders = [server.sent_mailbox]
        else:
            folders = [name for flags, _, name in client.list_folders() if b"\\Sent" in flags]
        for folder in folders:
            client.select_folder(folder, readonly=True)
            if client.search(["HEADER", "Message-ID", message_id]):
                return str(folder)
    return None


def watch(dispatch: Dispatch, imap: Server | None, *, now: datetime) -> Any:
    """Run the reply watch when IMAP is configured and the watch is installed.

    The IMAP account configured on this computer is the local account's mailbox, so the
    watch files what it finds into that account's search (an installation without a local
    account has no mailbox to watch)."""
    if imap is None:
        return None
    from importlib import import_module

    try:
        reply_watch = import_module("afterview.mail.watch")  # written alongside; optional
    except ImportError:
        return None
    check_inbox = getattr(reply_watch, "check_inbox", None)
    if check_inbox is None:
        return None
    return check_inbox(local_work(dispatch.db), imap, now=now)


def one_round(
    dispatch: Dispatch,
    smtp: Server | None,
    imap: Server | None,
    *,
    clock: Clock,
    worker: str | None = None,
    fault: str | None = None,
) -> Round:
    """Send, then watch; a failing watch is reported without undoing what was sent."""
    report = deliver(dispatch, smtp, clock=clock, imap=imap, worker=worker, fault=fault)
    try:
        report.watch = watch(dispatch, imap, now=clock())
    except Exception as exc:  # the inbox is another server: its trouble is not the outbox's
        report.problems.append(_("The reply watch failed: %(error)s") % {"error": exc})
    return report


def run(
    dispatch: Dispatch,
    smtp: Server | None,
    imap: Server | None,
    *,
    clock: Clock,
    interval_s: float,
    sleep: Callable[[float], object],
    rounds: int | None = None,
    on_round: Callable[[Round], None] = lambda report: None,
    on_error: Callable[[Exception], None] = lambda exc: None,
    fault: str | None = None,
) -> int:
    """Round after round; ``sleep`` waits between them and ends the loop by returning
    ``True`` (``threading.Event.wait`` does when asked to stop). Returns the rounds run."""
    worker = worker_id()
    done = 0
    while rounds is None or done < rounds:
        try:
            on_round(one_round(dispatch, smtp, imap, clock=clock, worker=worker, fault=fault))
        except Exception as exc:  # a bad round (server gone, database busy) is not the end
            on_error(exc)
        done += 1
        if (rounds is None or done < rounds) and sleep(interval_s) is True:
            break
    return done


def _fault(fault: str | None, point: str) -> None:
    """Stop dead at ``point`` when a crash test asks for it: the test kills the process."""
    if fault != point:
        return
    print(f"afterview worker: stopped at fault point {point}", file=sys.stderr, flush=True)
    threading.Event().wait()


def _helo(server: Server) -> str:
    """The name given in EHLO: the user's mail domain rather than a slow DNS lookup."""
    user = server.user or ""
    return user.rpartition("@")[2] or "localhost"

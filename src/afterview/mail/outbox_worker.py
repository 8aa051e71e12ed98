"""The worker: sends the outbox's due messages, settles interrupted ones, watches replies.

One round (``afterview worker --once``, or each turn of the loop):

1. Messages a dead worker left between hand-off and "sent" are settled first. If an IMAP
   account is configured the worker looks for each one's Message-ID in the Sent folder
   (read-only: it never moves, flags or deletes mail); found means sent. Otherwise, or
   when it is not there, the message is marked failed with a request to look and retry
   by hand: sending it again on a guess could deliver it twice.
2. Due messages are claimed a batch at a time (no other worker can take them), checked
   against the guards once more, handed off over one SMTP connection, and settled with
   the server's answer (:mod:`afterview.mail.smtp` sorts the answers).
3. The reply watch runs when IMAP is configured and :mod:`afterview.mail.watch` provides
   ``check_inbox``.

``AFTERVIEW_WORKER_FAULT`` (read by the ``worker`` command only) names a point where the
process stops dead, for the crash tests: ``claimed``, ``handoff`` (committed, before the
SMTP transaction) or ``accepted`` (the server took it, before "sent" is committed).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from afterview.mail.config import Server
from afterview.mail.smtp import Session, Unreachable
from afterview.services import outbox
from afterview.storage.db import Database

FAULT_ENV = "AFTERVIEW_WORKER_FAULT"
FAULT_POINTS = ("claimed", "handoff", "accepted")
BATCH = 20  # messages claimed at once: one SMTP connection carries them

Clock = Callable[[], datetime]


@dataclass
class Round:
    """What one round did: message counts by outcome, and problems worth telling."""

    counts: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    watch: Any = None

    def summary(self) -> str:
        order = ("sent", "retrying", "failed", "blocked", "unsure", "confirmed")
        parts = [f"{self.counts[k]} {k}" for k in order if self.counts[k]]
        return ", ".join(parts) if parts else "nothing was due"


def worker_id() -> str:
    """A name for this worker, unique across processes and machines."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def deliver(
    db: Database,
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
    with _keep_open(db):
        _deliver(db, smtp, clock, imap, worker, batch, fault, report)
    return report


def _deliver(
    db: Database,
    smtp: Server | None,
    clock: Clock,
    imap: Server | None,
    worker: str,
    batch: int,
    fault: str | None,
    report: Round,
) -> None:
    for message_id in outbox.claim_unknown(db, worker, now=clock()):
        detail = "The worker sending it stopped after handing it to the server."
        _settle_unknown(db, message_id, detail, imap, clock, report)
    if smtp is None:
        return
    helo = _helo(smtp)
    with Session(smtp, helo=helo) as session:
        while True:
            ids = outbox.claim(db, worker, now=clock(), limit=batch)
            if not ids:
                break
            _fault(fault, "claimed")
            if not _send_batch(db, session, ids, worker, clock, imap, report, fault):
                break  # the server cannot be reached: the rest waits for the next round


@contextlib.contextmanager
def _keep_open(db: Database) -> Iterator[None]:
    """Hold one idle SQLite connection for the round.

    Each transaction opens and closes its own connection, and SQLite checkpoints the
    write-ahead log (with an fsync) whenever the *last* connection closes: three times per
    message. An idle connection kept open lets the log be checkpointed as it fills instead.
    """
    if db.path is None:
        yield
        return
    import sqlite3

    db.ensure_schema()
    conn = sqlite3.connect(db.path)
    try:
        yield
    finally:
        conn.close()


def _send_batch(
    db: Database,
    session: Session,
    ids: list[int],
    worker: str,
    clock: Clock,
    imap: Server | None,
    report: Round,
    fault: str | None,
) -> bool:
    for position, message_id in enumerate(ids):
        prepared = outbox.prepare(db, message_id, worker, now=clock())
        if prepared is None:
            report.counts["blocked"] += 1
            continue
        _fault(fault, "handoff")
        try:
            result = session.send(prepared.data, prepared.sender, prepared.recipient)
        except Unreachable as exc:
            # Nothing of this message reached the server: it and the rest try again later.
            detail = exc.result.detail
            outbox.record(db, message_id, "transient", detail, now=clock())
            outbox.release(db, ids[position + 1 :], detail, now=clock())
            report.counts["retrying"] += len(ids) - position
            report.problems.append(detail)
            return False
        if result.accepted:
            _fault(fault, "accepted")
        if result.kind == "unknown":
            _settle_unknown(db, message_id, result.detail, imap, clock, report)
            continue
        status = outbox.record(db, message_id, result.kind, result.detail, now=clock())
        report.counts["retrying" if status == "approved" else status] += 1
        if status != "sent":
            report.problems.append(result.detail)
    return True


def _settle_unknown(
    db: Database, message_id: int, detail: str, imap: Server | None, clock: Clock, report: Round
) -> None:
    if imap is not None:
        header = outbox.header_id(db, message_id)
        try:
            where = find_sent(imap, header)
        except Exception as exc:  # any IMAP or network failure: stay on the safe side
            detail += f" The Sent folder could not be checked ({exc})."
        else:
            if where is not None:
                outbox.confirm_sent(db, message_id, now=clock(), where=where)
                report.counts["confirmed"] += 1
                return
            detail += " It is not in your Sent folder either."
    outbox.give_up_unknown(db, message_id, detail, now=clock())
    report.counts["unsure"] += 1
    report.problems.append(f"Message {message_id}: {detail}")


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


def watch(db: Database, imap: Server | None, *, now: datetime) -> Any:
    """Run the reply watch when IMAP is configured and the watch is installed."""
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
    return check_inbox(db, imap, now=now, owner=1)


def one_round(
    db: Database,
    smtp: Server | None,
    imap: Server | None,
    *,
    clock: Clock,
    worker: str | None = None,
    fault: str | None = None,
) -> Round:
    """Send, then watch; a failing watch is reported without undoing what was sent."""
    report = deliver(db, smtp, clock=clock, imap=imap, worker=worker, fault=fault)
    try:
        report.watch = watch(db, imap, now=clock())
    except Exception as exc:  # the inbox is another server: its trouble is not the outbox's
        report.problems.append(f"The reply watch failed: {exc}")
    return report


def run(
    db: Database,
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
            on_round(one_round(db, smtp, imap, clock=clock, worker=worker, fault=fault))
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

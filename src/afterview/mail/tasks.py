"""A career centre's workers: sending, the settling of interrupted mail and the replan
after sending, as tasks on ``procrastinate`` (PostgreSQL-backed), shared by as many
``afterview worker`` processes as run, on one machine or several.

* ``enqueue_due_mail`` (periodic, every :data:`EVERY_S` seconds, deferred once per tick
  whatever the number of workers): settles the messages a dead sender left in the unknown
  window (the outbox's usual path), claims the due mail of every account through the
  centre's claim function in this run's name of the queue (``queue:<job id>``), defers one
  ``send_message`` per message (a queueing lock per message: never two waiting for the
  same one), and replans the applications whose mail went out.
* ``send_message(owner, message)``: in a unit of work for the owner, as the worker, takes
  the message over from the queue (:mod:`afterview.services.send_tasks`), then hands it to
  the seeker's own SMTP server (:mod:`afterview.services.mail_accounts`) through
  :func:`afterview.mail.outbox_worker.send_one`. Run twice, even at once, it sends once:
  the take-over and the hand-off are each one conditional statement.
* ``retry_stalled`` (periodic): a worker that stops beating (killed, machine gone) has its
  running jobs put back in the queue; the take-over decides whether there is anything left
  to send. The claims of an enqueue run that died are given back to the outbox.
* ``watch_replies`` (every ten minutes) and ``replan_nightly`` (03:00 UTC): list the
  seekers to act for (:mod:`afterview.services.periodic`: account ids only) and defer one
  ``watch_seeker`` / ``replan_seeker`` per seeker, each acting as that seeker.
* ``retention`` (02:30 UTC): warns idle closed searches and purges those warned 30 days
  ago (:mod:`afterview.services.rights`), and defers one ``mail_retention_warning`` per
  new warning, sent through the centre's own SMTP server (``AFTERVIEW_CENTRE_SMTP_*``);
  without that server it does nothing (no warning can be mailed, so nothing is purged).

The jobs carry two ids and nothing else of an account. ``AFTERVIEW_TASK_EVERY_S`` and
``AFTERVIEW_WORKER_STALLED_S`` shorten the periods (the tests do);
``AFTERVIEW_WORKER_CONCURRENCY`` sets how many jobs one worker runs at once.

A worker counts as gone when its heartbeat is older than the stalled period. Too short a
period under load makes a slow worker look gone: its running jobs then run a second time
at once (harmless: the take-over and the hand-off are conditional), and a worker starting
meanwhile may remove the slow one's registration. Keep the period well above the heartbeat
(a third of it) and the longest pause a loaded machine makes.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from afterview.domain.actor import Actor
from afterview.mail import outbox_worker
from afterview.mail.config import Server
from afterview.services import mail_accounts, outbox, periodic, send_tasks
from afterview.storage.db import Database, pg_dsn
from afterview.storage.work import Dispatch, Work

if TYPE_CHECKING:
    import procrastinate

EVERY_S = 60
STALLED_S = 30.0
SEND = "afterview.send_message"
WATCH = "afterview.watch_seeker"
REPLAN = "afterview.replan_seeker"
WATCH_CRON = "*/10 * * * *"  # the reply watch, every ten minutes
REPLAN_CRON = "0 3 * * *"  # the replan, nightly at 03:00 UTC
WARN = "afterview.mail_retention_warning"
RETENTION_CRON = "30 2 * * *"  # retention, nightly at 02:30 UTC
ENQUEUE = "afterview.enqueue_due_mail"
CONCURRENCY = 4  # jobs at once per worker, each over its own database connection
SEARCH_PATH = "-c search_path=procrastinate,public"

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


def settings() -> tuple[int, float]:
    """The periodic tasks' period and the silence after which a worker counts as gone."""
    every = int(os.environ.get("AFTERVIEW_TASK_EVERY_S", EVERY_S))
    stalled = float(os.environ.get("AFTERVIEW_WORKER_STALLED_S", STALLED_S))
    return max(1, every), max(1.0, stalled)


def concurrency() -> int:
    """How many jobs one worker runs at once (``AFTERVIEW_WORKER_CONCURRENCY``)."""
    return max(1, int(os.environ.get("AFTERVIEW_WORKER_CONCURRENCY", CONCURRENCY)))


def build(db: Database, *, clock: Clock = _now, fault: str | None = None) -> procrastinate.App:
    """The procrastinate app of ``db``'s centre, with its tasks."""
    import procrastinate

    connector = procrastinate.PsycopgConnector(
        conninfo=pg_dsn(db.url), kwargs={"options": SEARCH_PATH}
    )
    app = procrastinate.App(connector=connector)
    every, stalled = settings()
    cron = f"* * * * * */{every}" if every < 60 else "* * * * *"
    handled = [0]

    @app.task(name=SEND, pass_context=True)
    def send_message(context: Any, owner: int, message: int) -> str:
        handled[0] += 1
        stop = fault if fault and handled[0] >= _fault_after() else None
        with _pinned(db) as held:  # the thread's connection, for the task's few transactions
            return _send(Dispatch(held), owner, message, f"job:{context.job.id}", clock, stop)

    @app.periodic(cron=cron, periodic_id="due-mail")
    @app.task(name=ENQUEUE, queueing_lock="enqueue_due_mail", pass_context=True)
    def enqueue_due_mail(context: Any, timestamp: int) -> int:
        name = send_tasks.queue_name(context.job.id)
        with _pinned(db) as held:
            return _enqueue(Dispatch(held), name, send_message, clock)

    @app.periodic(cron=cron, periodic_id="stalled")
    @app.task(name="afterview.retry_stalled", queueing_lock="retry_stalled")
    async def retry_stalled(timestamp: int) -> int:
        return await _retry_stalled(app, db, stalled, clock)

    _seeker_tasks(app, db, clock)
    _retention_tasks(app, db, clock)
    return app


def _seeker_tasks(app: procrastinate.App, db: Database, clock: Clock) -> None:
    """The reply watch and the nightly replan: a periodic task lists the seekers to act for
    and defers one job per seeker (queueing lock ``watch:<id>`` / ``replan:<id>``: however
    many machines tick, a seeker never waits twice); each job acts as that seeker."""

    @app.task(name=WATCH)
    def watch_seeker(owner: int) -> str:
        with _pinned(db) as held:
            return _watch(as_seeker(held, owner), clock)

    @app.task(name=REPLAN)
    def replan_seeker(owner: int) -> int:
        with _pinned(db) as held:
            return periodic.replan_search(as_seeker(held, owner), now=clock())

    @app.periodic(cron=WATCH_CRON, periodic_id="replies")
    @app.task(name="afterview.watch_replies", queueing_lock="watch_replies")
    def watch_replies(timestamp: int) -> int:
        with _pinned(db) as held:
            return defer_each(periodic.mail_watchers(Dispatch(held)), watch_seeker, "watch")

    @app.periodic(cron=REPLAN_CRON, periodic_id="replan")
    @app.task(name="afterview.replan_nightly", queueing_lock="replan_nightly")
    def replan_nightly(timestamp: int) -> int:
        with _pinned(db) as held:
            owners = periodic.seekers_to_replan(Dispatch(held))
        return defer_each(owners, replan_seeker, "replan")


def _retention_tasks(app: procrastinate.App, db: Database, clock: Clock) -> None:
    """Retention, nightly: warn the idle closed searches and purge those warned long enough
    ago (:func:`afterview.services.rights.purge`), and mail each new warning to its seeker
    through the centre's own SMTP server, one job per seeker (lock ``retention:<id>``)."""
    import procrastinate

    @app.task(name=WARN, retry=procrastinate.RetryStrategy(max_attempts=5, wait=60))
    def mail_retention_warning(owner: int, warned_at: str) -> str:
        with _pinned(db) as held:
            at = datetime.fromisoformat(warned_at)
            return _mail_warning(as_seeker(held, owner), at, clock)

    @app.periodic(cron=RETENTION_CRON, periodic_id="retention")
    @app.task(name="afterview.retention", queueing_lock="retention")
    def retention(timestamp: int) -> int:
        from afterview.services import rights

        if centre_smtp() is None:  # no warning mail, no warning: the purge waits for one
            return 0
        now = clock()
        done = rights.purge(db, now=now, months=retention_months(), dry_run=False)
        warned = [r.owner for r in done if r.action == "warned"]
        at = now.isoformat()  # the warning's record: the purge counts its days from it
        return defer_each(warned, mail_retention_warning, "retention", warned_at=at)


def retention_months(env: Mapping[str, str] | None = None) -> int:
    """``AFTERVIEW_RETENTION_MONTHS``, as ``afterview centre purge`` reads it."""
    from afterview.domain.errors import InputError
    from afterview.services.rights import RETENTION_MONTHS

    text = (os.environ if env is None else env).get("AFTERVIEW_RETENTION_MONTHS", "").strip()
    if not text:
        return RETENTION_MONTHS
    if not text.isdigit() or int(text) < 1:
        raise InputError("retention_months_invalid", value=text)
    return int(text)


def centre_smtp(env: Mapping[str, str] | None = None) -> tuple[Server, str] | None:
    """The centre's own SMTP server (``AFTERVIEW_CENTRE_SMTP_HOST``, ``_PORT``,
    ``_SECURITY``, ``_USER``, ``_PASSWORD``, read as the ``AFTERVIEW_SMTP_*`` settings are)
    and the address its mail comes from (``AFTERVIEW_CENTRE_MAIL_FROM``, else the user
    name when it is an address); ``None`` when no host is set."""
    from afterview.mail.config import smtp_server

    given = os.environ if env is None else env
    prefix = "AFTERVIEW_CENTRE_SMTP_"
    mapped = {
        f"AFTERVIEW_SMTP_{k[len(prefix) :]}": v for k, v in given.items() if k.startswith(prefix)
    }
    server = smtp_server(mapped)
    if server is None:
        return None
    user = server.user if server.user and "@" in server.user else None
    sender = (
        given.get("AFTERVIEW_CENTRE_MAIL_FROM", "").strip() or user or f"afterview@{server.host}"
    )
    return server, sender


def _mail_warning(work: Work, warned_at: datetime, clock: Clock) -> str:
    """Mail the seeker's retention warning through the centre's SMTP server. A refusal or
    a server out of reach raises, and procrastinate tries again later; a seeker without an
    address (or a server setting removed since) is skipped, the warning staying recorded."""
    from email.message import EmailMessage
    from email.utils import format_datetime

    from afterview import compose
    from afterview.mail.smtp import Session

    found = centre_smtp()
    now = clock()
    notice = periodic.retention_notice(work, warned_at=warned_at, months=retention_months())
    if found is None or notice is None:
        return "not mailed"
    server, sender = found
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, notice.to, notice.subject
    message["Date"], message["Message-ID"] = format_datetime(now), compose.new_message_id(sender)
    message.set_content(notice.body)
    with Session(server, helo=outbox_worker._helo(server)) as session:
        result = session.send(message.as_bytes(), sender, notice.to)
    if not result.accepted:
        raise RuntimeError(result.detail)
    return "mailed"


def defer_each(owners: list[int], task: Any, kind: str, **more: Any) -> int:
    """Defer ``task`` once per owner (with ``more`` arguments), each under the lock
    ``<kind>:<owner>``; returns how many were deferred (an owner whose job still waits is
    skipped)."""
    from procrastinate.exceptions import AlreadyEnqueued

    deferred = 0
    for owner in owners:
        try:
            task.configure(queueing_lock=f"{kind}:{owner}").defer(owner=owner, **more)
        except AlreadyEnqueued:
            continue
        deferred += 1
    return deferred


def as_seeker(db: Database, owner: int) -> Work:
    """The unit of work of one seeker, as that seeker: a job does for them what they could
    do themselves, and row-level security keeps it to their search."""
    return Work(db, Actor.seeker(owner))


def _watch(work: Work, clock: Clock) -> str:
    """Read the seeker's inbox once with their own stored IMAP settings; a seeker who gave
    none is skipped."""
    from afterview.mail.watch import check_inbox

    imap = _servers(work)[1]
    if imap is None:
        return "no inbox"
    report = check_inbox(work, imap, now=clock())
    return f"{report.scanned} read, {len(report.matched)} matched"


async def _retry_stalled(app: Any, db: Database, stalled: float, clock: Clock) -> int:
    """Put back the work of workers that stopped beating (see the module's docstring).

    A send task is run again: its take-over decides whether anything is left to send. A
    send task that cannot go back (a newer one for the same message already waits: the
    queueing lock) is closed as failed, the waiting one does the work. A run of the
    periodic enqueue is closed, and the messages it claimed but may not have deferred are
    given back to the outbox for the next run: without that they would wait for the
    claim's ten-minute lease, which a frozen clock never ends.
    """
    import asyncio

    from procrastinate.exceptions import UniqueViolation
    from procrastinate.jobs import Status

    manager = app.job_manager
    jobs = list(await manager.get_stalled_jobs(seconds_since_heartbeat=stalled))
    for job in jobs:
        assert job.id is not None
        if job.task_name == SEND:
            try:
                await manager.retry_job_by_id_async(job.id, retry_at=datetime.now(UTC))
                continue
            except UniqueViolation:
                pass
        await manager.finish_job_by_id_async(job.id, Status.FAILED, delete_job=False)
        if job.task_name == ENQUEUE:
            await asyncio.to_thread(_release, db, job.id, clock)
    return len(jobs)


def _release(db: Database, run: int, clock: Clock) -> int:
    with _pinned(db) as held:
        return send_tasks.release(Dispatch(held), run, now=clock())


_threads = threading.local()


class _Held:
    """A thread's own connection to one database, closed when the thread ends (its
    thread-local storage goes, and this with it) or when dropped."""

    def __init__(self, db: Database) -> None:
        self.stack = ExitStack()
        self.db: Database = self.stack.enter_context(db.pinned())

    def close(self) -> None:
        self.stack.close()

    def __del__(self) -> None:
        self.close()


@contextmanager
def _pinned(db: Database) -> Iterator[Database]:
    """``db`` over the running thread's own connection, opened by its first job and kept
    for the next ones: a job is a few short transactions, and opening a PostgreSQL
    connection for each (a new server process, authentication) cost more than the job's
    work, a thousand times over for a thousand messages. A job that fails drops the
    connection (it may be the cause), and the thread's next job opens a new one."""
    held: _Held | None = getattr(_threads, "held", None)
    if held is None or held.db.url != db.url:
        if held is not None:  # another database's (tests build several apps)
            held.close()
        held = _threads.held = _Held(db)
    try:
        yield held.db
    except BaseException:
        _threads.held = None
        held.close()
        raise


def _fault_after() -> int:
    """After how many send tasks this process stops at its fault point (crash tests)."""
    return int(os.environ.get("AFTERVIEW_WORKER_FAULT_AFTER", "1"))


def _enqueue(dispatch: Dispatch, name: str, send_message: Any, clock: Clock) -> int:
    """Settle, claim in this run's name of the queue and defer; returns the number deferred.

    A claim is committed before its task is deferred (they are two databases' worth of
    work: the outbox's and the queue's). A run that dies in between leaves claims no task
    will take: ``retry_stalled`` gives them back (:func:`send_tasks.release`).
    """
    from procrastinate.exceptions import AlreadyEnqueued

    report = outbox_worker.Round()
    for owner, message_id in outbox.claim_unknown(dispatch, name, now=clock()):
        work = dispatch.for_owner(owner)
        imap = _servers(work)[1]
        detail = "The worker sending it stopped after handing it to the server."
        outbox_worker._settle_unknown(work, message_id, detail, imap, clock, report)
    deferred = 0
    while claimed := outbox.claim(dispatch, name, now=clock(), limit=200):
        for owner, message_id in claimed:
            lock = f"message:{message_id}"
            try:
                send_message.configure(queueing_lock=lock).defer(owner=owner, message=message_id)
            except AlreadyEnqueued:
                continue
            deferred += 1
    outbox_worker._replan(dispatch, clock, report)
    return deferred


def _send(
    dispatch: Dispatch, owner: int, message: int, me: str, clock: Clock, fault: str | None
) -> str:
    """One message of ``owner``'s, sent at most once however often this runs."""
    from afterview.mail.smtp import Session

    work = dispatch.for_owner(owner)
    if not send_tasks.take_over(work, message, me, now=clock()):
        return "not mine"
    smtp, imap = _servers(work)
    report = outbox_worker.Round()
    if smtp is None:
        detail = "No mail account is set up for this seeker."
        outbox.record(work, message, "permanent", detail, now=clock())
        return "failed"
    outbox_worker._fault(fault, "claimed")
    with Session(smtp, helo=outbox_worker._helo(smtp)) as session:
        outbox_worker.send_one(work, session, message, me, clock, imap, report, fault)
    return ", ".join(report.counts) or "nothing"


def _servers(work: Any) -> tuple[Server | None, Server | None]:
    """The seeker's own servers, as the mail modules take them."""
    found = mail_accounts.servers(work)
    out: list[Server | None] = []
    for protocol in ("smtp", "imap"):
        given = found[protocol]
        if given is None:
            out.append(None)
            continue
        out.append(
            Server(
                protocol,
                given.host,
                given.port,
                given.security,  # type: ignore[arg-type]
                given.user,
                given.password,
            )
        )
    return out[0], out[1]


def run(db: Database, *, fault: str | None = None, clock: Clock | None = None) -> None:
    """Run one procrastinate worker until it is stopped (Ctrl-C or SIGTERM)."""
    app = build(db, fault=fault, clock=clock or _now)
    _, stalled = settings()
    with app.open():
        app.run_worker(
            concurrency=concurrency(),  # sync tasks run in threads: SMTP and SQL waits overlap
            update_heartbeat_interval=max(0.5, stalled / 3),
            stalled_worker_timeout=stalled,
            install_signal_handlers=True,
        )

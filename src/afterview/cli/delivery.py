"""Delivery: ``approve``, ``outbox`` (``cancel``, ``retry``), ``worker`` and ``digest``.

A note is approved into the outbox, and the worker sends it at its hour through the
user's own SMTP account (settings: ``AFTERVIEW_SMTP_*``, see ``afterview.mail.config``).
Times given without an offset are read in the candidate's time zone.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from afterview import i18n, values
from afterview.cli.common import emit, json_option, now_option, open_work, time_of, user_zone
from afterview.cli.messages import word
from afterview.domain.errors import InputError, UnknownRecord
from afterview.domain.serial import to_builtins
from afterview.domain.wording import kind_label, rule_title, words
from afterview.i18n import _

if TYPE_CHECKING:
    from afterview.services.outbox import Approved, Blocked, Delivery, Entry
    from afterview.wiring import Work

NO = 1  # exit code when the answer is "no": the guards block the note


@click.command()
@click.argument("application_id", type=int, metavar="APP_ID")
@click.option("--kind", required=True, help="The kind of note, e.g. thank_you or follow_up.")
@click.option("--to", "to", required=True, metavar="NAME", help="Who it goes to.")
@click.option("--subject", help="The subject line (default: the draft's).")
@click.option(
    "--body-file",
    "body_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="F",
    help="The note's text in a file (default: the draft).",
)
@click.option(
    "--send-at", "send_at", metavar="T", help="When it goes out (default: the plan's send time)."
)
@click.option(
    "--override-reason",
    "override_reason",
    metavar="R",
    help="Send it even though a guard blocks it, for this reason (kept with the application).",
)
@click.option("--now", metavar="T", help="As of this time (default: now).")
@json_option
def approve(
    application_id: int,
    kind: str,
    to: str,
    subject: str | None,
    body_file: Path | None,
    send_at: str | None,
    override_reason: str | None,
    now: str | None,
    as_json: bool,
) -> None:
    """Approve a note: it goes into the outbox and leaves at its hour (exit 1 when blocked)."""
    from afterview.mail.config import mail_server_set
    from afterview.services import outbox
    from afterview.values import text_file

    work = open_work()
    body = text_file(body_file, "--body-file") if body_file is not None else None
    moment = time_of(now, "--now", work)
    when = time_of(send_at, "--send-at", work) if send_at is not None else None
    try:
        result = outbox.approve(
            work,
            application_id,
            kind=kind,
            to=to,
            subject=subject,
            body=body,
            send_at=when,
            override_reason=override_reason,
            now=moment,
        )
    except outbox.Blocked as exc:
        _report_blocked(exc, as_json)
        raise click.exceptions.Exit(NO) from None
    if as_json:
        emit(_approved_json(result))
        return
    state = outbox.delivery(work, now=moment, mail_server=mail_server_set())
    _report_approved(result, kind, state, user_zone(work))


def _report_blocked(exc: Blocked, as_json: bool) -> None:
    """Why the guards block the note: the verdict as JSON, or one line per finding."""
    if as_json:
        emit(exc.verdict)
        return
    click.echo(f"afterview: {word(exc)}", err=True)
    for f in exc.verdict.findings:
        level = _("blocks it") if f.severity == "error" else _("warning")
        click.echo(f"  {rule_title(f.code)} ({level}): {f.message}", err=True)


def _approved_json(result: Approved) -> dict[str, Any]:
    return {
        "id": result.id,
        "message_id": result.message_id,
        "to": result.to,
        "to_email": result.to_email,
        "send_at": result.send_at.isoformat(),
        "in_reply_to": result.in_reply_to,
        "warnings": result.warnings,
    }


def _report_approved(result: Approved, kind: str, state: Delivery, zone: tzinfo) -> None:
    """When the note leaves, in the user's zone, and what (if anything) stands in its way."""
    approved = (
        _("Message %(id)s approved: %(kind)s to %(to)s, goes out %(when)s (%(zone)s).")
        if state.problem is None
        else _("Message %(id)s approved: %(kind)s to %(to)s, due to go out %(when)s (%(zone)s).")
    )
    click.echo(
        approved
        % {
            "id": result.id,
            "kind": kind_label(kind),
            "to": f"{result.to} <{result.to_email}>",
            "when": i18n.when(result.send_at.astimezone(zone), "day_time"),
            "zone": getattr(zone, "key", zone),
        }
    )
    if result.in_reply_to:
        earlier = _("It answers under your earlier note %(id)s.")
        click.echo("  " + earlier % {"id": result.in_reply_to})
    for f in result.warnings:
        warning = _("Warning, %(rule)s: %(message)s")
        click.echo("  " + warning % {"rule": rule_title(f.code), "message": f.message})
    if state.problem is None:
        click.echo(_("`afterview worker` sends it; `afterview outbox` shows where it is."))
    else:
        click.echo(_stuck(state, result.id))


@click.group(invoke_without_command=True)
@json_option
@click.option("--now", metavar="T", help="As of this time (default: now).")
@click.pass_context
def outbox(ctx: click.Context, as_json: bool, now: str | None) -> None:
    """The outbox: approved notes, where each one is, and why one failed."""
    if ctx.invoked_subcommand is not None:
        return
    from afterview.mail.config import mail_server_set
    from afterview.services import outbox as outbox_service

    work = open_work()
    rows = outbox_service.entries(work)
    if as_json:
        emit({"messages": rows})
        return
    click.echo(_outbox_text(rows, work))
    state = outbox_service.delivery(
        work, now=time_of(now, "--now", work), mail_server=mail_server_set()
    )
    if state.problem is not None:
        click.echo("\n" + _stuck(state, None))


def _outbox_text(rows: list[Entry], work: Work) -> str:
    if not rows:
        return _("The outbox is empty: `afterview approve` puts a note in it.")
    zone = user_zone(work)
    out = []
    for entry in rows:
        r = to_builtins(entry)
        moment = r["sent_at"] if r["status"] == "sent" else r["send_at"]
        when = datetime.fromisoformat(moment).astimezone(zone)
        at = _("sent %(when)s") if r["status"] == "sent" else _("at %(when)s")
        out.append(
            f"#{r['id']:<5} {words(r['status']):<9} {kind_label(r['kind'])} → {r['to']} "
            f"({r['company']}), {at % {'when': i18n.when(when, 'day_time')}}"
        )
        if r["error"]:
            out.append(f"         {entry.error_text()}")
    return "\n".join(out)


def _stuck(state: Delivery, message_id: int | None) -> str:
    """Why the outbox is stuck and what to do instead: send it yourself, or fix the cause."""
    from afterview.services import outbox as outbox_service

    which = str(message_id) if message_id is not None else "ID"
    fix = (
        _(
            "or set up sending: AFTERVIEW_SMTP_HOST and the other settings in %(where)s, "
            "then run `afterview worker`."
        )
        % {"where": _(outbox_service.SETUP_STEPS)}
        if state.problem == "no_mail_server"
        else _(
            "or start `afterview worker` (or `afterview serve --worker`, or a cron job "
            "running `afterview worker --once`)."
        )
    )
    show, eml = f"afterview outbox show {which}", f"afterview outbox eml {which} > note.eml"
    width = max(len(show), len(eml)) + 2
    instead = (
        _("Send it yourself instead:")
        if message_id is not None
        else _("Send a note yourself instead:")
    )
    return "\n".join(
        [
            state.notice() or "",
            instead,
            f"  {show:<{width}}" + _("the text to copy, and a mailto: link"),
            f"  {eml:<{width}}" + _("a file any mail program opens"),
            fix,
        ]
    )


@outbox.command("cancel")
@click.argument("message_id", type=int, metavar="ID")
@now_option
def outbox_cancel(message_id: int, now: str | None) -> None:
    """Take a message out of the outbox before it goes."""
    from afterview.services import outbox as service

    work = open_work()
    service.cancel(work, message_id, now=time_of(now, "--now", work))
    click.echo(_("Message %(id)s cancelled; it will not be sent.") % {"id": message_id})


@outbox.command("show")
@click.argument("message_id", type=int, metavar="ID")
def outbox_show(message_id: int) -> None:
    """One note's address, subject and text to copy, and a mailto: link that opens it."""
    from afterview.services import outbox as outbox_service

    work = open_work()
    entry = next((e for e in outbox_service.entries(work) if e.row["id"] == message_id), None)
    if entry is None:
        raise UnknownRecord("unknown_message", id=message_id)
    r = entry.row
    click.echo(_("To: %(to)s") % {"to": f"{r['to_name']} <{r['to_email']}>"})
    click.echo(_("Subject: %(subject)s") % {"subject": r["subject"]})
    click.echo(f"\n{r['body']}")
    link = entry.mailto()
    if link:
        click.echo(_("Open it in your mail program: %(link)s") % {"link": link})


@outbox.command("eml")
@click.argument("message_id", type=int, metavar="ID")
@now_option
def outbox_eml(message_id: int, now: str | None) -> None:
    """One note as an .eml file on standard output (redirect it: `> note.eml`)."""
    from afterview.services import outbox as outbox_service

    work = open_work()
    data = outbox_service.note_file(work, message_id, now=time_of(now, "--now", work))
    click.echo(data, nl=False)  # bytes go out as they are: CRLF line ends, as RFC 5322 wants


@outbox.command("retry")
@click.argument("message_id", type=int, metavar="ID")
@click.option(
    "--override-reason",
    "override_reason",
    metavar="R",
    help="Send it even though a guard blocks it, for this reason.",
)
@now_option
def outbox_retry(message_id: int, override_reason: str | None, now: str | None) -> None:
    """Send a failed, blocked or cancelled message again (the worker takes it next)."""
    from afterview.mail.config import mail_server_set
    from afterview.services import outbox as service

    work = open_work()
    moment = time_of(now, "--now", work)
    service.retry(work, message_id, now=moment, override_reason=override_reason)
    click.echo(_("Message %(id)s is back in the outbox.") % {"id": message_id})
    state = service.delivery(work, now=moment, mail_server=mail_server_set())
    if state.problem is None:
        click.echo(_("The worker sends it on its next round."))
    else:
        click.echo(_stuck(state, message_id))


@click.command()
@click.option("--once", is_flag=True, help="One round, then exit (for cron).")
@click.option(
    "--interval",
    default=60.0,
    show_default=True,
    type=click.FloatRange(1, 86400),
    help="Seconds between rounds.",
)
@click.option("--now", metavar="T", help="Act as of this time (default: the clock).")
def worker(once: bool, interval: float, now: str | None) -> None:
    """Send due messages and watch for replies; in a loop, or once with --once."""
    import time

    from afterview.mail import outbox_worker
    from afterview.mail.config import imap_server, smtp_server
    from afterview.wiring import dispatch

    if _centre_worker(now):
        return
    work = open_work()
    smtp, imap = smtp_server(), imap_server()
    if smtp is None and imap is None:
        raise InputError("no_mail_account", where="worker")
    clock: Callable[[], datetime] = _clock
    if now is not None:
        fixed = time_of(now, "--now", work)
        clock = lambda: fixed  # noqa: E731 - a fixed clock for tests and replays
    fault = os.environ.get(outbox_worker.FAULT_ENV) or None

    def report(result: outbox_worker.Round) -> None:
        click.echo(f"{clock():%Y-%m-%d %H:%M:%S}: {result.summary()}")
        for problem in result.problems:
            click.echo(f"  {problem}", err=True)

    def failed(exc: Exception) -> None:
        click.echo(_("afterview worker: this round failed: %(error)s") % {"error": exc}, err=True)

    if once:
        report(outbox_worker.one_round(dispatch(work.db), smtp, imap, clock=clock, fault=fault))
        return
    if smtp is not None:
        place = {"server": smtp.describe(), "seconds": f"{interval:g}"}
        click.echo(_("Sending through %(server)s, every %(seconds)s s (Ctrl-C to stop).") % place)
    try:
        outbox_worker.run(
            dispatch(work.db),
            smtp,
            imap,
            clock=clock,
            interval_s=interval,
            sleep=time.sleep,
            on_round=report,
            on_error=failed,
            fault=fault,
        )
    except KeyboardInterrupt:
        click.echo(_("Worker stopped."), err=True)


def _centre_worker(now: str | None) -> bool:
    """In a career centre, run one of its shared procrastinate workers (``mail/tasks.py``)
    until stopped, and say so; ``False`` in personal mode, which keeps its own loop.
    ``--now`` is read as ISO 8601, UTC unless it names an offset (a centre has no one
    zone)."""
    from afterview.wiring import database

    db = database()
    db.ensure_schema()
    if not db.centre:
        return False
    import contextlib

    from afterview.mail import outbox_worker, tasks

    click.echo(_("Working for the career centre's queue (Ctrl-C to stop)."))
    with contextlib.suppress(KeyboardInterrupt):
        fixed = None if now is None else values.moment(now, "--now", UTC)
        clock = (lambda: fixed) if fixed is not None else None
        tasks.run(db, fault=os.environ.get(outbox_worker.FAULT_ENV) or None, clock=clock)
    click.echo(_("Worker stopped."), err=True)
    return True


@click.command()
@click.option("--send", is_flag=True, help="Email it to yourself instead of printing it.")
@click.option("--now", metavar="T", help="As of this time (default: now).")
def digest(send: bool, now: str | None) -> None:
    """Today's agenda as a short morning email to yourself (printed without --send)."""
    from afterview.mail import outbox_digest
    from afterview.mail.config import smtp_server

    work = open_work()
    note = outbox_digest.compose_digest(work, now=time_of(now, "--now", work))
    if not send:
        subject = _("Subject: %(subject)s") % {"subject": note.subject}
        click.echo(f"{subject}\n\n{note.body}", nl=False)
        return
    server = smtp_server()
    if server is None:
        raise InputError("smtp_host_first", where="digest --send")
    detail = outbox_digest.send_digest(note, server, now=time_of(now, "--now", work))
    click.echo(_("Digest sent to %(to)s (%(detail)s).") % {"to": note.to_email, "detail": detail})


def _clock() -> datetime:
    from datetime import UTC

    return datetime.now(UTC)

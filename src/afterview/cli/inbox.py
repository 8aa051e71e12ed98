"""The reply watch on the command line: ``watch`` (one poll) and ``inbox`` (what it found).

``afterview watch`` reads the IMAP settings from the environment (``AFTERVIEW_IMAP_*``, the
password also from the keyring), checks the inbox once and says what it did; the worker
runs the same poll in a loop. ``afterview inbox`` lists the replies matched to
applications, the suggestions waiting for a decision first; ``inbox confirm ID`` records
the outcome a suggestion reads as, ``inbox dismiss ID`` keeps the reply without one, and
``inbox undo ID`` takes back a reply matched by mistake, restoring the plan from before it.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING

import click

from afterview import i18n
from afterview.cli.common import emit, json_option, now_option, open_work, time_of, user_zone
from afterview.domain.wording import plural

if TYPE_CHECKING:
    from afterview.mail.watch import Seen, WatchReport
    from afterview.services.agenda import Heard, Section

KIND_WORDS = {
    "human": "reply",
    "auto": "automatic reply",
    "rejection": "reads like a rejection",
    "offer": "reads like an offer",
}


@click.command()
@click.option("--now", metavar="T", help="As of this time (default: now).")
@json_option
def watch(now: str | None, as_json: bool) -> None:
    """Check the inbox once for employers' replies (read-only: nothing is marked or moved)."""
    from afterview.domain.errors import InputError
    from afterview.mail.config import imap_server
    from afterview.mail.watch import check_inbox

    server = imap_server()
    if server is None:
        raise InputError("watch_not_set_up")
    work = open_work()
    report = check_inbox(work, server, now=time_of(now, "--now", work))
    if as_json:
        emit(report)
    else:
        click.echo(watch_text(report, server.describe(), user_zone(work)))


def watch_text(report: WatchReport, where: str, zone: tzinfo) -> str:
    found = len(report.matched)
    out = [
        f"Checked {report.mailbox} on {where}: {plural(report.scanned, 'new message')}, "
        f"{found} from employers."
    ]
    if report.reset:
        out.append("  (the mailbox was renumbered by the server: read again from the start)")
    out += [f"  {_seen(s)}" for s in report.matched]
    if any(s.status == "new" for s in report.matched):
        out.append("Confirm or dismiss what waits for you: `afterview inbox`.")
    return "\n".join(out)


def _seen(s: Seen) -> str:
    head = f"#{s.event_id} {s.company} ({s.role}, #{s.application_id}): {KIND_WORDS[s.kind]}"
    head += f" from {s.from_addr}"
    if s.status == "new":
        return head + " — waits for you to confirm or dismiss; follow-ups stop meanwhile"
    if s.kind == "auto":
        if s.return_on:
            return head + f" — follow-ups wait until after {i18n.when(s.return_on, 'day')}"
        return head + " — no return date given: nothing changes"
    return head + " — follow-ups stop"


@click.group(invoke_without_command=True)
@click.option("--application", "app_id", type=int, metavar="ID", help="Only this application.")
@json_option
@click.pass_context
def inbox(ctx: click.Context, app_id: int | None, as_json: bool) -> None:
    """Replies the watch matched to applications; suggestions waiting for you first."""
    if ctx.invoked_subcommand is not None:
        return
    from afterview.services import inbox as service

    work = open_work()
    entries = service.entries(work, app_id=app_id)
    if as_json:
        emit({"replies": entries})
    else:
        click.echo(inbox_text(entries, user_zone(work)))


def inbox_text(entries: list[Heard], zone: tzinfo) -> str:
    if not entries:
        return "No replies from employers found yet (`afterview watch` checks the inbox)."
    waiting = [e for e in entries if e.waiting]
    rest = [e for e in entries if not e.waiting]
    out: list[str] = []
    if waiting:
        out.append(f"Waiting for you ({len(waiting)}):")
        for e in waiting:
            out += _entry(e, zone)
            out.append(
                f"      `afterview inbox confirm {e.id}` records the outcome; "
                f"`afterview inbox dismiss {e.id}` keeps it as a reply only."
            )
        out.append("")
    out.append(f"Replies seen ({len(rest)}):")
    for e in rest:
        out += _entry(e, zone)
    if not rest:
        out.append("  nothing else")
    else:
        out.append("A reply matched by mistake? `afterview inbox undo ID` takes it back.")
    return "\n".join(out)


def _entry(e: Heard, zone: tzinfo) -> list[str]:
    what = KIND_WORDS[e.kind]
    if e.kind == "auto" and e.return_on:
        what += f", back {i18n.when(e.return_on, 'day')}"
    if e.status in ("confirmed", "dismissed", "undone"):
        what += f" ({e.status})"
    when = f"{i18n.when(e.received_at.astimezone(zone), 'day_time')}"
    return [
        f"  #{e.id:<4} {e.company} ({e.role}, #{e.application_id}): {what}",
        f"        from {e.sender()}, {when}: {e.subject or '(no subject)'!r}",
    ]


@inbox.command()
@click.argument("event_id", type=int, metavar="ID")
@now_option
def confirm(event_id: int, now: str | None) -> None:
    """The suggestion is right: record the offer or rejection it reads as."""
    from afterview.services import inbox as service

    work = open_work()
    entry, result = service.confirm(work, event_id, now=time_of(now, "--now", work))
    outcome = "rejected" if entry.kind == "rejection" else "offer"
    tail = "" if result is None else f" (plan recomputed: {result.merge.added} new steps)"
    click.echo(
        f"Outcome recorded: {entry.company} ({entry.role}, #{entry.application_id}) "
        f"{outcome}{tail}; see `afterview agenda`."
    )


@inbox.command()
@click.argument("event_id", type=int, metavar="ID")
@now_option
def dismiss(event_id: int, now: str | None) -> None:
    """The suggestion is wrong: keep the reply, record no outcome."""
    from afterview.services import inbox as service

    work = open_work()
    entry = service.dismiss(work, event_id, now=time_of(now, "--now", work))
    click.echo(
        f"Dismissed: reply {event_id} stays a plain reply for {entry.company} "
        f"({entry.role}, #{entry.application_id}); no outcome recorded."
    )


@inbox.command()
@click.argument("event_id", type=int, metavar="ID")
@now_option
def undo(event_id: int, now: str | None) -> None:
    """The reply was matched by mistake: restore the application and its plan from before it."""
    from afterview.services import inbox as service

    work = open_work()
    entry, _ = service.undo(work, event_id, now=time_of(now, "--now", work))
    click.echo(
        f"Undone: the message from {entry.sender()} no longer counts as an answer from "
        f"{entry.company} ({entry.role}, #{entry.application_id}); the plan is back as it "
        "was before it. See `afterview agenda`."
    )


def heard_text(heard: Section, zone: tzinfo | None) -> str:
    """The agenda's section of replies: what waits for a decision, then recent replies."""
    out = ["", f"Heard back ({heard.total}):"]
    for h in heard.items:
        what = KIND_WORDS[h.kind]
        if h.kind == "auto" and h.return_on:
            what += f", follow-ups wait until after {i18n.when(h.return_on, 'day')}"
        when = f"{i18n.when(h.received_at.astimezone(zone), 'day')}"
        line = f"  {h.company} ({h.role}, #{h.application_id}): {what} from {h.from_addr}, {when}"
        if h.status == "new":
            line += f"\n          confirm or dismiss: `afterview inbox confirm|dismiss {h.id}`"
        out.append(line)
    if heard.total > len(heard.items):
        out.append(f"  … and {heard.total - len(heard.items)} more (see `afterview inbox`)")
    return "\n".join(out)

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
from afterview.domain.wording import words
from afterview.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from afterview.mail.watch import Seen, WatchReport
    from afterview.services.agenda import Heard, Section

KIND_WORDS = {
    "human": N_("reply"),
    "auto": N_("automatic reply"),
    "rejection": N_("reads like a rejection"),
    "offer": N_("reads like an offer"),
}


def _kind(kind: str) -> str:
    return _(KIND_WORDS[kind])


def _app(e: Heard | Seen) -> str:
    """ "Northwind Robotics (Senior Data Engineer, #1)": which application, as everywhere."""
    return f"{e.company} ({e.role}, #{e.application_id})"


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
    checked = ngettext(
        "Checked %(mailbox)s on %(server)s: %(count)d new message, %(found)d from employers.",
        "Checked %(mailbox)s on %(server)s: %(count)d new messages, %(found)d from employers.",
        report.scanned,
    )
    place = {"mailbox": report.mailbox, "server": where, "count": report.scanned, "found": found}
    out = [checked % place]
    if report.reset:
        renumbered = _("(the mailbox was renumbered by the server: read again from the start)")
        out.append("  " + renumbered)
    out += [f"  {_seen(s)}" for s in report.matched]
    if any(s.status == "new" for s in report.matched):
        out.append(_("Confirm or dismiss what waits for you: `afterview inbox`."))
    return "\n".join(out)


def _seen(s: Seen) -> str:
    sender = _("%(kind)s from %(sender)s") % {"kind": _kind(s.kind), "sender": s.from_addr}
    head = f"#{s.event_id} {_app(s)}: {sender} — "
    if s.status == "new":
        return head + _("waits for you to confirm or dismiss; follow-ups stop meanwhile")
    if s.kind == "auto":
        if s.return_on:
            until = _("follow-ups wait until after %(day)s")
            return head + until % {"day": i18n.when(s.return_on, "day")}
        return head + _("no return date given: nothing changes")
    return head + _("follow-ups stop")


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
        return _("No replies from employers found yet (`afterview watch` checks the inbox).")
    waiting = [e for e in entries if e.waiting]
    rest = [e for e in entries if not e.waiting]
    out: list[str] = []
    if waiting:
        out.append(_("Waiting for you (%(count)s):") % {"count": len(waiting)})
        for e in waiting:
            out += _entry(e, zone)
            choose = _(
                "`afterview inbox confirm %(id)s` records the outcome; "
                "`afterview inbox dismiss %(id)s` keeps it as a reply only."
            )
            out.append("      " + choose % {"id": e.id})
        out.append("")
    out.append(_("Replies seen (%(count)s):") % {"count": len(rest)})
    for e in rest:
        out += _entry(e, zone)
    if not rest:
        out.append("  " + _("nothing else"))
    else:
        out.append(_("A reply matched by mistake? `afterview inbox undo ID` takes it back."))
    return "\n".join(out)


def _entry(e: Heard, zone: tzinfo) -> list[str]:
    what = _kind(e.kind)
    if e.kind == "auto" and e.return_on:
        what += ", " + _("back %(day)s") % {"day": i18n.when(e.return_on, "day")}
    if e.status in ("confirmed", "dismissed", "undone"):
        what += f" ({_(EVENT_STATES[e.status])})"
    place = {
        "sender": e.sender(),
        "when": i18n.when(e.received_at.astimezone(zone), "day_time"),
        "subject": repr(e.subject) if e.subject else _("(no subject)"),
    }
    return [
        f"  #{e.id:<4} {_app(e)}: {what}",
        "        " + _("from %(sender)s, %(when)s: %(subject)s") % place,
    ]


EVENT_STATES = {
    "confirmed": N_("confirmed"),
    "dismissed": N_("dismissed"),
    "undone": N_("undone"),
}


@inbox.command()
@click.argument("event_id", type=int, metavar="ID")
@now_option
def confirm(event_id: int, now: str | None) -> None:
    """The suggestion is right: record the offer or rejection it reads as."""
    from afterview.services import inbox as service

    work = open_work()
    entry, result = service.confirm(work, event_id, now=time_of(now, "--now", work))
    outcome = words("rejected" if entry.kind == "rejection" else "offer")
    place = {"application": _app(entry), "outcome": outcome}
    if result is None:
        click.echo(
            _("Outcome recorded: %(application)s %(outcome)s; see `afterview agenda`.") % place
        )
    else:
        added = result.merge.added
        recorded = ngettext(
            "Outcome recorded: %(application)s %(outcome)s (plan recomputed: %(count)d new step); "
            "see `afterview agenda`.",
            "Outcome recorded: %(application)s %(outcome)s (plan recomputed: %(count)d new "
            "steps); see `afterview agenda`.",
            added,
        )
        click.echo(recorded % {**place, "count": added})


@inbox.command()
@click.argument("event_id", type=int, metavar="ID")
@now_option
def dismiss(event_id: int, now: str | None) -> None:
    """The suggestion is wrong: keep the reply, record no outcome."""
    from afterview.services import inbox as service

    work = open_work()
    entry = service.dismiss(work, event_id, now=time_of(now, "--now", work))
    dismissed = _(
        "Dismissed: reply %(id)s stays a plain reply for %(application)s; no outcome recorded."
    )
    click.echo(dismissed % {"id": event_id, "application": _app(entry)})


@inbox.command()
@click.argument("event_id", type=int, metavar="ID")
@now_option
def undo(event_id: int, now: str | None) -> None:
    """The reply was matched by mistake: restore the application and its plan from before it."""
    from afterview.services import inbox as service

    work = open_work()
    entry, _replanned = service.undo(work, event_id, now=time_of(now, "--now", work))
    undone = _(
        "Undone: the message from %(sender)s no longer counts as an answer from "
        "%(application)s; the plan is back as it was before it. See `afterview agenda`."
    )
    click.echo(undone % {"sender": entry.sender(), "application": _app(entry)})


def heard_text(heard: Section, zone: tzinfo | None) -> str:
    """The agenda's section of replies: what waits for a decision, then recent replies."""
    out = ["", _("Heard back (%(count)s):") % {"count": heard.total}]
    for h in heard.items:
        what = _kind(h.kind)
        if h.kind == "auto" and h.return_on:
            until = _("follow-ups wait until after %(day)s")
            what += ", " + until % {"day": i18n.when(h.return_on, "day")}
        when = i18n.when(h.received_at.astimezone(zone), "day")
        sent = _("%(what)s from %(sender)s, %(when)s")
        line = f"  {_app(h)}: " + sent % {"what": what, "sender": h.from_addr, "when": when}
        if h.status == "new":
            choose = _("confirm or dismiss: `afterview inbox confirm|dismiss %(id)s`")
            line += "\n          " + choose % {"id": h.id}
        out.append(line)
    if heard.total > len(heard.items):
        more = _("… and %(count)s more (see `afterview inbox`)")
        out.append("  " + more % {"count": heard.total - len(heard.items)})
    return "\n".join(out)

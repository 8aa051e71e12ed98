"""The tracked job search: ``add``, ``new``, ``list``, ``show``, ``agenda``, ``done``,
``skip``, ``log``, ``update``, ``reply``, ``outcome``, ``export``, ``backup`` (``import``
is in :mod:`afterview.cli.moving_in`).

What they share (the database, the clock, the user's zone) is in :mod:`afterview.cli.common`.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from afterview.cli.common import (
    ask_decision_date,
    at_option,
    day_of,
    emit,
    json_option,
    now_option,
    open_work,
    time_of,
    user_zone,
)
from afterview.domain.wording import join, kind_label
from afterview.i18n import _, ngettext


def _replanned(result: Any) -> str:
    if result is None:
        return _("no interview is recorded, so there is no plan to change.")
    m = result.merge
    added = (
        ngettext("%(count)d new step", "%(count)d new steps", m.added) % {"count": m.added}
        if m.added
        else _("no new steps")
    )
    cancelled = (
        ngettext("%(count)d step cancelled", "%(count)d steps cancelled", m.cancelled)
        % {"count": m.cancelled}
        if m.cancelled
        else _("none cancelled")
    )
    return _("application %(id)s: plan recomputed (%(added)s, %(cancelled)s).") % {
        "id": result.application_id,
        "added": added,
        "cancelled": cancelled,
    }


# -- adding -------------------------------------------------------------------------------


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE")
@click.option("--now", metavar="T", help="Plan as of this time (default: now).")
@json_option
def add(file: Path, now: str | None, as_json: bool) -> None:
    """Store an interview file: a new application, or a new round of an existing one."""
    from afterview.interview_file import read_data
    from afterview.services import tracking

    work = open_work()
    data = read_data(file)
    ask_decision_date(data, str(file), work)
    result = tracking.add(work, data, source=str(file), now=time_of(now, "--now", work))
    _report_added(result, as_json)


def _report_added(result: Any, as_json: bool) -> None:
    r = result.replanned
    if as_json:
        emit(
            {
                "application_id": r.application_id,
                "interview_id": r.interview_id,
                "new_application": result.new_application,
                "plan": r.plan,
            }
        )
        return
    steps = sum(1 for a in r.plan.actions if a.status == "pending")
    stored = (
        ngettext(
            "New application %(id)s: interview stored, %(count)d step planned.",
            "New application %(id)s: interview stored, %(count)d steps planned.",
            steps,
        )
        if result.new_application
        else ngettext(
            "Application %(id)s: interview stored, %(count)d step planned.",
            "Application %(id)s: interview stored, %(count)d steps planned.",
            steps,
        )
    )
    click.echo(stored % {"id": r.application_id, "count": steps})
    if result.pipeline_added:
        added = ngettext(
            "Added %(count)d other application from the pipeline.",
            "Added %(count)d other applications from the pipeline.",
            result.pipeline_added,
        )
        click.echo(added % {"count": result.pipeline_added})
    for notice in r.plan.notices:
        click.echo("  " + _("note: %(message)s") % {"message": notice.message})
    click.echo(_("Run `afterview agenda` to see what to do now."))


@click.command()
@click.option("--now", metavar="T", help="Plan as of this time (default: now).")
def new(now: str | None) -> None:
    """Answer a few questions instead of writing a YAML file."""
    from afterview.cli.wizard import ClickAsker, ask_interview
    from afterview.services import records, tracking

    work = open_work()
    moment = time_of(now, "--now", work)
    data = ask_interview(ClickAsker(), candidate=records.profile(work) or None, now=moment)
    ask_decision_date(data, "afterview new", work)
    _report_added(tracking.add(work, data, source="afterview new", now=moment), False)


# -- reading ------------------------------------------------------------------------------


@click.command("list")
@json_option
@click.option("--now", metavar="T", help="As of this time (default: now).")
def list_(as_json: bool, now: str | None) -> None:
    """Every application with its status, next step and decision date."""
    from afterview.cli import output_tracking
    from afterview.services.overview import applications

    work = open_work()
    moment = time_of(now, "--now", work)
    rows = applications(work, now=moment)
    if as_json:
        emit({"applications": rows})
    else:
        click.echo(output_tracking.list_text(rows, user_zone(work), moment))


@click.command()
@click.argument("application_id", type=int, metavar="ID")
@json_option
def show(application_id: int, as_json: bool) -> None:
    """One application: its interviews, plan steps (with ids) and history."""
    from afterview.cli import output_tracking
    from afterview.services.overview import detail

    work = open_work()
    info = detail(work, application_id)
    if as_json:
        emit(info)
    else:
        click.echo(output_tracking.show_text(info, user_zone(work)))


@click.command()
@click.option(
    "--days",
    default=7,
    show_default=True,
    type=click.IntRange(0, 3650),
    help="How far ahead 'coming' looks.",
)
@click.option(
    "--limit",
    default=20,
    show_default=True,
    type=click.IntRange(1, 100000),
    help="Most steps shown per section.",
)
@click.option("--now", metavar="T", help="As of this time (default: now).")
@json_option
def agenda(days: int, limit: int, now: str | None, as_json: bool) -> None:
    """What to do now, what is coming, and what is waiting on an employer."""
    from afterview.cli import output_tracking
    from afterview.cli.inbox import heard_text
    from afterview.domain.serial import to_builtins
    from afterview.services.agenda import agenda as build
    from afterview.services.agenda import heard_back

    work = open_work()
    moment = time_of(now, "--now", work)
    result = build(work, now=moment, days=days, limit=limit)
    heard = heard_back(work, now=moment, limit=limit)  # replies the watch found
    if as_json:
        emit({**to_builtins(result), "replies": heard})
    else:
        click.echo(output_tracking.agenda_text(result, days))
        if heard.items:
            click.echo(heard_text(heard, result.zone or moment.tzinfo))
        _stuck_outbox(work, moment)


def _stuck_outbox(work: Any, moment: datetime) -> None:
    """Under the agenda, as on the Today page: approved notes that nothing will send."""
    from afterview.mail.config import mail_server_set
    from afterview.services import outbox

    notice = outbox.delivery(work, now=moment, mail_server=mail_server_set()).notice()
    if notice:
        click.echo(
            "\n"
            + _("Outbox: %(notice)s `afterview outbox` shows other ways to send a note.")
            % {"notice": notice}
        )


# -- what happened ------------------------------------------------------------------------


@click.command()
@click.argument("action_id", type=int, metavar="STEP")
@at_option
@click.option("--note", help="A word on how it went.")
@now_option
def done(action_id: int, at: str | None, note: str | None, now: str | None) -> None:
    """Mark a plan step done (a contact also counts in the history)."""
    from afterview.services import tracking

    work = open_work()
    moment = time_of(now, "--now", work)
    result = tracking.done(
        work, action_id, at=time_of(at, "--at", work) if at else moment, now=moment, note=note
    )
    click.echo(
        _("Step %(id)s done; %(replanned)s") % {"id": action_id, "replanned": _replanned(result)}
    )


@click.command()
@click.argument("action_id", type=int, metavar="STEP")
@click.option("--why", required=True, help="Why you skip it (kept with the step).")
@now_option
def skip(action_id: int, why: str, now: str | None) -> None:
    """Skip a plan step, with a reason."""
    from afterview.services import tracking

    work = open_work()
    tracking.skip(work, action_id, why=why, now=time_of(now, "--now", work))
    click.echo(_("Step %(id)s skipped.") % {"id": action_id})


@click.command()
@click.argument("application_id", type=int, metavar="ID")
@click.option(
    "--kind",
    default="follow_up",
    show_default=True,
    help="What it was: follow_up, thank_you, call, …",
)
@click.option("--to", metavar="NAME", help="Who it was with.")
@click.option(
    "--channel",
    default="email",
    show_default=True,
    type=click.Choice(["email", "phone", "letter", "linkedin", "portal", "text", "in_person"]),
)
@at_option
@click.option("--about", help="What it was about (e.g. the promise it delivered).")
@now_option
def log(
    application_id: int,
    kind: str,
    to: str | None,
    channel: str,
    at: str | None,
    about: str | None,
    now: str | None,
) -> None:
    """Record a contact that happened outside afterview (it counts against pestering)."""
    from afterview.services import tracking

    work = open_work()
    moment = time_of(now, "--now", work)
    entry = {
        "kind": kind,
        "to": to,
        "channel": channel,
        "at": time_of(at, "--at", work) if at else moment,
        "about": about,
    }
    result = tracking.log(work, application_id, entry, now=moment)
    click.echo(_("Logged; %(replanned)s") % {"replanned": _replanned(result)})


@click.command()
@click.argument("application_id", type=int, metavar="ID")
@click.option("--decision", help='What they said about timing, e.g. "by the 15th".')
@click.option(
    "--contact-preference",
    "contact_preference",
    type=click.Choice(["email", "phone", "portal", "unstated", "no_contact"]),
)
@click.option("--next-step", "next_step", help="The next step they described.")
@now_option
def update(
    application_id: int,
    decision: str | None,
    contact_preference: str | None,
    next_step: str | None,
    now: str | None,
) -> None:
    """Change what they said about the latest interview; the plan follows."""
    from afterview.domain.errors import InputError
    from afterview.services import tracking

    changes: dict[str, Any] = {
        k: v
        for k, v in (
            ("decision", decision),
            ("contact_preference", contact_preference),
            ("next_step", next_step),
        )
        if v is not None
    }
    if not changes:
        raise InputError(
            "needs_one_of",
            where="update",
            options="--decision, --contact-preference, --next-step",
        )
    work = open_work()
    result = tracking.update(work, application_id, now=time_of(now, "--now", work), **changes)
    if "decision" in changes and result.plan.decision.date is None:
        asked = [n.message for n in result.plan.notices if n.code == "ask_for_date"]
        click.echo(
            asked[0]
            if asked
            else _("Could not read a date from %(given)r; the default timing applies.")
            % {"given": decision}
        )
    click.echo(_("Updated %(replanned)s") % {"replanned": _replanned(result)})


@click.command()
@click.argument("application_id", type=int, metavar="ID")
@click.option(
    "--not-until",
    "not_until",
    metavar="DATE",
    help='They asked you to wait: "not now, try after the 15th".',
)
@at_option
@now_option
def reply(application_id: int, not_until: str | None, at: str | None, now: str | None) -> None:
    """They answered: follow-ups stop (or wait until --not-until)."""
    from afterview.services import tracking

    work = open_work()
    moment = time_of(now, "--now", work)
    result = tracking.reply(
        work,
        application_id,
        at=time_of(at, "--at", work) if at else moment,
        now=moment,
        not_until=day_of(not_until, "--not-until"),
    )
    click.echo(_("Reply recorded; %(replanned)s") % {"replanned": _replanned(result)})


@click.command()
@click.argument("application_id", type=int, metavar="ID")
@click.argument("kind", type=click.Choice(["offer", "rejected", "withdrawn"]), metavar="KIND")
@click.option("--on-paper", is_flag=True, help="The offer is in writing.")
@click.option("--feedback", help="Any feedback they gave.")
@at_option
@now_option
def outcome(
    application_id: int,
    kind: str,
    on_paper: bool,
    feedback: str | None,
    at: str | None,
    now: str | None,
) -> None:
    """Record an offer, a rejection or your withdrawal (KIND: offer|rejected|withdrawn)."""
    from afterview.services import tracking

    work = open_work()
    moment = time_of(now, "--now", work)
    result = tracking.outcome(
        work,
        application_id,
        kind,
        at=time_of(at, "--at", work) if at else moment,
        now=moment,
        on_paper=on_paper,
        feedback=feedback,
    )
    added = [
        kind_label(a.kind) + (f" ({a.to})" if a.to else "")
        for a in (result.plan.actions if result is not None else ())
        if a.status == "pending" and a.kind in ("rejection_reply", "keep_in_touch", "offer_ack")
    ]
    click.echo(_("Outcome recorded; %(replanned)s") % {"replanned": _replanned(result)})
    if added:
        click.echo(_("Next: %(steps)s; `afterview agenda` has the dates.") % {"steps": join(added)})


# -- moving data --------------------------------------------------------------------------


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv", "yaml"]), default="json", show_default=True
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
def export(fmt: str, output: Path | None) -> None:
    """Everything you have tracked; JSON is lossless and can be imported again."""
    from afterview.services.transfer import write_export

    work = open_work()
    now = datetime.now(UTC)
    if output is None:
        write_export(work, sys.stdout, fmt, now=now)
        return
    from afterview.domain.errors import InputError
    from afterview.private_files import open_private

    try:
        out = open_private(output)  # 0600 from the first byte: it is the whole search
    except OSError as exc:
        raise InputError(
            "cannot_write", option="--output", path=str(output), problem=exc.strerror
        ) from None
    with out:
        write_export(work, out, fmt, now=now)
    click.echo(_("Wrote %(file)s.") % {"file": output}, err=True)


@click.command()
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE")
def backup(target: Path) -> None:
    """Write a consistent copy of the database, even while it is in use."""
    from afterview.services.transfer import backup as run

    written = run(open_work(), target, now=datetime.now(UTC))
    click.echo(_("Backup written to %(file)s.") % {"file": written})


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (keep 127.0.0.1 unless you know why).",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--worker", "with_worker", is_flag=True, help="Also send the outbox and watch replies."
)
def serve(host: str, port: int, with_worker: bool) -> None:
    """Run the web app (Today page and JSON API) on this machine."""
    import uvicorn

    from afterview.config import data_dir, database_pool, database_url
    from afterview.domain.errors import InputError
    from afterview.web import oidc
    from afterview.web.app import LOCAL_HOSTS, WebSettings, create_app
    from afterview.web.security import stored_secret
    from afterview.web.sessions import from_environment

    _port_free(host, port)
    allowed = LOCAL_HOSTS if host in LOCAL_HOSTS else (*LOCAL_HOSTS, host)
    if with_worker:
        from afterview.mail.config import imap_server, smtp_server

        if smtp_server() is None and imap_server() is None:
            raise InputError("no_mail_account", where="serve --worker")
    secret = stored_secret(data_dir())  # pages left open keep working across a restart
    settings = WebSettings(
        database_url(),
        allowed_hosts=allowed,
        worker=with_worker,
        secret=secret,
        sessions=from_environment(),  # a career centre's timeouts and proxy (docs/CENTRE.md)
        oidc=oidc.from_environment(),  # its single sign-on, if it has one
        database_pool=database_pool(),  # kept connections on PostgreSQL (storage/pool.py)
    )
    app = create_app(settings)
    click.echo(
        _("afterview on %(address)s (Ctrl-C to stop)") % {"address": f"http://{host}:{port}/"}
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _port_free(host: str, port: int) -> None:
    """Refuse a busy port with one sentence rather than the server's own error."""
    import socket

    from afterview.domain.errors import InputError

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise InputError(
                "cannot_listen", where="serve", host=host, port=port, problem=exc.strerror
            ) from None

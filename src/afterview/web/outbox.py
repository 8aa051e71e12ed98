"""The Outbox page: every approved note, where it is, and why one did not go out.

Each message shows its state (approved, scheduled, sent, failed, blocked, cancelled), its
hour in the user's time zone and, for a failed or blocked one, the server's answer or the
rule that stopped it. A waiting note can be cancelled; a failed, blocked or cancelled one
can be sent again (the worker takes it on its next round). Both are plain POST forms with
the CSRF token, like every other change.

With ``WebSettings(worker=True)`` (``afterview serve --worker``) the app also runs the
worker in a background thread for as long as it serves: a personal installation then
needs no cron job.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, tzinfo
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, FastAPI, Form, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from afterview import i18n
from afterview.domain.serial import to_builtins
from afterview.i18n import _
from afterview.mail.config import mail_server_set
from afterview.services import outbox
from afterview.web import acting, cache, flash, security
from afterview.wiring import Work

router = APIRouter(include_in_schema=False)
Csrf = Depends(security.check_csrf)


# Outbox pages kept: one per owner (each up to 200 notes).
PAGES_KEPT = 16


@router.get("/outbox")
def page(request: Request) -> Response:
    """Every approved note and whether anything will send it.

    Whether a note is overdue for the worker reads the clock, to the minute as the Today
    page does; the rest is the stored data. So the page is rendered once per owner, data
    revision and minute and served again with each browser's token
    (:func:`afterview.web.cache.minute_page`).
    """
    work, now = acting.work(request), request.app.state.settings.clock()
    templates, mail_server = request.app.state.templates, mail_server_set()

    def render(at: datetime) -> str:
        return _render(templates, work, at, mail_server)

    key = (work.actor.owner, mail_server, now.tzinfo)
    kept = cache.minute_page(request.app.state, "outbox_pages", key, now, render, PAGES_KEPT)
    return HTMLResponse(cache.with_token(kept, security.csrf_token(request)))


def _render(templates: Any, work: Work, now: datetime, mail_server: bool) -> str:
    """The page at ``now`` with the token slot in place of a browser's CSRF token."""
    shown = outbox.listing(work, now=now, mail_server=mail_server)
    zone: tzinfo | None = ZoneInfo(shown.zone) if shown.zone else now.tzinfo
    rows = [
        {**to_builtins(e), "error": e.error_text(), "mailto": e.mailto(), "body": e.row["body"]}
        for e in shown.entries
    ]

    def when(value: str | None) -> str:
        if value is None:
            return ""
        return f"{i18n.when(datetime.fromisoformat(value).astimezone(zone), 'day_year_time')}"

    html: str = templates.get_template("outbox.html").render(
        csrf_token=cache.TOKEN_SLOT,
        rows=rows,
        delivery=shown.delivery,
        when=when,
        zone=getattr(zone, "key", str(zone)),
    )
    return html


@router.get("/outbox/{message_id}.eml")
def eml(request: Request, message_id: int) -> Response:
    """The approved note as a file any mail program opens, to send it yourself."""
    work = acting.work(request)
    data = outbox.note_file(work, message_id, now=request.app.state.settings.clock())
    return Response(
        data,
        media_type="message/rfc822",
        headers={"Content-Disposition": f'attachment; filename="note-{message_id}.eml"'},
    )


@router.post("/outbox/{message_id}/cancel", dependencies=[Csrf])
def cancel(request: Request, message_id: int) -> Response:
    outbox.cancel(acting.work(request), message_id, now=request.app.state.settings.clock())
    said = _(
        "Cancelled: the note will not be sent. Send it again from here if you change your mind."
    )
    return flash.say(RedirectResponse("/outbox", status_code=303), said)


@router.post("/outbox/{message_id}/retry", dependencies=[Csrf])
def retry(
    request: Request,
    message_id: int,
    override_reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Send a note again; a held one goes only with the user's reason to send it anyway."""
    work, now = acting.work(request), request.app.state.settings.clock()
    outbox.retry(work, message_id, now=now, override_reason=override_reason)
    state = outbox.delivery(work, now=now, mail_server=mail_server_set())
    said = (
        _("Back in the outbox: the note goes out in the next sending round.")
        if state.problem is None
        else _(
            "Back in the outbox, but nothing will send it yet: below is why, and how to send "
            "it yourself."
        )
    )
    return flash.say(RedirectResponse("/outbox", status_code=303), said)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start the in-process worker with the app when asked to, and stop it with the app;
    close the database's kept connections, if any, as the app stops."""
    try:
        async with _worker(app):
            yield
    finally:
        app.state.db.close()


@asynccontextmanager
async def _worker(app: FastAPI) -> AsyncIterator[None]:
    settings = app.state.settings
    if not settings.worker:
        yield
        return
    stop = threading.Event()
    thread = threading.Thread(target=_work, args=(app, stop), name="afterview-worker", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()  # wakes the worker from its wait between rounds
        thread.join(timeout=60)


def _work(app: FastAPI, stop: threading.Event) -> None:
    from afterview.domain.errors import AfterviewError
    from afterview.mail import outbox_worker
    from afterview.mail.config import imap_server, smtp_server
    from afterview.wiring import dispatch

    settings = app.state.settings

    def failed(exc: Exception) -> None:
        print(f"afterview worker: this round failed: {exc}", file=sys.stderr)

    try:
        smtp, imap = smtp_server(), imap_server()
    except AfterviewError as exc:  # bad settings: the web app still serves
        failed(exc)
        return
    outbox_worker.run(
        dispatch(app.state.db),
        smtp,
        imap,
        clock=settings.clock,
        interval_s=settings.worker_interval_s,
        sleep=stop.wait,
        on_error=failed,
    )

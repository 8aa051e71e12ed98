"""The Inbox page: what the reply watch found, and the suggestions the user decides on.

``GET /inbox`` lists the suggestions waiting for a decision (a reply that reads like a
rejection or an offer) with Confirm and Dismiss buttons, then every reply seen, grouped by
application; each can be undone when the watch matched it by mistake. ``POST
/inbox/check`` runs one poll of the reply watch (when the IMAP settings are there) and
comes back to the page with what it found. Each POST carries the page's CSRF token, as
every other form does; errors go through the one error path.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, tzinfo
from itertools import groupby
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from afterview import i18n
from afterview.domain.errors import InputError
from afterview.i18n import _
from afterview.services import inbox, records
from afterview.services.agenda import Heard
from afterview.web import acting, cache, flash, security
from afterview.wiring import Work

router = APIRouter(include_in_schema=False)
Csrf = Depends(security.check_csrf)


def _grouped(entries: list[Heard]) -> Iterator[tuple[str, list[Heard]]]:
    ordered = sorted(entries, key=lambda e: (e.company.casefold(), e.application_id))
    for app_id, group in groupby(ordered, key=lambda e: e.application_id):
        items = list(group)
        yield f"{items[0].company} ({items[0].role}, #{app_id})", items


# Inbox pages kept: one per owner and what the last check found (each a few KB).
PAGES_KEPT = 16


@router.get("/inbox")
def inbox_page(
    request: Request,
    scanned: Annotated[int | None, Query(ge=0)] = None,
    found: Annotated[int | None, Query(ge=0)] = None,
) -> Response:
    """Suggestions to confirm or dismiss, then the replies seen per application.

    Nothing on it reads the clock, so it is rendered once per owner, data revision and what
    it is asked to say (the check's counts, whether the watch is set up) and served again
    with each browser's token (:func:`afterview.web.cache.timeless_page`).
    """
    work, now = acting.work(request), request.app.state.settings.clock()
    templates, configured = request.app.state.templates, _configured()

    def render() -> str:
        return _render(templates, work, now.tzinfo, configured, scanned, found)

    key = (work.actor.owner, scanned, found, configured, now.tzinfo)
    page = cache.timeless_page(request.app.state, "inbox_pages", key, render, PAGES_KEPT)
    return HTMLResponse(cache.with_token(page, security.csrf_token(request)))


def _render(
    templates: Any,
    work: Work,
    default_zone: tzinfo | None,
    configured: bool,
    scanned: int | None,
    found: int | None,
) -> str:
    """The page with the token slot in place of a browser's CSRF token."""
    entries = inbox.entries(work)
    # Only the time zone: the agenda it used to come from read and counted the whole plan.
    zone: tzinfo | None = records.zone(work) or default_zone

    def local(moment: datetime) -> str:
        return f"{i18n.when(moment.astimezone(zone), 'day_time')}"

    html: str = templates.get_template("inbox.html").render(
        csrf_token=cache.TOKEN_SLOT,
        waiting=[e for e in entries if e.waiting],
        groups=list(_grouped([e for e in entries if not e.waiting])),
        undoable=_undoable(entries),
        local=local,
        configured=configured,
        scanned=scanned,
        found=found,
    )
    return html


def _undoable(entries: list[Heard]) -> set[int]:
    """Each application's latest reply not undone: the one an undo may take back first."""
    latest: dict[int, Heard] = {}
    for e in entries:
        best = latest.get(e.application_id)
        if e.status != "undone" and (
            best is None or (e.received_at, e.id) > (best.received_at, best.id)
        ):
            latest[e.application_id] = e
    return {e.id for e in latest.values()}


def _configured() -> bool:
    """Whether IMAP settings exist (a broken setting still shows the button: the check
    then says what is wrong)."""
    from afterview.mail.config import imap_server

    try:
        return imap_server() is not None
    except InputError:
        return True


@router.post("/inbox/check", dependencies=[Csrf])
async def inbox_check(request: Request) -> Response:
    """One poll of the reply watch, run off the event loop (it waits on the network)."""
    from afterview.mail.config import imap_server
    from afterview.mail.watch import check_inbox

    server = imap_server()
    if server is None:
        raise InputError("watch_not_set_up")
    work, now = acting.work(request), request.app.state.settings.clock()
    report = await run_in_threadpool(check_inbox, work, server, now=now)
    return RedirectResponse(
        f"/inbox?scanned={report.scanned}&found={len(report.matched)}", status_code=303
    )


@router.post("/inbox/{event_id}/confirm", dependencies=[Csrf])
def inbox_confirm(request: Request, event_id: int) -> Response:
    work, now = acting.work(request), request.app.state.settings.clock()
    entry, _replanned = inbox.confirm(work, event_id, now=now)
    response = RedirectResponse(f"/applications/{entry.application_id}", status_code=303)
    after = flash.what_next(work, entry.application_id, now=now)
    said = _("Recorded what %(company)s answered; the plan follows it.")
    return flash.say(response, f"{said % {'company': entry.company}} {after}")


@router.post("/inbox/{event_id}/dismiss", dependencies=[Csrf])
def inbox_dismiss(request: Request, event_id: int) -> Response:
    work, now = acting.work(request), request.app.state.settings.clock()
    entry = inbox.dismiss(work, event_id, now=now)
    said = _(
        "Dismissed the suggestion; the reply from %(company)s is kept, no outcome recorded."
    ) % {"company": entry.company}
    return flash.say(RedirectResponse("/inbox", status_code=303), said)


@router.post("/inbox/{event_id}/undo", dependencies=[Csrf])
def inbox_undo(request: Request, event_id: int) -> Response:
    """The watch matched this reply by mistake: the application goes back to before it."""
    work, now = acting.work(request), request.app.state.settings.clock()
    entry, _replanned = inbox.undo(work, event_id, now=now)
    said = _(
        "Undid the match: the message from %(sender)s no longer counts as an answer "
        "from %(company)s, and the plan is back as it was before it."
    ) % {"sender": entry.sender(), "company": entry.company}
    return flash.say(RedirectResponse("/inbox", status_code=303), said)

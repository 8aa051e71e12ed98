"""The HTML pages. They read through the services and render templates; no rules here."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Form, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from afterview import i18n
from afterview.domain.models import NOTE_KINDS
from afterview.domain.wording import kind_label
from afterview.i18n import _
from afterview.mail.config import mail_server_set
from afterview.services import outbox, records, settings, tracking
from afterview.services.agenda import agenda, heard_back
from afterview.services.overview import health
from afterview.web import acting, cache, flash, security
from afterview.wiring import Revision, Work


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Close the pages' watch of the data revision with the app (merged into the app's own)."""
    yield
    revision: Revision | None = getattr(app.state, "data_revision", None)
    if revision is not None:
        revision.close()


router = APIRouter(include_in_schema=False, lifespan=_lifespan)
TODAY_LIMIT = 20  # the most urgent first; a longer page is read by nobody and slower to serve
Csrf = Depends(security.check_csrf)


@router.get("/")
async def today(request: Request) -> Response:
    """Today: what to do now, what is coming this week, what is waiting on an employer.

    Served from the page cache (:mod:`afterview.web.cache`): a hit is answered on the event
    loop; a miss renders once in the thread pool while other requests for it wait.
    """
    at = cache.minute(request.app.state.settings.clock())
    work = acting.work(request)
    owner = work.actor.owner
    pages = _today_cache(request.app)
    page = pages.hit(owner, at) if pages.revision.instant else None
    if page is None:
        page = await run_in_threadpool(
            pages.page, owner, at, lambda at: _render_today(request.app, work, at).encode()
        )
    token = security.csrf_token(request)
    return HTMLResponse(cache.with_token(page, token))


def _today_cache(app: FastAPI) -> cache.PageCache:
    """The app's cache of the Today page, made on first use (on the event loop: no race)."""
    pages: cache.PageCache | None = getattr(app.state, "today_cache", None)
    if pages is None:
        app.state.mail_server = mail_server_set()  # read once: the page is cached
        pages = cache.PageCache(cache.app_revision(app.state))
        app.state.today_cache = pages
    return pages


def _render_today(app: FastAPI, work: Work, now: datetime) -> str:
    """The Today page at ``now`` with the token slot in place of a browser's CSRF token.

    It depends on the actor's data and ``now`` only (no request): that is what makes it
    reusable.
    """
    plan = agenda(work, now=now, days=7, limit=TODAY_LIMIT)
    state = health(work, now=now, target=settings.policy(work).pipeline_target)
    heard = heard_back(work, now=now, limit=TODAY_LIMIT)
    mail = outbox.delivery(work, now=now, mail_server=app.state.mail_server)
    zone = plan.zone or now.tzinfo

    def local(moment: datetime) -> str:
        return f"{i18n.when(moment.astimezone(zone), 'day_time')}"

    template = app.state.templates.get_template("today.html")
    html: str = template.render(
        agenda=plan,
        health=state,
        heard=heard,
        delivery=mail,
        now=now,
        local=local,
        note_kinds=NOTE_KINDS,
        csrf_token=cache.TOKEN_SLOT,
    )
    return html


@router.post("/steps/{step}/done", dependencies=[Csrf])
def step_done(request: Request, step: int, back: Annotated[str, Form()] = "/") -> Response:
    work, now = acting.work(request), request.app.state.settings.clock()
    what = _step_words(work, step)
    replanned = tracking.done(work, step, at=now, now=now)
    after = flash.what_next(work, replanned.application_id, now=now, named=True)
    response = RedirectResponse(_local(back), status_code=303)
    said = _("Marked done: %(what)s.") % {"what": what}
    return flash.say(response, f"{said} {after}")


@router.post("/steps/{step}/skip", dependencies=[Csrf])
def step_skip(
    request: Request,
    step: int,
    why: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "/",
) -> Response:
    work, now = acting.work(request), request.app.state.settings.clock()
    what = _step_words(work, step)
    tracking.skip(work, step, why=why, now=now)
    response = RedirectResponse(_local(back), status_code=303)
    said = _("Skipped: %(what)s, with your reason kept. The rest of the plan stays.")
    return flash.say(response, said % {"what": what})


def _step_words(work: Work, step: int) -> str:
    """A step as a person reads it: "thank-you note to Priya Raman"."""
    row = records.step(work, step)
    to = f" to {row['to_name']}" if row["to_name"] else ""
    return f"{kind_label(row['kind'])}{to}"


def _local(path: str) -> str:
    """Only a path of this app: a crafted form must not send the browser elsewhere."""
    return path if path.startswith("/") and not path.startswith("//") else "/"

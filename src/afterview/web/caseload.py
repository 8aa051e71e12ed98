"""A counsellor's caseload on the web: ``GET /api/caseload``, the Caseload page, a read-only
view of one seeker's applications with the counsellor's notes, and what a counsellor's
``GET /api/applications`` lists (``web/api.py`` hands it here).

Every request reads through a unit of work that checks the seeker's grant first and writes
the read to the seeker's access log (``storage/work.py``), so a withdrawn grant is refused
on the very next request. The caseload itself is read once per data revision (the
counsellor's and their granting seekers' counters, ``storage/revision.py``) and place of the
clock among its moments (``services.caseload.Moments``), and shown again from memory while
both stay: still logged, each time, after checking that the same seekers grant access. The
page is rendered once per caseload read, with a slot for each browser's token.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from afterview.domain.errors import MAX_ID, Forbidden, InputError
from afterview.domain.serial import to_builtins
from afterview.i18n import _
from afterview.services import caseload, consent, overview
from afterview.web import acting, bodies, cache, flash, security
from afterview.web.api import ERRORS, paged
from afterview.wiring import Actor, Work

api = APIRouter(prefix="/api", tags=["consent"])
pages = APIRouter(include_in_schema=False)
Csrf = Depends(security.check_csrf)
SeekerId = Annotated[int, Path(ge=1, le=MAX_ID, description="A seeker's account id.")]
MAX_NOTE = 20_000


# Caseloads kept per counsellor: each at a few places of the clock among its moments.
CASELOADS_KEPT = 4


@dataclass(slots=True)
class _Read:
    """A caseload read at one place of the clock, and its page once rendered (with the
    token slot: ``web/cache.py``)."""

    cases: list[caseload.Case]
    page: cache.Page | None = None
    json: bytes | None = None


class _Caseloads:
    """One counsellor's caseload moments at one data revision, and the caseloads read."""

    def __init__(self, moments: caseload.Moments) -> None:
        self.moments = moments
        self.read: OrderedDict[Hashable, _Read] = OrderedDict()
        self.lock = threading.Lock()


def _kept(request: Request, now: datetime) -> _Read:
    """``services.caseload.caseload`` for the request's counsellor at ``now``: read afresh
    when the data or the clock's place among the caseload's moments changed, else the
    caseload read before at the same place (checked against the grants and logged)."""
    work = acting.work(request)
    if work.actor.role != "counsellor":
        raise Forbidden("not_a_counsellor")
    kept = cache.app_cache(request.app.state, "caseloads")
    entry: _Caseloads = kept.get(work.actor.owner, lambda: _Caseloads(caseload.moments(work)))
    key = entry.moments.key(now)
    with entry.lock:
        found = entry.read.get(key)
    cases = caseload.caseload(work, now=now, kept=None if found is None else found.cases)
    if found is not None and cases == found.cases:
        return found
    read = _Read(cases)
    with entry.lock:
        entry.read[key] = read
        while len(entry.read) > CASELOADS_KEPT:
            entry.read.popitem(last=False)
    return read


@api.get("/caseload", responses=ERRORS)
def get_caseload(request: Request) -> Response:
    """Each seeker who grants you access, with what needs attention, most need first."""
    read = _kept(request, request.app.state.settings.clock())
    if read.json is None:
        read.json = bytes(JSONResponse({"caseload": to_builtins(read.cases)}).body)
    return Response(read.json, media_type="application/json")


class NewNote(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: str = Field(min_length=1, max_length=MAX_NOTE, pattern=bodies.TEXT_PATTERN)
    shared: bool = Field(default=False, description="Whether the seeker sees it.")
    application: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="One of the seeker's applications."
    )


class Written(BaseModel):
    id: int


@api.post("/caseload/{seeker}/notes", responses=ERRORS, status_code=201, dependencies=[Csrf])
def post_note(request: Request, seeker: SeekerId, body: NewNote) -> Written:
    """A note on a seeker who grants you access: yours alone, or shared with them."""
    now = request.app.state.settings.clock()
    written = consent.add_note(
        acting.work(request),
        seeker,
        body.body,
        shared=body.shared,
        now=now,
        application=body.application,
    )
    return Written(id=written)


@api.get("/notes", responses=ERRORS)
def get_notes(
    request: Request,
    seeker: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> JSONResponse:
    """A counsellor's own notes on ``seeker``; for a seeker, the notes shared with them."""
    found = consent.notes(acting.work(request), seeker)
    return JSONResponse({"notes": to_builtins(found)})


def applications(request: Request, *, limit: int | None = None, offset: int = 0) -> Response:
    """A counsellor's ``GET /api/applications``: every application of every seeker who
    grants access now, each with the seeker's address; ``limit`` and ``offset`` slice it
    exactly as they slice a seeker's own list (with ``total`` and ``next``)."""
    now = request.app.state.settings.clock()
    listed = caseload.applications(acting.work(request), now=now)
    if limit is None and offset == 0:
        return JSONResponse({"applications": to_builtins(listed)})
    return paged(listed, limit, offset)


def helping(request: Request, seeker: int, subject: str) -> Work:
    """The request's counsellor reading ``seeker``'s search: every read through it checks
    the grant and is logged as ``subject``."""
    me = acting.actor(request)
    if me.role != "counsellor":
        raise Forbidden("not_a_counsellor")
    return Work(
        request.app.state.db,
        Actor.counsellor(me.account, seeker),
        subject=subject,
        clock=request.app.state.settings.clock,
    )


# -- pages -------------------------------------------------------------------------------------


@pages.get("/caseload")
def caseload_page(request: Request) -> HTMLResponse:
    """The caseload, rendered once per caseload read and sent again with each browser's
    token: with a thousand seekers the page costs more than the read."""
    read = _kept(request, request.app.state.settings.clock())
    if read.page is None:  # two requests may both render it: the same bytes
        template = request.app.state.templates.get_template("caseload.html")
        html = template.render(request=request, cases=read.cases, csrf_token=cache.TOKEN_SLOT)
        read.page = cache.page_of(html)
    return HTMLResponse(cache.with_token(read.page, security.csrf_token(request)))


@pages.get("/caseload/{seeker}")
def seeker_page(request: Request, seeker: SeekerId) -> Response:
    return _seeker_page(request, seeker)


@pages.post("/caseload/{seeker}/notes", dependencies=[Csrf])
async def note_form(request: Request, seeker: SeekerId) -> Response:
    form = await request.form()
    body = str(form.get("body", ""))[:MAX_NOTE]
    shared = form.get("shared") == "yes"
    try:
        await run_in_threadpool(
            consent.add_note,
            acting.work(request),
            seeker,
            body,
            shared=shared,
            now=request.app.state.settings.clock(),
        )
    except InputError as exc:
        if exc.code != "counsellor_note_empty":
            raise
        return await run_in_threadpool(_seeker_page, request, seeker, problem=str(exc), typed=body)
    said = _("Note saved; the seeker sees it.") if shared else _("Note saved, for you alone.")
    return flash.say(RedirectResponse(f"/caseload/{seeker}", status_code=303), said)


def _seeker_page(
    request: Request, seeker: int, *, problem: str | None = None, typed: str = ""
) -> Response:
    now = request.app.state.settings.clock()
    rows = overview.applications(helping(request, seeker, "applications"), now=now)
    context: dict[str, Any] = {
        "request": request,
        "csrf_token": security.csrf_token(request),
        "seeker": seeker,
        "address": _address(request, seeker),
        "rows": rows,
        "notes": consent.notes(acting.work(request), seeker),
        "problem": problem,
        "typed": typed,
    }
    response: Response = request.app.state.templates.TemplateResponse(
        request, "caseload_seeker.html", context, status_code=400 if problem else 200
    )
    return response


def _address(request: Request, seeker: int) -> str:
    """The seeker's address, from the counsellor's standing grants."""
    for g in consent.grants(acting.work(request)):
        if g.standing and g.seeker_id == seeker:
            return g.seeker
    return str(seeker)


router = APIRouter()
router.include_router(api)
router.include_router(pages)

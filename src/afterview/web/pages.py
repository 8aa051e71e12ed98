"""The HTML pages. They read through the services and render templates; no rules here."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import RedirectResponse, Response

from afterview.domain.models import NOTE_KINDS
from afterview.domain.settings import DEFAULT_POLICY
from afterview.services import tracking
from afterview.services.agenda import agenda
from afterview.services.overview import health
from afterview.web import security

router = APIRouter(include_in_schema=False)
TODAY_LIMIT = 20  # the most urgent first; a longer page is read by nobody and slower to serve
Csrf = Depends(security.check_csrf)


def _render(request: Request, name: str, **context: object) -> Response:
    templates = request.app.state.templates
    context.update(request=request, csrf_token=security.csrf_token(request))
    response: Response = templates.TemplateResponse(request, name, context)
    return response


@router.get("/")
def today(request: Request) -> Response:
    """Today: what to do now, what is coming this week, what is waiting on an employer."""
    db, now = request.app.state.db, request.app.state.settings.clock()
    plan = agenda(db, now=now, days=7, limit=TODAY_LIMIT)
    state = health(db, now=now, target=DEFAULT_POLICY.pipeline_target)
    zone = plan.zone or now.tzinfo

    def local(moment: datetime) -> str:
        return f"{moment.astimezone(zone):%a %d %b %H:%M}"

    return _render(
        request,
        "today.html",
        agenda=plan,
        health=state,
        now=now,
        local=local,
        note_kinds=NOTE_KINDS,
    )


@router.post("/steps/{step}/done", dependencies=[Csrf])
def step_done(request: Request, step: int, back: Annotated[str, Form()] = "/") -> Response:
    db, now = request.app.state.db, request.app.state.settings.clock()
    tracking.done(db, step, at=now, now=now)
    return RedirectResponse(_local(back), status_code=303)


@router.post("/steps/{step}/skip", dependencies=[Csrf])
def step_skip(
    request: Request,
    step: int,
    why: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "/",
) -> Response:
    db, now = request.app.state.db, request.app.state.settings.clock()
    tracking.skip(db, step, why=why, now=now)
    return RedirectResponse(_local(back), status_code=303)


def _local(path: str) -> str:
    """Only a path of this app: a crafted form must not send the browser elsewhere."""
    return path if path.startswith("/") and not path.startswith("//") else "/"

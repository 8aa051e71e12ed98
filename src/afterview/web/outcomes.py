"""The endings in the browser: after a rejection, accepting an offer, closing after silence.

The application page records the outcome itself (``web/interview.py``); these pages show
what comes with it, through ``services/outcomes.py`` like the CLI:

* ``GET /applications/{id}/after-rejection`` — the feedback kept, the gracious reply with
  its checks, when to keep in touch, and the optional private writing prompt, whose form
  posts to ``/applications/{id}/expressive``.
* ``POST /applications/{id}/accept`` — accepts an offer on paper, then shows
  ``/applications/{id}/withdrawals``: one checked withdrawal per other open process, to
  copy and send (nothing is sent from here).
* ``POST /applications/{id}/close`` — closes a silent process once its close-out date has
  come, then ``/applications/{id}/closed`` says a kind word.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import RedirectResponse, Response

from afterview import i18n
from afterview.config import data_dir
from afterview.i18n import _
from afterview.services import outcomes, records
from afterview.templating import environment
from afterview.web import acting, flash, security

router = APIRouter(include_in_schema=False)
Csrf = Depends(security.check_csrf)


def _render(request: Request, name: str, **context: Any) -> Response:
    context.update(request=request, csrf_token=security.csrf_token(request))
    response: Response = request.app.state.templates.TemplateResponse(request, name, context)
    return response


def _now(request: Request) -> datetime:
    now: datetime = request.app.state.settings.clock()
    return now


def _local(request: Request) -> Any:
    """Formats a moment in the candidate's zone, as the other pages do."""

    zone = records.zone(acting.work(request)) or _now(request).tzinfo

    def local(moment: datetime | None) -> str:
        return f"{i18n.when(moment.astimezone(zone), 'day_time')}" if moment else ""

    return local


@router.get("/applications/{app_id}/after-rejection")
def after_rejection_page(request: Request, app_id: int, kept: int = 0) -> Response:
    result = outcomes.after_rejection(acting.work(request), app_id, env=environment(data_dir()))
    return _render(
        request,
        "after_rejection.html",
        result=result,
        kept=bool(kept),
        local=_local(request),
        sources=outcomes.EXPRESSIVE_SOURCES,
    )


@router.post("/applications/{app_id}/expressive", dependencies=[Csrf])
def keep_expressive(
    request: Request, app_id: int, text: Annotated[str, Form(max_length=outcomes.MAX_ENTRY)] = ""
) -> Response:
    outcomes.write_expressive(acting.work(request), app_id, text, now=_now(request))
    return RedirectResponse(f"/applications/{app_id}/after-rejection?kept=1", status_code=303)


@router.post("/applications/{app_id}/accept", dependencies=[Csrf])
def accept_offer(request: Request, app_id: int, on_paper: Annotated[str, Form()] = "") -> Response:
    now = _now(request)
    outcomes.accept(
        acting.work(request),
        app_id,
        at=now,
        now=now,
        env=environment(data_dir()),
        on_paper=bool(on_paper),
    )
    response = RedirectResponse(f"/applications/{app_id}/withdrawals", status_code=303)
    said = _("Recorded that you accept the offer. Next: tell the others below.")
    return flash.say(response, said)


@router.get("/applications/{app_id}/withdrawals")
def withdrawals_page(request: Request, app_id: int) -> Response:
    result = outcomes.withdrawals(
        acting.work(request), app_id, now=_now(request), env=environment(data_dir())
    )
    return _render(request, "withdrawals.html", result=result, local=_local(request))


@router.post("/applications/{app_id}/close", dependencies=[Csrf])
def close_silent(request: Request, app_id: int) -> Response:
    outcomes.close_silent(acting.work(request), app_id, now=_now(request))
    response = RedirectResponse(f"/applications/{app_id}/closed", status_code=303)
    said = _("Closed the application: no more follow-ups are planned for it.")
    return flash.say(response, said)


@router.get("/applications/{app_id}/closed")
def closed_page(request: Request, app_id: int) -> Response:
    row = records.application(acting.work(request), app_id)
    if row["status"] != "closed":
        return RedirectResponse(f"/applications/{app_id}", status_code=303)
    return _render(
        request,
        "closed.html",
        app_id=app_id,
        company=row["company"],
        word=outcomes.kind_word(row["company"]),
        sources=outcomes.KIND_WORD_SOURCES,
    )

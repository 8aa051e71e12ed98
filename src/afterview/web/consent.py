"""Consent on the web: a seeker's grants and access log, over the API and on the Sharing
page.

``POST /api/grants`` ``{"counsellor": EMAIL}`` → 201 ``{"id": …}``; ``GET /api/grants``;
``DELETE /api/grants/{id}`` → 204; ``GET /api/access-log``; ``GET /api/notice`` (what a
counsellor will see, and its version: show it before granting, and send the version back
as ``"notice"``).

The Sharing page (``/sharing``) shows the notice before the form that grants, each grant
with a button that withdraws it, the access log and the notes counsellors shared. Each
change is a POST with the page's CSRF token, then Post/Redirect/Get with one sentence.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, RedirectResponse, Response

from afterview.domain.errors import MAX_ID, InputError
from afterview.domain.serial import to_builtins
from afterview.i18n import _
from afterview.services import consent
from afterview.web import acting, bodies, flash, security
from afterview.web.api import ERRORS

api = APIRouter(prefix="/api", tags=["consent"])
pages = APIRouter(include_in_schema=False)
Csrf = Depends(security.check_csrf)
GrantId = Annotated[int, Path(ge=1, le=MAX_ID, description="A grant's id.")]
MAX_EMAIL = 320  # characters: the longest address RFC 5321 allows


class Invite(BaseModel):
    model_config = ConfigDict(extra="forbid")
    counsellor: str = Field(
        min_length=3,
        max_length=MAX_EMAIL,
        pattern=bodies.TEXT_PATTERN,
        description="The address the counsellor signs in with.",
    )
    notice: str | None = Field(
        default=None,
        max_length=40,
        pattern=bodies.TEXT_PATTERN,
        description="The version of the notice shown before granting (GET /api/notice); "
        "the current one when left out.",
    )


class Granted(BaseModel):
    id: int


@api.get("/notice", responses=ERRORS)
def get_notice() -> dict[str, Any]:
    """What a counsellor will see of your search, and why: read it before granting."""
    built: dict[str, Any] = to_builtins(consent.notice())
    return built


@api.post("/grants", responses=ERRORS, status_code=201, dependencies=[Csrf])
def post_grant(request: Request, body: Invite) -> Granted:
    """Let a counsellor read your search (never change it) until you withdraw access."""
    now = request.app.state.settings.clock()
    return Granted(
        id=consent.grant(acting.work(request), body.counsellor, now=now, notice_version=body.notice)
    )


@api.get("/grants", responses=ERRORS)
def get_grants(request: Request) -> dict[str, Any]:
    """A seeker's grants (withdrawn ones too); a counsellor's standing ones."""
    return {"grants": to_builtins(consent.grants(acting.work(request)))}


@api.delete("/grants/{grant_id}", responses=ERRORS, status_code=204, dependencies=[Csrf])
def delete_grant(request: Request, grant_id: GrantId) -> Response:
    """Withdraw a counsellor's access: refused from their very next request."""
    now = request.app.state.settings.clock()
    consent.revoke(acting.work(request), grant_id, now=now)
    return Response(status_code=204)


@api.get("/access-log", responses=ERRORS)
def get_access_log(request: Request) -> JSONResponse:
    """Who read your search or changed access to it, newest first."""
    return JSONResponse({"entries": to_builtins(consent.access_log(acting.work(request)))})


# -- the Sharing page ------------------------------------------------------------------------


@pages.get("/sharing")
def sharing_page(request: Request) -> Response:
    return _page(request)


@pages.post("/sharing/grants", dependencies=[Csrf])
async def grant_form(request: Request) -> Response:
    form = await request.form()
    typed = str(form.get("counsellor", ""))[:MAX_EMAIL].strip()
    version = str(form.get("notice", ""))[:40] or None
    try:
        await run_in_threadpool(
            consent.grant,
            acting.work(request),
            typed,
            now=request.app.state.settings.clock(),
            notice_version=version,
        )
    except InputError as exc:
        return await run_in_threadpool(_page, request, problem=str(exc), typed=typed, status=400)
    said = _("{email} may now read your search, until you withdraw access.").format(
        email=typed.lower()
    )
    return flash.say(RedirectResponse("/sharing", status_code=303), said)


@pages.post("/sharing/grants/{grant_id}/revoke", dependencies=[Csrf])
def revoke_form(request: Request, grant_id: GrantId) -> Response:
    now = request.app.state.settings.clock()
    consent.revoke(acting.work(request), grant_id, now=now)
    said = _("Access withdrawn: from now on that counsellor sees nothing of your search.")
    return flash.say(RedirectResponse("/sharing", status_code=303), said)


def _page(
    request: Request, *, problem: str | None = None, typed: str = "", status: int = 200
) -> Response:
    work = acting.work(request)
    context = {
        "request": request,
        "csrf_token": security.csrf_token(request),
        "notice": consent.notice(),
        "grants": consent.grants(work),
        "log": consent.access_log(work),
        "notes": consent.notes(work),
        "problem": problem,
        "typed": typed,
    }
    response: Response = request.app.state.templates.TemplateResponse(
        request, "sharing.html", context, status_code=status
    )
    return response


router = APIRouter()
router.include_router(api)
router.include_router(pages)

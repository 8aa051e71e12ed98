"""The signed-in person's own data: a copy of all of it, and erasing the account.

``GET /api/me/export`` answers the lossless archive (JSON) or, with ``?format=csv``, the
applications CSV: the same files ``afterview export`` writes. In a career centre the file is
named ``personal-…`` (a download left in a shared computer's Downloads folder says whose
kind of file it is); every answer is ``no-store``.

``DELETE /api/me`` erases a centre's account when the body gives its address back
(``{"confirm": "<email>"}``), ends the session and clears the cookie; the Settings page has
the same as a form. A personal database has no account to erase and says so (400).
"""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from afterview.domain.errors import InputError
from afterview.services import rights
from afterview.web import acting, bodies, security, sessions
from afterview.web.api import ERRORS

router = APIRouter()
Csrf = Depends(security.check_csrf)
CONFIRM_FIELD = "erase-confirm"
MEDIA = {"json": "application/json", "csv": "text/csv; charset=utf-8"}


class Confirm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    confirm: str = Field(
        max_length=320,
        pattern=bodies.TEXT_PATTERN,
        description="The account's email address, typed again.",
    )


EXPORTED: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: {
        "description": "The archive (JSON) or the applications (CSV), as an attachment.",
        "content": {"application/json": {}, "text/csv": {}},
    },
}


@router.get("/api/me/export", tags=["api"], responses=EXPORTED, response_class=Response)
def export(
    request: Request,
    format: Literal["json", "csv"] = Query(
        "json", description="json: everything; csv: a row per application."
    ),
) -> Response:
    """Everything of the signed-in person's: the archive (JSON) or the applications CSV."""
    work, now = acting.work(request), request.app.state.settings.clock()
    out = io.StringIO()
    rights.export(work, out, format, now=now)
    prefix = "personal-" if acting.centre(request) else ""
    name = f"{prefix}afterview-{now:%Y-%m-%d}.{format}"
    return Response(
        out.getvalue(),
        media_type=MEDIA[format],
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@router.delete("/api/me", tags=["api"], status_code=204, responses=ERRORS, dependencies=[Csrf])
async def erase(request: Request, body: Confirm) -> Response:
    """Erase the signed-in account and everything it holds (a career centre only): the
    body gives the account's address back. The session ends with it."""
    await _erase(request, body.confirm)
    answer = Response(status_code=204)
    sessions.clear_cookie(request, answer)
    return answer


@router.post("/settings/erase", include_in_schema=False, dependencies=[Csrf])
async def erase_form(
    request: Request, confirm: Annotated[str, Form(max_length=320)] = ""
) -> Response:
    """The Settings page's form: erased, the browser goes to the sign-in page; a wrong
    address comes back on the page with the error named."""
    from afterview.web import settings_page

    try:
        await _erase(request, confirm)
    except InputError as exc:
        from afterview.web.messages import word

        policy = await run_in_threadpool(acting.policy, request)
        return settings_page.erase_refused(request, policy, word(exc))
    answer = RedirectResponse("/sign-in", status_code=303)
    sessions.clear_cookie(request, answer)
    return answer


async def _erase(request: Request, confirm: str) -> None:
    actor = await run_in_threadpool(acting.actor, request)
    await run_in_threadpool(rights.erase_me, request.app.state.db, actor, confirm)

"""The JSON API under /api: the same services as the pages and the CLI."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import JSONResponse, Response

from afterview.domain.errors import MAX_ID
from afterview.domain.serial import to_builtins
from afterview.services import tracking
from afterview.services.overview import detail
from afterview.web import acting, bodies, cache, security
from afterview.web.browse import kept_rows

router = APIRouter(prefix="/api", tags=["api"])
Csrf = Depends(security.check_csrf)
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="An application's id.")]
StepId = Annotated[int, Path(ge=1, le=MAX_ID, description="A plan step's id.")]
# Text a person typed: the limits every request body is held to (web/bodies.py), published
# in the schema so that clients know them.
Text = Annotated[str, Field(max_length=bodies.MAX_FIELD, pattern=bodies.TEXT_PATTERN)]


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str


class Error(BaseModel):
    error: ErrorBody


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Error},
    403: {"model": Error},
    404: {"model": Error},
    413: {"model": Error, "description": "The request body is larger than 1 MB."},
    422: {"model": Error},
}


class Done(BaseModel):
    model_config = ConfigDict(extra="forbid")
    at: datetime | None = Field(default=None, description="When (default: now).")
    note: Text | None = None


class Skip(BaseModel):
    model_config = ConfigDict(extra="forbid")
    why: Text = Field(min_length=1, description="Why the step is skipped (kept with it).")


class Replanned(BaseModel):
    application_id: int
    added: int
    cancelled: int


@router.get("/health")
def health() -> dict[str, str]:
    """A trivial answer: the app is up (also the baseline of the web benchmark)."""
    return {"status": "ok"}


@router.get("/agenda", responses=ERRORS, response_model=dict[str, Any])
def get_agenda(
    request: Request,
    days: int = Query(7, ge=0, le=3650),
    limit: int = Query(20, ge=1, le=1000),
) -> Response:
    # The kept agenda's JSON with this request's ``now`` (web/cache.agenda_json); no
    # docstring: it would become the API schema's description.
    work, now = acting.work(request), request.app.state.settings.clock()
    body = cache.agenda_json(request.app.state, work, now=now, days=days, limit=limit)
    return Response(body, media_type="application/json")


@router.get("/applications", responses=ERRORS, response_model=dict[str, Any])
def list_applications(
    request: Request,
    limit: int | None = Query(
        None, ge=1, le=1000, description="At most this many (default: every application)."
    ),
    offset: int = Query(0, ge=0, le=MAX_ID, description="Skip this many first."),
) -> Response:
    """Every application in the order added; with ``limit``, one slice of them, with the
    ``total`` and the ``next`` offset (``null`` after the last slice). Read once per data
    revision: the whole list is kept as its JSON bytes. A counsellor gets the applications
    of every seeker who grants them access now, never from the cache (web/caseload.py)."""
    if acting.actor(request).role == "counsellor":
        from afterview.web import caseload

        return caseload.applications(request, limit=limit, offset=offset)
    rows = kept_rows(request, request.app.state.settings.clock())
    if limit is None and offset == 0:
        every = cache.app_cache(request.app.state, "application_list_json")
        body: bytes = every.get(acting.actor(request).owner, lambda: _listed(rows).body)
        return Response(body, media_type="application/json")
    return paged(rows, limit, offset)


def paged(rows: Sequence[Any], limit: int | None, offset: int) -> JSONResponse:
    """One slice of a listing, with the ``total`` and the ``next`` offset (``null`` after
    the last slice): the seeker's list and a counsellor's page alike."""
    part = rows[offset : None if limit is None else offset + limit]
    after = offset + len(part)
    return _listed(
        part, total=len(rows), offset=offset, limit=limit, next=after if after < len(rows) else None
    )


def _listed(rows: Sequence[Any], **paging: int | None) -> JSONResponse:
    return JSONResponse({"applications": to_builtins(rows), **paging})


# Single applications' answers kept: the last few asked for, of any owner.
DETAILS_KEPT = 32


@router.get("/applications/{application_id}", responses=ERRORS, response_model=dict[str, Any])
def get_application(request: Request, application_id: Id) -> Response:
    # Read once per data revision and kept as its JSON bytes, the same bytes as the answer
    # written afresh (no docstring: it would become the API schema's description).
    work = acting.work(request)
    kept = cache.app_cache(request.app.state, "application_json", DETAILS_KEPT)
    key = (work.actor.owner, application_id)
    body: bytes = kept.get(key, lambda: JSONResponse(detail(work, application_id)).body)
    return Response(body, media_type="application/json")


@router.post("/steps/{step}/done", responses=ERRORS, dependencies=[Csrf])
def mark_done(request: Request, step: StepId, body: Done | None = None) -> Replanned:
    work, now = acting.work(request), request.app.state.settings.clock()
    result = tracking.done(
        work,
        step,
        at=(body.at if body and body.at else now),
        now=now,
        note=body.note if body else None,
    )
    return Replanned(
        application_id=result.application_id,
        added=result.merge.added,
        cancelled=result.merge.cancelled,
    )


@router.post("/steps/{step}/skip", responses=ERRORS, dependencies=[Csrf])
def mark_skipped(request: Request, step: StepId, body: Skip) -> dict[str, Any]:
    work, now = acting.work(request), request.app.state.settings.clock()
    tracking.skip(work, step, why=body.why, now=now)
    return {"step": step, "status": "skipped"}


# -- adding an interview -------------------------------------------------------------------

INTERVIEW_SOURCE = "interview"  # where a problem in the body is said to be
_YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain")
_INTERVIEW_BODY = {
    "required": True,
    "description": "An interview file (docs/interview-file.md), as YAML or JSON; at most 1 MB.",
    "content": {
        "application/json": {"schema": {"type": "object"}},
        "application/yaml": {"schema": {"type": "string"}},
    },
}


class AddedInterview(BaseModel):
    application: int
    interview: int
    new_application: bool
    plan: dict[str, Any]


@router.post(
    "/interviews",
    status_code=201,
    responses=ERRORS,
    dependencies=[Csrf],
    response_model=AddedInterview,
    openapi_extra={"requestBody": _INTERVIEW_BODY},
)
async def add_interview(request: Request) -> JSONResponse:
    """Store an interview file, as ``afterview add`` does: a new application, or a new
    round of an existing one; the same checks, and the same errors."""
    from starlette.concurrency import run_in_threadpool

    data = interview_data(await request.body(), request.headers.get("content-type", ""))
    work = await run_in_threadpool(acting.work, request)
    now = request.app.state.settings.clock()
    added = await run_in_threadpool(tracking.add, work, data, source=INTERVIEW_SOURCE, now=now)
    r = added.replanned
    body = {
        "application": r.application_id,
        "interview": r.interview_id,
        "new_application": added.new_application,
        "plan": to_builtins(r.plan),
    }
    return JSONResponse(body, status_code=201)


def interview_data(body: bytes, content_type: str) -> dict[str, Any]:
    """The mapping an interview body holds: JSON, or YAML read with the file's limits."""
    import json

    from afterview.domain.errors import InputError
    from afterview.interview_file import parse_yaml

    kind = content_type.partition(";")[0].strip().lower()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("interview_body_unreadable", problem=str(exc)) from None
    if kind == "application/json" or kind.endswith("+json"):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise InputError("interview_body_unreadable", problem=str(exc)) from None
        if not isinstance(data, dict):
            raise InputError("interview_file_not_mapping", source=INTERVIEW_SOURCE)
        return data
    if kind in _YAML_TYPES:
        return parse_yaml(text, source=INTERVIEW_SOURCE)
    raise InputError("interview_body_type", kind=kind or "untyped")

"""The JSON API under /api: the same services as the pages and the CLI."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from afterview.services import tracking
from afterview.services.agenda import agenda
from afterview.services.overview import applications, detail
from afterview.storage.repository import MAX_ID
from afterview.web import bodies, security

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


@router.get("/agenda", responses=ERRORS)
def get_agenda(
    request: Request,
    days: int = Query(7, ge=0, le=3650),
    limit: int = Query(20, ge=1, le=1000),
) -> dict[str, Any]:
    db, now = request.app.state.db, request.app.state.settings.clock()
    return agenda(db, now=now, days=days, limit=limit).to_json()


@router.get("/applications", responses=ERRORS)
def list_applications(request: Request) -> dict[str, Any]:
    db, now = request.app.state.db, request.app.state.settings.clock()
    return {"applications": [r.to_json() for r in applications(db, now=now)]}


@router.get("/applications/{application_id}", responses=ERRORS)
def get_application(request: Request, application_id: Id) -> dict[str, Any]:
    return detail(request.app.state.db, application_id)


@router.post("/steps/{step}/done", responses=ERRORS, dependencies=[Csrf])
def mark_done(request: Request, step: StepId, body: Done | None = None) -> Replanned:
    db, now = request.app.state.db, request.app.state.settings.clock()
    result = tracking.done(
        db,
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
    db, now = request.app.state.db, request.app.state.settings.clock()
    tracking.skip(db, step, why=body.why, now=now)
    return {"step": step, "status": "skipped"}

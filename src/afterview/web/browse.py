"""Browse pages: every application (a list and a board by status) and the planning defaults.

Both are read-only. The applications page filters in Python over the rows of
:func:`afterview.services.overview.applications`; its search form is a plain GET form, so
it works without JavaScript, and HTMX (when present) swaps in just the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from afterview.domain.errors import InputError
from afterview.domain.settings import describe
from afterview.services.agenda import agenda
from afterview.services.overview import Row, applications
from afterview.web import security

router = APIRouter(include_in_schema=False)

# In the order an application moves through them (domain.models.ApplicationStatus).
STATUSES = ("applied", "interviewing", "offer", "rejected", "withdrawn", "closed")
ANY = "any"


@dataclass(frozen=True, slots=True)
class Column:
    status: str
    rows: tuple[Row, ...]


def matches(row: Row, q: str, status: str) -> bool:
    """Whether ``row`` passes the search (company or role, any case) and the status filter."""
    if status != ANY and row.status != status:
        return False
    needle = q.casefold()
    return not needle or needle in row.company.casefold() or needle in row.role.casefold()


def board(rows: list[Row]) -> list[Column]:
    """One column per status, always all of them, in pipeline order."""
    return [Column(s, tuple(r for r in rows if r.status == s)) for s in STATUSES]


def _status(value: str) -> str:
    value = value.strip().lower() or ANY
    if value != ANY and value not in STATUSES:
        choices = ", ".join((ANY, *STATUSES))
        raise InputError(f"There is no status {value!r}; choose one of {choices}.")
    return value


@router.get("/applications")
def applications_page(
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    status: Annotated[str, Query(max_length=40)] = ANY,
) -> Response:
    """Every application as a list and as a board by status, with search and filter."""
    db, now = request.app.state.db, request.app.state.settings.clock()
    wanted = _status(status)
    q = q.strip()
    every = applications(db, now=now)
    shown = [r for r in every if matches(r, q, wanted)]
    # The candidate's zone, read the same way as on the Today page.
    zone: tzinfo | None = agenda(db, now=now, days=0, limit=1).zone or now.tzinfo

    def local(moment: datetime) -> str:
        return f"{moment.astimezone(zone):%a %d %b %Y %H:%M}"

    context = {
        "request": request,
        "csrf_token": security.csrf_token(request),
        "rows": shown,
        "total": len(every),
        "columns": board(shown),
        "statuses": STATUSES,
        "q": q,
        "status": wanted,
        "filtered": bool(q) or wanted != ANY,
        "local": local,
    }
    # HTMX asks for the results only; a history restore (back button after a cache miss)
    # needs the whole page again.
    partial = "hx-request" in request.headers and (
        "hx-history-restore-request" not in request.headers
    )
    name = "_applications_results.html" if partial else "applications.html"
    response: Response = request.app.state.templates.TemplateResponse(request, name, context)
    response.headers["Vary"] = "HX-Request"
    return response


@router.get("/settings")
def settings_page(request: Request) -> Response:
    """The planning defaults, each with its value, reason and sources (read-only)."""
    from afterview.web.calendar import feed_url

    context = {
        "request": request,
        "csrf_token": security.csrf_token(request),
        "settings": describe(),
        "calendar_feed": feed_url(request),
        "calendar_rotated": request.query_params.get("rotated") == "1",
    }
    response: Response = request.app.state.templates.TemplateResponse(
        request, "settings.html", context
    )
    return response

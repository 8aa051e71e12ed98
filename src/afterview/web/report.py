"""The centre report for a career centre's administrators: ``GET /api/report`` (JSON, or
``?format=csv``) and the ``/report`` page, table first with a bar chart of the interviews
recorded each month. Counts by month and nothing else; a count under 5 is hidden ("<5",
in JSON ``null`` with ``"hidden": true``). Anyone but an admin gets 403."""

from __future__ import annotations

import io
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from starlette.responses import JSONResponse, Response

from afterview import csv_cells
from afterview.i18n import _
from afterview.services import report as centre_report
from afterview.web import acting, errors
from afterview.web.api import ERRORS
from afterview.web.messages import word

router = APIRouter()
HIDDEN = "<5"
REPORTED: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: {
        "description": "Counts by month (JSON), or the same as CSV.",
        "content": {"application/json": {}, "text/csv": {}},
    },
}


def _months(request: Request) -> list[centre_report.Month] | Response:
    try:
        return centre_report.report(request.app.state.db, acting.actor(request))
    except centre_report.NotAdmin as exc:
        return errors.error_response(request, 403, "forbidden", word(exc))


@router.get("/api/report", tags=["api"], responses=REPORTED, response_class=Response)
def report_api(
    request: Request,
    format: Literal["json", "csv"] = Query("json", description="json or csv."),
) -> Response:
    """The centre report: counts by month, small ones hidden (admin only)."""
    months = _months(request)
    if isinstance(months, Response):
        return months
    if format == "csv":
        return Response(
            _csv(months),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="centre-report.csv"'},
        )
    return JSONResponse(_json(months))


def _json(months: list[centre_report.Month]) -> dict[str, Any]:
    return {
        "minimum": centre_report.MINIMUM,
        "measures": [name for name, _label in centre_report.MEASURES],
        "months": [
            {
                "month": m.month,
                **{k: {"count": c.count, "hidden": c.hidden} for k, c in m.cells.items()},
            }
            for m in months
        ],
    }


def _csv(months: list[centre_report.Month]) -> str:
    out = io.StringIO()
    writer = csv_cells.writer(out, lineterminator="\n")
    writer.writerow(["month", *(name for name, _label in centre_report.MEASURES)])
    for m in months:
        writer.writerow(
            [m.month, *(_shown(m.cells[name]) for name, _label in centre_report.MEASURES)]
        )
    return out.getvalue()


def _shown(cell: centre_report.Cell) -> str:
    return HIDDEN if cell.hidden else str(cell.count)


@router.get("/report", include_in_schema=False)
def report_page(request: Request) -> Response:
    """The report as a table, and the interviews of each month as a bar chart."""
    from afterview.web import security
    from afterview.web.insights import bar_chart

    months = _months(request)
    if isinstance(months, Response):
        return months
    chart = bar_chart(
        "report-interviews",
        _("Interviews recorded, by month"),
        _(
            "One bar a month; a month with fewer than 5 shows <5 and no bar. "
            "The table has every number."
        ),
        [
            (m.month, m.cells["interviews"].count or 0, _shown(m.cells["interviews"]))
            for m in months
        ],
        unit=_("interviews"),
    )
    context = {
        "request": request,
        "csrf_token": security.csrf_token(request),
        "months": [
            {
                "month": m.month,
                "cells": [_shown(m.cells[k]) for k, _label in centre_report.MEASURES],
            }
            for m in months
        ],
        "measures": [_(label) for _name, label in centre_report.MEASURES],
        "chart": chart,
        "minimum": centre_report.MINIMUM,
    }
    response: Response = request.app.state.templates.TemplateResponse(
        request, "report.html", context
    )
    return response

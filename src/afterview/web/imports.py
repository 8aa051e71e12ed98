"""The Import page: bring a job tracker's export in from the browser.

* ``GET /import`` — the form: the file (CSV or .xlsx, up to the 1 MB any request may
  carry), how the file orders its dates, and status words to map by hand.
* ``POST /import/preview`` — reads the file and matches it against what is stored, storing
  nothing: the column mapping, the date order and why, every row or cell that could not be
  read, and how many applications would be new, updated or unchanged. The upload waits in
  memory under a random token for the confirmation (the last few only).
* ``POST /import/confirm`` — imports the previewed file and says what happened.

Both posts go through :mod:`afterview.services.tracker_import`, as ``afterview import``
does, so the page and the command line give the same report.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from starlette.responses import Response

from afterview.domain.errors import InputError
from afterview.i18n import N_
from afterview.importers.vocabulary import STATUS_CHOICES, Status, parse_override
from afterview.services import tracker_import as service
from afterview.web import acting, security
from afterview.web.messages import word

router = APIRouter(include_in_schema=False)
Csrf = Depends(security.check_csrf)
KEPT = 8  # previews waiting for their confirmation
DATE_ORDERS = (
    ("", N_("Decide from the file (then my country)")),
    ("dmy", N_("Day first (25/11/2026)")),
    ("mdy", N_("Month first (11/25/2026)")),
    ("ymd", N_("Year first (2026/11/25)")),
)


@dataclass(frozen=True, slots=True)
class _Upload:
    name: str
    data: bytes
    dates: str
    statuses: str


def _render(request: Request, status_code: int = 200, **context: Any) -> Response:
    context.update(
        request=request,
        csrf_token=security.csrf_token(request),
        date_orders=DATE_ORDERS,
        status_choices=STATUS_CHOICES,
    )
    context.setdefault("dates", "")
    context.setdefault("statuses", "")
    response: Response = request.app.state.templates.TemplateResponse(
        request, "import.html", context, status_code=status_code
    )
    return response


def _waiting(request: Request) -> OrderedDict[str, _Upload]:
    state = request.app.state
    if not hasattr(state, "import_uploads"):
        state.import_uploads = OrderedDict()
    uploads: OrderedDict[str, _Upload] = state.import_uploads
    return uploads


@router.get("/import")
def import_page(request: Request) -> Response:
    return _render(request)


@router.post("/import/preview", dependencies=[Csrf])
async def preview(
    request: Request,
    file: UploadFile,
    dates: Annotated[str, Form()] = "",
    statuses: Annotated[str, Form()] = "",
) -> Response:
    upload = _Upload(file.filename or "upload.csv", await file.read(), dates, statuses)
    try:
        result = _run(request, upload, dry_run=True)
    except InputError as exc:
        return _render(request, 400, error=word(exc), dates=dates, statuses=statuses)
    token = secrets.token_urlsafe(16)
    waiting = _waiting(request)
    waiting[token] = upload
    while len(waiting) > KEPT:
        waiting.popitem(last=False)
    return _render(
        request, result=result, token=token, name=upload.name, dates=dates, statuses=statuses
    )


@router.post("/import/confirm", dependencies=[Csrf])
def confirm(request: Request, token: Annotated[str, Form()]) -> Response:
    upload = _waiting(request).pop(token, None)
    if upload is None:
        return _render(
            request, 400, error="That preview is no longer waiting; choose the file again."
        )
    try:
        result = _run(request, upload, dry_run=False)
    except InputError as exc:
        return _render(request, 400, error=word(exc))
    return _render(request, result=result, name=upload.name, done=True)


def _run(request: Request, upload: _Upload, *, dry_run: bool) -> service.ImportResult:
    if not upload.data:
        raise InputError("choose_import_file")
    if upload.dates not in ("", "dmy", "mdy", "ymd"):
        raise InputError("choose_date_order")
    work = acting.work(request)
    options = service.options_for(
        work,
        dates=upload.dates or None,  # type: ignore[arg-type]
        statuses=_overrides(upload.statuses),
    )
    parsed = service.read_tracker(upload.name, upload.data, options)
    return service.run_import(work, parsed, now=request.app.state.settings.clock(), dry_run=dry_run)


def _overrides(text: str) -> list[tuple[str, Status]]:
    """One ``WORD=STATUS`` a line; a wrong line is one sentence naming it."""
    return [parse_override(line.strip()) for line in text.splitlines() if line.strip()]

"""One error path: every failure is a JSON error under ``/api`` and an error page elsewhere.

The JSON shape is part of the API contract (pinned by a test)::

    {"error": {"status": 404, "code": "not_found", "message": "No application with id 7. …"}}

A user mistake (an unknown id, a bad value) reads as one sentence, worded for the web
(``web/messages.py``: the page that helps, never a command); an unexpected failure says so
without a traceback and is logged.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse, JSONResponse, Response

from afterview.domain.errors import AfterviewError, Forbidden, InputError, UnknownRecord
from afterview.web.messages import word
from afterview.web.security import Refused

log = logging.getLogger("afterview.web")

CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid",
    500: "internal",
}


# The error page's heading for each code (JSON keeps the code itself: it is the contract).
TITLES = {
    "bad_request": "not understood",
    "csrf": "page out of date",
    "host": "wrong address",
    "internal": "something went wrong",
    "invalid": "not accepted",
    "method_not_allowed": "not possible here",
    "origin": "sent from elsewhere",
    "too_large": "too large",
}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or "application/json" in request.headers.get(
        "accept", ""
    )


def error_response(request: Request, status: int, code: str, message: str) -> Response:
    if wants_json(request):
        body = {"error": {"status": status, "code": code, "message": message}}
        return JSONResponse(body, status_code=status)
    templates = request.app.state.templates
    return HTMLResponse(
        templates.get_template("error.html").render(
            status=status,
            code=code,
            title=TITLES.get(code, code.replace("_", " ")),
            message=message,
            request=request,
        ),
        status_code=status,
    )


def install(app: FastAPI) -> None:
    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        return error_response(request, exc.status, exc.code, exc.message)

    @app.exception_handler(UnknownRecord)
    async def unknown(request: Request, exc: UnknownRecord) -> Response:
        return error_response(request, 404, "not_found", word(exc))

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return error_response(request, 403, "forbidden", word(exc))

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return error_response(request, 400, "bad_request", word(exc))

    @app.exception_handler(AfterviewError)
    async def unusable(request: Request, exc: AfterviewError) -> Response:
        return error_response(request, 503, "unavailable", word(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "Request refused."
        if exc.status_code == 404 and exc.detail == "Not Found":
            message = f"There is nothing at {request.url.path}."
        return error_response(
            request, exc.status_code, CODES.get(exc.status_code, "error"), message
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, "invalid", _first_problem(exc.errors()))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(
            request,
            500,
            "internal",
            "Something went wrong on our side; nothing was changed. Please try again.",
        )

    _ = HTTPException  # FastAPI's HTTPException subclasses Starlette's: one handler serves both


def _first_problem(errors: Any) -> str:
    if not errors:
        return "The request is not valid."
    first = errors[0]
    where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path"))
    return f"{where}: {first.get('msg', 'invalid value')}." if where else str(first.get("msg"))

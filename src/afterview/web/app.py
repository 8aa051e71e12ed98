"""Build the web app: settings, safety middleware, the one error path, pages and API."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from afterview import __version__
from afterview.storage.db import Database
from afterview.web import errors, security

HERE = Path(__file__).parent
HTMX = "htmx-2.0.11.min.js"  # vendored from the npm registry: scripts/vendor-htmx
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class WebSettings:
    database_url: str
    allowed_hosts: Sequence[str] = LOCAL_HOSTS
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))


def create_app(settings: WebSettings) -> FastAPI:
    app = FastAPI(
        title="afterview",
        version=__version__,
        description="Everything after a job interview: the JSON API behind the web app.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.db = Database(settings.database_url)
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    app.state.templates.env.globals.update(htmx=HTMX, version=__version__)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    errors.install(app)

    @app.middleware("http")
    async def guard(request: Request, call_next: security.Next) -> Response:
        if not security.host_allowed(request.headers.get("host"), settings.allowed_hosts):
            return errors.error_response(
                request,
                400,
                "host",
                "This address is not afterview's own; open it at http://127.0.0.1 instead.",
            )
        return security.finish(request, await call_next(request))

    from afterview.web import api, browse, drafts, edit, forms, interview, pages

    app.include_router(pages.router)
    app.include_router(forms.router)
    app.include_router(edit.router)
    app.include_router(browse.router)
    app.include_router(drafts.router)
    app.include_router(interview.router)
    app.include_router(api.router)
    return app

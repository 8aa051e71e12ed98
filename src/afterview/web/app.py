"""Build the web app: settings, safety middleware, the one error path, pages and API."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from afterview import __version__, i18n
from afterview.domain import before_leaving, wording
from afterview.storage.db import Database
from afterview.web import errors
from afterview.web.flash import FlashMiddleware
from afterview.web.guard import Guard

HERE = Path(__file__).parent
HTMX = "htmx-2.0.11.min.js"  # vendored from the npm registry: scripts/vendor-htmx
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class WebSettings:
    database_url: str
    allowed_hosts: Sequence[str] = LOCAL_HOSTS
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    worker: bool = False  # run the outbox worker in-process (`afterview serve --worker`)
    worker_interval_s: float = 60.0
    # Signs each browser's CSRF token (security.py): random per start unless given, so that
    # several processes serving one site can share it.
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)


def create_app(settings: WebSettings) -> FastAPI:
    from afterview.web.outbox import lifespan

    app = FastAPI(
        lifespan=lifespan,
        title="afterview",
        version=__version__,
        description="Everything after a job interview: the JSON API behind the web app.",
        # No /api/docs: Swagger UI is JavaScript from a CDN with an inline start-up script,
        # which the app's own Content-Security-Policy rightly blocks (docs/SECURITY.md).
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.db = Database(settings.database_url)
    app.state.csrf_secret = settings.secret
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    i18n.install(app.state.templates.env)
    app.state.templates.env.globals.update(
        htmx=HTMX, version=__version__, before_leaving=before_leaving.QUESTIONS
    )
    app.state.templates.env.filters.update(
        kind_title=wording.kind_title,
        kind_label=wording.kind_label,
        rule_title=wording.rule_title,
        words=wording.words,
        plural=wording.plural,
        noun=wording.noun,
        day=wording.day,
    )
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    errors.install(app)

    app.add_middleware(Guard, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(FlashMiddleware)  # the sentence after a save, in the next page

    from afterview.web import api, browse, drafts, edit, forms, interview, pages
    from afterview.web import calendar as calendar_feed

    app.include_router(pages.router)
    app.include_router(forms.router)
    app.include_router(edit.router)
    app.include_router(browse.router)
    app.include_router(drafts.router)
    from afterview.web import outbox as outbox_pages

    app.include_router(outbox_pages.router)
    app.include_router(interview.router)
    app.include_router(api.router)
    app.include_router(calendar_feed.router)
    from afterview.web import card, insights, outcomes

    app.include_router(insights.router)
    app.include_router(card.router)
    app.include_router(outcomes.router)
    from afterview.web import journal as journal_pages

    app.include_router(journal_pages.router)
    from afterview.web import inbox as inbox_pages

    app.include_router(inbox_pages.router)
    from afterview.web import imports

    app.include_router(imports.router)
    return app

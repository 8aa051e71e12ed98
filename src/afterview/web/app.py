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
from afterview.domain.errors import AfterviewError
from afterview.web import acting, errors
from afterview.web.flash import FlashMiddleware
from afterview.web.guard import Guard
from afterview.web.oidc import OidcSettings
from afterview.web.sessions import SessionSettings
from afterview.wiring import database

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
    # A career centre's sessions: timeouts, sign-in limits, a trusted proxy (web/sessions.py).
    sessions: SessionSettings = field(default_factory=SessionSettings)
    # A career centre's single sign-on (web/oidc.py): none unless configured.
    oidc: OidcSettings | None = None
    # On PostgreSQL, (size, timeout in seconds) of the pool of kept connections each unit of
    # work borrows (storage/pool.py); None opens one per unit of work. `serve` sets it.
    database_pool: tuple[int, float] | None = None


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
    app.state.db = database(settings.database_url)
    if settings.database_pool is not None:
        app.state.db.use_pool(*settings.database_pool)  # closed with the app (lifespan)
    app.state.csrf_secret = settings.secret
    app.state.templates = _templates()
    _centre_globals(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    errors.install(app)
    acting.install(app)  # a career centre's request without credentials: 401 or sign-in

    app.add_middleware(Guard, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(FlashMiddleware)  # the sentence after a save, in the next page
    _include_routers(app)
    return app


def _templates() -> Jinja2Templates:
    """The pages' templates, with the globals and filters every page may use."""
    templates = Jinja2Templates(directory=HERE / "templates")
    i18n.install(templates.env)
    templates.env.globals.update(
        htmx=HTMX, version=__version__, before_leaving=before_leaving.QUESTIONS
    )
    templates.env.filters.update(
        kind_title=wording.kind_title,
        kind_label=wording.kind_label,
        rule_title=wording.rule_title,
        words=wording.words,
        plural=wording.plural,
        noun=wording.noun,
        day=wording.day,
    )
    return templates


def _centre_globals(app: FastAPI) -> None:
    """What every page of a career centre shows (Sign out, the idle warning): whether this
    is one is read with the schema, at the first page, not when the app is built."""
    db, rules = app.state.db, app.state.settings.sessions.rules

    def centre_mode() -> bool:
        try:
            db.ensure_schema()
        except AfterviewError:  # the error page that says why must still render
            return False
        return bool(db.centre)

    from jinja2 import pass_context

    app.state.templates.env.globals.update(
        centre_mode=centre_mode,
        idle_seconds=int(rules.idle.total_seconds()),
        nav_role=pass_context(acting.nav_role),  # which of Sharing, Caseload, Report to link
    )


def _include_routers(app: FastAPI) -> None:
    """Every page and the API, in the order their routes are matched."""
    from afterview.web import (
        accounts,
        api,
        browse,
        card,
        caseload,
        consent,
        drafts,
        edit,
        forms,
        imports,
        insights,
        interview,
        mail_account,
        me,
        oidc,
        outcomes,
        pages,
        report,
        sessions,
        settings_page,
    )
    from afterview.web import calendar as calendar_feed
    from afterview.web import inbox as inbox_pages
    from afterview.web import journal as journal_pages
    from afterview.web import outbox as outbox_pages

    for module in (
        accounts,
        oidc,
        pages,
        forms,
        edit,
        browse,
        drafts,
        outbox_pages,
        interview,
        mail_account,
        me,
        api,
        calendar_feed,
        insights,
        card,
        outcomes,
        journal_pages,
        inbox_pages,
        imports,
        report,
        sessions,
        settings_page,
        consent,
        caseload,
    ):
        app.include_router(module.router)

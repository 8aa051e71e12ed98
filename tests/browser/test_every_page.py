"""Every page of the app in real Chromium, at a desktop width and a phone's 390 px.

The pages are read from the app's own routes, so a new page is visited as soon as it
exists: a GET route must either be in PAGES or in SKIPPED with the reason, or the first
test fails and says which. Each page is checked empty, filled and with an error: it may
not be wider than the window (a phone would scroll sideways), and axe-core may find no
serious or critical violation of the WCAG 2.2 A and AA rules. One browser, one tab per
width, reused from page to page.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

from afterview.services import outbox, outcomes
from afterview.storage.db import Database
from tests.browser.conftest import OVERFLOW, accessibility_problems
from tests.web.conftest import MORNING

APP = "{app_id}"
# Full pages, visited with the ids of the seeded panel interview.
PAGES = (
    "/",
    "/interviews/new",
    "/applications",
    "/applications/{app_id}",
    "/applications/{app_id}/edit",
    "/applications/{app_id}/drafts",
    "/applications/{app_id}/debrief",
    "/applications/{app_id}/revisit",
    "/applications/{app_id}/after-rejection",
    "/applications/{app_id}/withdrawals",
    "/applications/{app_id}/delete",
    "/applications/{app_id}/closed",
    "/outbox",
    "/inbox",
    "/import",
    "/insights",
    "/questions",
    "/card",
    "/settings",
)
SKIPPED = {
    "/api/openapi.json": "the API's schema, JSON",
    "/api/health": "JSON for monitors",
    "/api/agenda": "JSON",
    "/api/applications": "JSON",
    "/api/applications/{application_id}": "JSON",
    "/calendar/{token}.ics": "a calendar feed for calendar programs",
    "/card.pdf": "a PDF download of the card page, which is visited",
    "/outbox/{message_id}.eml": "a message file to download",
    "/interviews/new/panel-member": "a part of the Add form, swapped in by HTMX; tested there",
    "/applications/{app_id}/debrief/question": "a part of the debrief form, swapped in by HTMX",
}


def get_routes(found: list[Any]) -> Iterator[str]:
    """The path of every GET route, inside included routers too."""
    for route in found:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from get_routes(included.routes)
        elif "GET" in (getattr(route, "methods", None) or ()):
            yield route.path


def base(web: httpx.Client) -> str:
    return str(web.base_url).rstrip("/")


def check(page: Any, url: str) -> list[str]:
    """Open ``url`` in the tab; what is wrong with the page there, one line per problem."""
    page.goto(url)
    path = url.split("://", 1)[-1].partition("/")[2]
    wrong = [f"/{path}: {problem}" for problem in accessibility_problems(page)]
    wider = page.evaluate(OVERFLOW)
    if wider > 0:
        wrong.append(f"/{path}: {wider} px wider than the {page.viewport_size['width']} px window")
    return wrong


def test_every_page_of_the_app_is_visited_or_skipped_for_a_reason(db: Database) -> None:
    from afterview.web.app import WebSettings, create_app

    routes = set(get_routes(create_app(WebSettings(db.url)).routes))
    assert len(routes) > 20
    assert sorted(routes - set(PAGES) - set(SKIPPED)) == [], "add it to PAGES or SKIPPED"
    assert sorted((set(PAGES) | set(SKIPPED)) - routes) == [], "no longer a route"
    assert all(reason.strip() for reason in SKIPPED.values())


def test_every_page_filled_fits_the_window_and_passes_axe(
    web: httpx.Client, db: Database, sized: Any, shots: Path
) -> None:
    outbox.approve(db, 1, kind="thank_you", to="Ana López", now=MORNING, send_at=MORNING)
    wrong: list[str] = []
    for path in PAGES:
        wrong += check(sized, base(web) + path.replace(APP, "1"))
    phone = sized.viewport_size["width"] < 600
    for path, name in (("/", "today"), ("/applications/1", "application")):
        if phone:
            sized.goto(base(web) + path)
            sized.screenshot(path=str(shots / f"{name}-phone.png"), full_page=True)
    assert not wrong, "\n".join(wrong)


def test_an_application_after_silence_or_a_rejection_fits_and_passes_axe(
    web: httpx.Client, db: Database, sized: Any
) -> None:
    outcomes.close_silent(db, 1, now=MORNING + timedelta(days=45))  # after the last follow-up
    wrong = check(sized, base(web) + "/applications/1/closed")
    assert sized.url.endswith("/applications/1/closed")
    assert not wrong, "\n".join(wrong)


def test_every_page_empty_fits_the_window_and_passes_axe(empty_web: Any, sized: Any) -> None:
    client, _ = empty_web
    wrong: list[str] = []
    for path in PAGES:
        if "{" not in path:
            wrong += check(sized, base(client) + path)
    assert not wrong, "\n".join(wrong)

"""Real Chromium (Debian's package) driven by Playwright, against the app on loopback.

Playwright's own browser download cannot be had here, so the system Chromium is launched
by path. Screenshots go to a temporary folder, or to ``$AFTERVIEW_SCREENSHOTS`` (``make
screenshots`` points it at docs/screenshots).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import db, web  # noqa: F401  (the app on loopback, shared)

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed: CI must run the browser tests.")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="en-CA")
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("AFTERVIEW_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def empty_web(tmp_path: Path) -> Iterator[Any]:
    """The app on an empty database: nothing tracked yet."""
    from afterview.storage.db import Database, sqlite_url
    from afterview.web.app import WebSettings
    from tests.support.live import client
    from tests.web.conftest import MORNING

    database = Database(sqlite_url(tmp_path / "empty.db"))
    with client(WebSettings(database.url, clock=lambda: MORNING)) as http:
        yield http, database


# Every page at a desktop and a phone width (tests/browser/test_every_page.py and others).
WIDTHS = {"desktop": 1100, "phone": 390}
# The WCAG 2.0-2.2 level A and AA rules of axe-core; of those, what a page may not have.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
# How far the page is wider than the window: a phone would scroll sideways.
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture(params=sorted(WIDTHS.items(), key=lambda item: -item[1]), ids=lambda i: i[0])
def sized(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """One tab at a desktop width, then at a phone's (390 x 844, an iPhone 14)."""
    width: int = request.param[1]
    height = 844 if width < 600 else 900
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-CA")
    yield context.new_page()
    context.close()


def accessibility_problems(page: Any) -> list[str]:
    """The serious and critical WCAG A/AA violations axe-core finds, one line per rule."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    found = Axe().run(page, options=options).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in found
        if v["impact"] in BLOCKING
    ]

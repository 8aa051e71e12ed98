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

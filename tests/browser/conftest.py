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
    import threading

    import httpx
    import uvicorn

    from afterview.storage.db import Database, sqlite_url
    from afterview.web.app import WebSettings, create_app
    from tests.web.conftest import MORNING

    database = Database(sqlite_url(tmp_path / "empty.db"))
    app = create_app(WebSettings(database.url, clock=lambda: MORNING))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = threading.Event()
    while not started.wait(0.01):  # the server's own flag, not a fixed wait
        if server.started:
            started.set()
        assert thread.is_alive(), "the server did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        yield client, database
    server.should_exit = True
    thread.join(timeout=10)

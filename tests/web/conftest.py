"""The web app over real HTTP: a uvicorn server on a free loopback port, driven by httpx."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from afterview.interview_file import read_data
from afterview.services import tracking
from afterview.storage.db import Database, sqlite_url
from afterview.web.app import WebSettings
from tests.acting import local
from tests.conftest import EXAMPLES
from tests.integration.conftest import postgres_url  # noqa: F401  (a fresh PostgreSQL database)
from tests.support.live import client

TORONTO = ZoneInfo("America/Toronto")
ADDED = datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO)
MORNING = datetime(2026, 11, 21, 8, 30, tzinfo=TORONTO)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(sqlite_url(tmp_path / "web.db"))
    tracking.add(
        local(database), read_data(EXAMPLES / "panel-interview.yaml"), source="panel", now=ADDED
    )
    return database


@pytest.fixture(params=["sqlite", "postgresql"])
def either_db(request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    """The panel interview stored in SQLite, then in a fresh PostgreSQL database."""
    url = (
        sqlite_url(tmp_path / "either.db")
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    database = Database(url)
    tracking.add(
        local(database), read_data(EXAMPLES / "panel-interview.yaml"), source="panel", now=ADDED
    )
    return database


@pytest.fixture
def web(db: Database) -> Iterator[httpx.Client]:
    with client(WebSettings(db.url, clock=lambda: MORNING)) as http:
        yield http


def token(client: httpx.Client) -> str:
    """The CSRF token the app's pages give this client (its key cookie stays unreadable)."""
    return page_token(client.get("/").text)


def page_token(html: str) -> str:
    """The token a page sends back with HTMX requests (the same as in its forms)."""
    found = re.search(r'hx-headers=\'\{"X-CSRF-Token": "([^"]+)"\}\'', html)
    assert found, "the page carries no CSRF token"
    return found.group(1)

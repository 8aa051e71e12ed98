"""The web app over real HTTP: a uvicorn server on a free loopback port, driven by httpx."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
import uvicorn

from afterview.interview_file import read_data
from afterview.services import tracking
from afterview.storage.db import Database, sqlite_url
from afterview.web.app import WebSettings, create_app
from tests.conftest import EXAMPLES

TORONTO = ZoneInfo("America/Toronto")
ADDED = datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO)
MORNING = datetime(2026, 11, 21, 8, 30, tzinfo=TORONTO)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(sqlite_url(tmp_path / "web.db"))
    tracking.add(database, read_data(EXAMPLES / "panel-interview.yaml"), source="panel", now=ADDED)
    return database


@pytest.fixture
def web(db: Database) -> Iterator[httpx.Client]:
    app = create_app(WebSettings(db.url, clock=lambda: MORNING))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    started = threading.Event()
    while not started.wait(0.01):  # wait for the server's own flag, not for a fixed time
        if server.started:
            started.set()
        assert thread.is_alive(), "the server did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        yield client
    server.should_exit = True
    thread.join(timeout=10)


def token(client: httpx.Client) -> str:
    client.get("/")
    value = client.cookies.get("afterview_csrf")
    assert value
    return value

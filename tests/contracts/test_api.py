"""The JSON of the web API (every route under /api, its schema and its error bodies) for the demo
search from a fixed seed, served for real and read as raw bytes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from afterview.services import demo
from afterview.storage.db import Database, sqlite_url
from afterview.web.app import WebSettings
from tests.acting import local
from tests.contracts.conftest import Snapshot
from tests.support.live import client
from tests.web.conftest import token

MORNING = datetime(2026, 11, 21, 8, 30, tzinfo=ZoneInfo("America/Toronto"))

# name: (method, path, query or JSON body, status). A step id of STEP is the first step due.
REQUESTS: dict[str, tuple[str, str, dict[str, Any] | None, int]] = {
    "api/health.json": ("GET", "/api/health", None, 200),
    "api/agenda.json": ("GET", "/api/agenda", None, 200),
    "api/agenda-30-days-3-each.json": ("GET", "/api/agenda", {"days": 30, "limit": 3}, 200),
    "api/applications.json": ("GET", "/api/applications", None, 200),
    "api/applications-first-5.json": ("GET", "/api/applications", {"limit": 5}, 200),
    "api/applications-last-slice.json": (
        "GET", "/api/applications", {"limit": 5, "offset": 15}, 200
    ),
    "api/application-closed.json": ("GET", "/api/applications/1", None, 200),
    "api/application-rejected.json": ("GET", "/api/applications/12", None, 200),
    "api/application-interviewing.json": ("GET", "/api/applications/16", None, 200),
    "api/application-missing.json": ("GET", "/api/applications/999", None, 404),
    "api/agenda-bad-days.json": ("GET", "/api/agenda", {"days": -1}, 422),
    "api/step-done.json": (
        "POST", "/api/steps/STEP/done", {"at": "2026-11-21T08:00:00-05:00", "note": "sent"}, 200
    ),
    "api/step-done-no-body.json": ("POST", "/api/steps/STEP/done", None, 200),
    "api/step-skipped.json": ("POST", "/api/steps/STEP/skip", {"why": "said it in person"}, 200),
    "api/step-skip-without-why.json": ("POST", "/api/steps/STEP/skip", {}, 422),
    "api/openapi.json": ("GET", "/api/openapi.json", None, 200),
}  # fmt: skip


@contextmanager
def _served(folder: Path) -> Iterator[httpx.Client]:
    db = Database(sqlite_url(folder / "api.db"))
    demo.build(local(db), months=2, seed=7, now=MORNING)
    with client(WebSettings(db.url, clock=lambda: MORNING)) as http:
        yield http


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """One server for the requests that only read (the search is built once)."""
    with _served(tmp_path_factory.mktemp("contracts-api")) as http:
        yield http


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_the_json_of_an_api_route_is_unchanged(
    name: str, reader: httpx.Client, snapshot: Snapshot, tmp_path: Path
) -> None:
    method, path, data, status = REQUESTS[name]
    if method == "GET":
        answer = reader.get(path, params=data)
    else:
        with _served(tmp_path) as web:
            answer = _post(web, path, data)
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/json"
    snapshot(name, answer.content)


def _post(web: httpx.Client, path: str, data: dict[str, Any] | None) -> httpx.Response:
    """A change on a search of its own, to the first step due."""
    step = web.get("/api/agenda").json()["due"]["items"][0]["id"]
    return web.post(
        path.replace("STEP", str(step)),
        json=data,
        headers={"X-CSRF-Token": token(web)},
    )

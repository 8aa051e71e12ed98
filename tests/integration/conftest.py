"""Storage fixtures: a fresh database per test, on SQLite and on a real PostgreSQL server.

PostgreSQL tests need ``AFTERVIEW_TEST_POSTGRES_URL`` (an account allowed to create
databases; ``.ci/run`` starts a server and sets it). Outside CI they are skipped when it is
missing; in CI (``CI=true``) a missing server fails the run instead of hiding the tests.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from afterview.storage.db import Database, sqlite_url

PG_ENV = "AFTERVIEW_TEST_POSTGRES_URL"


def _postgres_admin() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{PG_ENV} is not set: CI must run the PostgreSQL tests.")
        pytest.skip(f"{PG_ENV} is not set (no PostgreSQL server for this run)")
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A brand-new PostgreSQL database, dropped afterwards."""
    import psycopg

    admin = _postgres_admin()
    name = f"afterview_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = admin.rpartition("/")
    yield f"{base}/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "afterview.db")
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Database:
    """The database under test, also what the CLI opens in this test."""
    monkeypatch.setenv("AFTERVIEW_DATABASE_URL", database_url)
    return Database(database_url)

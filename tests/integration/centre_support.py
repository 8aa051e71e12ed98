"""A career centre on PostgreSQL for the tests: ``centre init`` run once per test module
as a role that owns the database and is no superuser (a superuser would bypass row-level
security and hide mistakes in the owner's policies and functions), kept as a template, and
a copy of it for each test, reached as the owner or as the runtime role.

Shared by the centre's test modules: import the fixtures ``roles`` and ``centre`` into a
module to use them.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from afterview.cli import run
from afterview.storage.db import Database
from tests.integration.conftest import _postgres_admin

PASSWORD = "runtime-secret"
ADDED = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Roles:
    admin: str  # the test server's superuser URL
    owner: str  # the role that owns the database (runs centre init)
    app: str  # the runtime role centre init sets up
    template: str  # the database centre init ran on, copied for each test

    def url(self, role: str, password: str, database: str) -> str:
        rest = self.admin.split("@", 1)[1].rsplit("/", 1)[0]
        return f"postgresql://{role}:{password}@{rest}/{database}"


@dataclass(frozen=True)
class Centre:
    owner_url: str
    app_url: str
    app_role: str
    owner_role: str

    def owner_db(self) -> Database:
        return Database(self.owner_url)

    def app_db(self) -> Database:
        return Database(self.app_url)


def cli(argv: list[str], url: str, stdin: str) -> tuple[int, str, str]:
    """The command line in-process, with its own environment, stdin and output."""
    import contextlib

    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AFTERVIEW_DATABASE_URL", url)
        patch.setattr("sys.stdin", io.StringIO(stdin))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(argv)
    return code, out.getvalue(), err.getvalue()


def init(url: str, role: str, password: str = PASSWORD) -> tuple[int, str, str]:
    return cli(["centre", "init", "--app-role", role, "--app-password-stdin"], url, password + "\n")


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_postgres_admin(), autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(scope="module")
def roles(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Roles]:
    """Set up once per module, before any test's own home exists: the command line gets a
    home of its own here, never the real one."""
    home = tmp_path_factory.mktemp("centre-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AFTERVIEW_HOME", str(home / "afterview-home"))
        patch.setenv("HOME", str(home / "no-home"))
        yield from _template()


def _template() -> Iterator[Roles]:
    tag = uuid.uuid4().hex[:10]
    owner, app, template = f"av_owner_{tag}", f"av_app_{tag}", f"av_centre_{tag}"
    found = Roles(_postgres_admin(), owner, app, template)
    admin(f"CREATE ROLE {owner} LOGIN NOSUPERUSER CREATEROLE PASSWORD 'owner'")
    admin(f"CREATE DATABASE {template} OWNER {owner}")
    try:
        code, out, err = init(found.url(owner, "owner", template), app)
        assert (code, err) == (0, ""), err
        assert f"Created the runtime role {app}." in out
        yield found
    finally:
        admin(f"DROP DATABASE IF EXISTS {template} WITH (FORCE)")
        admin(f"DROP ROLE IF EXISTS {app}")
        admin(f"DROP ROLE IF EXISTS {owner}")


@pytest.fixture
def centre(roles: Roles) -> Iterator[Centre]:
    name = f"av_copy_{uuid.uuid4().hex[:12]}"
    admin(f"CREATE DATABASE {name} TEMPLATE {roles.template} OWNER {roles.owner}")
    try:
        yield Centre(
            roles.url(roles.owner, "owner", name),
            roles.url(roles.app, PASSWORD, name),
            roles.app,
            roles.owner,
        )
    finally:
        admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def sql(url: str, account: int | None = None) -> Any:
    """A plain connection (autocommit off) as the role of ``url``, naming ``account`` for
    the transaction as the app does."""
    import psycopg
    from psycopg.rows import dict_row

    conn = psycopg.connect(url, row_factory=dict_row)
    if account is not None:
        conn.execute("SELECT set_config('app.user_id', %s, true)", (str(account),))
    return conn


SERVE_TIMEOUT_S = 60.0


@contextmanager
def serving(url: str, home: Path) -> Iterator[str]:
    """``afterview serve`` really started, in a process of its own, with
    ``AFTERVIEW_DATABASE_URL`` naming ``url``'s role, on a free loopback port; yields its
    address once ``/api/health`` answers."""
    from tests.support.dovecot import free_port

    port = free_port()
    env = {**os.environ, "AFTERVIEW_DATABASE_URL": url, "AFTERVIEW_HOME": str(home)}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    process = subprocess.Popen(
        [sys.executable, "-m", "afterview", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    address = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(address, process)
        yield address
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


def _wait_for_health(address: str, process: subprocess.Popen[bytes]) -> None:
    import httpx

    deadline = time.monotonic() + SERVE_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = process.stderr.read().decode(errors="replace") if process.stderr else ""
            pytest.fail(f"afterview serve exited ({process.returncode}):\n{said}")
        try:
            if httpx.get(f"{address}/api/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)  # between polls only: the loop ends as soon as the server answers
    pytest.fail(f"afterview serve did not answer at {address}")


@contextmanager
def served_with_a_seeker(
    centre: Centre, password: str, others: tuple[tuple[str, str], ...] = ()
) -> Iterator[str]:
    """The centre's web app served in process as its runtime role, with the seeker
    a@example.org (its search holding the panel interview) and ``others`` (email, role)
    added through `users add`; yields the address."""
    from afterview.interview_file import read_data
    from afterview.services import tracking
    from afterview.web.app import WebSettings
    from tests.acting import account
    from tests.conftest import EXAMPLES
    from tests.support.live import live

    for email, role in (("a@example.org", "seeker"), *others):
        argv = ["users", "add", email, "--role", role, "--password-stdin"]
        assert cli(argv, centre.app_url, password + "\n")[0] == 0
    with sql(centre.owner_url) as conn:
        a = conn.execute("SELECT id FROM owners WHERE email = 'a@example.org'").fetchone()["id"]
    data = read_data(EXAMPLES / "panel-interview.yaml")
    tracking.add(account(centre.app_db(), a), data, source="panel", now=ADDED)
    with live(WebSettings(centre.app_url)) as running:
        yield running.url

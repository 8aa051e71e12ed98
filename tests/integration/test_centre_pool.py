"""The web server's pool of kept PostgreSQL connections (``storage/pool.py``), as a career
centre's runtime role: a connection lent to one seeker's unit of work and then to
another's carries nothing of the first across (the account named, a session setting, an
open transaction), one whose server process was killed is replaced rather than lent, and a
pool with every connection in use answers in words (a 503) rather than queueing for ever.

A pool of one connection makes "the same physical connection" certain; the backend's
process id shows it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from afterview.storage.db import Database, StorageError
from tests.acting import account
from tests.integration.centre_support import (
    ADDED,
    Centre,
    admin,
    centre,
    cli,
    roles,
    sql,
)

__all__ = ["centre", "roles"]  # the fixtures this module's tests use

PASSWORD = "correct horse battery"
PID = "SELECT pg_backend_pid() AS pid"
NAMED = "SELECT current_setting('app.user_id', true) AS named"
ROWS = "SELECT id, owner_id FROM applications ORDER BY id"


def _owner_id(centre: Centre, email: str) -> int:
    with sql(centre.owner_url) as conn:
        row = conn.execute("SELECT id FROM owners WHERE email = %s", (email,)).fetchone()
    return int(row["id"])


@pytest.fixture
def seekers(centre: Centre) -> dict[str, Any]:
    """Seekers a (holding the panel interview) and b (holding nothing), with a token each."""
    from afterview.interview_file import read_data
    from afterview.services import tracking
    from tests.conftest import EXAMPLES

    found: dict[str, Any] = {}
    for name in ("a", "b"):
        email = f"{name}@example.org"
        argv = ["users", "add", email, "--role", "seeker", "--password-stdin"]
        assert cli(argv, centre.app_url, PASSWORD + "\n")[0] == 0
        code, out, err = cli(["users", "token", email], centre.app_url, "")
        assert (code, err) == (0, ""), err
        found[name] = _owner_id(centre, email)
        found[f"{name}_token"] = out.splitlines()[-1]
    data = read_data(EXAMPLES / "panel-interview.yaml")
    tracking.add(account(centre.app_db(), found["a"]), data, source="panel", now=ADDED)
    return found


@pytest.fixture
def pooled(centre: Centre) -> Iterator[Database]:
    """The runtime role's database lending one kept connection (0.3 s to wait for it)."""
    db = centre.app_db()
    db.use_pool(1, 0.3)
    try:
        yield db
    finally:
        db.close()


def _between(db: Database) -> dict[str, Any]:
    """The connection as the next unit of work finds it, before it names anyone."""
    with db.read() as tx:
        found = tx.one(f"{PID}, {NAMED.removeprefix('SELECT ')}")
    assert found is not None
    return found


def test_the_next_seeker_on_the_same_connection_sees_none_of_the_last_ones_rows(
    pooled: Database, seekers: dict[str, Any]
) -> None:
    with account(pooled, seekers["a"]).read() as tx:
        pid = tx.one(PID)
        rows_a = tx.all(ROWS)
    assert pid is not None
    assert rows_a
    assert {row["owner_id"] for row in rows_a} == {seekers["a"]}
    between = _between(pooled)
    assert between["pid"] == pid["pid"]  # the same physical connection
    assert between["named"] in ("", None)  # nobody is named between units of work
    with account(pooled, seekers["b"]).read() as tx:
        assert tx.one(PID) == pid
        assert tx.all(ROWS) == []
        assert tx.one(NAMED) == {"named": str(seekers["b"])}
    assert _between(pooled)["named"] in ("", None)


def test_a_session_setting_left_behind_is_reset_before_the_connection_is_lent_again(
    pooled: Database, seekers: dict[str, Any]
) -> None:
    """A mistake that named the account for the session, not the transaction, dies with
    the unit of work: the pool resets every connection handed back."""
    with account(pooled, seekers["a"]).write() as tx:
        pid = tx.one(PID)
        tx.execute("SELECT set_config('app.user_id', :who, false)", {"who": str(seekers["a"])})
    after = _between(pooled)
    assert after["pid"] == (pid or {}).get("pid")
    assert after["named"] in ("", None)
    with account(pooled, seekers["b"]).read() as tx:
        assert tx.all(ROWS) == []


def test_a_unit_of_work_that_fails_half_way_hands_back_a_clean_connection(
    pooled: Database, seekers: dict[str, Any]
) -> None:
    from psycopg import errors

    pid = _between(pooled)

    def failing_statement() -> None:
        with account(pooled, seekers["a"]).write() as tx:
            tx.execute("SELECT 1 / 0")

    def failing_code() -> None:
        with account(pooled, seekers["a"]).write() as tx:
            tx.execute("UPDATE applications SET company = 'Half-way'")
            raise LookupError("the unit of work stops here")

    with pytest.raises(errors.DivisionByZero):
        failing_statement()
    with pytest.raises(LookupError):
        failing_code()
    # A read starts with SET TRANSACTION, refused in a transaction already open.
    with account(pooled, seekers["b"]).read() as tx:
        assert tx.one(PID) == {"pid": pid["pid"]}
        assert tx.all(ROWS) == []
    assert _between(pooled)["named"] in ("", None)
    with account(pooled, seekers["a"]).read() as tx:
        companies = {row["company"] for row in tx.all("SELECT company FROM applications")}
    assert "Half-way" not in companies  # rolled back


def test_a_connection_whose_server_process_was_killed_is_replaced_not_lent(
    pooled: Database, seekers: dict[str, Any]
) -> None:
    before = _between(pooled)["pid"]
    admin(f"SELECT pg_terminate_backend({int(before)}, 5000)")  # waits until it is gone
    with account(pooled, seekers["a"]).read() as tx:
        after = tx.one(PID)
        assert tx.all(ROWS)
    assert after is not None
    assert after["pid"] != before


def _kill_every_connection(db: Database) -> set[int]:
    """Make the pool's three connections, then end their server processes."""
    with db.read() as one, db.read() as two, db.read() as three:  # all three made
        killed = {int(tx.one(PID)["pid"]) for tx in (one, two, three)}  # type: ignore[index]
    assert len(killed) == 3
    listed = ", ".join(str(pid) for pid in sorted(killed))
    admin(f"SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE pid IN ({listed})")
    return killed


def test_every_kept_connection_killed_at_once_is_replaced_and_no_unit_of_work_fails(
    centre: Centre, seekers: dict[str, Any]
) -> None:
    """A restart of the server kills every kept connection: none is checked before it is
    lent, so each unit of work meets a dead one at its ``BEGIN`` and starts again on
    another, until the pool has replaced them all; a token's look-up, sent alone without
    a ``BEGIN``, is sent again likewise."""
    from afterview.services import accounts

    db = centre.app_db()
    db.use_pool(3, 5.0)
    try:
        killed = _kill_every_connection(db)
        for _ in range(4):
            with account(db, seekers["a"]).read() as tx:
                found = tx.one(PID)
                assert tx.all(ROWS)
            assert found is not None
            assert found["pid"] not in killed
        _kill_every_connection(db)
        for _ in range(4):
            actor = accounts.token_actor(db, seekers["a_token"], now=ADDED)
            assert actor is not None
            assert (actor.account, actor.role) == (seekers["a"], "seeker")
    finally:
        db.close()


def test_a_pool_with_every_connection_in_use_says_so(
    pooled: Database, seekers: dict[str, Any]
) -> None:
    from afterview.cli.messages import word

    def second_unit_of_work() -> None:
        with account(pooled, seekers["b"]).read():
            pass  # not reached: the one connection is in use

    with account(pooled, seekers["a"]).read(), pytest.raises(StorageError) as refused:
        second_unit_of_work()
    assert refused.value.code == "database_busy"
    assert word(refused.value) == (
        "The database is busy: none of its 1 connections came free within 0.3 s (or the "
        "server is not answering); try again in a moment."
    )
    with account(pooled, seekers["b"]).read() as tx:  # handed back: lent again
        assert tx.all(ROWS) == []


def test_over_http_each_seeker_gets_their_own_rows_and_a_busy_pool_a_503(
    centre: Centre, seekers: dict[str, Any]
) -> None:
    from afterview.web.app import WebSettings
    from tests.support.live import live

    settings = WebSettings(centre.app_url, database_pool=(1, 0.3))
    with live(settings) as running, _http(running.url) as http:

        def applications(who: str) -> Any:
            headers = {"Authorization": f"Bearer {seekers[f'{who}_token']}"}
            return http.get("/api/applications", headers=headers)

        first, second = applications("a"), applications("b")
        assert first.status_code == second.status_code == 200, (first.text, second.text)
        assert len(first.json()["applications"]) == 4  # the panel example's
        assert second.json()["applications"] == []
        db = running.server.config.app.state.db
        with db.read():  # the server's one connection, held here
            busy = applications("b")
        assert busy.status_code == 503
        error = busy.json()["error"]
        assert (error["status"], error["code"]) == (503, "unavailable")
        assert error["message"].startswith("The database is busy:")
        assert applications("b").json()["applications"] == []  # and served again once it is free


def _http(base: str) -> Any:
    import httpx

    return httpx.Client(base_url=base, timeout=30)


def test_serve_refuses_a_pool_size_that_is_not_a_whole_number_above_zero(
    centre: Centre, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.support.dovecot import free_port

    monkeypatch.setenv("AFTERVIEW_DATABASE_POOL_SIZE", "0")
    code, _out, err = cli(["serve", "--port", str(free_port())], centre.app_url, "")
    assert code == 2
    assert "AFTERVIEW_DATABASE_POOL_SIZE must be a whole number above 0, not '0'." in err


def test_sqlite_keeps_a_connection_per_unit_of_work_and_never_loads_the_pool(
    tmp_path: Path,
) -> None:
    probe = (
        "import sys\n"
        "from afterview.storage.db import Database\n"
        f"db = Database('sqlite:///{tmp_path / 'a.db'}')\n"
        "db.use_pool(1, 0.1)\n"
        "for _ in range(3):\n"
        "    with db.read() as tx:\n"
        "        tx.one('SELECT 1 AS one')\n"
        "db.close()\n"
        "print('psycopg_pool' in sys.modules, db._pool is None)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]


def test_after_the_pool_is_closed_a_unit_of_work_opens_its_own_connection(
    pooled: Database, seekers: dict[str, Any]
) -> None:
    """A request still running as the server stops is served, and opens no new pool."""
    kept = _between(pooled)["pid"]
    pooled.close()
    with account(pooled, seekers["b"]).read() as tx:
        assert tx.one(PID) != {"pid": kept}
        assert tx.all(ROWS) == []
    assert pooled._pool is None

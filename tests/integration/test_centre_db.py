"""A career centre on PostgreSQL: the database itself keeps the accounts apart.

``afterview centre init`` runs through the command line, as a role that owns the database
and is no superuser (a superuser would bypass row-level security and hide mistakes in the
owner's policies and functions). The app then connects as the runtime role it set up, and
the tests check, in SQL, that this role cannot see or touch another account's rows whatever
query it runs, and that the services and the outbox worker still work as that role.

The database is initialised once per module, as a template; each test gets a copy.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from afterview.cli.messages import word
from afterview.domain.errors import AfterviewError
from afterview.interview_file import read_data
from afterview.mail import outbox_worker
from afterview.services import outbox, tracking
from afterview.storage import schema
from afterview.storage.db import StorageError, sqlite_url
from afterview.wiring import Actor, feed_actor
from tests.acting import local, worker
from tests.conftest import EXAMPLES
from tests.integration import test_accounts_apart as apart
from tests.integration.centre_support import (
    ADDED,
    PASSWORD,
    Centre,
    Roles,
    centre,
    roles,
)
from tests.integration.centre_support import cli as _cli
from tests.integration.centre_support import init as _init
from tests.integration.centre_support import sql as _sql
from tests.support.smtp import running_smtp

__all__ = ["centre", "roles"]  # the fixtures this module's tests use


def _tables(url: str) -> list[dict[str, Any]]:
    with _sql(url) as conn:
        return conn.execute(
            """SELECT c.relname AS name, c.relrowsecurity AS enabled,
                      c.relforcerowsecurity AS forced, pg_get_userbyid(c.relowner) AS owner
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname"""
        ).fetchall()


# -- the set-up -------------------------------------------------------------------------------


def test_every_table_but_alembics_has_row_level_security_enabled_and_forced(
    centre: Centre,
) -> None:
    tables = _tables(centre.owner_url)
    names = [t["name"] for t in tables]
    assert "alembic_version" in names
    assert {"owners", "applications", "centre"} <= set(names)
    unguarded = [t["name"] for t in tables if not (t["enabled"] and t["forced"])]
    assert unguarded == ["alembic_version"]


def test_the_runtime_role_logs_in_and_can_do_nothing_else(centre: Centre) -> None:
    with _sql(centre.owner_url) as conn:
        role = conn.execute(
            "SELECT * FROM pg_roles WHERE rolname = %s", (centre.app_role,)
        ).fetchone()
        owned = conn.execute(
            """SELECT relname FROM pg_class WHERE relowner = %(r)s::regrole
               UNION ALL SELECT proname FROM pg_proc WHERE proowner = %(r)s::regrole""",
            {"r": centre.app_role},
        ).fetchall()
        acts_as_owner = conn.execute(
            "SELECT pg_has_role(%s, %s, 'MEMBER') AS m", (centre.app_role, centre.owner_role)
        ).fetchone()["m"]
        writes_revision = conn.execute(
            """SELECT has_table_privilege(%(r)s, 'alembic_version', 'INSERT')
                   OR has_table_privilege(%(r)s, 'alembic_version', 'UPDATE')
                   OR has_table_privilege(%(r)s, 'alembic_version', 'DELETE')
                   OR has_table_privilege(%(r)s, 'centre', 'UPDATE') AS w,
                      has_schema_privilege(%(r)s, 'public', 'CREATE') AS c""",
            {"r": centre.app_role},
        ).fetchone()
    assert role["rolcanlogin"]
    assert not any(role[k] for k in ("rolsuper", "rolbypassrls", "rolcreatedb", "rolcreaterole"))
    assert owned == []
    assert not acts_as_owner
    assert writes_revision == {"w": False, "c": False}


def test_the_runtime_role_cannot_switch_row_level_security_off(centre: Centre) -> None:
    import psycopg

    with _sql(centre.app_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("ALTER TABLE applications NO FORCE ROW LEVEL SECURITY")


# -- isolation in SQL -------------------------------------------------------------------------


def _two_accounts(centre: Centre) -> tuple[int, int]:
    """A: the victim's full search (written as the runtime role); B: the local account's."""
    db = centre.app_db()
    victim = apart._build_victim(db)
    caller = apart._build_caller(db)
    return victim.work.actor.owner, caller.actor.owner


def _owned_tables() -> tuple[str, ...]:
    return (*apart.OWNED_TABLES, "owners")


def test_an_account_named_on_the_runtime_role_sees_and_changes_none_of_anothers_rows(
    centre: Centre,
) -> None:
    import psycopg

    a, b = _two_accounts(centre)
    with _sql(centre.owner_url) as owner:
        held = {
            t: owner.execute(
                f"SELECT COUNT(*) AS n FROM {t} WHERE {_column(t)} = %s", (a,)
            ).fetchone()["n"]
            for t in _owned_tables()
        }
    assert sum(1 for n in held.values() if n) >= 10, held  # A's search fills most tables
    for table in _owned_tables():
        column = _column(table)
        with _sql(centre.app_url, b) as conn:
            rows = conn.execute(f"SELECT * FROM {table}").fetchall()
            assert all(row[column] == b for row in rows), table
            touched = conn.execute(
                f"UPDATE {table} SET {column} = {column} WHERE {column} = %s", (a,)
            )
            assert touched.rowcount == 0, table
            assert conn.execute(f"DELETE FROM {table} WHERE {column} = %s", (a,)).rowcount == 0
        with _sql(centre.app_url, b) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"INSERT INTO {table} ({column}) VALUES (%s)", (a,))
    with _sql(centre.owner_url) as owner:
        for table, count in held.items():
            after = owner.execute(
                f"SELECT COUNT(*) AS n FROM {table} WHERE {_column(table)} = %s", (a,)
            ).fetchone()["n"]
            assert after == count, table


def _column(table: str) -> str:
    return "id" if table == "owners" else "owner_id"


def test_without_an_account_named_the_runtime_role_reads_every_table_empty(
    centre: Centre,
) -> None:
    _two_accounts(centre)
    seen = {}
    with _sql(centre.app_url) as conn:
        for table in _tables(centre.owner_url):
            if table["name"] in ("alembic_version", "centre"):  # no personal data in either
                continue
            seen[table["name"]] = conn.execute(
                f"SELECT COUNT(*) AS n FROM {table['name']}"
            ).fetchone()["n"]
    assert set(seen) == set(schema.metadata.tables) - {"centre"}  # every table was read
    assert set(seen.values()) == {0}


def test_a_connection_reused_after_a_unit_of_work_forgets_its_account(centre: Centre) -> None:
    """The setting is transaction-local: the next transaction on the same connection (a
    pinned worker round) reads nothing until it names an account itself."""
    a, _ = _two_accounts(centre)
    with _sql(centre.app_url, a) as conn:
        assert conn.execute("SELECT COUNT(*) AS n FROM applications").fetchone()["n"] > 0
        conn.commit()
        assert conn.execute("SELECT COUNT(*) AS n FROM applications").fetchone()["n"] == 0


# -- the app as the runtime role --------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(apart.DRIVERS))
def test_every_service_keeps_the_accounts_apart_as_the_runtime_role(
    centre: Centre, tmp_path: Path, name: str
) -> None:
    db = centre.app_db()
    as_owner = centre.owner_db()
    victim = apart._build_victim(db)
    caller = apart._build_caller(db)
    assert db.centre
    before = apart._rows_of(as_owner, victim.work.actor.owner)
    try:
        said = apart._text_of(apart.DRIVERS[name](caller, victim, tmp_path))
    except AfterviewError as exc:
        said = str(exc)
    assert not [w for w in apart.WORDS if w in said.casefold()], said[:500]
    assert apart._rows_of(as_owner, victim.work.actor.owner) == before
    assert feed_actor(db, victim.token) == Actor.seeker(victim.work.actor.owner)
    assert feed_actor(db, victim.token[:-1] + "x") is None


def test_the_outbox_worker_sends_each_accounts_due_mail_once_as_the_runtime_role(
    centre: Centre,
) -> None:
    from afterview.storage.work import create_account
    from tests.acting import account

    db = centre.app_db()
    with db.transaction() as tx:
        other = account(db, create_account(tx, "second", ADDED))
    due = ADDED + timedelta(days=1)
    expected = set()
    for work in (local(db), other):
        added = tracking.add(
            work, read_data(EXAMPLES / "panel-interview.yaml"), source="t", now=ADDED
        )
        app_id = added.replanned.application_id
        for person in ("Tom Becker", "Ana López"):
            note = outbox.approve(work, app_id, kind="thank_you", to=person, send_at=due, now=ADDED)
            expected.add(outbox.header_id(work, note.id))
    with running_smtp() as mail:
        first = outbox_worker.deliver(worker(db), mail.server(), clock=lambda: due)
        again = outbox_worker.deliver(worker(db), mail.server(), clock=lambda: due)
        received = [m.message_id for m in mail.received]
    assert sorted(received) == sorted(expected)
    assert len(expected) == 4
    assert (first.counts["sent"], again.counts["sent"], first.problems) == (4, 0, [])
    with _sql(centre.owner_url) as conn:
        statuses = conn.execute("SELECT owner_id, status FROM messages").fetchall()
    assert {(r["owner_id"], r["status"]) for r in statuses} == {
        (local(db).actor.owner, "sent"),
        (other.actor.owner, "sent"),
    }


def test_the_runtime_role_may_not_migrate_and_says_who_may(centre: Centre) -> None:
    with _sql(centre.owner_url) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0011'")
        conn.commit()
    with pytest.raises(StorageError) as raised:
        centre.app_db().ensure_schema()
    assert "at schema revision 0011" in str(raised.value)
    assert "***" in str(raised.value)
    assert PASSWORD not in str(raised.value)
    assert "afterview centre init" in word(raised.value)


def test_a_server_behind_the_schema_says_so_on_its_pages_and_api(centre: Centre) -> None:
    """A centre upgraded without ``centre init``: every page and API answer says what to
    run, in the one error shape (503), rather than failing while writing its error page."""
    import httpx

    from afterview.web.app import WebSettings
    from tests.support.live import live

    with _sql(centre.owner_url) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0011'")
        conn.commit()
    with live(WebSettings(centre.app_url)) as running:
        page = httpx.get(f"{running.url}/sign-in")
        api = httpx.get(f"{running.url}/api/applications")
    assert page.status_code == 503
    assert "at schema revision 0011" in page.text
    assert "administrator upgrades the database" in page.text
    assert "Traceback" not in page.text
    assert api.status_code == 503
    assert api.json()["error"]["code"] == "unavailable"
    assert "administrator upgrades" in api.json()["error"]["message"]


# -- running it again -------------------------------------------------------------------------


def _security(url: str) -> dict[str, Any]:
    """Everything centre init decides: the policies, the privileges, the flags."""
    with _sql(url) as conn:
        return {
            "policies": conn.execute(
                "SELECT tablename, policyname, roles::text, cmd, qual, with_check FROM pg_policies"
                " ORDER BY 1, 2"
            ).fetchall(),
            "grants": conn.execute(
                """SELECT table_name, grantee, privilege_type
                   FROM information_schema.table_privileges
                   WHERE table_schema = 'public' ORDER BY 1, 2, 3"""
            ).fetchall(),
            "tables": _tables(url),
        }


def test_init_again_changes_nothing_and_guards_a_table_added_since(
    centre: Centre, roles: Roles
) -> None:
    before = _security(centre.owner_url)
    code, out, err = _init(centre.owner_url, centre.app_role, "a-new-password")
    assert (code, err) == (0, "")
    assert f"Updated the runtime role {centre.app_role}" in out
    assert _security(centre.owner_url) == before
    with _sql(centre.owner_url) as conn:
        conn.execute("CREATE TABLE later (id serial PRIMARY KEY, owner_id integer NOT NULL)")
        conn.execute("CREATE TABLE loose (id serial PRIMARY KEY, note text)")
        conn.execute("INSERT INTO later (owner_id) VALUES (1), (2)")
        conn.commit()
    code, out, err = _init(centre.owner_url, centre.app_role, "a-new-password")
    assert (code, err) == (0, "")
    closed = out.split("until they get a rule: ", 1)[1].split("\n", 1)[0].rstrip(".")
    assert "loose" in closed.split(", ")
    assert "later" not in closed.split(", ")
    tables = {t["name"]: t for t in _tables(centre.owner_url)}
    assert tables["later"]["forced"]
    assert tables["loose"]["forced"]
    new_url = centre.app_url.replace(PASSWORD, "a-new-password")
    with _sql(new_url, 2) as conn:
        assert conn.execute("SELECT owner_id FROM later").fetchall() == [{"owner_id": 2}]
        conn.execute("INSERT INTO later (owner_id) VALUES (2)")  # the sequence is usable
        assert conn.execute("SELECT COUNT(*) AS n FROM loose").fetchone()["n"] == 0


def test_init_refuses_the_owner_as_its_own_runtime_role(centre: Centre) -> None:
    code, out, err = _init(centre.owner_url, centre.owner_role)
    assert code == 2
    assert out == ""
    assert "must be a role of its own" in err
    with _sql(centre.owner_url):  # the owner's password is unchanged
        pass


# -- what the command refuses -----------------------------------------------------------------


def test_on_sqlite_init_says_so_in_one_sentence(tmp_path: Path) -> None:
    code, out, err = _init(sqlite_url(tmp_path / "a.db"), "app")
    assert (code, out) == (2, "")
    assert err == (
        "afterview: A career centre runs on PostgreSQL only; this database is a SQLite file.\n"
    )
    assert not (tmp_path / "a.db").exists()


@pytest.mark.parametrize(
    ("argv_tail", "stdin", "says"),
    [
        (["--app-password-stdin"], "\n", "password is empty"),
        ([], "secret\n", "read from standard input"),
    ],
)
def test_init_wants_a_password_on_standard_input(
    centre: Centre, argv_tail: list[str], stdin: str, says: str
) -> None:
    code, out, err = _cli(
        ["centre", "init", "--app-role", "av_never_made", *argv_tail], centre.owner_url, stdin
    )
    assert (code, out) == (2, "")
    assert says in err
    assert err.count("\n") == 1

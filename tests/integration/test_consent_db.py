"""Consent in a career centre, in SQL: connected as the runtime role with ``app.user_id``
naming the counsellor C, a seeker A's rows exist only while A's grant to C stands, and
then only for reading; the access log takes entries and never loses one; the notes and the
grants keep to their rules. Then every service test of test_consent.py again, as the
runtime role (the database's policies and the services' own checks together).
"""

from __future__ import annotations

from typing import Any

import psycopg
import pytest

from afterview.services import consent, tracking
from afterview.storage.centre import COUNSELLOR_READS
from tests.integration import centre_support as base
from tests.integration.test_consent import (  # noqa: F401 -- run again here, in a centre
    ADDED,
    NOW,
    People,
    add_people,
    interview,
    people,
    test_a_counsellor_never_writes_a_seekers_search,
    test_a_counsellor_reads_a_seekers_search_only_while_a_grant_stands,
    test_a_seeker_has_no_caseload,
    test_granting_names_a_counsellor_and_records_the_notice,
    test_notes_private_and_shared,
    test_only_the_seeker_revokes_their_own_grant_and_only_once,
    test_the_access_log_names_each_read_and_each_change,
    test_the_caseload_lists_each_granting_seeker_by_need,
    test_the_caseload_read_either_way_answers_as_each_signal_alone,
)

roles = base.roles
centre = base.centre
CONSENT = ("grants", "access_log", "counsellor_notes")


@pytest.fixture
def trio(centre: base.Centre) -> People:
    """A, B and C, made as ``users add`` makes them (the owner, naming nobody); the app
    then acts as the runtime role."""
    app = centre.app_db()
    found = People(app, *add_people(centre.owner_db()))
    app.ensure_schema()
    assert app.centre
    return found


@pytest.fixture
def searches(trio: People) -> People:
    for seeker, company in ((trio.a, "Zorblatt"), (trio.b, "Quillfeather")):
        work = trio.seeker(seeker)
        added = tracking.add(work, interview(company), source="t", now=ADDED)
        entry = {"kind": "follow_up", "at": NOW.isoformat()}
        tracking.log(work, added.replanned.application_id, entry, now=NOW)
    return trio


def _as(centre: base.Centre, account: int | None) -> Any:
    return base.sql(centre.app_url, account)


def _count(conn: Any, table: str, where: str = "true", *args: Any) -> int:
    return int(
        conn.execute(f"SELECT COUNT(*) AS n FROM {table} WHERE {where}", args).fetchone()["n"]
    )


def _owned_tables(conn: Any) -> list[str]:
    return [
        r["table_name"]
        for r in conn.execute(
            """SELECT table_name FROM information_schema.columns
               WHERE table_schema = 'public' AND column_name = 'owner_id' ORDER BY 1"""
        ).fetchall()
    ]


def test_a_counsellor_reads_the_granted_tables_only_while_the_grant_stands(
    centre: base.Centre, searches: People
) -> None:
    a, c = searches.a, searches.c
    with _as(centre, c) as conn:
        assert _count(conn, "applications") == 0
    grant = consent.grant(searches.seeker(a), "c@example.org", now=NOW)
    with _as(centre, c) as conn:
        tables = _owned_tables(conn)
        seen = {t: _count(conn, t, "owner_id = %s", a) for t in tables}
        assert _count(conn, "applications", "owner_id <> %s", a) == 0  # B stays hidden
        assert _count(conn, "owners", "id <> %s", c) == 0  # an account sees its own row
    assert set(COUNSELLOR_READS) <= set(tables)
    assert {t for t, n in seen.items() if n} == set(COUNSELLOR_READS)
    consent.revoke(searches.seeker(a), grant, now=NOW)
    with _as(centre, c) as conn:
        assert {t: _count(conn, t, "owner_id = %s", a) for t in tables} == dict.fromkeys(tables, 0)


def test_a_counsellor_granted_access_cannot_change_a_row_of_it(
    centre: base.Centre, searches: People
) -> None:
    a, c = searches.a, searches.c
    consent.grant(searches.seeker(a), "c@example.org", now=NOW)
    for table in COUNSELLOR_READS:
        with _as(centre, c) as conn:
            assert _count(conn, table, "owner_id = %s", a) > 0, table
            changed = conn.execute(
                f"UPDATE {table} SET owner_id = owner_id WHERE owner_id = %s", (a,)
            )
            assert changed.rowcount == 0, table
            assert conn.execute(f"DELETE FROM {table} WHERE owner_id = %s", (a,)).rowcount == 0
        with _as(centre, c) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f"INSERT INTO {table} (owner_id) VALUES (%s)", (a,))


def test_the_access_log_takes_entries_and_never_loses_one(
    centre: base.Centre, searches: People
) -> None:
    a, b, c = searches.a, searches.b, searches.c
    grant = consent.grant(searches.seeker(a), "c@example.org", now=NOW)
    with _as(centre, a) as conn:
        assert _count(conn, "access_log") == 1
    for statement in ("UPDATE access_log SET action = 'x'", "DELETE FROM access_log"):
        for account in (a, c):
            with _as(centre, account) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    insert = """INSERT INTO access_log (seeker_id, actor_id, actor_email, action, at)
                VALUES (%s, %s, 'x', 'read', now())"""
    with _as(centre, c) as conn:
        assert _count(conn, "access_log") == 0  # the seeker reads it, not the counsellor
        conn.execute(insert, (a, c))  # a read while the grant stands
        conn.commit()
    for seeker, actor in ((b, c), (a, a)):  # no grant from B; C writing as A
        with _as(centre, c) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(insert, (seeker, actor))
    consent.revoke(searches.seeker(a), grant, now=NOW)
    with _as(centre, c) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(insert, (a, c))
    with _as(centre, a) as conn:
        assert [r["action"] for r in conn.execute("SELECT action FROM access_log ORDER BY id")] == [
            "granted",
            "read",
            "revoked",
        ]
    with _as(centre, b) as conn:
        assert _count(conn, "access_log") == 0


def test_grants_are_the_seekers_to_give_and_take_back(
    centre: base.Centre, searches: People
) -> None:
    a, b, c = searches.a, searches.b, searches.c
    grant = consent.grant(searches.seeker(a), "c@example.org", now=NOW)
    consent.revoke(searches.seeker(a), grant, now=NOW)
    with _as(centre, c) as conn:
        assert _count(conn, "grants", "revoked_at IS NOT NULL") == 1  # naming C: seen
        restored = conn.execute("UPDATE grants SET revoked_at = NULL WHERE seeker_id = %s", (a,))
        assert restored.rowcount == 0
    insert = """INSERT INTO grants (seeker_id, counsellor_id, notice_version, granted_at)
                VALUES (%s, %s, 'v', now())"""
    for account in (c, b):
        with _as(centre, account) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(insert, (a, c))
    with _as(centre, b) as conn:
        assert _count(conn, "grants") == 0
    with _as(centre, a) as conn:
        assert conn.execute("DELETE FROM grants").rowcount == 0  # kept for the log
        assert _count(conn, "grants", "revoked_at IS NOT NULL") == 1


def test_notes_keep_to_author_seeker_and_grant(centre: base.Centre, searches: People) -> None:
    a, b, c = searches.a, searches.b, searches.c
    grant = consent.grant(searches.seeker(a), "c@example.org", now=NOW)
    insert = """INSERT INTO counsellor_notes (seeker_id, author_id, shared, body, created_at)
                VALUES (%s, %s, %s, %s, now())"""
    with _as(centre, c) as conn:
        conn.execute(insert, (a, c, False, "private"))
        conn.execute(insert, (a, c, True, "shared"))
        conn.commit()
    with _as(centre, a) as conn:
        assert [r["body"] for r in conn.execute("SELECT body FROM counsellor_notes")] == ["shared"]
        assert conn.execute("UPDATE counsellor_notes SET body = 'mine'").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(insert, (a, a, True, "as the seeker"))
    with _as(centre, b) as conn:
        assert _count(conn, "counsellor_notes") == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(insert, (a, b, True, "not granted"))
    consent.revoke(searches.seeker(a), grant, now=NOW)
    with _as(centre, c) as conn:
        assert _count(conn, "counsellor_notes") == 2  # the author keeps their notes
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(insert, (a, c, False, "after revocation"))


def test_the_look_ups_across_accounts_answer_for_the_account_named_only(
    centre: base.Centre, searches: People
) -> None:
    a, b, c = searches.a, searches.b, searches.c
    consent.grant(searches.seeker(a), "c@example.org", now=NOW)
    parties = "SELECT party, address FROM app_grant_parties() ORDER BY party"
    with _as(centre, a) as conn:
        assert conn.execute(parties).fetchall() == [{"party": c, "address": "c@example.org"}]
        assert conn.execute("SELECT app_acting_account() AS me").fetchone() == {"me": a}
        found = "SELECT app_counsellor_id(%s) AS id"
        assert conn.execute(found, ("c@example.org",)).fetchone() == {"id": c}
        assert conn.execute(found, ("b@example.org",)).fetchone() == {"id": None}
        assert _count(conn, "owners", "id <> %s", a) == 0  # named again after each call
    with _as(centre, c) as conn:
        assert conn.execute(parties).fetchall() == [{"party": a, "address": "a@example.org"}]
    with _as(centre, b) as conn:
        assert conn.execute(parties).fetchall() == []
    with _as(centre, None) as conn:
        assert conn.execute(parties).fetchall() == []
        assert conn.execute("SELECT app_counsellor_id('c@example.org') AS id").fetchone() == {
            "id": None
        }

"""Each account's data revision in a career centre (``storage/revision.py``, migration
0017): a seeker's write moves their own revision and nobody else's, a counsellor's moves
with the seekers who grant them access and with the grants, whoever writes and through
whatever connection; the counters keep to row-level security like every other table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from afterview.services import caseload, consent, tracking
from afterview.storage.revision import Revision
from afterview.web.cache import owner_of
from tests.integration import centre_support as base
from tests.integration.test_consent import ADDED, NOW, People, add_people, interview

roles = base.roles
centre = base.centre


@pytest.fixture
def trio(centre: base.Centre) -> People:
    """Seekers A and B and counsellor C, made as ``users add`` makes them; the app then
    acts as the runtime role."""
    app = centre.app_db()
    found = People(app, *add_people(centre.owner_db()))
    app.ensure_schema()
    assert app.centre
    return found


@pytest.fixture
def revision(trio: People) -> Iterator[Revision]:
    """The app's watch, as the runtime role, on a connection of its own: every write
    below goes through connections the services open for themselves."""
    watch = Revision(trio.db)
    yield watch
    watch.close()


def add(people: People, seeker: int, company: str) -> None:
    tracking.add(people.seeker(seeker), interview(company), source="t", now=ADDED)


def test_a_seekers_write_moves_their_revision_and_no_one_elses(
    trio: People, revision: Revision
) -> None:
    a, b = revision.current(trio.a), revision.current(trio.b)
    c = revision.current(trio.c)
    add(trio, trio.b, "Quillfeather")
    assert revision.current(trio.a) == a
    assert revision.current(trio.c) == c
    assert revision.current(trio.b) != b
    add(trio, trio.a, "Zorblatt")
    assert revision.current(trio.a) != a
    assert revision.current(trio.a) == revision.current(trio.a)  # read again: unchanged


def test_a_write_in_sql_on_a_connection_of_its_own_moves_it(
    centre: base.Centre, trio: People, revision: Revision
) -> None:
    """Whoever writes: here the owner role in a SQL console, naming no account."""
    add(trio, trio.a, "Zorblatt")
    a, b = revision.current(trio.a), revision.current(trio.b)
    with base.sql(centre.owner_url) as conn:
        conn.execute("UPDATE applications SET role = 'Lead' WHERE owner_id = %s", (trio.a,))
        assert revision.current(trio.a) == a  # not committed yet
    assert revision.current(trio.a) != a
    assert revision.current(trio.b) == b


def test_a_counsellors_revision_moves_with_the_grants_and_the_granting_seekers(
    trio: People, revision: Revision
) -> None:
    add(trio, trio.a, "Zorblatt")
    before = revision.current(trio.c)
    granted = consent.grant(trio.seeker(trio.a), "c@example.org", now=NOW)
    after_grant = revision.current(trio.c)
    assert after_grant != before

    add(trio, trio.b, "Quillfeather")  # B grants C nothing
    assert revision.current(trio.c) == after_grant
    add(trio, trio.a, "Brightwater")  # A does
    moved = revision.current(trio.c)
    assert moved != after_grant

    consent.revoke(trio.seeker(trio.a), granted, now=NOW)
    revoked = revision.current(trio.c)
    assert revoked != moved
    add(trio, trio.a, "Northwind")  # no longer C's to see
    assert revision.current(trio.c) == revoked


def test_a_counsellors_read_leaves_the_seekers_revision_alone(
    trio: People, revision: Revision
) -> None:
    """The access log takes an entry for every read and is shown only by a page read
    afresh: reading a caseload does not throw away the seekers' kept pages."""
    add(trio, trio.a, "Zorblatt")
    consent.grant(trio.seeker(trio.a), "c@example.org", now=NOW)
    a = revision.current(trio.a)
    assert [case.seeker for case in caseload.caseload(trio.counsellor(), now=NOW)] == [trio.a]
    assert revision.current(trio.a) == a


def test_a_note_moves_the_seekers_revision_and_the_authors(
    trio: People, revision: Revision
) -> None:
    consent.grant(trio.seeker(trio.a), "c@example.org", now=NOW)
    a, c = revision.current(trio.a), revision.current(trio.c)
    consent.add_note(trio.counsellor(), trio.a, "Call on Monday", shared=True, now=NOW)
    assert revision.current(trio.a) != a
    assert revision.current(trio.c) != c


def _as(centre: base.Centre, account: int | None) -> Any:
    return base.sql(centre.app_url, account)


def test_the_counters_keep_to_row_level_security(centre: base.Centre, trio: People) -> None:
    add(trio, trio.a, "Zorblatt")
    add(trio, trio.b, "Quillfeather")
    with _as(centre, trio.b) as conn:
        seen = [r["account_id"] for r in conn.execute("SELECT * FROM data_revisions")]
        assert seen == [trio.b]
    with _as(centre, trio.c) as conn:  # no grant yet: the counsellor's own only
        seen = [r["account_id"] for r in conn.execute("SELECT * FROM data_revisions")]
        assert seen == [trio.c]  # made with the account's row
    consent.grant(trio.seeker(trio.a), "c@example.org", now=NOW)
    with _as(centre, trio.c) as conn:
        seen = sorted(r["account_id"] for r in conn.execute("SELECT * FROM data_revisions"))
        assert seen == sorted([trio.a, trio.c])
    with _as(centre, None) as conn:
        assert conn.execute("SELECT * FROM data_revisions").fetchall() == []
    for statement in (
        "UPDATE data_revisions SET n = n + 1",
        "DELETE FROM data_revisions",
        f"INSERT INTO data_revisions (account_id, n) VALUES ({trio.a}, 0)",
    ):
        with _as(centre, trio.b) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement)


def test_every_table_holding_an_accounts_rows_bumps_its_counters(centre: base.Centre) -> None:
    """A table added later must get the triggers in its migration, or its writes would
    leave kept pages stale: this lists them from the catalogue."""
    with base.sql(centre.owner_url) as conn:
        owned = {
            r["table_name"]
            for r in conn.execute(
                """SELECT table_name FROM information_schema.columns
                   WHERE table_schema = 'public' AND column_name = 'owner_id'"""
            )
        }
        triggers: dict[str, set[str]] = {}
        for r in conn.execute(
            """SELECT event_object_table AS t, event_manipulation AS e
               FROM information_schema.triggers
               WHERE action_statement LIKE '%app_data_changed%'"""
        ):
            triggers.setdefault(r["t"], set()).add(r["e"])
    unwatched = {"web_sessions", "access_log", "api_tokens"}  # see migration 0017
    wanted = owned - unwatched | {"owners", "grants", "counsellor_notes"}
    assert set(triggers) == wanted
    assert all(events == {"INSERT", "UPDATE", "DELETE"} for events in triggers.values())


def test_a_kept_value_is_kept_against_the_account_its_key_names() -> None:
    assert owner_of(7) == 7
    assert owner_of((7, 3, "x")) == 7
    assert owner_of(("x", 7)) is None  # names no account: every write counts
    assert owner_of((True, 1)) is None
    assert owner_of(()) is None

"""Importing an archive: checked whole first, refused whole, stored in bulk."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from afterview.domain.errors import InputError
from afterview.interview_file import read_data
from afterview.services import tracking, transfer
from afterview.storage.db import Database, sqlite_url
from tests.acting import local
from tests.conftest import EXAMPLES

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def fill(db: Database) -> dict[str, Any]:
    for name in ("panel-interview", "phone-screen", "after-rejection"):
        tracking.add(local(db), read_data(EXAMPLES / f"{name}.yaml"), source=name, now=NOW)
    return transfer.export_data(local(db), now=NOW)


@pytest.fixture
def exported(db: Database) -> dict[str, Any]:
    """The examples stored and exported, on SQLite and on PostgreSQL."""
    return fill(db)


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Database:
    """SQLite only: the checks run before any database is touched."""
    return Database(sqlite_url(tmp_path / "local.db"))


def cell(doc: dict[str, Any], table: str, row: int, column: str) -> tuple[list[Any], int]:
    entry = doc["tables"][table]
    return entry["rows"][row], entry["columns"].index(column)


def spoil(doc: dict[str, Any], table: str, row: int, column: str, value: Any) -> dict[str, Any]:
    spoiled = copy.deepcopy(doc)
    values, at = cell(spoiled, table, row, column)
    values[at] = value
    return spoiled


def refused(db: Database, doc: dict[str, Any]) -> str:
    before = transfer.export_data(local(db), now=NOW)
    with pytest.raises(InputError) as caught:
        transfer.import_json(local(db), json.dumps(doc), now=NOW)
    assert transfer.export_data(local(db), now=NOW) == before  # nothing stored
    message = str(caught.value)
    assert message.startswith("the archive was not imported, nothing was stored: ")
    return message


SPOILED = [
    ("applications", 1, "id", 1, "tables.applications.rows[1].id: id 1 is given twice"),
    ("interviews", 1, "id", 1, "tables.interviews.rows[1].id: id 1 is given twice"),
    ("applications", 0, "status", "hired", "rows[0].status: 'hired' is not a value afterview"),
    ("actions", 3, "kind", "bribe", "tables.actions.rows[3].kind: 'bribe' is not a value"),
    ("actions", 2, "status", "maybe", "tables.actions.rows[2].status: 'maybe'"),
    ("interviews", 0, "start_at", "2026-02-30T10:00:00Z", "rows[0].start_at: not a time"),
    ("interviews", 0, "end_at", "tomorrow", "tables.interviews.rows[0].end_at: not a time"),
    ("actions", 0, "due", "2026-11-20T14:00:00+02:00", "tables.actions.rows[0].due: not a time"),
    ("applications", 0, "applied_on", "2026-13-01", "tables.applications.rows[0].applied_on"),
    ("interviews", 0, "panel", "{not json", "rows[0].panel: not a list of people"),
    ("interviews", 0, "panel", '[{"title": "CTO"}]', "rows[0].panel: not a list of people"),
    ("interviews", 0, "panel", '"Priya"', "rows[0].panel: not a list of people"),
    ("interviews", 0, "notes", "[]", "tables.interviews.rows[0].notes: not the JSON"),
    ("interviews", 0, "timezone", "Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
    ("interviews", 0, "round", 0, "tables.interviews.rows[0].round: expected `int` >= 1"),
    ("interviews", 0, "application_id", 99, "rows[0].application_id: 99 names no application"),
    ("actions", 0, "interview_id", 99, "tables.actions.rows[0].interview_id: 99 names no"),
    ("history", 0, "at", None, "tables.history.rows[0].at: expected `str`, got `null`"),
    ("applications", 0, "company", ["Acme"], "rows[0].company: expected `str`, got `array`"),
    ("applications", 0, "on_paper", "yes", "rows[0].on_paper: expected `bool`"),
]


@pytest.mark.parametrize(
    ("table", "row", "column", "value", "message"), SPOILED, ids=[s[-1] for s in SPOILED]
)
def test_a_spoiled_archive_is_refused_whole_naming_the_problem(
    sqlite_db: Database, table: str, row: int, column: str, value: Any, message: str
) -> None:
    assert message in refused(sqlite_db, spoil(fill(sqlite_db), table, row, column, value))


def test_an_actions_interview_from_another_application_is_refused(sqlite_db: Database) -> None:
    exported = fill(sqlite_db)
    values, at = cell(exported, "actions", 0, "application_id")
    other = next(r[0] for r in exported["tables"]["applications"]["rows"] if r[0] != values[at])
    message = refused(sqlite_db, spoil(exported, "actions", 0, "application_id", other))
    assert "tables.actions.rows[0].interview_id: interview 1 belongs to another application" in (
        message
    )


def test_a_plan_step_given_twice_is_refused(sqlite_db: Database) -> None:
    spoiled = fill(sqlite_db)
    rows = spoiled["tables"]["actions"]["rows"]
    rows.append(list(rows[0]))
    message = refused(sqlite_db, spoiled)
    assert f"tables.actions.rows[{len(rows) - 1}].key: interview 1 has the step" in message


def test_the_first_problems_are_named_and_the_rest_counted(sqlite_db: Database) -> None:
    spoiled = fill(sqlite_db)
    rows = spoiled["tables"]["interviews"]["rows"]
    at = spoiled["tables"]["interviews"]["columns"].index("panel")
    for row in rows:
        row[at] = "nobody"
    spoiled["tables"]["interviews"]["rows"] = rows * 3  # ids given twice as well
    message = refused(sqlite_db, spoiled)
    assert message.count("tables.interviews.rows[") == 3
    assert f"(and {len(rows) * 2 + len(rows) * 3 - 3} more)" in message  # ids, panels


def test_a_refused_archive_leaves_an_empty_database_empty(
    db: Database, exported: dict[str, Any], tmp_path: Path
) -> None:
    doc = spoil(exported, "history", 0, "channel", "pigeon")
    with local(db).write() as tx:  # an empty database, for both dialects
        tx.execute("DELETE FROM applications")
        tx.execute("DELETE FROM candidates")
    with pytest.raises(InputError, match=r"tables\.history\.rows\[0\]\.channel: 'pigeon'"):
        transfer.import_json(local(db), json.dumps(doc), now=NOW)
    with local(db).read() as tx:
        assert tx.one("SELECT COUNT(*) AS n FROM applications") == {"n": 0}
        assert tx.one("SELECT COUNT(*) AS n FROM candidates") == {"n": 0}


def test_a_nul_character_is_refused_before_the_database_sees_it(
    db: Database, exported: dict[str, Any]
) -> None:
    message = refused(db, spoil(exported, "applications", 0, "notes", "a\u0000b"))
    assert "NUL character" in message


def test_a_good_archive_imports_in_bulk_next_to_what_is_there(
    db: Database, exported: dict[str, Any]
) -> None:
    added = transfer.import_json(local(db), json.dumps(exported), now=NOW)
    assert added == len(exported["tables"]["applications"]["rows"])
    twice = transfer.export_data(local(db), now=NOW)["tables"]
    for table in ("applications", "interviews", "actions", "history"):
        rows = exported["tables"][table]["rows"]
        assert len(twice[table]["rows"]) == 2 * len(rows), table
    # the copies link to their own new rows: the second half mirrors the first
    n_apps = len(exported["tables"]["applications"]["rows"])
    n_ivs = len(exported["tables"]["interviews"]["rows"])
    shifted = [[r[0] + n_apps, r[1] + n_ivs, *r[2:]] for r in exported["tables"]["actions"]["rows"]]
    assert twice["actions"]["rows"][len(shifted) :] == shifted


def test_an_imported_archives_questions_join_the_bank_as_it_is_stored(
    exported: dict[str, Any], sqlite_db: Database
) -> None:
    transfer.import_json(local(sqlite_db), json.dumps(exported), now=NOW)
    with sqlite_db.read() as tx:  # read straight from the index: nothing has read the bank yet
        rows = tx.all("SELECT text, group_id FROM questions")
    entry = exported["tables"]["interviews"]
    notes = [json.loads(r[entry["columns"].index("notes")]) for r in entry["rows"]]
    asked = [q["q"] for n in notes for q in n.get("questions") or []]
    assert asked
    assert sorted(r["text"] for r in rows) == sorted(asked)
    assert all(r["group_id"] is not None for r in rows)


def test_a_sound_archive_is_read_in_one_typed_pass(exported: dict[str, Any]) -> None:
    from afterview.services import archive_check

    quick = archive_check.decode(json.dumps(exported))
    assert quick is not None
    tables, candidate = quick
    assert candidate is not None
    assert {k: v for k, v in candidate.items() if v is not None} == exported["candidate"]
    for table, entry in exported["tables"].items():
        assert [list(row) for row in tables[table]] == entry["rows"], table
    spoiled = spoil(exported, "applications", 0, "status", "hired")
    assert archive_check.decode(json.dumps(spoiled)) is None  # read again to name it


# -- stored in bulk: large tables without their indexes, ids moved by the database ------------


def _indexes(db: Database) -> list[tuple[str, str]]:
    """Every index of the database with its definition, as the server keeps it."""
    with local(db).read() as tx:
        if db.dialect == "sqlite":
            rows = tx.all("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")
            return [(r["name"], r["sql"]) for r in rows]
        rows = tx.all(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "ORDER BY indexname"
        )
        return [(r["indexname"], r["indexdef"]) for r in rows]


def _counts(db: Database) -> dict[str, int]:
    tables = ("applications", "interviews", "actions", "history", "questions")
    with local(db).read() as tx:
        return {t: tx.all(f"SELECT COUNT(*) AS n FROM {t}")[0]["n"] for t in tables}


def test_a_large_import_builds_the_indexes_it_dropped_again(
    db: Database, exported: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from afterview.storage import archive_repo

    monkeypatch.setattr(archive_repo, "BULK_ROWS", 1)  # every table counts as large
    before = _indexes(db)
    transfer.import_json(local(db), json.dumps(exported), now=NOW)
    assert _indexes(db) == before
    twice = transfer.export_data(local(db), now=NOW)["tables"]
    for table in ("applications", "interviews", "actions", "history"):
        assert len(twice[table]["rows"]) == 2 * len(exported["tables"][table]["rows"]), table
    if db.path is not None:
        with local(db).read() as tx:
            assert tx.one("PRAGMA integrity_check") == {"integrity_check": "ok"}


def test_an_import_failing_without_its_indexes_leaves_them_and_the_data_as_they_were(
    db: Database, exported: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from afterview.storage import archive_repo

    monkeypatch.setattr(archive_repo, "BULK_ROWS", 1)
    real = archive_repo.Tx.insert_rows

    def failing(tx: Any, table: str, *args: Any, **kwargs: Any) -> None:
        if table == "history":  # after the plan steps went in, their indexes dropped
            raise OSError("disk full")
        real(tx, table, *args, **kwargs)

    monkeypatch.setattr(archive_repo.Tx, "insert_rows", failing)
    indexes, counts = _indexes(db), _counts(db)
    with pytest.raises(OSError, match="disk full"):
        transfer.import_json(local(db), json.dumps(exported), now=NOW)
    assert _indexes(db) == indexes
    assert _counts(db) == counts


def test_a_small_import_keeps_the_indexes(
    sqlite_db: Database, exported: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from afterview.storage import archive_repo

    dropped: list[Any] = []
    real = archive_repo._drop_indexes
    monkeypatch.setattr(
        archive_repo, "_drop_indexes", lambda tx, t: dropped.extend(t) or real(tx, t)
    )
    transfer.import_json(local(sqlite_db), json.dumps(exported), now=NOW)
    assert dropped == []


def _relabelled(doc: dict[str, Any]) -> dict[str, Any]:
    """The archive with the first two applications' ids swapped, and the first two
    interviews', every link following: the same search, its ids no longer in order."""
    out = copy.deepcopy(doc)
    swap = {1: 2, 2: 1}
    for table, entry in out["tables"].items():
        columns = entry["columns"]
        links = ("application_id", "interview_id", "action_interview_id")
        swapped = [c for c in links if c in columns]
        if table in ("applications", "interviews"):
            swapped.append("id")
        for name in swapped:
            at = columns.index(name)
            for row in entry["rows"]:
                row[at] = swap.get(row[at], row[at])
    return out


def test_an_archive_whose_ids_are_not_in_order_links_every_row_to_its_own(
    db: Database, exported: dict[str, Any]
) -> None:
    with local(db).write() as tx:  # an empty database, for both dialects
        tx.execute("DELETE FROM applications")
    relabelled = _relabelled(exported)
    assert relabelled["tables"]["applications"]["rows"][0][0] == 2
    transfer.import_json(local(db), json.dumps(relabelled), now=NOW)
    again = transfer.export_data(local(db), now=NOW)
    assert again["tables"] == exported["tables"]


# -- the file's bytes, as the command reads them ------------------------------------------------


def test_an_archive_read_as_bytes_imports_as_its_text_does(
    sqlite_db: Database, exported: dict[str, Any]
) -> None:
    data = json.dumps(exported, ensure_ascii=False).encode()
    transfer.import_json(local(sqlite_db), b"\xef\xbb\xbf" + data, now=NOW)  # a BOM too
    assert transfer.export_data(local(sqlite_db), now=NOW)["tables"] == exported["tables"]


def test_bytes_that_are_not_utf8_are_refused_naming_where(
    sqlite_db: Database, exported: dict[str, Any]
) -> None:
    text = json.dumps(spoil(exported, "applications", 0, "notes", "cafe"), indent=1)
    data = text.encode().replace(b'"cafe"', b'"caf\xe9"')  # a byte UTF-8 cannot end with
    line = text[: text.index('"cafe"')].count("\n") + 1
    with pytest.raises(InputError, match=rf"not valid JSON \(line {line}, column \d+: 'utf-8'"):
        transfer.import_json(local(sqlite_db), data, now=NOW)


def test_a_held_connection_checks_links_again_after_an_import(
    sqlite_db: Database, exported: dict[str, Any]
) -> None:
    with sqlite_db.pinned() as held:
        transfer.import_json(local(held), json.dumps(exported), now=NOW)
        with local(held).read() as tx:
            assert tx.one("PRAGMA foreign_keys") == {"foreign_keys": 1}

"""The database itself: migrations, permissions, round trips, backups."""

from __future__ import annotations

import csv
import json
import sqlite3
import stat
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from afterview.domain.errors import InputError
from afterview.interview_file import read_data
from afterview.services import inbox, outbox, outcomes, tracking, transfer
from afterview.storage import db as dbmod
from afterview.storage import settings_repo
from afterview.storage.db import Database, StorageError, sqlite_url
from tests.acting import local
from tests.conftest import EXAMPLES

TORONTO = ZoneInfo("America/Toronto")
NOW = datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO)


def test_the_newest_migration_is_the_head_the_code_expects() -> None:
    from alembic.script import ScriptDirectory

    from afterview.storage.migrate import config

    script = ScriptDirectory.from_config(config("sqlite:///unused.db"))  # type: ignore[arg-type]
    assert script.get_current_head() == dbmod.HEAD


def test_migrations_from_empty_match_the_schema_metadata(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from afterview.storage.schema import metadata

    db = Database(database_url)
    assert db.revision() is None
    db.ensure_schema()
    assert db.revision() == dbmod.HEAD
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    engine.dispose()
    assert diff == []


def test_every_revision_upgrades_to_head_and_down_again(database_url: str) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    from afterview.storage.migrate import config

    db = Database(database_url)
    cfg = config(db.url)
    revisions = [r.revision for r in ScriptDirectory.from_config(cfg).walk_revisions()][::-1]  # type: ignore[arg-type]
    for revision in revisions:  # from each earlier revision, the next upgrade works
        db.upgrade(revision)
        assert db.revision() == revision
    command.downgrade(cfg, "base")  # type: ignore[arg-type]
    assert db.revision() is None
    db.upgrade()
    assert db.revision() == dbmod.HEAD


def test_the_sqlite_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "home" / "afterview.db"
    Database(sqlite_url(path)).ensure_schema()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_file_that_is_not_a_database_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "afterview.db"
    path.write_text("this is not sqlite " * 100)
    with pytest.raises(StorageError, match="cannot be used"):
        Database(sqlite_url(path)).ensure_schema()
    assert path.read_text().startswith("this is not sqlite"), "the file is left alone"


def rich(db: Database) -> None:
    """A varied search: every example, steps done and skipped, a log, a reply, outcomes."""
    for path in sorted(EXAMPLES.glob("*.yaml")):
        tracking.add(local(db), read_data(path), source=path.name, now=NOW)
    with local(db).read() as tx:
        pending = tx.all("SELECT id FROM actions WHERE status = 'pending' ORDER BY id")
    tracking.done(local(db), pending[0]["id"], at=NOW, now=NOW, note="went well — ✓")
    tracking.skip(local(db), pending[1]["id"], why="not needed", now=NOW)
    tracking.reply(local(db), 1, at=NOW, now=NOW, not_until=date(2026, 12, 15))
    tracking.outcome(local(db), 2, "offer", at=NOW, now=NOW, on_paper=False)
    # what delivery and the journal add: an approved note, a reply seen, private entries
    with local(db).read() as tx:
        first = tx.one(
            "SELECT to_name FROM actions WHERE application_id = 4 AND kind = 'thank_you' "
            "AND status = 'pending' ORDER BY id LIMIT 1"
        )
        bare = tx.one(
            "SELECT id FROM applications a WHERE NOT EXISTS "
            "(SELECT 1 FROM interviews i WHERE i.application_id = a.id) ORDER BY id LIMIT 1"
        )
    assert first is not None
    assert bare is not None
    outbox.approve(local(db), 4, kind="thank_you", to=first["to_name"], now=NOW)
    with local(db).write() as tx:
        event = {
            "message_id": "<reply-1@example.com>",
            "in_reply_to": None,
            "from_addr": "people@example.com",
            "from_name": "People Team",
            "subject": "Your application",
            "received_at": NOW,
            "kind": "rejection",
            "return_on": None,
            "why": "reads like a rejection",
        }
        inbox.record(tx, 4, event, now=NOW)
    outcomes.write_expressive(local(db), 1, "What I felt — and why.", now=NOW)
    outcomes.write_expressive(local(db), bare["id"], "A day to think about the search.", now=NOW)


def test_json_export_and_import_round_trip_losslessly(db: Database, tmp_path: Path) -> None:
    rich(db)
    first = transfer.export_data(local(db), now=NOW)
    assert len(first["tables"]["applications"]["rows"]) >= 8
    assert {row[13] for row in first["tables"]["actions"]["rows"]} >= {"done", "skipped"}
    other = Database(sqlite_url(tmp_path / "other.db"))
    transfer.import_json(local(other), json.dumps(first), now=NOW)
    second = transfer.export_data(local(other), now=NOW)
    assert second == first


def test_the_archive_carries_the_outbox_the_replies_and_the_journal(db: Database) -> None:
    rich(db)
    tables = transfer.export_data(local(db), now=NOW)["tables"]
    assert len(tables["messages"]["rows"]) == 1
    key_of = tables["messages"]["columns"].index("action_key")
    assert tables["messages"]["rows"][0][key_of].startswith("thank_you")
    assert len(tables["mail_events"]["rows"]) == 1
    interview_of = tables["reflections"]["columns"].index("interview_id")
    assert sorted(row[interview_of] is None for row in tables["reflections"]["rows"]) == [
        False,
        True,
    ]


def test_an_archive_written_before_delivery_still_imports(db: Database, tmp_path: Path) -> None:
    rich(db)
    older = transfer.export_data(local(db), now=NOW)
    for table in ("messages", "mail_events", "reflections"):
        del older["tables"][table]
    other = Database(sqlite_url(tmp_path / "other.db"))
    count = transfer.import_json(local(other), json.dumps(older), now=NOW)
    assert count == len(older["tables"]["applications"]["rows"])
    assert transfer.export_data(local(other), now=NOW)["tables"]["messages"]["rows"] == []


def test_an_archive_merges_into_a_database_that_has_data(db: Database) -> None:
    rich(db)
    first = transfer.export_data(local(db), now=NOW)
    count = len(first["tables"]["applications"]["rows"])
    assert transfer.import_json(local(db), json.dumps(first), now=NOW) == count
    twice = transfer.export_data(local(db), now=NOW)
    assert len(twice["tables"]["actions"]["rows"]) == 2 * len(first["tables"]["actions"]["rows"])


def test_an_import_with_a_broken_record_writes_nothing(db: Database) -> None:
    rich(db)
    data = transfer.export_data(local(db), now=NOW)
    data["tables"]["actions"]["rows"][-1].pop()
    before = transfer.export_data(local(db), now=NOW)
    with pytest.raises(InputError, match=r"tables.actions.rows\[\d+\]: expected 20 values"):
        transfer.import_json(local(db), json.dumps(data), now=NOW)
    assert transfer.export_data(local(db), now=NOW) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "other"}', "not an afterview archive"),
        ('{"format": "afterview-archive", "version": 1, "tables": {}}', "tables.applications"),
    ],
)
def test_an_import_that_is_not_an_export_is_refused(db: Database, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        transfer.import_json(local(db), text, now=NOW)


def test_a_backup_is_consistent_while_a_writer_holds_a_transaction(tmp_path: Path) -> None:
    db = Database(sqlite_url(tmp_path / "live.db"))
    rich(db)
    writer = sqlite3.connect(tmp_path / "live.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM history")  # not committed while the backup runs
    target = transfer.backup(local(db), tmp_path / "copy.db", now=NOW)
    writer.execute("ROLLBACK")
    writer.close()
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("SELECT COUNT(*) FROM history").fetchone()[0] > 0
    copy.close()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(InputError, match="already exists"):
        transfer.backup(local(db), target, now=NOW)


def test_csv_and_yaml_exports_hold_every_application(db: Database) -> None:
    import io

    import yaml

    rich(db)
    data: dict[str, Any] = transfer.export_data(local(db), now=NOW)
    apps = len(data["tables"]["applications"]["rows"])
    as_csv, as_yaml = io.StringIO(), io.StringIO()
    transfer.write_export(local(db), as_csv, "csv", now=NOW)
    transfer.write_export(local(db), as_yaml, "yaml", now=NOW)
    rows = list(csv.reader(io.StringIO(as_csv.getvalue())))
    assert len(rows) == apps + 1
    assert "Northwind Robotics" in {row[1] for row in rows}
    assert yaml.safe_load(as_yaml.getvalue()) == data


def test_upgrading_from_0001_keeps_the_data_and_fills_the_lookup_keys(database_url: str) -> None:
    from afterview.storage.repository import find_application

    db = Database(database_url)
    db.upgrade("0001")
    db._checked = True  # write at 0001 on purpose, before the upgrade under test
    with local(db).write() as tx:
        tx.execute(
            """INSERT INTO applications (owner_id, company, role, status, channel_before, refs,
                 links, contacts, extra, on_paper, created_at, updated_at)
               VALUES (1, 'Café López', 'Data  Engineer', 'applied', 'email', '[]', '[]',
                 '[]', '{}', :f, :now, :now)""",
            {"f": False, "now": NOW},
        )
    db.upgrade()
    assert db.revision() == dbmod.HEAD
    with local(db).read() as tx:
        found = find_application(tx, "CAFÉ LÓPEZ", "data engineer")
        row = tx.one("SELECT company, company_key, role_key FROM applications")
    assert found is not None
    assert row == {
        "company": "Café López",
        "company_key": "café lópez",
        "role_key": "data engineer",
    }


def test_the_streamed_json_export_is_the_same_document(db: Database) -> None:
    import io

    rich(db)
    streamed = io.StringIO()
    transfer.write_export(local(db), streamed, "json", now=NOW)
    data = transfer.export_data(local(db), now=NOW)
    rows = sum(len(t["rows"]) for t in data["tables"].values())
    assert len(streamed.getvalue().splitlines()) > rows, "one row to a line"
    assert json.loads(streamed.getvalue()) == data


def test_the_archive_names_every_column_of_the_tables(db: Database) -> None:
    from afterview.services.archive import COLUMNS

    db.ensure_schema()
    with local(db).read() as tx:
        for table, columns in COLUMNS.items():
            stored = set(tx.execute(f"SELECT * FROM {table} LIMIT 0").description or ())
            names = {c[0] for c in stored}
            left_out = names - set(columns)
            # an outbox message names its plan step by interview and key, not by row id
            linked = {"action_id"} if table == "messages" else set()
            assert left_out <= {"id", "owner_id", "company_key", "role_key", *linked}, (
                table,
                left_out,
            )


def test_upgrading_indexes_the_questions_an_older_version_left_for_a_read(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(database_url)
    db.upgrade("0007")
    db._checked = True  # store at 0007 on purpose, before the upgrade under test
    with monkeypatch.context() as older:  # 0007 kept no settings: it planned with the defaults
        older.setattr(settings_repo, "policy_overrides", lambda tx: {})
        tracking.add(local(db), read_data(EXAMPLES / "panel-interview.yaml"), source="t", now=NOW)
    with local(db).write() as tx:  # as an older version stored it: no index rows yet
        tx.execute("DELETE FROM questions")
    db.upgrade()
    with local(db).read() as tx:
        rows = tx.all("SELECT text, group_id FROM questions ORDER BY position")
    assert [r["text"] for r in rows] == [
        "Tell us about a pipeline you rebuilt.",
        "How do you test data quality?",
    ]
    assert all(r["group_id"] is not None for r in rows)

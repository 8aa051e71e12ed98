"""A plan step's reason is stored as its code and worded where it is read; a step stored
before reasons had codes (an English sentence) reads as it was written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from afterview import i18n
from afterview.domain import reasons
from afterview.domain.steps import Step
from afterview.interview_file import read_data
from afterview.services import agenda, tracking, transfer
from afterview.storage.db import Database, sqlite_url
from tests.acting import local
from tests.conftest import EXAMPLES

TORONTO = ZoneInfo("America/Toronto")
ADDED = datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO)
OLD = "A personal note, as the planner wrote it before reasons had codes."


@pytest.fixture
def pseudo() -> Iterator[None]:
    i18n.activate(i18n.PSEUDO)
    try:
        yield
    finally:
        i18n.activate(None)


def _added(db: Database) -> Database:
    tracking.add(local(db), read_data(EXAMPLES / "panel-interview.yaml"), source="p", now=ADDED)
    return db


def _stored_whys(db: Database) -> list[str]:
    with local(db).read() as tx:
        return [r["why"] for r in tx.all("SELECT why FROM actions ORDER BY id")]


def _agenda_whys(db: Database) -> list[str]:
    seen = agenda.agenda(local(db), now=ADDED, days=60, limit=500)
    return [i.why for i in (*seen.due.items, *seen.coming.items) if isinstance(i, Step)]


def _exported_whys(db: Database) -> list[str]:
    table = transfer.export_data(local(db), now=ADDED)["tables"]["actions"]
    at = table["columns"].index("why")
    return [row[at] for row in table["rows"]]


def test_a_step_is_stored_as_its_code_and_worded_where_it_is_read(db: Database) -> None:
    _added(db)
    stored = _stored_whys(db)
    assert stored
    assert all(w.startswith(reasons.MARK) for w in stored)
    whys = _agenda_whys(db)
    assert whys
    assert not any(w.startswith("{") for w in whys)
    assert any(w.startswith("A personal note to ") for w in whys)
    i18n.activate(i18n.PSEUDO)
    try:
        assert all(w.startswith(i18n.OPEN) for w in _agenda_whys(db))
    finally:
        i18n.activate(None)


def test_a_step_stored_as_english_text_is_shown_and_exported_as_it_is(db: Database) -> None:
    _added(db)
    with local(db).write() as tx:
        tx.execute(
            "UPDATE actions SET why = :old WHERE owner_id = :o AND kind = 'thank_you'",
            {"old": OLD, "o": tx.owner},
        )
    assert OLD in _agenda_whys(db)
    assert OLD in _exported_whys(db)


def test_the_archive_keeps_reasons_in_english_and_imports_as_before(
    db: Database, tmp_path: Path, pseudo: None
) -> None:
    _added(db)
    exported = transfer.export_data(local(db), now=ADDED)
    whys = _exported_whys(db)
    assert whys
    assert not any(w.startswith(("{", i18n.OPEN)) for w in whys)
    assert any(w.startswith("A personal note to ") for w in whys)
    other = Database(sqlite_url(tmp_path / "other.db"))  # an archive, English why and all
    transfer.import_json(local(other), json.dumps(exported), now=ADDED + timedelta(days=1))
    assert _stored_whys(other) == whys
    i18n.activate(None)
    assert set(_agenda_whys(other)) <= set(whys)

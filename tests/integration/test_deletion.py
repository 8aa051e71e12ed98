"""Deleting an application removes every row attached to it, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from afterview.domain.errors import UnknownRecord
from afterview.interview_file import read_data
from afterview.services import deletion, outbox, tracking
from afterview.storage.db import Database
from tests.acting import local
from tests.conftest import EXAMPLES

NOW = datetime(2026, 11, 21, 14, 0, tzinfo=UTC)


def rows(db: Database, table: str, app_id: int) -> int:
    with local(db).read() as tx:
        return len(tx.all(f"SELECT 1 FROM {table} WHERE application_id = :a", {"a": app_id}))


def test_deleting_removes_the_application_with_its_rows_and_keeps_the_others(
    db: Database,
) -> None:
    added = NOW.replace(day=20)
    panel = tracking.add(
        local(db), read_data(EXAMPLES / "panel-interview.yaml"), source="p", now=added
    )
    other = tracking.add(
        local(db), read_data(EXAMPLES / "phone-screen.yaml"), source="s", now=added
    )
    outbox.approve(
        local(db),
        panel.replanned.application_id,
        kind="thank_you",
        to="Ana López",
        now=NOW,
        send_at=NOW,
    )
    found = deletion.attached(local(db), panel.replanned.application_id)
    assert found.counts["messages"] == 1
    assert found.counts["actions"] > 0
    gone = deletion.delete_application(local(db), panel.replanned.application_id)
    assert gone.counts == found.counts
    for table, _, _ in deletion.ATTACHED:
        assert rows(db, table, panel.replanned.application_id) == 0, table
    assert rows(db, "actions", other.replanned.application_id) > 0
    with pytest.raises(UnknownRecord):
        deletion.attached(local(db), panel.replanned.application_id)


def test_the_summary_names_what_goes_in_words() -> None:
    found = deletion.Attached(3, "Acme", "", {"interviews": 1, "actions": 2, "reflections": 1})
    assert found.title == "Acme"
    assert found.summary() == "1 interview, 2 plan steps and 1 journal entry"
    assert deletion.Attached(4, "Acme", "Dev", {}).summary() == "nothing else"

"""Undoing a reply the watch matched by mistake, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from afterview.domain.errors import InputError
from afterview.domain.settings import Policy
from afterview.interview_file import read_data
from afterview.services import inbox, tracking
from afterview.storage.db import Database
from tests.acting import local
from tests.conftest import EXAMPLES

TORONTO = ZoneInfo("America/Toronto")
ADDED = datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO)
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=TORONTO)


def plan_at(db: Database, now: datetime) -> list[tuple[Any, ...]]:
    """The plan as it stands at ``now`` without any reply."""
    with local(db).write() as tx:
        tracking.replan(tx, 1, now=now, policy=Policy())
    return plan_rows(db)


def plan_rows(db: Database) -> list[tuple[Any, ...]]:
    """The application's plan as the user sees it (cancelled steps are not shown): each
    step, its dates and its status."""
    with local(db).read() as tx:
        rows = tx.all(
            "SELECT key, not_before, due, send_at, status FROM actions "
            "WHERE application_id = 1 AND status <> 'cancelled' ORDER BY key"
        )
    return [tuple(r.values()) for r in rows]


def heard(db: Database, kind: str, message_id: str, at: datetime) -> int:
    event = {
        "message_id": message_id,
        "in_reply_to": None,
        "from_addr": "news@northwind.example",
        "from_name": "Northwind News",
        "subject": "Our December newsletter",
        "received_at": at,
        "kind": kind,
        "return_on": None,
        "why": "sent from the company's domain",
    }
    with local(db).write() as tx:
        event_id = inbox.record(tx, 1, event, now=at)
    assert event_id is not None
    return event_id


@pytest.fixture
def search(db: Database) -> Database:
    tracking.add(local(db), read_data(EXAMPLES / "panel-interview.yaml"), source="panel", now=ADDED)
    return db


def test_undoing_a_mistaken_reply_restores_the_plan_as_it_was(search: Database) -> None:
    before = plan_at(search, MONDAY)
    event_id = heard(search, "human", "<news-1@northwind.example>", MONDAY)
    assert plan_rows(search) != before  # the follow-ups stopped
    entry, _ = inbox.undo(local(search), event_id, now=MONDAY)
    assert entry.company == "Northwind Robotics"
    assert plan_rows(search) == before
    with local(search).read() as tx:
        app = tx.one("SELECT replied_at, not_until FROM applications WHERE id = 1")
    assert app == {"replied_at": None, "not_until": None}
    assert [e.status for e in inbox.entries(local(search))] == ["undone"]


def test_undoing_a_confirmed_rejection_brings_back_the_open_process(search: Database) -> None:
    before = plan_at(search, MONDAY)
    event_id = heard(search, "rejection", "<news-2@northwind.example>", MONDAY)
    inbox.confirm(local(search), event_id, now=MONDAY)
    inbox.undo(local(search), event_id, now=MONDAY)
    with local(search).read() as tx:
        app = tx.one("SELECT status, outcome_kind, outcome_at FROM applications WHERE id = 1")
    assert app == {"status": "interviewing", "outcome_kind": None, "outcome_at": None}
    assert plan_rows(search) == before


def test_only_the_latest_reply_can_be_undone_and_only_once(search: Database) -> None:
    first = heard(search, "human", "<news-3@northwind.example>", MONDAY)
    second = heard(search, "human", "<news-4@northwind.example>", MONDAY + timedelta(hours=1))
    with pytest.raises(InputError, match=f"undo {second} first, then {first}"):
        inbox.undo(local(search), first, now=MONDAY)
    inbox.undo(local(search), second, now=MONDAY)
    inbox.undo(local(search), first, now=MONDAY)
    with pytest.raises(InputError, match="already undone"):
        inbox.undo(local(search), first, now=MONDAY)


def test_undoing_a_mistaken_rejection_puts_the_notes_it_held_back_in_the_outbox(
    search: Database,
) -> None:
    from afterview.services import outbox

    evening = ADDED + timedelta(hours=3)
    approved = outbox.approve(local(search), 1, kind="thank_you", to="Ana López", now=evening)
    event_id = heard(search, "rejection", "<news-5@northwind.example>", evening)
    inbox.confirm(local(search), event_id, now=evening)

    def state() -> str:
        return {e.row["id"]: e.row["status"] for e in outbox.entries(local(search))}[approved.id]

    assert state() == "blocked"
    inbox.undo(local(search), event_id, now=evening)
    assert state() == "approved"

"""The tracked job search on real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from afterview.domain import reasons
from afterview.domain.errors import InputError
from afterview.interview_file import read_data
from afterview.services import tracking
from afterview.services.agenda import agenda
from afterview.storage.db import Database
from tests.acting import local
from tests.conftest import EXAMPLES

TORONTO = ZoneInfo("America/Toronto")
AFTER = datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO)
PANEL = EXAMPLES / "panel-interview.yaml"


def panel() -> dict[str, Any]:
    return read_data(PANEL)


def steps(db: Database, app_id: int, kind: str | None = None) -> list[dict[str, Any]]:
    with local(db).read() as tx:
        rows = tx.all(
            "SELECT * FROM actions WHERE application_id = :a ORDER BY not_before, id",
            {"a": app_id},
        )
    return [r for r in rows if kind is None or r["kind"] == kind]


def count(db: Database, table: str) -> int:
    with local(db).read() as tx:
        row = tx.one(f"SELECT COUNT(*) AS n FROM {table}")
    assert row is not None
    return int(row["n"])


def test_adding_an_interview_stores_its_plan_and_the_pipeline(db: Database) -> None:
    added = tracking.add(local(db), panel(), source="panel", now=AFTER)
    app_id = added.replanned.application_id
    assert added.new_application
    assert added.pipeline_added == 3
    assert count(db, "applications") == 4
    thanks = steps(db, app_id, "thank_you")
    assert [t["to_name"] for t in thanks] == ["Priya Raman", "Tom Becker", "Ana López"]
    assert {t["status"] for t in thanks} == {"pending"}
    keys = [s["key"] for s in steps(db, app_id)]
    assert len(keys) == len(set(keys))


def test_adding_the_same_file_twice_duplicates_nothing_and_keeps_what_was_done(
    db: Database,
) -> None:
    first = tracking.add(local(db), panel(), source="panel", now=AFTER)
    before = len(steps(db, first.replanned.application_id))
    celebrate = steps(db, first.replanned.application_id, "celebrate")[0]
    tracking.skip(local(db), celebrate["id"], why="later", now=AFTER)
    again = tracking.add(local(db), panel(), source="panel", now=AFTER)
    assert steps(db, first.replanned.application_id, "celebrate")[0]["status"] == "skipped"
    assert not again.new_application
    assert not again.new_interview
    assert count(db, "interviews") == 1
    assert count(db, "applications") == 4
    assert len(steps(db, first.replanned.application_id)) == before


def test_a_new_round_supersedes_the_old_rounds_follow_ups(db: Database) -> None:
    first = tracking.add(local(db), panel(), source="panel", now=AFTER)
    app_id = first.replanned.application_id
    data = panel()
    data["interview"]["start"] = "2026-12-01T10:00"
    data["interview"]["round"] = 3
    later = tracking.add(
        local(db), data, source="round 3", now=datetime(2026, 12, 1, 12, 0, tzinfo=TORONTO)
    )
    assert later.new_interview
    assert later.replanned.application_id == app_id
    old = [
        s
        for s in steps(db, app_id, "follow_up")
        if s["interview_id"] == first.replanned.interview_id
    ]
    assert {s["status"] for s in old} == {"cancelled"}
    new = [
        s
        for s in steps(db, app_id, "follow_up")
        if s["interview_id"] == later.replanned.interview_id
    ]
    assert {s["status"] for s in new} == {"pending"}


def test_done_is_kept_and_moves_the_second_follow_up(db: Database) -> None:
    app_id = tracking.add(local(db), panel(), source="panel", now=AFTER).replanned.application_id
    first, second = steps(db, app_id, "follow_up")
    late = datetime(2026, 12, 9, 9, 0, tzinfo=TORONTO)
    tracking.done(local(db), first["id"], at=late, now=late)
    first_after, second_after = steps(db, app_id, "follow_up")
    assert first_after["status"] == "done"
    assert second_after["id"] == second["id"]
    # Five business days after the actual follow-up on 9 Dec, not after the planned 7 Dec.
    moved = second_after["not_before"]
    assert str(moved).startswith("2026-12-16") or getattr(moved, "day", None) == 16
    assert count(db, "history") == 1


def test_skipped_and_edited_steps_survive_replanning(db: Database) -> None:
    app_id = tracking.add(local(db), panel(), source="panel", now=AFTER).replanned.application_id
    celebrate = steps(db, app_id, "celebrate")[0]
    tracking.skip(local(db), celebrate["id"], why="celebrated already", now=AFTER)
    follow = steps(db, app_id, "follow_up")[0]
    with local(db).write() as tx:
        tx.execute(
            "UPDATE actions SET not_before = :t, edited = :e WHERE id = :id",
            {"t": datetime(2026, 12, 10, 9, 0, tzinfo=TORONTO), "e": True, "id": follow["id"]},
        )
    tracking.update(local(db), app_id, now=AFTER, decision="by the 15th")
    assert steps(db, app_id, "celebrate")[0]["status"] == "skipped"
    kept = next(s for s in steps(db, app_id, "follow_up") if s["id"] == follow["id"])
    assert str(kept["not_before"]).startswith("2026-12-10") or kept["not_before"].day == 10
    assert "15" in kept["why"]


def test_a_reply_stops_follow_ups_and_not_until_moves_them(db: Database) -> None:
    app_id = tracking.add(local(db), panel(), source="panel", now=AFTER).replanned.application_id
    answered = datetime(2026, 11, 25, 10, 0, tzinfo=TORONTO)
    tracking.reply(local(db), app_id, at=answered, now=answered)
    assert {s["status"] for s in steps(db, app_id, "follow_up")} == {"cancelled"}
    tracking.reply(local(db), app_id, at=answered, now=answered, not_until=date(2026, 12, 15))
    pending = [s for s in steps(db, app_id, "follow_up") if s["status"] == "pending"]
    assert len(pending) == 2
    assert len(steps(db, app_id, "follow_up")) == 2, "the same steps come back, not copies"


def test_a_rejection_cancels_follow_ups_and_plans_the_reply(db: Database) -> None:
    app_id = tracking.add(local(db), panel(), source="panel", now=AFTER).replanned.application_id
    at = datetime(2026, 11, 30, 10, 0, tzinfo=TORONTO)
    tracking.outcome(local(db), app_id, "rejected", at=at, now=at, feedback="more streaming")
    assert {s["status"] for s in steps(db, app_id, "follow_up")} == {"cancelled"}
    assert [s["status"] for s in steps(db, app_id, "rejection_reply")] == ["pending"]
    with local(db).read() as tx:
        row = tx.one("SELECT status, feedback FROM applications WHERE id = :a", {"a": app_id})
    assert row == {"status": "rejected", "feedback": "more streaming"}


def test_a_logged_call_counts_as_history(db: Database) -> None:
    app_id = tracking.add(local(db), panel(), source="panel", now=AFTER).replanned.application_id
    entry = {
        "kind": "call",
        "to": "priya raman",
        "channel": "phone",
        "at": datetime(2026, 11, 24, 10, 0, tzinfo=TORONTO),
    }
    tracking.log(local(db), app_id, entry, now=AFTER)
    with local(db).read() as tx:
        row = tx.one("SELECT kind, to_name FROM history")
    assert row == {"kind": "call", "to_name": "Priya Raman"}
    with pytest.raises(InputError, match="Nobody called 'Zed'"):
        tracking.log(local(db), app_id, {**entry, "to": "Zed"}, now=AFTER)


def test_the_agenda_splits_now_coming_and_waiting(db: Database) -> None:
    tracking.add(local(db), panel(), source="panel", now=AFTER)
    result = agenda(local(db), now=AFTER + timedelta(minutes=30), days=7)
    assert {i.kind for i in result.due.items} >= {"thank_you", "promise", "reflection_write"}
    assert [i.kind for i in result.coming.items] == ["reflection_revisit"]
    (waiting,) = result.waiting.items
    assert waiting.decision_date == date(2026, 12, 4)
    assert waiting.until.astimezone(TORONTO) == datetime(2026, 12, 7, 8, 0, tzinfo=TORONTO)
    capped = agenda(local(db), now=AFTER + timedelta(minutes=30), days=7, limit=2)
    assert len(capped.due.items) == 2
    assert capped.due.total == result.due.total


def test_unknown_ids_are_clear_errors_and_change_nothing(db: Database) -> None:
    tracking.add(local(db), panel(), source="panel", now=AFTER)
    before = count(db, "history")
    with pytest.raises(InputError, match="No plan step with id 999"):
        tracking.done(local(db), 999, at=AFTER, now=AFTER)
    with pytest.raises(InputError, match="No application with id 42"):
        tracking.reply(local(db), 42, at=AFTER, now=AFTER)
    assert count(db, "history") == before


def test_a_bad_update_is_refused_and_nothing_is_written(db: Database) -> None:
    app_id = tracking.add(local(db), panel(), source="panel", now=AFTER).replanned.application_id
    before = copy.deepcopy(steps(db, app_id))
    with pytest.raises(InputError, match="contact_preference"):
        tracking.update(local(db), app_id, now=AFTER, contact_preference="carrier pigeon")
    assert steps(db, app_id) == before


def _keep_searching(db: Database, app_id: int) -> list[str]:
    """The why of the application's pending keep-searching step (empty: none pending)."""
    pending = [s for s in steps(db, app_id, "keep_searching") if s["status"] == "pending"]
    return [reasons.word(reasons.decode(s["why"])) for s in pending]


def test_keep_searching_follows_the_pipeline_in_every_active_application(db: Database) -> None:
    northwind = tracking.add(local(db), panel(), source="panel", now=AFTER).replanned.application_id
    assert [w.split(";")[0] for w in _keep_searching(db, northwind)] == [
        "Only 2 other applications are active"
    ]
    later = AFTER + timedelta(days=1)
    screen = tracking.add(
        local(db), read_data(EXAMPLES / "phone-screen.yaml"), source="s", now=later
    )
    # Globex Health and Initech are new and active: four others, enough for Northwind.
    assert _keep_searching(db, northwind) == []
    assert _keep_searching(db, screen.replanned.application_id) == []
    with local(db).read() as tx:
        contoso = tx.one("SELECT id FROM applications WHERE company = 'Contoso Analytics'")
        initech = tx.one("SELECT id FROM applications WHERE company = 'Initech'")
    assert contoso is not None
    assert initech is not None
    tracking.outcome(local(db), int(contoso["id"]), "rejected", at=later, now=later)
    tracking.outcome(local(db), int(initech["id"]), "rejected", at=later, now=later)
    # Fabrikam and Globex Health are all that is left for Northwind.
    assert [w.split(";")[0] for w in _keep_searching(db, northwind)] == [
        "Only 2 other applications are active"
    ]

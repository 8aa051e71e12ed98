"""Every per-account query in storage reads and writes the acting account's rows only.

Two accounts share one database: the first has a demo search, the second nothing. Each
query the services use is asked, as the second account, about the first one's ids; it
must find nothing and change nothing. The same queries asked by the first account find
its rows, so an empty answer means scoping, not a query that never matches.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from afterview.domain.actor import Actor
from afterview.services import demo
from afterview.storage import (
    agenda_repo,
    archive_repo,
    insights_repo,
    learning_repo,
    overview_repo,
    settings_repo,
)
from afterview.storage import repository as repo
from afterview.storage.db import Database, Tx
from afterview.storage.work import Work, create_account, local_work
from tests.acting import local

NOW = datetime(2026, 5, 4, 15, 0, tzinfo=UTC)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
LATER = NOW + timedelta(days=365)


@pytest.fixture
def two(db: Database) -> tuple[Work, Work, dict[str, int]]:
    """The demo search's account, an empty second account, and ids of the first's rows."""
    mine = local_work(db)
    demo.build(mine, months=2, seed=3, now=NOW)
    with mine.write() as tx:
        settings_repo.save_policy(tx, {"pipeline_target": 5}, NOW)
    with local(db).write() as tx:
        other = Work(db, Actor.seeker(create_account(tx, "other", NOW)))
    with mine.read() as tx:
        ids = _ids(tx)
    return mine, other, ids


def _ids(tx: Tx) -> dict[str, int]:
    def first(sql: str) -> int:
        row = tx.one(sql, {"o": tx.owner})
        assert row is not None, sql
        return int(row["id"])

    return {
        "rejected": first(
            "SELECT id FROM applications WHERE owner_id = :o AND status = 'rejected' "
            "ORDER BY id LIMIT 1"
        ),
        "closed": first(
            "SELECT application_id AS id FROM actions WHERE owner_id = :o "
            "AND kind = 'close_out' ORDER BY id LIMIT 1"
        ),
        "pending_app": first(
            "SELECT application_id AS id FROM actions WHERE owner_id = :o "
            "AND status = 'pending' AND kind = 'follow_up' ORDER BY id LIMIT 1"
        ),
        "interview": first(
            "SELECT interview_id AS id FROM questions WHERE owner_id = :o ORDER BY id LIMIT 1"
        ),
        "revisit_interview": first(
            "SELECT interview_id AS id FROM actions WHERE owner_id = :o "
            "AND kind = 'reflection_revisit' AND status <> 'cancelled' ORDER BY id LIMIT 1"
        ),
        "step": first(
            "SELECT id FROM actions WHERE owner_id = :o AND status = 'pending' ORDER BY id LIMIT 1"
        ),
    }


def _reads(tx: Tx, ids: dict[str, int]) -> dict[str, Any]:
    """What each read answers for the first account's ids."""
    app, rejected = ids["pending_app"], ids["rejected"]
    return {
        "steps": agenda_repo.pending_steps(tx, EPOCH, LATER, 100),
        "count_steps": agenda_repo.count_pending_steps(tx, EPOCH, LATER),
        "waiting": agenda_repo.waiting(tx, EPOCH, 100),
        "count_waiting": agenda_repo.count_waiting(tx, EPOCH),
        "zone": repo.candidate_timezone(tx),
        "attached": sum(repo.count_attached(tx, app, ("interviews", "actions")).values()),
        "thank_yous": insights_repo.pending_thank_you_dues(tx)
        + insights_repo.decisions(tx)
        + insights_repo.follow_ups(tx)
        + insights_repo.recurring_question_groups(tx, 1),
        "counts": (insights_repo.application_counts(tx) or {})["apps"],
        "list": overview_repo.application_list(tx) + overview_repo.all_applications(tx),
        "app_steps": overview_repo.application_steps(tx, app),
        "pending": overview_repo.pending_steps_latest_first(tx)
        + overview_repo.pending_step_kinds_latest_first(tx),
        "active": overview_repo.count_active(tx),
        "fresh": overview_repo.companies_interviewed_between(tx, EPOCH, LATER),
        "summaries": overview_repo.interview_summaries(tx),
        "groups": learning_repo.interview_groups(tx, ids["interview"]),
        "expressive": learning_repo.count_expressive(tx, rejected),
        "revisit": repo.revisit_start(tx, ids["revisit_interview"]),
        "history": repo.first_history_at(tx, app, "thank_you", EPOCH),
        "count_history": repo.count_history(tx, app, "thank_you"),
        "last_history": repo.last_history_at(tx, app),
        "last_end": repo.last_interview_end(tx, app),
        "keep_in_touch": repo.keep_in_touch_step(tx, rejected),
        "close_out": repo.close_out_step(tx, ids["closed"]),
        "of_kind": repo.pending_steps_of_kind(tx, app, "follow_up"),
        "open": repo.open_applications_except(tx, -1),
        "replan": repo.replan_candidates(tx),
        "applications": repo.count_applications(tx),
        "holds": repo.holds_search(tx),
        "export": [r for b in archive_repo.export_batches(tx, "actions", ("kind",)) for r in b],
        "planned": repo.planned_applications(tx),
        "settings": settings_repo.policy_overrides(tx),
    }


def test_every_read_finds_only_the_acting_accounts_rows(two: tuple[Work, Work, Any]) -> None:
    mine, other, ids = two
    with mine.read() as tx:
        found = _reads(tx, ids)
    with other.read() as tx:
        foreign = _reads(tx, ids)
    # expressive entries and a close-out may be absent from a demo: those need not be found
    optional = {"expressive", "close_out", "keep_in_touch"}
    assert [k for k, v in found.items() if not v and k not in optional] == []
    assert {k: v for k, v in foreign.items() if v} == {}


def test_writes_with_a_foreign_id_change_nothing(two: tuple[Work, Work, Any]) -> None:
    mine, other, ids = two
    with mine.read() as tx:
        before = (tx.all("SELECT * FROM actions ORDER BY id"),
                  tx.all("SELECT * FROM interviews ORDER BY id"),
                  repo.count_applications(tx))  # fmt: skip
    with other.write() as tx:
        repo.mark_done(tx, ids["step"], NOW, "not mine", NOW)
        repo.mark_skipped(tx, ids["step"], "not mine", NOW)
        repo.set_decision_date(tx, ids["interview"], NOW.date())
        repo.set_interview_notes(tx, ids["interview"], {"stood_out": "not mine"})
        repo.set_interview_field(tx, ids["interview"], "next_step", "not mine")
        repo.cancel_older_rounds(tx, ids["pending_app"], -1, NOW)
        repo.delete_application(tx, ids["pending_app"])
    with mine.read() as tx:
        after = (tx.all("SELECT * FROM actions ORDER BY id"),
                 tx.all("SELECT * FROM interviews ORDER BY id"),
                 repo.count_applications(tx))  # fmt: skip
    assert after == before

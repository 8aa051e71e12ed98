"""Insights on a small hand-built search whose every figure can be worked out by hand.

Days are counted from ``DAY0`` (Thursday 1 October 2026, 15:00 UTC). Owner 1 has:

======  ========  =========  ===================================================
app     company   status     what matters
======  ========  =========  ===================================================
1       Acme      rejected   interview day 0, follow-ups day 2 and 7, rejected day 10
2       Acme      offer      rounds ending day 0 and day 3, offer day 7 (4 days)
3       Globex    closed     interview day 0, follow-ups day 2 and 7, no answer
4       Initech   applied    no interview
5       Umbrella  interview  follow-up day 2, they replied day 4
6       Hooli     withdrawn  follow-up day 2, then the user withdrew day 5
======  ========  =========  ===================================================

so: funnel 6 → 5 → 1; Acme's median 7.0 days (10 and 4); silence 1 of 4 ended; replies
after the first follow-up 1 of 4 (Umbrella), after the second 1 of 2 (Acme's rejection).
Owner 2 has a closed, interviewed process with weak answers that must never show.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from afterview.domain import insights as calc
from afterview.domain.serial import to_builtins
from afterview.services.insights import aggregates, insights
from afterview.storage import learning_repo as learn
from afterview.storage.db import Database, Tx
from tests.acting import account, local

DAY0 = datetime(2026, 10, 1, 15, 0, tzinfo=UTC)
NOW = DAY0 + timedelta(days=30)


def day(n: float) -> datetime:
    return DAY0 + timedelta(days=n)


def _app(tx: Tx, owner: int, company: str, status: str, **extra: Any) -> int:
    values = {
        "o": owner,
        "c": company,
        "s": status,
        "kind": extra.get("outcome_kind"),
        "at": extra.get("outcome_at"),
        "replied": extra.get("replied_at"),
        "now": DAY0,
    }
    return tx.insert(
        """INSERT INTO applications (owner_id, company, role, status, channel_before, refs,
             links, contacts, extra, on_paper, outcome_kind, outcome_at, replied_at,
             created_at, updated_at)
           VALUES (:o, :c, 'Engineer', :s, 'email', '[]', '[]', '[]', '{}', FALSE, :kind,
             :at, :replied, :now, :now) RETURNING id""",
        values,
    )


def _interview(tx: Tx, owner: int, app: int, end: datetime, round_: int = 1) -> int:
    return tx.insert(
        """INSERT INTO interviews (owner_id, application_id, round, start_at, end_at, timezone,
             format, contact_preference, panel, promises, notes, created_at)
           VALUES (:o, :a, :r, :start, :end, 'UTC', 'video', 'email', '[]', '[]', '{}', :end)
           RETURNING id""",
        {"o": owner, "a": app, "r": round_, "start": end - timedelta(hours=1), "end": end},
    )


def _thank_you(
    tx: Tx, owner: int, app: int, iv: int, key: str, status: str, done_at: datetime | None
) -> None:
    tx.execute(
        """INSERT INTO actions (owner_id, application_id, interview_id, key, kind, zone,
             not_before, due, rule, why, sources, status, done_at, edited, created_at,
             updated_at)
           VALUES (:o, :a, :iv, :key, 'thank_you', 'UTC', :nb, :due, 'thank_you_within_24h',
             'why', '[]', :status, :done, FALSE, :nb, :nb)""",
        {
            "o": owner,
            "a": app,
            "iv": iv,
            "key": key,
            "nb": DAY0,
            "due": DAY0 + timedelta(hours=24),
            "status": status,
            "done": done_at,
        },
    )


def _follow_up(tx: Tx, owner: int, app: int, at: datetime) -> None:
    tx.execute(
        """INSERT INTO history (owner_id, application_id, kind, channel, at, created_at)
           VALUES (:o, :a, 'follow_up', 'email', :at, :at)""",
        {"o": owner, "a": app, "at": at},
    )


def _questions(tx: Tx, owner: int, app: int, iv: int, asked: list[tuple[str, int, str]]) -> None:
    """(text, rating, group name) rows; a named group's id is its first question's id."""
    for position, (text, rating, group) in enumerate(asked):
        qid = tx.insert(
            """INSERT INTO questions (owner_id, application_id, interview_id, position, text,
                 rating, asked_at, created_at)
               VALUES (:o, :a, :iv, :p, :t, :r, :at, :at) RETURNING id""",
            {"o": owner, "a": app, "iv": iv, "p": position, "t": text, "r": rating, "at": DAY0},
        )
        if group:
            first = GROUPS.setdefault((owner, group), qid)
            tx.execute("UPDATE questions SET group_id = :g WHERE id = :id", {"g": first, "id": qid})


GROUPS: dict[tuple[int, str], int] = {}


def build(db: Database) -> None:
    """The figures' rows; questions written without a group are then grouped, as every
    writer of the index does before it commits."""
    GROUPS.clear()
    db.ensure_schema()
    with local(db).write() as tx:
        tx.execute("INSERT INTO owners (id, name, created_at) VALUES (2, 'other', :n)", {"n": DAY0})
        a1 = _app(tx, 1, "Acme", "rejected", outcome_kind="rejected", outcome_at=day(10))
        a2 = _app(tx, 1, "ACME ", "offer", outcome_kind="offer", outcome_at=day(7))
        a3 = _app(tx, 1, "Globex", "closed")
        _app(tx, 1, "Initech", "applied")
        a5 = _app(tx, 1, "Umbrella", "interviewing", replied_at=day(4))
        a6 = _app(tx, 1, "Hooli", "withdrawn", outcome_kind="withdrawn", outcome_at=day(5))
        iv1 = _interview(tx, 1, a1, day(0))
        iv2 = _interview(tx, 1, a2, day(0))
        _interview(tx, 1, a2, day(3), round_=2)
        iv3 = _interview(tx, 1, a3, day(0))
        iv5 = _interview(tx, 1, a5, day(0))
        _interview(tx, 1, a6, day(0))
        # Thank-you notes: two on time, one late, one missing, one not due yet, one cancelled.
        _thank_you(tx, 1, a1, iv1, "t1", "done", day(0.5))
        _thank_you(tx, 1, a3, iv3, "t3", "done", day(0.9))
        _thank_you(tx, 1, a2, iv2, "t2", "done", day(1.5))
        _thank_you(tx, 1, a5, iv5, "t5", "pending", None)
        _thank_you(tx, 1, a1, iv1, "t1b", "cancelled", None)
        for app_id, days in ((a1, (2, 7)), (a3, (2, 7)), (a5, (2,)), (a6, (2,))):
            for d in days:
                _follow_up(tx, 1, app_id, day(d))
        _questions(
            tx,
            1,
            a1,
            iv1,
            [("Tell me about a conflict.", 2, "conflict"), ("Why this company?", 4, "why")],
        )
        _questions(tx, 1, a2, iv2, [("Why us?", 5, "why")])
        _questions(
            tx,
            1,
            a3,
            iv3,
            [
                ("Describe a disagreement with a colleague.", 3, "conflict"),
                ("How do you test data quality?", 2, ""),
                ("Your biggest weakness?", 1, "weakness"),
                ("What is your greatest weakness?", 1, "weakness"),
            ],
        )
        _questions(
            tx,
            1,
            a5,
            iv5,
            [("A conflict you handled?", 1, "conflict"), ("How do you test data-quality", 3, "")],
        )
        # Another owner's search: never counted.
        other = _app(tx, 2, "Acme", "closed", outcome_kind="rejected", outcome_at=day(1))
        other_iv = _interview(tx, 2, other, day(0))
        _interview(tx, 2, _app(tx, 2, "Zeta", "offer", outcome_kind="offer"), day(0))
        _thank_you(tx, 2, other, other_iv, "o1", "pending", None)
        _follow_up(tx, 2, other, day(0.5))
        _questions(
            tx, 2, other, other_iv, [("Tell me about a conflict.", 1, "c"), ("Conflict?", 1, "c")]
        )
    for owner in (1, 2):
        with account(db, owner).write() as tx:
            learn.group_ungrouped(tx)


def test_the_funnel_counts_applications_interviews_and_offers(db: Database) -> None:
    build(db)
    result = insights(local(db), now=NOW)
    assert result.funnel == calc.Funnel(applications=6, interviews=5, offers=1)


def test_time_to_decision_is_the_median_per_company_from_the_last_round(db: Database) -> None:
    build(db)
    result = insights(local(db), now=NOW)
    assert result.decision_times == (calc.DecisionTime("Acme", 2, 7.0),)
    assert result.decision_median == 7.0


def test_thank_you_notes_on_time_late_and_missing(db: Database) -> None:
    build(db)
    thanks = insights(local(db), now=NOW).thank_yous
    assert (thanks.on_time, thanks.late, thanks.missing) == (2, 1, 1)
    assert thanks.share.percent() == "67%"


def test_reply_rate_after_the_first_and_the_second_follow_up(db: Database) -> None:
    build(db)
    first, second = insights(local(db), now=NOW).follow_ups
    assert (first.sent, first.replied) == (4, 1)
    assert (second.sent, second.replied) == (2, 1)


def test_silence_is_the_share_of_ended_processes_that_closed(db: Database) -> None:
    build(db)
    assert insights(local(db), now=NOW).silence == calc.Share(1, 4)


def test_weak_spots_are_low_rated_questions_that_recur_across_interviews(db: Database) -> None:
    build(db)
    spots = insights(local(db), now=NOW).weak_spots
    assert [(s.question, s.interviews, s.asked, s.average) for s in spots] == [
        ("Tell me about a conflict.", 3, 3, 2.0),
        ("How do you test data quality?", 2, 2, 2.5),
    ]


def test_an_empty_search_has_no_figures_and_no_division_by_zero(db: Database) -> None:
    result = insights(local(db), now=NOW)
    assert result.funnel == calc.Funnel(0, 0, 0)
    assert result.silence.ratio is None
    assert result.thank_yous.share.percent() == "—"
    assert to_builtins(result)["weak_spots"] == []


@pytest.mark.parametrize("days", [0, 0.5, 1, 1.01, 30, 400])
def test_the_kept_aggregates_at_any_time_equal_the_figures_counted_by_the_database(
    db: Database, days: float
) -> None:
    build(db)
    kept = aggregates(local(db))
    assert kept.at(day(days)) == insights(local(db), now=day(days))

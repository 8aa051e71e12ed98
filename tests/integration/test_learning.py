"""The journal and the question bank on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from afterview.domain.errors import InputError
from afterview.interview_file import read_data
from afterview.services import journal, question_bank, tracking
from afterview.storage.db import Database, to_datetime
from tests.acting import local
from tests.conftest import EXAMPLES

TORONTO = ZoneInfo("America/Toronto")
ADDED = datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO)
EVENING = datetime(2026, 11, 20, 20, 0, tzinfo=TORONTO)

DEBRIEF: dict[str, Any] = {
    "questions": [
        {
            "q": "Tell me about a time you failed.",
            "answer": "At my last job our nightly load broke. I rewrote the retry logic, "
            "which cut failures by 90%.",
            "rating": 4,
            "asked_by": "Priya Raman",
        },
        {
            "q": "How do you test data quality?",
            "answer": "Row counts.",
            "rating": 2,
            "asked_by": "Tom Becker",
        },
    ],
    "stood_out": "Blameless postmortems.",
    "feelings": "Calm by the end.",
}


def _add(db: Database, company: str | None = None, start: str | None = None) -> int:
    data = read_data(EXAMPLES / "panel-interview.yaml")
    if company:
        data["application"]["company"] = company
    if start:
        data["interview"]["start"] = start
    data["interview"].pop("notes", None)
    return tracking.add(local(db), data, source="test", now=ADDED).replanned.application_id


def _step(db: Database, app_id: int, kind: str) -> str:
    with local(db).read() as tx:
        row = tx.one(
            "SELECT status FROM actions WHERE application_id = :a AND kind = :k",
            {"a": app_id, "k": kind},
        )
    assert row is not None
    return str(row["status"])


def test_a_debrief_is_stored_indexed_checked_and_marks_its_step_done(db: Database) -> None:
    app_id = _add(db)
    assert _step(db, app_id, "reflection_write") == "pending"

    written = journal.debrief(local(db), app_id, DEBRIEF, now=EVENING)

    assert [a.question.q for a in written.answers] == [q["q"] for q in DEBRIEF["questions"]]
    assert written.answers[0].star.missing == ("task",)  # a story without its goal
    assert not written.answers[1].star.applies  # not a story question, not told as one
    assert written.debriefed_at == EVENING
    assert written.revisit_opens == EVENING + timedelta(days=2)
    assert _step(db, app_id, "reflection_write") == "done"
    assert all(a.group_id is not None for a in written.answers)
    with local(db).read() as tx:
        count = tx.one("SELECT COUNT(*) AS n FROM questions")
    assert count is not None
    assert count["n"] == 2


def test_writing_the_debrief_again_replaces_its_questions_and_keeps_its_time(
    db: Database,
) -> None:
    app_id = _add(db)
    journal.debrief(local(db), app_id, DEBRIEF, now=EVENING)
    later = EVENING + timedelta(hours=1)
    again = journal.debrief(
        local(db), app_id, {"questions": [{"q": "Why do you want to work here?"}]}, now=later
    )
    assert [a.question.q for a in again.answers] == ["Why do you want to work here?"]
    assert again.debriefed_at == EVENING  # the revisit's date does not move
    with local(db).read() as tx:
        texts = [r["text"] for r in tx.all("SELECT text FROM questions")]
    assert texts == ["Why do you want to work here?"]


def test_a_bad_rating_is_one_sentence_naming_the_field_and_nothing_changes(
    db: Database,
) -> None:
    app_id = _add(db)
    bad = {"questions": [{"q": "Why us?", "rating": 9}]}
    with pytest.raises(InputError, match=r"questions\[0\]\.rating") as caught:
        journal.debrief(local(db), app_id, bad, now=EVENING)
    assert "interview.notes" not in str(caught.value)
    assert _step(db, app_id, "reflection_write") == "pending"
    with local(db).read() as tx:
        assert tx.all("SELECT id FROM questions") == []


def test_the_revisit_is_refused_before_two_days_and_accepted_after(db: Database) -> None:
    app_id = _add(db)
    entry = {"went_well": "The pipeline story.", "still_want": 4, "still_want_why": "The team."}
    with pytest.raises(InputError, match="debrief first"):
        journal.revisit(local(db), app_id, entry, now=EVENING)
    journal.debrief(local(db), app_id, DEBRIEF, now=EVENING)
    with pytest.raises(InputError, match=r"opens on Sun 22 Nov 20:00"):
        journal.revisit(local(db), app_id, entry, now=EVENING + timedelta(days=1))
    assert _step(db, app_id, "reflection_revisit") == "pending"

    done = journal.revisit(local(db), app_id, entry, now=EVENING + timedelta(days=2))

    assert done.revisit is not None
    assert done.revisit.still_want == 4
    assert _step(db, app_id, "reflection_revisit") == "done"
    again = journal.revisit(
        local(db),
        app_id,
        {**entry, "takeaways": "Prepare testing stories."},
        now=EVENING + timedelta(3),
    )
    assert again.revisit is not None
    assert again.revisit.takeaways == "Prepare testing stories."
    with local(db).read() as tx:
        rows = tx.all("SELECT kind FROM reflections")
    assert rows == [{"kind": "revisit"}]  # one revisit per interview, rewritten


def test_the_bank_groups_paraphrases_across_interviews(db: Database) -> None:
    first = _add(db, "Northwind Robotics")
    second = _add(db, "Contoso Data", start="2026-12-01T10:00")
    journal.debrief(local(db), first, DEBRIEF, now=EVENING)
    journal.debrief(
        local(db),
        second,
        {
            "questions": [
                {
                    "q": "Describe a failure and what you learnt from it.",
                    "answer": "I once shipped a broken schema.",
                    "rating": 3,
                },
                {"q": "Where do you see yourself in five years?", "rating": 5},
            ]
        },
        now=datetime(2026, 12, 1, 18, 0, tzinfo=TORONTO),
    )

    groups = question_bank.bank(local(db))

    failed = next(g for g in groups if g.text == "Tell me about a time you failed.")
    assert failed.times == 2
    assert failed.variants == (
        "Tell me about a time you failed.",
        "Describe a failure and what you learnt from it.",
    )
    assert [r for _, r in failed.ratings] == [4, 3]
    assert failed.best is not None
    assert failed.best.company == "Northwind Robotics"  # rated 4, better than the later 3
    assert len(groups) == 3
    picks = question_bank.practice(local(db), 2)
    assert picks[0].text == "Tell me about a time you failed."  # asked twice, latest 3
    assert picks[1].text == "How do you test data quality?"  # once, rated 2


def test_deleting_a_groups_first_question_hands_the_group_to_the_next(db: Database) -> None:
    first = _add(db, "Northwind Robotics")
    second = _add(db, "Contoso Data", start="2026-12-01T10:00")
    journal.debrief(local(db), first, DEBRIEF, now=EVENING)
    journal.debrief(
        local(db),
        second,
        {"questions": [{"q": "Describe a failure and what you learnt from it."}]},
        now=datetime(2026, 12, 1, 18, 0, tzinfo=TORONTO),
    )
    journal.debrief(local(db), first, {"questions": [{"q": "Why us?"}]}, now=EVENING)
    with local(db).read() as tx:
        row = tx.one("SELECT id, group_id FROM questions WHERE text LIKE 'Describe%'")
    assert row is not None
    assert row["group_id"] == row["id"]


def test_questions_added_with_an_interview_file_join_the_bank(db: Database) -> None:
    tracking.add(local(db), read_data(EXAMPLES / "panel-interview.yaml"), source="t", now=ADDED)
    groups = question_bank.bank(local(db))
    assert sorted(g.text for g in groups) == [
        "How do you test data quality?",
        "Tell us about a pipeline you rebuilt.",
    ]


def _ungrouped_row(db: Database, app_id: int) -> None:
    """A row written without a group, as by a writer that does not index."""
    with local(db).write() as tx:
        row = tx.one("SELECT interview_id, asked_at FROM questions LIMIT 1")
        assert row is not None
        tx.execute(
            """INSERT INTO questions (owner_id, application_id, interview_id, position, text,
                 rating, asked_at, group_id, created_at)
               VALUES (1, :app, :iv, 9, 'Describe a failure and what you learnt.', 1, :at,
                 NULL, :at)""",
            {"app": app_id, "iv": row["interview_id"], "at": EVENING},
        )


def test_reading_the_bank_leaves_rows_without_a_group_to_the_next_write(db: Database) -> None:
    app_id = _add(db)
    journal.debrief(local(db), app_id, DEBRIEF, now=EVENING)
    _ungrouped_row(db, app_id)

    question_bank.bank(local(db))
    with local(db).read() as tx:  # the read wrote nothing
        assert len(tx.all("SELECT id FROM questions WHERE group_id IS NULL")) == 1

    _add(db, "Contoso Data", start="2026-12-01T10:00")  # the next interview stored
    failed = next(
        g for g in question_bank.bank(local(db)) if g.text == "Tell me about a time you failed."
    )
    assert failed.times == 2
    with local(db).read() as tx:
        assert tx.all("SELECT id FROM questions WHERE group_id IS NULL") == []


QUESTIONS = [
    "Tell me about a time you failed.",
    "Describe a failure and what you learnt from it.",
    "How do you test data quality?",
    "What checks do you run on data quality?",
    "Where do you see yourself in five years?",
    "Why do you want to work here?",
    "What is your greatest weakness?",
    "What would you say is your biggest weakness?",
]


def _notes(n: int) -> dict[str, Any]:
    picked = [QUESTIONS[(n * 3 + k) % len(QUESTIONS)] for k in range(3)]
    return {"questions": [{"q": q, "rating": 1 + (n + k) % 5} for k, q in enumerate(picked)]}


def _bank_rows(db: Database) -> list[tuple[Any, ...]]:
    with local(db).read() as tx:
        rows = tx.all(
            """SELECT i.start_at, q.position, q.text, q.rating, g.text AS head
               FROM questions q JOIN interviews i ON i.id = q.interview_id
               JOIN questions g ON g.id = q.group_id ORDER BY i.start_at, q.position"""
        )
    return [(to_datetime(r.pop("start_at")), *r.values()) for r in rows]


def test_questions_indexed_in_bulk_on_write_equal_those_indexed_one_debrief_at_a_time(
    db: Database, tmp_path: Any
) -> None:
    # Eight interviews stored with their notes (as by a file or an import): indexed in bulk.
    for n in range(8):
        data = read_data(EXAMPLES / "panel-interview.yaml")
        data["application"]["company"] = f"Company {n}"
        data["interview"]["start"] = f"2026-11-{10 + n}T10:00"
        data["interview"]["notes"] = _notes(n)
        tracking.add(local(db), data, source="test", now=ADDED)
    # The same interviews stored bare, then debriefed one by one (the plain path).
    plain = Database(f"sqlite:///{tmp_path / 'plain.db'}")
    for n in range(8):
        app_id = _add(plain, f"Company {n}", start=f"2026-11-{10 + n}T10:00")
        journal.debrief(local(plain), app_id, _notes(n), now=EVENING)

    assert _bank_rows(db) == _bank_rows(plain)
    assert question_bank.bank(local(db)) == question_bank.bank(local(plain))

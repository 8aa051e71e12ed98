"""Reading and writing the journal: the ``questions`` index and the ``reflections``.

``questions`` is derived from each interview's ``notes`` (the debrief): when the notes of
an interview change, its rows are deleted and written again, and every new row is placed
in a group by :class:`afterview.domain.questions.Grouper`, fed with one representative per
existing group (the group's first question, whose id is the ``group_id``). A group whose
first question was just deleted is handed to its oldest remaining member, so ``group_id``
always names a stored question of the group.

Every function takes an open :class:`~afterview.storage.db.Tx` acting for an account and
reads and writes that account's rows only (``tx.owner``); none commits.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from afterview.domain.models import Question
from afterview.storage.archive_repo import new_ids
from afterview.storage.db import Tx, stored_value, to_datetime
from afterview.storage.repository import dumps

if TYPE_CHECKING:
    from afterview.domain.questions import Grouper

# -- questions ------------------------------------------------------------------------------


def representatives(tx: Tx) -> list[tuple[int, str]]:
    """One ``(group_id, text)`` per group: the group's first question."""
    rows = tx.all(
        "SELECT id, text FROM questions WHERE owner_id = :owner AND id = group_id ORDER BY id",
        {"owner": tx.owner},
    )
    return [(int(r["id"]), str(r["text"])) for r in rows]


def replace_questions(
    tx: Tx,
    app_id: int,
    interview_id: int,
    questions: tuple[Question, ...],
    asked_at: datetime,
    now: datetime,
) -> list[int]:
    """Rewrite one interview's rows of the index; returns the group of each question."""
    tx.execute(
        "DELETE FROM questions WHERE interview_id = :iv AND owner_id = :owner",
        {"iv": interview_id, "owner": tx.owner},
    )
    _rehead_orphans(tx)
    grouper = _grouper(tx)
    groups: list[int] = []
    for position, question in enumerate(questions):
        new_id = tx.insert(
            """INSERT INTO questions (owner_id, application_id, interview_id, position, text,
                 answer, rating, asked_by, asked_at, group_id, created_at)
               VALUES (:owner, :app, :iv, :position, :text, :answer, :rating, :asked_by,
                 :asked_at, NULL, :now)
               RETURNING id""",
            {
                "owner": tx.owner,
                "app": app_id,
                "iv": interview_id,
                "position": position,
                "text": question.q,
                "answer": question.answer,
                "rating": question.rating,
                "asked_by": question.asked_by,
                "asked_at": asked_at,
                "now": now,
            },
        )
        group = grouper.add(question.q, new_group=new_id)
        tx.execute("UPDATE questions SET group_id = :g WHERE id = :id", {"g": group, "id": new_id})
        groups.append(group)
    return groups


def _grouper(tx: Tx) -> Grouper:
    """A grouper fed with the owner's groups (RapidFuzz is imported here, when a question is
    written, rather than by every command that merely imports the storage)."""
    from afterview.domain.questions import Grouper

    return Grouper(representatives(tx))


def _rehead_orphans(tx: Tx) -> None:
    """Groups whose first question is gone take their oldest remaining member's id."""
    orphans = tx.all(
        """SELECT group_id, MIN(id) AS head FROM questions q
           WHERE owner_id = :owner AND NOT EXISTS
             (SELECT 1 FROM questions h WHERE h.id = q.group_id)
           GROUP BY group_id""",
        {"owner": tx.owner},
    )
    for row in orphans:
        tx.execute(
            "UPDATE questions SET group_id = :head WHERE owner_id = :owner AND group_id = :old",
            {"head": row["head"], "owner": tx.owner, "old": row["group_id"]},
        )


def index_unindexed(tx: Tx, now: datetime) -> int:
    """Index the questions of interviews stored without going through the debrief (an
    interview file added with its notes, an edited interview, an import); returns how many
    interviews were indexed.

    Called by every writer of ``interviews.notes`` in its own transaction, so that reading
    the bank or the insights never writes. In bulk: the new rows take their ids up front and
    are placed in id order after any row another writer left without a group, exactly as
    :func:`replace_questions` would have placed them interview after interview, then go in
    with their groups in one ``executemany``, at a fraction of the cost (one grouper and one
    statement for the whole batch instead of several per interview).
    """
    rows = tx.all(
        """SELECT i.id, i.application_id, i.start_at, i.notes FROM interviews i
           WHERE i.owner_id = :owner AND i.notes LIKE :has_question AND NOT EXISTS
             (SELECT 1 FROM questions q WHERE q.interview_id = i.id)
           ORDER BY i.start_at, i.id""",
        {"owner": tx.owner, "has_question": '%"q": %'},
    )
    _rehead_orphans(tx)  # an edited interview's rows were dropped with their heads
    asked = [
        (row, position, question)
        for row in rows
        for position, question in enumerate(_asked(row["notes"]))
    ]
    grouper = _grouper(tx) if asked else None
    group_ungrouped(tx, grouper)  # rows left without a group are older: placed first
    if grouper is None:
        return len(rows)
    created = stored_value(tx.dialect, now)
    new_rows = [  # positional, times as stored: an import brings tens of thousands
        (
            new_id,
            tx.owner,
            row["application_id"],
            row["id"],
            position,
            question.q,
            question.answer,
            question.rating,
            question.asked_by,
            row["start_at"],  # the interview's start, as the database holds it
            grouper.add(question.q, new_group=new_id),
            created,
        )
        for new_id, (row, position, question) in zip(
            new_ids(tx, "questions", len(asked)), asked, strict=True
        )
    ]
    tx.insert_rows("questions", _QUESTION_COLUMNS, new_rows)
    return len(rows)


_QUESTION_COLUMNS = (
    "id",
    "owner_id",
    "application_id",
    "interview_id",
    "position",
    "text",
    "answer",
    "rating",
    "asked_by",
    "asked_at",
    "group_id",
    "created_at",
)


def _asked(notes: str) -> tuple[Question, ...]:
    """The questions in an interview's stored notes (JSON), as the debrief would store them."""
    asked = json.loads(notes).get("questions") or []
    return tuple(
        Question(
            str(q["q"]),
            q.get("answer"),
            q.get("rating") if isinstance(q.get("rating"), int) else None,
            q.get("asked_by"),
        )
        for q in asked
        if isinstance(q, dict) and q.get("q")
    )


def group_ungrouped(tx: Tx, grouper: Grouper | None = None) -> int:
    """Place rows written without a group (by another writer, or an import) in one; returns
    how many were placed. ``grouper``: one already fed with the owner's groups, which goes
    on to place more."""
    rows = tx.all(
        "SELECT id, text FROM questions WHERE owner_id = :owner AND group_id IS NULL ORDER BY id",
        {"owner": tx.owner},
    )
    if not rows:
        return 0
    if grouper is None:
        grouper = _grouper(tx)
    updates = [{"g": grouper.add(r["text"], new_group=r["id"]), "id": r["id"]} for r in rows]
    tx.executemany("UPDATE questions SET group_id = :g WHERE id = :id", updates)
    return len(rows)


def question_rows(tx: Tx) -> list[dict[str, Any]]:
    """Every indexed question with its application's company, oldest first (a row not yet
    placed in a group, which the next write will place, stands as a group of its own)."""
    rows = tx.all(
        """SELECT q.id, COALESCE(q.group_id, q.id) AS group_id, q.text, q.answer, q.rating,
                  q.asked_by, q.asked_at, q.application_id, q.interview_id, a.company
           FROM questions q JOIN applications a ON a.id = q.application_id
           WHERE q.owner_id = :owner ORDER BY q.asked_at, q.id""",
        {"owner": tx.owner},
    )
    for row in rows:
        row["asked_at"] = to_datetime(row["asked_at"])
    return rows


def interview_groups(tx: Tx, interview_id: int) -> list[int]:
    """The group of each indexed question of one interview, in the order they were asked."""
    rows = tx.all(
        "SELECT group_id FROM questions WHERE interview_id = :iv AND owner_id = :owner "
        "ORDER BY position",
        {"iv": interview_id, "owner": tx.owner},
    )
    return [int(r["group_id"]) for r in rows]


# -- reflections ----------------------------------------------------------------------------


def reflection(tx: Tx, interview_id: int, kind: str) -> dict[str, Any] | None:
    """The latest entry of ``kind`` for one interview, its data decoded."""
    row = tx.one(
        """SELECT * FROM reflections WHERE owner_id = :owner AND interview_id = :iv
             AND kind = :kind ORDER BY written_at DESC, id DESC LIMIT 1""",
        {"owner": tx.owner, "iv": interview_id, "kind": kind},
    )
    if row is None:
        return None
    row["data"] = json.loads(row["data"])
    row["written_at"] = to_datetime(row["written_at"])
    return row


def save_reflection(
    tx: Tx,
    app_id: int,
    interview_id: int | None,
    kind: str,
    data: dict[str, Any],
    written_at: datetime,
    now: datetime,
) -> int:
    """Store an entry; a revisit is one per interview, so writing it again replaces it."""
    if kind == "revisit" and interview_id is not None:
        existing = reflection(tx, interview_id, kind)
        if existing is not None:
            tx.execute(
                """UPDATE reflections SET data = :data, written_at = :at, updated_at = :now
                   WHERE id = :id""",
                {"data": dumps(data), "at": written_at, "now": now, "id": existing["id"]},
            )
            return int(existing["id"])
    return tx.insert(
        """INSERT INTO reflections (owner_id, application_id, interview_id, kind, data,
             written_at, created_at, updated_at)
           VALUES (:owner, :app, :iv, :kind, :data, :at, :now, :now) RETURNING id""",
        {
            "owner": tx.owner,
            "app": app_id,
            "iv": interview_id,
            "kind": kind,
            "data": dumps(data),
            "at": written_at,
            "now": now,
        },
    )


def add_expressive(tx: Tx, app_id: int, interview_id: int | None, text: str, now: datetime) -> int:
    """Keep a private expressive-writing entry (never part of a draft); returns its id."""
    return tx.insert(
        """INSERT INTO reflections (owner_id, application_id, interview_id, kind, data,
                 written_at, created_at, updated_at)
               VALUES (:owner, :app, :iv, 'expressive', :data, :now, :now, :now)
               RETURNING id""",
        {
            "owner": tx.owner,
            "app": app_id,
            "iv": interview_id,
            "data": dumps({"text": text}),
            "now": now,
        },
    )


def count_expressive(tx: Tx, app_id: int) -> int:
    """How many private expressive-writing entries the application has."""
    row = tx.one(
        """SELECT COUNT(*) AS n FROM reflections WHERE owner_id = :o AND application_id = :a
             AND kind = 'expressive'""",
        {"o": tx.owner, "a": app_id},
    )
    return int(row["n"]) if row else 0


__all__ = [
    "add_expressive",
    "count_expressive",
    "group_ungrouped",
    "index_unindexed",
    "interview_groups",
    "question_rows",
    "reflection",
    "replace_questions",
    "representatives",
    "save_reflection",
]

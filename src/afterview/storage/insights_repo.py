"""The Insights page's aggregates, counted by the database.

Each function is one query over the account's own rows (the indexes on ``owner_id`` serve
all of them) and returns rows that are already small: counts, one row per decided or
followed-up process, one row per recurring question group.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from afterview.storage.db import Tx


def pending_thank_you_dues(tx: Tx) -> list[dict[str, Any]]:
    """The due times of the thank-you notes still pending (unordered)."""
    return tx.all(
        """SELECT due FROM actions WHERE owner_id = :o AND kind = 'thank_you'
             AND status = 'pending' AND due IS NOT NULL""",
        {"o": tx.owner},
    )


def application_counts(tx: Tx) -> dict[str, Any] | None:
    """``apps``, ``interviewed``, ``offers``, ``closed`` and ``ended`` in one row (the
    sums are NULL when there is no application)."""
    return tx.one(
        """SELECT COUNT(*) AS apps,
             SUM(CASE WHEN a.status IN ('interviewing', 'offer') OR EXISTS (
                   SELECT 1 FROM interviews i WHERE i.application_id = a.id)
                 THEN 1 ELSE 0 END) AS interviewed,
             SUM(CASE WHEN a.outcome_kind = 'offer' OR a.status = 'offer'
                 THEN 1 ELSE 0 END) AS offers,
             SUM(CASE WHEN a.status = 'closed' THEN 1 ELSE 0 END) AS closed,
             SUM(CASE WHEN a.status IN ('offer', 'rejected', 'withdrawn', 'closed')
                 THEN 1 ELSE 0 END) AS ended
           FROM applications a WHERE a.owner_id = :o""",
        {"o": tx.owner},
    )


def decisions(tx: Tx) -> list[dict[str, Any]]:
    """Each decided process (offer or rejection): its company, when the decision came and
    when the last interview before it ended."""
    return tx.all(
        """SELECT a.company, a.outcome_at, MAX(i.end_at) AS ended
           FROM applications a JOIN interviews i ON i.application_id = a.id
           WHERE a.owner_id = :o AND a.outcome_kind IN ('offer', 'rejected')
             AND a.outcome_at IS NOT NULL AND i.end_at <= a.outcome_at
           GROUP BY a.id, a.company, a.outcome_at""",
        {"o": tx.owner},
    )


def thank_you_counts(tx: Tx, now: datetime | None) -> dict[str, Any] | None:
    """Thank-you notes sent on time, sent late, and (with ``now``) pending past their due
    time, in one row."""
    return tx.one(
        """SELECT
             SUM(CASE WHEN status = 'done' AND done_at <= due THEN 1 ELSE 0 END) AS on_time,
             SUM(CASE WHEN status = 'done' AND (done_at IS NULL OR done_at > due)
                 THEN 1 ELSE 0 END) AS late,
             SUM(CASE WHEN status = 'pending' AND due < :now THEN 1 ELSE 0 END) AS missing
           FROM actions WHERE owner_id = :o AND kind = 'thank_you'""",
        {"o": tx.owner, "now": now},
    )


def follow_ups(tx: Tx) -> list[dict[str, Any]]:
    """Per followed-up application: when the first and second follow-ups went, and what
    the application records of a reply or an outcome."""
    return tx.all(
        """SELECT f.application_id,
             MIN(CASE WHEN f.n = 1 THEN f.at END) AS first,
             MIN(CASE WHEN f.n = 2 THEN f.at END) AS second,
             a.replied_at, a.outcome_kind, a.outcome_at
           FROM (SELECT application_id, at,
                   ROW_NUMBER() OVER (PARTITION BY application_id ORDER BY at, id) AS n
                 FROM history WHERE owner_id = :o AND kind = 'follow_up') f
           JOIN applications a ON a.id = f.application_id
           WHERE f.n <= 2
           GROUP BY f.application_id, a.replied_at, a.outcome_kind, a.outcome_at""",
        {"o": tx.owner},
    )


def recurring_question_groups(tx: Tx, recurring: int) -> list[dict[str, Any]]:
    """Question groups asked in at least ``recurring`` interviews: how often, in how many
    interviews, the sum and count of the self-ratings, and the group's wording."""
    return tx.all(
        """SELECT g.group_id, g.asked, g.interviews, g.total, g.rated, q.text
           FROM (SELECT group_id, COUNT(*) AS asked,
                   COUNT(DISTINCT interview_id) AS interviews,
                   SUM(rating) AS total, COUNT(rating) AS rated
                 FROM questions WHERE owner_id = :o AND group_id IS NOT NULL
                 GROUP BY group_id
                 HAVING COUNT(DISTINCT interview_id) >= :recurring) g
           JOIN questions q ON q.id = g.group_id""",
        {"o": tx.owner, "recurring": recurring},
    )

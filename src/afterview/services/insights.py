"""Insights over the tracked search: SQL aggregates in, the domain's figures out.

Each figure is one query that lets the database do the counting (the indexes on
``owner_id`` serve all of them) and hands the domain (``domain/insights.py``) rows that are
already small: counts, one row per decided or followed-up process, one row per question
group. Only the owner's own rows are read. 10,000 applications and 50,000 questions take
well under the two-second budget (``benchmarks/bench_insights.py``).

Recurring weak spots read the question bank's index (``questions``): its ``group_id``
joins paraphrases of one question. The index is written with the interviews (add, edit,
debrief, import), so computing the insights never writes.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from afterview.domain import insights as calc
from afterview.services.ports import Tx, UnitOfWork
from afterview.services.ports import insights_repo as stats
from afterview.stored import to_datetime


@dataclass(frozen=True, slots=True)
class Aggregates:
    """The figures as the stored data alone decides them, so that a caller may keep them
    until the data changes (``web/insights.py`` does). The one figure that moves with the
    clock, thank-you notes still missing, is kept as the sorted due times of the pending
    ones: :meth:`at` counts those past ``now`` without asking the database again."""

    funnel: calc.Funnel
    decision_times: tuple[calc.DecisionTime, ...]
    decision_median: float | None
    thank_yous_on_time: int
    thank_yous_late: int
    thank_yous_pending: tuple[datetime, ...]  # due times, earliest first
    follow_ups: tuple[calc.FollowUpReplies, ...]
    silence: calc.Share
    weak_spots: tuple[calc.WeakSpot, ...]

    def at(self, now: datetime) -> calc.Insights:
        """Every figure at ``now``."""
        missing = bisect.bisect_left(self.thank_yous_pending, now)  # due before now
        return calc.Insights(
            self.funnel,
            self.decision_times,
            self.decision_median,
            calc.ThankYous(self.thank_yous_on_time, self.thank_yous_late, missing),
            self.follow_ups,
            self.silence,
            self.weak_spots,
        )


def insights(work: UnitOfWork, *, now: datetime) -> calc.Insights:
    """Every figure of the Insights page, from one consistent snapshot (read-only), each
    counted by the database (the plain path; the web page keeps :func:`aggregates`)."""
    with work.read() as tx:
        counts = _counts(tx)
        times, median = calc.decision_times(_decisions(tx))
        return calc.Insights(
            calc.Funnel(counts["apps"], counts["interviewed"], counts["offers"]),
            times,
            median,
            _thank_yous(tx, now),
            calc.follow_up_replies(_follow_ups(tx)),
            calc.Share(counts["closed"], counts["ended"]),
            calc.weak_spots(_question_groups(tx)),
        )


def aggregates(work: UnitOfWork) -> Aggregates:
    """The figures at any time, from one consistent snapshot (read-only)."""
    with work.read() as tx:
        counts = _counts(tx)
        times, median = calc.decision_times(_decisions(tx))
        sent = _thank_yous(tx, None)
        return Aggregates(
            calc.Funnel(counts["apps"], counts["interviewed"], counts["offers"]),
            times,
            median,
            sent.on_time,
            sent.late,
            _pending_thank_yous(tx),
            calc.follow_up_replies(_follow_ups(tx)),
            calc.Share(counts["closed"], counts["ended"]),
            calc.weak_spots(_question_groups(tx)),
        )


def _pending_thank_yous(tx: Tx) -> tuple[datetime, ...]:
    rows = stats.pending_thank_you_dues(tx)
    return tuple(sorted(d for d in (to_datetime(r["due"]) for r in rows) if d is not None))


def _int(row: dict[str, Any] | None, key: str) -> int:
    return int(row[key] or 0) if row else 0


def _counts(tx: Tx) -> dict[str, int]:
    row = stats.application_counts(tx)
    return {k: _int(row, k) for k in ("apps", "interviewed", "offers", "closed", "ended")}


def _decisions(tx: Tx) -> list[tuple[str, datetime, datetime]]:
    rows = stats.decisions(tx)
    out = []
    for r in rows:
        ended, decided = to_datetime(r["ended"]), to_datetime(r["outcome_at"])
        if ended is not None and decided is not None:
            out.append((str(r["company"]), ended, decided))
    return out


def _thank_yous(tx: Tx, now: datetime | None) -> calc.ThankYous:
    """On time, late, and (with ``now``) missing at ``now``."""
    row = stats.thank_you_counts(tx, now)
    return calc.ThankYous(_int(row, "on_time"), _int(row, "late"), _int(row, "missing"))


def _follow_ups(tx: Tx) -> list[tuple[datetime | None, datetime | None, datetime | None]]:
    rows = stats.follow_ups(tx)
    out = []
    for r in rows:
        first = to_datetime(r["first"])
        answered = calc.first_answer(
            first, to_datetime(r["replied_at"]), r["outcome_kind"], to_datetime(r["outcome_at"])
        )
        out.append((first, to_datetime(r["second"]), answered))
    return out


def _question_groups(tx: Tx) -> list[calc.QuestionGroup]:
    grouped = stats.recurring_question_groups(tx, calc.RECURRING)
    return [
        calc.QuestionGroup(
            str(r["text"]), int(r["asked"]), int(r["interviews"]), _int(r, "total"), int(r["rated"])
        )
        for r in grouped
    ]

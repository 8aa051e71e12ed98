"""Insights: what a job search teaches, as numbers computed from the user's own records.

Pure: the service layer (``services/insights.py``) aggregates in SQL and hands over plain
rows; this module turns them into the figures the CLI, the web page and the charts show,
so every definition lives in one place and is tested on rows whose answers can be worked
out by hand:

* **Funnel** — applications, those that reached an interview, those that got an offer.
* **Time to decision** — calendar days from the last interview before the decision to the
  decision (an offer or a rejection), as a median per company and overall.
* **Thank-you notes on time** — sent before their 24-hour due time, out of those sent;
  notes still unsent past their due time are counted apart.
* **Reply rate after each follow-up** — of the processes where the first (second)
  follow-up went out, the share where the employer answered (a reply, an offer or a
  rejection) after it and before the next one.
* **Silence** — of the processes that ended (offer, rejection, withdrawal, closed), the
  share that ended in silence (``closed``).
* **Recurring weak spots** — the same question (one question-bank group) asked in at least
  two interviews with an average self-rating at or below ``WEAK_AVERAGE``.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# An average self-rating at or below this marks an answer worth practising: the same line
# the drafts use to pick an answer to strengthen (``drafting.WEAK_RATING``).
WEAK_AVERAGE = 3.0
RECURRING = 2  # asked in at least this many interviews
WEAK_SPOTS_SHOWN = 10
COMPANIES_SHOWN = 12
ANSWERED_OUTCOMES = ("offer", "rejected")  # an employer's answer; a withdrawal is the user's


@dataclass(frozen=True, slots=True)
class Share:
    """``part`` out of ``whole``; ``ratio`` is ``None`` when there is nothing to divide."""

    part: int
    whole: int

    @property
    def ratio(self) -> float | None:
        return self.part / self.whole if self.whole else None

    def percent(self) -> str:
        return "—" if self.ratio is None else f"{round(self.ratio * 100)}%"

    def to_json(self) -> dict[str, Any]:
        ratio = self.ratio
        return {
            "part": self.part,
            "whole": self.whole,
            "ratio": None if ratio is None else round(ratio, 4),
        }


@dataclass(frozen=True, slots=True)
class Funnel:
    applications: int
    interviews: int
    offers: int

    def to_json(self) -> dict[str, Any]:
        return {
            "applications": self.applications,
            "interviews": self.interviews,
            "offers": self.offers,
            "interview_rate": Share(self.interviews, self.applications).to_json()["ratio"],
            "offer_rate": Share(self.offers, self.interviews).to_json()["ratio"],
        }


@dataclass(frozen=True, slots=True)
class DecisionTime:
    company: str
    decisions: int
    median_days: float

    def to_json(self) -> dict[str, Any]:
        return {
            "company": self.company,
            "decisions": self.decisions,
            "median_days": self.median_days,
        }


@dataclass(frozen=True, slots=True)
class ThankYous:
    on_time: int
    late: int
    missing: int  # still unsent past their due time

    @property
    def sent(self) -> int:
        return self.on_time + self.late

    @property
    def share(self) -> Share:
        return Share(self.on_time, self.sent)

    def to_json(self) -> dict[str, Any]:
        return {
            "on_time": self.on_time,
            "late": self.late,
            "missing": self.missing,
            "sent": self.sent,
            "on_time_ratio": self.share.to_json()["ratio"],
        }


@dataclass(frozen=True, slots=True)
class FollowUpReplies:
    number: int  # 1 for the first follow-up, 2 for the second
    sent: int
    replied: int

    @property
    def share(self) -> Share:
        return Share(self.replied, self.sent)

    def to_json(self) -> dict[str, Any]:
        return {
            "follow_up": self.number,
            "sent": self.sent,
            "replied": self.replied,
            "ratio": self.share.to_json()["ratio"],
        }


@dataclass(frozen=True, slots=True)
class QuestionGroup:
    """One question-bank group as counted by the database."""

    text: str  # how the group reads: its first question
    asked: int
    interviews: int
    rating_total: int
    rated: int

    @property
    def average(self) -> float | None:
        return self.rating_total / self.rated if self.rated else None


@dataclass(frozen=True, slots=True)
class WeakSpot:
    question: str
    asked: int
    interviews: int
    average: float

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "asked": self.asked,
            "interviews": self.interviews,
            "average_rating": round(self.average, 2),
        }


@dataclass(frozen=True, slots=True)
class Insights:
    funnel: Funnel
    decision_times: tuple[DecisionTime, ...]
    decision_median: float | None
    thank_yous: ThankYous
    follow_ups: tuple[FollowUpReplies, ...]
    silence: Share
    weak_spots: tuple[WeakSpot, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "funnel": self.funnel.to_json(),
            "time_to_decision": {
                "median_days": self.decision_median,
                "by_company": [d.to_json() for d in self.decision_times],
            },
            "thank_you_notes": self.thank_yous.to_json(),
            "follow_up_replies": [f.to_json() for f in self.follow_ups],
            "silence": self.silence.to_json(),
            "weak_spots": [w.to_json() for w in self.weak_spots],
        }


# -- from rows to numbers ------------------------------------------------------------------


def decision_times(
    rows: Iterable[tuple[str, datetime, datetime]], *, limit: int = COMPANIES_SHOWN
) -> tuple[tuple[DecisionTime, ...], float | None]:
    """Median days to a decision per company (most decisions first) and overall.

    Each row is (company, end of the last interview before the decision, the decision).
    """
    by_company: dict[str, list[float]] = {}
    names: dict[str, str] = {}
    every: list[float] = []
    for company, ended, decided in rows:
        days = max((decided - ended).total_seconds(), 0.0) / 86_400
        key = " ".join(company.casefold().split())
        names.setdefault(key, company)
        by_company.setdefault(key, []).append(days)
        every.append(days)
    times = [
        DecisionTime(names[key], len(days), _one_decimal(statistics.median(days)))
        for key, days in by_company.items()
    ]
    times.sort(key=lambda t: (-t.decisions, t.company.casefold()))
    overall = _one_decimal(statistics.median(every)) if every else None
    return tuple(times[:limit]), overall


def follow_up_replies(
    rows: Iterable[tuple[datetime | None, datetime | None, datetime | None]],
) -> tuple[FollowUpReplies, FollowUpReplies]:
    """Reply rates after the first and the second follow-up.

    Each row is one process: (first follow-up, second follow-up, the employer's first
    answer after the first follow-up or ``None``). An answer counts for the first
    follow-up when it came after it and before the second; for the second when after it.
    """
    sent = [0, 0]
    replied = [0, 0]
    for first, second, answered in rows:
        if first is None:
            continue
        sent[0] += 1
        if answered is not None and answered > first and (second is None or answered <= second):
            replied[0] += 1
        if second is not None:
            sent[1] += 1
            if answered is not None and answered > second:
                replied[1] += 1
    return FollowUpReplies(1, sent[0], replied[0]), FollowUpReplies(2, sent[1], replied[1])


def first_answer(
    after: datetime | None,
    replied_at: datetime | None,
    outcome_kind: str | None,
    outcome_at: datetime | None,
) -> datetime | None:
    """The employer's first answer after ``after``: a reply, else an offer or rejection."""
    answers = [replied_at]
    if outcome_kind in ANSWERED_OUTCOMES:
        answers.append(outcome_at)
    later = [a for a in answers if a is not None and (after is None or a > after)]
    return min(later) if later else None


def weak_spots(
    groups: Iterable[QuestionGroup],
    *,
    threshold: float = WEAK_AVERAGE,
    recurring: int = RECURRING,
    limit: int = WEAK_SPOTS_SHOWN,
) -> tuple[WeakSpot, ...]:
    """Groups asked in ``recurring`` interviews or more and rated ``threshold`` or lower
    on average: the lowest average first, then the most often asked."""
    spots = [
        WeakSpot(g.text, g.asked, g.interviews, g.average)
        for g in groups
        if g.interviews >= recurring and g.average is not None and g.average <= threshold
    ]
    spots.sort(key=lambda s: (s.average, -s.interviews, -s.asked, s.question.casefold()))
    return tuple(spots[:limit])


def _one_decimal(value: float) -> float:
    return round(value, 1)

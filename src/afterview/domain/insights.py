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
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from afterview.domain.serial import computed, meta

# An average self-rating at or below this marks an answer worth practising: the same line
# the drafts use to pick an answer to strengthen (``drafting.WEAK_RATING``).
WEAK_AVERAGE = 3.0
RECURRING = 2  # asked in at least this many interviews
WEAK_SPOTS_SHOWN = 10
COMPANIES_SHOWN = 12
RATIO_DIGITS = 4  # a share as the JSON gives it: 0.3333
ANSWERED_OUTCOMES = ("offer", "rejected")  # an employer's answer; a withdrawal is the user's


@dataclass(frozen=True, slots=True)
class Share:
    """``part`` out of ``whole``; ``ratio`` is ``None`` when there is nothing to divide."""

    part: int
    whole: int

    @computed(digits=RATIO_DIGITS)
    def ratio(self) -> float | None:
        return self.part / self.whole if self.whole else None

    def percent(self) -> str:
        return "—" if self.ratio is None else f"{round(self.ratio * 100)}%"


@dataclass(frozen=True, slots=True)
class Funnel:
    applications: int
    interviews: int
    offers: int

    @computed(digits=RATIO_DIGITS)
    def interview_rate(self) -> float | None:
        return Share(self.interviews, self.applications).ratio

    @computed(digits=RATIO_DIGITS)
    def offer_rate(self) -> float | None:
        return Share(self.offers, self.interviews).ratio


@dataclass(frozen=True, slots=True)
class DecisionTime:
    company: str
    decisions: int
    median_days: float


@dataclass(frozen=True, slots=True)
class ThankYous:
    on_time: int
    late: int
    missing: int  # still unsent past their due time

    @computed
    def sent(self) -> int:
        return self.on_time + self.late

    @property
    def share(self) -> Share:
        return Share(self.on_time, self.sent)

    @computed(digits=RATIO_DIGITS)
    def on_time_ratio(self) -> float | None:
        return self.share.ratio


@dataclass(frozen=True, slots=True)
class FollowUpReplies:
    number: int = field(metadata=meta(name="follow_up"))  # 1 for the first, 2 for the second
    sent: int
    replied: int

    @property
    def share(self) -> Share:
        return Share(self.replied, self.sent)

    @computed(digits=RATIO_DIGITS)
    def ratio(self) -> float | None:
        return self.share.ratio


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
    average: float = field(metadata=meta(name="average_rating", digits=2))


@dataclass(frozen=True, slots=True)
class TimeToDecision:
    median_days: float | None  # over every company
    by_company: tuple[DecisionTime, ...]


@dataclass(frozen=True, slots=True)
class Insights:
    funnel: Funnel
    decision_times: tuple[DecisionTime, ...] = field(metadata=meta(omit=True))
    decision_median: float | None = field(metadata=meta(omit=True))
    thank_yous: ThankYous = field(metadata=meta(name="thank_you_notes"))
    follow_ups: tuple[FollowUpReplies, ...] = field(metadata=meta(name="follow_up_replies"))
    silence: Share
    weak_spots: tuple[WeakSpot, ...]

    json_order: ClassVar[tuple[str, ...]] = (
        "funnel", "time_to_decision", "thank_you_notes", "follow_up_replies", "silence",
        "weak_spots",
    )  # fmt: skip

    @computed
    def time_to_decision(self) -> TimeToDecision:
        return TimeToDecision(self.decision_median, self.decision_times)


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

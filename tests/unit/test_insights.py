"""The insight definitions, on plain rows whose answers are worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from afterview.domain import insights as calc
from afterview.domain.serial import to_builtins

T0 = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)


def d(days: float) -> datetime:
    return T0 + timedelta(days=days)


def test_a_reply_counts_for_the_follow_up_it_came_after() -> None:
    first, second = calc.follow_up_replies(
        [
            (d(0), None, d(2)),  # answered after the only follow-up
            (d(0), d(5), d(3)),  # answered between the two: counts for the first
            (d(0), d(5), d(6)),  # answered after the second
            (d(0), d(5), None),  # never answered
            (None, None, d(1)),  # no follow-up at all: not counted
        ]
    )
    assert (first.sent, first.replied) == (4, 2)
    assert (second.sent, second.replied) == (3, 1)


def test_the_first_answer_is_a_reply_or_an_offer_or_rejection_never_a_withdrawal() -> None:
    assert calc.first_answer(d(0), d(4), "rejected", d(3)) == d(3)
    assert calc.first_answer(d(0), None, "withdrawn", d(3)) is None
    assert calc.first_answer(d(5), d(4), None, None) is None  # before the follow-up


def test_decision_times_are_medians_per_company_folding_case_and_spaces() -> None:
    times, overall = calc.decision_times(
        [("Acme", d(0), d(4)), ("ACME ", d(0), d(10)), ("Beta", d(0), d(1)), ("Acme", d(0), d(7))]
    )
    assert times == (calc.DecisionTime("Acme", 3, 7.0), calc.DecisionTime("Beta", 1, 1.0))
    assert overall == 5.5


def test_weak_spots_recur_and_rate_low_weakest_first() -> None:
    groups = [
        calc.QuestionGroup("Conflict?", 3, 3, 6, 3),  # 2.0 over 3 interviews
        calc.QuestionGroup("Failure?", 2, 2, 5, 2),  # 2.5
        calc.QuestionGroup("Weakness?", 4, 1, 4, 4),  # 1.0 but in one interview only
        calc.QuestionGroup("Why us?", 2, 2, 9, 2),  # 4.5: a strength
        calc.QuestionGroup("Unrated?", 2, 2, 0, 0),  # no ratings: nothing to judge
    ]
    assert [w.question for w in calc.weak_spots(groups)] == ["Conflict?", "Failure?"]
    assert calc.weak_spots(groups, limit=1)[0].average == 2.0


def test_shares_say_nothing_rather_than_divide_by_zero() -> None:
    assert calc.Share(0, 0).percent() == "—"
    assert calc.Share(1, 3).percent() == "33%"
    assert to_builtins(calc.Share(1, 3)) == {"part": 1, "whole": 3, "ratio": 0.3333}

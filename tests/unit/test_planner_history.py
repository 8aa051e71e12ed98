"""What already happened shapes the plan: a reply's pause and steps done early."""

from datetime import date, datetime

from afterview.domain.models import Case, HistoryEntry, Outcome, Reply
from afterview.domain.planner import plan
from afterview.domain.settings import Policy
from afterview.domain.steps import Step
from tests.factories import TORONTO, case

# The factory interview: Friday 20 November 2026, "within two weeks" (read as Fri 04 Dec).
FIRST_SENT = datetime(2026, 12, 8, 9, 30, tzinfo=TORONTO)
WAIT_UNTIL = date(2027, 1, 8)


def _waiting() -> tuple[Case, tuple[Step, ...]]:
    c = case(
        history=(HistoryEntry("follow_up", "Priya Raman", "email", FIRST_SENT),),
        reply=Reply(datetime(2026, 12, 10, 11, 0, tzinfo=TORONTO), not_until=WAIT_UNTIL),
    )
    return c, plan(c, now=datetime(2026, 12, 10, 12, 0, tzinfo=TORONTO), policy=Policy()).actions


def test_no_pending_follow_up_is_planned_before_the_date_they_asked_you_to_wait_for() -> None:
    _, actions = _waiting()
    pending = [a for a in actions if a.kind == "follow_up" and a.status == "pending"]
    assert pending
    for a in pending:
        assert a.not_before.astimezone(TORONTO).date() > WAIT_UNTIL
        assert a.send_at is not None
        assert a.send_at.astimezone(TORONTO).date() > WAIT_UNTIL


def test_a_follow_up_sent_earlier_keeps_the_moment_it_was_sent() -> None:
    _, actions = _waiting()
    (done,) = [a for a in actions if a.kind == "follow_up" and a.status == "done"]
    assert done.not_before == FIRST_SENT
    assert done.due == FIRST_SENT


def test_a_thank_you_sent_early_keeps_its_own_time_in_the_plan() -> None:
    sent = datetime(2026, 11, 20, 17, 5, tzinfo=TORONTO)
    c = case(history=(HistoryEntry("thank_you", "Tom Becker", "email", sent),))
    actions = plan(c, now=datetime(2026, 11, 20, 18, 0, tzinfo=TORONTO), policy=Policy()).actions
    tom = next(a for a in actions if a.kind == "thank_you" and a.to == "Tom Becker")
    priya = next(a for a in actions if a.kind == "thank_you" and a.to == "Priya Raman")
    assert (tom.status, tom.not_before) == ("done", sent)
    assert priya.status == "pending"
    assert priya.not_before == c.interview.end


def test_after_a_rejection_the_plan_no_longer_says_celebrate() -> None:
    turned_down = Outcome("rejected", datetime(2026, 11, 20, 18, 0, tzinfo=TORONTO))
    c = case(outcome=turned_down)
    kinds = {
        a.kind
        for a in plan(c, now=datetime(2026, 11, 20, 18, 5, tzinfo=TORONTO), policy=Policy()).actions
    }
    assert "celebrate" not in kinds
    assert "rejection_reply" in kinds

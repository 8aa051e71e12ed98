from datetime import date, datetime, timedelta

import pytest
from msgspec.structs import replace

from afterview.domain.models import HistoryEntry, Outcome, PipelineEntry, Promise, Reply
from afterview.domain.planner import Plan, plan
from afterview.domain.rules import catalogue
from afterview.domain.serial import to_builtins
from afterview.domain.settings import Policy
from afterview.domain.steps import Step
from tests.factories import BERLIN, NEW_YORK, TORONTO, candidate, case, interview

# The factory interview: Friday 20 Nov 2026, 14:00-15:30 Toronto, "within two weeks".
AFTER = datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO)


def kinds(p: Plan, kind: str) -> list[Step]:
    return [a for a in p.actions if a.kind == kind]


def test_every_panel_member_gets_one_thank_you_due_within_24_hours() -> None:
    p = plan(case(), now=AFTER, policy=Policy())
    thanks = kinds(p, "thank_you")
    assert [a.to for a in thanks] == ["Priya Raman", "Tom Becker", "Ana López"]
    end = datetime(2026, 11, 20, 15, 30, tzinfo=TORONTO)
    for a in thanks:
        assert a.not_before == end
        assert a.due == end + timedelta(hours=24)
        assert a.channel == "email"


def test_thank_you_send_time_is_the_first_good_slot_in_the_recipients_zone() -> None:
    p = plan(case(), now=AFTER, policy=Policy())
    by_name = {a.to: a.send_at for a in kinds(p, "thank_you")}
    # Toronto: no weekday morning before the Saturday deadline, so daytime right away.
    assert by_name["Priya Raman"] == AFTER
    # Berlin: it is 22:00 there; the first daytime hour is Saturday 08:00 Berlin time.
    assert by_name["Tom Becker"] == datetime(2026, 11, 21, 8, 0, tzinfo=BERLIN)


def test_a_thursday_interview_gets_friday_morning_send_times() -> None:
    thursday = interview(
        start=datetime(2026, 11, 19, 14, 0, tzinfo=TORONTO),
        end=datetime(2026, 11, 19, 15, 30, tzinfo=TORONTO),
    )
    p = plan(
        case(interview=thursday), now=datetime(2026, 11, 19, 16, 0, tzinfo=TORONTO), policy=Policy()
    )
    by_name = {a.to: a.send_at for a in kinds(p, "thank_you")}
    assert by_name["Priya Raman"] == datetime(2026, 11, 20, 8, 0, tzinfo=TORONTO)
    assert by_name["Tom Becker"] == datetime(2026, 11, 20, 8, 0, tzinfo=BERLIN)


def test_first_follow_up_is_one_business_day_after_the_decision_date() -> None:
    p = plan(case(), now=AFTER, policy=Policy())
    assert p.decision.date == date(2026, 12, 4)
    first, second = kinds(p, "follow_up")
    assert first.not_before == datetime(2026, 12, 7, 8, 0, tzinfo=TORONTO)
    assert first.to == "Priya Raman"
    assert first.rule == "follow_up_after_timeframe"
    assert second.not_before == datetime(2026, 12, 14, 8, 0, tzinfo=TORONTO)
    assert second.rule == "second_follow_up"


def test_close_out_comes_ten_business_days_after_the_second_follow_up_skipping_christmas() -> None:
    p = plan(case(), now=AFTER, policy=Policy())
    (close,) = kinds(p, "close_out")
    # Dec 14 + 10 business days in Ontario skips Christmas and Boxing Day (observed Dec 28).
    assert close.not_before.date() == date(2026, 12, 30)


def test_without_a_timeframe_the_first_follow_up_waits_five_business_days() -> None:
    p = plan(case(interview=interview(decision=None)), now=AFTER, policy=Policy())
    assert p.decision.said is None
    assert kinds(p, "follow_up")[0].not_before.date() == date(2026, 11, 27)
    assert [n.code for n in p.notices] == ["no_timeframe"]


def test_an_unparsed_timeframe_keeps_its_text_and_falls_back_to_the_default() -> None:
    p = plan(
        case(interview=interview(decision="depends on the budget")), now=AFTER, policy=Policy()
    )
    assert p.decision.said == "depends on the budget"
    assert not p.decision.parsed
    assert "unparsed_timeframe" in [n.code for n in p.notices]
    assert kinds(p, "follow_up")[0].not_before.date() == date(2026, 11, 27)


def test_us_thanksgiving_moves_the_default_follow_up() -> None:
    us = candidate(timezone=NEW_YORK, country="US", subdivision=None)
    wednesday = interview(
        start=datetime(2026, 11, 25, 10, 0, tzinfo=NEW_YORK),
        end=datetime(2026, 11, 25, 11, 0, tzinfo=NEW_YORK),
        timezone=NEW_YORK,
        decision=None,
        panel=tuple(replace(m, timezone=NEW_YORK) for m in interview().panel),
    )
    p = plan(case(candidate=us, interview=wednesday), now=wednesday.end, policy=Policy())
    # Nov 26 is Thanksgiving: 27, 30, 1, 2, 3 December.
    assert kinds(p, "follow_up")[0].not_before.date() == date(2026, 12, 3)


def test_no_contact_removes_follow_ups_and_close_out_but_keeps_thank_yous() -> None:
    p = plan(case(interview=interview(contact_preference="no_contact")), now=AFTER, policy=Policy())
    assert not kinds(p, "follow_up")
    assert not kinds(p, "close_out")
    assert len(kinds(p, "thank_you")) == 3
    assert "no_contact" in [n.code for n in p.notices]


def test_follow_ups_use_the_channel_they_asked_for_else_the_one_used_before() -> None:
    p = plan(case(interview=interview(contact_preference="portal")), now=AFTER, policy=Policy())
    assert {a.channel for a in kinds(p, "follow_up")} == {"portal"}
    p = plan(case(interview=interview(contact_preference="unstated")), now=AFTER, policy=Policy())
    assert {a.channel for a in kinds(p, "follow_up")} == {"email"}


def test_promise_is_due_on_the_day_it_names() -> None:
    p = plan(case(), now=AFTER, policy=Policy())
    (promise,) = kinds(p, "promise")
    assert promise.due.astimezone(TORONTO).date() == date(2026, 11, 21)
    assert promise.rule == "promise_on_time"


def test_a_promise_without_a_date_is_due_a_day_after_the_interview() -> None:
    iv = interview(promises=(Promise("send my transcripts"),))
    (promise,) = kinds(plan(case(interview=iv), now=AFTER, policy=Policy()), "promise")
    assert promise.due == iv.end + timedelta(hours=24)


def test_references_and_referrer_hear_from_you_within_a_day() -> None:
    p = plan(case(), now=AFTER, policy=Policy())
    (ref,) = kinds(p, "notify_references")
    (referrer,) = kinds(p, "notify_referrer")
    assert ref.to == "Dana Kim"
    assert referrer.to == "Sam Ortiz"
    assert ref.due - ref.not_before == timedelta(hours=24)


def test_keep_searching_appears_only_when_the_pipeline_is_thin() -> None:
    assert kinds(plan(case(), now=AFTER, policy=Policy()), "keep_searching")
    full = tuple(PipelineEntry(f"Company {i}", "Engineer", "applied") for i in range(3))
    assert not kinds(plan(case(pipeline=full), now=AFTER, policy=Policy()), "keep_searching")


@pytest.mark.parametrize(
    ("others", "said"),
    [
        (0, "No other application is active;"),
        (1, "Only 1 other application is active;"),
        (2, "Only 2 other applications are active;"),
    ],
)
def test_keep_searching_counts_the_other_applications_in_words(others: int, said: str) -> None:
    pipeline = tuple(PipelineEntry(f"Company {i}", "Engineer", "applied") for i in range(others))
    [step] = kinds(plan(case(pipeline=pipeline), now=AFTER, policy=Policy()), "keep_searching")
    assert step.why.startswith(said), step.why


def test_reflection_is_due_the_same_evening_and_revisited_two_days_later() -> None:
    p = plan(case(), now=AFTER, policy=Policy())
    (write,) = kinds(p, "reflection_write")
    (revisit,) = kinds(p, "reflection_revisit")
    assert write.due == datetime(2026, 11, 20, 21, 0, tzinfo=TORONTO)
    assert revisit.not_before == datetime(2026, 11, 22, 15, 30, tzinfo=TORONTO)
    assert kinds(p, "celebrate")


def test_a_follow_up_already_sent_moves_the_second_one() -> None:
    sent = HistoryEntry(
        "follow_up", "Priya Raman", "email", datetime(2026, 12, 9, 9, 0, tzinfo=TORONTO)
    )
    p = plan(
        case(history=(sent,)), now=datetime(2026, 12, 9, 10, 0, tzinfo=TORONTO), policy=Policy()
    )
    first, second = kinds(p, "follow_up")
    assert first.status == "done"
    assert second.not_before.date() == date(2026, 12, 16)


def test_a_thank_you_in_history_is_marked_done() -> None:
    sent = HistoryEntry("thank_you", "Tom Becker", "email", AFTER)
    p = plan(case(history=(sent,)), now=AFTER, policy=Policy())
    status = {a.to: a.status for a in kinds(p, "thank_you")}
    assert status == {"Priya Raman": "pending", "Tom Becker": "done", "Ana López": "pending"}


def test_an_earlier_rounds_contacts_do_not_stand_for_this_rounds_steps() -> None:
    round_one = datetime(2026, 11, 6, 16, 0, tzinfo=TORONTO)  # two weeks before this round
    earlier = (
        HistoryEntry("thank_you", "Tom Becker", "email", round_one),
        HistoryEntry("reflection_write", None, "in_person", round_one),
        HistoryEntry("follow_up", "Priya Raman", "email", round_one + timedelta(days=3)),
        HistoryEntry("follow_up", "Priya Raman", "email", round_one + timedelta(days=8)),
    )
    p = plan(case(history=earlier), now=AFTER, policy=Policy())
    assert {a.status for a in kinds(p, "thank_you")} == {"pending"}
    assert [a.status for a in kinds(p, "reflection_write")] == ["pending"]
    assert [a.status for a in kinds(p, "follow_up")] == ["pending", "pending"]


def test_a_rejection_replaces_follow_ups_with_a_reply_and_keep_in_touch() -> None:
    rejected = Outcome("rejected", datetime(2026, 11, 30, 10, 0, tzinfo=TORONTO))
    p = plan(case(outcome=rejected), now=rejected.at, policy=Policy())
    assert not kinds(p, "follow_up")
    assert not kinds(p, "close_out")
    assert not kinds(p, "thank_you")
    (reply,) = kinds(p, "rejection_reply")
    assert reply.due == rejected.at + timedelta(hours=48)
    (keep,) = kinds(p, "keep_in_touch")
    assert keep.channel == "linkedin"
    assert keep.not_before.date() == date(2026, 12, 3)


def test_an_offer_on_paper_ends_the_search_but_a_verbal_one_does_not() -> None:
    verbal = Outcome("offer", datetime(2026, 11, 30, 10, 0, tzinfo=TORONTO))
    p = plan(case(outcome=verbal), now=verbal.at, policy=Policy())
    assert kinds(p, "offer_ack")
    assert kinds(p, "keep_searching")
    assert not kinds(p, "follow_up")
    paper = replace(verbal, on_paper=True)
    assert not kinds(plan(case(outcome=paper), now=verbal.at, policy=Policy()), "keep_searching")


def test_overdue_thank_yous_are_announced() -> None:
    p = plan(
        case(), now=datetime(2026, 11, 23, 9, 0, tzinfo=TORONTO), policy=Policy()
    )  # Monday morning
    assert "thank_you_overdue" in [n.code for n in p.notices]
    # their 24 hours have passed, so no moment is left to schedule them in, good hour or not
    assert [a.send_at for a in kinds(p, "thank_you")] == [None, None, None]


def test_every_action_names_its_rule_why_and_sources() -> None:
    plan_rules = {r.id for r in catalogue("plan")}
    for outcome in (None, Outcome("rejected", AFTER), Outcome("offer", AFTER)):
        for a in plan(case(outcome=outcome), now=AFTER, policy=Policy()).actions:
            assert a.rule in plan_rules
            assert a.why
            assert a.sources


def test_json_times_carry_a_utc_offset() -> None:
    data = to_builtins(plan(case(), now=AFTER, policy=Policy()))
    for action in data["actions"]:
        assert datetime.fromisoformat(action["not_before"]).utcoffset() is not None
        assert datetime.fromisoformat(action["due"]).utcoffset() is not None


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        plan(case(), now=datetime(2026, 11, 20, 16, 0), policy=Policy())


def test_a_reply_stops_the_follow_ups() -> None:
    answered = Reply(datetime(2026, 11, 25, 10, 0, tzinfo=TORONTO))
    p = plan(case(reply=answered), now=answered.at, policy=Policy())
    assert not kinds(p, "follow_up")
    assert not kinds(p, "close_out")
    assert "replied" in [n.code for n in p.notices]


def test_not_now_try_after_the_15th_moves_the_follow_ups() -> None:
    later = Reply(datetime(2026, 11, 25, 10, 0, tzinfo=TORONTO), not_until=date(2026, 12, 15))
    p = plan(case(reply=later), now=later.at, policy=Policy())
    first, second = kinds(p, "follow_up")
    assert first.not_before.date() == date(2026, 12, 16)
    assert second.not_before.date() == date(2026, 12, 23)


def test_two_promises_to_one_person_get_distinct_keys() -> None:
    two = (Promise("send my transcripts", "tomorrow"), Promise("send two references", "tomorrow"))
    p = plan(case(interview=interview(promises=two)), now=AFTER, policy=Policy())
    keys = [a.key for a in p.actions]
    assert len(keys) == len(set(keys))

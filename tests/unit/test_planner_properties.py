"""Properties every plan must have, whatever the interview looks like."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from afterview.domain.guards import Contact, check
from afterview.domain.models import Case, HistoryEntry, Outcome, Reply
from afterview.domain.planner import plan
from afterview.domain.settings import Policy
from tests.factories import case, interview

ZONES = [
    ZoneInfo(z)
    for z in (
        "America/Toronto",
        "Europe/Berlin",
        "Asia/Tokyo",
        "America/Los_Angeles",
        "Australia/Sydney",
    )
]
PHRASES = [
    None,
    "within two weeks",
    "in 10 business days",
    "by Friday",
    "end of next week",
    "early next month",
    "before the 15th",
    "a few days",
    "by end of month",
    "after the holidays",
    "2026-12-04",
    "gibberish words",
]
PREFERENCES = ["email", "phone", "portal", "unstated", "no_contact"]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    zone = draw(st.sampled_from(ZONES))
    start = draw(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 1)))
    start = start.replace(second=0, microsecond=0, tzinfo=zone)
    length = timedelta(minutes=draw(st.integers(15, 240)))
    panel = tuple(replace(m, timezone=draw(st.sampled_from(ZONES))) for m in interview().panel)
    iv = interview(
        start=start,
        end=start + length,
        timezone=zone,
        panel=panel[: draw(st.integers(0, 3))],
        decision=draw(st.sampled_from(PHRASES)),
        contact_preference=draw(st.sampled_from(PREFERENCES)),
    )
    outcome = draw(st.sampled_from([None, "rejected", "offer", "withdrawn"]))
    at = start + timedelta(days=draw(st.integers(1, 30)))
    return case(interview=iv, outcome=Outcome(outcome, at) if outcome else None)


def _now(c: Case, hours: int) -> datetime:
    return c.interview.end + timedelta(hours=hours)


@settings(max_examples=150, deadline=None)
@given(cases(), st.integers(-2, 24 * 20))
def test_plans_are_deterministic_for_a_given_now(c: Case, hours: int) -> None:
    now = _now(c, hours)
    assert plan(c, now=now, policy=Policy()) == plan(c, now=now, policy=Policy())


@settings(max_examples=150, deadline=None)
@given(cases(), st.integers(-2, 24 * 20))
def test_every_due_is_at_or_after_not_before_and_send_at_lies_between(c: Case, hours: int) -> None:
    now = _now(c, hours)
    for a in plan(c, now=now, policy=Policy()).actions:
        assert a.due >= a.not_before
        if a.send_at is not None:
            assert max(now, a.not_before) <= a.send_at <= a.due


@settings(max_examples=150, deadline=None)
@given(cases())
def test_steps_come_in_the_order_they_start_thank_yous_in_the_panels_order(c: Case) -> None:
    p = plan(c, now=_now(c, 1), policy=Policy())
    starts = [a.not_before.timestamp() for a in p.actions]
    assert starts == sorted(starts)
    if c.outcome is None or c.outcome.kind == "offer":  # a rejection drops thank-you notes
        thanked = [a.to for a in p.actions if a.kind == "thank_you"]
        assert thanked == [m.name for m in c.interview.panel]


@settings(max_examples=150, deadline=None)
@given(cases())
def test_no_follow_up_before_the_decision_date(c: Case) -> None:
    p = plan(c, now=c.interview.end, policy=Policy())
    for a in p.actions:
        if a.kind == "follow_up" and p.decision.date is not None:
            assert a.not_before.date() > p.decision.date


@settings(max_examples=100, deadline=None)
@given(cases())
def test_no_follow_up_at_all_when_they_asked_for_no_contact(c: Case) -> None:
    quiet = replace(c, interview=replace(c.interview, contact_preference="no_contact"))
    kinds = {a.kind for a in plan(quiet, now=quiet.interview.end, policy=Policy()).actions}
    assert "follow_up" not in kinds
    assert "close_out" not in kinds


CHANNELS_BEFORE = ["email", "phone", "portal", "linkedin"]


@st.composite
def varied_cases(draw: st.DrawFn) -> Case:
    """Interviews as above, with any part of the panel (some without email), any channel
    used before, sometimes a reply asking to wait, and follow-ups already sent."""
    c = draw(cases())
    everyone = tuple(replace(m, timezone=draw(st.sampled_from(ZONES))) for m in interview().panel)
    panel = tuple(
        replace(m, email=None) if draw(st.booleans()) else m
        for m in everyone
        if draw(st.booleans())  # any subset: the lead may be anyone, with any phone
    )
    reply = None
    if draw(st.booleans()):
        at = c.interview.end + timedelta(days=draw(st.integers(1, 20)))
        wait = draw(st.sampled_from([None, *range(1, 40)]))
        reply = Reply(at, None if wait is None else at.date() + timedelta(days=wait))
    lead = panel[0].name if panel else None  # any name on the panel will do for the history
    start = c.interview.end + timedelta(days=draw(st.integers(0, 30)), hours=3)
    sent = tuple(
        HistoryEntry("follow_up", lead, "email", start + timedelta(days=7 * i))
        for i in range(draw(st.integers(0, 2)) if lead else 0)
    )
    return replace(
        c,
        interview=replace(c.interview, panel=panel),
        application=replace(c.application, channel_before=draw(st.sampled_from(CHANNELS_BEFORE))),
        reply=reply,
        history=sent,
    )


@settings(max_examples=300, deadline=None)
@given(varied_cases(), st.integers(-2, 24 * 20))
def test_every_planned_contact_passes_the_guards_at_its_planned_time(c: Case, hours: int) -> None:
    now = _now(c, hours)
    for known in (c.outcome, c.reply, *c.history):  # each is known once it happened
        if known is not None:
            now = max(now, known.at)
    for a in plan(c, now=now, policy=Policy()).actions:
        if a.status != "pending" or a.send_at is None or a.channel is None or a.to is None:
            continue
        verdict = check(c, Contact(a.kind, (a.to,), a.send_at, a.channel), policy=Policy())
        assert verdict.findings == (), (a.kind, a.to, a.channel, a.send_at, verdict.findings)

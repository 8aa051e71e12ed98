"""The planner's reasons: codes and values, worded through the catalogue when read."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from afterview import i18n
from afterview.domain import reasons
from afterview.domain.models import Outcome, PipelineEntry, Promise
from afterview.domain.planner import plan
from afterview.domain.reasons import Reason, decode, encode, reason, word
from afterview.domain.settings import Policy
from tests.factories import TORONTO, case, interview

AFTER = datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO)


@pytest.fixture
def pseudo() -> Iterator[None]:
    i18n.activate(i18n.PSEUDO)
    try:
        yield
    finally:
        i18n.activate(None)


def _cases() -> Iterator[object]:
    """Plans that between them make every kind of reason."""
    yield case(interview=interview(promises=(Promise("send the slides", by="Monday"),)))
    yield case(interview=interview(promises=(Promise("send the slides"),), decision=None))
    yield case(interview=interview(decision="after Easter 2027"))
    yield case(outcome=Outcome("rejected", AFTER + timedelta(days=3)))
    yield case(outcome=Outcome("offer", AFTER + timedelta(days=3)))
    yield case(pipeline=(PipelineEntry("Contoso", "Data Engineer", "applied"),))
    yield case(pipeline=())


def test_every_reason_the_planner_gives_is_a_code_of_the_catalogue() -> None:
    known = set(reasons.SENTENCES) | set(reasons.PLURALS)
    seen: set[str] = set()
    for c in _cases():
        for step in plan(c, now=AFTER, policy=Policy()).actions:  # type: ignore[arg-type]
            assert isinstance(step.because, Reason), step
            seen.add(step.because.code)
            assert step.because.code in known
            assert "%(" not in step.why, step.why
            assert step.why.endswith("."), step.why
    assert {"thank_you_topic", "promise_dated", "promise_undated", "follow_up_dated"} <= seen


def test_a_reason_is_stored_as_its_code_and_read_back_whole() -> None:
    inner = reason("thank_you", name="Ana López", hours=24)
    routed = reason(
        "routed", why=inner, person="Ana López", via="Priya Raman", role="recruiter", first="Ana"
    )
    text = encode(routed)
    assert text.startswith(reasons.MARK)
    assert '"why":{"reason":"thank_you"' in text
    assert "López" in text
    assert decode(text) == routed
    assert word(decode(text)) == (
        "A personal note to Ana López within 24 hours of the interview. Ana López has no "
        "email address on file, so this goes to Priya Raman (recruiter) to pass on; add "
        "Ana's address to write directly."
    )


@pytest.mark.parametrize(
    "stored",
    [
        "A personal note to Priya within 24 hours of the interview.",
        '{"reason": broken',
        '{"reason":["not", "a", "code"]}',
        "",
    ],
)
def test_a_stored_text_that_is_not_a_coded_reason_reads_as_it_is(stored: str) -> None:
    assert word(decode(stored)) == stored


def test_a_reason_is_worded_in_the_active_locale_its_values_kept(pseudo: None) -> None:
    why = reason("follow_up_dated", said="by Friday", day="2026-12-04")
    worded = word(why)
    assert worded.startswith(i18n.OPEN)
    assert "'by Friday'" in worded
    assert "⟦Fri 04 Dec⟧" in worded  # the day in the locale's own format
    # the archive keeps English as written, whatever the locale
    assert word(why, english=True) == (
        "They said 'by Friday' (read as Fri 04 Dec); follow up one business day after that, "
        "never inside it."
    )


def test_a_count_takes_its_form_and_an_unknown_code_reads_as_words() -> None:
    assert word(reason("thank_you", name="Tom", hours=1)) == (
        "A personal note to Tom within 1 hour of the interview."
    )
    assert word(reason("keep_searching", count=1, target=3)).startswith(
        "Only 1 other application is active;"
    )
    assert word(reason("a_newer_code", x=1)) == "a newer code"


def test_a_reason_is_a_hashable_value() -> None:
    assert hash(reason("celebrate")) == hash(reason("celebrate"))
    assert reason("close_out", company="Contoso", days=10) != reason(
        "close_out", company="Contoso", days=5
    )


@pytest.mark.parametrize(
    "said",
    ["before Easter 2027", "by the 31st", "end of next week", "in 3 weeks", "after Diwali"],
)
def test_what_a_time_frame_was_read_as_speaks_the_active_locale(said: str, pseudo: None) -> None:
    import re

    from afterview.domain.planner import calendar_of
    from afterview.domain.timeframes import parse_decision

    today = AFTER.date()
    frame = parse_decision(said, today=today, calendar=calendar_of(case(), Policy()))
    assert frame.reason is not None
    text = frame.reason.replace(said, " ")
    previous = None
    while previous != text:  # a message inside a message
        previous, text = text, re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
    assert re.findall(r"[A-Za-z]{3,}", text) == [], frame.reason
    i18n.activate(None)
    assert frame.reason.startswith(("Read ", '"')), frame.reason  # English as written


def _notice_plans() -> Iterator[object]:
    """Plans that between them give every notice the planner has."""
    from datetime import date

    from afterview.domain.models import Reply

    yield plan(case(interview=interview(decision=None)), now=AFTER, policy=Policy())
    yield plan(
        case(interview=interview(decision="depends on the budget")), now=AFTER, policy=Policy()
    )
    yield plan(
        case(interview=interview(contact_preference="no_contact")), now=AFTER, policy=Policy()
    )
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=TORONTO)
    yield plan(case(), now=monday, policy=Policy())  # the thank-yous are late
    answered = Reply(datetime(2026, 11, 25, 10, 0, tzinfo=TORONTO))
    yield plan(case(reply=answered), now=answered.at, policy=Policy())
    waiting = Reply(answered.at, not_until=date(2026, 12, 7))
    yield plan(case(reply=waiting), now=answered.at, policy=Policy())
    unread = interview(promises=(Promise("send the slides", by="when the moon is blue"),))
    yield plan(case(interview=unread), now=AFTER, policy=Policy())
    summer = datetime(2026, 7, 8, 10, 0, tzinfo=TORONTO)
    held = interview(start=summer, end=summer + timedelta(hours=1), decision="after the holidays")
    yield plan(case(interview=held), now=summer + timedelta(hours=2), policy=Policy())


def test_every_notice_speaks_the_active_locale(pseudo: None) -> None:
    """Notices are worded when the plan is made: in en-XA no English is left outside the
    markers but what the user typed."""
    import re

    typed = ("depends on the budget", "send the slides", "when the moon is blue", "after the")
    typed += ("holidays", "Priya Raman", "Tom Becker", "Ana López", "Contoso", "afterview")
    codes = set()
    for made in _notice_plans():
        for notice in made.notices:  # type: ignore[attr-defined]
            codes.add(notice.code)
            text = notice.message
            for value in typed:
                text = text.replace(value, " ")
            previous = None
            while previous != text:
                previous, text = text, re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
            assert re.findall(r"[A-Za-z]{3,}", text) == [], notice.message
    assert codes >= {
        "no_timeframe",
        "unparsed_timeframe",
        "no_contact",
        "thank_you_overdue",
        "replied",
        "replied_not_until",
        "unparsed_promise_date",
        "ask_for_date",
    }

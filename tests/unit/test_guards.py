from datetime import date, datetime, timedelta

import pytest
from msgspec.structs import replace

from afterview.domain.errors import UnknownPerson
from afterview.domain.guards import Contact, Verdict, check
from afterview.domain.models import Case, HistoryEntry, Outcome, Phone, Reply
from afterview.domain.rules import GUARD_IDS
from afterview.domain.settings import Policy
from tests.factories import BERLIN, TORONTO, case, interview

# Decision "within two weeks" of Fri 20 Nov -> Fri 4 Dec; follow-ups welcome from Mon 7 Dec.
MON_DEC_7 = datetime(2026, 12, 7, 9, 0, tzinfo=TORONTO)
SAT_MORNING = datetime(2026, 11, 21, 9, 0, tzinfo=TORONTO)
REJECTED = Outcome("rejected", datetime(2026, 11, 30, 10, 0, tzinfo=TORONTO))


def codes(verdict: Verdict) -> set[str]:
    return {f.code for f in verdict.findings}


def run(c: Case, kind: str, *to: str, at: datetime, **kw: str) -> Verdict:
    return check(c, Contact(kind, to, at, **kw), policy=Policy())  # type: ignore[arg-type]


# Each row: a contact that must trip exactly the named guard (among possibly others).
TRIPS = [
    (
        "no_contact",
        lambda: run(
            case(interview=interview(contact_preference="no_contact")),
            "follow_up",
            "Priya Raman",
            at=MON_DEC_7,
        ),
    ),
    (
        "within_timeframe",
        lambda: run(
            case(), "follow_up", "Priya Raman", at=datetime(2026, 12, 1, 9, 0, tzinfo=TORONTO)
        ),
    ),
    (
        "replied",
        lambda: run(
            case(reply=Reply(datetime(2026, 11, 30, 10, 0, tzinfo=TORONTO))),
            "follow_up",
            "Priya Raman",
            at=MON_DEC_7,
        ),
    ),
    ("channel", lambda: run(case(), "follow_up", "Ana López", at=MON_DEC_7, channel="portal")),
    (
        "home_phone",
        lambda: run(
            case(),
            "follow_up",
            "Tom Becker",
            at=datetime(2026, 12, 7, 10, 0, tzinfo=BERLIN),
            channel="phone",
            number="+49 30 5550 1234",
        ),
    ),
    (
        "pestering",
        lambda: run(
            case(
                history=(
                    HistoryEntry(
                        "follow_up",
                        "Priya Raman",
                        "email",
                        datetime(2026, 12, 7, 9, 0, tzinfo=TORONTO),
                    ),
                )
            ),
            "follow_up",
            "Priya Raman",
            at=datetime(2026, 12, 9, 9, 0, tzinfo=TORONTO),
        ),
    ),
    ("linkedin_before_close", lambda: run(case(), "linkedin_request", "Priya Raman", at=MON_DEC_7)),
    ("referrer_status_inquiry", lambda: run(case(), "follow_up", "Sam Ortiz", at=MON_DEC_7)),
    ("gift", lambda: run(case(), "gift", "Priya Raman", at=MON_DEC_7)),
    (
        "after_rejection",
        lambda: run(case(outcome=REJECTED), "follow_up", "Priya Raman", at=MON_DEC_7),
    ),
    (
        "odd_hour",
        lambda: run(
            case(), "thank_you", "Tom Becker", at=datetime(2026, 11, 20, 17, 0, tzinfo=TORONTO)
        ),
    ),
    (
        "thank_you_late",
        lambda: run(
            case(), "thank_you", "Priya Raman", at=datetime(2026, 11, 23, 9, 0, tzinfo=TORONTO)
        ),
    ),
    (
        "panel_cc",
        lambda: run(
            case(),
            "thank_you",
            "Priya Raman",
            "Tom Becker",
            at=datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO),
        ),
    ),
]


@pytest.mark.parametrize(("code", "make"), TRIPS, ids=[t[0] for t in TRIPS])
def test_each_guard_fires_on_the_contact_it_is_about(code: str, make: object) -> None:
    assert callable(make)
    assert code in codes(make())


def test_every_guard_rule_id_is_exercised() -> None:
    assert {code for code, _ in TRIPS} == set(GUARD_IDS)


def test_a_well_timed_thank_you_by_email_passes_cleanly() -> None:
    verdict = run(
        case(), "thank_you", "Priya Raman", at=datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO)
    )
    assert verdict.allowed
    assert verdict.findings == ()


def test_a_follow_up_after_the_timeframe_is_allowed() -> None:
    assert run(case(), "follow_up", "Priya Raman", at=MON_DEC_7).allowed


def test_a_follow_up_inside_the_timeframe_is_blocked() -> None:
    verdict = run(
        case(), "follow_up", "Priya Raman", at=datetime(2026, 12, 4, 9, 0, tzinfo=TORONTO)
    )
    assert not verdict.allowed


def test_without_a_stated_timeframe_an_early_follow_up_is_only_a_warning() -> None:
    c = case(interview=interview(decision=None))
    verdict = run(c, "follow_up", "Priya Raman", at=datetime(2026, 11, 24, 9, 0, tzinfo=TORONTO))
    (finding,) = [f for f in verdict.findings if f.code == "within_timeframe"]
    assert finding.severity == "warning"


def test_a_late_thank_you_says_how_late_in_days_and_names_no_code() -> None:
    months_later = datetime(2027, 2, 18, 9, 0, tzinfo=TORONTO)
    verdict = run(case(), "thank_you", "Priya Raman", at=months_later)
    [late] = [f for f in verdict.findings if f.code == "thank_you_late"]
    assert late.message.startswith("This thank-you goes 89 days after the interview;")


def test_a_third_follow_up_is_pestering_even_after_a_long_wait() -> None:
    sent = tuple(
        HistoryEntry(
            "follow_up", "Priya Raman", "email", datetime(2026, 12, d, 9, 0, tzinfo=TORONTO)
        )
        for d in (7, 14)
    )
    verdict = run(
        case(history=sent),
        "follow_up",
        "Priya Raman",
        at=datetime(2027, 1, 20, 9, 0, tzinfo=TORONTO),
    )
    assert "pestering" in codes(verdict)
    assert not verdict.allowed


def test_a_thank_you_does_not_count_as_chasing() -> None:
    thanks = HistoryEntry(
        "thank_you", "Priya Raman", "email", datetime(2026, 12, 4, 9, 0, tzinfo=TORONTO)
    )
    assert run(case(history=(thanks,)), "follow_up", "Priya Raman", at=MON_DEC_7).allowed


def test_calling_an_invited_work_number_is_fine() -> None:
    verdict = run(
        case(),
        "follow_up",
        "Priya Raman",
        at=MON_DEC_7,
        channel="phone",
        number="+1 (416) 555-0199",
    )
    assert "home_phone" not in codes(verdict)
    assert "channel" not in codes(verdict)


def test_a_channel_they_did_not_ask_for_is_blocked_but_a_derived_one_only_warns() -> None:
    stated = run(case(), "follow_up", "Priya Raman", at=MON_DEC_7, channel="portal")
    assert not stated.allowed
    unstated = case(interview=interview(contact_preference="unstated"))
    derived = run(unstated, "follow_up", "Priya Raman", at=MON_DEC_7, channel="portal")
    assert derived.allowed
    assert "channel" in codes(derived)


def test_text_messages_are_refused() -> None:
    assert "channel" in codes(run(case(), "follow_up", "Priya Raman", at=MON_DEC_7, channel="text"))


def test_after_a_rejection_one_reply_is_fine_and_a_second_is_not() -> None:
    rejected = case(outcome=REJECTED)
    assert run(rejected, "rejection_reply", "Priya Raman", at=MON_DEC_7).allowed
    replied = case(
        outcome=REJECTED,
        history=(HistoryEntry("rejection_reply", "Priya Raman", "email", REJECTED.at),),
    )
    assert not run(replied, "rejection_reply", "Priya Raman", at=MON_DEC_7).allowed


def test_linkedin_is_fine_once_the_process_is_over() -> None:
    assert run(case(outcome=REJECTED), "keep_in_touch", "Priya Raman", at=MON_DEC_7).allowed
    verbal = Outcome("offer", REJECTED.at)
    assert not run(case(outcome=verbal), "linkedin_request", "Priya Raman", at=MON_DEC_7).allowed


def test_a_weekend_message_without_a_deadline_is_an_odd_hour() -> None:
    assert "odd_hour" in codes(run(case(), "follow_up", "Priya Raman", at=SAT_MORNING))


def test_a_thank_you_on_a_weekend_morning_is_not_an_odd_hour_since_its_deadline_wins() -> None:
    friday_night = case(
        interview=interview(
            start=datetime(2026, 11, 20, 19, 0, tzinfo=TORONTO),
            end=datetime(2026, 11, 20, 20, 30, tzinfo=TORONTO),
        )
    )
    assert "odd_hour" not in codes(run(friday_night, "thank_you", "Priya Raman", at=SAT_MORNING))


def test_every_finding_carries_sources() -> None:
    for _, make in TRIPS:
        for finding in make().findings:
            assert finding.sources


def test_an_unknown_recipient_is_named_in_the_error() -> None:
    with pytest.raises(UnknownPerson, match="Nobody called 'Zed'"):
        run(case(), "thank_you", "Zed", at=MON_DEC_7)


def test_a_reply_that_asked_for_time_blocks_follow_ups_only_until_that_date() -> None:
    paused = case(reply=Reply(datetime(2026, 11, 30, 10, 0, tzinfo=TORONTO), date(2026, 12, 10)))
    assert "replied" in codes(run(paused, "follow_up", "Priya Raman", at=MON_DEC_7))
    later = datetime(2026, 12, 11, 9, 0, tzinfo=TORONTO)
    assert "replied" not in codes(run(paused, "follow_up", "Priya Raman", at=later))
    assert "replied" not in codes(run(paused, "thank_you", "Priya Raman", at=MON_DEC_7))


def test_follow_ups_of_an_earlier_round_do_not_count_towards_this_rounds_limit() -> None:
    round_one = datetime(2026, 11, 6, 9, 0, tzinfo=TORONTO)
    earlier = tuple(
        HistoryEntry("follow_up", "Priya Raman", "email", round_one + timedelta(days=d))
        for d in (3, 10)
    )
    assert "pestering" not in codes(
        run(case(history=earlier), "follow_up", "Priya Raman", at=MON_DEC_7)
    )


def _with_personal_phone(number: str, country: str) -> Case:
    """The example case, in ``country``, with Tom Becker's personal number as ``number``."""
    c = case()
    tom = c.interview.panel[1]
    assert tom.name == "Tom Becker"
    panel = (
        c.interview.panel[0],
        replace(tom, phone=Phone(number, "personal")),
        *c.interview.panel[2:],
    )
    return replace(
        c,
        candidate=replace(c.candidate, country=country, subdivision=None),
        interview=replace(c.interview, panel=panel),
    )


@pytest.mark.parametrize(
    ("stored", "dialled", "country"),
    [
        ("+44 7700 900123", "07700 900123", "GB"),  # the mobile written nationally
        ("07700 900123", "+44 7700 900123", "GB"),  # stored nationally, dialled in full
        ("+44 7700 900123", "0044 7700 900123", "GB"),  # the international prefix spelt out
        ("+49 30 5550 1234", "030 5550 1234", "CA"),  # national form of a number abroad
        ("(416) 555-0199", "+1 416 555 0199", "CA"),
    ],
)
def test_a_personal_number_in_any_written_form_draws_the_home_phone_guard(
    stored: str, dialled: str, country: str
) -> None:
    verdict = run(
        _with_personal_phone(stored, country),
        "follow_up",
        "Tom Becker",
        at=datetime(2026, 12, 7, 10, 0, tzinfo=BERLIN),
        channel="phone",
        number=dialled,
    )
    assert "home_phone" in codes(verdict)


def test_another_number_of_the_same_country_is_not_the_personal_one() -> None:
    verdict = run(
        _with_personal_phone("07700 900123", "GB"),
        "follow_up",
        "Tom Becker",
        at=datetime(2026, 12, 7, 10, 0, tzinfo=BERLIN),
        channel="phone",
        number="+44 20 7946 0000",
    )
    assert "home_phone" not in codes(verdict)


def test_after_a_rejection_the_guard_names_the_contact_in_words() -> None:
    verdict = run(case(outcome=REJECTED), "thank_you", "Priya Raman", at=MON_DEC_7)
    (finding,) = [f for f in verdict.findings if f.code == "after_rejection"]
    assert finding.message.endswith(
        "after one gracious reply, this thank-you note would only strain the relationship."
    )

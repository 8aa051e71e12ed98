"""What an employer said about their decision, read as the last day of their window."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.domain.business_days import BusinessCalendar
from afterview.domain.timeframes import Timeframe, parse_decision, parse_due

US = BusinessCalendar("US")  # Thanksgiving: Thursday 2026-11-26
ONTARIO = BusinessCalendar("CA", "ON")  # Christmas Fri 12-25, Boxing Day observed Mon 12-28
GERMANY = BusinessCalendar("DE")

FRIDAY = date(2026, 11, 20)
WEDNESDAY = date(2026, 11, 18)
SUNDAY = date(2026, 11, 22)
MONDAY = date(2026, 11, 23)


def decide(
    text: str | None,
    today: date = FRIDAY,
    calendar: BusinessCalendar = US,
    dayfirst: bool = True,
) -> Timeframe:
    return parse_decision(text, today=today, calendar=calendar, dayfirst=dayfirst)


def assert_reads(
    text: str,
    expected: date,
    today: date = FRIDAY,
    calendar: BusinessCalendar = US,
    dayfirst: bool = True,
) -> None:
    result = decide(text, today, calendar, dayfirst)
    assert result.date == expected, result.reason
    assert result.parsed
    assert not result.ambiguous
    assert result.said == text


# -- spans ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("within two weeks", date(2026, 12, 4)),
        ("in 2 weeks", date(2026, 12, 4)),
        ("a week or two", date(2026, 12, 4)),
        ("one or two weeks", date(2026, 12, 4)),
        ("1-2 weeks", date(2026, 12, 4)),
        ("They said 2-3 weeks", date(2026, 12, 11)),
        ("a couple of weeks", date(2026, 12, 4)),
        ("a few weeks", date(2026, 12, 11)),
        ("within a fortnight", date(2026, 12, 4)),
        ("within 3 days", date(2026, 11, 23)),
        ("around 10 days", date(2026, 11, 30)),
        ("within twenty-one days", date(2026, 12, 11)),
        ("in a month", date(2026, 12, 20)),
        ("in two months", date(2027, 1, 20)),
        ("within 24 hours", date(2026, 11, 21)),
        ("in 48 hours", date(2026, 11, 22)),
        ("within the next week", date(2026, 11, 27)),
        ("two weeks from now", date(2026, 12, 4)),
        ("We'll let you know within two weeks.", date(2026, 12, 4)),
        ("approx. 2 weeks, they said", date(2026, 12, 4)),
        ("WITHIN TWO WEEKS!!", date(2026, 12, 4)),
        ("ASAP, hopefully within a week", date(2026, 11, 27)),
    ],
)
def test_a_span_ends_that_many_days_weeks_or_months_after_today(text: str, expected: date) -> None:
    assert_reads(text, expected)


def test_in_a_month_clamps_to_the_end_of_a_shorter_month() -> None:
    assert_reads("in a month", date(2027, 2, 28), today=date(2027, 1, 31))


# -- business days ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "today", "calendar", "expected"),
    [
        # Thanksgiving (Thursday 26 November) is not a business day in the US ...
        ("in 5 business days", FRIDAY, US, date(2026, 11, 30)),
        ("in 10 business days", FRIDAY, US, date(2026, 12, 7)),
        ("10 working days", FRIDAY, US, date(2026, 12, 7)),
        ("ten business days", FRIDAY, US, date(2026, 12, 7)),
        ("within 2-3 business days", FRIDAY, US, date(2026, 11, 25)),
        # ... but it is in Ontario.
        ("in 5 business days", FRIDAY, ONTARIO, date(2026, 11, 27)),
        # Christmas Friday, Boxing Day observed on Monday 28 December in Ontario only.
        ("in 5 business days", date(2026, 12, 21), ONTARIO, date(2026, 12, 30)),
        ("in 5 business days", date(2026, 12, 21), US, date(2026, 12, 29)),
        ("a few days", FRIDAY, US, date(2026, 11, 25)),
        ("a few days", date(2026, 12, 23), ONTARIO, date(2026, 12, 30)),
        ("a few days", date(2026, 12, 23), US, date(2026, 12, 29)),
        ("in the next few days", FRIDAY, US, date(2026, 11, 25)),
    ],
)
def test_business_days_skip_weekends_and_the_candidates_public_holidays(
    text: str, today: date, calendar: BusinessCalendar, expected: date
) -> None:
    assert_reads(text, expected, today=today, calendar=calendar)


# -- single days ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow", date(2026, 11, 21)),
        ("the day after tomorrow", date(2026, 11, 22)),
        ("today", FRIDAY),
        ("tonight", FRIDAY),
        ("end of day", FRIDAY),
        ("by EOD", FRIDAY),
        ("by 5pm", FRIDAY),
        ("by 17:30", FRIDAY),
        ("EOD tomorrow", date(2026, 11, 21)),
    ],
)
def test_today_tomorrow_and_the_day_after(text: str, expected: date) -> None:
    assert_reads(text, expected)


# -- weeks and weekdays -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("by Friday", WEDNESDAY, date(2026, 11, 20)),
        ("Friday", WEDNESDAY, date(2026, 11, 20)),
        ("on Monday", WEDNESDAY, date(2026, 11, 23)),
        ("by Wed", WEDNESDAY, date(2026, 11, 25)),  # strictly after today
        ("by Friday", FRIDAY, date(2026, 11, 27)),  # strictly after today
        ("before Friday", WEDNESDAY, date(2026, 11, 19)),
        ("next Tuesday", WEDNESDAY, date(2026, 11, 24)),
        ("next Tuesday", MONDAY, date(2026, 12, 1)),  # next week's, not tomorrow
        ("Tuesday", MONDAY, date(2026, 11, 24)),
        ("Tuesday next week", WEDNESDAY, date(2026, 11, 24)),
        ("end of day Friday", WEDNESDAY, date(2026, 11, 20)),
        ("end of the week", WEDNESDAY, date(2026, 11, 20)),
        ("end of this week", WEDNESDAY, date(2026, 11, 20)),
        ("this week", WEDNESDAY, date(2026, 11, 20)),
        ("end of the week", FRIDAY, date(2026, 11, 27)),  # Friday to Sunday: next Friday
        ("this week", SUNDAY, date(2026, 11, 27)),
        ("end of next week", WEDNESDAY, date(2026, 11, 27)),
        ("next week", WEDNESDAY, date(2026, 11, 27)),
        ("next week", SUNDAY, date(2026, 11, 27)),
        ("early next week", WEDNESDAY, date(2026, 11, 24)),
        ("the week after next", WEDNESDAY, date(2026, 12, 4)),
    ],
)
def test_weeks_end_on_friday_and_weekdays_are_the_next_one_after_today(
    text: str, today: date, expected: date
) -> None:
    assert_reads(text, expected, today=today)


# -- months and years -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("early next month", FRIDAY, date(2026, 12, 10)),
        ("mid next month", FRIDAY, date(2026, 12, 15)),
        ("middle of next month", FRIDAY, date(2026, 12, 15)),
        ("mid-December", FRIDAY, date(2026, 12, 15)),
        ("end of next month", FRIDAY, date(2026, 12, 31)),
        ("late next month", FRIDAY, date(2026, 12, 31)),
        ("by end of month", FRIDAY, date(2026, 11, 30)),
        ("end of the month", FRIDAY, date(2026, 11, 30)),
        ("this month", FRIDAY, date(2026, 11, 30)),
        ("end of the month", date(2026, 11, 30), date(2026, 12, 31)),  # on its last day
        ("end of the year", FRIDAY, date(2026, 12, 31)),
        ("end of the year", date(2026, 12, 31), date(2027, 12, 31)),
        ("in December", FRIDAY, date(2026, 12, 31)),
        ("early January", FRIDAY, date(2027, 1, 10)),
        ("late January", FRIDAY, date(2027, 1, 31)),
        ("mid-month", FRIDAY, date(2026, 12, 15)),
    ],
)
def test_months_and_years_end_on_the_10th_the_15th_or_their_last_day(
    text: str, today: date, expected: date
) -> None:
    assert_reads(text, expected, today=today)


# -- days of the month ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("before the 15th", FRIDAY, date(2026, 12, 14)),
        ("by the 15th", FRIDAY, date(2026, 12, 15)),
        ("on the 15th", FRIDAY, date(2026, 12, 15)),
        ("by the 15th", date(2026, 11, 10), date(2026, 11, 15)),
        ("before the 15th", date(2026, 11, 10), date(2026, 11, 14)),
        ("the 15th of next month", date(2026, 11, 10), date(2026, 12, 15)),
        ("by the 31st", date(2026, 11, 10), date(2026, 11, 30)),  # November has no 31st
        ("by the 1st", date(2026, 12, 20), date(2027, 1, 1)),
    ],
)
def test_a_day_of_the_month_is_this_months_if_still_ahead_else_next_months(
    text: str, today: date, expected: date
) -> None:
    assert_reads(text, expected, today=today)


# -- explicit dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-04",
        "4 December",
        "December 4th",
        "Dec 4, 2026",
        "Dec. 4 2026",
        "04/12/2026",
        "4/12",
        "4.12.2026",
        "4-12-2026",
        "by 4 Dec",
        "the 4th of December",
        "Friday, December 4",
        "20261204",
    ],
)
def test_an_explicit_date_in_a_common_format_is_that_date(text: str) -> None:
    assert_reads(text, date(2026, 12, 4))


def test_a_weekday_written_before_a_date_is_accepted_when_it_matches() -> None:
    assert_reads("Thursday, December 3", date(2026, 12, 3))


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("04/12/2026", True, date(2026, 12, 4)),
        ("12/04/2026", False, date(2026, 12, 4)),
        ("4/12", True, date(2026, 12, 4)),
        ("12/4", False, date(2026, 12, 4)),
        ("12/4/26", False, date(2026, 12, 4)),
        ("4.12.2026", False, date(2026, 12, 4)),  # dots are always day first
    ],
)
def test_dayfirst_decides_whether_a_slashed_date_starts_with_the_day_or_the_month(
    text: str, dayfirst: bool, expected: date
) -> None:
    assert_reads(text, expected, dayfirst=dayfirst)


def test_a_us_reading_that_lands_in_the_past_is_reported_not_swapped() -> None:
    result = decide("04/12/2026", dayfirst=False)  # 12 April 2026: already past
    assert (result.parsed, result.date) == (False, None)
    assert result.reason is not None
    assert "2026-04-12" in result.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January 15", date(2027, 1, 15)),
        ("4 November", date(2027, 11, 4)),
        ("20 November", FRIDAY),  # today itself is not in the past
        ("1/2", date(2027, 2, 1)),
    ],
)
def test_a_date_without_a_year_that_has_passed_means_next_year(text: str, expected: date) -> None:
    assert_reads(text, expected)


def test_before_a_date_means_the_day_before_it() -> None:
    assert_reads("before 4 December", date(2026, 12, 3))


# -- what cannot be read ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "after Diwali",
        "after the school holidays",
        "when we have finished interviewing",
        "once we've seen all the candidates",
        "two weeks after the final round",
        "2 weeks from Monday",
    ],
)
def test_a_window_that_hangs_on_an_undated_event_is_ambiguous_and_asks_for_a_date(
    text: str,
) -> None:
    result = decide(text)
    assert result == Timeframe(text, None, False, True, result.why)
    assert result.reason is not None
    assert f'"{text}"' in result.reason
    assert "ask them for a date" in result.reason


@pytest.mark.parametrize(
    "text", ["soon", "as soon as possible", "ASAP", "shortly", "we will let you know"]
)
def test_a_vague_phrase_is_not_parsed_and_not_ambiguous(text: str) -> None:
    result = decide(text)
    assert (result.date, result.parsed, result.ambiguous) == (None, False, False)
    assert result.reason is not None
    assert text in result.reason


@pytest.mark.parametrize("text", ["blorp", "the 2nd round", "1.5 weeks", "???", "in 10"])
def test_garbage_is_not_parsed_and_the_reason_names_the_text(text: str) -> None:
    result = decide(text)
    assert (result.date, result.parsed, result.ambiguous) == (None, False, False)
    assert result.said == text
    assert result.reason is not None
    assert text in result.reason


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2025-01-01", "before today"),
        ("by 1 March 2026", "before today"),
        ("31 February", "not a real date"),
        ("by the 40th", "no month has a day 40"),
        ("Monday 8 December", "is a Tuesday"),
        ("9999-12-31", "after 2100; check the year"),
        ("by 31 December 2150", "after 2100; check the year"),
    ],
)
def test_a_written_date_that_is_past_or_impossible_is_reported_never_guessed(
    text: str, says: str
) -> None:
    result = decide(text)
    assert (result.date, result.parsed) == (None, False)
    assert result.reason is not None
    assert says in result.reason


@pytest.mark.parametrize("text", [None, "", "   "])
def test_nothing_said_about_the_decision_is_not_parsed_and_says_so(text: str | None) -> None:
    result = decide(text)
    assert (result.said, result.date, result.parsed, result.ambiguous) == (None, None, False, False)
    assert result.reason


def test_a_date_past_the_end_of_the_calendar_is_not_parsed_rather_than_raising() -> None:
    assert decide("tomorrow", today=date.max).parsed is False


def test_a_parsed_phrase_gives_its_reading_as_the_reason() -> None:
    result = decide("within two weeks")
    assert result.reason == 'Read "within two weeks" as 2 weeks after today: Friday 2026-12-04.'


# -- promises ---------------------------------------------------------------------------


def due(text: str | None, today: date = FRIDAY) -> Timeframe:
    return parse_due(text, today=today, calendar=US, dayfirst=False)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("tomorrow", FRIDAY, date(2026, 11, 21)),
        ("by Monday", FRIDAY, date(2026, 11, 23)),
        ("end of week", WEDNESDAY, date(2026, 11, 20)),
        ("end of week", FRIDAY, date(2026, 11, 27)),
        ("tonight", FRIDAY, FRIDAY),
        ("12/01/2026", FRIDAY, date(2026, 12, 1)),
        ("within 24 hours", FRIDAY, date(2026, 11, 21)),
    ],
)
def test_a_promise_is_due_on_the_day_it_names(text: str, today: date, expected: date) -> None:
    result = due(text, today)
    assert (result.date, result.parsed) == (expected, True)


@pytest.mark.parametrize("text", [None, "", "  "])
def test_a_promise_without_a_deadline_has_no_date_and_no_reason(text: str | None) -> None:
    assert due(text) == Timeframe(None, None, False)


def test_a_promise_with_an_unreadable_deadline_says_why() -> None:
    result = due("whenever")
    assert (result.date, result.parsed, result.said) == (None, False, "whenever")
    assert result.reason is not None
    assert "whenever" in result.reason


# -- properties -------------------------------------------------------------------------

VOCABULARY = (
    "by before after in within the a an few couple of end early mid late next this week weeks"
    " day days month months year business working friday monday tomorrow today tonight soon"
    " december dec 1 4 12 15 31 2026 2027 04/12/2026 4.12 2026-12-04 17:30 5pm 2-3 or to and"
    " holidays when we , . - /"
)
WORDS = VOCABULARY.split()
any_text = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
)
any_day = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
any_calendar = st.sampled_from([US, ONTARIO, GERMANY])


@settings(max_examples=400, deadline=None)
@given(text=any_text, today=any_day, calendar=any_calendar, dayfirst=st.booleans())
def test_any_text_never_raises_and_never_reads_as_a_day_before_today(
    text: str, today: date, calendar: BusinessCalendar, dayfirst: bool
) -> None:
    for parse in (parse_decision, parse_due):
        result = parse(text, today=today, calendar=calendar, dayfirst=dayfirst)
        assert result.parsed == (result.date is not None)
        if result.date is not None:
            assert result.date >= today
        if result.ambiguous:
            assert not result.parsed

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from afterview.domain.business_days import BusinessCalendar
from afterview.domain.errors import InputError
from afterview.domain.planner import follow_up_schedule
from afterview.domain.settings import Policy
from tests.factories import candidate, case, interview


def test_one_business_day_after_a_friday_is_the_next_monday() -> None:
    assert BusinessCalendar("CA", "ON").add(date(2026, 11, 20), 1) == date(2026, 11, 23)


def test_us_thanksgiving_is_skipped() -> None:
    us = BusinessCalendar("US")
    assert not us.is_business_day(date(2026, 11, 26))
    assert us.add(date(2026, 11, 25), 1) == date(2026, 11, 27)
    assert us.add(date(2026, 11, 20), 5) == date(2026, 11, 30)


def test_ontario_christmas_and_boxing_day_are_skipped() -> None:
    on = BusinessCalendar("CA", "ON")
    # Christmas is a Friday in 2026; Boxing Day falls on Saturday and is observed Monday.
    assert on.holiday_name(date(2026, 12, 25))
    assert on.add(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_the_same_dates_are_business_days_where_they_are_not_holidays() -> None:
    assert BusinessCalendar("US").add(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert BusinessCalendar("CA", "ON").add(date(2026, 11, 25), 1) == date(2026, 11, 26)


def test_zero_business_days_after_a_day_is_that_day() -> None:
    assert BusinessCalendar("US").add(date(2026, 11, 21), 0) == date(2026, 11, 21)


def test_between_counts_business_days_passed() -> None:
    assert BusinessCalendar("US").between(date(2026, 11, 20), date(2026, 11, 30)) == 5


def test_an_unknown_country_is_a_clear_input_error() -> None:
    with pytest.raises(InputError, match="two-letter ISO code"):
        BusinessCalendar("XX")


def test_an_unknown_subdivision_is_named_as_such() -> None:
    with pytest.raises(InputError, match="Unknown subdivision 'ZZ' for country 'CA'"):
        BusinessCalendar("CA", "ZZ")


def test_optional_holidays_count_as_holidays_unless_the_setting_turns_them_off() -> None:
    heritage_day = date(2026, 8, 3)  # Alberta: an optional general holiday, a Monday
    assert not BusinessCalendar("CA", "AB").is_business_day(heritage_day)
    assert BusinessCalendar("CA", "AB", optional=False).is_business_day(heritage_day)
    civic_holiday = date(2026, 8, 3)  # Ontario's Civic Holiday is not a public holiday in law
    assert BusinessCalendar("CA", "ON").add(date(2026, 7, 31), 1) == date(2026, 8, 4)
    assert BusinessCalendar("CA", "ON", optional=False).add(date(2026, 7, 31), 1) == civic_holiday


def test_the_planner_follows_the_optional_holidays_setting() -> None:
    edmonton = ZoneInfo("America/Edmonton")
    start = datetime(2026, 7, 20, 10, 0, tzinfo=edmonton)
    iv = interview(start=start, end=start + timedelta(hours=1), decision="by Friday 31 July")
    alberta = case(candidate=candidate(subdivision="AB", timezone=edmonton), interview=iv)
    assert follow_up_schedule(alberta, policy=Policy()).first_day == date(
        2026, 8, 4
    )  # after Heritage Day
    no_optional = Policy(optional_holidays=False)
    assert follow_up_schedule(alberta, no_optional).first_day == date(2026, 8, 3)


def test_optional_holidays_count_only_where_they_are_days_most_employers_give() -> None:
    makar_sankranti = date(2026, 1, 14)  # India: a restricted holiday, an employee picks two
    assert BusinessCalendar("IN").is_business_day(makar_sankranti)
    assert BusinessCalendar("IN").optional is False

from datetime import date

import pytest

from afterview.domain.business_days import BusinessCalendar
from afterview.domain.errors import InputError


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

"""Decision phrases that name a holiday, a season or a calendar period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.easter import easter
from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.domain.business_days import BusinessCalendar
from afterview.domain.guards import Contact, check
from afterview.domain.models import Case
from afterview.domain.planner import follow_up_schedule, plan
from afterview.domain.settings import Policy
from afterview.domain.timeframes import parse_decision
from tests.factories import candidate, case, interview

US = BusinessCalendar("US")
ONTARIO = BusinessCalendar("CA", "ON")
CANADA = BusinessCalendar("CA")
FRIDAY = date(2026, 11, 20)


def read(text: str, today: date = FRIDAY, calendar: BusinessCalendar = US) -> date | None:
    result = parse_decision(text, today=today, calendar=calendar)
    assert result.parsed == (result.date is not None)
    return result.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("by Christmas", date(2026, 12, 25)),
        ("before Christmas", date(2026, 12, 24)),
        ("before Christmas Eve", date(2026, 12, 23)),
        ("before New Year", date(2026, 12, 31)),
        ("before New Year's Eve", date(2026, 12, 30)),
        ("by Christmas 2027", date(2027, 12, 25)),
        # the year-end holidays end on 1 January; five business days later in the US
        ("after the holidays", date(2027, 1, 8)),
        ("after Christmas break", date(2027, 1, 8)),
        ("sometime in the new year", date(2027, 1, 8)),
        ("before the holidays", date(2026, 12, 23)),
        ("before Easter", date(2027, 3, 27)),
        ("after Easter", date(2027, 4, 2)),
        ("by end of Q1", date(2027, 3, 31)),
        ("by the end of the quarter", date(2026, 12, 31)),
        ("next quarter", date(2027, 3, 31)),
        ("Q2 2027", date(2027, 6, 30)),
        ("first week of January", date(2027, 1, 7)),
        ("the last week of January", date(2027, 1, 31)),
        ("first week of next month", date(2026, 12, 7)),
        ("mid-next-month", date(2026, 12, 15)),
        ("end-of-month", date(2026, 11, 30)),
        ("early next month", date(2026, 12, 10)),
        ("by summer", date(2027, 5, 31)),
        ("after the summer", date(2027, 9, 8)),
        ("in the fall", date(2026, 11, 30)),
        ("after Labor Day", date(2027, 9, 13)),
    ],
)
def test_a_named_holiday_or_period_reads_as_the_last_day_of_its_window(
    text: str, expected: date
) -> None:
    assert read(text) == expected


def test_next_summer_said_in_summer_is_next_years() -> None:
    july = date(2026, 7, 8)
    assert read("in the summer", july) == date(2026, 8, 31)
    assert read("next summer", july) == date(2027, 8, 31)


def test_thanksgiving_is_in_november_in_the_us_and_in_october_in_canada() -> None:
    september = date(2026, 9, 1)
    # US: Thursday 26 November; five business days later skips the day itself.
    assert read("after Thanksgiving", september, US) == date(2026, 12, 3)
    # Canada: Monday 12 October, from the calendar in Ontario and the federal rule nationwide.
    assert read("after Thanksgiving", september, ONTARIO) == date(2026, 10, 19)
    assert read("before Thanksgiving", september, CANADA) == date(2026, 10, 11)


def test_a_holiday_the_country_does_not_have_is_ambiguous_and_says_so() -> None:
    result = parse_decision("after Thanksgiving", today=FRIDAY, calendar=BusinessCalendar("DE"))
    assert (result.date, result.ambiguous, result.not_before) == (None, True, None)
    assert result.reason == (
        '"after Thanksgiving" names Thanksgiving, which is not in the holiday calendar of DE; '
        "ask them for a date."
    )


@pytest.mark.parametrize(
    ("year", "saturday"),
    [(2026, date(2026, 4, 4)), (2027, date(2027, 3, 27)), (2028, date(2028, 4, 15))],
)
def test_before_easter_follows_easter_from_year_to_year(year: int, saturday: date) -> None:
    assert read("before Easter", date(year, 1, 10)) == saturday


def test_christmas_on_a_saturday_puts_the_follow_up_after_the_observed_holidays() -> None:
    # Christmas 2027 is a Saturday; Ontario observes it on Monday 27 and Boxing Day on
    # Tuesday 28, so the first business day after it is Wednesday 29 December.
    toronto = ZoneInfo("America/Toronto")
    start = datetime(2027, 12, 1, 10, 0, tzinfo=toronto)
    iv = interview(start=start, end=start + timedelta(hours=1), decision="by Christmas")
    schedule = follow_up_schedule(case(interview=iv), policy=Policy())
    assert schedule.decision.date == date(2027, 12, 25)
    assert schedule.first_day == date(2027, 12, 29)


def test_before_new_year_never_plans_a_follow_up_in_december() -> None:
    # The Friday 20 November interview used to get its follow-up on 11 December.
    p = plan(
        case(interview=interview(decision="before New Year")), now=interview().end, policy=Policy()
    )
    first = next(a for a in p.actions if a.kind == "follow_up")
    # 31 December, then New Year's Day (a Friday holiday in Ontario): Monday 4 January.
    assert first.not_before.date() == date(2027, 1, 4)


def test_the_holidays_months_away_are_ambiguous_and_hold_the_follow_ups() -> None:
    toronto = ZoneInfo("America/Toronto")
    start = datetime(2026, 7, 8, 10, 0, tzinfo=toronto)
    iv = interview(start=start, end=start + timedelta(hours=1), decision="after the holidays")
    p = plan(case(interview=iv), now=start + timedelta(hours=2), policy=Policy())
    assert p.decision.ambiguous
    assert [a for a in p.actions if a.kind in ("follow_up", "close_out")] == []
    (notice,) = [n for n in p.notices if n.code == "ask_for_date"]
    assert "no follow-up is planned" in notice.message


def test_a_follow_up_while_the_date_is_unknown_is_blocked_by_the_timeframe_guard() -> None:
    iv = interview(decision="after the school holidays")
    at = iv.end + timedelta(days=30)
    contact = Contact(kind="follow_up", to=("Priya Raman",), at=at, channel="email")
    verdict = check(case(interview=iv), contact, policy=Policy())
    assert not verdict.allowed
    (finding,) = [f for f in verdict.findings if f.code == "within_timeframe"]
    assert "ask them for the date" in finding.message


def test_a_span_counted_from_a_period_never_plans_a_follow_up_before_it() -> None:
    iv = interview(decision="two weeks after Easter")
    schedule = follow_up_schedule(case(interview=iv), policy=Policy())
    assert schedule.decision.ambiguous
    assert schedule.decision.not_before == date(2027, 3, 28)
    assert schedule.first_day == date(2027, 3, 30)  # Easter Monday is a holiday in Ontario
    assert not schedule.held
    actions = plan(case(interview=iv), now=iv.end, policy=Policy()).actions
    first = next(a for a in actions if a.kind == "follow_up")
    assert first.not_before.date() == date(2027, 3, 30)
    assert "no follow-up comes before that" in first.why


# -- for any "before/by X" phrase the first follow-up comes after X -----------------------


def _christmas(year: int) -> date:
    return date(year, 12, 25)


def _thanksgiving_us(year: int) -> date:
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


NAMED: dict[str, Callable[[int], date]] = {
    "Christmas": _christmas,
    "Christmas Eve": lambda y: date(y, 12, 24),
    "New Year": lambda y: date(y, 1, 1),
    "Easter": easter,
    "Thanksgiving": _thanksgiving_us,
    "summer": lambda y: date(y, 6, 1),
    "the end of Q1": lambda y: date(y, 3, 31),
    "the first week of March": lambda y: date(y, 3, 1),
}


LENGTH = {"summer": 92, "the first week of March": 7}  # in days; the rest are one day


def _next(name: str, today: date, strictly: bool) -> date:
    """The earliest day the follow-up may come (an oracle independent of the reader): the
    start of the next occurrence of the named period, or today while "by" is inside one."""
    for year in range(today.year - 1, today.year + 3):
        start = NAMED[name](year)
        inside = start <= today < start + timedelta(days=LENGTH.get(name, 1))
        if start > today or (not strictly and (start == today or inside)):
            return max(start, today)
    raise AssertionError("no occurrence")


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(sorted(NAMED)),
    relation=st.sampled_from(["before", "by"]),
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2030, 12, 1)),
)
def test_the_first_follow_up_never_lands_before_the_period_a_phrase_names(
    name: str, relation: str, start: datetime
) -> None:
    us = candidate(country="US", subdivision=None)
    start = start.replace(tzinfo=ZoneInfo("America/Toronto"))
    iv = interview(start=start, end=start + timedelta(hours=1), decision=f"{relation} {name}")
    the_case: Case = case(candidate=us, interview=iv)
    schedule = follow_up_schedule(the_case, policy=Policy())
    assert schedule.decision.parsed, schedule.decision.reason
    named = _next(name, start.date(), strictly=relation == "before")
    assert schedule.first_day >= named
    assert US.is_business_day(schedule.first_day)

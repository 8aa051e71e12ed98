"""The shortcuts the planner takes for speed give exactly what the plain operations give."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from afterview.domain.business_days import BusinessCalendar
from afterview.domain.reasons import english_day
from afterview.domain.timing import at_local, earlier, instant

ZONES = [
    ZoneInfo(z)
    for z in ("America/Toronto", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney", "UTC")
]
TORONTO = ZONES[0]


@st.composite
def moments(draw: st.DrawFn) -> datetime:
    naive = draw(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31)))
    return naive.replace(tzinfo=draw(st.sampled_from(ZONES)), fold=draw(st.integers(0, 1)))


@settings(max_examples=300, deadline=None)
@given(moments(), moments())
def test_earlier_compares_exactly_as_python_does(a: datetime, b: datetime) -> None:
    assert earlier(a, b) == (a < b)
    assert earlier(b, a) == (b < a)


def test_the_second_pass_of_a_repeated_hour_keeps_its_own_instant() -> None:
    # Toronto turns its clocks back at 02:00 on 1 November 2026: 01:30 happens twice.
    first = datetime(2026, 11, 1, 1, 30, tzinfo=TORONTO)
    second = datetime(2026, 11, 1, 1, 30, tzinfo=TORONTO, fold=1)
    assert instant(first) == first.timestamp()
    assert instant(second) == second.timestamp() == instant(first) + 3600
    assert not earlier(first, second)  # one zone: Python compares the wall clock


def test_a_remembered_local_moment_is_the_one_built_from_scratch() -> None:
    day = date(2026, 3, 8)  # the day Toronto springs forward
    for hour in (1, 3, 8, 17):
        moment = at_local(day, hour, TORONTO)
        assert moment == datetime(2026, 3, 8, hour, tzinfo=TORONTO)
        assert moment.tzinfo is TORONTO
        assert at_local(day, hour, TORONTO) is moment


def test_day_labels_read_as_strftime_gives_them() -> None:
    day = date(2026, 1, 1)
    for offset in range(400):
        current = day + timedelta(days=offset)
        assert english_day(current) == current.strftime("%a %d %b")


def test_remembered_business_day_steps_match_a_fresh_calendar() -> None:
    remembered, fresh = BusinessCalendar("CA", "ON"), BusinessCalendar("CA", "ON")
    start = date(2026, 11, 2)
    for offset in range(90):
        for n in (0, 1, 5, 10):
            day = start + timedelta(days=offset)
            first = remembered.add(day, n)
            assert remembered.add(day, n) == first  # the remembered answer
            assert fresh._add(day, n) == first  # worked out again, without the memo

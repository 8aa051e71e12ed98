from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from afterview.domain.business_days import BusinessCalendar, use_holiday_source
from afterview.holiday_cache import CachedHolidays


class CountingSource:
    def __init__(self) -> None:
        self.calls: list[range] = []

    def holidays(
        self, country: str, subdivision: str | None, years: range, optional: bool = False
    ) -> dict[date, str]:
        self.calls.append(years)
        return {date(y, 12, 25): "Christmas Day" for y in years}


def test_a_second_look_up_is_served_from_the_file(tmp_path: Path) -> None:
    source = CountingSource()
    cache = CachedHolidays(lambda: tmp_path, source)
    first = cache.holidays("CA", "ON", range(2026, 2028))
    again = CachedHolidays(lambda: tmp_path, source).holidays("CA", "ON", range(2026, 2028))
    assert (
        first == again == {date(2026, 12, 25): "Christmas Day", date(2027, 12, 25): "Christmas Day"}
    )
    assert len(source.calls) == 1
    assert list((tmp_path / "cache").glob("holidays-*-CA-ON.json"))


def test_years_outside_the_cached_span_extend_it(tmp_path: Path) -> None:
    source = CountingSource()
    cache = CachedHolidays(lambda: tmp_path, source)
    cache.holidays("US", None, range(2026, 2027))
    assert cache.holidays("US", None, range(2050, 2051)) == {date(2050, 12, 25): "Christmas Day"}
    assert len(source.calls) == 2
    assert cache.holidays("US", None, range(2030, 2031)) == {date(2030, 12, 25): "Christmas Day"}
    assert len(source.calls) == 2, "the extended span covers everything in between"


def test_a_damaged_cache_file_is_computed_again(tmp_path: Path) -> None:
    source = CountingSource()
    cache = CachedHolidays(lambda: tmp_path, source)
    cache.holidays("US", None, range(2026, 2027))
    (path,) = (tmp_path / "cache").glob("*.json")
    path.write_text("{broken", encoding="utf-8")
    assert cache.holidays("US", None, range(2026, 2027)) == {date(2026, 12, 25): "Christmas Day"}
    assert len(source.calls) == 2


def test_calendars_use_the_configured_source(tmp_path: Path) -> None:
    try:
        use_holiday_source(CachedHolidays(lambda: tmp_path))
        assert BusinessCalendar("US").add(date(2026, 11, 25), 1) == date(2026, 11, 27)
        assert list((tmp_path / "cache").glob("holidays-*-US-all.json"))
    finally:
        from afterview.domain.business_days import PackageHolidays

        use_holiday_source(PackageHolidays())


def test_an_unknown_place_is_not_cached(tmp_path: Path) -> None:
    from afterview.domain.errors import InputError

    with pytest.raises(InputError, match="No public-holiday calendar"):
        CachedHolidays(lambda: tmp_path).holidays("XX", None, range(2026, 2027))
    assert not list(tmp_path.glob("cache/*.json"))


def test_optional_holidays_are_cached_apart_from_the_public_ones(tmp_path: Path) -> None:
    cache = CachedHolidays(lambda: tmp_path)
    heritage_day = date(2026, 8, 3)
    assert heritage_day in cache.holidays("CA", "AB", range(2026, 2027), optional=True)
    assert heritage_day not in cache.holidays("CA", "AB", range(2026, 2027))
    assert len(list((tmp_path / "cache").glob("holidays-*-CA-AB*.json"))) == 2

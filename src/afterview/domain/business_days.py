"""Business days: weekdays that are not public holidays where the candidate lives.

"N business days after D" steps N business days forward from D, D itself excluded, so
one business day after a Friday is the next Monday (or Tuesday when Monday is a holiday).
Holidays come from the ``holidays`` package for the candidate's country and optional
subdivision (a state or province, e.g. ``US``/``CA`` or ``CA``/``ON``). In Canada the
holidays the law leaves optional (the package's ``optional`` category: Alberta's Heritage
Day, Ontario's Civic Holiday) count too unless the ``optional_holidays`` setting is off,
since many employers close on them. Elsewhere that category means something else (India's
restricted holidays, of which an employee picks two; Sweden's afternoons off), so it
does not count there.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date
from functools import lru_cache
from typing import NoReturn, Protocol

from afterview.domain.errors import InputError


class HolidaySource(Protocol):
    """Where public holidays come from (the ``holidays`` package, or a cache of it)."""

    def holidays(
        self, country: str, subdivision: str | None, years: range, optional: bool = False
    ) -> dict[date, str]:
        """The holidays of those years (with the optional ones if asked); raises
        :class:`InputError` for an unknown place."""
        ...


class PackageHolidays:
    """Holidays straight from the ``holidays`` package (the command line puts a cache in
    front of it: ``afterview.holiday_cache``)."""

    def holidays(
        self, country: str, subdivision: str | None, years: range, optional: bool = False
    ) -> dict[date, str]:
        import holidays

        try:
            table = holidays.country_holidays(country, subdiv=subdivision, years=years)
            if optional and "optional" in table.supported_categories:
                table = holidays.country_holidays(
                    country, subdiv=subdivision, years=years, categories=("public", "optional")
                )
        except (NotImplementedError, ValueError):
            _unknown_place(country, subdivision)
        return {day: str(name) for day, name in table.items()}


def _unknown_place(country: str, subdivision: str | None) -> NoReturn:
    import holidays

    try:
        holidays.country_holidays(country)
    except (NotImplementedError, ValueError):
        raise InputError("unknown_country", country=country) from None
    raise InputError("unknown_subdivision", subdivision=subdivision, country=country)


_source: HolidaySource = PackageHolidays()
# where the package's optional holidays are days most employers give
OPTIONAL_OBSERVED = frozenset({"CA"})
VALIDATION_YEAR = 2026  # any year works; a fixed one keeps the domain off the clock
_MAX_REMEMBERED = 20_000  # (day, n) answers kept per calendar, about 3 MB at most


def use_holiday_source(source: HolidaySource) -> None:
    """Take holidays from ``source`` from now on (the calendars built so far are dropped)."""
    global _source
    _source = source
    calendar_for.cache_clear()


class BusinessCalendar:
    """Weekends and public holidays of one country (and subdivision).

    Business days are kept as a sorted list of day ordinals, built a year at a time as
    dates are asked for, so stepping N business days is one binary search. Answers are
    also remembered per (day, n): a plan steps from the same few days again and again
    (interviews and decision dates cluster).
    """

    __slots__ = (
        "_added",
        "_days",
        "_first_year",
        "_last_year",
        "_names",
        "country",
        "optional",
        "subdivision",
    )

    def __init__(
        self, country: str, subdivision: str | None = None, *, optional: bool = True
    ) -> None:
        self.country = country.upper()
        self.subdivision = subdivision.upper() if subdivision else None
        # whether the law's optional holidays count as holidays
        self.optional = optional and self.country in OPTIONAL_OBSERVED
        self._days: list[int] = []
        self._names: dict[date, str] = {}
        self._first_year = self._last_year = 0
        self._added: dict[tuple[date, int], date] = {}
        self._cover(VALIDATION_YEAR)  # an unknown place fails here, with a clear message

    def _cover(self, year: int) -> None:
        """Make sure the ordinals of ``year`` and the one after it are in ``_days``."""
        if self._days and self._first_year <= year and year + 1 <= self._last_year:
            return
        first = min(year, self._first_year) if self._days else year
        last = max(year + 1, self._last_year) if self._days else year + 1
        years = range(first, last + 1)
        names = _source.holidays(self.country, self.subdivision, years, self.optional)
        days = []
        current = date(first, 1, 1).toordinal()
        stop = date(last, 12, 31).toordinal()
        while current <= stop:
            day = date.fromordinal(current)
            if day.weekday() < 5 and day not in names:
                days.append(current)
            current += 1
        self._days, self._names = days, names
        self._first_year, self._last_year = first, last

    def holidays_of(self, year: int) -> dict[date, str]:
        """The holidays of ``year`` with their names (as the ``holidays`` package has them)."""
        self._cover(year)
        return {day: name for day, name in self._names.items() if day.year == year}

    def holiday_name(self, day: date) -> str | None:
        self._cover(day.year)
        return self._names.get(day)

    def is_business_day(self, day: date) -> bool:
        self._cover(day.year)
        ordinal = day.toordinal()
        i = bisect_left(self._days, ordinal)
        return i < len(self._days) and self._days[i] == ordinal

    def add(self, day: date, n: int) -> date:
        """The n-th business day after ``day`` (``day`` excluded); n=0 returns ``day``."""
        known = self._added.get((day, n))
        if known is not None:
            return known
        answer = self._add(day, n)
        if len(self._added) >= _MAX_REMEMBERED:
            self._added.clear()  # a plain bound: refilling is cheap, and rare
        self._added[day, n] = answer
        return answer

    def _add(self, day: date, n: int) -> date:
        if n < 0:
            raise ValueError("n must not be negative")
        if n == 0:
            return day
        ordinal = day.toordinal()
        days = self._days
        # Covered well past the answer already (n business days span at most ~7n/5 days
        # plus a few weeks of holidays): no need to cover more years.
        if days and days[0] <= ordinal and ordinal + 2 * n + 31 < days[-1]:
            return date.fromordinal(days[bisect_right(days, ordinal) + n - 1])
        self._cover(day.year)
        i = bisect_right(self._days, ordinal) + n - 1
        while i >= len(self._days):  # ran past the covered years: cover one more
            self._cover(self._last_year)
            i = bisect_right(self._days, ordinal) + n - 1
        return date.fromordinal(self._days[i])

    def between(self, start: date, end: date) -> int:
        """Business days in (start, end]: how many have passed from ``start`` to ``end``."""
        if end <= start:
            return 0
        self._cover(start.year)
        self._cover(end.year)
        return bisect_right(self._days, end.toordinal()) - bisect_right(
            self._days, start.toordinal()
        )


@lru_cache(maxsize=64)
def calendar_for(
    country: str, subdivision: str | None = None, *, optional: bool = True
) -> BusinessCalendar:
    """A shared calendar per place, so its day cache is reused across plans."""
    return BusinessCalendar(country, subdivision, optional=optional)

"""Business days: weekdays that are not public holidays where the candidate lives.

"N business days after D" steps N business days forward from D, D itself excluded, so
one business day after a Friday is the next Monday (or Tuesday when Monday is a holiday).
Holidays come from the ``holidays`` package for the candidate's country and optional
subdivision (a state or province, e.g. ``US``/``CA`` or ``CA``/``ON``).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from afterview.domain.errors import InputError


@lru_cache(maxsize=64)
def _holidays(country: str, subdivision: str | None) -> Any:
    import holidays  # deferred: building the country tables costs tens of milliseconds

    try:
        return holidays.country_holidays(country, subdiv=subdivision)
    except NotImplementedError:
        raise InputError(
            f"No public-holiday calendar is known for country {country!r}; "
            "use a two-letter ISO code such as US, CA, GB or DE."
        ) from None
    except ValueError as exc:  # unknown subdivision
        raise InputError(
            f"Unknown subdivision {subdivision!r} for country {country!r} ({exc})."
        ) from None


class BusinessCalendar:
    """Weekends and public holidays of one country (and subdivision)."""

    __slots__ = ("_cache", "_holidays", "country", "subdivision")

    def __init__(self, country: str, subdivision: str | None = None) -> None:
        self.country = country.upper()
        self.subdivision = subdivision.upper() if subdivision else None
        self._holidays = _holidays(self.country, self.subdivision)
        self._cache: dict[date, bool] = {}

    def holiday_name(self, day: date) -> str | None:
        name = self._holidays.get(day)
        return str(name) if name else None

    def is_business_day(self, day: date) -> bool:
        known = self._cache.get(day)
        if known is None:
            known = day.weekday() < 5 and day not in self._holidays
            self._cache[day] = known
        return known

    def add(self, day: date, n: int) -> date:
        """The n-th business day after ``day`` (``day`` excluded); n=0 returns ``day``."""
        if n < 0:
            raise ValueError("n must not be negative")
        current = day
        while n:
            current += timedelta(days=1)
            if self.is_business_day(current):
                n -= 1
        return current

    def on_or_after(self, day: date) -> date:
        """``day`` itself when it is a business day, else the next one."""
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day

    def between(self, start: date, end: date) -> int:
        """Business days in (start, end]: how many have passed from ``start`` to ``end``."""
        count = 0
        current = start
        while current < end:
            current += timedelta(days=1)
            if self.is_business_day(current):
                count += 1
        return count


@lru_cache(maxsize=64)
def calendar_for(country: str, subdivision: str | None = None) -> BusinessCalendar:
    """A shared calendar per place, so its day cache is reused across plans."""
    return BusinessCalendar(country, subdivision)

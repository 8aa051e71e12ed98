"""The dates afterview accepts: years 1900 to 2100, and an interview at most a year ahead.

A typo in a year ("0999", "9999", "20266") would otherwise reach the calendar arithmetic
and fail deep inside it, or quietly plan steps centuries away. Every place that reads a
date a person typed (the command line, an interview file, the web form, the JSON API)
checks it here and says in one sentence what is wrong.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from afterview.domain.errors import InputError

__all__ = ["EARLIEST_YEAR", "LATEST_YEAR", "MAX_AHEAD", "check_interview_near", "check_year"]

EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
MAX_AHEAD = timedelta(days=366)  # interviews are planned weeks ahead, not years


def check_year(value: date, where: str) -> None:
    """Refuses a date (or date and time) outside the years 1900 to 2100."""
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise InputError(
            "year_out_of_range",
            where=where,
            year=value.year,
            earliest=EARLIEST_YEAR,
            latest=LATEST_YEAR,
        )


def check_interview_near(start: datetime, now: datetime, where: str = "interview.start") -> None:
    """Refuses an interview more than a year after ``now`` (a mistyped year, most likely)."""
    check_year(start, where)
    if start - now > MAX_AHEAD:
        raise InputError(
            "too_far_ahead",
            where=where,
            date=start.date().isoformat(),
            today=now.date().isoformat(),
        )

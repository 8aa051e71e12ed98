"""Dates as trackers write them, and which order a file's numeric dates use.

``11/3/2026`` is 3 November in the US and 11 March nearly everywhere else, so the order of
a file's numeric dates is decided once for the whole file: ``--dates dmy|mdy|ymd`` when the
user gives it; else from the file itself (a first part over 12 can only be a day, a second
part over 12 only a day too); else from the profile's country. :class:`DateOrder` says
which order was used and why, for the import report.

Besides numeric dates, ISO dates (``2026-11-03``, ``2026-11-03 14:30``, with or without an
offset), written-out dates (``Nov 3, 2026 2:30 PM``) and Excel serial numbers are read.
A date without a time of day is kept as a date. Everything here is pure: no clock.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from datetime import timezone as fixed_zone
from typing import Final, Literal

from dateutil import parser as dateparser

from afterview.i18n import N_, gettext

Order = Literal["dmy", "mdy", "ymd"]
ORDERS: Final[tuple[Order, ...]] = ("dmy", "mdy", "ymd")
_NAMES: Final = {
    "dmy": N_("day first (dmy)"),
    "mdy": N_("month first (mdy)"),
    "ymd": N_("year first (ymd)"),
}
# Countries whose people write the month first; everyone else writes the day first (ISO
# and written-out dates read the same everywhere).
MONTH_FIRST_COUNTRIES: Final = frozenset(
    {"US", "PH", "PR", "GU", "AS", "VI", "UM", "MP", "MH", "FM", "PW"}
)


@dataclass(frozen=True, slots=True)
class DateOrder:
    order: Order
    reason: str  # why this order, for the report
    unsettled: bool = False  # nothing settled it: the report asks the user to choose

    def __str__(self) -> str:
        read = gettext("dates read %(order)s: %(reason)s")
        return read % {"order": gettext(_NAMES[self.order]), "reason": self.reason}


class Unreadable(Exception):
    """A date cell that cannot be read; the message says what to do, to end a sentence."""


_NUMERIC: Final = re.compile(r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[ T,]+(.+))?")
_CLOCK: Final = re.compile(
    r"(\d{1,2})(?::(\d{2}))?(?::(\d{2})(?:\.\d+)?)?\s*(?:([ap])\.?m\.?)?", re.IGNORECASE
)
_EXCEL: Final = re.compile(r"\d{5}(?:\.\d+)?")
_DEFAULTS: Final = (datetime(2000, 1, 1), datetime(2001, 2, 2, 1, 1))


def decide_order(
    cells: Iterable[tuple[int, str]], given: Order | None, country: str | None
) -> DateOrder:
    """The order for a whole file's numeric dates; ``cells`` are (line, text)."""
    if given is not None:
        return DateOrder(given, gettext("as you chose"))
    day_first: tuple[int, str] | None = None
    month_first: tuple[int, str] | None = None
    numeric = False
    for line, text in cells:
        match = _NUMERIC.fullmatch(" ".join(text.split()))
        if not match or len(match.group(1)) > 2:
            continue
        numeric = True
        first, second = int(match.group(1)), int(match.group(2))
        if 12 < first <= 31 and second <= 12 and day_first is None:
            day_first = (line, text)
        if 12 < second <= 31 and first <= 12 and month_first is None:
            month_first = (line, text)
    if day_first and not month_first:
        said = gettext('line %(line)s writes "%(date)s", so the day comes first')
        return DateOrder("dmy", said % {"line": day_first[0], "date": day_first[1]})
    if month_first and not day_first:
        said = gettext('line %(line)s writes "%(date)s", so the month comes first')
        return DateOrder("mdy", said % {"line": month_first[0], "date": month_first[1]})
    fallback: Order = "mdy" if (country or "").upper() in MONTH_FIRST_COUNTRIES else "dmy"
    if not numeric:
        return DateOrder(fallback, gettext("no date in the file is written in numbers alone"))
    settled = (
        gettext("the file mixes both orders")
        if day_first
        else gettext("no date in the file settles it")
    )
    if country:
        said = gettext("%(settled)s; your profile's country is %(country)s")
        return DateOrder(fallback, said % {"settled": settled, "country": country.upper()})
    said = gettext(
        "%(settled)s and no profile country is set; choose month first if it writes the month first"
    )
    return DateOrder("dmy", said % {"settled": settled}, unsettled=True)


def read_moment(raw: str, order: Order) -> tuple[datetime, bool]:
    """The date and time ``raw`` writes (naive unless it names an offset), and whether it
    names a time of day; raises :class:`Unreadable`."""
    return _moment(" ".join(raw.split()), order)


@functools.lru_cache(maxsize=4096)  # pure, and trackers repeat their dates a lot
def _moment(text: str, order: Order) -> tuple[datetime, bool]:
    try:
        found = _excel(text) or _iso(text) or _numeric(text, order) or _worded(text, order)
    except (ValueError, OverflowError):
        found = None
    if found is None:
        example = {"dmy": "3/11/2026", "mdy": "11/3/2026", "ymd": "2026/11/3"}[order]
        raise Unreadable(f"write it like 2026-11-03 or {example}")
    if not 1970 <= found[0].year <= 2100:
        raise Unreadable("the year is outside 1970 to 2100; correct the year")
    return found


def _excel(text: str) -> tuple[datetime, bool] | None:
    """An Excel serial day number such as 46329 (or 46329.5 for noon)."""
    if not _EXCEL.fullmatch(text):
        return None
    seconds = round(float(text) * 86400)
    return datetime(1899, 12, 30) + timedelta(seconds=seconds), seconds % 86400 != 0


def _iso(text: str) -> tuple[datetime, bool] | None:
    if not re.match(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time()), False
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    timed = not (moment.time() == time() and re.fullmatch(r".{10}[T ]00:00(:00)?", text))
    return moment, timed


def _numeric(text: str, order: Order) -> tuple[datetime, bool] | None:
    """``11/3/2026``, ``3.11.26`` or ``2026/11/3``, with an optional time of day."""
    match = _NUMERIC.fullmatch(text)
    if not match:
        return None
    a, b, c, clock = match.groups()
    if len(a) == 4 and len(c) <= 2:
        year, month, day = int(a), int(b), int(c)
    elif order == "ymd" and len(a) == 2 and len(c) == 2:
        year, month, day = 2000 + int(a), int(b), int(c)
    elif len(a) <= 2 and len(c) in (2, 4):
        year = int(c) + (2000 if len(c) == 2 else 0)
        month, day = (int(a), int(b)) if order == "mdy" else (int(b), int(a))
    else:
        return None
    if month > 12 and day <= 12 and len(a) != 4:
        flip = "month first" if order != "mdy" else "day first"
        raise Unreadable(f"the month is over 12; if the file writes dates {flip}, choose {flip}")
    moment = datetime.combine(date(year, month, day), _clock(clock) if clock else time())
    return moment, clock is not None


def _clock(text: str) -> time:
    match = _CLOCK.fullmatch(text.strip())
    if not match or not (match.group(2) or match.group(4)):
        raise ValueError(text)
    hour, minute, second = (int(g or 0) for g in match.groups()[:3])
    if half := match.group(4):
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if half.casefold() == "p" else 0)
    return time(hour, minute, second)


class _Info(dateparser.parserinfo):
    """Two-digit years are 20xx, not relative to today: the parser reads no clock."""

    def convertyear(self, year: int, century_specified: bool = False) -> int:
        return year + 2000 if year < 100 and not century_specified else year


_WORDED: Final = dateparser.parser(_Info())


def _zone_named(name: str | None, offset: int | None) -> fixed_zone | None:
    """A zone written in a date: offsets and UTC only; names like PST are ambiguous."""
    if offset is not None:
        return fixed_zone(timedelta(seconds=offset))
    if name is not None:
        raise Unreadable(f"the time zone {name!r} is ambiguous; write an offset such as -08:00")
    return None


def _worded(text: str, order: Order) -> tuple[datetime, bool] | None:
    """``Nov 3, 2026``, ``3 November 2026 2:30 PM``: needs a year, month and day."""
    if not re.search(r"[^\W\d_]", text):
        return None
    first, second = (
        _WORDED.parse(text, default=default, dayfirst=order == "dmy", tzinfos=_zone_named)
        for default in _DEFAULTS
    )
    if first.date() != second.date():
        return None
    return first, first.hour == second.hour

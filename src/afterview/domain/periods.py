"""Decision phrases that name a holiday, a season or a calendar period.

"By Christmas", "before New Year", "after Thanksgiving", "before Easter", "by end of Q1",
"first week of January", "after the summer", "after Labor Day": each names a period of the
calendar, and the reading is the last day of the window it gives, like every other phrase
in :mod:`afterview.domain.timeframes`.

**The period.** A holiday is one day (Easter weekend and the year-end holidays, 24 December
to 1 January, are spans); Thanksgiving, Easter and any holiday named as in the calendar
("Labor Day", "Canada Day") come from the country's holiday calendar, so Thanksgiving is
in October in Canada and in November in the United States; Christmas, its Eve, New Year
and Easter are the same everywhere. Seasons are meteorological (summer is June to August,
December to February south of the equator); quarters are calendar quarters; the first week
of a month is its first seven days.

**The window.** "before X" ends the day before X starts; "by X", "until X" end on X (on
the day before a season or the holidays start: "by summer" means before it begins);
"in", "during", "over", "end of" X and X alone end on its last day; "early" and "mid"
end on the last day of its first third or in its middle; "after X" ends five business
days after X, the first working week back. The first occurrence that is still ahead is
taken. "The holidays" alone mean the year-end holidays only when they are at most eight
weeks away; otherwise (summer holidays? school holidays?) the phrase is ambiguous, and so
is a span counted from a period ("two weeks after Easter"), whose start is then known:
no follow-up may come before it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache
from typing import NamedTuple

from afterview.domain.business_days import BusinessCalendar
from afterview.domain.reasons import Reason, reason

__all__ = ["Period", "read_period"]

AFTER_DAYS = 5  # "after X": the window ends with the first working week after X
_NEAR = timedelta(weeks=8)  # "the holidays" mean the year-end ones only this close to them


class Period(NamedTuple):
    day: date | None  # the last day of the window, or None when it cannot be dated
    meaning: Reason  # what it was read as, or why it could not be
    not_before: date | None = None  # an undated window still cannot end before this day


class _Span(NamedTuple):
    first: date
    last: date
    name: Reason
    point: bool = False  # a single day ("Christmas"), rather than a season or a quarter
    by_start: bool = False  # "by X" means before X begins (seasons, the holidays)


_REL = (
    r"(?:(?P<rel>by|before|until|till|up\s+to|after|following|around|over|during|through"
    r"|throughout|in|at|for|ahead\s+of|prior\s+to|once|past)\s+)?"
    r"(?:(?:the\s+)?(?P<part>early|mid|middle\s+of|late|end\s+of|start\s+of|beginning\s+of)\s+)?"
    r"(?:(?P<which>the|this|next|this\s+coming|the\s+coming)\s+)?"
)
_HOLIDAY = (
    r"(?P<hol>christmas\s+eve|new\s+year(?:'?s)?\s+eve"
    r"|(?:christmas|xmas|x\s+mas|festive|winter|year\s+end|holiday|end\s+of\s+year)"
    r"\s+(?:break|holidays?|season|period|vacation|shutdown)"
    r"|christmas(?:\s+day)?|xmas|x\s+mas|new\s+year(?:'?s)?(?:\s+day)?"
    r"|thanksgiving(?:\s+day|\s+weekend)?"
    r"|easter\s+(?:weekend|break|holidays?|vacation)|easter(?:\s+sunday)?|easter\s+monday"
    r"|good\s+friday|holidays)\b(?:\s+(?P<y>\d{4})\b)?"
)
_SEASON = r"(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?:break|holidays?|vacation))?\b"
_QUARTER = (
    r"(?P<quarter>q(?P<qn>[1-4])|(?P<qord>first|second|third|fourth|1st|2nd|3rd|4th|last)"
    r"\s+quarter|quarter(?:\s+end)?)(?:\s+(?:of\s+)?(?P<y>\d{4}))?\b"
)
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_WEEK_OF = (
    r"(?P<nth>first|second|third|fourth|last|1st|2nd|3rd|4th)\s+week\s+(?:of|in)\s+"
    r"(?:the\s+)?(?:(?P<nextm>next\s+month|the\s+month|this\s+month)|(?P<mon>"
    + "|".join(f"{m[:3]}(?:{m[3:]})?" if len(m) > 3 else m for m in _MONTH_NAMES)
    + r"))\b"
)


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    """Compiled on first use: most commands never read a period."""
    return tuple(re.compile(r"\b" + _REL + p) for p in (_WEEK_OF, _QUARTER, _HOLIDAY, _SEASON))


_SPAN_BEFORE = re.compile(r"\b(?:days?|weeks?|months?|fortnights?)\s+$")
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_ORDINALS |= {"fourth": 4, "4th": 4, "last": 4}
_SOUTH = frozenset({"AR", "AU", "BO", "BR", "CL", "NZ", "PY", "UY", "ZA"})  # seasons turned round


def read_period(phrase: str, today: date, calendar: BusinessCalendar) -> Period | None:
    """The window a phrase about a calendar period gives; None when it names no period."""
    for pattern in _patterns():
        match = pattern.search(phrase)
        if match is not None and _names_a_period(match):
            return _resolve(match, today, calendar)
    return _by_holiday_name(phrase, today, calendar)


def _names_a_period(match: re.Match[str]) -> bool:
    """Some words need another that makes them a time: "in the fall", "this quarter"."""
    bare = _group(match, "season") or _group(match, "hol") == "holidays"
    if bare or (_group(match, "quarter") or "").startswith("quarter"):
        return bool(match["rel"] or match["which"] or match["part"])
    return True


def _group(match: re.Match[str], name: str) -> str | None:
    return match[name] if name in match.re.groupindex else None


def _resolve(match: re.Match[str], today: date, calendar: BusinessCalendar) -> Period:
    def span(year: int) -> _Span | None:
        return _span_of(match, year, today, calendar)

    rel = (match["rel"] or "-").split()[0]
    if rel in ("in", "over", "during") and (_group(match, "hol") or "").startswith("new year"):
        rel = "after"  # "in the new year": once it has begun
    counted = rel in ("after", "following", "once", "past") and _SPAN_BEFORE.search(
        match.string[: match.start()]
    )
    years = _years(match, today)
    for year in years:
        found = span(year)
        if found is None or (match["which"] == "next" and found.first <= today):
            continue  # "next summer" in July is next year's
        if counted:  # "two weeks after Easter": after it, but how long after is not read
            if found.last >= today:
                return Period(None, reason("p_counts_from", what=found.name), found.last)
            continue
        day, meaning = _window(found, rel, match["part"], calendar)
        if day >= today or len(years) == 1:
            return _checked(match, found, day, meaning, today)
    name = (_group(match, "hol") or "that holiday").title()
    country = calendar.country
    return Period(None, reason("p_not_in_calendar", name=name, country=country))


def _checked(match: re.Match[str], found: _Span, day: date, meaning: Reason, today: date) -> Period:
    vague = _group(match, "hol") == "holidays" and match["which"] != "next"
    if vague and found.first - today > _NEAR:
        return Period(None, reason("p_which_holidays"))
    return Period(day, meaning)


def _years(match: re.Match[str], today: date) -> tuple[int, ...]:
    year = _group(match, "y")
    if year:
        return (int(year),)
    return (today.year - 1, today.year, today.year + 1, today.year + 2)


_BEFORE = ("before", "ahead", "prior")
_BY = ("by", "until", "till", "up")
_AFTER = ("after", "following", "once", "past")


def _window(
    found: _Span, rel: str, part: str | None, calendar: BusinessCalendar
) -> tuple[date, Reason]:
    """The last day of the window a relation to the period gives, and how it reads."""
    if part and not found.point:
        day, name = _part(found, part.split()[0])
    elif rel in _BEFORE or (rel in _BY and found.by_start):
        return found.first - timedelta(days=1), reason("m_day_before", what=found.name)
    else:
        day = found.last
        name = found.name if found.point else reason("p_end_of", what=found.name)
    if rel in _BEFORE:
        return day - timedelta(days=1), reason("m_day_before", what=name)
    if rel in _AFTER:
        name = name if part else found.name
        return calendar.add(day, AFTER_DAYS), reason("p_week_after", what=name)
    return day, name


def _part(found: _Span, word: str) -> tuple[date, Reason]:
    length = found.last - found.first
    if word in ("early", "start", "beginning"):
        return found.first + length / 3, reason("p_early_in", what=found.name)
    if word in ("mid", "middle"):
        return found.first + length / 2, reason("p_middle_of", what=found.name)
    return found.last, reason("p_end_of", what=found.name)


def _span_of(
    match: re.Match[str], year: int, today: date, calendar: BusinessCalendar
) -> _Span | None:
    if _group(match, "nth"):
        return _week_of(match, year, today)
    if _group(match, "quarter"):
        return _quarter(match, year, today)
    if _group(match, "season"):
        return _season(match["season"], year, calendar.country)
    return _holiday(" ".join(match["hol"].replace("'", "").split()), year, calendar)


def _week_of(match: re.Match[str], year: int, today: date) -> _Span | None:
    if match["nextm"]:
        if year != today.year:
            return None
        first = _add_month(today.replace(day=1), 1 if "next" in match["nextm"] else 0)
    else:
        month = next(i for i, m in enumerate(_MONTH_NAMES, 1) if m.startswith(match["mon"][:3]))
        first = date(year, month, 1)
    nth = _ORDINALS[match["nth"]]
    end = _add_month(first, 1) - timedelta(days=1)
    last_week = match["nth"] == "last"
    start = end - timedelta(days=6) if last_week else first + timedelta(days=7 * (nth - 1))
    label = reason("s_week_of", word=match["nth"], month=first.month, year=first.year)
    return _Span(start, min(start + timedelta(days=6), end), label)


def _quarter(match: re.Match[str], year: int, today: date) -> _Span | None:
    number = _quarter_number(match, today)
    if not match["qn"] and not match["qord"]:  # "this quarter", "next quarter": from today
        if year != today.year:
            return None
        if match["which"] == "next":
            number, year = number % 4 + 1, year + (number == 4)
    first = date(year, 3 * number - 2, 1)
    return _Span(
        first, _add_month(first, 3) - timedelta(days=1), reason("s_quarter", n=number, year=year)
    )


def _quarter_number(match: re.Match[str], today: date) -> int:
    if match["qn"]:
        return int(match["qn"])
    if match["qord"]:
        return _ORDINALS[match["qord"]]
    return (today.month - 1) // 3 + 1


def _season(word: str, year: int, country: str) -> _Span:
    word = "autumn" if word == "fall" else word
    start = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}[word]
    if country in _SOUTH:
        start = (start + 5) % 12 + 1
    first = date(year, start, 1)
    label = (
        reason(f"s_{word}", year=year)
        if start != 12
        else reason("s_winter_across", year=year, yy=str(year + 1)[2:])
    )
    return _Span(first, _add_month(first, 3) - timedelta(days=1), label, by_start=True)


def _holiday(name: str, year: int, calendar: BusinessCalendar) -> _Span | None:
    if name.startswith("christmas eve"):
        return _Span(
            date(year, 12, 24), date(year, 12, 24), reason("s_christmas_eve", year=year), True
        )
    if name.startswith("new year") and name.endswith("eve"):
        return _Span(
            date(year, 12, 31), date(year, 12, 31), reason("s_new_years_eve", year=year), True
        )
    if name.startswith("new year"):
        return _Span(date(year, 1, 1), date(year, 1, 1), reason("s_new_year", year=year), True)
    if name in ("christmas", "christmas day", "xmas", "x mas"):
        return _Span(date(year, 12, 25), date(year, 12, 25), reason("s_christmas", year=year), True)
    if name.startswith("thanksgiving"):
        return _thanksgiving(year, calendar)
    if name.startswith(("easter", "good friday")):
        return _easter(name, year)
    first, last = date(year, 12, 24), date(year + 1, 1, 1)
    return _Span(first, last, reason("s_year_end", year=year), by_start=True)


def _thanksgiving(year: int, calendar: BusinessCalendar) -> _Span | None:
    day = _named_in(calendar, year, "thanksgiving")
    if day is None and calendar.country in _THANKSGIVING_RULES:
        month, weekday, nth = _THANKSGIVING_RULES[calendar.country]
        first = date(year, month, 1)
        day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    if day is None:
        return None
    return _Span(day, day, reason("s_thanksgiving", long=day.isoformat()), True)


# When the calendar has no Thanksgiving (Canada as a whole: it is provincial), the federal rule
_THANKSGIVING_RULES = {"US": (11, 3, 4), "CA": (10, 0, 2)}  # (month, weekday, n-th)


def _easter(name: str, year: int) -> _Span:
    from dateutil.easter import easter

    sunday = easter(year)
    if name.startswith("good friday"):
        friday = sunday - timedelta(days=2)
        return _Span(friday, friday, reason("s_good_friday", long=friday.isoformat()), True)
    if name == "easter monday":
        monday = sunday + timedelta(days=1)
        return _Span(monday, monday, reason("s_easter_monday", long=monday.isoformat()), True)
    if name in ("easter", "easter sunday"):
        return _Span(sunday, sunday, reason("s_easter", long=sunday.isoformat()), True)
    first, last = sunday - timedelta(days=2), sunday + timedelta(days=1)
    weekend = reason("s_easter_weekend", long=first.isoformat(), long2=last.isoformat())
    return _Span(first, last, weekend, by_start=True)


def _named_in(calendar: BusinessCalendar, year: int, word: str) -> date | None:
    for day, name in sorted(calendar.holidays_of(year).items()):
        if word in name.lower() and "observed" not in name.lower():
            return day
    return None


_NAMED = (
    r"\b(?P<rel>by|before|until|till|after|following|around|ahead\s+of|prior\s+to|over)\s+"
    r"(?:the\s+)?(?P<name>[a-z][a-z' ]{2,40}?\s+day)\b"
)


def _by_holiday_name(phrase: str, today: date, calendar: BusinessCalendar) -> Period | None:
    """A holiday named as in the country's calendar: "after Labor Day", "by Canada Day"."""
    match = re.search(_NAMED, phrase)  # re caches the compiled pattern
    if match is None:
        return None
    wanted = match["name"].replace("'", "")
    for year in (today.year, today.year + 1):
        for day, name in sorted(calendar.holidays_of(year).items()):
            plain = name.lower().replace("'", "")
            if plain == wanted or plain.replace("s day", " day") == wanted:
                found = _Span(day, day, reason("s_holiday", name=name, long=day.isoformat()), True)
                last, meaning = _window(found, match["rel"].split()[0], None, calendar)
                if last >= today:
                    return Period(last, meaning)
    return None


def _add_month(first: date, months: int) -> date:
    year, index = divmod(first.year * 12 + first.month - 1 + months, 12)
    return date(year, index + 1, 1)

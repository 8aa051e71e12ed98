"""Read what an employer said about when they will decide, and when a promise is due.

The parser is pure: no clock, no disk, no network. ``today`` (the interview's local date)
and the candidate's :class:`BusinessCalendar` are arguments, so a phrase always reads the
same way for the same interview.

**The last day of the window.** A phrase names a window ("within two weeks", "next week",
"early next month"); the date returned is the *last* day of that window, the day by which
the decision should have been made. A follow-up is only welcome after it. So "a week or
two" is 14 days, "next week" is next week's Friday and "in December" is 31 December.

**Grammar** (case-insensitive; filler such as "they said", "we'll let you know", "by",
"within", "in", "around", "approx" and trailing punctuation is simply not matched):

* spans: ``N days|weeks|months|hours`` and ranges ``N-M weeks``, ``a week or two`` (the
  later bound wins); ``N business|working days`` counts business days after today; "a few
  days" is 3 business days, "a few weeks" 21 days. N is digits, a number word up to
  thirty, "a"/"an"/"another" (1), "a couple (of)" (2) or "a few" (3).
* days: "today", "tonight", "end of day", a time alone ("by 5pm") → today; "tomorrow";
  "the day after tomorrow".
* weeks: "this week"/"end of (the) week" → this week's Friday (next Friday from Friday to
  Sunday); "next week"/"end of next week" → next week's Friday ("early next week" its
  Tuesday, "mid next week" its Wednesday); "the week after next".
* weekdays: "Friday", "by Friday", "on Monday" → the next one strictly after today; "next
  Tuesday"/"Tuesday next week" → Tuesday of the Monday-to-Sunday week after this one;
  "this Friday" → this week's, unless it has passed.
* months: "early|mid|end of next month" → the 10th, 15th or last day of next month;
  "end of (the) month"/"this month" → its last day (next month's on the last day); "early|
  mid|late December", "in December", "December 2026" → the 10th, 15th or last day.
* days of the month: "by the 15th" → the 15th of this month if still ahead, else of next
  month; "before the 15th" → the 14th.
* years: "end of the year" → 31 December; "end of next year".
* explicit dates: "2026-12-04", "4 December", "December 4th", "Dec 4, 2026", "Thursday,
  December 3", "04/12/2026" (``dayfirst`` decides; dots as in "4.12.2026" are always day
  first), with python-dateutil as a last resort for other spellings. A date without a
  year that has passed means next year. "before <date>" means the day before.

* holidays, seasons and calendar periods: "by Christmas", "before New Year", "after
  Thanksgiving", "before Easter", "by end of Q1", "first week of January", "after the
  summer" (see :mod:`afterview.domain.periods`); hyphens between words are spaces, so
  "mid-next-month" and "end-of-month" read like "mid next month" and "end of month".

Anything that depends on an undated event ("after the school holidays", "once we have
finished interviewing", "two weeks after the final round") is *ambiguous*: not parsed, and
the reason asks the user to ask them for a date. When the event is a known period ("two
weeks after Easter"), ``not_before`` says the window cannot end before it. Vague phrases ("soon",
"ASAP") and anything unrecognised are not parsed either, with a reason naming the text.
No date before ``today`` is ever returned, and no user text makes the parser raise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

import msgspec

from afterview.domain.business_days import BusinessCalendar
from afterview.domain.date_range import LATEST_YEAR
from afterview.domain.periods import read_period
from afterview.domain.reasons import Reason, reason, word

__all__ = ["Timeframe", "parse_decision", "parse_due"]


_Day = date  # the type, for fields declared after the field named `date`


class Timeframe(msgspec.Struct, frozen=True, gc=False):
    """What a phrase was read as (a msgspec ``Struct``: see docs/PERFORMANCE.md, start-up)."""

    said: str | None  # the text as given (None when nothing was said)
    date: _Day | None  # the last day of the window they gave (the decision date), or None
    parsed: bool  # True when `date` came from the phrase
    ambiguous: bool = False  # True for phrases that need a question back
    why: Reason | None = None  # why it could not be parsed / what it was read as
    # an unread phrase that names a later period: its window cannot end before this day
    not_before: _Day | None = None

    @property
    def reason(self) -> str | None:
        """``why`` in words, in the active locale."""
        return None if self.why is None else word(self.why)


def parse_decision(
    text: str | None, *, today: date, calendar: BusinessCalendar, dayfirst: bool = True
) -> Timeframe:
    """The decision date an interviewer's words point to (the last day of their window)."""
    if text is None or not text.strip():
        return Timeframe(None, None, False, why=_NO_TIMEFRAME)
    return _parse_cached(text, today, calendar, dayfirst)


def parse_due(
    text: str | None, *, today: date, calendar: BusinessCalendar, dayfirst: bool = True
) -> Timeframe:
    """The day a promise ("tomorrow", "by Monday", "end of week") falls due."""
    if text is None or not text.strip():
        return Timeframe(None, None, False)
    return _parse_cached(text, today, calendar, dayfirst)


# -- the parse --------------------------------------------------------------------------


class _Ctx(NamedTuple):
    today: date
    calendar: BusinessCalendar
    dayfirst: bool


class _Reject(Exception):
    """A pattern matched but gave no usable date (e.g. "31 February"); says why."""

    def __init__(self, why: Reason) -> None:
        super().__init__(why.code)
        self.why = why


_Resolver = Callable[[re.Match[str], _Ctx], tuple[date, Reason]]
_NO_TIMEFRAME = reason("tf_none")
_THE_DATE = reason("m_date")


@lru_cache(maxsize=8192)
def _parse_cached(text: str, today: date, calendar: BusinessCalendar, dayfirst: bool) -> Timeframe:
    """The parse is pure, so the same phrase on the same day is read once per process."""
    return _parse(text, _Ctx(today, calendar, dayfirst))


def _parse(text: str, ctx: _Ctx) -> Timeframe:
    said = " ".join(text.split())
    phrase = _normalise(text)
    period = _period(text, said, phrase, ctx)
    if period is not None:
        return period
    if _AFTER.search(phrase):
        what = "tf_depends_holidays" if _HOLIDAY.search(phrase) else "tf_depends_other"
        return _ambiguous(text, reason(what, text=said))
    rejected: Reason | None = None
    for index in _candidate_rows(phrase):
        pattern, resolve, explicit = _GRAMMAR[index][1:]
        match = pattern.search(phrase)
        if match is None:
            continue
        try:
            day, meaning = resolve(match, ctx)
        except _Reject as exc:
            rejected = rejected or reason("tf_rejected", text=said, problem=exc.why)
        except (ValueError, OverflowError):
            rejected = rejected or reason("tf_not_real", text=said)
        else:
            if _usable(day, ctx):
                return _parsed(text, said, day, meaning)
            rejected = rejected or _out_of_range(said, day, ctx.today)
        if explicit:  # a date that was written out but does not work: never guess past it
            return Timeframe(text, None, False, why=rejected)
    return _fallback(text, said, phrase, ctx, rejected)


def _period(text: str, said: str, phrase: str, ctx: _Ctx) -> Timeframe | None:
    """A holiday, season or calendar period ("by Christmas", "end of Q1"), if one is named."""
    if not _PERIOD_WORDS.search(phrase):
        return None
    try:
        found = read_period(phrase, ctx.today, ctx.calendar)
    except (ValueError, OverflowError):  # a year past the calendar's end
        found = None
    if found is None:
        return None
    if found.day is not None and _usable(found.day, ctx):
        return _parsed(text, said, found.day, found.meaning)
    if found.day is not None:
        return Timeframe(text, None, False, why=_out_of_range(said, found.day, ctx.today))
    why = reason("tf_period_ask", text=said, meaning=found.meaning)
    return Timeframe(text, None, False, True, why, found.not_before)


def _candidate_rows(phrase: str) -> list[int]:
    """The grammar rows worth trying: those keyed by a word of the phrase, in table order.

    A run of digits counts as the word "#", digits with separators ("4/12", "17:30") as "#/".
    """
    rows: set[int] = set()
    for token in _TOKEN.findall(phrase):
        if token[0].isdigit():
            token = "#" if token.isdigit() else "#/"
        rows.update(_ROWS_BY_WORD.get(token, ()))
    return sorted(rows)


def _fallback(text: str, said: str, phrase: str, ctx: _Ctx, rejected: Reason | None) -> Timeframe:
    """What is left when no grammar row gave a date: dateutil, then the reasons."""
    if _HOLIDAY.search(phrase):
        return _ambiguous(text, reason("tf_depends_holidays", text=said))
    day = _dateutil_date(phrase, ctx)
    if day is not None:
        if _usable(day, ctx):
            return _parsed(text, said, day, _THE_DATE)
        rejected = rejected or _out_of_range(said, day, ctx.today)
    if _EVENT.search(phrase):
        return _ambiguous(text, reason("tf_depends_event", text=said))
    if rejected:
        return Timeframe(text, None, False, why=rejected)
    if _VAGUE.search(phrase):
        return Timeframe(text, None, False, why=reason("tf_vague", text=said))
    return Timeframe(text, None, False, why=reason("tf_unread", text=said))


def _parsed(text: str, said: str, day: date, meaning: Reason) -> Timeframe:
    why = reason("tf_read", text=said, meaning=meaning, weekday=day.weekday(), iso=day.isoformat())
    return Timeframe(text, day, True, why=why)


def _ambiguous(text: str, why: Reason) -> Timeframe:
    return Timeframe(text, None, False, ambiguous=True, why=reason("tf_ask", why=why))


def _usable(day: date, ctx: _Ctx) -> bool:
    """A reading from today on, in a year the calendar arithmetic is sure to handle."""
    return ctx.today <= day and day.year <= LATEST_YEAR


def _out_of_range(said: str, day: date, today: date) -> Reason:
    if day.year > LATEST_YEAR:
        return reason("tf_too_late", text=said, iso=day.isoformat(), year=LATEST_YEAR)
    return reason("tf_past", text=said, iso=day.isoformat(), today=today.isoformat())


_TRANSLATE = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-", "\u00a0": " "})
_WORD_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")  # "mid-next-month", "end-of-month"


def _normalise(text: str) -> str:
    """Lower case, plain quotes and dashes, single spaces, no surrounding punctuation."""
    text = text.lower()
    if not text.isascii():
        text = text.translate(_TRANSLATE)
    if "-" in text:
        text = _WORD_HYPHEN.sub(" ", text)
    return " ".join(text.split()).strip(" .,;:!?\"'()")


def _dateutil_date(phrase: str, ctx: _Ctx) -> date | None:
    """A date in a spelling the grammar does not know, read by python-dateutil (no fuzzy)."""
    core = _LEAD.compiled.sub("", phrase)
    if not _DIGIT.search(core):
        return None
    from dateutil import parser  # deferred: only exotic spellings get this far

    try:
        first = parser.parse(core, dayfirst=ctx.dayfirst, default=datetime(2000, 1, 1))
        second = parser.parse(core, dayfirst=ctx.dayfirst, default=datetime(2004, 2, 2))
    except (ValueError, OverflowError):
        return None
    if (first.month, first.day) != (second.month, second.day):
        return None  # the text gave no month or no day: the default showed through
    if first.year == second.year:
        return first.date()
    try:
        return _this_or_next_year(ctx.today, first.month, first.day)
    except (ValueError, OverflowError):  # 29 February in a common year, or past year 9999
        return None


# -- calendar arithmetic ---------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, _days_in(year, month))


def _add_months(day: date, months: int) -> date:
    year, index = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, index + 1, min(day.day, _days_in(year, index + 1)))


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _this_or_next_year(today: date, month: int, day: int) -> date:
    """A day of the year given without a year: this year's, or next year's once past."""
    candidate = date(today.year, month, day)
    return candidate if candidate >= today else date(today.year + 1, month, day)


def _day_of_month(today: date, day: int, month_offset: int | None) -> date:
    """The ``day``-th (clamped to the month's end) of this month if ahead, else of next.

    ``month_offset`` forces the month: 0 for this one, 1 for the next.
    """
    if not 1 <= day <= 31:
        raise _Reject(reason("tf_no_such_day", n=day))
    this_month = date(today.year, today.month, min(day, _days_in(today.year, today.month)))
    if month_offset == 0 or (month_offset is None and this_month > today):
        return this_month
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return date(year, month, min(day, _days_in(year, month)))


def _days_in(year: int, month: int) -> int:
    if month == 2:  # the Gregorian rule, written out: importing `calendar` for it costs more
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


# -- vocabulary ------------------------------------------------------------------------

_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen")
_LATE_TEENS = ("seventeen", "eighteen", "nineteen")
_NUMBERS: dict[str, int] = {
    **{word: i for i, word in enumerate(_ONES, 1)},
    **{word: i for i, word in enumerate(_TEENS + _LATE_TEENS, 10)},
    **{f"twenty {word}": 20 + i for i, word in enumerate(_ONES, 1)},
    "twenty": 20,
    "thirty": 30,
    "a": 1,
    "an": 1,
    "another": 1,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "couple": 2,
    "a few": 3,
    "few": 3,
}
_NUMBER_WORDS = sorted(_NUMBERS, key=len, reverse=True)
_NUM = (
    r"(?<![\w.,])(?P<NAME>\d{1,3}|"
    + "|".join(w.replace(" ", r"[\s-]+") for w in _NUMBER_WORDS)
    + r")\b"
)
_UNIT = r"(?P<unit>hours?|hrs?|(?:calendar\s+)?days?|weeks?|wks?|fortnights?|months?)\b"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:tember|t)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY = (
    r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues|tue|wed|thurs|thur|thu|fri)\b\.?"
)
_PART = r"(?P<part>early|beginning\s+of|start\s+of|mid|middle\s+of|late|end\s+of)"
_PART_DAY = {"early": 10, "beginning": 10, "start": 10, "mid": 15, "middle": 15}

# the words (split on spaces) that let a grammar row be tried at all
_MONTH_WORDS = (
    "jan january feb february mar march apr april may jun june jul july aug august"
    " sep sept september oct october nov november dec december"
)
_WEEKDAY_WORDS = (
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri"
)
_NUMBER = "#"  # a run of digits
_DIGITS_WITH_SEPARATORS = "#/"  # 4/12, 2026-12-04, 17:30


def _number(word: str | None) -> int:
    if word is None:
        return 0
    if word.isdigit():
        return int(word)
    return _NUMBERS[" ".join(word.replace("-", " ").split())]


def _month(match: re.Match[str]) -> int:
    return _MONTHS.index(match["mon"][:3]) + 1


def _weekday(match: re.Match[str]) -> int:
    return _WEEKDAYS.index(match["wd"][:3])


def _before(match: re.Match[str]) -> bool:
    """Whether the match follows "before": the window then ends the day before."""
    return match.string[: match.start()].endswith(("before ", "before the "))


def _group(match: re.Match[str], name: str) -> str | None:
    """An optional named group: None when unmatched or when the row has no such group."""
    return match[name] if name in match.re.groupindex else None


# -- resolvers: one per grammar row ----------------------------------------------------


def _with_before(match: re.Match[str], day: date, meaning: Reason) -> tuple[date, Reason]:
    """Applies a leading "before": the window ends the day before the named day."""
    if _before(match):
        return day - timedelta(days=1), reason("m_day_before", what=meaning)
    return day, meaning


def _iso(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    day = date(int(match["y"]), int(match["m"]), int(match["d"]))
    return _with_before(match, day, _THE_DATE)


def _year(match: re.Match[str]) -> int | None:
    year = _group(match, "y")
    if year is None:
        return None
    return int(year) + 2000 if len(year) == 2 else int(year)


def _calendar_date(match: re.Match[str], ctx: _Ctx, month: int, day: int) -> tuple[date, Reason]:
    year = _year(match)
    result = date(year, month, day) if year else _this_or_next_year(ctx.today, month, day)
    return _with_before(match, result, _THE_DATE)


def _numeric(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    first, second = int(match["a"]), int(match["b"])
    if ctx.dayfirst or match["sep"] == ".":
        return _calendar_date(match, ctx, second, first)
    return _calendar_date(match, ctx, first, second)


def _textual(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    day, meaning = _calendar_date(match, ctx, _month(match), int(match["d"]))
    named = _group(match, "wd")
    stated = day + timedelta(days=1) if _before(match) else day
    if named and stated.weekday() != _weekday(match):
        raise _Reject(
            reason(
                "tf_wrong_weekday",
                iso=stated.isoformat(),
                weekday=stated.weekday(),
                weekday2=_weekday(match),
            )
        )
    return day, meaning


def _days_ahead(days: int, meaning: Reason) -> _Resolver:
    return lambda match, ctx: (ctx.today + timedelta(days=days), meaning)


def _business_days(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    count = max(_number(match["n"]), _number(_group(match, "n2")))
    return ctx.calendar.add(ctx.today, count), reason("m_business_days", count=count)


def _few_days(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    return ctx.calendar.add(ctx.today, 3), reason("m_few_days")


def _span(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    count = max(_number(match["n"]), _number(_group(match, "n2")), _number(_group(match, "n3")))
    unit = match["unit"].split()[-1]
    if unit.startswith("h"):
        return ctx.today + timedelta(days=-(-count // 24)), reason("m_hours", count=count)
    if unit.startswith("d"):
        return ctx.today + timedelta(days=count), reason("m_days", count=count)
    if unit.startswith("f"):
        return ctx.today + timedelta(days=14 * count), reason("m_fortnights", count=count)
    if unit.startswith("m"):
        return _add_months(ctx.today, count), reason("m_months", count=count)
    return ctx.today + timedelta(days=7 * count), reason("m_weeks", count=count)


def _the_next(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    unit = match["unit"]
    if unit == "month":
        return _add_months(ctx.today, 1), reason("m_one_month")
    if unit == "day":
        return ctx.today + timedelta(days=1), reason("m_one_day")
    return ctx.today + timedelta(days=7), reason("m_one_week")


def _week_after_next(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    return _monday(ctx.today) + timedelta(days=18), reason("m_week_after_next")


def _next_week(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    part = (_group(match, "part") or "end").split()[0]
    offset = {"early": 1, "beginning": 1, "start": 1, "mid": 2, "middle": 2}.get(part, 4)
    day = _monday(ctx.today) + timedelta(days=7 + offset)
    return day, reason("m_the_weekday_next_week", weekday=day.weekday())


def _this_week(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    friday = _monday(ctx.today) + timedelta(days=4)
    if ctx.today >= friday:
        return friday + timedelta(days=7), reason("m_end_of_week_next")
    return friday, reason("m_end_of_this_week")


def _weekday_next_week(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    day = _monday(ctx.today) + timedelta(days=7 + _weekday(match))
    return day, reason("m_weekday_next_week", weekday=day.weekday())


def _this_weekday(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    day = _monday(ctx.today) + timedelta(days=_weekday(match))
    if day < ctx.today:
        day += timedelta(days=7)
    return day, reason("m_this_weekday", weekday=day.weekday())


def _next_weekday_named(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    ahead = (_weekday(match) - ctx.today.weekday() - 1) % 7 + 1
    day = ctx.today + timedelta(days=ahead)
    return _with_before(match, day, reason("m_coming_weekday", weekday=day.weekday()))


def _ordinal(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    which = _group(match, "which")
    offset = {"next": 1, "this": 0, "the": 0}.get(which or "")
    wanted = int(match["d"])
    day = _day_of_month(ctx.today, wanted, offset)
    code = "m_nth_of_month" if day.day == wanted else "m_last_of_month"
    return _with_before(match, day, reason(code, nth=wanted, month=day.month))


def _part_of_next_month(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    first = _add_months(ctx.today.replace(day=1), 1)
    day = _part_of(first, match["part"])
    return day, _part_label(match["part"], day)


def _part_label(part: str | None, day: date) -> Reason:
    word = (part or "end").split()[0]
    code = {"early": "m_early_month", "beginning": "m_early_month", "start": "m_early_month"}
    code["mid"] = "m_mid_month"
    return reason(code.get(word, "m_end_month"), month=day.month, year=day.year)


def _part_of(first: date, part: str | None) -> date:
    """The last day of the early/mid/late part of the month that starts on ``first``."""
    day = _PART_DAY.get((part or "end").split()[0])
    return first.replace(day=day) if day else _month_end(first.year, first.month)


def _next_month(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    if _before(match):
        return _month_end(ctx.today.year, ctx.today.month), reason("m_end_this_month")
    first = _add_months(ctx.today.replace(day=1), 1)
    return _month_end(first.year, first.month), reason("m_end_next_month")


def _named_month(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    month, year, part = _month(match), _year(match), _group(match, "part")
    before = _group(match, "q") == "before"
    years = (year,) if year else (ctx.today.year, ctx.today.year + 1)
    for candidate_year in years:  # without a year: this year's, unless it has passed
        first = date(candidate_year, month, 1)
        day = first - timedelta(days=1) if before else _part_of(first, part)
        if day >= ctx.today or year:
            break
    if part:
        return day, _part_label(part, day)
    code = "m_before_month" if before else "m_in_month"
    return day, reason(code, month=first.month, year=first.year)


def _part_of_month(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    day = _day_of_month(ctx.today, _PART_DAY[match["part"].split()[0]], None)
    return day, _part_label(match["part"], day)


def _end_of_month(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    end = _month_end(ctx.today.year, ctx.today.month)
    if end == ctx.today:
        first = _add_months(ctx.today.replace(day=1), 1)
        return _month_end(first.year, first.month), reason("m_end_next_month")
    return end, reason("m_end_this_month")


def _end_of_year(match: re.Match[str], ctx: _Ctx) -> tuple[date, Reason]:
    end = date(ctx.today.year, 12, 31)
    if end == ctx.today or _group(match, "next"):
        return date(ctx.today.year + 1, 12, 31), reason("m_end_next_year")
    return end, reason("m_end_year")


# -- the grammar: tried in order, the first usable match wins --------------------------


class _Pattern:
    """A pattern compiled the first time it is used: most phrases reach only a few rows of
    the grammar, and most commands read no phrase at all."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int = re.ASCII) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)


def _rx(pattern: str) -> _Pattern:
    return _Pattern(
        pattern.replace("<N1>", _NUM.replace("NAME", "n"))
        .replace("<N2>", _NUM.replace("NAME", "n2"))
        .replace("<N3>", _NUM.replace("NAME", "n3"))
        .replace("<UNIT>", _UNIT)
        .replace("<MONTH>", _MONTH)
        .replace("<WD>", _WEEKDAY)
        .replace("<PART>", _PART)
    )


_NOT_COUNTED = (
    r"(?!\s*(?:round|interview|stage|step|call|meeting|conversation|candidate|time|place"
    r"|week|day|month|attempt|chat|%))"
)


class _Row(NamedTuple):
    needs: frozenset[str]  # a cheap pre-check: the phrase must contain one of these words
    pattern: _Pattern
    resolve: _Resolver
    explicit: bool  # a written-out date: if it does not work, nothing else is tried


def _row(needs: str, pattern: str, resolve: _Resolver, explicit: bool = False) -> _Row:
    return _Row(frozenset(needs.split()), _rx(pattern), resolve, explicit)


_TODAY = _days_ahead(0, reason("m_today"))
_UNIT_WORDS = "hour hours hr hrs day days week weeks wk wks fortnight fortnights month months"
_NUMERIC_END = r"\b(?![/.]?\d)(?!\s*(?:<UNIT>|business|working|am|pm))"

_GRAMMAR: tuple[_Row, ...] = (
    # explicit dates
    _row(_DIGITS_WITH_SEPARATORS, r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b",
         _iso, True),
    _row(_NUMBER, r"\b(?P<y>\d{4})(?P<m>[01]\d)(?P<d>[0-3]\d)\b", _iso, True),
    _row(_MONTH_WORDS, r"(?:<WD>,?\s+)?\b(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?"
         r"[\s-]+<MONTH>(?:,?[\s-]+(?P<y>\d{4})\b)?", _textual, True),
    _row(_MONTH_WORDS, r"(?:<WD>,?\s+)?\b<MONTH>\s+(?:the\s+)?(?P<d>\d{1,2})"
         r"(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{4})\b)?", _textual, True),
    _row(_DIGITS_WITH_SEPARATORS, r"(?<![\d.,/])(?P<a>\d{1,2})(?P<sep>/)(?P<b>\d{1,2})"
         r"(?:/(?P<y>\d{4}|\d{2}))?" + _NUMERIC_END, _numeric, True),
    _row(_DIGITS_WITH_SEPARATORS, r"(?<![\d.,/])(?P<a>0?[1-9]|[12]\d|3[01])(?P<sep>\.)"
         r"(?P<b>0?[1-9]|1[0-2])(?:\.(?P<y>\d{4}|\d{2}))?" + _NUMERIC_END, _numeric, True),
    _row(_DIGITS_WITH_SEPARATORS, r"(?<![\d.,/])(?P<a>\d{1,2})(?P<sep>-)(?P<b>\d{1,2})-"
         r"(?P<y>\d{4}|\d{2})\b(?!-?\d)", _numeric, True),
    # days and spans
    _row("tomorrow", r"\bday\s+after\s+tomorrow\b",
         _days_ahead(2, reason("m_day_after_tomorrow"))),
    _row("tomorrow tmrw", r"\b(?:tomorrow|tmrw)\b", _days_ahead(1, reason("m_tomorrow"))),
    _row("business working work", r"<N1>(?:\s*(?:-|to|or|/)\s*<N2>)?\s+(?:more\s+)?"
         r"(?:business|working|work)[\s-]*days?\b", _business_days),
    _row("few", r"\bfew\s+(?:more\s+)?days?\b", _few_days),
    _row(_UNIT_WORDS,
         r"<N1>(?:\s*(?:-|to|or|/)\s*<N2>)?\s+(?:more\s+)?<UNIT>(?:\s+(?:or|to)\s+<N3>)?", _span),
    _row("next coming", r"\b(?:within|in|over|during)\s+the\s+(?:next|coming)\s+"
         r"(?P<unit>day|week|month)\b", _the_next),
    # weeks and weekdays
    _row("after", r"\bweek\s+after\s+next\b", _week_after_next),
    _row("week", r"\b<WD>,?\s+(?:of\s+)?next\s+week\b", _weekday_next_week),
    _row("week", r"\b(?:<PART>[\s-]+(?:the\s+)?)?next\s+week\b", _next_week),
    _row("week eow weekend", r"\b(?:end\s+of\s+(?:the\s+|this\s+)?week|(?:later\s+)?this\s+week"
         r"|eow|(?:by|before)\s+the\s+weekend)\b", _this_week),
    _row("next", r"\bnext\s+<WD>", _weekday_next_week),
    _row("this coming", r"\b(?:this\s+(?:coming\s+)?|coming\s+)<WD>", _this_weekday),
    _row(_WEEKDAY_WORDS, r"\b<WD>", _next_weekday_named),
    # days of the month
    _row(_NUMBER, r"(?<![\d.,/])(?P<d>\d{1,2})(?:st|nd|rd|th)\b"
         r"(?:\s+of\s+(?P<which>this|next|the)\s+month\b)?" + _NOT_COUNTED, _ordinal),
    _row(_NUMBER, r"\bthe\s+(?P<d>\d{1,2})\b(?![:./-]?\d)" + _NOT_COUNTED
         + r"(?!\s*(?:<UNIT>|business|working))", _ordinal),
    # months and years
    _row("month", r"\b<PART>[\s-]+(?:the\s+)?next\s+month\b", _part_of_next_month),
    _row("month", r"\bnext\s+month\b", _next_month),
    _row(_MONTH_WORDS, r"\b<PART>[\s-]*(?:the\s+)?(?:month\s+of\s+)?<MONTH>(?:\s+(?P<y>\d{4})\b)?",
         _named_month),
    _row(_MONTH_WORDS, r"\b(?P<q>in|by|during|until|till|within|before|through|throughout)\s+"
         r"(?:the\s+month\s+of\s+)?<MONTH>(?:\s+(?P<y>\d{4})\b)?", _named_month),
    _row(_MONTH_WORDS, r"\b<MONTH>\s+(?P<y>\d{4})\b", _named_month),
    _row("month", r"\b(?P<part>early|beginning\s+of|start\s+of|mid|middle\s+of)[\s-]*"
         r"(?:the\s+)?month\b", _part_of_month),
    _row("month eom monthend", r"\b(?:(?:end\s+of|late)\s+(?:the\s+|this\s+)?month|month[\s-]?end"
         r"|eom|(?:later\s+)?this\s+month)\b", _end_of_month),
    _row("year eoy yearend", r"\b(?:(?:end\s+of|late)\s+(?:the\s+|this\s+|(?P<next>next)\s+)?year"
         r"|year[\s-]?end|eoy|(?:later\s+)?this\s+year)\b", _end_of_year),
    _row(_MONTH_WORDS, r"^(?:sometime\s+)?<MONTH>$", _named_month),
    # today: last, so that "end of day Friday" or "EOD tomorrow" name their own day
    _row("am pm noon midday morning afternoon " + _DIGITS_WITH_SEPARATORS,
         r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)\b|\b(?:[01]?\d|2[0-3])[:.][0-5]\d\b"
         r"|\b(?:noon|midday)\b|\bthis\s+(?:morning|afternoon)\b", _TODAY),
    _row("today tonight end eod close cob evening",
         r"\b(?:today|tonight|end\s+of\s+(?:the\s+)?(?:business\s+)?day|eod"
         r"|close\s+of\s+business|cob|this\s+evening)\b", _TODAY),
)  # fmt: skip

# which rows a word makes worth trying (a dict look-up per word instead of a scan per row)
_ROWS_BY_WORD: dict[str, tuple[int, ...]] = {
    word: tuple(i for i, row in enumerate(_GRAMMAR) if word in row.needs)
    for word in frozenset().union(*(row.needs for row in _GRAMMAR))
}


def _text_pattern(source: str) -> _Pattern:
    """A pattern over the phrase as a whole, compiled on first use (Unicode, unlike the rows)."""
    return _Pattern(source, flags=0)


# "after X" and "two weeks from X" count from something other than today; "the day after
# tomorrow", "the week after next" and "two weeks from now" do not.
_FROM_TODAY = (
    r"(?!\s+(?:tomorrow|next|today|now|(?:the|this|our|my|your|today's)\s+"
    r"(?:interview|call|meeting|conversation|chat))\b)"
)
_AFTER = _text_pattern(
    r"\bafter\b" + _FROM_TODAY + r"|\b(?:days?|weeks?|months?|fortnights?)(?:'s?\s+time)?"
    r"\s+from\b" + _FROM_TODAY
)
_HOLIDAY = _text_pattern(
    r"\b(?:holidays?|christmas|xmas|x-mas|new\s+year|thanksgiving|easter|summer|vacation"
    r"|break|festive|hanukkah|chanukah|diwali|ramadan|eid)\b"
)
_EVENT = _text_pattern(
    r"\b(?:once|when|until|till|as\s+soon\s+as)\s+(?:we|we've|we're|we'll|they|they've"
    r"|they're|they'll|the|all|our|their|everyone|everybody|he|she|i|you|it's|its)\b"
)
_VAGUE = _text_pattern(
    r"\b(?:soon|asap|as\s+soon\s+as\s+possible|shortly|in\s+due\s+course|right\s+away|promptly"
    r"|quickly|later|at\s+some\s+point|sometime|eventually|tbd|tbc|unknown|unsure|not\s+sure"
    r"|no\s+idea|(?:don't|didn't|do\s+not|did\s+not)\s+(?:know|say)|next\s+year"
    r"|no\s+(?:timeline|timeframe|time\s+frame|date)|coming\s+(?:days|weeks|months)"
    r"|let\s+(?:you|me|us)\s+know|get\s+back\s+to|be\s+in\s+touch|hear\s+(?:back|from))\b"
)
_LEAD = _text_pattern(
    r"^(?:(?:by|on|before|around|about|approx(?:imately)?\.?|until|till|no\s+later\s+than"
    r"|within|in|the|they\s+said|we'll\s+let\s+you\s+know|decision)\s+)+"
)
_DIGIT = re.compile(r"[0-9]")
# the words that can name a calendar period (a cheap test before reading one)
_PERIOD_WORDS = _text_pattern(
    r"\b(?:christmas|xmas|mas|new\s+year|thanksgiving|easter|good\s+friday|holidays?|festive"
    r"|spring|summer|autumn|fall|winter|q[1-4]|quarter|week\s+(?:of|in)|day)\b"
)
_TOKEN = re.compile(r"[a-z]+|[0-9]+(?:[-/.:][0-9]+)*")

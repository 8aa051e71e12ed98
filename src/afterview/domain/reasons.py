"""Why a step is planned: a code and its values, worded when someone reads it.

The planner used to store each step's "why" as an English sentence written at planning
time, so a page shown in another locale still read it in English. A :class:`Reason` is
instead a value — a code and its parameters (days as ISO strings, numbers, the names the
user typed, or another reason nested inside) — and this module is the one catalogue of
their sentences, through gettext (:func:`word`), day labels through ``i18n.when``.

Storage keeps a reason as JSON in the ``why`` text column (:func:`encode`, :func:`decode`):
``{"reason": "thank_you", "name": "Priya Raman", "hours": 24}``. A stored value that is not
a coded reason (rows planned before reasons had codes, an old archive) is read back as the
literal text it is, and shown as it is.

Building one is cheap (a frozen ``msgspec.Struct``, its parameters a tuple of pairs, so
it is hashable and a step holding it still is): the planner makes hundreds of thousands in
a bulk replan and words none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache
from typing import Final

import msgspec

from afterview import i18n
from afterview.i18n import N_


class Reason(msgspec.Struct, frozen=True, gc=False):
    """Why something is planned: a code of :data:`SENTENCES` and its parameters."""

    code: str
    params: tuple[tuple[str, Param], ...] = ()

    def get(self, name: str) -> Param:
        for key, value in self.params:
            if key == name:
                return value
        return None

    def __str__(self) -> str:
        return word(self)


def reason(code: str, /, **params: Param) -> Reason:
    """``reason("thank_you", name="Priya Raman", hours=24)``."""
    return Reason(code, tuple(params.items()))


Param = str | int | Reason | None
Because = Reason | str  # a stored text that was never coded reads as itself

# The sentences, by code. ``%(said)s`` and ``%(by)s`` are what the user typed, shown quoted;
# ``%(day)s`` is a day label; ``%(why)s`` another reason, worded first.
SENTENCES: Final[dict[str, str]] = {
    "celebrate": N_(
        "The interview is done: take a walk, breathe, and mark the moment before analysing it."
    ),
    "reflection_write": N_(
        "Write down the questions, your answers, what stood out and how you felt tonight, "
        "while it is fresh."
    ),
    "reflection_revisit": N_(
        "Reread your debrief with two days' distance: what went well, what to improve, "
        "and whether you still want this job."
    ),
    "promise_dated": N_("You promised to %(what)s: deliver it by %(by)s, read as %(day)s."),
    "notify_references": N_(
        "Tell %(name)s that %(company)s may call about the %(role)s role, and what to stress."
    ),
    "notify_referrer": N_(
        "Thank %(name)s for the referral and say the interview took place; "
        "do not ask them for news."
    ),
    "keep_searching_none": N_(
        "No other application is active; line up at least %(target)s while you wait, "
        "since nothing is certain until an offer is on paper."
    ),
    "follow_up_dated": N_(
        "They said %(said)s (read as %(day)s); follow up one business day after that, "
        "never inside it."
    ),
    "follow_up_not_before": N_(
        "They said %(said)s, which has no date yet but starts %(day)s; "
        "no follow-up comes before that."
    ),
    "rejection_reply": N_(
        "Reply to %(company)s graciously within two days: thanks, acceptance and one "
        "narrow feedback question. Do not chase the feedback."
    ),
    "keep_in_touch": N_(
        "The process is over: a LinkedIn connection with a short note keeps the door "
        "open for the next opening."
    ),
    "offer_ack": N_("Thank %(company)s for the offer within a day."),
    "offer_ack_in_writing": N_(
        "Thank %(company)s for the offer within a day and ask for it in writing; "
        "until then, keep looking."
    ),
    "routed": N_(
        "%(why)s %(person)s has no email address on file, so this goes to %(via)s "
        "(%(role)s) to pass on; add %(first)s's address to write directly."
    ),
    # -- time frames (domain/timeframes.py, domain/periods.py): what a phrase was read as,
    # or why it could not be; ``%(text)s`` is the phrase as they said it.
    # -- the plan's notices: not stored, worded when the plan is made ------------------------
    "n_ask_held": N_(
        "%(said)s names a time with no date, so no follow-up is planned until you know it: "
        "%(why)s Then record it with `afterview update ID --decision`."
    ),
    "n_ask_waits": N_(
        "%(why)s Until you know it, the first follow-up waits until %(day)s, after the period "
        "they named."
    ),
    "n_no_contact": N_(
        "They asked for no follow-up contact: the plan has no follow-ups and no close-out; "
        "thank-you notes still go out."
    ),
    "n_replied": N_(
        "%(company)s answered on %(day)s: no follow-ups are planned while you wait for the "
        "next step they described."
    ),
    "n_replied_not_until": N_(
        "%(company)s answered on %(day)s and asked you to wait until %(until)s; follow-ups "
        "start after that."
    ),
    "n_thank_you_overdue": N_(
        "The 24-hour mark for thank-you notes has passed (%(names)s); send them now, a day "
        "late is far better than never."
    ),
    "tf_none": N_("No decision timeframe was given."),
    "tf_read": N_('Read "%(text)s" as %(meaning)s: %(weekday)s %(iso)s.'),
    "tf_ask": N_("%(why)s; ask them for a date."),
    "tf_period_ask": N_('"%(text)s" %(meaning)s; ask them for a date.'),
    "tf_depends_holidays": N_('"%(text)s" depends on their holiday dates'),
    "tf_depends_other": N_('"%(text)s" depends on when something else happens'),
    "tf_depends_event": N_('"%(text)s" depends on an event that has no date yet'),
    "tf_rejected": N_('Could not use "%(text)s": %(problem)s'),
    "tf_not_real": N_('Could not use "%(text)s": it is not a real date.'),
    "tf_too_late": N_('"%(text)s" reads as %(iso)s, after %(year)s; check the year.'),
    "tf_past": N_('"%(text)s" reads as %(iso)s, which is before today (%(today)s).'),
    "tf_vague": N_('"%(text)s" gives no date to plan around.'),
    "tf_unread": N_('Could not read a date or a time span in "%(text)s".'),
    "tf_wrong_weekday": N_(
        "%(iso)s is a %(weekday)s, not a %(weekday2)s; check the date with them."
    ),
    "tf_no_such_day": N_("no month has a day %(n)s."),
    # what a phrase was read as
    "m_date": N_("the date"),
    "m_today": N_("today"),
    "m_tomorrow": N_("tomorrow"),
    "m_day_after_tomorrow": N_("the day after tomorrow"),
    "m_day_before": N_("the day before %(what)s"),
    "m_few_days": N_("a few (3) business days after today"),
    "m_one_day": N_("one day after today"),
    "m_one_week": N_("one week after today"),
    "m_one_month": N_("one month after today"),
    "m_week_after_next": N_("the Friday of the week after next"),
    "m_the_weekday_next_week": N_("the %(weekday)s of next week"),
    "m_weekday_next_week": N_("%(weekday)s of next week"),
    "m_end_of_week_next": N_("the end of the week (next Friday)"),
    "m_end_of_this_week": N_("the end of this week (Friday)"),
    "m_this_weekday": N_("this %(weekday)s"),
    "m_coming_weekday": N_("the coming %(weekday)s"),
    "m_nth_of_month": N_("the %(nth)s of %(month)s"),
    "m_last_of_month": N_("the last day of %(month)s (it has no %(nth)s)"),
    "m_early_month": N_("early %(month)s %(year)s"),
    "m_mid_month": N_("the middle of %(month)s %(year)s"),
    "m_end_month": N_("the end of %(month)s %(year)s"),
    "m_end_this_month": N_("the end of this month"),
    "m_end_next_month": N_("the end of next month"),
    "m_end_year": N_("the end of the year"),
    "m_end_next_year": N_("the end of next year"),
    "m_before_month": N_("before %(month)s %(year)s"),
    "m_in_month": N_("in %(month)s %(year)s"),
    # calendar periods, and what a phrase about one was read as
    "p_counts_from": N_("counts from %(what)s"),
    "p_not_in_calendar": N_("names %(name)s, which is not in the holiday calendar of %(country)s"),
    "p_which_holidays": N_("depends on which holidays they meant"),
    "p_end_of": N_("the end of %(what)s"),
    "p_week_after": N_("the first working week after %(what)s"),
    "p_early_in": N_("early in %(what)s"),
    "p_middle_of": N_("the middle of %(what)s"),
    "s_week_of": N_("the %(word)s week of %(month)s %(year)s"),
    "s_quarter": N_("Q%(n)s %(year)s"),
    "s_spring": N_("spring %(year)s"),
    "s_summer": N_("summer %(year)s"),
    "s_autumn": N_("autumn %(year)s"),
    "s_winter": N_("winter %(year)s"),
    "s_winter_across": N_("winter %(year)s-%(yy)s"),
    "s_christmas_eve": N_("Christmas Eve %(year)s"),
    "s_new_years_eve": N_("New Year's Eve %(year)s"),
    "s_new_year": N_("New Year %(year)s"),
    "s_christmas": N_("Christmas %(year)s"),
    "s_year_end": N_("the year-end holidays of %(year)s"),
    "s_thanksgiving": N_("Thanksgiving (%(long)s)"),
    "s_good_friday": N_("Good Friday (%(long)s)"),
    "s_easter_monday": N_("Easter Monday (%(long)s)"),
    "s_easter": N_("Easter (%(long)s)"),
    "s_easter_weekend": N_("the Easter weekend (%(long)s to %(long2)s)"),
    "s_holiday": N_("%(name)s (%(long)s)"),  # a holiday as the country's calendar names it
}

_NGettext = Callable[[str, str, int], str]

# The sentences with a count, by code: the parameter counted, and the two forms (marked
# where they are written, so that ``make messages`` extracts them as a pair).
PLURALS: Final[dict[str, tuple[str, Callable[[_NGettext, int], str]]]] = {
    "n_no_timeframe": (
        "days",
        lambda ngettext, n: ngettext(
            "No decision time frame was recorded, so follow-ups use the default of %(days)s "
            "business day; next time ask before leaving when they expect to decide.",
            "No decision time frame was recorded, so follow-ups use the default of %(days)s "
            "business days; next time ask before leaving when they expect to decide.",
            n,
        ),
    ),
    "n_unparsed_timeframe": (
        "days",
        lambda ngettext, n: ngettext(
            "Could not read a date from %(said)s; the default of %(days)s business day applies.",
            "Could not read a date from %(said)s; the default of %(days)s business days applies.",
            n,
        ),
    ),
    "n_unparsed_timeframe_why": (
        "days",
        lambda ngettext, n: ngettext(
            "Could not read a date from %(said)s; the default of %(days)s business day "
            "applies. %(why)s",
            "Could not read a date from %(said)s; the default of %(days)s business days "
            "applies. %(why)s",
            n,
        ),
    ),
    "n_unparsed_promise_date": (
        "hours",
        lambda ngettext, n: ngettext(
            "Could not read a date from %(by)s for the promise to %(what)s; it is due within "
            "%(hours)s hour (no date was given).",
            "Could not read a date from %(by)s for the promise to %(what)s; it is due within "
            "%(hours)s hours (no date was given).",
            n,
        ),
    ),
    "thank_you": (
        "hours",
        lambda ngettext, n: ngettext(
            "A personal note to %(name)s within %(hours)s hour of the interview.",
            "A personal note to %(name)s within %(hours)s hours of the interview.",
            n,
        ),
    ),
    "thank_you_topic": (
        "hours",
        lambda ngettext, n: ngettext(
            "A personal note to %(name)s (you talked about %(topic)s) within %(hours)s hour "
            "of the interview.",
            "A personal note to %(name)s (you talked about %(topic)s) within %(hours)s hours "
            "of the interview.",
            n,
        ),
    ),
    "promise_undated": (
        "hours",
        lambda ngettext, n: ngettext(
            "You promised to %(what)s: deliver it within %(hours)s hour (no date was given).",
            "You promised to %(what)s: deliver it within %(hours)s hours (no date was given).",
            n,
        ),
    ),
    "keep_searching": (
        "count",
        lambda ngettext, n: ngettext(
            "Only %(count)s other application is active; line up at least %(target)s while "
            "you wait, since nothing is certain until an offer is on paper.",
            "Only %(count)s other applications are active; line up at least %(target)s while "
            "you wait, since nothing is certain until an offer is on paper.",
            n,
        ),
    ),
    "follow_up_default": (
        "days",
        lambda ngettext, n: ngettext(
            "No usable time frame, so the first follow-up waits %(days)s business day after "
            "the interview.",
            "No usable time frame, so the first follow-up waits %(days)s business days after "
            "the interview.",
            n,
        ),
    ),
    "second_follow_up": (
        "days",
        lambda ngettext, n: ngettext(
            "No answer to the first follow-up: one last, brief note %(days)s business day later.",
            "No answer to the first follow-up: one last, brief note %(days)s business days later.",
            n,
        ),
    ),
    "close_out": (
        "days",
        lambda ngettext, n: ngettext(
            "If %(company)s is still silent %(days)s business day after the last follow-up, "
            "treat the process as closed and put the energy into other applications.",
            "If %(company)s is still silent %(days)s business days after the last follow-up, "
            "treat the process as closed and put the energy into other applications.",
            n,
        ),
    ),
    "m_business_days": (
        "count",
        lambda ngettext, n: ngettext(
            "%(count)s business day after today", "%(count)s business days after today", n
        ),
    ),
    "m_hours": (
        "count",
        lambda ngettext, n: ngettext("%(count)s hour from today", "%(count)s hours from today", n),
    ),
    "m_days": (
        "count",
        lambda ngettext, n: ngettext("%(count)s day after today", "%(count)s days after today", n),
    ),
    "m_weeks": (
        "count",
        lambda ngettext, n: ngettext(
            "%(count)s week after today", "%(count)s weeks after today", n
        ),
    ),
    "m_fortnights": (
        "count",
        lambda ngettext, n: ngettext(
            "%(count)s fortnight after today", "%(count)s fortnights after today", n
        ),
    ),
    "m_months": (
        "count",
        lambda ngettext, n: ngettext(
            "%(count)s month after today", "%(count)s months after today", n
        ),
    ),
}

QUOTED: Final = frozenset({"said", "by"})  # what the user typed, shown as written, quoted
DAYS: Final = frozenset({"day", "until"})  # ISO days, shown as a day label
CODES: Final = ("role",)  # a code shown as its words (``hiring_manager``: "hiring manager")
WEEKDAYS: Final = ("weekday", "weekday2")  # 0 (Monday) to 6, shown as the day's name
LONG_DAYS: Final = ("long", "long2")  # ISO days, shown as "26 November 2026"

_LONG_DAY: Final = N_("%(day)s %(month)s %(year)s")  # "26 November 2026"
_WEEKDAY_NAMES: Final = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
_MONTH_NAMES: Final = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


class _Tongue:
    """The words of one wording: the active locale's, or English as written."""

    __slots__ = ("english",)

    def __init__(self, english: bool) -> None:
        self.english = english

    def gettext(self, message: str) -> str:
        return message if self.english else i18n.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self.english:
            return singular if n == 1 else plural
        return i18n.ngettext(singular, plural, n)

    def day(self, iso: str) -> str:
        day = date.fromisoformat(iso)
        if self.english or i18n.locale() == "en":
            return english_day(day)
        return i18n.when(day, "day")

    def code(self, code: str) -> str:
        from afterview.domain.wording import words

        return code.replace("_", " ") if self.english else words(code)


_ACTIVE = _Tongue(english=False)
_ENGLISH = _Tongue(english=True)


def word(value: Because | None, *, english: bool = False) -> str:
    """The sentence a reason stands for, in the active locale (or in English as written,
    for a record that keeps English text, such as the archive); literal text as it is."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return _word(value, _ENGLISH if english else _ACTIVE)


def _word(value: Reason, tongue: _Tongue) -> str:
    params = dict(value.params)
    values = {name: _param(name, v, tongue) for name, v in params.items()}
    counted = PLURALS.get(value.code)
    if counted is not None:
        name, forms = counted
        count = params.get(name)
        return forms(tongue.ngettext, count if isinstance(count, int) else 0) % values
    sentence = SENTENCES.get(value.code)
    if sentence is None:  # a code this version does not know (a newer database): its words
        return value.code.replace("_", " ")
    return tongue.gettext(sentence) % values


def _param(name: str, value: Param, tongue: _Tongue) -> str:
    if isinstance(value, Reason):
        return _word(value, tongue)
    if value is None:
        return ""
    if name in QUOTED:
        return repr(value)
    if name in DAYS:
        return tongue.day(str(value))
    if name in CODES:
        return tongue.code(str(value))
    if name == "first":
        from afterview.domain.models import first_name

        return first_name(str(value))
    if name in WEEKDAYS and isinstance(value, int):
        return tongue.gettext(_WEEKDAY_NAMES[value])
    if name == "month" and isinstance(value, int):
        return tongue.gettext(_MONTH_NAMES[value - 1])
    if name in LONG_DAYS:
        day = date.fromisoformat(str(value))
        month = tongue.gettext(_MONTH_NAMES[day.month - 1])
        return tongue.gettext(_LONG_DAY) % {
            "day": day.day,
            "month": month,
            "year": day.year,
        }
    if name == "nth" and isinstance(value, int):
        return _nth(value)  # English ordinals: numbers, as the phrases they read were
    return str(value)


def _nth(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# English names, as strftime's %a and %b give them in the C locale, whatever the locale is
_WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@lru_cache(maxsize=4096)
def english_day(day: date) -> str:
    """``Fri 04 Dec``: ``i18n.when(day, "day")`` in English, without strftime's cost."""
    return f"{_WEEKDAY_ABBR[day.weekday()]} {day.day:02d} {_MONTH_ABBR[day.month - 1]}"


# -- storage ---------------------------------------------------------------------------------

MARK: Final = '{"reason":'  # how a stored coded reason begins


def encode(value: Because) -> str:
    """The text stored for a reason (JSON), or a literal text as it is."""
    if isinstance(value, str):
        return value
    return msgspec.json.encode(_plain(value)).decode()


def _plain(value: Reason) -> dict[str, object]:
    out: dict[str, object] = {"reason": value.code}
    for name, v in value.params:
        out[name] = _plain(v) if isinstance(v, Reason) else v
    return out


def decode(text: str | None) -> Because:
    """A stored ``why``: a coded reason, or (anything else) the literal text it is."""
    if not text or not text.startswith(MARK):
        return text or ""
    try:
        data = msgspec.json.decode(text)
    except msgspec.DecodeError:
        return text
    if not isinstance(data, dict) or not isinstance(data.get("reason"), str):
        return text
    return _from_plain(data)


def _from_plain(data: Mapping[str, object]) -> Reason | str:
    code = data.get("reason")
    if not isinstance(code, str):
        return msgspec.json.encode(data).decode()
    params: list[tuple[str, Param]] = []
    for name, v in data.items():
        if name == "reason":
            continue
        if isinstance(v, dict):
            params.append((name, _from_plain(v)))
        elif v is None or isinstance(v, str | int):
            params.append((name, v))
        else:
            params.append((name, str(v)))
    return Reason(code, tuple(params))


def english(text: str | None) -> str:
    """A stored ``why`` in English as written: what the archive keeps (its format predates
    coded reasons, and an archive is read back anywhere)."""
    return word(decode(text), english=True)


__all__ = [
    "Because",
    "Reason",
    "decode",
    "encode",
    "english",
    "english_day",
    "reason",
    "word",
]

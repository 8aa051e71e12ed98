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
}

_NGettext = Callable[[str, str, int], str]

# The sentences with a count, by code: the parameter counted, and the two forms (marked
# where they are written, so that ``make messages`` extracts them as a pair).
PLURALS: Final[dict[str, tuple[str, Callable[[_NGettext, int], str]]]] = {
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
}

QUOTED: Final = frozenset({"said", "by"})  # what the user typed, shown as written, quoted
DAYS: Final = frozenset({"day"})  # ISO days, shown as a day label
CODES: Final = ("role",)  # a code shown as its words (``hiring_manager``: "hiring manager")


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
    return str(value)


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

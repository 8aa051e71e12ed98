"""The question-and-answer flow behind ``afterview new``, for people who do not write YAML.

:func:`ask_interview` asks the same things the interview file holds (see
``docs/interview-file.md``) and returns a plain dict in exactly the file's shape; the caller
hands it to :func:`afterview.interview_file.from_data`, so the flow and the file share one
schema and one set of error messages. The order follows the day itself:

1. **you** — skipped when a stored profile exists (the flow offers to keep it);
2. **the job** — company, role, the channel used so far, a referrer, references, links;
3. **the interview** — its zone, start, length, format and round;
4. **the panel** — each person, their zone and phone, and the topics discussed with them;
5. **the three things to ask before leaving the room** — when they will decide, what the
   next step is, how they want to be contacted;
6. **promises** you made, then an optional **debrief** while it is fresh.

Why the three questions get their own, clearly marked group: every later contact depends on
them. The decision time frame says when a follow-up becomes welcome (never inside it), the
next step says what to prepare, and the contact preference says which channel to use — or
that there must be no follow-up at all. When no time frame was given, the plan falls back to
five business days, and the flow says so, so the user knows to ask next time.

Talking to the person goes through an :class:`Asker`: :class:`ClickAsker` on a terminal, a
scripted fake in tests. Validation lives in the flow, not the asker: an answer that cannot be
read (an unknown time zone, "25:99", "forever") is explained with ``say`` and asked again.
Empty optional answers are left out of the dict rather than written as ``None`` or ``""``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from afterview.cli.messages import word
from afterview.domain.before_leaving import QUESTIONS as QUESTIONS_BEFORE_LEAVING
from afterview.domain.business_days import calendar_for
from afterview.domain.date_range import check_interview_near
from afterview.domain.errors import InputError
from afterview.i18n import N_, _

T = TypeVar("T")

CANDIDATE_KEYS = ("name", "email", "phone", "timezone", "country", "subdivision", "signature")
CHANNELS_BEFORE = ("email", "phone", "portal", "linkedin")
FORMATS = ("phone", "video", "onsite")
PANEL_ROLES = ("interviewer", "hiring_manager", "recruiter")
PHONE_KINDS = ("work", "personal")
PREFERENCES = ("email", "phone", "portal", "unstated", "no_contact")
NOT_SURE = N_("not sure")

_START = re.compile(r"^(?:(\d{4})-(\d{1,2})-(\d{1,2})[ T]+)?(\d{1,2}):(\d{2})$")
_DURATION = re.compile(r"^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


class Asker(Protocol):
    """How the flow talks to a person: ask for text, a choice or a yes/no; tell them something."""

    def text(
        self, question: str, *, default: str | None = None, required: bool = True
    ) -> str | None: ...

    def choice(
        self, question: str, options: Sequence[str], *, default: str | None = None
    ) -> str: ...

    def confirm(self, question: str, *, default: bool = False) -> bool: ...

    def say(self, message: str) -> None: ...


class ClickAsker:
    """The terminal asker, on click's prompts; click re-asks a bad choice or yes/no itself."""

    def text(
        self, question: str, *, default: str | None = None, required: bool = True
    ) -> str | None:
        fallback = default if default is not None else (None if required else "")
        while True:
            answer = str(
                click.prompt(
                    question, fallback, show_default=bool(default), prompt_suffix=_end(question)
                )
            )
            if answer.strip() or not required:
                return answer.strip() or None
            click.echo(_("An answer is needed here."))

    def choice(self, question: str, options: Sequence[str], *, default: str | None = None) -> str:
        kind = click.Choice(list(options), case_sensitive=False)
        return str(click.prompt(question, default, type=kind, prompt_suffix=_end(question)))

    def confirm(self, question: str, *, default: bool = False) -> bool:
        return click.confirm(question, default=default, prompt_suffix=_end(question))

    def say(self, message: str) -> None:
        click.echo(message)


def _end(question: str) -> str:
    """A question needs no colon after its question mark."""
    return " " if "?" in question else ": "


def ask_interview(
    ask: Asker, *, candidate: dict[str, Any] | None = None, now: datetime
) -> dict[str, Any]:
    """Ask for everything an interview file holds; return it in the file's shape."""
    me = _candidate(ask, candidate, now)
    application = _application(ask)
    interview = _interview(ask, me["timezone"], now)
    interview["panel"] = _panel(ask, interview["timezone"])
    interview |= _before_leaving(ask)
    interview["promises"] = _promises(ask)
    interview["notes"] = _debrief(ask, [p["name"] for p in interview["panel"]])
    return _clean({"candidate": me, "application": application, "interview": interview})


# -- sections, in the order they are asked ------------------------------------------------


def _candidate(ask: Asker, stored: dict[str, Any] | None, now: datetime) -> dict[str, Any]:
    kept = {k: _plain(v) for k, v in (stored or {}).items() if k in CANDIDATE_KEYS and v}
    if all(k in kept for k in ("name", "email", "timezone", "country")):  # a usable profile
        summary = f"{kept.get('name')} <{kept.get('email')}>, {kept.get('timezone')}"
        if ask.confirm(
            _("Use your stored profile (%(profile)s)?") % {"profile": summary}, default=True
        ):
            return kept
    ask.say(_("First, about you: every note is signed with your name and sent from your address."))
    name = _until_valid(ask, _("Your full name"), _filled)
    email = _until_valid(ask, _("Your email address"), _email)
    phone = _text(ask, _("Your phone number (optional)"))
    zone = _until_valid(ask, _("Your time zone (IANA name)"), _zone, default=_zone_key(now))
    country = _until_valid(ask, _("Your country (two letters: US, CA, GB, DE…)"), _country)
    subdivision = _until_valid(
        ask,
        _("Your state or province code for regional holidays (optional: ON, NY, BY…)"),
        _optional(_subdivision_in(country)),
        required=False,
    )
    signature = _text(ask, _("How to sign your notes (optional; default: your name)"))
    return {
        "name": name,
        "email": email,
        "phone": phone,
        "timezone": zone,
        "country": country,
        "subdivision": subdivision,
        "signature": signature,
    }


def _application(ask: Asker) -> dict[str, Any]:
    ask.say(_("Now the job."))
    company = _until_valid(ask, _("Company (spelt the way they spell it)"), _filled)
    role = _until_valid(ask, _("Job title"), _filled)
    channel = ask.choice(
        _("How were you in touch with them before the interview?"),
        CHANNELS_BEFORE,
        default="email",
    )
    referrer = None
    if ask.confirm(_("Did someone refer you for this job?"), default=False):
        referrer = _person(ask, _("The referrer's name"))
    references = _repeat(
        ask, _("Add a reference to brief about this job?"), _person, _("The reference's name")
    )
    links = _repeat(ask, _("Add a supporting link to point to in your notes?"), _link)
    return {
        "company": company,
        "role": role,
        "channel_before": channel,
        "referrer": referrer,
        "references": references,
        "links": links,
    }


def _interview(ask: Asker, my_zone: str, now: datetime) -> dict[str, Any]:
    ask.say(_("Now the interview itself."))
    zone = _until_valid(ask, _("Time zone where the interview took place"), _zone, default=my_zone)
    local = now.astimezone(ZoneInfo(zone)) if now.tzinfo else now
    # Default: the last full hour at least an hour ago, kept within office hours.
    hour = max(9, min(17, local.hour - 1))
    start = _until_valid(
        ask,
        _("When did it start? (14:00 for today, or 2026-11-20 14:00)"),
        _start_on(local.date()),
        default=f"{local.date().isoformat()} {hour:02d}:00",
    )
    duration = _until_valid(
        ask, _("How long did it last? (45m, 1h, 1h30m)"), _duration, default="45m"
    )
    form = ask.choice(_("Format"), FORMATS, default="video")
    round_ = _until_valid(ask, _("Which round was it?"), _round, default="1")
    return {
        "start": start.isoformat(timespec="minutes"),
        "duration": duration,
        "timezone": zone,
        "format": form,
        "round": round_,
    }


def _panel(ask: Asker, zone: str) -> list[dict[str, Any]]:
    ask.say(
        _(
            "Now the people you met. Each one gets a separate thank-you note, and each note "
            "mentions something you talked about with that person."
        )
    )
    panel: list[dict[str, Any]] = []
    while ask.confirm(_("Add a person you met (panel member)?"), default=not panel):
        taken = {p["name"].casefold() for p in panel}
        panel.append(_panel_member(ask, zone, taken))
    return panel


def _panel_member(ask: Asker, zone: str, taken: set[str]) -> dict[str, Any]:
    name = _until_valid(ask, _("Their name, as they introduced themselves"), _new_name(taken))
    who = {"name": name}
    title = _text(ask, _("%(name)s's job title (optional)") % who)
    role = ask.choice(_("%(name)s's role in the process") % who, PANEL_ROLES, default="interviewer")
    email = _until_valid(
        ask,
        _("%(name)s's email (optional; without one the thank-you becomes a card)") % who,
        _optional(_email),
        required=False,
    )
    their_zone = _until_valid(ask, _("%(name)s's time zone") % who, _zone, default=zone)
    return {
        "name": name,
        "title": title,
        "role": role,
        "email": email,
        "timezone": their_zone if their_zone != zone else None,
        "phone": _phone(ask, name),
        "topics": _topics(ask, name),
    }


def _phone(ask: Asker, name: str) -> dict[str, Any] | None:
    number = _text(ask, _("%(name)s's phone number (optional)") % {"name": name})
    if number is None:
        return None
    kind = ask.choice(_("Is that a work or a personal number?"), PHONE_KINDS, default="work")
    # Call only when invited, and never a personal number unless asked to
    # ("What to Do After an Interview"; "I did the interview…Now what?").
    invited = ask.confirm(_("Did %(name)s invite you to call?") % {"name": name}, default=False)
    return {"number": number, "kind": kind, "invited": invited}


def _topics(ask: Asker, name: str) -> list[str]:
    topics: list[str] = []
    something = _("Something you discussed with %(name)s (empty to finish)") % {"name": name}
    while topic := _text(ask, something):
        topics.append(topic)
    if not topics:
        none = _(
            "No topic for %(name)s: a thank-you note that mentions something you discussed "
            "is what makes it personal, so add one to the file when it comes back to you."
        )
        ask.say(none % {"name": name})
    return topics


# The three things to ask before leaving the room, with the reason each one matters.
# Paraphrased from "How to Ace a Job Interview: After the Interview" (ask when you will hear
# back, the next step, and how they prefer to contact you), "I did the interview…Now what?"
# (ask when they will choose; contact them the way they asked) and "What to do after an
# interview" (the 6 Rs, 2020: wait as long as they said, use the channel they named).
# Their text lives in domain/before_leaving.py, shared with the form and the printable card,
# and is read as it is said, in the locale active then.
def _before_leaving(ask: Asker) -> dict[str, Any]:
    first, second, third = (question.line for question in QUESTIONS_BEFORE_LEAVING)
    ask.say(_("== Three things to ask before leaving the room: what did they tell you? =="))
    ask.say(first)
    decision = _text(ask, _("When did they say they would decide? (within two weeks, by Friday…)"))
    if decision is None:
        ask.say(
            _(
                "No time frame noted: follow-ups will use the default of five business days "
                "after the interview. Next time, ask them when they expect to decide."
            )
        )
    ask.say(second)
    next_step = _text(ask, _("What did they say the next step is?"))
    ask.say(third)
    preference = ask.choice(
        _("How do they prefer to be contacted?"), PREFERENCES, default="unstated"
    )
    if preference == "no_contact":
        ask.say(_("No follow-ups will be planned; your thank-you notes still go."))
    return {"decision": decision, "next_step": next_step, "contact_preference": preference}


def _promises(ask: Asker) -> list[dict[str, Any]]:
    # Keep every promise, on time ("How to Ace a Job Interview: After the Interview").
    return _repeat(ask, _("Add a promise you made (something to send them)?"), _promise)


def _promise(ask: Asker) -> dict[str, Any]:
    what = _until_valid(ask, _("What did you promise?"), _filled)
    by = _text(ask, _("By when? (tomorrow, by Monday, end of week; empty: within 24 hours)"))
    return {"what": what, "by": by}


def _debrief(ask: Asker, names: list[str]) -> dict[str, Any]:
    # Write down the questions, your answers, what stood out and how you felt while it is
    # fresh ("6 Post Interview Tips"); the plan schedules a revisit two days later.
    if not ask.confirm(_("Write a quick debrief now, while it is fresh?"), default=False):
        return {}
    questions: list[dict[str, Any]] = []
    while q := _text(ask, _("A question they asked (empty to finish)")):
        answer = _text(ask, _("How did you answer? (optional)"))
        rating = _until_valid(
            ask,
            _("How well did you answer, from 1 (poorly) to 5 (very well)? (optional)"),
            _optional(_rating),
            required=False,
        )
        questions.append({"q": q, "answer": answer, "rating": rating, "asked_by": _who(ask, names)})
    stood_out = _text(ask, _("What stood out? (optional)"))
    feelings = _text(ask, _("How did you feel during the interview? (optional)"))
    return {"questions": questions, "stood_out": stood_out, "feelings": feelings}


# -- small pieces -----------------------------------------------------------------------


def _person(ask: Asker, asked: str) -> dict[str, Any]:
    name = _until_valid(ask, asked, _filled)
    their = _("%(name)s's email (optional)") % {"name": name}
    email = _until_valid(ask, their, _optional(_email), required=False)
    return {"name": name, "email": email}


def _link(ask: Asker) -> dict[str, Any]:
    title = _until_valid(ask, _("What the link shows (a short title)"), _filled)
    url = _until_valid(ask, _("Its address (https://…)"), _filled)
    return {"title": title, "url": url}


def _who(ask: Asker, names: list[str]) -> str | None:
    if len(names) <= 1:
        return names[0] if names else None
    unsure = _(NOT_SURE)
    who = ask.choice(_("Who asked it?"), [*names, unsure], default=unsure)
    return None if who == unsure else who


def _repeat(
    ask: Asker, question: str, one: Callable[..., dict[str, Any]], *args: Any
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while ask.confirm(question, default=False):
        items.append(one(ask, *args))
    return items


def _text(ask: Asker, question: str) -> str | None:
    """An optional free-text answer; empty means None."""
    return (ask.text(question, required=False) or "").strip() or None


def _until_valid(
    ask: Asker,
    question: str,
    parse: Callable[[str], T],
    *,
    default: str | None = None,
    required: bool = True,
) -> T:
    """Ask until ``parse`` accepts the answer; each refusal is explained, then re-asked."""
    while True:
        answer = ask.text(question, default=default, required=required)
        try:
            return parse((answer or "").strip())
        except ValueError as exc:
            ask.say(str(exc))


def _optional(parse: Callable[[str], T]) -> Callable[[str], T | None]:
    return lambda answer: parse(answer) if answer else None


def _filled(answer: str) -> str:
    if not answer:
        raise ValueError(_("An answer is needed here."))
    return answer


def _email(answer: str) -> str:
    if not _EMAIL.match(answer):
        raise ValueError(
            _("%(answer)r does not look like an email address (name@example.org).")
            % {"answer": answer}
        )
    return answer


def _new_name(taken: set[str]) -> Callable[[str], str]:
    def parse(answer: str) -> str:
        if answer.casefold() in taken:
            raise ValueError(
                _("%(name)s is already on the panel; give each person once.") % {"name": answer}
            )
        return _filled(answer)

    return parse


def _zone(answer: str) -> str:
    try:
        return ZoneInfo(answer).key
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            _(
                "Unknown time zone %(answer)r; use an IANA name such as Europe/Berlin "
                "or America/Toronto."
            )
            % {"answer": answer}
        ) from None


def _zone_key(now: datetime) -> str | None:
    key = getattr(now.tzinfo, "key", None)
    return key if isinstance(key, str) else None


def _country(answer: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{2}", answer):
        raise ValueError(_("Write the two-letter country code, such as US, CA, GB or DE."))
    try:
        calendar_for(answer.upper())
    except InputError as exc:
        raise ValueError(word(exc)) from None
    return answer.upper()


def _subdivision_in(country: str) -> Callable[[str], str]:
    def parse(answer: str) -> str:
        try:
            calendar_for(country, answer.upper())
        except InputError:
            raise ValueError(
                _(
                    "No region %(answer)r is known in %(country)s; use its short code "
                    "(ON, NY, BY…) or leave it empty."
                )
                % {"answer": answer, "country": country}
            ) from None
        return answer.upper()

    return parse


def _start_on(today: date) -> Callable[[str], datetime]:
    def parse(answer: str) -> datetime:
        match = _START.match(answer)
        if match:
            year, month, day, hour, minute = match.groups()
            try:
                when = date(int(year), int(month), int(day)) if year else today
                start = datetime.combine(when, time(int(hour), int(minute)))
            except ValueError:
                pass
            else:
                _in_range(start, datetime.combine(today, time()))
                return start
        raise ValueError(
            _("Cannot read %(answer)r as a time; write 14:00 for today or 2026-11-20 14:00.")
            % {"answer": answer}
        )

    return parse


def _in_range(start: datetime, today: datetime) -> None:
    """A start in a year afterview plans for, at most a year ahead (else it is asked again)."""
    try:
        check_interview_near(start, today, "The start")
    except InputError as exc:
        raise ValueError(word(exc)) from None


def _duration(answer: str) -> str:
    match = _DURATION.match(answer)
    if answer.isdigit():
        minutes = int(answer)
    elif match and any(match.groups()):
        hours, mins = (int(g) if g else 0 for g in match.groups())
        minutes = hours * 60 + mins
    else:
        raise ValueError(
            _("Cannot read %(answer)r as a length; write it like 45m, 1h or 1h30m.")
            % {"answer": answer}
        )
    if not 0 < minutes <= 12 * 60:
        raise ValueError(_("An interview lasts between a minute and 12 hours; try 45m or 1h30m."))
    hours, mins = divmod(minutes, 60)
    return (f"{hours}h" if hours else "") + (f"{mins}m" if mins else "")


def _round(answer: str) -> int:
    if not answer.isdigit() or int(answer) < 1:
        raise ValueError(_("The round is a whole number: 1 for a first interview, 2 for a second…"))
    return int(answer)


def _rating(answer: str) -> int:
    if answer not in {"1", "2", "3", "4", "5"}:
        raise ValueError(_("Rate from 1 to 5, not %(answer)r.") % {"answer": answer})
    return int(answer)


def _plain(value: Any) -> Any:
    return value.key if isinstance(value, ZoneInfo) else value


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty optional values (None, "", [], {}) at every level."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = _clean(value)
        elif isinstance(value, list):
            value = [_clean(v) if isinstance(v, dict) else v for v in value]
        if value is not None and value not in ("", [], {}):
            out[key] = value
    return out


__all__ = ["Asker", "ClickAsker", "ask_interview"]

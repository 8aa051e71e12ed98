"""The interview file: a YAML file a person writes by hand, read into a domain ``Case``.

The schema below is the contract documented field by field in ``docs/interview-file.md``.
The structure is checked by msgspec (unknown fields, types, allowed values, ranges), then
dates, time zones and durations are read here, each with its place in the file
(``interview.panel[1].timezone``); the first problem becomes one :class:`InputError`
sentence. Times without a UTC offset are read in the zone they belong to: the
interview's for ``interview.start``/``end``, the candidate's for ``history``, ``outcome``
and ``reply``.

msgspec rather than pydantic: reading a file is the start of most commands, and pydantic
alone took about 200 ms to import and build these models on a small machine.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec
from msgspec import Meta, Struct

from afterview.domain import models as m
from afterview.domain import promises
from afterview.domain.business_days import calendar_for
from afterview.domain.date_range import check_year
from afterview.domain.errors import InputError

_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*$", re.IGNORECASE)

Text = Annotated[str, Meta(min_length=1)]
Number = str | int  # YAML reads an unquoted phone number as an integer
Rating = Annotated[int, Meta(ge=1, le=5)]


class _In(Struct, forbid_unknown_fields=True, kw_only=True):
    """A section of the file: unknown fields are refused (a typo would be lost silently)."""


class CandidateIn(_In):
    name: Text
    email: str
    timezone: str
    country: Annotated[str, Meta(min_length=2, max_length=3)]
    phone: Number | None = None
    subdivision: str | None = None
    signature: str | None = None


class PersonIn(_In):
    name: Text
    email: str | None = None


class LinkIn(_In):
    title: str
    url: str


class ApplicationIn(_In):
    company: Text
    role: Text
    channel_before: Literal["email", "phone", "portal", "linkedin"] = "email"
    referrer: PersonIn | None = None
    references: list[PersonIn] = []
    links: list[LinkIn] = []
    url: str | None = None
    source: str | None = None


class PipelineIn(_In):
    company: Text
    role: str = ""
    status: Literal["applied", "interviewing", "offer", "rejected", "withdrawn", "closed"] = (
        "applied"
    )


class PhoneIn(_In):
    number: Number
    kind: Literal["work", "personal"] = "work"
    invited: bool = False


class PanelIn(_In):
    name: Text
    title: str | None = None
    role: Literal["interviewer", "hiring_manager", "recruiter"] = "interviewer"
    email: str | None = None
    timezone: str | None = None
    phone: Number | PhoneIn | None = None  # a plain number is a work line, not invited
    topics: list[Any] = []


class PromiseIn(_In):
    what: Text
    by: Any = None
    to: str | None = None


class QuestionIn(_In):
    q: Text
    answer: str | None = None
    rating: Rating | None = None
    asked_by: str | None = None


class NotesIn(_In):
    questions: list[QuestionIn] = []
    stood_out: str | None = None
    impressions: dict[str, str] | str | None = None
    feelings: str | None = None


class InterviewIn(_In):
    start: Any
    end: Any = None
    duration: str | int | None = None
    timezone: str | None = None
    format: Literal["phone", "video", "onsite"] = "video"
    round: Annotated[int, Meta(ge=1)] = 1
    panel: list[PanelIn] = []
    decision: Any = None
    contact_preference: Literal["email", "phone", "portal", "unstated", "no_contact"] = "unstated"
    next_step: str | None = None
    promises: list[PromiseIn] = []
    notes: NotesIn = msgspec.field(default_factory=NotesIn)


class HistoryIn(_In):
    kind: Text
    at: Any
    to: str | None = None
    channel: Literal["email", "phone", "letter", "linkedin", "portal", "text", "in_person"] = (
        "email"
    )
    about: str | None = None


class OutcomeIn(_In):
    kind: Literal["offer", "rejected", "withdrawn"]
    at: Any
    on_paper: bool = False
    feedback: str | None = None


class ReplyIn(_In):
    at: Any
    not_until: Any = None


class InterviewFile(_In):
    candidate: CandidateIn
    application: ApplicationIn
    interview: InterviewIn
    pipeline: list[PipelineIn] = []
    history: list[HistoryIn] = []
    outcome: OutcomeIn | None = None
    reply: ReplyIn | None = None

    def to_case(self) -> m.Case:
        cand = self.candidate
        zone = _zone(cand.timezone, "candidate.timezone") or ZoneInfo("UTC")
        try:  # an unknown country or subdivision fails here, early, with its place
            calendar_for(cand.country, cand.subdivision)
        except InputError as exc:
            raise InputError("located", where="candidate.country", problem=str(exc)) from None
        iv_zone = _zone(self.interview.timezone, "interview.timezone") or zone
        return m.Case(
            candidate=m.Candidate(
                cand.name,
                cand.email,
                zone,
                cand.country.upper(),
                _str(cand.phone),
                cand.subdivision,
                cand.signature,
            ),
            application=_application(self.application),
            interview=_interview(self.interview, iv_zone),
            pipeline=tuple(m.PipelineEntry(p.company, p.role, p.status) for p in self.pipeline),
            history=tuple(
                m.HistoryEntry(
                    h.kind, h.to, h.channel, _moment(h.at, f"history[{i}].at", zone), h.about
                )
                for i, h in enumerate(self.history)
            ),
            outcome=_outcome(self.outcome, zone),
            reply=_reply(self.reply, zone),
        )


def _promised_to_someone_known(case: m.Case) -> m.Case:
    """The case, once every promise's ``to`` names someone in it: a misspelt name would put
    the promise in nobody's note, so it is refused rather than silently dropped."""
    people = [person for person, _ in case.people()]
    for i, promise in enumerate(case.interview.promises):
        if promise.to is None or not promise.to.strip():
            continue
        if promises.known_as(case, promise.to) not in people:
            raise InputError(
                "promise_to_nobody_known", index=i, name=promise.to, people=", ".join(people)
            )
    return case


def _application(a: ApplicationIn) -> m.Application:
    return m.Application(
        company=a.company,
        role=a.role,
        channel_before=a.channel_before,
        referrer=m.Person(a.referrer.name, a.referrer.email) if a.referrer else None,
        references=tuple(m.Person(r.name, r.email) for r in a.references),
        links=tuple(m.Link(link.title, link.url) for link in a.links),
        url=a.url,
        source=a.source,
    )


def _interview(iv: InterviewIn, zone: ZoneInfo) -> m.Interview:
    start = _moment(iv.start, "interview.start", zone)
    if iv.end is not None:
        end = _moment(iv.end, "interview.end", zone)
    elif iv.duration is not None:
        end = start + _duration(iv.duration)
    else:
        raise InputError("interview_needs_end")
    if end <= start:
        raise InputError("interview_ends_before_start")
    names = [p.name.casefold() for p in iv.panel]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise InputError("panel_twice", name=dupes[0])
    impressions = iv.notes.impressions
    if isinstance(impressions, str):
        impressions = {"": impressions}
    return m.Interview(
        start=start,
        end=end,
        timezone=zone,
        format=iv.format,
        round=iv.round,
        panel=tuple(_member(p, i, zone) for i, p in enumerate(iv.panel)),
        decision=_text(iv.decision, "interview.decision"),
        contact_preference=iv.contact_preference,
        next_step=iv.next_step,
        promises=tuple(
            m.Promise(p.what, _text(p.by, f"interview.promises[{i}].by"), p.to)
            for i, p in enumerate(iv.promises)
        ),
        notes=m.Notes(
            questions=tuple(
                m.Question(q.q, q.answer, q.rating, q.asked_by) for q in iv.notes.questions
            ),
            stood_out=iv.notes.stood_out,
            impressions=tuple((impressions or {}).items()),
            feelings=iv.notes.feelings,
        ),
    )


def _member(p: PanelIn, index: int, zone: ZoneInfo) -> m.PanelMember:
    phone = p.phone
    number: m.Phone | None
    if isinstance(phone, PhoneIn):
        number = m.Phone(str(phone.number), phone.kind, phone.invited)
    else:
        number = m.Phone(str(phone)) if phone is not None else None
    own = _zone(p.timezone, f"interview.panel[{index}].timezone")
    where = f"interview.panel[{index}].topics"
    topics = tuple(t for t in (_text(t, f"{where}[{j}]") for j, t in enumerate(p.topics)) if t)
    return m.PanelMember(p.name, own or zone, p.title, p.role, p.email, number, topics)


def _outcome(o: OutcomeIn | None, zone: ZoneInfo) -> m.Outcome | None:
    if o is None:
        return None
    return m.Outcome(o.kind, _moment(o.at, "outcome.at", zone), o.on_paper, o.feedback)


def _reply(r: ReplyIn | None, zone: ZoneInfo) -> m.Reply | None:
    if r is None:
        return None
    return m.Reply(_moment(r.at, "reply.at", zone), _day(r.not_until, "reply.not_until"))


# -- values --------------------------------------------------------------------------------


def _zone(value: str | None, where: str) -> ZoneInfo | None:
    if value is None:
        return None
    try:
        return ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "America" is a folder, not a zone
        raise InputError("unknown_time_zone", where=where, value=value) from None


def _moment(value: Any, where: str, zone: ZoneInfo) -> datetime:
    """A date-time from the file; without an offset it is read in ``zone``."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise InputError("unreadable_time", where=where, value=value) from None
    check_year(moment, where)
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def _day(value: Any, where: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise InputError("unreadable_day", where=where, value=value) from None
    check_year(day, where)
    return day


def _duration(value: str | int) -> timedelta:
    if isinstance(value, int):
        return timedelta(minutes=value)
    match = _DURATION.match(value)
    if not match or not any(match.groups()):
        raise InputError("unreadable_duration", value=value)
    hours, minutes = (int(g) if g else 0 for g in match.groups())
    return timedelta(hours=hours, minutes=minutes)


def _text(value: Any, where: str) -> str | None:
    """YAML reads `2026-12-04` as a date; phrases like a decision date stay text."""
    if value is None:
        return None
    if isinstance(value, list | dict):
        if isinstance(value, list):
            raise InputError("expected_text_not_list", where=where)
        raise InputError("expected_text_not_mapping", where=where)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


# -- reading ------------------------------------------------------------------------------


def load(path: Path) -> m.Case:
    """Read and validate an interview file; every problem is one :class:`InputError`."""
    return from_data(read_data(path), source=str(path))


def read_data(path: Path) -> dict[str, Any]:
    """The raw mapping in an interview file (YAML parsed, not yet validated)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file_missing", path=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("file_unreadable", path=str(path), problem=str(exc)) from None
    return parse_yaml(text, source=str(path))


def loads(text: str, *, source: str = "<interview file>") -> m.Case:
    return from_data(parse_yaml(text, source=source), source=source)


def parse_yaml(text: str, *, source: str) -> dict[str, Any]:
    from afterview import safe_yaml  # deferred: keeps `afterview --version` quick

    data = safe_yaml.load(text, source=source)  # size, depth and aliases checked first
    if not isinstance(data, dict):
        raise InputError("interview_file_not_mapping", source=source)
    return data


def from_data(
    data: dict[str, Any], *, source: str = "<interview file>", stored: bool = False
) -> m.Case:
    """The case an interview file describes; a problem is one sentence naming its place.

    ``stored=True`` rebuilds a case the database already holds: what was accepted once is
    read as it was (a promise to a name that fits nobody stays in nobody's note), so data
    saved by an older version never stops its application from opening.
    """
    try:
        parsed = msgspec.convert(data, InterviewFile, strict=False)
    except msgspec.ValidationError as exc:
        raise InputError("located", where=source, problem=_problem(str(exc))) from None
    try:
        case = parsed.to_case()
        return case if stored else _promised_to_someone_known(case)
    except InputError as exc:
        raise InputError("located", where=source, problem=str(exc)) from None


# msgspec's messages, read only when a file is wrong: compiled then (by `re`), not at start-up
_AT = r"^(?P<what>.*?)(?: - at `\$(?P<path>[^`]*)`)?$"
_FIELD = r"`(?P<name>[^`]+)`"


def _problem(message: str) -> str:
    """msgspec's message, reworded as 'place: what is wrong.'"""
    found = re.match(_AT, message, re.DOTALL)
    assert found is not None
    what, path = found["what"], (found["path"] or "").lstrip(".").replace("[...]", "")
    field = re.search(_FIELD, what)
    if what.startswith("Object missing required field") and field:
        path, what = _join(path, field["name"]), "this field is required"
    elif what.startswith("Object contains unknown field") and field:
        path = _join(path, field["name"])
        what = "unknown field; check its spelling against docs/interview-file.md"
    elif what.startswith("Invalid enum value"):
        value = what.removeprefix("Invalid enum value ").strip()
        what = f"{value} is not allowed; docs/interview-file.md lists the values"
    elif typed := re.match(_EXPECTED, what):
        what = _wrong_type(typed["want"], typed["got"], path.rpartition(".")[2])
    elif bound := re.match(_BOUND, what):
        what = _out_of_bounds(bound["type"], bound["length"] is not None, bound["op"], bound["n"])
    else:
        what = what[0].lower() + what[1:] if what else what
    return f"{path}: {what}." if path else f"{what}."


_EXPECTED = r"^Expected `(?P<want>[^`]+)`, got `(?P<got>[^`]+)`$"
_TYPE_WORDS = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "yes or no",
    "array": "a list",
    "object": "a mapping",
    "null": "nothing",
}


def _wrong_type(want: str, got: str, name: str) -> str:
    """msgspec's "Expected `str | null`, got `bool`" in words, with the fix for YAML's yes/no.

    YAML 1.1 reads an unquoted ON, OFF, YES, NO, Y, N, TRUE or FALSE as yes or no, so
    ``subdivision: ON`` (Ontario) arrives as ``True``: the cure is quotes.
    """
    wanted = " or ".join(_TYPE_WORDS.get(t, t) for t in want.split(" | ") if t != "null")
    found = f"expected {wanted}, found {_TYPE_WORDS.get(got, got)}"
    if got == "bool" and "str" in want.split(" | "):
        return (
            f"{found}: YAML reads an unquoted ON, OFF, YES, NO, TRUE or FALSE as yes or no; "
            f'put the text in quotes, e.g. {name or "field"}: "ON"'
        )
    return found


_BOUND = r"^Expected `(?P<type>[^`]+)`(?P<length> of length)? (?P<op>[<>]=?) (?P<n>-?[\d.]+)$"


def _out_of_bounds(kind: str, length: bool, op: str, n: str) -> str:
    """msgspec's "Expected `str` of length >= 1" or "Expected `int` <= 5" in words."""
    if length and kind == "str" and op == ">=" and n == "1":
        return "this cannot be empty"
    least = op.startswith(">")
    if length:
        unit = "characters" if kind == "str" else "items"
        return f"expected {'at least' if least else 'at most'} {n} {unit}"
    number = _TYPE_WORDS.get(kind, kind)
    if op in (">", "<"):
        return f"expected {number} {'above' if least else 'below'} {n}"
    return f"expected {number} {'of at least' if least else 'of at most'} {n}"


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


__all__ = ["InterviewFile", "from_data", "load", "loads", "parse_yaml", "read_data"]

"""The interview file: a YAML file a person writes by hand, read into a domain ``Case``.

The schema below is the contract documented field by field in ``docs/interview-file.md``.
Validation uses pydantic so every mistake is reported with its place in the file
(``interview.panel[1].timezone``); :func:`load` turns the first one into a single
:class:`InputError` sentence. Times without a UTC offset are read in the zone they belong
to: the interview's for ``interview.start``/``end``, the candidate's for ``history`` and
``outcome``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from afterview.domain import models as m
from afterview.domain.business_days import calendar_for
from afterview.domain.errors import InputError

_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*$", re.IGNORECASE)


def _text(value: Any) -> Any:
    """YAML reads `2026-12-04` as a date; phrases like a decision date stay text."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _zone(value: Any) -> Any:
    if value is None or isinstance(value, ZoneInfo):
        return value
    try:
        return ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "America" is a folder, not a zone
        raise ValueError(
            f"unknown time zone {value!r}; use an IANA name such as Europe/Berlin"
        ) from None


def _duration(value: Any) -> Any:
    if value is None or isinstance(value, timedelta):
        return value
    if isinstance(value, int):
        return timedelta(minutes=value)
    match = _DURATION.match(str(value))
    if not match or not any(match.groups()):
        raise ValueError(f"cannot read duration {value!r}; write it like 45m, 1h or 1h30m")
    hours, minutes = (int(g) if g else 0 for g in match.groups())
    return timedelta(hours=hours, minutes=minutes)


Text = Annotated[str, BeforeValidator(_text)]
Zone = Annotated[ZoneInfo, BeforeValidator(_zone)]
Duration = Annotated[timedelta, BeforeValidator(_duration)]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        coerce_numbers_to_str=True,
        arbitrary_types_allowed=True,
        frozen=True,
    )


class CandidateIn(_Model):
    name: str = Field(min_length=1)
    email: str
    timezone: Zone
    country: str = Field(min_length=2, max_length=3)
    phone: str | None = None
    subdivision: str | None = None
    signature: str | None = None


class PersonIn(_Model):
    name: str = Field(min_length=1)
    email: str | None = None


class LinkIn(_Model):
    title: str
    url: str


class ApplicationIn(_Model):
    company: str = Field(min_length=1)
    role: str = Field(min_length=1)
    channel_before: m.ChannelBefore = "email"
    referrer: PersonIn | None = None
    references: list[PersonIn] = []
    links: list[LinkIn] = []
    url: str | None = None
    source: str | None = None


class PipelineIn(_Model):
    company: str
    role: str = ""
    status: m.ApplicationStatus = "applied"


class PhoneIn(_Model):
    number: str
    kind: m.PhoneKind = "work"
    invited: bool = False


def _phone(value: Any) -> Any:
    return {"number": value} if isinstance(value, str | int) else value


class PanelIn(_Model):
    name: str = Field(min_length=1)
    title: str | None = None
    role: m.PanelRole = "interviewer"
    email: str | None = None
    timezone: Zone | None = None
    phone: Annotated[PhoneIn | None, BeforeValidator(_phone)] = None
    topics: list[Text] = []


class PromiseIn(_Model):
    what: str = Field(min_length=1)
    by: Text | None = None
    to: str | None = None


class QuestionIn(_Model):
    q: str = Field(min_length=1)
    answer: str | None = None
    rating: int | None = Field(default=None, ge=1, le=5)
    asked_by: str | None = None


class NotesIn(_Model):
    questions: list[QuestionIn] = []
    stood_out: str | None = None
    impressions: dict[str, str] | str | None = None
    feelings: str | None = None


class InterviewIn(_Model):
    start: datetime
    end: datetime | None = None
    duration: Duration | None = None
    timezone: Zone | None = None
    format: m.InterviewFormat = "video"
    round: int = Field(default=1, ge=1)
    panel: list[PanelIn] = []
    decision: Text | None = None
    contact_preference: m.ContactPreference = "unstated"
    next_step: str | None = None
    promises: list[PromiseIn] = []
    notes: NotesIn = NotesIn()

    @model_validator(mode="after")
    def _has_length(self) -> InterviewIn:
        if self.end is None and self.duration is None:
            raise ValueError("give the interview an `end` time or a `duration` such as 45m")
        names = [p.name.casefold() for p in self.panel]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"the panel lists {dupes[0]!r} twice; give each person once")
        return self


class HistoryIn(_Model):
    kind: str
    to: str | None = None
    channel: m.Channel = "email"
    at: datetime
    about: str | None = None


class OutcomeIn(_Model):
    kind: m.OutcomeKind
    at: datetime
    on_paper: bool = False
    feedback: str | None = None


class ReplyIn(_Model):
    at: datetime
    not_until: date | None = None


class InterviewFile(_Model):
    candidate: CandidateIn
    application: ApplicationIn
    interview: InterviewIn
    pipeline: list[PipelineIn] = []
    history: list[HistoryIn] = []
    outcome: OutcomeIn | None = None
    reply: ReplyIn | None = None

    def to_case(self) -> m.Case:
        cand = self.candidate
        try:  # an unknown country or subdivision fails here, early, with its place
            calendar_for(cand.country, cand.subdivision)
        except InputError as exc:
            raise InputError(f"candidate.country: {exc}") from None
        iv_zone = self.interview.timezone or cand.timezone
        return m.Case(
            candidate=m.Candidate(
                cand.name,
                cand.email,
                cand.timezone,
                cand.country.upper(),
                cand.phone,
                cand.subdivision,
                cand.signature,
            ),
            application=_application(self.application),
            interview=_interview(self.interview, iv_zone),
            pipeline=tuple(m.PipelineEntry(p.company, p.role, p.status) for p in self.pipeline),
            history=tuple(
                m.HistoryEntry(h.kind, h.to, h.channel, _aware(h.at, cand.timezone), h.about)
                for h in self.history
            ),
            outcome=(
                m.Outcome(o.kind, _aware(o.at, cand.timezone), o.on_paper, o.feedback)
                if (o := self.outcome)
                else None
            ),
            reply=(
                m.Reply(_aware(r.at, cand.timezone), r.not_until) if (r := self.reply) else None
            ),
        )


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
    start = _aware(iv.start, zone)
    end = _aware(iv.end, zone) if iv.end else start + (iv.duration or timedelta())
    if end <= start:
        raise InputError("interview.end: the interview must end after it starts.")
    impressions = iv.notes.impressions
    if isinstance(impressions, str):
        impressions = {"": impressions}
    return m.Interview(
        start=start,
        end=end,
        timezone=zone,
        format=iv.format,
        round=iv.round,
        panel=tuple(
            m.PanelMember(
                p.name,
                p.timezone or zone,
                p.title,
                p.role,
                p.email,
                m.Phone(p.phone.number, p.phone.kind, p.phone.invited) if p.phone else None,
                tuple(p.topics),
            )
            for p in iv.panel
        ),
        decision=iv.decision,
        contact_preference=iv.contact_preference,
        next_step=iv.next_step,
        promises=tuple(m.Promise(p.what, p.by, p.to) for p in iv.promises),
        notes=m.Notes(
            questions=tuple(
                m.Question(q.q, q.answer, q.rating, q.asked_by) for q in iv.notes.questions
            ),
            stood_out=iv.notes.stood_out,
            impressions=tuple((impressions or {}).items()),
            feelings=iv.notes.feelings,
        ),
    )


def _aware(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


# -- reading ------------------------------------------------------------------------------


def load(path: Path) -> m.Case:
    """Read and validate an interview file; every problem is one :class:`InputError`."""
    return from_data(read_data(path), source=str(path))


def read_data(path: Path) -> dict[str, Any]:
    """The raw mapping in an interview file (YAML parsed, not yet validated)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the file ({exc}).") from None
    return parse_yaml(text, source=str(path))


def loads(text: str, *, source: str = "<interview file>") -> m.Case:
    return from_data(parse_yaml(text, source=source), source=source)


def parse_yaml(text: str, *, source: str) -> dict[str, Any]:
    import yaml  # deferred: keeps `afterview --version` quick

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{source}: not valid YAML ({_yaml_problem(exc)}).") from None
    if not isinstance(data, dict):
        raise InputError(
            f"{source}: expected a YAML mapping with `candidate`, `application` and "
            "`interview` sections."
        )
    return data


def from_data(data: dict[str, Any], *, source: str = "<interview file>") -> m.Case:
    try:
        parsed = InterviewFile.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"{source}: {_first_error(exc)}") from None
    try:
        return parsed.to_case()
    except InputError as exc:
        raise InputError(f"{source}: {exc}") from None


def _yaml_problem(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is not None:
        return f"line {mark.line + 1}, column {mark.column + 1}: {problem}"
    return str(problem)


def _first_error(exc: ValidationError) -> str:
    error = exc.errors(include_url=False)[0]
    where = _location(error["loc"])
    kind = error["type"]
    if kind == "missing":
        what = "this field is required"
    elif kind == "extra_forbidden":
        what = "unknown field; check its spelling against docs/interview-file.md"
    elif kind == "literal_error":
        what = f"{error['input']!r} is not allowed: {error['msg'].removeprefix('Input should be ')}"
    elif kind.startswith("datetime"):
        what = f"cannot read {error['input']!r} as a date and time; write it like 2026-11-20T14:00"
    else:
        what = str(error["msg"]).removeprefix("Value error, ")
    return f"{where}: {what}." if where else f"{what}."


def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-before", "function-after") or "[" in str(part):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out


__all__ = ["InterviewFile", "from_data", "load", "loads", "parse_yaml", "read_data"]

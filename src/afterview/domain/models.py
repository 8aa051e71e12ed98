"""The domain model: one interview and everything known around it.

All classes are immutable records (``msgspec.Struct``, frozen), so the domain can be tested
without a database and loaded from any format. Times are always timezone-aware;
each person carries the zone their working hours live in.

The aggregate is :class:`Case` — the candidate, the application, one interview with its
panel, what already happened since (``history``) and the outcome if there is one. The
interview file (``afterview.interview_file``) builds a ``Case``; the planner, the guards,
the lint and the drafting all read one.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Literal, get_args
from zoneinfo import ZoneInfo

import msgspec

from afterview.domain.errors import UnknownPerson

# The kinds are defined once, in the catalogue (kinds.py); re-exported for older imports.
from afterview.domain.kinds import CONTACT_KINDS as CONTACT_KINDS
from afterview.domain.kinds import NOTE_KINDS as NOTE_KINDS
from afterview.domain.kinds import PLAN_KINDS as PLAN_KINDS
from afterview.domain.kinds import PlanKind as PlanKind


class Record(msgspec.Struct, frozen=True):
    """An immutable value: compared, hashed and copied (``msgspec.structs.replace``) by its
    fields (msgspec rather than dataclasses: docs/PERFORMANCE.md)."""


Channel = Literal["email", "phone", "letter", "linkedin", "portal", "text", "in_person"]
ChannelBefore = Literal["email", "phone", "portal", "linkedin"]
ContactPreference = Literal["email", "phone", "portal", "unstated", "no_contact"]
InterviewFormat = Literal["phone", "video", "onsite"]
PanelRole = Literal["interviewer", "hiring_manager", "recruiter"]
ContactRole = Literal["interviewer", "hiring_manager", "recruiter", "referrer", "reference"]
ApplicationStatus = Literal["applied", "interviewing", "offer", "rejected", "withdrawn", "closed"]
OutcomeKind = Literal["offer", "rejected", "withdrawn"]
PhoneKind = Literal["work", "personal"]

CHANNELS: tuple[str, ...] = get_args(Channel)
ACTIVE_STATUSES: frozenset[str] = frozenset({"applied", "interviewing", "offer"})


class Phone(Record, frozen=True):
    number: str
    kind: PhoneKind = "work"
    invited: bool = False


class Candidate(Record, frozen=True):
    name: str
    email: str
    timezone: ZoneInfo
    country: str
    phone: str | None = None
    subdivision: str | None = None
    signature: str | None = None

    @property
    def first_name(self) -> str:
        return first_name(self.name)


class Person(Record, frozen=True):
    """Someone outside the panel: a referrer or a reference."""

    name: str
    email: str | None = None


class Link(Record, frozen=True):
    title: str
    url: str


class Application(Record, frozen=True):
    company: str
    role: str
    channel_before: ChannelBefore = "email"
    referrer: Person | None = None
    references: tuple[Person, ...] = ()
    links: tuple[Link, ...] = ()
    url: str | None = None  # the job posting
    source: str | None = None  # where you found it


class PipelineEntry(Record, frozen=True):
    """Another application of the same candidate."""

    company: str
    role: str
    status: ApplicationStatus

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class PanelMember(Record, frozen=True):
    name: str
    timezone: ZoneInfo
    title: str | None = None
    role: PanelRole = "interviewer"
    email: str | None = None
    phone: Phone | None = None
    topics: tuple[str, ...] = ()

    @property
    def first_name(self) -> str:
        return first_name(self.name)


class Promise(Record, frozen=True):
    what: str
    by: str | None = None
    to: str | None = None


class Question(Record, frozen=True):
    q: str
    answer: str | None = None
    rating: int | None = None
    asked_by: str | None = None


class Notes(Record, frozen=True):
    questions: tuple[Question, ...] = ()
    stood_out: str | None = None
    impressions: tuple[tuple[str, str], ...] = ()
    feelings: str | None = None

    def weakest_question(self) -> Question | None:
        """The rated question with the lowest self-rating (the first one on a tie)."""
        rated = [q for q in self.questions if q.rating is not None]
        return min(rated, key=lambda q: q.rating or 0) if rated else None


class Interview(Record, frozen=True):
    start: datetime
    end: datetime
    timezone: ZoneInfo
    format: InterviewFormat = "video"
    round: int = 1
    panel: tuple[PanelMember, ...] = ()
    decision: str | None = None
    contact_preference: ContactPreference = "unstated"
    next_step: str | None = None
    promises: tuple[Promise, ...] = ()
    notes: Notes = msgspec.field(default_factory=Notes)


class HistoryEntry(Record, frozen=True):
    """A contact that already happened (sent, called, connected…)."""

    kind: str
    to: str | None
    channel: Channel
    at: datetime
    about: str | None = None  # free text, e.g. which promise was delivered


class Outcome(Record, frozen=True):
    kind: OutcomeKind
    at: datetime
    on_paper: bool = False
    feedback: str | None = None


class Reply(Record, frozen=True):
    """The employer answered. Follow-ups stop, or wait until ``not_until`` has passed."""

    at: datetime
    not_until: date | None = None


class Case(Record, frozen=True):
    """Everything known about one interview: the aggregate the core works on."""

    candidate: Candidate
    application: Application
    interview: Interview
    pipeline: tuple[PipelineEntry, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    outcome: Outcome | None = None
    reply: Reply | None = None

    def this_round(self) -> tuple[HistoryEntry, ...]:
        """The contacts since this interview began. An earlier round's thank-you notes,
        debriefs and follow-ups were about that round: they neither stand for this round's
        steps nor count towards its limit of follow-ups."""
        start = self.interview.start
        return tuple(h for h in self.history if h.at >= start)

    # -- people -----------------------------------------------------------------------

    def member(self, name: str) -> PanelMember:
        """The panel member called ``name`` (case- and space-insensitive)."""
        wanted = _fold(name)
        for member in self.interview.panel:
            if _fold(member.name) == wanted:
                return member
        raise UnknownPerson(name, [m.name for m in self.interview.panel])

    def people(self) -> Iterator[tuple[str, ContactRole]]:
        """Every named person in the case with their role in this process."""
        for m in self.interview.panel:
            yield m.name, m.role
        if self.application.referrer:
            yield self.application.referrer.name, "referrer"
        for ref in self.application.references:
            yield ref.name, "reference"

    def role_of(self, name: str) -> ContactRole:
        """The role of a named person; raises :class:`UnknownPerson` for a stranger."""
        wanted = _fold(name)
        for person, role in self.people():
            if _fold(person) == wanted:
                return role
        raise UnknownPerson(name, [p for p, _ in self.people()])

    def lead_contact(self) -> PanelMember | None:
        """Who follow-ups go to: the hiring manager, else the recruiter, else the first."""
        panel = self.interview.panel
        for role in ("hiring_manager", "recruiter"):
            for m in panel:
                if m.role == role:
                    return m
        return panel[0] if panel else None

    def zone_of(self, name: str | None) -> ZoneInfo:
        """The time zone a person works in: a panel member's own, else the interview's."""
        if name is not None:
            wanted = _fold(name)
            for m in self.interview.panel:
                if _fold(m.name) == wanted:
                    return m.timezone
        return self.interview.timezone

    def active_pipeline(self) -> list[PipelineEntry]:
        return [entry for entry in self.pipeline if entry.active]


def first_name(full_name: str) -> str:
    """The given name used in a greeting: 'Dr. Ana María López' -> 'Ana'."""
    titles = {"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof", "prof.", "mx", "mx."}
    parts = [p for p in full_name.split() if p.lower() not in titles]
    return parts[0] if parts else full_name.strip()


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())

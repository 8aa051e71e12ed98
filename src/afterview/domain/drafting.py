"""Drafting: one personal note per recipient, from templates, checked by the lint.

A draft is rendered from a Jinja2 template named ``drafts/<kind>.<form>.txt.j2`` where the
form is the variant (``email``, ``card`` or ``script``) — except the LinkedIn note of
``keep_in_touch``, whose written form is ``keep_in_touch.linkedin.txt.j2``. Templates read
a small, precomputed context (below), so they hold wording, not logic; anything that needs
a decision (which promises are still open, who asked the weakest question, which date to
quote) is decided here, in plain Python, and tested.

Drafting is deterministic: no randomness and no clock. Notes to one panel are kept apart
by the member's ``position`` on the panel — each template picks its opening, thanks and
closing from several phrasings by that position — and by each member's own topics and
title, so two notes to one panel are never near-duplicates (the lint checks it, through
:func:`draft_all`).

The environment is passed in (see ``afterview.templating``); this module never reads the
disk. An email template's output starts with ``Subject: …`` and a blank line; the rest is
the body. Every draft carries the lint's findings on it.

Template context — every name below is always defined (``None`` or empty when unknown):

``kind``, ``variant``, ``channel``
    what is being drafted.
``case``, ``candidate``, ``application``, ``interview``, ``outcome``
    the domain objects, for anything the precomputed values do not cover.
``company``, ``role``
    the employer and the job title applied for.
``to``
    the recipient (:class:`Recipient`): ``name``, ``first_name``, ``title``, ``role``,
    ``topics``, ``topic`` (the first topic or ``None``), ``phone``, ``position``,
    ``is_lead``.
``position``, ``topic``
    shortcuts for ``to.position`` and ``to.topic``.
``lead``
    the lead contact (a ``PanelMember``) or ``None``.
``panel_topics``
    the first topic of each panel member who has one.
``weak``
    the weakest-rated question (self-rating at most ``WEAK_RATING``) when THIS recipient
    asked it, else ``None``; ``weakest`` is the same question whoever asked it.
``link``, ``links``
    the first of the user's links (or ``None``) and all of them.
``promises``
    the open promises this note should mention: a list of :class:`PromiseView` with
    ``what``, ``due`` (a phrase such as "tomorrow" or "by Friday", or ``None``) and
    ``link`` (a link whose title matches the promise, or ``None``).
``interview_day``, ``decision``, ``next_step``
    the interview's local date ("Friday 20 November"), the decision time frame they gave
    and the next step, as text.
``follow_ups_sent``, ``last_follow_up_day``
    how many follow-ups the history records, and the local date of the last one.
``signature``
    the candidate's signature, else their name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar
from zoneinfo import ZoneInfo

from afterview.domain import channels, kinds, promises
from afterview.domain.errors import InputError
from afterview.domain.lint import Note, lint_note, lint_notes
from afterview.domain.models import (
    NOTE_KINDS,
    PLAN_KINDS,
    Case,
    Channel,
    ContactRole,
    Link,
    Promise,
    first_name,
)
from afterview.domain.rules import Finding
from afterview.domain.settings import Policy

if TYPE_CHECKING:
    from jinja2 import Environment

DRAFT_KINDS: tuple[str, ...] = NOTE_KINDS  # every kind of note can be drafted
VARIANTS: tuple[str, ...] = ("email", "card", "script")

# A self-rating at or below this marks an answer worth strengthening in the thank-you
# note ("Reinforce" in the 6 Rs; "clear up weak points" in "6 Post Interview Tips").
WEAK_RATING = 3

_PANEL_ROLES = frozenset({"interviewer", "hiring_manager", "recruiter"})
# A due phrase starting with one of these reads after a verb as it is ("tomorrow", "by
# Friday", "within a week"); any other gets "by" in front ("Friday" -> "by Friday").
# fmt: off
_DUE_WORDS = frozenset({
    "by", "before", "within", "on", "in", "at", "until", "tomorrow", "today", "tonight",
    "next", "this", "later", "early",
})
# rapidfuzz token-set score (0-100) at which a history entry is about a promise.
_DELIVERED_SCORE = 80
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)
# fmt: on


@dataclass(frozen=True, slots=True)
class Draft:
    """One drafted note, with what the lint found in it."""

    kind: str
    to: str
    channel: Channel
    subject: str | None
    body: str
    variant: str
    findings: tuple[Finding, ...] = ()
    why_channel: str | None = None  # why the plan has it go by a channel other than email

    json_order: ClassVar[tuple[str, ...]] = (
        "kind", "to", "subject", "body", "findings", "variant", "channel", "why_channel"
    )  # fmt: skip

    @property
    def note(self) -> Note:
        """The note as the lint sees it."""
        return Note(to=self.to, body=self.body, subject=self.subject, channel=self.channel)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")


@dataclass(frozen=True, slots=True)
class Recipient:
    """The person a note is for, as templates see them."""

    name: str
    role: ContactRole
    position: int
    title: str | None = None
    email: str | None = None
    phone: str | None = None
    phone_invited: bool = False
    topics: tuple[str, ...] = ()
    is_lead: bool = False

    @property
    def first_name(self) -> str:
        return first_name(self.name)

    @property
    def topic(self) -> str | None:
        return self.topics[0] if self.topics else None


@dataclass(frozen=True, slots=True)
class PromiseView:
    """An open promise, ready to be written into a sentence."""

    what: str
    due: str | None
    link: Link | None


# -- public API ---------------------------------------------------------------------------


def recipients(case: Case, kind: str) -> list[str]:
    """Who gets a note of this kind, in a stable order (may be empty)."""
    _check_kind(kind)
    app = case.application
    if kind == "thank_you":
        return [m.name for m in case.interview.panel]
    if kind == "notify_references":
        return [r.name for r in app.references]
    if kind == "notify_referrer":
        return [app.referrer.name] if app.referrer else []
    lead = case.lead_contact() if kind == "keep_in_touch" else channels.reachable_lead(case)
    if kind == "promise":
        names: list[str] = []
        for promise in pending_promises(case):
            name = channels.promise_to(case, promise)
            if name and _fold(name) not in {_fold(n) for n in names}:
                names.append(name)
        return names
    return [lead.name] if lead else []


def recipient(case: Case, kind: str, to: str) -> str:
    """The recipient's name as the case spells it; refused if they get no note of ``kind``."""
    names = recipients(case, kind)  # raises InputError for an unknown kind
    wanted = _fold(to)
    for name in names:
        if _fold(name) == wanted:
            return name
    label = kind.replace("_", "-")
    if not names:
        raise InputError("nobody_gets_note", label=label)
    raise InputError("note_goes_elsewhere", label=label, to=to, names=", ".join(names))


def address_of(case: Case, name: str) -> str | None:
    """The email address on file for a panel member, the referrer or a reference."""
    for member in case.interview.panel:
        if member.name == name:
            return member.email
    app = case.application
    for person in (app.referrer, *app.references):
        if person is not None and person.name == name:
            return person.email
    return None


def draft(
    case: Case,
    kind: str,
    to: str,
    *,
    env: Environment,
    policy: Policy,
    variant: str | None = None,
) -> Draft:
    """One note of ``kind`` to ``to``, rendered and linted on its own; with no ``variant``,
    in the form the plan has for that person (a card, a phone script or an email)."""
    _check_kind(kind)
    if variant is not None:
        _check_variant(kind, variant)
    person = _recipient(case, kind, to)
    variant = variant or planned_variant(case, kind, person.name)
    _check_script(case, kind, variant, person)
    unchecked = _render(case, kind, variant, person, env)
    findings = lint_note(case, kind, unchecked.note, policy=policy)
    return _with_findings(unchecked, findings)


def draft_all(
    case: Case,
    kind: str,
    *,
    env: Environment,
    policy: Policy,
    variant: str | None = None,
) -> list[Draft]:
    """One note per recipient, linted together so near-duplicates are caught.

    With no ``variant``, each note takes the form the plan has for its recipient. A
    phone script is drafted only for the recipients a call is welcome to (they invited
    one, the employer asked for calls, or the plan has the step by phone); nobody left
    is an error.
    """
    _check_kind(kind)
    if variant is not None:
        _check_variant(kind, variant)
    people = [_recipient(case, kind, name) for name in recipients(case, kind)]
    if not people:
        raise _nobody(kind)
    if variant == "script":
        people = [p for p in people if _call_invited(case, kind, p)]
        if not people:
            raise InputError("no_call_invited", label=_label(kind))
    unchecked = [
        _render(case, kind, variant or planned_variant(case, kind, person.name), person, env)
        for person in people
    ]
    findings = lint_notes(case, kind, [d.note for d in unchecked], policy=policy)
    return [_with_findings(d, f) for d, f in zip(unchecked, findings, strict=True)]


def planned_variant(case: Case, kind: str, to: str) -> str:
    """The form of note the plan's channel calls for: a card for a letter, a phone script
    for a call, else an email (see :func:`afterview.domain.channels.step_channel`)."""
    channel = channels.step_channel(case, kind, to)
    if channel == "letter" and kinds.has_variant(kind, "card"):
        return "card"
    if channel == "phone" and kinds.has_variant(kind, "script"):
        return "script"
    return "email"


def pending_promises(case: Case) -> list[Promise]:
    """Promises not yet delivered (see :mod:`afterview.domain.promises`)."""
    return promises.pending(case)


# -- checks -------------------------------------------------------------------------------


def _check_kind(kind: str) -> None:
    if kind in DRAFT_KINDS:
        return
    listed = ", ".join(DRAFT_KINDS)
    if kind in PLAN_KINDS:
        raise InputError("draft_kind_is_a_step", kind=kind, kinds=listed)
    raise InputError("draft_kind_unknown", kind=kind, kinds=listed)


def _check_variant(kind: str, variant: str) -> None:
    if variant not in VARIANTS:
        raise InputError("unknown_variant", variant=variant, variants=", ".join(VARIANTS))
    if variant == "card" and not kinds.has_variant(kind, "card"):
        raise InputError("no_card_for_kind", kind=kind)
    if variant == "script" and not kinds.has_variant(kind, "script"):
        raise InputError("no_script_for_kind", kind=kind)


def _check_script(case: Case, kind: str, variant: str, person: Recipient) -> None:
    if variant == "script" and not _call_invited(case, kind, person):
        preference = case.interview.contact_preference
        raise InputError(
            "call_not_invited", name=person.name, preference=preference, label=_label(kind)
        )


def _call_invited(case: Case, kind: str, person: Recipient) -> bool:
    return person.role in _PANEL_ROLES and channels.call_welcome(case, kind, person.name)


def _nobody(kind: str) -> InputError:
    if kind == "notify_references":
        return InputError("no_references")
    if kind == "notify_referrer":
        return InputError("no_referrer")
    if kind == "promise":
        return InputError("no_promise_open")
    return InputError("no_panel", label=_label(kind))


def _label(kind: str) -> str:
    return kind.replace("_", "-")


# -- recipients ---------------------------------------------------------------------------


def _recipient(case: Case, kind: str, to: str) -> Recipient:
    """The named person as a :class:`Recipient`, if a note of ``kind`` may go to them."""
    role = case.role_of(to)  # raises UnknownPerson for a stranger
    audience = kinds.KINDS[kind].audience or "panel"
    if audience == "panel" and role in _PANEL_ROLES:
        member = case.member(to)
        lead = channels.reachable_lead(case)
        return Recipient(
            name=member.name,
            role=member.role,
            position=case.interview.panel.index(member),
            title=member.title,
            email=member.email,
            phone=member.phone.number if member.phone else None,
            phone_invited=bool(member.phone and member.phone.invited),
            topics=member.topics,
            is_lead=lead is not None and lead.name == member.name,
        )
    if role == audience:
        app = case.application
        people = app.references if audience == "reference" else (app.referrer,)
        for position, person in enumerate(p for p in people if p is not None):
            if _fold(person.name) == _fold(to):
                return Recipient(person.name, role, position, email=person.email)
    role_words, label = role.replace("_", " "), _label(kind)
    if audience == "panel":
        raise InputError("note_goes_to_panel", to=to, role=role_words, label=label)
    if audience == "reference":
        raise InputError("note_goes_to_reference", to=to, role=role_words, label=label)
    raise InputError("note_goes_to_referrer", to=to, role=role_words, label=label)


def _promises_for(case: Case, kind: str, person: Recipient) -> list[PromiseView]:
    """The open promises a note to ``person`` mentions (or, for ``promise``, delivers)."""
    if person.role not in _PANEL_ROLES or kind not in {"thank_you", "follow_up", "promise"}:
        return []
    mine = promises.owed_to(case, person.name)
    unaddressed = promises.unaddressed(case)
    if kind == "promise":  # and what they pass on for someone without an email address
        mine += [
            p
            for p in promises.pending(case)
            if p not in mine
            and promises.recipient_of(case, p) is not None
            and channels.promise_to(case, p) == person.name
        ]
    # A promise note delivers what was promised to this person; the lead contact (or
    # anyone, when nothing names them) also receives what was promised to nobody in
    # particular. A thank-you or follow-up reminds of both.
    only_mine = kind == "promise" and mine and not person.is_lead
    chosen = mine if only_mine else mine + unaddressed
    if kind == "promise" and not chosen:
        raise InputError("nothing_promised_to", name=person.name)
    links = case.application.links
    return [PromiseView(p.what, _due(p.by), _matching_link(p.what, links)) for p in chosen]


def _due(by: str | None) -> str | None:
    """A due phrase that reads after a verb: 'Friday' -> 'by Friday', 'tomorrow' stays."""
    if not by or not by.strip():
        return None
    text = by.strip()
    return text if text.split()[0].casefold() in _DUE_WORDS else f"by {text}"


def _matching_link(what: str, links: Sequence[Link]) -> Link | None:
    """The link whose title is named in the promise (all of its words), if any."""
    words = set(re.findall(r"[\w-]+", what.casefold()))
    for link in links:
        title_words = set(re.findall(r"[\w-]+", link.title.casefold()))
        if title_words and title_words <= words:
            return link
    return None


# -- rendering ----------------------------------------------------------------------------


def _render(case: Case, kind: str, variant: str, person: Recipient, env: Environment) -> Draft:
    channel = _channel(kind, variant)
    template = env.get_template(kinds.KINDS[kind].template(variant))
    text = template.render(_context(case, kind, variant, channel, person))
    subject, body = _split(text)
    if channel != "email":
        subject = None
    why = channels.channel_reason(case, kind, person.name)
    if why is not None and channel != channels.step_channel(case, kind, person.name):
        why = None  # the user chose another form than the plan's
    return Draft(kind, person.name, channel, subject, body, variant, why_channel=why)


def _channel(kind: str, variant: str) -> Channel:
    if variant == "card":
        return "letter"
    if variant == "script":
        return "phone"
    return "linkedin" if kind in kinds.LINKEDIN_KINDS else "email"


def _context(
    case: Case, kind: str, variant: str, channel: Channel, person: Recipient
) -> dict[str, Any]:
    interview, app = case.interview, case.application
    weakest = interview.notes.weakest_question()
    if weakest is not None and (weakest.rating or 0) > WEAK_RATING:
        weakest = None
    asked_by = weakest.asked_by if weakest else None
    follow_ups = [h for h in case.this_round() if h.kind == "follow_up"]
    zone = interview.timezone
    return {
        "kind": kind,
        "variant": variant,
        "channel": channel,
        "case": case,
        "candidate": case.candidate,
        "application": app,
        "interview": interview,
        "outcome": case.outcome,
        "company": app.company,
        "role": app.role,
        "to": person,
        "position": person.position,
        "topic": person.topic,
        "lead": case.lead_contact(),
        "panel_topics": [m.topics[0] for m in interview.panel if m.topics],
        "weakest": weakest,
        "weak": weakest if asked_by and _fold(asked_by) == _fold(person.name) else None,
        "link": app.links[0] if app.links else None,
        "links": app.links,
        "promises": _promises_for(case, kind, person),
        "interview_day": _day(interview.start, zone),
        "decision": interview.decision,
        "next_step": interview.next_step,
        "follow_ups_sent": len(follow_ups),
        "last_follow_up_day": _day(max(h.at for h in follow_ups), zone) if follow_ups else None,
        "signature": case.candidate.signature or case.candidate.name,
    }


def _day(moment: datetime, zone: ZoneInfo) -> str:
    """'Friday 20 November' in the given zone, independent of the machine's locale."""
    local = moment.astimezone(zone)
    return f"{_DAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]}"


def _split(text: str) -> tuple[str | None, str]:
    """Separate a leading ``Subject:`` line from the body, and tidy the body."""
    text = text.lstrip()
    subject = None
    first, _, rest = text.partition("\n")
    if first.casefold().startswith("subject:"):
        subject = " ".join(first.split(":", 1)[1].split()) or None
        text = rest
    return subject, _tidy(text)


def _tidy(text: str) -> str:
    """No trailing spaces, no doubled spaces, at most one blank line in a row."""
    lines = [re.sub(r"(?<=\S) {2,}", " ", line.rstrip()) for line in text.splitlines()]
    tidy = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return tidy.strip() + "\n"


def _with_findings(unchecked: Draft, findings: Sequence[Finding]) -> Draft:
    return replace(unchecked, findings=tuple(findings))


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())

"""Guards: etiquette checks on a proposed contact, before it happens.

``check(case, contact)`` runs every guard (each listed with its reason in docs/rules.md)
over one proposed contact (a kind, its recipients, a channel, a moment) and returns a
:class:`Verdict`. An ``error`` finding blocks the contact unless the user overrides it
with a stated reason; a ``warning`` is shown and nothing more. The guards read the case's
``history`` (what was already sent) and ``outcome``, so the same contact can be fine today
and blocked after a rejection arrives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from afterview.domain import rules
from afterview.domain.channels import call_welcome, follow_up_channel, step_channel
from afterview.domain.kinds import CHASING_KINDS, DEADLINE_KINDS, LINKEDIN_KINDS, applies
from afterview.domain.models import Case, Channel, PanelMember
from afterview.domain.planner import calendar_of, follow_up_schedule
from afterview.domain.rules import Finding
from afterview.domain.serial import computed
from afterview.domain.settings import Policy
from afterview.domain.timing import is_daytime, local_date
from afterview.domain.wording import hours_or_days, kind_label, plural

# Which kinds chase the employer (``Kind.chasing``: a thank-you or a heads-up to a reference
# does not count for the pestering guard), go by LinkedIn, or have a guard of their own
# (``Kind.guards``) is in the kind catalogue.
THANK_YOU_CHANNELS = frozenset({"email", "letter", "in_person"})


@dataclass(frozen=True, slots=True)
class Contact:
    """A contact the user proposes to make."""

    kind: str
    to: tuple[str, ...]
    at: datetime
    channel: Channel | None = None
    number: str | None = None

    @property
    def effective_channel(self) -> Channel:
        if self.channel is not None:
            return self.channel
        return "linkedin" if self.kind in LINKEDIN_KINDS else "email"


@dataclass(frozen=True, slots=True)
class Verdict:
    findings: tuple[Finding, ...]

    json_order: ClassVar[tuple[str, ...]] = ("allowed", "findings")

    @computed
    def allowed(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


Guard = Callable[[Case, Contact, Policy], Iterator[Finding]]


def check(case: Case, contact: Contact, *, policy: Policy) -> Verdict:
    """Every guard's findings on ``contact``; unknown recipients raise ``UnknownPerson``."""
    if contact.at.tzinfo is None:
        raise ValueError("contact.at must be timezone-aware")
    for name in contact.to:
        case.role_of(name)
    findings = [f for guard in GUARDS for f in guard(case, contact, policy)]
    return Verdict(tuple(findings))


def _panel_cc(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    if len(contact.to) > 1:
        yield rules.guard("panel_cc").finding(
            f"One note to {len(contact.to)} people ({', '.join(contact.to)}): send each of "
            "them a separate, personal note instead of copying them in."
        )


def _gift(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    if applies(contact.kind, "gift"):
        yield rules.guard("gift").finding(
            "A gift can feel like a bribe; a sincere thank-you note is all that is expected."
        )


def _no_contact(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    if case.interview.contact_preference == "no_contact" and applies(contact.kind, "no_contact"):
        yield rules.guard("no_contact").finding(
            f"{case.application.company} asked for no follow-up contact; respect it and wait "
            "to hear from them."
        )


def _within_timeframe(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    if not applies(contact.kind, "within_timeframe"):
        return
    schedule = follow_up_schedule(case, policy)
    to = contact.to[0] if contact.to else None
    day = local_date(contact.at, case.zone_of(to))
    if schedule.held:
        yield rules.guard("within_timeframe").finding(
            f"They said {schedule.decision.said!r}, a time with no date; ask them for the date "
            "before following up, so the follow-up does not land inside it."
        )
        return
    if day >= schedule.first_day:
        return
    if schedule.decision.date is not None:
        yield rules.guard("within_timeframe").finding(
            f"They said {schedule.decision.said!r} (until {schedule.decision.date:%a %d %b}); "
            f"a follow-up is welcome from {schedule.first_day:%a %d %b %Y}, not before."
        )
    else:
        yield rules.guard("within_timeframe").finding(
            "They gave no time frame; a follow-up before "
            f"{schedule.first_day:%a %d %b %Y} ({policy.follow_up_default_days} business days "
            "after the interview) is early.",
            severity="warning",
        )


def _replied(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    reply = case.reply
    if reply is None or contact.kind not in CHASING_KINDS:
        return
    zone = case.candidate.timezone
    day = local_date(contact.at, case.zone_of(contact.to[0] if contact.to else None))
    if reply.not_until is not None and day > reply.not_until:
        return  # the pause they asked for is over (a date where the recipient works)
    wait = f" and asked you to wait until {reply.not_until:%a %d %b}" if reply.not_until else ""
    yield rules.guard("replied").finding(
        f"{case.application.company} answered on {reply.at.astimezone(zone):%a %d %b}{wait}; "
        "a follow-up now would chase an answer you already have."
    )


def _channel(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    channel = contact.effective_channel
    if contact.kind in LINKEDIN_KINDS or contact.kind == "gift":
        return
    if _own_contacts(case, contact):
        return  # your own contacts: any channel you normally use
    if channel == "text":
        yield rules.guard("channel").finding(
            "Text messages are acceptable to very few hiring managers; use email."
        )
        return
    if contact.kind not in CHASING_KINDS and channel in THANK_YOU_CHANNELS:
        return  # a note that asks for nothing (thanks, a promised item) may be written
    if channel == "phone" and all(call_welcome(case, contact.kind, n) for n in contact.to):
        return
    # what the plan would use to reach them (one answer: the planner's)
    expected = step_channel(case, "follow_up", contact.to[0] if contact.to else None)
    if channel == expected:
        return
    stated = case.interview.contact_preference in ("email", "phone", "portal")
    origin = "they asked to be contacted by" if stated else "before the interview you used"
    if expected != follow_up_channel(case):  # a call only to a personal number: email
        origin = "the only number on file is personal, so reach them by"
    yield rules.guard("channel").finding(
        f"This goes by {channel}, but {origin} {expected}; use {expected}.",
        severity="error" if stated else "warning",
    )


def _home_phone(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    if contact.effective_channel not in ("phone", "text"):
        return
    for name in contact.to:
        member = _panel_member(case, name)
        if member is None or member.phone is None:
            continue
        phone = member.phone
        dialled = contact.number or phone.number
        if (
            phone.kind == "personal"
            and not phone.invited
            and same_phone(dialled, phone.number, case.candidate.country)
        ):
            yield rules.guard("home_phone").finding(
                f"{phone.number} is {member.name}'s personal number and they did not invite "
                "a call there; use their work line or email."
            )


def _pestering(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    if not applies(contact.kind, "pestering"):
        return
    panel = {m.name.casefold() for m in case.interview.panel}
    chasing = [
        h
        for h in case.this_round()
        if h.kind in CHASING_KINDS
        and (h.to is None or h.to.casefold() in panel)
        and h.at < contact.at
    ]
    follow_ups = sum(1 for h in chasing if h.kind == "follow_up")
    if follow_ups >= policy.max_follow_ups:
        yield rules.guard("pestering").finding(
            f"You already followed up {follow_ups} times; more would be pestering. Treat the "
            "silence as an answer and put the energy into other applications."
        )
        return
    if chasing:
        last = max(chasing, key=lambda h: h.at)
        zone = case.candidate.timezone
        there = case.zone_of(contact.to[0] if contact.to else None)  # days where they work
        gap = calendar_of(case, policy).between(
            local_date(last.at, there), local_date(contact.at, there)
        )
        if gap < policy.follow_up_spacing_days:
            yield rules.guard("pestering").finding(
                f"Only {plural(gap, 'business day')} since your last contact "
                f"({kind_label(last.kind)} on {last.at.astimezone(zone):%a %d %b}); wait at least "
                f"{policy.follow_up_spacing_days}."
            )


def _linkedin(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    if contact.kind not in LINKEDIN_KINDS and (
        contact.effective_channel != "linkedin" or case.application.channel_before == "linkedin"
    ):
        return  # not a connection request: a message where you were already in touch
    if _process_over(case):
        return
    yield rules.guard("linkedin_before_close").finding(
        "The hiring process is still open; send the connection request once it is over."
    )


def _referrer(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    if not applies(contact.kind, "referrer_status_inquiry"):
        return
    for name in contact.to:
        if case.role_of(name) == "referrer":
            yield rules.guard("referrer_status_inquiry").finding(
                f"{name} referred you but does not decide; thank them and keep them posted "
                "instead of asking how it is going."
            )


def _after_rejection(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    outcome = case.outcome
    if outcome is None or outcome.kind != "rejected":
        return
    if contact.kind == "keep_in_touch" or _own_contacts(case, contact):
        return  # the door stays open; your referrer and references are yours to tell
    if contact.kind == "rejection_reply":
        replies = sum(1 for h in case.history if h.kind == "rejection_reply")
        if replies:
            yield rules.guard("after_rejection").finding(
                "You already replied to the rejection; one gracious reply with one feedback "
                "question is enough, so do not chase the feedback."
            )
        return
    yield rules.guard("after_rejection").finding(
        f"{case.application.company} turned the application down on "
        f"{outcome.at.astimezone(case.candidate.timezone):%a %d %b}; after one gracious reply, "
        f"this {kind_label(contact.kind)} would only strain the relationship."
    )


def _odd_hour(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    if contact.kind == "gift" or contact.effective_channel in ("letter", "portal"):
        return
    weekends = contact.kind in DEADLINE_KINDS  # the deadline wins over the weekday window
    for name in contact.to:
        zone = case.zone_of(name)
        if not is_daytime(contact.at, zone, policy, weekends=weekends):
            local = contact.at.astimezone(zone)
            yield rules.guard("odd_hour").finding(
                f"That is {local:%a %H:%M} for {name} ({zone.key}); aim for a weekday between "
                f"{policy.send_window_start:02d}:00 and {policy.send_window_end:02d}:00 their "
                "time."
            )


def _thank_you_late(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    if not applies(contact.kind, "thank_you_late"):
        return
    late = case.interview.end + timedelta(hours=policy.thank_you_late_hours)
    if contact.at > late:
        hours = int((contact.at - case.interview.end).total_seconds() // 3600)
        yield rules.guard("thank_you_late").finding(
            f"This thank-you goes {hours_or_days(hours)} after the interview; still send it, "
            "and keep it short and specific."
        )


GUARDS: tuple[Guard, ...] = (
    _no_contact,
    _within_timeframe,
    _replied,
    _channel,
    _home_phone,
    _pestering,
    _linkedin,
    _referrer,
    _gift,
    _after_rejection,
    _odd_hour,
    _thank_you_late,
    _panel_cc,
)


def _own_contacts(case: Case, contact: Contact) -> bool:
    """Whether the contact goes only to your referrer or references, not the employer."""
    roles = {case.role_of(name) for name in contact.to}
    return bool(roles) and roles <= {"referrer", "reference"}


def _process_over(case: Case) -> bool:
    outcome = case.outcome
    if outcome is None:
        return False
    return outcome.kind != "offer" or outcome.on_paper


def _panel_member(case: Case, name: str) -> PanelMember | None:
    wanted = name.casefold()
    return next((m for m in case.interview.panel if m.name.casefold() == wanted), None)


_NON_DIGITS = re.compile(r"\D+")


def _digits(number: str) -> str:
    return _NON_DIGITS.sub("", number)


def same_phone(a: str, b: str, country: str) -> bool:
    """Whether two written phone numbers reach the same line.

    Numbers are read with ``phonenumbers`` (Google's libphonenumber), so "07700 900123"
    and "+44 7700 900123" are one number. A number written without its country code is
    read in the country of the other number when that one has a code, else in
    ``country`` (the candidate's, where the interview is). Numbers it cannot read are
    compared digit by digit.
    """
    import phonenumbers  # here, not at the top: it is heavy and only phone contacts need it

    region = _region_of(a) or _region_of(b) or (country.upper() if len(country) == 2 else None)
    try:
        first, second = (phonenumbers.parse(n, region) for n in (a, b))
    except phonenumbers.NumberParseException:
        return _digits(a) == _digits(b) if _digits(a) else a.strip() == b.strip()
    match = phonenumbers.is_number_match(first, second)
    return bool(match == phonenumbers.MatchType.EXACT_MATCH)


def _region_of(number: str) -> str | None:
    """The region of a number written with its country code ("+44 …"), else None."""
    import phonenumbers

    if not number.strip().startswith("+"):
        return None
    try:
        code = phonenumbers.parse(number, None).country_code
    except phonenumbers.NumberParseException:
        return None
    region = phonenumbers.region_code_for_country_code(code) if code else None
    return None if region in (None, phonenumbers.UNKNOWN_REGION) else region

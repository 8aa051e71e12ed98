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

from afterview import i18n
from afterview.domain import rules
from afterview.domain.channels import call_welcome, follow_up_channel, step_channel
from afterview.domain.kinds import CHASING_KINDS, DEADLINE_KINDS, LINKEDIN_KINDS, applies
from afterview.domain.models import Case, Channel, PanelMember
from afterview.domain.planner import calendar_of, follow_up_schedule
from afterview.domain.rules import Finding
from afterview.domain.serial import computed
from afterview.domain.settings import Policy
from afterview.domain.timing import is_daytime, local_date
from afterview.domain.wording import hours_or_days, kind_label, plural, words
from afterview.i18n import _

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
            _(
                "One note to %(count)s people (%(names)s): send each of them a separate, "
                "personal note instead of copying them in."
            )
            % {"count": len(contact.to), "names": ", ".join(contact.to)}
        )


def _gift(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    if applies(contact.kind, "gift"):
        yield rules.guard("gift").finding(
            _("A gift can feel like a bribe; a sincere thank-you note is all that is expected.")
        )


def _no_contact(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    if case.interview.contact_preference == "no_contact" and applies(contact.kind, "no_contact"):
        yield rules.guard("no_contact").finding(
            _("%(company)s asked for no follow-up contact; respect it and wait to hear from them.")
            % {"company": case.application.company}
        )


def _within_timeframe(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    if not applies(contact.kind, "within_timeframe"):
        return
    schedule = follow_up_schedule(case, policy)
    to = contact.to[0] if contact.to else None
    day = local_date(contact.at, case.zone_of(to))
    if schedule.held:
        yield rules.guard("within_timeframe").finding(
            _(
                "They said %(said)s, a time with no date; ask them for the date before "
                "following up, so the follow-up does not land inside it."
            )
            % {"said": repr(schedule.decision.said)}
        )
        return
    if day >= schedule.first_day:
        return
    if schedule.decision.date is not None:
        yield rules.guard("within_timeframe").finding(
            _(
                "They said %(said)s (until %(until)s); a follow-up is welcome from %(first)s, "
                "not before."
            )
            % {
                "said": repr(schedule.decision.said),
                "until": i18n.when(schedule.decision.date, "day"),
                "first": i18n.when(schedule.first_day, "day_year"),
            }
        )
    else:
        yield rules.guard("within_timeframe").finding(
            _(
                "They gave no time frame; a follow-up before %(first)s (%(days)s business days "
                "after the interview) is early."
            )
            % {
                "first": i18n.when(schedule.first_day, "day_year"),
                "days": policy.follow_up_default_days,
            },
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
    said = {
        "company": case.application.company,
        "on": i18n.when(reply.at.astimezone(zone), "day"),
        "until": i18n.when(reply.not_until, "day") if reply.not_until else "",
    }
    yield rules.guard("replied").finding(
        (
            _(
                "%(company)s answered on %(on)s and asked you to wait until %(until)s; a "
                "follow-up now would chase an answer you already have."
            )
            if reply.not_until
            else _(
                "%(company)s answered on %(on)s; a follow-up now would chase an answer you "
                "already have."
            )
        )
        % said
    )


def _channel(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    channel = contact.effective_channel
    if contact.kind in LINKEDIN_KINDS or contact.kind == "gift":
        return
    if _own_contacts(case, contact):
        return  # your own contacts: any channel you normally use
    if channel == "text":
        yield rules.guard("channel").finding(
            _("Text messages are acceptable to very few hiring managers; use email.")
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
    if expected != follow_up_channel(case):  # a call only to a personal number: email
        text = _(
            "This goes by %(channel)s, but the only number on file is personal, so reach them "
            "by %(expected)s; use %(expected)s."
        )
    elif stated:
        text = _(
            "This goes by %(channel)s, but they asked to be contacted by %(expected)s; use "
            "%(expected)s."
        )
    else:
        text = _(
            "This goes by %(channel)s, but before the interview you used %(expected)s; use "
            "%(expected)s."
        )
    yield rules.guard("channel").finding(
        text % {"channel": words(channel), "expected": words(expected)},
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
                _(
                    "%(number)s is %(name)s's personal number and they did not invite a call "
                    "there; use their work line or email."
                )
                % {"number": phone.number, "name": member.name}
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
            _(
                "You already followed up %(count)s times; more would be pestering. Treat the "
                "silence as an answer and put the energy into other applications."
            )
            % {"count": follow_ups}
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
                _(
                    "Only %(gap)s since your last contact (%(kind)s on %(on)s); wait at least "
                    "%(days)s."
                )
                % {
                    "gap": plural(gap, "business day"),
                    "kind": kind_label(last.kind),
                    "on": i18n.when(last.at.astimezone(zone), "day"),
                    "days": policy.follow_up_spacing_days,
                }
            )


def _linkedin(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    if contact.kind not in LINKEDIN_KINDS and (
        contact.effective_channel != "linkedin" or case.application.channel_before == "linkedin"
    ):
        return  # not a connection request: a message where you were already in touch
    if _process_over(case):
        return
    yield rules.guard("linkedin_before_close").finding(
        _("The hiring process is still open; send the connection request once it is over.")
    )


def _referrer(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    if not applies(contact.kind, "referrer_status_inquiry"):
        return
    for name in contact.to:
        if case.role_of(name) == "referrer":
            yield rules.guard("referrer_status_inquiry").finding(
                _(
                    "%(name)s referred you but does not decide; thank them and keep them posted "
                    "instead of asking how it is going."
                )
                % {"name": name}
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
                _(
                    "You already replied to the rejection; one gracious reply with one feedback "
                    "question is enough, so do not chase the feedback."
                )
            )
        return
    yield rules.guard("after_rejection").finding(
        _(
            "%(company)s turned the application down on %(on)s; after one gracious reply, "
            "this %(kind)s would only strain the relationship."
        )
        % {
            "company": case.application.company,
            "on": i18n.when(outcome.at.astimezone(case.candidate.timezone), "day"),
            "kind": kind_label(contact.kind),
        }
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
                _(
                    "That is %(at)s for %(name)s (%(zone)s); aim for a weekday between "
                    "%(start)s and %(end)s their time."
                )
                % {
                    "at": i18n.when(local, "weekday_time"),
                    "name": name,
                    "zone": zone.key,
                    "start": f"{policy.send_window_start:02d}:00",
                    "end": f"{policy.send_window_end:02d}:00",
                }
            )


def _thank_you_late(case: Case, contact: Contact, policy: Policy) -> Iterator[Finding]:
    if not applies(contact.kind, "thank_you_late"):
        return
    late = case.interview.end + timedelta(hours=policy.thank_you_late_hours)
    if contact.at > late:
        hours = int((contact.at - case.interview.end).total_seconds() // 3600)
        yield rules.guard("thank_you_late").finding(
            _(
                "This thank-you goes %(late)s after the interview; still send it, and keep it "
                "short and specific."
            )
            % {"late": hours_or_days(hours)}
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

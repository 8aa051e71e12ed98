"""Channels: how each planned step reaches its person, the one answer for all.

The plan, the guards and the drafting all ask this module which channel a step goes by,
who an emailed note really goes to, and why, so they never contradict each other:

* a follow-up goes by the channel they asked for, else the one used before the interview,
  but never as a call to a personal number they did not offer (then by email);
* a thank-you to someone with no email address on file is a handwritten card;
* an emailed note for a panel member with no email address goes to the recruiter (else
  the first panel member) who has one, to pass it on, and says so.
"""

from __future__ import annotations

from afterview.domain import promises
from afterview.domain.kinds import KINDS, ROUTED_KINDS
from afterview.domain.models import Case, Channel, PanelMember, Promise, first_name

# The channel of each kind that goes by the same one whoever it is for: what
# :func:`step_channel` answers, or ``None`` for a step for you alone. The planner reads it for
# each step it makes instead of asking the catalogue and this module each time (a bulk replan
# makes hundreds of thousands); a kind missing here ("preferred", "email_or_card") depends on
# the person, so ask :func:`step_channel`.
_FIXED_RULES: dict[str, Channel | None] = {"none": None, "email": "email", "linkedin": "linkedin"}
FIXED_CHANNELS: dict[str, Channel | None] = {
    k.id: _FIXED_RULES[k.channel] for k in KINDS.values() if k.channel in _FIXED_RULES
}
_RULES = {k.id: k.channel for k in KINDS.values()}  # each kind's rule, read once


def follow_up_channel(case: Case) -> Channel:
    """Their stated preference, else the channel used before the interview."""
    pref = case.interview.contact_preference
    if pref in ("email", "phone", "portal"):
        return pref
    return case.application.channel_before


def step_channel(case: Case, kind: str, to: str | None) -> Channel:
    """The channel a step of ``kind`` to ``to`` goes by: the one answer the plan, the
    guards and the drafting all use.

    Each kind's channel rule is in the kind catalogue (``kinds.py``): a follow-up uses
    their stated preference, else the channel used before the interview (but never a call
    to a personal number they did not offer: then email); a thank-you goes by email, or as
    a handwritten card to someone with no address on file; a LinkedIn kind goes by
    LinkedIn; every other note (and any unknown kind) by email.
    """
    rule = _RULES.get(kind, "email")
    if rule == "preferred":
        channel = follow_up_channel(case)
        return "email" if channel == "phone" and _home_phone_only(case, to) else channel
    if rule == "linkedin":
        return "linkedin"
    if rule == "email_or_card" and to is not None and _without_email(case, to):
        return "letter"
    return "email"


def channel_reason(case: Case, kind: str, to: str | None) -> str | None:
    """Why a step goes by a channel other than email (``None`` when it is email)."""
    channel = step_channel(case, kind, to)
    routed = [routing_reason(case, person) for person in _routed_to(case, kind, to)]
    if routed:
        return " ".join(r for r in routed if r)
    if channel == "letter":
        return (
            f"{to} has no email address on file, so the thank-you is a handwritten card; "
            "add their address to send it by email, or ask the recruiter to pass it on."
        )
    if kind == "follow_up" and channel != follow_up_channel(case):
        return (
            f"The only number on file for {to} is a personal one they did not offer, so the "
            "follow-up goes by email instead of a call."
        )
    if kind != "follow_up" or channel == "email":
        return None
    pref = case.interview.contact_preference
    origin = "they asked to be contacted" if pref == channel else "before the interview you were"
    how = {"phone": "a call (rehearse it, and the voicemail)", "portal": "the portal"}.get(
        channel, f"a {channel} message"
    )
    return f"The follow-up is {how}: {origin} in touch by {channel}."


def reachable(case: Case, name: str | None) -> str | None:
    """Who an emailed note for ``name`` goes to: them, or, when they are on the panel with
    no email address on file, the recruiter (else the first panel member) who has one, to
    pass it on."""
    member = _member(case, name) if name is not None else None
    if member is None or member.email:
        return name
    with_email = [m for m in case.interview.panel if m.email]
    via = next((m for m in with_email if m.role == "recruiter"), None) or next(
        iter(with_email), None
    )
    return via.name if via is not None else name


def reachable_lead(case: Case) -> PanelMember | None:
    """Who follow-ups, undated promises and replies go to: the lead contact, or the one
    :func:`reachable` passes them through. The LinkedIn connection still goes to the lead."""
    lead = case.lead_contact()
    via = reachable(case, lead.name) if lead is not None else None
    return lead if via is None or lead is None or via == lead.name else case.member(via)


def promise_to(case: Case, promise: Promise) -> str | None:
    """Who delivers a promise: the person it was made to (else the lead), or the one
    :func:`reachable` passes it through."""
    lead = case.lead_contact()
    return reachable(case, promises.recipient_of(case, promise) or _name(lead))


def routing_reason(case: Case, person: str | None) -> str | None:
    """Why a note for ``person`` goes to someone else (``None`` when it does not)."""
    via = reachable(case, person)
    if person is None or via is None or via == person:
        return None
    role = case.member(via).role.replace("_", " ")
    return (
        f"{person} has no email address on file, so this goes to {via} ({role}) to pass "
        f"on; add {first_name(person)}'s address to write directly."
    )


def _routed_to(case: Case, kind: str, to: str | None) -> list[str]:
    """Whom the notes of ``kind`` that go to ``to`` are really for, when not ``to``."""
    if kind not in ROUTED_KINDS or to is None:
        return []
    if kind == "promise":
        lead = _name(case.lead_contact())
        people = [promises.recipient_of(case, p) or lead for p in promises.pending(case)]
    else:
        people = [_name(case.lead_contact())]
    found: list[str] = []
    for person in people:
        if person and person != to and reachable(case, person) == to and person not in found:
            found.append(person)
    return found


def call_welcome(case: Case, kind: str, name: str) -> bool:
    """Whether a call to ``name`` is welcome for this step: they invited one, the employer
    asked for calls, or the step itself goes by phone."""
    member = _member(case, name)
    if member is not None and member.phone is not None and member.phone.invited:
        return True
    pref = case.interview.contact_preference
    return pref == "phone" or step_channel(case, kind, name) == "phone"


def _member(case: Case, name: str) -> PanelMember | None:
    wanted = name.casefold()
    return next((m for m in case.interview.panel if m.name.casefold() == wanted), None)


def _home_phone_only(case: Case, name: str | None) -> bool:
    """Whether the person's only number is a personal one they did not invite calls on."""
    member = _member(case, name) if name is not None else None
    phone = member.phone if member is not None else None
    return phone is not None and phone.kind == "personal" and not phone.invited


def _without_email(case: Case, name: str) -> bool:
    member = _member(case, name)
    return member is not None and not member.email


def _name(member: PanelMember | None) -> str | None:
    return member.name if member is not None else None


__all__ = [
    "FIXED_CHANNELS",
    "call_welcome",
    "channel_reason",
    "follow_up_channel",
    "promise_to",
    "reachable",
    "reachable_lead",
    "routing_reason",
    "step_channel",
]

"""Channels: one answer to how each step reaches its person."""

from msgspec.structs import replace

from afterview.domain.channels import FIXED_CHANNELS, channel_reason, reachable, step_channel
from afterview.domain.kinds import KINDS, PLAN_KINDS
from tests import factories as F


def test_a_follow_up_uses_the_channel_used_before_the_interview_when_none_was_stated() -> None:
    c = F.case(
        application=F.application(channel_before="phone"),
        interview=F.interview(contact_preference="unstated"),
    )
    assert step_channel(c, "follow_up", "Priya Raman") == "phone"
    reason = channel_reason(c, "follow_up", "Priya Raman")
    assert reason == (
        "The follow-up is a call (rehearse it, and the voicemail): before the interview you "
        "were in touch by phone."
    )


def test_someone_without_email_gets_a_card_and_emailed_notes_go_through_the_recruiter() -> None:
    panel = tuple(replace(m, email=None) if m.name == "Tom Becker" else m for m in F.panel())
    c = F.case(interview=F.interview(panel=panel))
    assert step_channel(c, "thank_you", "Tom Becker") == "letter"
    assert step_channel(c, "thank_you", "Priya Raman") == "email"
    assert reachable(c, "Tom Becker") == "Ana López"
    assert reachable(c, "Priya Raman") == "Priya Raman"


def test_nobody_on_the_panel_with_email_leaves_the_note_with_its_person() -> None:
    panel = tuple(replace(m, email=None) for m in F.panel())
    c = F.case(interview=F.interview(panel=panel))
    assert reachable(c, "Tom Becker") == "Tom Becker"


def test_the_fixed_channels_are_what_step_channel_answers_for_anyone() -> None:
    """The planner reads a kind's channel from the table; it must never differ from the
    one answer, whoever the step is for (here: someone without email, on the phone too)."""
    panel = tuple(replace(m, email=None) if m.name == "Tom Becker" else m for m in F.panel())
    cases = (
        F.case(),
        F.case(
            application=F.application(channel_before="phone"),
            interview=F.interview(panel=panel, contact_preference="unstated"),
        ),
    )
    for kind, channel in FIXED_CHANNELS.items():
        for c in cases:
            for to in (None, *(m.name for m in c.interview.panel)):
                expected = None if KINDS[kind].own else step_channel(c, kind, to)
                assert channel == expected, (kind, to)
    # the kinds whose channel depends on the person are left to step_channel
    assert {"thank_you", "follow_up"} <= set(PLAN_KINDS) - set(FIXED_CHANNELS)

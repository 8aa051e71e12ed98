"""The kind catalogue: every kind of step, contact and note, defined once.

A plan kind used to be spread over eight tables (titles, channels, drafts, guard hooks,
calendar wording, the drafts page's tabs…), so adding one meant finding them all. Each
:class:`Kind` below now carries every facet the rest of the code asks about, and the
wording, the channels, the planner, the guards, the lint, the drafting, the calendar, the
agenda and the web pages read it from here. ``tests/unit/test_kind_catalogue.py`` fails
when a kind lacks a facet, or when the plan kinds here, in :data:`PlanKind` and in the
README differ.

Plan kind IDs are a public contract (``plan --json``, the interview file's ``history``,
the stored steps): rename none. Besides the plan kinds the catalogue holds the contacts the
guards judge that are never planned (``linkedin_request``, ``gift``), the note drafted but
never planned (``withdrawal``) and the words the history records for a contact that chases
the employer (``call``, ``status_inquiry``, ``other``), so each has one title.

This module imports nothing heavy: the agenda, which must start fast, reads it. Titles are
in English as written, marked with ``N_`` for ``make messages``; ``wording.kind_title`` and
``kind_label`` give them in the active locale.
"""

from __future__ import annotations

from typing import Final, Literal, NamedTuple, get_args

from afterview.i18n import N_

# The planned steps, in the order the README lists them. A new plan kind is added here and
# to KINDS below (the test checks both agree).
PlanKind = Literal[
    "celebrate",
    "reflection_write",
    "thank_you",
    "promise",
    "notify_references",
    "notify_referrer",
    "reflection_revisit",
    "keep_searching",
    "follow_up",
    "close_out",
    "rejection_reply",
    "keep_in_touch",
    "offer_ack",
]

# plan: a step the planner makes; contact: a contact the guards judge, never planned;
# note: a note that is drafted, never planned; history: a word the history records.
Family = Literal["plan", "contact", "note", "history"]

# How a step of the kind reaches its person (read by channels.step_channel):
# none: a step for you alone, nobody on the other end (no channel, no note);
# email: by email; linkedin: on LinkedIn;
# email_or_card: by email, or as a handwritten card to someone with no address on file;
# preferred: the channel they asked for, else the one used before the interview (never a
#   call to a personal number they did not offer).
ChannelRule = Literal["none", "email", "linkedin", "email_or_card", "preferred"]

# Who a note of the kind may go to.
Audience = Literal["panel", "reference", "referrer"]

Variant = Literal["email", "card", "script"]


class CalendarText(NamedTuple):
    """How a step reads as a calendar event.

    ``summary`` may hold ``{to}`` (the person; "them" when nobody is named), or end in
    ``" ({to})"``, which is left out when nobody is named.
    """

    summary: str
    todo: str  # "What to do: …" in the event's description


class Kind(NamedTuple):
    """One kind with every facet the code asks about.

    (Catalogue entries are named tuples, not dataclasses: each command that starts defines
    these classes, and a named tuple is defined several times faster; see
    docs/PERFORMANCE.md, start-up.)"""

    id: str
    family: Family
    # What people read: "Thank-you note", marked for the catalogue with N_ and translated
    # where it is shown (wording.kind_title); the label is derived from it.
    title: str
    channel: ChannelRule = "email"
    # The note's variants, in the order offered; empty: nothing to draft. The template is
    # drafts/<id>.<variant>.txt.j2, or drafts/<id>.linkedin.txt.j2 for a LinkedIn note.
    drafts: tuple[Variant, ...] = ()
    drafts_tab: str | None = None  # the drafts page's tab
    audience: Audience | None = None  # who a note may go to (with ``drafts``)
    # Guard and lint rules (rules.py) that apply to this kind alone; the others apply to
    # every contact or note. Each is checked where the rule lives (guards.py, lint.py).
    guards: tuple[str, ...] = ()
    lint: tuple[str, ...] = ()
    # Due within hours of an event: when no weekday slot is left before the deadline, a
    # weekend daytime hour is planned (the deadline wins over the window, see
    # docs/ARCHITECTURE.md), and the odd-hour guard accepts it.
    deadline: bool = False
    routed: bool = False  # a note for the lead contact that needs an email address
    chasing: bool = False  # asks the employer for something (counts as pestering)
    calendar: CalendarText | None = None  # every plan kind has one

    @property
    def label(self) -> str:
        """The title inside a sentence: "thank-you note", "LinkedIn request"."""
        title = self.title
        return title if title.startswith("LinkedIn") else title[0].lower() + title[1:]

    @property
    def own(self) -> bool:
        """A step for you alone: nobody on the other end, so no channel is named."""
        return self.channel == "none"

    def template(self, variant: str) -> str:
        """The draft template's name for ``variant``."""
        form = "linkedin" if self.channel == "linkedin" else variant
        return f"drafts/{self.id}.{form}.txt.j2"


# The notes come first, in the order the drafts page and `afterview draft` offer them.
_CATALOGUE: Final[tuple[Kind, ...]] = (
    Kind(
        "thank_you",
        "plan",
        N_("Thank-you note"),
        channel="email_or_card",
        drafts=("email", "card", "script"),
        drafts_tab=N_("Thank-you notes"),
        audience="panel",
        guards=("thank_you_late",),
        lint=("not_specific", "promise_unmentioned", "no_interest"),
        deadline=True,
        calendar=CalendarText(
            "Thank-you note to {to}",
            "Send a personal thank-you note; afterview drafts one on the application's page.",
        ),
    ),
    Kind(
        "follow_up",
        "plan",
        N_("Follow-up"),
        channel="preferred",
        drafts=("email", "script"),
        drafts_tab=N_("Follow-up"),
        audience="panel",
        guards=("no_contact", "within_timeframe", "pestering", "referrer_status_inquiry"),
        lint=("not_specific", "promise_unmentioned", "no_interest"),
        routed=True,
        chasing=True,
        calendar=CalendarText(
            "Follow-up to {to}",
            "Send a short, polite follow-up; afterview checks it before it leaves.",
        ),
    ),
    Kind(
        "promise",
        "plan",
        N_("Promised item"),
        drafts=("email",),
        drafts_tab=N_("Promise delivery"),
        audience="panel",
        lint=("no_interest",),
        deadline=True,
        routed=True,
        calendar=CalendarText("Keep your promise to {to}", "Send what you promised, as promised."),
    ),
    Kind(
        "notify_references",
        "plan",
        N_("Heads-up to references"),
        drafts=("email",),
        drafts_tab=N_("Reference heads-up"),
        audience="reference",
        deadline=True,
        calendar=CalendarText(
            "Heads-up to your reference {to}", "Tell them who may call and what to stress."
        ),
    ),
    Kind(
        "notify_referrer",
        "plan",
        N_("Thanks to the referrer"),
        drafts=("email",),
        drafts_tab=N_("Thanks to your referrer"),
        audience="referrer",
        deadline=True,
        calendar=CalendarText(
            "Thank {to} for the referral",
            "Say the interview took place; do not ask them for news.",
        ),
    ),
    Kind(
        "rejection_reply",
        "plan",
        N_("Reply to the rejection"),
        drafts=("email",),
        drafts_tab=N_("Reply to a rejection"),
        audience="panel",
        deadline=True,
        routed=True,
        calendar=CalendarText(
            "Reply to the rejection ({to})",
            "Thank them, keep the door open, and ask one question about feedback.",
        ),
    ),
    Kind(
        "offer_ack",
        "plan",
        N_("Offer acknowledgement"),
        drafts=("email",),
        drafts_tab=N_("Offer acknowledgement"),
        audience="panel",
        deadline=True,
        routed=True,
        calendar=CalendarText(
            "Acknowledge the offer ({to})", "Thank them and say when you will answer."
        ),
    ),
    Kind(
        "keep_in_touch",
        "plan",
        N_("Keep in touch"),
        channel="linkedin",
        drafts=("email",),
        drafts_tab=N_("Keep in touch (LinkedIn)"),
        audience="panel",
        calendar=CalendarText("Keep in touch with {to}", "Send a short note to stay connected."),
    ),
    Kind(
        "withdrawal",
        "note",
        N_("Withdrawal"),
        drafts=("email",),
        drafts_tab=N_("Withdrawal"),
        audience="panel",
        routed=True,
    ),
    Kind(
        "celebrate",
        "plan",
        N_("Celebrate"),
        channel="none",
        calendar=CalendarText("Mark the moment", "Take a break before analysing the interview."),
    ),
    Kind(
        "reflection_write",
        "plan",
        N_("Write the debrief"),
        channel="none",
        calendar=CalendarText(
            "Write your interview debrief",
            "Note the questions, your answers and what stood out, while it is fresh.",
        ),
    ),
    Kind(
        "reflection_revisit",
        "plan",
        N_("Reread the debrief"),
        channel="none",
        calendar=CalendarText(
            "Reread your debrief",
            "Look at it again with some distance: what to keep, what to improve.",
        ),
    ),
    Kind(
        "keep_searching",
        "plan",
        N_("Keep searching"),
        channel="none",
        calendar=CalendarText(
            "Line up more applications", "Keep other processes going while you wait."
        ),
    ),
    Kind(
        "close_out",
        "plan",
        N_("Close out"),
        channel="none",
        calendar=CalendarText(
            "Close out the process",
            "Treat the process as closed and move your energy elsewhere.",
        ),
    ),
    Kind("linkedin_request", "contact", N_("LinkedIn request"), channel="linkedin"),
    Kind("gift", "contact", N_("Gift"), guards=("gift",)),
    Kind("call", "history", N_("Call"), chasing=True),
    Kind("status_inquiry", "history", N_("Status inquiry"), chasing=True),
    Kind("other", "history", N_("Other"), chasing=True),
)

KINDS: Final[dict[str, Kind]] = {k.id: k for k in _CATALOGUE}

PLAN_KINDS: Final[tuple[str, ...]] = get_args(PlanKind)
# Kinds of contact the guards can judge: every plan kind plus the contacts never planned.
CONTACT_KINDS: Final[tuple[str, ...]] = (
    *PLAN_KINDS,
    *(k.id for k in _CATALOGUE if k.family == "contact"),
)
# Kinds of written note (drafted and linted), in the order they are offered.
NOTE_KINDS: Final[tuple[str, ...]] = tuple(k.id for k in _CATALOGUE if k.drafts)

DEADLINE_KINDS: Final[frozenset[str]] = frozenset(k.id for k in _CATALOGUE if k.deadline)
ROUTED_KINDS: Final[frozenset[str]] = frozenset(k.id for k in _CATALOGUE if k.routed)
CHASING_KINDS: Final[frozenset[str]] = frozenset(k.id for k in _CATALOGUE if k.chasing)
LINKEDIN_KINDS: Final[frozenset[str]] = frozenset(
    k.id for k in _CATALOGUE if k.channel == "linkedin"
)


def get(kind: str) -> Kind | None:
    """The kind's entry, or ``None`` for a word the catalogue does not know."""
    return KINDS.get(kind)


def applies(kind: str, rule_id: str) -> bool:
    """Whether a kind-specific guard or lint rule applies to ``kind``."""
    entry = KINDS.get(kind)
    return entry is not None and (rule_id in entry.guards or rule_id in entry.lint)


def has_variant(kind: str, variant: str) -> bool:
    """Whether a note of ``kind`` can be drafted as ``variant``."""
    entry = KINDS.get(kind)
    return entry is not None and variant in entry.drafts


def own_step(kind: str) -> bool:
    """Whether ``kind`` is a step for you alone (nobody to name a channel for)."""
    entry = KINDS.get(kind)
    return entry is not None and entry.own


__all__ = [
    "CHASING_KINDS",
    "CONTACT_KINDS",
    "DEADLINE_KINDS",
    "KINDS",
    "LINKEDIN_KINDS",
    "NOTE_KINDS",
    "PLAN_KINDS",
    "ROUTED_KINDS",
    "CalendarText",
    "Kind",
    "PlanKind",
    "applies",
    "get",
    "has_variant",
    "own_step",
]

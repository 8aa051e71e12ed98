"""Consent in a career centre: what a seeker lets a counsellor see, in words, and what a
counsellor's caseload says needs attention.

A seeker reads the notice (:func:`notice`) before inviting a counsellor, and the grant
keeps the notice's :data:`NOTICE_VERSION`: if what a counsellor may see ever changes, the
version changes with it, and every grant says which promise it was given under. The
notice names exactly what the database lets a counsellor read (``storage/centre.py``,
``COUNSELLOR_READS``) and what it never lets them do.

The caseload's signals are codes with a weight each: the order of the caseload ("sorted by
need") is the weighted sum, heaviest first, so a seeker with an offer still not on paper
comes before one who has merely been quiet for two weeks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final, Literal

from afterview.i18n import _, ngettext

NOTICE_VERSION: Final = "2026-12-1"  # change it whenever the notice's promise changes

QUIET_DAYS: Final = 14  # "no activity for two weeks"

Signal = Literal[
    "offer_not_on_paper",
    "thank_you_overdue",
    "decision_passed",
    "no_debrief",
    "quiet",
]

# Heaviest first: what costs the seeker most if it waits. An offer not on paper can be
# withdrawn; a thank-you is worth most within a day; a follow-up after the decision date
# has a short window; a debrief fades in days; a quiet fortnight is a prompt to call.
WEIGHTS: Final[Mapping[str, int]] = {  # keyed by Signal
    "offer_not_on_paper": 16,
    "thank_you_overdue": 8,
    "decision_passed": 4,
    "no_debrief": 2,
    "quiet": 1,
}

# Access log actions: codes stored, worded where read.
AccessAction = Literal["read", "granted", "revoked"]


def notice() -> tuple[str, ...]:
    """The notice a seeker reads before granting, paragraph by paragraph (translated)."""
    return (
        _(
            "The counsellor you invite will see your applications (company, role, status, "
            "outcome and whether an offer is on paper), your interviews with their dates, "
            "panel and the notes you wrote about them, your plan of next steps, and the "
            "history of what you did and when."
        ),
        _(
            "They will not see your messages or drafts, the replies in your mailbox, the "
            "revisit you write days after an interview or what you write after a "
            "rejection, your contact details, your settings or your sign-in details. They "
            "can never send a message as you or change your plan."
        ),
        _(
            "Why: so that they can see what needs attention (a thank-you that is overdue, "
            "a decision date that passed without a follow-up, an interview without a "
            "debrief, an offer not yet in writing) and help you with it. They may write "
            "notes about your search, some of them shared with you."
        ),
        _(
            "Every time they look at your search it is written in your access log, which "
            "you can read. You can withdraw their access at any moment; it ends with the "
            "very next page they open."
        ),
    )


def action_words(action: str) -> str:
    """An access log action in words (an unknown code reads as itself)."""
    words: dict[str, Callable[[], str]] = {
        "read": lambda: _("looked at your search"),
        "granted": lambda: _("access granted"),
        "revoked": lambda: _("access withdrawn"),
    }
    found = words.get(action)
    return found() if found else action


def signal_words(signal: str, count: int) -> str:
    """One caseload signal with its count, in words."""
    words: dict[str, Callable[[int], str]] = {
        "offer_not_on_paper": lambda n: ngettext(
            "%(n)d offer not yet on paper", "%(n)d offers not yet on paper", n
        ),
        "thank_you_overdue": lambda n: ngettext(
            "%(n)d thank-you overdue", "%(n)d thank-yous overdue", n
        ),
        "decision_passed": lambda n: ngettext(
            "%(n)d decision date passed without a follow-up",
            "%(n)d decision dates passed without a follow-up",
            n,
        ),
        "no_debrief": lambda n: ngettext(
            "%(n)d interview without a debrief", "%(n)d interviews without a debrief", n
        ),
        "quiet": lambda n: _("no activity for two weeks"),
    }
    found = words.get(signal)
    return found(count) % {"n": count} if found else signal


@dataclass(frozen=True, slots=True)
class Seeker:
    """One seeker of a counsellor's caseload and what needs attention there."""

    account: int
    email: str
    signals: Mapping[str, int]  # signal code -> how many (only those present)

    @property
    def need(self) -> int:
        """The weighted sum the caseload is sorted by (heaviest first)."""
        return sum(WEIGHTS.get(s, 0) * (1 if s == "quiet" else n) for s, n in self.signals.items())


def by_need(seekers: list[Seeker]) -> list[Seeker]:
    """The caseload's order: most need first, then by address, so the order is stable."""
    return sorted(seekers, key=lambda s: (-s.need, s.email))

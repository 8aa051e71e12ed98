"""The three questions to ask before leaving the interview room: the one source of their text.

Every later step depends on the answers: when they will decide sets the first follow-up,
the next step says what to prepare, and how they like to be contacted sets the channel
(or rules out follow-ups altogether). The add-interview form, the ``afterview new``
questions and the printable before-the-interview card all read them from here.

Paraphrased from "How to Ace a Job Interview: After the Interview" (ask when you will hear
back, what the next step is and how they prefer to contact you), "I did the
interview…Now what?" (ask when they will choose; contact them the way they asked) and
"What to do after an interview" (the 6 Rs, 2020: wait as long as they said, use the
channel they named).
"""

from __future__ import annotations

from dataclasses import dataclass

from afterview.domain import sources
from afterview.i18n import N_, gettext


@dataclass(frozen=True, slots=True)
class Ask:
    number: int
    field: str  # the interview file's field the answer goes into
    question: str
    why: str

    @property
    def line(self) -> str:
        """The question and its reason on one line, as the ``new`` questions say it."""
        return gettext("%(number)s. %(question)s Why it matters: %(why)s") % {
            "number": self.number,
            "question": gettext(self.question),
            "why": gettext(self.why),
        }


QUESTIONS: tuple[Ask, ...] = (
    Ask(
        1,
        "decision",
        N_("When will they decide?"),
        N_(
            "A follow-up is only welcome after that, never before; knowing it also saves you "
            "from worrying early."
        ),
    ),
    Ask(
        2,
        "next_step",
        N_("What is the next step?"),
        N_("It tells you what to prepare for, and asking shows you want to go on."),
    ),
    Ask(
        3,
        "contact_preference",
        N_("How do they prefer to be contacted?"),
        N_(
            "Every follow-up uses that channel; if they ask for none, none is planned (thank-you "
            "notes still go)."
        ),
    ),
)
SOURCES: tuple[str, ...] = (sources.ACE, sources.NOW_WHAT, sources.SIX_RS)

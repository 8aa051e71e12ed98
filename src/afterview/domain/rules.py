"""The catalogue of rules: every guard, lint check and plan rule with its reason and sources.

Rule IDs are a public contract (they appear in JSON output and in ``docs/rules.md``, which
is generated from this module). The logic lives next door — guards in ``guards.py``, lint
checks in ``lint.py``, plan steps in ``planner.py`` — and every finding or action they
produce is made through :meth:`Rule.finding` or carries :attr:`Rule.id`, so a reason and a
source always travel with it.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from afterview.domain import sources as S
from afterview.i18n import N_, gettext

Severity = Literal["error", "warning"]
Family = Literal["guard", "lint", "plan"]


class Finding(NamedTuple):
    """One thing a guard or the lint has to say about a contact or a note.

    (A named tuple, as the rules are: see :class:`afterview.domain.kinds.Kind`.)"""

    code: str
    severity: Severity
    message: str
    sources: tuple[str, ...]


class Rule(NamedTuple):
    """A rule; its summary and rationale are marked for the catalogue (``N_``) and read in
    the active locale (``summary``, ``rationale``), English as written in ``*_text``."""

    id: str
    family: Family
    severity: Severity
    summary_text: str
    rationale_text: str
    sources: tuple[str, ...]

    @property
    def summary(self) -> str:
        return gettext(self.summary_text)

    @property
    def rationale(self) -> str:
        return gettext(self.rationale_text)

    def finding(self, message: str, severity: Severity | None = None) -> Finding:
        return Finding(self.id, severity or self.severity, message, self.sources)


def _rule(
    id: str, family: Family, severity: Severity, summary: str, rationale: str, *sources: str
) -> Rule:
    return Rule(id, family, severity, summary, rationale, sources)


# fmt: off
_CATALOGUE: tuple[Rule, ...] = (
    # -- guards: checked before a contact happens -----------------------------------------
    _rule("no_contact", "guard", "error",
          N_("They asked for no follow-up contact."),
          N_("When the employer asks you not to follow up, any chasing works against you; "
             "thank-you notes are still fine."),
          S.NOW_WHAT, S.SIX_RS),
    _rule("within_timeframe", "guard", "error",
          N_("A follow-up inside the time frame they gave."),
          N_("Contacting the employer before the decision time frame has passed reads as "
             "impatience; wait until it is over."),
          S.ACE, S.SIX_RS, S.INDEED_2023),
    _rule("replied", "guard", "error",
          N_("A follow-up after the employer answered (or before the date they asked to wait "
             "for)."),
          N_("A follow-up asks where things stand; once they have answered, it chases an answer "
             "you already have, and a date they asked you to wait for is a time frame like any "
             "other."),
          S.ACE, S.SIX_RS),
    _rule("channel", "guard", "error",
          N_("Not the channel they asked for (or, if they stated none, the one used before)."),
          N_("Use the channel the employer asked for; if they named none, keep to the one you "
             "used before the interview."),
          S.NOW_WHAT, S.SIX_RS, S.ACE),
    _rule("home_phone", "guard", "error",
          N_("A personal phone number without an invitation."),
          N_("Keep personal and professional life apart: never call a personal number unless "
             "you were told to."),
          S.NOW_WHAT, S.WHAT_TO_DO),
    _rule("pestering", "guard", "error",
          N_("More than two follow-ups, or less than five business days since the last contact."),
          N_("Following up shows interest; chasing repeatedly turns it into a nuisance. At most "
             "two follow-ups about five business days apart."),
          S.NOW_WHAT, S.WHAT_TO_DO, S.ACE, S.CAREER_NETWORK),
    _rule("linkedin_before_close", "guard", "error",
          N_("A LinkedIn connection while the process is still open."),
          N_("Wait with connection requests until the hiring process is over."),
          S.SIX_RS),
    _rule("referrer_status_inquiry", "guard", "error",
          N_("Asking your inside contact how your application is going."),
          N_("Your referrer rarely decides and should not be pestered for news; thank them and "
             "keep them informed instead."),
          S.WHAT_TO_DO),
    _rule("gift", "guard", "error",
          N_("Sending a gift."),
          N_("Flowers or gifts make the interviewer feel bribed rather than appreciated."),
          S.NOW_WHAT),
    _rule("after_rejection", "guard", "error",
          N_("Contact after a rejection beyond one gracious reply with one feedback question."),
          N_("Accept a rejection graciously and keep the bridge intact; most candidates never "
             "receive feedback, so do not chase it."),
          S.NOW_WHAT, S.ACE, S.SIX_RS, S.TALENT_BOARD_2022),
    _rule("odd_hour", "guard", "warning",
          N_("Outside the recipient's daytime hours, or on a weekend for a contact with no "
             "deadline of its own."),
          N_("Weekday mornings in the recipient's time zone are when notes are read; a late "
             "night message looks careless. A note due within hours (a thank-you, a promised "
             "item, a reply) may go on a weekend day: its deadline wins over the window."),
          S.BOOMERANG_2016),
    _rule("thank_you_late", "guard", "warning",
          N_("A thank-you note more than 48 hours after the interview."),
          N_("Thank-you notes belong within 24 hours, two days at the most."),
          S.NOW_WHAT, S.WHAT_TO_DO, S.SIX_RS),
    _rule("panel_cc", "guard", "error",
          N_("One note addressed to several interviewers at once."),
          N_("Each panel member gets a separate, personal note; no CC or BCC."),
          S.NOW_WHAT, S.ROBERT_HALF_2017),
    # -- lint: checked on a note's text ----------------------------------------------------
    _rule("generic_greeting", "lint", "error",
          N_("The note is not addressed to the person by name."),
          N_("Addressing the note to the right person is what makes it personal."),
          S.WHAT_TO_DO, S.NOW_WHAT),
    _rule("not_specific", "lint", "warning",
          N_("The note mentions nothing discussed with that person."),
          N_("Mention something you talked about with that interviewer, so the note recalls "
             "your conversation."),
          S.WHAT_TO_DO, S.SIX_RS),
    _rule("near_duplicate", "lint", "error",
          N_("Two notes to the same panel are 80% or more alike."),
          N_("Panel members compare notes; a copied note is not personal."),
          S.NOW_WHAT, S.SIX_RS),
    _rule("wrong_company", "lint", "error",
          N_("The note names another company from your pipeline, or not this one."),
          N_("A note naming the wrong employer undoes the good a thank-you does."),
          S.WHAT_TO_DO, S.TOPRESUME_2017),
    _rule("placeholder", "lint", "error",
          N_("An unfilled placeholder such as [Name], {{…}}, <company>, XXX or TODO."),
          N_("A template left unfilled shows the note was not written for them."),
          S.WHAT_TO_DO),
    _rule("length", "lint", "warning",
          N_("An email outside 75–200 words."),
          N_("Short emails of roughly 75–125 words get the most replies; a thank-you needs "
             "little more."),
          S.BOOMERANG_2016),
    _rule("pushy", "lint", "warning",
          N_("Pushy wording: 'just checking in', 'any update', 'ASAP', '!!!', shouting."),
          N_("There is a fine line between proactive and pushy; show interest without "
             "pressure."),
          S.WHAT_TO_DO, S.ACE, S.NOW_WHAT),
    _rule("gift", "lint", "error",
          N_("The note offers or mentions a gift."),
          N_("Flowers or gifts make the interviewer feel bribed rather than appreciated."),
          S.NOW_WHAT),
    _rule("no_interest", "lint", "warning",
          N_("The note does not restate interest in the role or your fit."),
          N_("A follow-up note should restate your interest and how the conversation confirmed "
             "your fit."),
          S.ACE, S.SIX_TIPS, S.SIX_RS),
    _rule("promise_unmentioned", "lint", "warning",
          N_("A pending promise is neither delivered nor mentioned."),
          N_("Keep the promises you made at the interview on time, and remind them of what "
             "you are sending."),
          S.ACE, S.SIX_RS),
    _rule("no_thanks", "lint", "warning",
          N_("The note never says thank you."),
          N_("Thanking each interviewer for their time is the point of the note."),
          S.NOW_WHAT, S.WHAT_TO_DO, S.ROBERT_HALF_2017),
    _rule("no_signature", "lint", "warning",
          N_("The note does not end with your name."),
          N_("A note should say who it is from; unsigned mail looks automated."),
          S.WHAT_TO_DO),
    _rule("no_subject", "lint", "warning",
          N_("An email without a subject line."),
          N_("A missing subject line sharply lowers the chance of a reply."),
          S.BOOMERANG_2016),
    _rule("misspelled_name", "lint", "error",
          N_("A near-miss of a panel member's or the company's name."),
          N_("Misspelling the interviewer's or the company's name tells them the note was "
             "careless."),
          S.WHAT_TO_DO, S.TOPRESUME_2017),
    _rule("argues_rejection", "lint", "error",
          N_("The note asks them to reconsider, says they erred, or asks for another try."),
          N_("Take the no graciously and keep the door open: how you answer a rejection shapes "
             "what recruiters think of you and whether they call you for the next opening, "
             "while disputing it ends the relationship."),
          S.NOW_WHAT, S.ACE, S.SIX_RS),
    # -- plan rules: why each step of the plan is there --------------------------------------
    _rule("celebrate", "plan", "warning",
          N_("Take a breath and mark the moment."),
          N_("Getting through an interview is an achievement; calm down and celebrate before "
             "you analyse it."),
          S.SIX_TIPS),
    _rule("reflection_same_evening", "plan", "warning",
          N_("Write the debrief the same evening."),
          N_("Write down the questions, your answers, what stood out and how you felt while "
             "the memory is fresh."),
          S.SIX_TIPS, S.ACE, S.SIX_RS),
    _rule("thank_you_within_24h", "plan", "warning",
          N_("A personal thank-you to each panel member within 24 hours."),
          N_("A prompt note to every interviewer counts with most hiring managers, yet few "
             "candidates send one."),
          S.NOW_WHAT, S.WHAT_TO_DO, S.SIX_RS, S.TOPRESUME_2017, S.ROBERT_HALF_2017),
    _rule("promise_on_time", "plan", "warning",
          N_("Deliver what you promised, when you promised it."),
          N_("Keeping promises such as references or records on time earns points with the "
             "employer."),
          S.ACE, S.SIX_RS),
    _rule("references_heads_up", "plan", "warning",
          N_("Tell your references they may be called."),
          N_("References who know the role and the call is coming give better answers."),
          S.SIX_RS),
    _rule("referrer_thanks", "plan", "warning",
          N_("Thank the person who referred you, without asking for news."),
          N_("Keep your inside contact informed and thanked, not pestered."),
          S.WHAT_TO_DO),
    _rule("revisit_after_two_days", "plan", "warning",
          N_("Come back to the debrief after two days."),
          N_("A couple of days' distance shows what went well and what to improve."),
          S.SIX_TIPS, S.SIX_RS),
    _rule("keep_searching", "plan", "warning",
          N_("Keep applying: fewer than the target number of other applications are active."),
          N_("Until an offer is on paper, keep other applications going."),
          S.NOW_WHAT, S.WHAT_TO_DO, S.ACE, S.SIX_RS),
    _rule("follow_up_after_timeframe", "plan", "warning",
          N_("The first follow-up, one business day after the stated decision date."),
          N_("Follow up only after their time frame has passed; with no time frame, five "
             "business days after the interview."),
          S.ACE, S.SIX_RS, S.INDEED_2023),
    _rule("second_follow_up", "plan", "warning",
          N_("The last follow-up, five business days after the first."),
          N_("Two polite follow-ups about a week apart are the limit; more is pestering."),
          S.NOW_WHAT, S.CAREER_NETWORK),
    _rule("close_out_after_silence", "plan", "warning",
          N_("Treat the process as closed after silence."),
          N_("Ghosting is common; after the last follow-up goes unanswered, close the file "
             "and put the energy into other applications."),
          S.CAREER_NETWORK, S.GREENHOUSE_2024),
    _rule("rejection_reply", "plan", "warning",
          N_("A short, gracious reply with one narrow feedback question."),
          N_("Accepting a rejection graciously keeps the door open for later roles; ask for "
             "feedback once and never chase it."),
          S.NOW_WHAT, S.ACE, S.SIX_RS, S.TALENT_BOARD_2022),
    _rule("keep_in_touch_after_close", "plan", "warning",
          N_("Connect on LinkedIn now that the process is over."),
          N_("Once the hiring process is over a connection request keeps the relationship "
             "without pressure."),
          S.SIX_RS, S.NOW_WHAT),
    _rule("offer_ack", "plan", "warning",
          N_("Acknowledge the offer promptly; keep searching until it is on paper."),
          N_("Thank them and ask for the offer in writing; only an offer on paper ends the "
             "search."),
          S.ACE),
)
# fmt: on

RULES: dict[tuple[Family, str], Rule] = {(r.family, r.id): r for r in _CATALOGUE}


def guard(rule_id: str) -> Rule:
    return RULES[("guard", rule_id)]


def lint(rule_id: str) -> Rule:
    return RULES[("lint", rule_id)]


def plan(rule_id: str) -> Rule:
    return RULES[("plan", rule_id)]


def catalogue(family: Family | None = None) -> list[Rule]:
    """Every rule, in catalogue order, optionally of one family."""
    return [r for r in _CATALOGUE if family is None or r.family == family]


GUARD_IDS: tuple[str, ...] = tuple(r.id for r in catalogue("guard"))
LINT_IDS: tuple[str, ...] = tuple(r.id for r in catalogue("lint"))

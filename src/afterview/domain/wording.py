"""How codes and counts read to people: the one place for titles and plurals.

Plan kinds, rule IDs, statuses and roles are public contracts (JSON, YAML, ``docs/rules.md``)
and stay as they are there; what a person reads on a page or in a terminal is their title
from here, never the code itself (a page may keep the code in a link or tooltip). Counts
go through :func:`plural`, so no text says "1 applications" or "0 never sent".

Every rule in the catalogue has a title here, and every kind has one in the kind catalogue
(``kinds.py``; tests check that each entry is complete); an unknown code still reads as
words (:func:`words`), never as ``snake_case``.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from afterview import i18n
from afterview.domain.kinds import KINDS
from afterview.i18n import N_, OPEN, gettext, ngettext

RULE_TITLES: Final[dict[str, str]] = {
    # guards
    "no_contact": N_("They asked for no contact"),
    "within_timeframe": N_("Inside their time frame"),
    "replied": N_("They already answered"),
    "channel": N_("Not their channel"),
    "home_phone": N_("Home phone"),
    "pestering": N_("Too many follow-ups"),
    "linkedin_before_close": N_("LinkedIn before the process ends"),
    "referrer_status_inquiry": N_("Asking your referrer for news"),
    "gift": N_("A gift"),
    "after_rejection": N_("After a rejection"),
    "odd_hour": N_("Odd hour"),
    "thank_you_late": N_("Late thank-you"),
    "panel_cc": N_("One note to the whole panel"),
    # lint
    "generic_greeting": N_("Generic greeting"),
    "not_specific": N_("Nothing specific"),
    "near_duplicate": N_("Near-duplicate note"),
    "wrong_company": N_("Wrong company"),
    "placeholder": N_("Unfilled placeholder"),
    "length": N_("Length"),
    "pushy": N_("Pushy wording"),
    "no_interest": N_("No restated interest"),
    "promise_unmentioned": N_("Promise not mentioned"),
    "no_thanks": N_("No thanks"),
    "no_signature": N_("No signature"),
    "no_subject": N_("No subject"),
    "misspelled_name": N_("Misspelled name"),
    "argues_rejection": N_("Arguing the rejection"),
    # plan
    "celebrate": N_("Celebrate first"),
    "reflection_same_evening": N_("Debrief the same evening"),
    "thank_you_within_24h": N_("Thank-you within 24 hours"),
    "promise_on_time": N_("Promises kept on time"),
    "references_heads_up": N_("Heads-up to references"),
    "referrer_thanks": N_("Thanks to the referrer"),
    "revisit_after_two_days": N_("Reread after two days"),
    "keep_searching": N_("Keep searching"),
    "follow_up_after_timeframe": N_("Follow up after their time frame"),
    "second_follow_up": N_("Second follow-up"),
    "close_out_after_silence": N_("Close out after silence"),
    "rejection_reply": N_("Reply to a rejection"),
    "keep_in_touch_after_close": N_("Keep in touch once it is over"),
    "offer_ack": N_("Acknowledge the offer"),
    # the outbox's own reasons for stopping a note at send time
    "unknown_application": N_("Application gone"),
    "unknown_person": N_("Person gone"),
}

# Other codes people see: roles, contact preferences, channels, formats, states.
CODE_WORDS: Final[dict[str, str]] = {
    "hiring_manager": N_("hiring manager"),
    "no_contact": N_("no contact"),
    "in_person": N_("in person"),
    "linkedin": N_("LinkedIn"),
    "onsite": N_("on site"),
    "unstated": N_("not stated"),
    # channels, formats and roles that read as they are written, in English
    "email": N_("email"),
    "phone": N_("phone"),
    "video": N_("video"),
    "letter": N_("letter"),
    "portal": N_("portal"),
    "text": N_("text"),
    "interviewer": N_("interviewer"),
    "recruiter": N_("recruiter"),
    "referrer": N_("referrer"),
    "reference": N_("reference"),
    "work": N_("work"),
    "personal": N_("personal"),
    # application statuses
    "applied": N_("applied"),
    "interviewing": N_("interviewing"),
    "offer": N_("offer"),
    "rejected": N_("rejected"),
    "withdrawn": N_("withdrawn"),
    "closed": N_("closed"),
}


def words(code: str) -> str:
    """Any code as plain words: ``hiring_manager`` → "hiring manager"."""
    known = CODE_WORDS.get(code)
    return gettext(known) if known else code.replace("_", " ")


def kind_title(kind: str) -> str:
    """The title of a plan or note kind (from the kind catalogue), in the active locale:
    ``thank_you`` → "Thank-you note"; a word the catalogue does not know reads as words."""
    entry = KINDS.get(kind)
    return gettext(entry.title) if entry is not None else words(kind).capitalize()


def kind_label(kind: str) -> str:
    """A kind inside a sentence: ``thank_you`` → "thank-you note"."""
    title = kind_title(kind)
    if not title or title.startswith(("LinkedIn", OPEN)):
        return title
    return title[0].lower() + title[1:]


def rule_title(rule_id: str) -> str:
    """The title of a rule: ``odd_hour`` → "Odd hour"."""
    title = RULE_TITLES.get(rule_id)
    return gettext(title) if title else words(rule_id).capitalize()


def rule_titles(rule_ids: list[str] | tuple[str, ...]) -> str:
    """Several rules in a sentence: "Odd hour and Late thank-you"."""
    return join([rule_title(r) for r in rule_ids])


def plural(count: int, singular: str, plural_form: str | None = None, *, zero: str = "") -> str:
    """``count`` with its noun in the right number: "1 application", "2 applications".

    ``plural_form`` is for nouns that do not just take an "s" ("reply" → "replies");
    ``zero`` replaces the number when there are none ("no", "none"): "no applications".
    """
    number = gettext(zero) if count == 0 and zero else str(count)
    return f"{number} {noun(count, singular, plural_form)}"


def noun(count: int, singular: str, plural_form: str | None = None) -> str:
    """The noun alone in the number ``count`` asks for, for a count set apart (bold, a cell)."""
    return ngettext(singular, plural_form or _s(singular), count)


def hours_or_days(hours: int) -> str:
    """A delay people can picture: "49 hours" up to three days, then "90 days"."""
    return plural(hours, "hour") if hours < 72 else plural(hours // 24, "day")


def day(value: date | str | None) -> str:
    """A calendar day as people read it ("Fri 4 Dec 2026"), from a date or an ISO string."""
    if not value:
        return ""
    when = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return i18n.when(when, "short_day_year")


def join(items: list[str]) -> str:
    """A list in a sentence: "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _s(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return noun[:-1] + "ies"
    return noun + "s"


def name_key(text: str | None) -> str:
    """How names are compared: case-folded, spaces collapsed ("LÓPEZ " finds "López")."""
    return " ".join((text or "").casefold().split())

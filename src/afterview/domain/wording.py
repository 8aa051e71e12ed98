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

from afterview.domain.kinds import KINDS

RULE_TITLES: Final[dict[str, str]] = {
    # guards
    "no_contact": "They asked for no contact",
    "within_timeframe": "Inside their time frame",
    "replied": "They already answered",
    "channel": "Not their channel",
    "home_phone": "Home phone",
    "pestering": "Too many follow-ups",
    "linkedin_before_close": "LinkedIn before the process ends",
    "referrer_status_inquiry": "Asking your referrer for news",
    "gift": "A gift",
    "after_rejection": "After a rejection",
    "odd_hour": "Odd hour",
    "thank_you_late": "Late thank-you",
    "panel_cc": "One note to the whole panel",
    # lint
    "generic_greeting": "Generic greeting",
    "not_specific": "Nothing specific",
    "near_duplicate": "Near-duplicate note",
    "wrong_company": "Wrong company",
    "placeholder": "Unfilled placeholder",
    "length": "Length",
    "pushy": "Pushy wording",
    "no_interest": "No restated interest",
    "promise_unmentioned": "Promise not mentioned",
    "no_thanks": "No thanks",
    "no_signature": "No signature",
    "no_subject": "No subject",
    "misspelled_name": "Misspelled name",
    "argues_rejection": "Arguing the rejection",
    # plan
    "celebrate": "Celebrate first",
    "reflection_same_evening": "Debrief the same evening",
    "thank_you_within_24h": "Thank-you within 24 hours",
    "promise_on_time": "Promises kept on time",
    "references_heads_up": "Heads-up to references",
    "referrer_thanks": "Thanks to the referrer",
    "revisit_after_two_days": "Reread after two days",
    "keep_searching": "Keep searching",
    "follow_up_after_timeframe": "Follow up after their time frame",
    "second_follow_up": "Second follow-up",
    "close_out_after_silence": "Close out after silence",
    "rejection_reply": "Reply to a rejection",
    "keep_in_touch_after_close": "Keep in touch once it is over",
    "offer_ack": "Acknowledge the offer",
    # the outbox's own reasons for stopping a note at send time
    "unknown_application": "Application gone",
    "unknown_person": "Person gone",
}

# Other codes people see: roles, contact preferences, channels, formats, states.
CODE_WORDS: Final[dict[str, str]] = {
    "hiring_manager": "hiring manager",
    "no_contact": "no contact",
    "in_person": "in person",
    "linkedin": "LinkedIn",
    "onsite": "on site",
    "unstated": "not stated",
}


def words(code: str) -> str:
    """Any code as plain words: ``hiring_manager`` → "hiring manager"."""
    return CODE_WORDS.get(code, code.replace("_", " "))


def kind_title(kind: str) -> str:
    """The title of a plan or note kind (from the kind catalogue): ``thank_you`` →
    "Thank-you note"; a word the catalogue does not know reads as words."""
    entry = KINDS.get(kind)
    return entry.title if entry is not None else words(kind).capitalize()


def kind_label(kind: str) -> str:
    """A kind inside a sentence: ``thank_you`` → "thank-you note"."""
    entry = KINDS.get(kind)
    if entry is not None:
        return entry.label
    title = words(kind).capitalize()
    return title[0].lower() + title[1:] if title else title


def rule_title(rule_id: str) -> str:
    """The title of a rule: ``odd_hour`` → "Odd hour"."""
    return RULE_TITLES.get(rule_id) or words(rule_id).capitalize()


def rule_titles(rule_ids: list[str] | tuple[str, ...]) -> str:
    """Several rules in a sentence: "Odd hour and Late thank-you"."""
    return join([rule_title(r) for r in rule_ids])


def plural(count: int, singular: str, plural_form: str | None = None, *, zero: str = "") -> str:
    """``count`` with its noun in the right number: "1 application", "2 applications".

    ``plural_form`` is for nouns that do not just take an "s" ("reply" → "replies");
    ``zero`` replaces the number when there are none ("no", "none"): "no applications".
    """
    number = zero if count == 0 and zero else str(count)
    return f"{number} {noun(count, singular, plural_form)}"


def noun(count: int, singular: str, plural_form: str | None = None) -> str:
    """The noun alone in the number ``count`` asks for, for a count set apart (bold, a cell)."""
    return singular if count == 1 else (plural_form or _s(singular))


def hours_or_days(hours: int) -> str:
    """A delay people can picture: "49 hours" up to three days, then "90 days"."""
    return plural(hours, "hour") if hours < 72 else plural(hours // 24, "day")


def day(value: date | str | None) -> str:
    """A calendar day as people read it ("Fri 4 Dec 2026"), from a date or an ISO string."""
    if not value:
        return ""
    when = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return f"{when:%a} {when.day} {when:%b %Y}"


def join(items: list[str]) -> str:
    """A list in a sentence: "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _s(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return noun[:-1] + "ies"
    return noun + "s"

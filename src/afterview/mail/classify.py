"""What an employer's email is: a person answering, an automatic reply, or an outcome.

Pure: it reads the headers and the text it is given and decides, with the reason, without
a clock, a disk or a network. The reply watch acts on the answer:

* **auto** — an out-of-office or other machine-written mail (RFC 3834 ``Auto-Submitted``,
  the ``X-Autoreply``/``X-Autorespond`` headers, ``Precedence: auto_reply|bulk|junk``,
  mailing-list headers, "Out of office"/"Automatic reply" subjects). Follow-ups pause until
  the return date it gives (:func:`return_date`), if it gives one; nobody answered.
* **rejection** / **offer** — the text reads like one. Only ever a suggestion: the user
  confirms or dismisses it. An outcome sent by a system (an applicant-tracking notice is
  often ``Auto-Submitted: auto-generated``) is still an outcome, so the wording is read
  for every mail that is not an out-of-office reply.
* **human** — anything else: someone answered, so follow-ups stop.

The wording is read only from what the sender wrote: quoted text (``>`` lines, everything
after "On … wrote:" or "Original Message") is dropped first, since our own note, quoted
back, must not decide what their answer means.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

Kind = Literal["human", "auto", "rejection", "offer"]
KINDS: tuple[Kind, ...] = ("human", "auto", "rejection", "offer")
MAX_AWAY_DAYS = 366  # a "return date" further off than this is not one


@dataclass(frozen=True, slots=True)
class Mail:
    """The parts of a message the classifier reads."""

    subject: str
    text: str  # the plain-text body (HTML already reduced to text)
    sent_on: date  # the day it was written (the Date header), for relative dates
    headers: Mapping[str, str]  # names in lower case

    def header(self, name: str) -> str:
        return (self.headers.get(name.lower()) or "").strip()


@dataclass(frozen=True, slots=True)
class Reading:
    kind: Kind
    why: str  # what decided it, for the user: a header or the phrase found
    return_on: date | None = None  # auto only: the return date the reply gives


# -- automatic mail ------------------------------------------------------------------------

_OUT_OF_OFFICE_SUBJECT = re.compile(
    r"\b(out of (the )?office|automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|"
    r"away from (the )?office|on vacation|on holiday|on leave|abwesenheit)\b",
    re.IGNORECASE,
)


def automatic(mail: Mail) -> tuple[str | None, bool]:
    """Why the mail was written by a machine (or ``None``), and whether it is an
    out-of-office reply (the kind that may carry a return date).

    Only headers and the subject decide: a person who writes "I'm on vacation until
    Monday, but yes, let's talk" has answered.
    """
    submitted = mail.header("auto-submitted").lower()
    precedence = mail.header("precedence").lower()
    if submitted.startswith("auto-replied"):
        return f"Auto-Submitted: {submitted}", True
    for name in ("x-autoreply", "x-autorespond"):
        if name in mail.headers:
            return f"{_title(name)} header", True
    if precedence == "auto_reply":
        return "Precedence: auto_reply", True
    match = _OUT_OF_OFFICE_SUBJECT.search(mail.subject)
    if match:
        return f"subject says {match.group(0)!r}", True
    if submitted and submitted != "no":
        return f"Auto-Submitted: {submitted}", False
    if precedence in ("bulk", "junk", "list"):
        return f"Precedence: {precedence}", False
    for name in ("list-id", "list-unsubscribe"):
        if name in mail.headers:
            return f"{_title(name)} header (a mailing list)", False
    return None, False


def _title(name: str) -> str:
    return "-".join(part.upper() if part == "id" else part.capitalize() for part in name.split("-"))


# -- outcomes -------------------------------------------------------------------------------

# Phrases that say no on their own; "unfortunately" alone does not (see _soft_no).
_NO = re.compile(
    r"\b("
    r"not (?:be )?mov(?:e|ing) forward|"
    r"(?:decided|chosen|opted|elected) (?:not to|to not) (?:proceed|move forward|continue|"
    r"progress|pursue)|"
    r"(?:proceed|move forward|go|continue|pursue) with (?:an)?other (?:candidate|applicant)s?|"
    r"other candidates? (?:who|whose|that|with)|"
    r"regret to (?:inform|let you know|tell you)|"
    r"(?:position|role|vacancy|job) has (?:now |already )?been filled|"
    r"(?:not|were not|was not|have not been|has not been) (?:been )?successful|unsuccessful|"
    r"not (?:be )?progress(?:ing)?(?: your application)?|"
    r"not (?:been )?selected|"
    r"(?:not|unable to|cannot|can't|won't|will not) (?:be )?(?:extend(?:ing)?|mak(?:e|ing)|"
    r"offer(?:ing)?) (?:you )?(?:an? |the )?(?:offer|position|role)"
    r")\b",
    re.IGNORECASE,
)
_UNFORTUNATELY = re.compile(r"\bunfortunately\b", re.IGNORECASE)
_ABOUT_THE_APPLICATION = re.compile(
    r"\b(your application|your candidacy|the position|the role|at this time|this time|"
    r"other candidates?)\b",
    re.IGNORECASE,
)
_OFFER = re.compile(
    r"\b("
    r"(?:pleased|delighted|happy|thrilled|excited) to (?:extend|make|offer)|"
    r"offer letter|job offer|offer of employment|formal offer|written offer|verbal offer|"
    r"(?:extend|make|extending|making) (?:you )?(?:an|the|a) (?:formal |verbal |written |job )?"
    r"offer|welcome (?:you )?(?:aboard|to the team)"
    r")\b",
    re.IGNORECASE,
)


def outcome(text: str) -> tuple[Kind, str] | None:
    """``("rejection"|"offer", phrase)`` when the text reads like one, else ``None``.

    A clear "no" wins over offer wording, because a rejection often names the offer it
    is not making ("we will not be extending an offer").
    """
    no = _NO.search(text)
    if no:
        return "rejection", no.group(0)
    offer = _OFFER.search(text)
    if offer:
        return "offer", offer.group(0)
    soft = _soft_no(text)
    if soft:
        return "rejection", soft
    return None


def _soft_no(text: str) -> str | None:
    """ "Unfortunately" counts when the same sentence is about the application."""
    for match in _UNFORTUNATELY.finditer(text):
        sentence = re.split(r"[.!?\n]", text[match.start() :], maxsplit=1)[0]
        if _ABOUT_THE_APPLICATION.search(sentence):
            return sentence.strip()[:80]
    return None


# -- what the sender wrote ------------------------------------------------------------------

_QUOTE_START = re.compile(
    r"^\s*(?:On .{0,200}wrote:\s*$|-{2,}\s*Original Message\s*-{2,}|"
    r"_{5,}\s*$|From:\s.*[@<])",
    re.IGNORECASE,
)


def own_text(text: str) -> str:
    """The sender's own words: no quoted lines, nothing after the quoted original."""
    lines = []
    for line in text.splitlines():
        if _QUOTE_START.match(line):
            break
        if not line.lstrip().startswith(">"):
            lines.append(line)
    return "\n".join(lines)


# -- return dates ---------------------------------------------------------------------------

_RETURN = re.compile(
    r"\b(?:back|return(?:ing|s)?|until|till|through|thru)\b"
    r"(?:\s+(?:in|to|at)\s+(?:the\s+)?(?:office|work|my desk))?"
    r"(?:\s+(?:on|by|from))?\s+(?P<rest>[^\n]{1,60})",
    re.IGNORECASE,
)
_ISO = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?!\d)")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def return_date(text: str, sent_on: date, *, dayfirst: bool = True) -> date | None:
    """The day an out-of-office reply says its writer is back, read relative to the day it
    was sent: "back on Monday 30 November", "return on 2026-12-01", "until December 1st",
    "back on Monday". ``None`` when it gives none that makes sense (not before the day it
    was sent, not more than a year later)."""
    for match in _RETURN.finditer(text):
        day = _first_date(match.group("rest"), sent_on, dayfirst)
        if day is not None and sent_on <= day <= sent_on + timedelta(days=MAX_AWAY_DAYS):
            return day
    return None


def _first_date(rest: str, sent_on: date, dayfirst: bool) -> date | None:
    """The longest run of leading words that names a whole date (day and month)."""
    words = re.split(r"[\s,]+", rest.strip())[:6]
    for n in range(len(words), 0, -1):
        phrase = " ".join(words[:n]).rstrip(".;:!?)")
        day = _full_date(phrase, sent_on, dayfirst)
        if day is not None:
            return day
    first = words[0].lower().rstrip(".,;:!?") if words else ""
    if first in _WEEKDAYS:  # "back on Monday": the next Monday after the day it was sent
        ahead = (_WEEKDAYS.index(first) - sent_on.weekday() - 1) % 7 + 1
        return sent_on + timedelta(days=ahead)
    return None


def _full_date(phrase: str, sent_on: date, dayfirst: bool) -> date | None:
    """``phrase`` as a date when it names a day and a month (the year may be implied)."""
    from dateutil import parser  # deferred: only out-of-office replies need it

    if not phrase or not any(c.isdigit() for c in phrase):
        return None
    if _ISO.match(phrase):  # year first is never day first, wherever the writer lives
        dayfirst = False
    try:
        one = parser.parse(phrase, default=datetime(sent_on.year, 1, 1), dayfirst=dayfirst)
        two = parser.parse(phrase, default=datetime(sent_on.year + 1, 2, 2), dayfirst=dayfirst)
    except (ValueError, OverflowError):
        return None
    if (one.month, one.day) != (two.month, two.day):
        return None  # no day or month in it (a time, a bare year…)
    day = one.date()
    if one.year != two.year and day < sent_on:  # no year given: the next such day
        try:
            day = day.replace(year=sent_on.year + 1)
        except ValueError:  # 29 February
            return None
    return day


# -- the verdict ----------------------------------------------------------------------------


def classify(mail: Mail, *, dayfirst: bool = True) -> Reading:
    """What ``mail`` is, why, and for an out-of-office reply the return date it gives."""
    machine, out_of_office = automatic(mail)
    text = own_text(mail.text)
    if machine is not None and out_of_office:
        back = return_date(f"{mail.subject}\n{text}", mail.sent_on, dayfirst=dayfirst)
        return Reading("auto", machine, back)
    found = outcome(f"{mail.subject}\n{text}")
    if found is not None:
        return Reading(found[0], f"it says {found[1]!r}")
    if machine is not None:
        return Reading("auto", machine)
    return Reading("human", "a person answered")

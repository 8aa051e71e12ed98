"""The words trackers use: column headers for each field, and status words and phrases.

Headers are compared without case, spaces or punctuation (``Date Applied`` =
``date_applied``); the synonym listed first wins when two columns map to one field.
Statuses are compared without case or punctuation, a leading number (``1. Applied``) is
ignored, and a phrase that starts with a known status (``Rejected after onsite``) takes the
longest known start. The tables are printed in docs/moving-in.md; keep the two together.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final, Literal

from afterview.domain.errors import InputError
from afterview.domain.models import ApplicationStatus
from afterview.i18n import N_, gettext

Status = ApplicationStatus | Literal["skip"]
STATUS_CHOICES: Final[tuple[str, ...]] = (
    "applied",
    "interviewing",
    "offer",
    "rejected",
    "withdrawn",
    "closed",
    "skip",
)

# Each field with its header synonyms, strongest first.
FIELDS: Final = (
    ("company", "company, company name, employer, organization, organisation, business"),
    (
        "role",
        "job title, role, position, job position, title, job, position title, job role, "
        "role title, position applied for, role name, position name, job name",
    ),
    (
        "status",
        "application status, status, job status, stage, pipeline stage, current status, list, "
        "progress, result, outcome, application result, application outcome",
    ),
    (
        "applied_on",
        "date applied, applied on, application date, applied date, applied at, "
        "date submitted, submitted on, date of application, applied, date",
    ),
    (
        "interview_at",
        "interview at, interview date, interview time, interview date and time, "
        "next interview, next interview date, interview, interview scheduled, first interview, "
        "interview on",
    ),
    (
        "url",
        "job url, job link, job posting, posting url, job posting url, listing url, url, link, "
        "posting, listing, job listing, posting link, application link, job description link",
    ),
    (
        "source",
        "source, job board, found via, where found, found on, applied via, applied through, "
        "platform, where applied, job source, how found, application source",
    ),
    ("notes", "notes, note, comments, comment, description, details, remarks"),
)
CONTACT_GROUPS: Final = ("contact", "recruiter", "hiring manager", "interviewer", "referrer")
CONTACT_PARTS: Final = (  # "{g}" is the group
    ("name", "{g}, {g} name, {g}s"),
    ("email", "{g} email, {g} email address"),
    ("phone", "{g} phone, {g} phone number, {g} number"),
    ("title", "{g} title, {g} job title, {g} position"),
)
CONTACT_EXTRAS: Final = (  # weaker than the grouped headers above (rank 10 onwards)
    ("name", "contact", "contact person, point of contact, contact info, key contact"),
    ("name", "referrer", "referred by, referral contact, referral, referral name, referee"),
    ("email", "referrer", "referral email, referral contact email"),
    ("email", "contact", "email, email address"),
    ("phone", "contact", "phone, phone number, telephone"),
)

STATUS_WORDS: Final[tuple[tuple[Status, str], ...]] = (
    (
        "applied",
        "applied, submitted, sent, pending, application submitted, application sent, "
        "applied online, awaiting response, awaiting reply, waiting, waiting to hear back, "
        "under review, in review, under consideration, application received, active, open, "
        "not contacted, "
        "not contacted yet, no contact yet, in process, followed up, follow up, new",
    ),
    (
        "interviewing",
        "interviewing, interview, interviews, interviewed, interview scheduled, phone screen, "
        "phone screening, screen, screening, recruiter screen, hr screen, recruiter call, "
        "onsite, on site, onsite interview, in progress, technical, technical interview, "
        "tech interview, assessment, take home, coding challenge, first round, second round, "
        "third round, final round, final interview, phone interview, video interview, "
        "panel interview, interview 1, interview 2, next round, responded",
    ),
    (
        "offer",
        "offer, offered, accepted, offer received, offer accepted, accepted offer, "
        "negotiating, negotiation, hired, got the job, job offer",
    ),
    (
        "rejected",
        "rejected, declined by company, rejected by company, no, not selected, turned down, "
        "rejection, unsuccessful, not moving forward, no offer, denied, rejected after "
        "interview, application rejected, did not advance, not progressed, failed",
    ),
    (
        "withdrawn",
        "withdrawn, withdrew, i withdrew, withdraw, declined, declined (by me), declined by me, "
        "i declined, offer declined, declined offer, not interested, no longer interested, "
        "passed, i passed, retracted",
    ),
    (
        "closed",
        "closed, ghosted, no response, no reply, no answer, never heard back, no news, "
        "archived, expired, position closed, job closed, position filled, filled, "
        "application closed, role closed, posting closed, posting removed, job removed, "
        "suspected ghost job, ghost job, cancelled, canceled, on hold, hiring freeze, dead",
    ),
    (
        "skip",
        "wishlist, wish list, bookmarked, bookmark, saved, to apply, interested, applying, "
        "plan to apply, planning to apply, want to apply, not applied, not yet applied, draft, "
        "researching, prospect, idea, considering, shortlisted by me",
    ),
)


def words(text: str) -> str:
    """``'Declined (by me)'`` -> ``'declined by me'``: letters and digits only."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def header_key(header: str) -> str:
    """``'Date  Applied:'`` -> ``'dateapplied'``: headers ignore case, space and punctuation."""
    return words(header).replace(" ", "")


def _header_table() -> dict[str, tuple[str, str, int]]:
    """Header key -> (field, contact group or "", rank: lower wins over another column)."""
    table: dict[str, tuple[str, str, int]] = {}

    def add(field: str, group: str, synonyms: str, start: int = 0) -> None:
        for rank, synonym in enumerate(synonyms.split(","), start):
            table.setdefault(header_key(synonym), (field, group, rank))

    for field, synonyms in FIELDS:
        add(field, "", synonyms)
    for group in CONTACT_GROUPS:
        for part, patterns in CONTACT_PARTS:
            add(f"contacts.{part}", group, patterns.format(g=group))
    for part, group, synonyms in CONTACT_EXTRAS:
        add(f"contacts.{part}", group, synonyms, start=10)
    return table


HEADERS: Final = _header_table()
STATUSES: Final[dict[str, Status]] = {
    words(word): status for status, phrases in STATUS_WORDS for word in phrases.split(",")
}
_LONGEST_FIRST: Final = sorted(STATUSES, key=len, reverse=True)


def status_of(raw: str, overrides: Mapping[str, Status] | None = None) -> Status | None:
    """The status a tracker's word means; None for a word afterview does not know."""
    if not raw:
        return "applied"
    said = words(raw)
    plain = re.sub(r"^(?:\d+ )+", "", said)
    for table in (overrides or {}, STATUSES):
        for candidate in (said, plain):
            if candidate in table:
                return table[candidate]
    for phrase in _LONGEST_FIRST:  # "Rejected after onsite", "Ghosted :(": the known start
        if len(phrase) > 2 and (plain == phrase or plain.startswith(phrase + " ")):
            return STATUSES[phrase]
    return None


def parse_override(text: str) -> tuple[str, Status]:
    """``'Maybe later=skip'`` -> (``'maybe later'``, ``'skip'``); an InputError if not."""
    word, sep, status = text.rpartition("=")
    status = status.strip().casefold()
    if not sep or not words(word):
        raise InputError("status_word_form", given=text)
    if status not in STATUS_CHOICES:
        raise InputError(
            "status_word_unknown", given=text, status=status, choices=", ".join(STATUS_CHOICES)
        )
    return words(word), status  # type: ignore[return-value]


_LABELS: Final = {
    "company": N_("company"),
    "role": N_("role"),
    "status": N_("status"),
    "applied_on": N_("date applied"),
    "interview_at": N_("interview date"),
    "url": N_("posting link"),
    "source": N_("source"),
    "notes": N_("notes"),
}
_PARTS: Final = {
    "name": N_("%(group)s"),
    "email": N_("%(group)s’s email"),
    "phone": N_("%(group)s’s phone"),
    "title": N_("%(group)s’s job title"),
}
# The groups of people a tracker's columns name, as the report says them.
_GROUPS: Final = {
    "contact": N_("contact"),
    "recruiter": N_("recruiter"),
    "referrer": N_("referrer"),
    "interviewer": N_("interviewer"),
}


def field_label(field: str, group: str = "") -> str:
    """How the report names a field: ``contacts.email`` of ``recruiter`` -> recruiter’s email."""
    if field.startswith("contacts."):
        who = gettext(_GROUPS[group]) if group in _GROUPS else group
        return gettext(_PARTS[field.removeprefix("contacts.")]) % {"group": who}
    label = _LABELS.get(field)
    return gettext(label) if label else field

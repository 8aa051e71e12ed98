"""People named in tracker cells: ``Ana López <ana@x.com>``, ``Tom Becker (CTO)``, a bare
address, several in one cell separated by ``;`` or line breaks.

A cell that names no person — ``yes``, ``no``, ``x``, a date, a number, a link — never
becomes a contact: :func:`people` hands it back as left over, and the importer keeps it as
an extra field. Names pair with split email, phone and title cells by position; a person
known only by an email or phone is named by it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from afterview.importers.vocabulary import words

PLACEHOLDERS: Final = frozenset({"-", "--", "—", "–", "n/a", "na", "none", "null", "tbd", "?"})
_NOT_PEOPLE: Final = frozenset(
    {
        "yes", "no", "y", "n", "true", "false", "x", "ok", "done", "none", "na", "n a",
        "unknown", "tbd", "pending", "nobody", "no one", "self", "me", "myself", "referral",
        "referred", "not referred", "no referral", "cold", "cold apply", "direct",
    }
)  # fmt: skip
_EMAIL: Final = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_PAREN: Final = re.compile(r"\(([^()]*)\)")
_LINK: Final = re.compile(r"(?i)^(?:https?://|www\.)")
_DATELIKE: Final = re.compile(r"^\d{1,4}[/.\-]\d{1,2}(?:[/.\-]\d{1,4})?\b")


@dataclass(frozen=True, slots=True)
class TrackedContact:
    name: str
    email: str | None = None
    title: str | None = None
    phone: str | None = None
    role: str | None = None  # recruiter, hiring_manager, interviewer, referrer; None: unknown


ROLES: Final = {
    "contact": None,
    "recruiter": "recruiter",
    "hiring manager": "hiring_manager",
    "interviewer": "interviewer",
    "referrer": "referrer",
}


def people(
    name: str | None, email: str | None, phone: str | None, title: str | None, group: str
) -> tuple[list[TrackedContact], list[str]]:
    """The people of one column group, and the name pieces that name nobody."""
    persons, left_over = [], []
    for piece in pieces(name):
        person = _person(piece)
        if person is None:
            left_over.append(piece)
        else:
            persons.append(person)
    emails = _EMAIL.findall(email or "") or pieces(email)
    return list(_paired(persons, emails, pieces(phone), pieces(title), ROLES[group])), left_over


def _paired(
    persons: list[TrackedContact],
    emails: list[str],
    phones: list[str],
    titles: list[str],
    role: str | None,
) -> Iterator[TrackedContact]:
    for i in range(max(len(persons), len(emails), len(phones))):
        person = persons[i] if i < len(persons) else None
        email = (person.email if person else None) or _nth(emails, i)
        phone = _nth(phones, i)
        title = (person.title if person else None) or _nth(titles, i)
        name = person.name if person else (email or phone)
        if name:
            yield TrackedContact(name=name, email=email, title=title, phone=phone, role=role)


def _person(text: str) -> TrackedContact | None:
    """``'Ana López <ana@x.com>'``, ``'Tom Becker (CTO)'`` or a bare address; None for a
    cell that is not a person (yes, no, a date, a number, a link)."""
    text = re.sub(r"(?i)mailto:", "", text)
    match = _EMAIL.search(text)
    email = match.group() if match else None
    rest = text[: match.start()] + " " + text[match.end() :] if match else text
    titled = _PAREN.search(rest)
    title = _one_line(titled.group(1)) if titled else ""
    name = _one_line(re.sub(r"[<>\[\]\"]", " ", _PAREN.sub(" ", rest))).strip(" -–—,:|/")
    if email is None and not _is_name(name):
        return None
    name = name or email or ""
    return TrackedContact(name=name, email=email, title=title or None) if name else None


def _is_name(text: str) -> bool:
    return (
        bool(re.search(r"[^\W\d_]", text))
        and words(text) not in _NOT_PEOPLE
        and not _LINK.match(text)
        and not _DATELIKE.match(text)
    )


def pieces(cell: str | None) -> list[str]:
    if not cell:
        return []
    split = (_one_line(piece) for piece in re.split(r"[;\n\r]", cell))
    return [piece for piece in split if piece and piece.casefold() not in PLACEHOLDERS]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _nth(values: list[str], i: int) -> str | None:
    return values[i] if i < len(values) else None


def merge(found: list[TrackedContact], new: TrackedContact) -> None:
    """Add ``new`` to ``found``, or fill in the same person (by email or name) found before."""
    for i, old in enumerate(found):
        same_email = old.email is not None and old.email.casefold() == (new.email or "").casefold()
        if same_email or old.name.casefold() == new.name.casefold():
            found[i] = TrackedContact(
                name=new.name if old.name == old.email else old.name,
                email=old.email or new.email,
                title=old.title or new.title,
                phone=old.phone or new.phone,
                role=old.role or new.role,
            )
            return
    found.append(new)

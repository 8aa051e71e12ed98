"""Read the application export of a job tracker into records afterview's storage can insert.

Huntr, Teal, Simplify, the LinkedIn, Notion and Google Sheets job-search templates and a
plain spreadsheet all export a CSV with one application per row, but each names its
columns differently. :func:`parse_tracker_csv` is pure — text in, a :class:`TrackerImport`
out, no disk and no clock — and finds every column by its header, never by its position.

**Headers.** A header is compared without case, spaces or punctuation, so ``Date Applied``,
``date_applied`` and ``DATE-APPLIED`` are the same header. When two columns map to the same
field, the header listed first below wins (then the leftmost column); the other column is
kept as an unknown column. A repeated header is reported with a suffix (``Notes (2)``).

==============  ===============================================================================
Field           Headers (first listed wins)
==============  ===============================================================================
company         Company, Company Name, Employer, Organization, Organisation
role            Job Title, Role, Position, Job Position, Title, Job, Position Title, Job Role
status          Application Status, Status, Stage, Pipeline Stage, Current Status, List (Huntr)
applied_on      Date Applied, Applied On, Application Date, Applied Date, Applied At,
                Date Submitted, Submitted On, Applied, Date
interview_at    Interview At, Interview Date, Interview Time, Interview Date and Time,
                Next Interview, Next Interview Date, Interview
url             Job URL, Job Link, Job Posting, Posting URL, Job Posting URL, Listing URL, URL,
                Link, Posting, Listing, Job Listing
source          Source, Job Board, Found Via, Where Found, Found On, Applied Via,
                Applied Through, Platform
notes           Notes, Note, Comments, Comment, Description
contacts.name   Contact, Contact Name, Contacts, Contact Person, Point of Contact, Recruiter,
                Hiring Manager, Interviewer, Referrer, Referred By (and ``<who> Name``)
contacts.email  ``<who> Email``, ``<who> Email Address``, Email, Email Address
contacts.phone  ``<who> Phone``, ``<who> Phone Number``, Phone, Phone Number, Telephone
contacts.title  ``<who> Title``, ``<who> Job Title``, ``<who> Position``
==============  ===============================================================================

``<who>`` is Contact, Recruiter, Hiring Manager, Interviewer or Referrer; each of them is a
group, so ``Recruiter`` + ``Recruiter Email`` describe one person and ``Hiring Manager`` +
``Hiring Manager Email`` another. A name cell may list several people separated by ``;`` or
line breaks, each as ``Ana López <ana@x.com>``, ``Tom Becker (Engineering Manager)`` or a
bare address; several emails, phones or titles in the split columns pair with the names by
position. A person known only by an email or phone is named by it. Every other column is
unknown: listed in ``unknown_columns`` and its non-empty values kept in each record's
``extra``.

**Status.** Words are compared without case or punctuation (a leading number such as
``1. Applied`` is ignored); an empty status means *applied*.

============  =====================================================================================
Status        Words
============  =====================================================================================
applied       applied, submitted, sent, pending, application submitted, under review, waiting …
interviewing  interviewing, interview, phone screen, screening, onsite, in progress, technical,
              assessment, take home, final round …
offer         offer, offered, accepted, offer received, negotiating, hired
rejected      rejected, declined by company, no, not selected, turned down, unsuccessful …
withdrawn     withdrawn, withdrew, I withdrew, declined, declined (by me), not interested …
closed        closed, ghosted, no response, archived, expired, position filled …
*skipped*     wishlist, bookmarked, saved, to apply, interested, applying — never applied to,
              so reported in ``skipped`` and not imported
============  =====================================================================================

Anything else is a problem naming the value. **Dates** may be ISO (``2026-11-03``,
``2026-11-03 14:30``, with or without an offset), numeric (``11/3/2026`` month first, or
``3/11/2026`` with ``dayfirst=True``), written out (``Nov 3, 2026 2:30 PM``) or an Excel
serial number; times without an offset are read in ``timezone``. An interview needs a time
of day. A date that cannot be read, or whose year is outside 1970 to 2100, is a problem.

**Problems** are per row and never raise: the caller shows them all and refuses the import.
Only a file that is not a usable tracker CSV at all raises :class:`InputError`.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from datetime import timezone as fixed_zone
from typing import Final, Literal
from zoneinfo import ZoneInfo

from dateutil import parser as dateparser

from afterview.domain.errors import InputError
from afterview.domain.models import ApplicationStatus

# -- the records ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrackedContact:
    name: str
    email: str | None = None
    title: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class TrackedApplication:
    line: int  # the CSV line the row starts on (the header is line 1)
    company: str
    role: str
    status: ApplicationStatus
    applied_on: date | None = None
    interview_at: datetime | None = None  # aware: naive values are read in `timezone`
    contacts: tuple[TrackedContact, ...] = ()
    url: str | None = None
    source: str | None = None
    notes: str | None = None
    extra: tuple[tuple[str, str], ...] = ()  # (header, value) of unknown columns: never dropped


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    message: str  # one sentence: what is wrong in that row and how to fix it


@dataclass(frozen=True, slots=True)
class TrackerImport:
    applications: tuple[TrackedApplication, ...]
    mapping: tuple[tuple[str, str], ...]  # (original header, field it was mapped to)
    unknown_columns: tuple[str, ...]
    skipped: tuple[RowProblem, ...]  # rows deliberately left out (never applied to)
    problems: tuple[RowProblem, ...]  # broken rows: the caller refuses the import


# -- the tables ----------------------------------------------------------------------------

# Each field with its header synonyms, strongest first (see the table in the docstring).
_FIELDS: Final = (
    ("company", "company, company name, employer, organization, organisation"),
    (
        "role",
        "job title, role, position, job position, title, job, position title, job role, "
        "role title, position applied for",
    ),
    ("status", "application status, status, stage, pipeline stage, current status, list"),
    (
        "applied_on",
        "date applied, applied on, application date, applied date, applied at, "
        "date submitted, submitted on, applied, date",
    ),
    (
        "interview_at",
        "interview at, interview date, interview time, interview date and time, "
        "next interview, next interview date, interview",
    ),
    (
        "url",
        "job url, job link, job posting, posting url, job posting url, listing url, url, link, "
        "posting, listing, job listing",
    ),
    (
        "source",
        "source, job board, found via, where found, found on, applied via, applied through, "
        "platform",
    ),
    ("notes", "notes, note, comments, comment, description"),
)
_CONTACT_GROUPS: Final = ("contact", "recruiter", "hiring manager", "interviewer", "referrer")
_CONTACT_PARTS: Final = (  # "{g}" is the group
    ("name", "{g}, {g} name, {g}s"),
    ("email", "{g} email, {g} email address"),
    ("phone", "{g} phone, {g} phone number, {g} number"),
    ("title", "{g} title, {g} job title, {g} position"),
)
_CONTACT_EXTRAS: Final = (  # weaker than the grouped headers above (rank 10 onwards)
    ("name", "contact", "contact person, point of contact"),
    ("name", "referrer", "referred by"),
    ("email", "contact", "email, email address"),
    ("phone", "contact", "phone, phone number, telephone"),
)

_Status = ApplicationStatus | Literal["skip"]
_STATUS_WORDS: Final[tuple[tuple[_Status, str], ...]] = (
    (
        "applied",
        "applied, submitted, sent, pending, application submitted, application sent, "
        "applied online, awaiting response, waiting, under review, in review",
    ),
    (
        "interviewing",
        "interviewing, interview, interviews, interviewed, interview scheduled, phone screen, "
        "phone screening, screen, screening, recruiter screen, hr screen, onsite, on site, "
        "onsite interview, in progress, technical, technical interview, tech interview, "
        "assessment, take home, coding challenge, first round, second round, final round, "
        "phone interview, video interview",
    ),
    (
        "offer",
        "offer, offered, accepted, offer received, offer accepted, negotiating, negotiation, hired",
    ),
    (
        "rejected",
        "rejected, declined by company, rejected by company, no, not selected, turned down, "
        "rejection, unsuccessful, not moving forward, no offer",
    ),
    (
        "withdrawn",
        "withdrawn, withdrew, i withdrew, withdraw, declined, declined (by me), declined by me, "
        "i declined, offer declined, declined offer, not interested",
    ),
    (
        "closed",
        "closed, ghosted, no response, no reply, no answer, archived, expired, position closed, "
        "job closed, position filled, filled",
    ),
    (
        "skip",
        "wishlist, wish list, bookmarked, bookmark, saved, to apply, interested, applying, "
        "plan to apply, planning to apply, want to apply, not applied, not yet applied, draft, "
        "researching",
    ),
)

# Cells that mean "nothing here" in an optional field (a date, a link, a contact).
_PLACEHOLDERS: Final = frozenset({"-", "--", "—", "–", "n/a", "na", "none", "null", "tbd", "?"})
_DELIMITERS: Final = (",", ";", "\t", "|")


def _words(text: str) -> str:
    """``'Declined (by me)'`` -> ``'declined by me'``: letters and digits only."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def _key(header: str) -> str:
    """``'Date  Applied:'`` -> ``'dateapplied'``: headers ignore case, space and punctuation."""
    return _words(header).replace(" ", "")


def _header_table() -> dict[str, tuple[str, str, int]]:
    """Header key -> (field, contact group or "", rank: lower wins over another column)."""
    table: dict[str, tuple[str, str, int]] = {}

    def add(field: str, group: str, synonyms: str, start: int = 0) -> None:
        for rank, synonym in enumerate(synonyms.split(","), start):
            table.setdefault(_key(synonym), (field, group, rank))

    for field, synonyms in _FIELDS:
        add(field, "", synonyms)
    for group in _CONTACT_GROUPS:
        for part, patterns in _CONTACT_PARTS:
            add(f"contacts.{part}", group, patterns.format(g=group))
    for part, group, synonyms in _CONTACT_EXTRAS:
        add(f"contacts.{part}", group, synonyms, start=10)
    return table


_HEADERS: Final = _header_table()
_STATUSES: Final = {
    _words(word): status for status, words in _STATUS_WORDS for word in words.split(",")
}

# -- reading the file ----------------------------------------------------------------------


def parse_tracker_csv(text: str, *, timezone: ZoneInfo, dayfirst: bool = False) -> TrackerImport:
    """Read a tracker's CSV export; rows that cannot be imported are reported, not raised."""
    records = _records(text)
    if not records:
        raise InputError("The tracker file is empty; export your applications again as CSV.")
    (_, header), *rows = records
    width = max(len(cells) for _, cells in records)
    columns = _plan(_pad(header, width), [_pad(cells, width) for _, cells in rows])
    _require(columns, header)
    applications: list[TrackedApplication] = []
    skipped: list[RowProblem] = []
    problems: list[RowProblem] = []
    for line, cells in rows:
        row = _Row(line, _pad(cells, width), columns)
        raw_status = row.get("status")
        status = _status(raw_status)
        if status == "skip":
            skipped.append(RowProblem(line, _never_applied(raw_status)))
            continue
        application = _application(row, status, timezone, dayfirst)
        problems.extend(row.problems)
        if application is not None and not row.problems:
            applications.append(application)
    return TrackerImport(
        applications=tuple(applications),
        mapping=tuple((c.header, c.field) for c in columns if c.field is not None),
        unknown_columns=tuple(c.header for c in columns if c.field is None),
        skipped=tuple(skipped),
        problems=tuple(problems),
    )


def _records(text: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows with the line each starts on, cells stripped."""
    text = text.removeprefix("\ufeff")
    hint = re.match(r"sep=(.)[ \t]*(?:\r\n|\r|\n|$)", text)  # Excel's "sep=;" first line
    if hint:
        delimiter, text = hint.group(1), "\n" + text[hint.end() :]
    else:
        delimiter = _sniff(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            stripped = [cell.strip() for cell in cells]
            if any(stripped):
                records.append((start, stripped))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError(
            f"Line {start} of the tracker file is not valid CSV ({exc}); export it again."
        ) from None
    return records


def _sniff(text: str) -> str:
    """The delimiter whose header row names the most known columns, then the most columns."""
    best, best_score = ",", (-1, -1)
    for delimiter in _DELIMITERS:
        keys = [_key(cell) for cell in _first_row(text, delimiter)]
        score = (sum(key in _HEADERS for key in keys), sum(bool(key) for key in keys))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _first_row(text: str, delimiter: str) -> list[str]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True)
    try:
        return next((cells for cells in reader if any(c.strip() for c in cells)), [])
    except csv.Error:
        return []


def _pad(cells: list[str], width: int) -> list[str]:
    return cells + [""] * (width - len(cells))


# -- the columns ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Column:
    index: int
    header: str  # as the file writes it, "Notes (2)" for a repeat, "Column 7" when blank
    field: str | None  # None: unknown, its values kept in `extra`
    group: str = ""  # which person a contacts.* column describes


def _plan(header: list[str], rows: list[list[str]]) -> tuple[_Column, ...]:
    """Name every column and map the best one for each field; blank empty columns vanish."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = " ".join(cell.split()) or f"Column {index + 1}"
        seen[name.casefold()] = count = seen.get(name.casefold(), 0) + 1
        names.append(f"{name} ({count})" if count > 1 else name)
    best: dict[tuple[str, str], tuple[int, int]] = {}
    for index, cell in enumerate(header):
        if (found := _HEADERS.get(_key(cell))) is not None:
            field, group, rank = found
            best[(field, group)] = min(best.get((field, group), (rank, index)), (rank, index))
    winners = {index: slot for slot, (_, index) in best.items()}
    columns = []
    for index, name in enumerate(names):
        if index in winners:
            columns.append(_Column(index, name, *winners[index]))
        elif header[index] or any(row[index] for row in rows):
            columns.append(_Column(index, name, None))
    return tuple(columns)


def _require(columns: tuple[_Column, ...], header: list[str]) -> None:
    fields = {c.field for c in columns if c.field is not None}
    shown = [f'"{h[:40]}"' for h in header if h][:12]
    more = len([h for h in header if h]) - len(shown)
    found = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
    if not fields:
        raise InputError(
            f"The first row of the tracker file is not a header row (found {found}); add a "
            "first row naming the columns, such as Company, Job Title, Status and Date Applied."
        )
    if "company" not in fields:
        raise InputError(
            f"No column of the tracker file names the company (found {found}); "
            "call that column Company or Employer."
        )
    if "role" not in fields:
        raise InputError(
            f"No column of the tracker file names the role (found {found}); "
            "call that column Job Title, Role or Position."
        )


class _Row:
    """One data row, its cells looked up by field, collecting its problems."""

    def __init__(self, line: int, cells: list[str], columns: tuple[_Column, ...]) -> None:
        self.line = line
        self.problems: list[RowProblem] = []
        self.extra = tuple(
            (c.header, cells[c.index]) for c in columns if c.field is None and cells[c.index]
        )
        self._cells = {
            (c.field, c.group): (c.header, cells[c.index]) for c in columns if c.field is not None
        }
        self.groups = [g for g in _CONTACT_GROUPS if any(c.group == g for c in columns)]

    def get(self, field: str, group: str = "") -> str:
        return self._cells.get((field, group), ("", ""))[1]

    def optional(self, field: str, group: str = "") -> str | None:
        """The cell, or None when it is empty or a placeholder such as n/a or TBD."""
        value = self.get(field, group)
        return None if not value or value.casefold() in _PLACEHOLDERS else value

    def header(self, field: str) -> str:
        return self._cells.get((field, ""), (field, ""))[0]

    def problem(self, message: str) -> None:
        self.problems.append(RowProblem(self.line, message))


# -- one row -------------------------------------------------------------------------------


def _application(
    row: _Row, status: ApplicationStatus | None, zone: ZoneInfo, dayfirst: bool
) -> TrackedApplication | None:
    company, role = _one_line(row.get("company")), _one_line(row.get("role"))
    for field, value, what in (("company", company, "company"), ("role", role, "role")):
        if not value:
            row.problem(
                f'The {what} is empty; fill in the "{row.header(field)}" column or delete the row.'
            )
    if status is None:
        row.problem(
            f"The status {_quoted(row.get('status'))} is not one afterview knows; use applied, "
            "interviewing, offer, rejected, withdrawn or closed (or wishlist to leave the row out)."
        )
    applied = _moment_cell(row, "applied_on", zone, dayfirst, need_time=False)
    interview = _moment_cell(row, "interview_at", zone, dayfirst, need_time=True)
    if status is None or not company or not role:
        return None
    notes = row.get("notes").replace("\r\n", "\n").replace("\r", "\n")
    return TrackedApplication(
        line=row.line,
        company=company,
        role=role,
        status=status,
        applied_on=applied.astimezone(zone).date() if applied else None,
        interview_at=interview,
        contacts=_contacts(row),
        url=row.optional("url"),
        source=_one_line(row.optional("source") or "") or None,
        notes=notes or None,
        extra=row.extra,
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _quoted(value: str) -> str:
    """A cell's value for a message: on one line, in quotes, cut short when long."""
    text = _one_line(value)
    return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'


def _status(raw: str) -> _Status | None:
    """The status a tracker's word means; None for a word afterview does not know."""
    if not raw:
        return "applied"
    words = _words(raw)
    return _STATUSES.get(words) or _STATUSES.get(re.sub(r"^(?:\d+ )+", "", words))


def _never_applied(raw: str) -> str:
    return (
        f"The status {_quoted(raw)} marks a job you have not applied to yet, "
        "so it was not imported."
    )


# -- contacts ------------------------------------------------------------------------------

_EMAIL: Final = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_PAREN: Final = re.compile(r"\(([^()]*)\)")


def _contacts(row: _Row) -> tuple[TrackedContact, ...]:
    """Everyone the row names, each once (merged by name or email), in column-group order."""
    found: list[TrackedContact] = []
    for group in row.groups:
        for contact in _group(row, group):
            _merge(found, contact)
    return tuple(found)


def _group(row: _Row, group: str) -> Iterator[TrackedContact]:
    """The people of one group: names pair with the split email/phone/title cells by position."""
    people = [p for p in map(_person, _pieces(row.optional("contacts.name", group))) if p]
    email_cell = row.optional("contacts.email", group) or ""
    emails = _EMAIL.findall(email_cell) or _pieces(email_cell)
    phones = _pieces(row.optional("contacts.phone", group))
    titles = _pieces(row.optional("contacts.title", group))
    for i in range(max(len(people), len(emails), len(phones))):
        person = people[i] if i < len(people) else None
        email = (person.email if person else None) or _nth(emails, i)
        phone = _nth(phones, i)
        title = (person.title if person else None) or _nth(titles, i)
        name = person.name if person else (email or phone)
        if name:
            yield TrackedContact(name=name, email=email, title=title, phone=phone)


def _person(text: str) -> TrackedContact | None:
    """``'Ana López <ana@x.com>'``, ``'Tom Becker (CTO)'`` or a bare address."""
    text = re.sub(r"(?i)mailto:", "", text)
    match = _EMAIL.search(text)
    email = match.group() if match else None
    rest = text[: match.start()] + " " + text[match.end() :] if match else text
    titled = _PAREN.search(rest)
    title = _one_line(titled.group(1)) if titled else ""
    name = _one_line(re.sub(r"[<>\[\]\"]", " ", _PAREN.sub(" ", rest))).strip(" -–—,:|/")
    name = name or email or ""
    return TrackedContact(name=name, email=email, title=title or None) if name else None


def _pieces(cell: str | None) -> list[str]:
    if not cell:
        return []
    pieces = (_one_line(piece) for piece in re.split(r"[;\n\r]", cell))
    return [piece for piece in pieces if piece and piece.casefold() not in _PLACEHOLDERS]


def _nth(values: list[str], i: int) -> str | None:
    return values[i] if i < len(values) else None


def _merge(found: list[TrackedContact], new: TrackedContact) -> None:
    for i, old in enumerate(found):
        same_email = (
            old.email is not None and (old.email or "").casefold() == (new.email or "").casefold()
        )
        if same_email or old.name.casefold() == new.name.casefold():
            found[i] = TrackedContact(
                name=new.name if old.name == old.email else old.name,
                email=old.email or new.email,
                title=old.title or new.title,
                phone=old.phone or new.phone,
            )
            return
    found.append(new)


# -- dates ---------------------------------------------------------------------------------


class _Unreadable(Exception):
    """A date cell that cannot be read; the message says why, to end a sentence."""


_NUMERIC: Final = re.compile(r"(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[ T,]+(.+))?")
_CLOCK: Final = re.compile(
    r"(\d{1,2})(?::(\d{2}))?(?::(\d{2})(?:\.\d+)?)?\s*(?:([ap])\.?m\.?)?", re.IGNORECASE
)
_EXCEL: Final = re.compile(r"\d{5}(?:\.\d+)?")
_DEFAULTS: Final = (datetime(2000, 1, 1), datetime(2001, 2, 2, 1, 1))


def _moment_cell(
    row: _Row, field: str, zone: ZoneInfo, dayfirst: bool, *, need_time: bool
) -> datetime | None:
    """The aware moment in a date column, or None when empty (a problem when unreadable)."""
    raw = row.optional(field)
    if raw is None:
        return None
    try:
        moment, timed = _moment(raw, dayfirst)
        if need_time and not timed:
            raise _Unreadable(
                "has no time of day; add one, like 2026-11-20 14:00, or empty the cell"
            )
    except _Unreadable as exc:
        row.problem(f'The "{row.header(field)}" value {_quoted(raw)} {exc}.')
        return None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


@functools.lru_cache(maxsize=4096)  # pure, and trackers repeat their dates a lot
def _moment(raw: str, dayfirst: bool) -> tuple[datetime, bool]:
    """The date and time ``raw`` writes, and whether it names a time of day."""
    text = _one_line(raw)
    try:
        found = _excel(text) or _iso(text) or _numeric(text, dayfirst) or _worded(text, dayfirst)
    except (ValueError, OverflowError):
        found = None
    if found is None:
        example = "3/11/2026" if dayfirst else "11/3/2026"
        raise _Unreadable(f"is not a date; write it like 2026-11-03 or {example}")
    if not 1970 <= found[0].year <= 2100:
        raise _Unreadable("has a year outside 1970 to 2100; correct the year")
    return found


def _excel(text: str) -> tuple[datetime, bool] | None:
    """An Excel serial day number such as 46329 (or 46329.5 for noon)."""
    if not _EXCEL.fullmatch(text):
        return None
    seconds = round(float(text) * 86400)
    return datetime(1899, 12, 30) + timedelta(seconds=seconds), seconds % 86400 != 0


def _iso(text: str) -> tuple[datetime, bool] | None:
    if not re.match(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time()), False
        return datetime.fromisoformat(text.replace("Z", "+00:00")), True
    except ValueError:
        return None


def _numeric(text: str, dayfirst: bool) -> tuple[datetime, bool] | None:
    """``11/3/2026``, ``3.11.26`` or ``2026/11/3``, with an optional time of day."""
    match = _NUMERIC.fullmatch(text)
    if not match:
        return None
    a, b, c, clock = match.groups()
    if len(a) == 4 and len(c) <= 2:
        year, month, day = int(a), int(b), int(c)
    elif len(a) <= 2 and len(c) in (2, 4):
        year = int(c) + (2000 if len(c) == 2 else 0)
        month, day = (int(b), int(a)) if dayfirst else (int(a), int(b))
    else:
        return None
    if month > 12 and day <= 12 and len(a) != 4:
        order, flip = ("day/month", "month first") if dayfirst else ("month/day", "day first")
        raise _Unreadable(
            f"is not a {order}/year date; if the file writes the {flip}, "
            f"import it with day-first dates {'off' if dayfirst else 'on'}"
        )
    moment = datetime.combine(date(year, month, day), _clock(clock) if clock else time())
    return moment, clock is not None


def _clock(text: str) -> time:
    match = _CLOCK.fullmatch(text.strip())
    if not match or not (match.group(2) or match.group(4)):
        raise ValueError(text)
    hour, minute, second = (int(g or 0) for g in match.groups()[:3])
    if half := match.group(4):
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if half.casefold() == "p" else 0)
    return time(hour, minute, second)


class _Info(dateparser.parserinfo):
    """Two-digit years are 20xx, not relative to today: the parser reads no clock."""

    def convertyear(self, year: int, century_specified: bool = False) -> int:
        return year + 2000 if year < 100 and not century_specified else year


_WORDED: Final = dateparser.parser(_Info())


def _zone_named(name: str | None, offset: int | None) -> fixed_zone | None:
    """A zone written in a date: offsets and UTC only; names like PST are ambiguous."""
    if offset is not None:
        return fixed_zone(timedelta(seconds=offset))
    if name is not None:
        raise _Unreadable(f"names the time zone {name!r}; write an offset such as -08:00")
    return None


def _worded(text: str, dayfirst: bool) -> tuple[datetime, bool] | None:
    """``Nov 3, 2026``, ``3 November 2026 2:30 PM``: needs a year, month and day."""
    if not re.search(r"[^\W\d_]", text):
        return None
    first, second = (
        _WORDED.parse(text, default=default, dayfirst=dayfirst, tzinfos=_zone_named)
        for default in _DEFAULTS
    )
    if first.date() != second.date():
        return None
    return first, first.hour == second.hour


__all__ = [
    "RowProblem",
    "TrackedApplication",
    "TrackedContact",
    "TrackerImport",
    "parse_tracker_csv",
]

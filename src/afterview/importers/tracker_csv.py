"""Read the application export of a job tracker into records afterview's storage can insert.

Huntr, Teal, Simplify, the Notion and Google Sheets job-search templates and a plain
spreadsheet all export one application per row, but each names its columns differently.
:func:`parse_tracker_csv` (and :func:`parse_tracker_rows`, which the ``.xlsx`` reader
feeds) is pure — text in, a :class:`TrackerImport` out, no disk and no clock — and finds
every column by its header, never by its position (the header tables are in
:mod:`afterview.importers.vocabulary`).

**Store what can be stored, name what cannot.** Every row whose company and role can be
read becomes a record. A cell that cannot be read is left empty and named in ``notes``; a
status word afterview does not know is read as *applied* and named too. A row without a
company or role is named in ``refused``; a row never applied to (Wishlist, Saved…) in
``skipped``. Every data row ends in exactly one of ``applications``, ``refused`` and
``skipped``. Each finding prints as ``line N: <column>: <value>: <what to do>``.

**Dates.** The order of numeric dates is decided once for the file (see
:mod:`afterview.importers.dates`); times without an offset are read in ``timezone``. An
interview date without a time of day is kept as a date (``interview_on``).

Only a file that is not a usable tracker export at all raises :class:`InputError`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final
from zoneinfo import ZoneInfo

from afterview.domain.errors import InputError
from afterview.domain.models import ApplicationStatus
from afterview.i18n import gettext
from afterview.importers import dates as dating
from afterview.importers.people import PLACEHOLDERS, TrackedContact, merge, people
from afterview.importers.vocabulary import (
    CONTACT_GROUPS,
    HEADERS,
    Status,
    field_label,
    header_key,
    status_of,
)

MAX_ROWS: Final = 20_000  # a tracker this long is a search of a lifetime; split it
MAX_COLUMNS: Final = 200
MAX_CELL: Final = 20_000  # characters; a longer cell is left empty and named
_DELIMITERS: Final = (",", ";", "\t", "|")
# C0 and C1 control characters and DEL (tab, line feed and carriage return are text), and
# halves of surrogate pairs: no tracker means them, and they break what reads the data later.
_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

# -- the records ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrackedApplication:
    line: int  # the line the row starts on (the header is line 1)
    company: str
    role: str
    status: ApplicationStatus
    applied_on: date | None = None
    interview_at: datetime | None = None  # aware: naive values are read in `timezone`
    interview_on: date | None = None  # an interview date written without a time of day
    contacts: tuple[TrackedContact, ...] = ()
    url: str | None = None
    source: str | None = None
    notes: str | None = None
    extra: tuple[tuple[str, str], ...] = ()  # (header, value) of unknown columns: never dropped


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of the import report about one row or cell."""

    line: int
    column: str
    value: str
    advice: str  # what happened and what to do

    def __str__(self) -> str:
        where = gettext("line %(line)s") % {"line": self.line}
        return f"{where}: {self.column}: {_quoted(self.value)}: {self.advice}"


@dataclass(frozen=True, slots=True)
class ImportOptions:
    timezone: ZoneInfo
    dates: dating.Order | None = None  # None: decided from the file, then the country
    country: str | None = None
    statuses: Mapping[str, Status] = field(default_factory=dict)  # words() -> status


@dataclass(frozen=True, slots=True)
class TrackerImport:
    applications: tuple[TrackedApplication, ...]
    mapping: tuple[tuple[str, str], ...]  # (original header, the field it became, in words)
    unknown_columns: tuple[str, ...]  # kept as extra fields
    skipped: tuple[Finding, ...]  # rows never applied to: left out by design
    refused: tuple[Finding, ...]  # rows that could not be stored
    notes: tuple[Finding, ...]  # cells left empty, statuses read as applied
    date_order: dating.DateOrder
    fingerprint: str  # of the rows read, so importing the same file again is recognised
    rows: int  # data rows read

    @property
    def report(self) -> tuple[Finding, ...]:
        """Every finding in line order."""
        return tuple(sorted((*self.skipped, *self.refused, *self.notes), key=lambda f: f.line))


# -- reading the file ----------------------------------------------------------------------


def parse_tracker_csv(text: str, options: ImportOptions) -> TrackerImport:
    """Read a tracker's CSV export; rows and cells that cannot be read are reported."""
    return parse_tracker_rows(_records(text), options)


def parse_tracker_rows(
    records: Sequence[tuple[int, list[str]]], options: ImportOptions
) -> TrackerImport:
    """Read a tracker's rows, each (line, cells), the header first."""
    if not records:
        raise InputError("tracker_empty")
    if len(records) - 1 > MAX_ROWS:
        raise InputError("tracker_too_many_rows", rows=len(records) - 1, limit=MAX_ROWS)
    (_, header), *rows = records
    width = max(len(cells) for _, cells in records)
    if width > MAX_COLUMNS:
        raise InputError("tracker_too_many_columns", columns=width, limit=MAX_COLUMNS)
    padded = [(line, _pad(cells, width)) for line, cells in rows]
    columns = _plan(_pad(header, width), [cells for _, cells in padded])
    _require(columns, header)
    order = dating.decide_order(_date_cells(columns, padded), options.dates, options.country)
    reader = _Reader(options, order.order)
    for line, cells in padded:
        reader.read(_Row(line, cells, columns))
    return TrackerImport(
        applications=tuple(reader.applications),
        mapping=tuple((c.header, field_label(c.field, c.group)) for c in columns if c.field),
        unknown_columns=tuple(c.header for c in columns if c.field is None),
        skipped=tuple(reader.skipped),
        refused=tuple(reader.refused),
        notes=tuple(reader.notes),
        date_order=order,
        fingerprint=_fingerprint(records),
        rows=len(rows),
    )


def _fingerprint(records: Sequence[tuple[int, list[str]]]) -> str:
    digest = hashlib.sha256()
    for _, cells in records:
        digest.update(json.dumps(cells, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def _records(text: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows with the line each starts on, cells stripped."""
    text = text.removeprefix("\ufeff")
    if "\x00" in text[:4096]:
        raise InputError("tracker_not_text")
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
                if len(records) > MAX_ROWS + 1:
                    break
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError("tracker_bad_csv", line=start, problem=str(exc)) from None
    return records


def _sniff(text: str) -> str:
    """The delimiter whose header row names the most known columns, then the most columns."""
    best, best_score = ",", (-1, -1)
    for delimiter in _DELIMITERS:
        keys = [header_key(cell) for cell in _first_row(text, delimiter)]
        score = (sum(key in HEADERS for key in keys), sum(bool(key) for key in keys))
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

# afterview's own CSV export: columns it computes, which an import leaves alone.
_COMPUTED: Final = frozenset(
    {"id", "interviews", "lastinterview", "decision", "outcome", "nextstep", "nextstepfrom"}
)


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
        name = " ".join(cell.split())[:80] or f"Column {index + 1}"
        seen[name.casefold()] = count = seen.get(name.casefold(), 0) + 1
        names.append(f"{name} ({count})" if count > 1 else name)
    keys = [header_key(cell) for cell in header]
    ours = {"nextstepfrom", "lastinterview"} <= set(keys)
    best: dict[tuple[str, str], tuple[int, int]] = {}
    for index, key in enumerate(keys):
        if (found := HEADERS.get(key)) is not None and not (ours and key in _COMPUTED):
            field_, group, rank = found
            best[(field_, group)] = min(best.get((field_, group), (rank, index)), (rank, index))
    winners = {index: slot for slot, (_, index) in best.items()}
    columns = []
    for index, name in enumerate(names):
        if index in winners:
            columns.append(_Column(index, name, *winners[index]))
        elif ours and keys[index] in _COMPUTED:
            columns.append(_Column(index, name, "computed by afterview (left alone)"))
        elif header[index] or any(row[index] for row in rows):
            columns.append(_Column(index, name, None))
    return tuple(columns)


def _require(columns: tuple[_Column, ...], header: list[str]) -> None:
    fields = {c.field for c in columns if c.field is not None}
    shown = [f'"{h[:40]}"' for h in header if h][:12]
    more = len([h for h in header if h]) - len(shown)
    found = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
    if not fields:
        raise InputError("tracker_no_header", found=found)
    if "company" not in fields:
        raise InputError("tracker_no_company", found=found)
    if "role" not in fields:
        raise InputError("tracker_no_role", found=found)


def _date_cells(
    columns: tuple[_Column, ...], rows: list[tuple[int, list[str]]]
) -> list[tuple[int, str]]:
    wanted = [c.index for c in columns if c.field in ("applied_on", "interview_at")]
    return [(line, cells[i]) for line, cells in rows for i in wanted if cells[i]]


class _Row:
    """One data row, its cells looked up by field."""

    def __init__(self, line: int, cells: list[str], columns: tuple[_Column, ...]) -> None:
        self.line = line
        self.controls = [
            (c.header, cells[c.index]) for c in columns if _CONTROL.search(cells[c.index])
        ]
        cells = [_unguarded(_CONTROL.sub("", cell)) for cell in cells]
        self.long = [(c.header, cells[c.index]) for c in columns if len(cells[c.index]) > MAX_CELL]
        cells = [cell if len(cell) <= MAX_CELL else "" for cell in cells]
        self.extra = [
            (c.header, cells[c.index]) for c in columns if c.field is None and cells[c.index]
        ]
        self._cells = {
            (c.field, c.group): (c.header, cells[c.index]) for c in columns if c.field is not None
        }
        self.groups = [g for g in CONTACT_GROUPS if any(c.group == g for c in columns)]

    def get(self, field_: str, group: str = "") -> str:
        return self._cells.get((field_, group), ("", ""))[1]

    def optional(self, field_: str, group: str = "") -> str | None:
        """The cell, or None when it is empty or a placeholder such as n/a or TBD."""
        value = self.get(field_, group)
        return None if not value or value.casefold() in PLACEHOLDERS else value

    def header(self, field_: str, group: str = "") -> str:
        return self._cells.get((field_, group), (field_, ""))[0]


def _unguarded(cell: str) -> str:
    """A cell a spreadsheet export guarded against formulas (``'=SUM…``) reads as written."""
    return cell[1:] if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@\t\r" else cell


# -- the rows ------------------------------------------------------------------------------


class _Reader:
    """Reads rows one by one into records and the report."""

    def __init__(self, options: ImportOptions, order: dating.Order) -> None:
        self.options, self.order = options, order
        self.applications: list[TrackedApplication] = []
        self.skipped: list[Finding] = []
        self.refused: list[Finding] = []
        self.notes: list[Finding] = []

    def note(self, row: _Row, column: str, value: str, advice: str) -> None:
        self.notes.append(Finding(row.line, column, value, advice))

    def read(self, row: _Row) -> None:
        for column, value in row.controls:
            self.note(row, column, _CONTROL.sub("?", value), gettext("control characters removed"))
        for column, value in row.long:
            long = gettext("longer than %(limit)s characters, so left empty")
            self.note(row, column, value, long % {"limit": f"{MAX_CELL:,}"})
        raw_status = row.get("status")
        status = status_of(raw_status, self.options.statuses)
        if status == "skip":
            self.skipped.append(
                Finding(
                    row.line,
                    row.header("status"),
                    raw_status,
                    gettext("never applied to, so skipped"),
                )
            )
            return
        company, role = _one_line(row.get("company")), _one_line(row.get("role"))
        if not company or not role:
            missing = "company" if not company else "role"
            advice = (
                gettext("no company, so the row was not stored; fill it in and import again")
                if not company
                else gettext("no role, so the row was not stored; fill it in and import again")
            )
            self.refused.append(Finding(row.line, row.header(missing), "", advice))
            return
        if status is None:
            self.note(
                row,
                row.header("status"),
                raw_status,
                gettext(
                    "not a status afterview knows, so stored as applied; to choose, import "
                    'again and say which status "%(word)s" means'
                )
                % {"word": _one_line(raw_status)[:40]},
            )
        self.applications.append(self._application(row, company, role, status or "applied"))

    def _application(
        self, row: _Row, company: str, role: str, status: ApplicationStatus
    ) -> TrackedApplication:
        applied = self._moment(row, "applied_on")
        interview = self._moment(row, "interview_at")
        timed = interview is not None and interview[1]
        notes = row.get("notes").replace("\r\n", "\n").replace("\r", "\n")
        contacts, junk = self._contacts(row)
        return TrackedApplication(
            line=row.line,
            company=company,
            role=role,
            status=status,
            applied_on=applied[0].astimezone(self.options.timezone).date() if applied else None,
            interview_at=interview[0] if interview and timed else None,
            interview_on=interview[0].date() if interview and not timed else None,
            contacts=contacts,
            url=row.optional("url"),
            source=_one_line(row.optional("source") or "") or None,
            notes=notes or None,
            extra=tuple(row.extra + junk),
        )

    def _moment(self, row: _Row, field_: str) -> tuple[datetime, bool] | None:
        """The aware moment in a date column and whether it has a time of day; None when
        empty, or unreadable (then named in the report)."""
        raw = row.optional(field_)
        if raw is None:
            return None
        try:
            moment, timed = dating.read_moment(raw, self.order)
        except dating.Unreadable as exc:
            unread = gettext("not a date, so left empty; %(advice)s")
            self.note(row, row.header(field_), raw, unread % {"advice": exc})
            return None
        zone = self.options.timezone
        return (moment.replace(tzinfo=zone) if moment.tzinfo is None else moment), timed

    def _contacts(self, row: _Row) -> tuple[tuple[TrackedContact, ...], list[tuple[str, str]]]:
        """Everyone the row names, each once, and the name cells that name nobody."""
        found: list[TrackedContact] = []
        junk: list[tuple[str, str]] = []
        for group in row.groups:
            cell = row.optional("contacts.name", group)
            if cell and cell.startswith("[{"):
                for contact in _stored_contacts(cell):
                    merge(found, contact)
                continue
            persons, left_over = people(
                cell,
                row.optional("contacts.email", group),
                row.optional("contacts.phone", group),
                row.optional("contacts.title", group),
                group,
            )
            for contact in persons:
                merge(found, contact)
            if left_over:
                junk.append((row.header("contacts.name", group), "; ".join(left_over)))
        return tuple(found), junk


def _stored_contacts(cell: str) -> list[TrackedContact]:
    """The ``contacts`` cell of afterview's own CSV export: a JSON list of people."""
    try:
        data = json.loads(cell)
    except ValueError:
        return []
    out = []
    for item in data if isinstance(data, list) else []:
        if isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"]:
            values = {k: item.get(k) for k in ("email", "title", "phone", "role")}
            clean = {k: v if isinstance(v, str) and v else None for k, v in values.items()}
            out.append(TrackedContact(name=item["name"], **clean))
    return out


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _quoted(value: str) -> str:
    """A cell's value for a message: on one line, in quotes, cut short when long."""
    text = _one_line(value)
    return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'


__all__ = [
    "Finding",
    "ImportOptions",
    "TrackedApplication",
    "TrackedContact",
    "TrackerImport",
    "parse_tracker_csv",
    "parse_tracker_rows",
]

"""Checking an archive whole, before a single row of it is stored.

An archive may come from anywhere: an older afterview, a hand edit, a broken download, a
file made to do harm. :func:`check` reads every row of every table against the types the
tables hold (msgspec, in C: a quarter of a million plan steps take a fraction of a second)
and then what types cannot say — ids given twice, references to rows the archive lacks,
unknown time zones, a panel that is not a list of people — and collects the problems. If
there is any, the import is refused whole with the first few named by their place
(``tables.interviews.rows[3].start_at``), and the database is not touched: no half-imported
search, no database error half-way through.

A sound archive takes a quicker road (:func:`decode`): msgspec reads the JSON text straight
into typed rows in one pass, with the same types (but times, read as twenty characters and
then checked in bulk by the same rule), so a good import does not pay for reading the
archive twice; any problem sends it down the road above, which names it.

Times must be the archive's own form, UTC ``YYYY-MM-DDTHH:MM:SSZ`` (a real date: the
pattern knows month lengths and, for 29 February, leap years by the four-year rule); dates
are ``YYYY-MM-DD``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from operator import itemgetter
from types import GenericAlias
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec
from msgspec import Meta

from afterview.domain.errors import InputError
from afterview.domain.models import CHANNELS, PLAN_KINDS
from afterview.services.archive import COLUMNS, OPTIONAL

FIRST = 3  # problems named in the message

_DAY = (
    r"(?:\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    r"|02-(?:0[1-9]|1\d|2[0-8]))|\d\d(?:[02468][048]|[13579][26])-02-29)"
)
Time = Annotated[str, Meta(pattern=rf"^{_DAY}T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$")]
Day = Annotated[str, Meta(pattern=rf"^{_DAY}$")]
# On the quick road a time is read as twenty characters and checked in bulk afterwards
# (_exact_times): the rule of Time, without calling the pattern for each of two million.
QuickTime = Annotated[str, Meta(min_length=20, max_length=20)]
Id = Annotated[int, Meta(ge=1, le=2**31 - 1)]
Count = Annotated[int, Meta(ge=0, le=2**31 - 1)]
Name = Annotated[str, Meta(min_length=1)]
Json = str  # JSON text, read by _JSON_COLUMNS below

ApplicationStatus = Literal["applied", "interviewing", "offer", "rejected", "withdrawn", "closed"]
OutcomeKind = Literal["offer", "rejected", "withdrawn", "closed"]
StepStatus = Literal["pending", "done", "skipped", "cancelled"]
MessageStatus = Literal["approved", "scheduled", "sent", "failed", "blocked", "cancelled"]
Channel = Literal[CHANNELS]  # type: ignore[valid-type]
PlanKind = Literal[PLAN_KINDS]  # type: ignore[valid-type]

# The type of each exported column (archive.COLUMNS); ``| None`` where it may be empty. A
# column added to the archive without a type here is read as any JSON value.
TYPES: dict[str, dict[str, Any]] = {
    "applications": {
        "id": Id,
        "company": Name,
        "role": str,
        "status": ApplicationStatus,
        "channel_before": Literal["email", "phone", "portal", "linkedin"],
        "referrer_name": str | None,
        "referrer_email": str | None,
        "refs": Json,
        "links": Json,
        "url": str | None,
        "source": str | None,
        "notes": str | None,
        "contacts": Json,
        "extra": Json,
        "applied_on": Day | None,
        "replied_at": Time | None,
        "not_until": Day | None,
        "outcome_kind": OutcomeKind | None,
        "outcome_at": Time | None,
        "on_paper": bool,
        "feedback": str | None,
        "created_at": Time,
        "updated_at": Time,
    },
    "interviews": {
        "id": Id,
        "application_id": Id,
        "round": Annotated[int, Meta(ge=1, le=1000)],
        "start_at": Time,
        "end_at": Time,
        "timezone": Name,
        "format": Literal["phone", "video", "onsite"],
        "decision": str | None,
        "decision_date": Day | None,
        "contact_preference": Literal["email", "phone", "portal", "unstated", "no_contact"],
        "next_step": str | None,
        "panel": Json,
        "promises": Json,
        "notes": Json,
        "created_at": Time,
    },
    "actions": {
        "application_id": Id,
        "interview_id": Id,
        "key": Name,
        "kind": PlanKind,
        "to_name": str | None,
        "channel": Channel | None,
        "zone": Name,
        "not_before": Time,
        "due": Time,
        "send_at": Time | None,
        "rule": Name,
        "why": str,
        "sources": Json,
        "status": StepStatus,
        "done_at": Time | None,
        "note": str | None,
        "reason": str | None,
        "edited": bool,
        "created_at": Time,
        "updated_at": Time,
    },
    "history": {
        "application_id": Id,
        "kind": Name,
        "to_name": str | None,
        "channel": Channel,
        "at": Time,
        "about": str | None,
        "note": str | None,
        "created_at": Time,
    },
    "overrides": {
        "application_id": Id,
        "kind": Name,
        "to_name": str | None,
        "rules": Json,
        "reason": str,
        "at": Time,
        "created_at": Time,
    },
    "messages": {
        "application_id": Id,
        "action_interview_id": Id | None,
        "action_key": str | None,
        "kind": Name,
        "to_name": str | None,
        "to_email": str,
        "from_email": str,
        "subject": str,
        "body": str,
        "status": MessageStatus,
        "message_id": Name,
        "in_reply_to": str | None,
        "refs": str | None,
        "send_at": Time,
        "approved_at": Time,
        "claimed_by": str | None,
        "claimed_at": Time | None,
        "handoff_at": Time | None,
        "attempts": Count,
        "next_attempt_at": Time | None,
        "sent_at": Time | None,
        "replan_pending": bool,
        "error": str | None,
        "created_at": Time,
        "updated_at": Time,
    },
    "mail_events": {
        "application_id": Id,
        "message_id": Name,
        "in_reply_to": str | None,
        "from_addr": str,
        "from_name": str | None,
        "subject": str | None,
        "received_at": Time,
        "kind": Literal["human", "auto", "rejection", "offer"],
        "return_on": Day | None,
        "status": Literal["new", "applied", "confirmed", "dismissed", "undone"],
        "why": str | None,
        "decided_at": Time | None,
        "created_at": Time,
        "prior": str | None,
    },
    "reflections": {
        "application_id": Id,
        "interview_id": Id | None,
        "kind": Literal["debrief", "revisit", "expressive"],
        "data": Json,
        "written_at": Time,
        "created_at": Time,
        "updated_at": Time,
    },
}


class Person(msgspec.Struct):
    """One panel member as stored: a name at least; the rest is the interview file's."""

    name: Name


_JSON_COLUMNS: dict[tuple[str, str], Any] = {
    ("applications", "refs"): list[dict[str, Any]],
    ("applications", "links"): list[dict[str, Any]],
    ("applications", "contacts"): list[dict[str, Any]],
    ("applications", "extra"): dict[str, Any],
    ("interviews", "panel"): list[Person],
    ("interviews", "promises"): list[dict[str, Any]],
    ("interviews", "notes"): dict[str, Any],
    ("actions", "sources"): list[Any],
    ("overrides", "rules"): list[str],
    ("reflections", "data"): dict[str, Any],
}
_ZONE_COLUMNS = {("interviews", "timezone"), ("actions", "zone")}
_CANDIDATE = msgspec.defstruct(
    "Candidate",
    [
        ("name", str),
        ("email", str),
        ("timezone", str),
        ("country", str),
        ("phone", str | None, None),
        ("subdivision", str | None, None),
        ("signature", str | None, None),
    ],
    forbid_unknown_fields=True,
)


class Problems:
    """What is wrong with an archive: the first few in full, and how many in all."""

    def __init__(self) -> None:
        self.first: list[str] = []
        self.count = 0

    def add(self, where: str, what: str) -> None:
        self.count += 1
        if len(self.first) < FIRST:
            self.first.append(f"{where}: {what}")

    def raise_any(self) -> None:
        if not self.count:
            return
        more = self.count - len(self.first)
        tail = f" (and {more} more)" if more else ""
        raise InputError("archive_refused", problems="; ".join(self.first), more=tail)


Rows = Sequence[Sequence[Any]]


def check(tables: Mapping[str, Rows], candidate: Any) -> None:
    """Raise one :class:`InputError` naming the first problems, or return if there is none."""
    problems = Problems()
    if candidate:
        _typed(problems, "candidate", candidate, _CANDIDATE, ())
    for table, rows in tables.items():
        columns = COLUMNS[table]
        _typed(
            problems, f"tables.{table}.rows", rows, GenericAlias(list, _row_type(table)), columns
        )
    if problems.count:  # the links below assume the types are right
        problems.raise_any()
    check_links(tables)


def decode(text: str | bytes) -> tuple[dict[str, Rows], dict[str, Any] | None] | None:
    """The quick path for a sound archive: JSON read and every cell typed in one pass (C),
    rows as tuples; ``None`` when anything is off, and the caller reads the archive the
    slow way, which names the problems. The links are not checked here (:func:`check_links`).
    """
    try:
        doc = _archive_decoder().decode(text)
    except (msgspec.ValidationError, msgspec.DecodeError, UnicodeDecodeError):
        return None
    tables: dict[str, Rows] = {}
    for table, columns in COLUMNS.items():
        entry = getattr(doc.tables, table)
        if entry is None:
            tables[table] = []
        elif entry.columns != list(columns):
            return None
        else:
            tables[table] = entry.rows
    if not _exact_times(tables):
        return None
    candidate = msgspec.structs.asdict(doc.candidate) if doc.candidate is not None else None
    return tables, candidate


def check_links(tables: Mapping[str, Rows]) -> None:
    """What types cannot say: ids given twice, links, JSON columns, time zones."""
    problems = Problems()
    _unique_ids(problems, tables)
    _unique_steps(problems, tables)
    _links(problems, tables)
    _json_columns(problems, tables)
    _zones(problems, tables)
    problems.raise_any()


_ROW_TYPES: dict[str, Any] = {}
_DECODER: list[msgspec.json.Decoder[Any]] = []


def _archive_decoder() -> msgspec.json.Decoder[Any]:
    """A decoder for a whole archive whose rows are typed tuples (built once)."""
    if not _DECODER:
        tables = []
        for table, columns in COLUMNS.items():
            row = GenericAlias(tuple, tuple(_quick_type(table, c) for c in columns))
            entry = msgspec.defstruct(
                f"{table}_table", [("columns", list[str]), ("rows", GenericAlias(list, row))]
            )
            tables.append((table, entry | None, None) if table in OPTIONAL else (table, entry))
        archive = msgspec.defstruct(
            "Archive",
            [
                ("format", Literal["afterview-archive"]),
                ("version", Literal[1]),
                ("tables", msgspec.defstruct("Tables", tables)),
                ("candidate", _CANDIDATE | None, None),
            ],
        )
        _DECODER.append(msgspec.json.Decoder(archive))
    return _DECODER[0]


def _quick_type(table: str, column: str) -> Any:
    """The column's type on the quick road: a time is read as twenty characters."""
    kind = TYPES[table].get(column, Any)
    if kind == Time:
        return QuickTime
    return QuickTime | None if kind == Time | None else kind


def _time_columns(table: str, optional: bool) -> list[int]:
    """The positions of the table's time columns that may (or may not) be empty."""
    kind = Time | None if optional else Time
    return [at for at, column in enumerate(COLUMNS[table]) if TYPES[table].get(column) == kind]


_TIMES = {table: (_time_columns(table, False), _time_columns(table, True)) for table in COLUMNS}
_SHAPE = "0000-00-00T00:00:00Z"  # a time with each digit read as 0
_DIGITS_AS_ZERO = str.maketrans("123456789", "000000000")
_DAY_TEXT = re.compile(_DAY)
# With the shape right and the hour's tens 0–2, "T2" then 4–9 is the only hour past 23: a
# search for it skips along the text, where pairing two million tens and units took longer.
_LATE_HOUR = re.compile("T2[4-9]")


def _exact_times(tables: Mapping[str, Rows]) -> bool:
    """Whether every time read on the quick road is one ``Time`` accepts (the slow road
    names any that is not).

    msgspec calls a pattern once for each value: for two million times, more than it
    takes to read the rest of the archive. Here the times are joined into one text and
    checked a column of characters at a time: the shape (digits, ``-``, ``T``, ``:``,
    ``Z`` in their places), the clock (hours below 24, minutes and seconds below 60), and
    the day of each distinct date (a search holds a few thousand) with the pattern's own
    calendar.
    """
    values = list(chain.from_iterable(_times(table, rows) for table, rows in tables.items()))
    joined = "".join(values)
    if not joined.isascii() or joined.translate(_DIGITS_AS_ZERO) != _SHAPE * len(values):
        return False
    if joined[14::20].strip("012345") or joined[17::20].strip("012345"):
        return False
    if joined[11::20].strip("012") or _LATE_HOUR.search(joined):
        return False
    return all(map(_DAY_TEXT.fullmatch, set(map(itemgetter(slice(0, 10)), values))))


def _times(table: str, rows: Rows) -> Iterable[str]:
    """Every time of the table's rows but the empty ones, row after row."""
    required, optional = _TIMES[table]
    return chain(_cells(rows, required), filter(None, _cells(rows, optional)))


def _cells(rows: Rows, positions: Sequence[int]) -> Iterable[Any]:
    """The cells at ``positions`` of every row, row after row (at C speed)."""
    if not positions:
        return ()
    if len(positions) == 1:
        return map(itemgetter(positions[0]), rows)
    return chain.from_iterable(map(itemgetter(*positions), rows))


def _row_type(table: str) -> Any:
    """A row as msgspec reads it: an array of the table's columns, in order."""
    if table not in _ROW_TYPES:
        fields = [(c, TYPES[table].get(c, Any)) for c in COLUMNS[table]]
        _ROW_TYPES[table] = msgspec.defstruct(f"{table}_row", fields, array_like=True)
    return _ROW_TYPES[table]


_PATH = re.compile(r"^(?P<what>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_INDEX = re.compile(r"^\[(\d+)\]\[(\d+)\](.*)$")


def _typed(problems: Problems, where: str, value: Any, kind: Any, columns: Sequence[str]) -> None:
    try:
        msgspec.convert(value, kind)
    except msgspec.ValidationError as exc:
        found = _PATH.match(str(exc))
        assert found is not None
        what, path = found["what"], found["path"] or ""
        cell = _INDEX.match(path)
        if cell and columns:  # rows[3][2] -> rows[3].status
            path = f"[{cell[1]}].{columns[int(cell[2])]}{cell[3]}"
        problems.add(f"{where}{path}", _reworded(what))


def _reworded(what: str) -> str:
    if what.startswith("Expected `str` matching regex"):
        return "not a time in the archive's form (UTC, like 2026-11-20T14:00:00Z) or a date"
    if what.startswith("Invalid enum value"):
        return f"{what.removeprefix('Invalid enum value ').strip()} is not a value afterview knows"
    return what[0].lower() + what[1:] if what else "not readable"


def _unique_ids(problems: Problems, tables: Mapping[str, Rows]) -> None:
    for table in ("applications", "interviews"):
        if _all_different(map(itemgetter(0), tables[table])):  # quick: no row is named
            continue
        seen: set[int] = set()
        for index, row in enumerate(tables[table]):
            if row[0] in seen:
                problems.add(f"tables.{table}.rows[{index}].id", f"id {row[0]} is given twice")
            seen.add(row[0])


def _all_different(values: Iterable[Any]) -> bool:
    """Whether no value comes twice (counted at C speed; the rows are walked only when one
    does, to name it)."""
    values = list(values)
    return len(set(values)) == len(values)


def _unique_steps(problems: Problems, tables: Mapping[str, Rows]) -> None:
    """A plan step is known by its interview and its key: each pair once."""
    names = COLUMNS["actions"]
    interview, key = names.index("interview_id"), names.index("key")
    if _all_different(map(itemgetter(interview, key), tables["actions"])):
        return
    seen: set[tuple[int, str]] = set()
    for index, row in enumerate(tables["actions"]):
        pair = (row[interview], row[key])
        if pair in seen:
            problems.add(
                f"tables.actions.rows[{index}].key",
                f"interview {pair[0]} has the step {pair[1]!r} twice",
            )
        seen.add(pair)


def _links(problems: Problems, tables: Mapping[str, Rows]) -> None:
    """Every row points at an application (and interview) of the archive, and a step's
    interview belongs to the step's application. Checked as sets first (quick); only a
    table with a broken link is walked row by row to name the rows."""
    apps = {row[0] for row in tables["applications"]}
    interview_app = {row[0]: row[1] for row in tables["interviews"]}
    for table, rows in tables.items():
        names = COLUMNS[table]
        app_at = names.index("application_id") if "application_id" in names else None
        iv_at = next((names.index(c) for c in _INTERVIEW_LINKS if c in names), None)
        if not _linked_well(rows, app_at, iv_at, apps, interview_app):
            _broken_links(problems, table, rows, app_at, iv_at, apps, interview_app)


def _linked_well(
    rows: Rows,
    app_at: int | None,
    iv_at: int | None,
    apps: set[int],
    interview_app: dict[int, int],
) -> bool:
    if app_at is not None and not set(map(itemgetter(app_at), rows)) <= apps:
        return False
    if iv_at is None:
        return True
    if app_at is None:
        return set(map(itemgetter(iv_at), rows)) - {None} <= interview_app.keys()
    pairs = set(map(itemgetter(iv_at, app_at), rows))
    return {pair for pair in pairs if pair[0] is not None} <= interview_app.items()


def _broken_links(
    problems: Problems,
    table: str,
    rows: Rows,
    app_at: int | None,
    iv_at: int | None,
    apps: set[int],
    interview_app: dict[int, int],
) -> None:
    names = COLUMNS[table]
    for index, row in enumerate(rows):
        where = f"tables.{table}.rows[{index}]"
        if app_at is not None and row[app_at] not in apps:
            problems.add(f"{where}.application_id", f"{row[app_at]} names no application")
        if iv_at is None or row[iv_at] is None:
            continue
        parent = interview_app.get(row[iv_at])
        if parent is None:
            problems.add(f"{where}.{names[iv_at]}", f"{row[iv_at]} names no interview")
        elif app_at is not None and parent != row[app_at]:
            problems.add(
                f"{where}.{names[iv_at]}", f"interview {row[iv_at]} belongs to another application"
            )


_INTERVIEW_LINKS = ("interview_id", "action_interview_id")


def _json_columns(problems: Problems, tables: Mapping[str, Rows]) -> None:
    for (table, column), kind in _JSON_COLUMNS.items():
        at = COLUMNS[table].index(column)
        decoder = msgspec.json.Decoder(kind)
        wrong: dict[str, str] = {}
        for text in set(map(itemgetter(at), tables[table])):  # many rows share one text
            try:
                decoder.decode(text)
            except msgspec.DecodeError as exc:
                wrong[text] = _json_problem(kind, str(exc).split(" - at ")[0])
        if wrong:
            for index, row in enumerate(tables[table]):
                if row[at] in wrong:
                    problems.add(f"tables.{table}.rows[{index}].{column}", wrong[row[at]])


def _json_problem(kind: Any, what: str) -> str:
    if kind == list[Person]:
        return f"not a list of people with a name each ({what[0].lower() + what[1:]})"
    return f"not the JSON this column holds ({what[0].lower() + what[1:]})"


def _zones(problems: Problems, tables: Mapping[str, Rows]) -> None:
    for table, column in sorted(_ZONE_COLUMNS):
        at = COLUMNS[table].index(column)
        for name in _unknown_zones(map(itemgetter(at), tables[table])):
            index = next(i for i, row in enumerate(tables[table]) if row[at] == name)
            problems.add(
                f"tables.{table}.rows[{index}].{column}",
                f"unknown time zone {name!r} (an IANA name such as Europe/Berlin is expected)",
            )


def _unknown_zones(names: Iterable[str]) -> list[str]:
    unknown = []
    for name in sorted(set(names)):
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            unknown.append(name)
    return unknown


__all__ = ["TYPES", "Problems", "check"]

"""The archive: a lossless JSON export of everything an owner has, and its import.

An archive holds the candidate profile and the tables — applications, interviews, plan
steps (``actions``), history, overrides, the outbox (``messages``), the replies the watch
saw (``mail_events``) and journal entries (``reflections``) — each as
``{"columns": [...], "rows": [[...], ...]}``, one row to a line. Rows rather than nested
objects keep a search of 10,000 applications and a quarter of a million plan steps small
and quick to write and read (the column names are not repeated a million times), and the
format maps one to one onto the tables, so an import restores every step with its status,
notes and edits.

An outbox message keeps everything but its link to a plan step (steps have no id in the
archive); the calendar feed's token and how far the inbox was read are not exported: a
restored database makes a new token and reads the inbox again (replies already seen are
recognised by their Message-ID).

Ids are the archive's own (1, 2, 3… in export order) and only link rows within it; an
import gives them new ids, so an archive can be merged into a database that already holds
other applications. Times are UTC (``YYYY-MM-DDTHH:MM:SSZ``), dates ``YYYY-MM-DD``, and the
JSON columns (panel, promises, notes, sources…) stay JSON text, exactly as stored. Exporting
a database, importing the archive into an empty one and exporting again gives the same
document, on SQLite and on PostgreSQL alike.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, TextIO

from afterview.domain.errors import InputError
from afterview.domain.wording import name_key
from afterview.services.ports import Tx, UnitOfWork
from afterview.services.ports import archive_repo as store
from afterview.services.ports import learning_repo as learn
from afterview.services.ports import repository as repo

FORMAT = "afterview-archive"
VERSION = 1
PROGRESS_EVERY = 200

Progress = Callable[[int, int], None]

# Exported columns of each table: all but owner_id and derived look-up keys. Plan steps and
# history are referenced by nothing, so they carry no id of their own.
COLUMNS: dict[str, tuple[str, ...]] = {
    "applications": (
        "id",
        "company",
        "role",
        "status",
        "channel_before",
        "referrer_name",
        "referrer_email",
        "refs",
        "links",
        "url",
        "source",
        "notes",
        "contacts",
        "extra",
        "applied_on",
        "replied_at",
        "not_until",
        "outcome_kind",
        "outcome_at",
        "on_paper",
        "feedback",
        "created_at",
        "updated_at",
    ),
    "interviews": (
        "id",
        "application_id",
        "round",
        "start_at",
        "end_at",
        "timezone",
        "format",
        "decision",
        "decision_date",
        "contact_preference",
        "next_step",
        "panel",
        "promises",
        "notes",
        "created_at",
    ),
    "actions": (
        "application_id",
        "interview_id",
        "key",
        "kind",
        "to_name",
        "channel",
        "zone",
        "not_before",
        "due",
        "send_at",
        "rule",
        "why",
        "sources",
        "status",
        "done_at",
        "note",
        "reason",
        "edited",
        "created_at",
        "updated_at",
    ),
    "history": (
        "application_id",
        "kind",
        "to_name",
        "channel",
        "at",
        "about",
        "note",
        "created_at",
    ),
    "overrides": (
        "application_id",
        "kind",
        "to_name",
        "rules",
        "reason",
        "at",
        "created_at",
    ),
    # Added after the first archives were written: an archive without them still imports.
    "messages": (
        "application_id",
        "action_interview_id",  # the plan step, named by its interview and its stable key
        "action_key",
        "kind",
        "to_name",
        "to_email",
        "from_email",
        "subject",
        "body",
        "status",
        "message_id",
        "in_reply_to",
        "refs",
        "send_at",
        "approved_at",
        "claimed_by",
        "claimed_at",
        "handoff_at",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "replan_pending",
        "error",
        "created_at",
        "updated_at",
    ),
    "mail_events": (
        "application_id",
        "message_id",
        "in_reply_to",
        "from_addr",
        "from_name",
        "subject",
        "received_at",
        "kind",
        "return_on",
        "status",
        "why",
        "decided_at",
        "created_at",
        "prior",
    ),
    "reflections": (
        "application_id",
        "interview_id",
        "kind",
        "data",
        "written_at",
        "created_at",
        "updated_at",
    ),
}
OPTIONAL = ("messages", "mail_events", "reflections")  # absent from the first archives
# Rows that name a mail message by its Message-ID, which is unique: importing an archive
# into the database it came from keeps the message once instead of failing.
UNIQUE_BY_MESSAGE = ("messages", "mail_events")


# -- export --------------------------------------------------------------------------------


def export_data(work: UnitOfWork, *, now: datetime) -> dict[str, Any]:
    """The whole archive as one JSON-ready document (for tests and small searches)."""
    with work.read() as tx:
        doc = _header(tx, now)
        doc["tables"] = {
            table: {
                "columns": list(columns),
                "rows": [json.loads(r) for r in _rows(tx, table)],
            }
            for table, columns in COLUMNS.items()
        }
    return doc


def write_archive(work: UnitOfWork, out: TextIO, *, now: datetime) -> None:
    """Write the archive as it is read, in one snapshot, one row to a line."""
    with work.read() as tx:
        head = json.dumps(_header(tx, now), ensure_ascii=False)
        out.write(head[:-1] + ', "tables": {')
        for t, (table, columns) in enumerate(COLUMNS.items()):
            names = json.dumps(list(columns))
            out.write(f'{"," if t else ""}\n"{table}": {{"columns": {names}, "rows": [')
            first = True
            for batch in _batches(tx, table):
                out.write(("\n" if first else ",\n") + ",\n".join(batch))
                first = False
            out.write("\n]}")
        out.write("}}\n")


def _header(tx: Tx, now: datetime) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "candidate": repo.get_candidate(tx),
    }


def _rows(tx: Tx, table: str) -> Iterator[str]:
    for batch in _batches(tx, table):
        yield from batch


def _batches(tx: Tx, table: str) -> Iterator[list[str]]:
    return store.export_batches(tx, table, COLUMNS[table])


# -- import --------------------------------------------------------------------------------


def import_archive(
    work: UnitOfWork,
    data: Any,
    *,
    now: datetime,
    progress: Progress | None = None,
) -> int:
    """Restore an archive next to what the database holds; returns the applications added.

    The whole archive is checked first (:mod:`afterview.services.archive_check`); one
    problem anywhere and nothing is written. Then every table goes in as a few large
    ``executemany`` statements with ids chosen up front (``archive_repo.new_ids``), instead
    of one ``INSERT … RETURNING id`` per application and interview.
    """
    from afterview.services import archive_check

    tables = _checked(data)
    archive_check.check(tables, data.get("candidate"))
    return _store(work, tables, data.get("candidate"), now=now, progress=progress)


def import_text(
    work: UnitOfWork,
    text: str | bytes,
    *,
    now: datetime,
    progress: Progress | None = None,
) -> int:
    """Restore an archive from its JSON text (or UTF-8 bytes): a sound archive is read and
    typed in one pass; anything else is read again as plain JSON, so that the problems can
    be named."""
    from afterview.services import archive_check

    if isinstance(text, bytes) and text.startswith(codecs.BOM_UTF8):
        text = text[len(codecs.BOM_UTF8) :]
    quick = archive_check.decode(text)
    if quick is None:
        try:
            data = json.loads(_unicode(text))
        except json.JSONDecodeError as exc:
            raise InputError(
                "archive_not_json", line=exc.lineno, column=exc.colno, problem=exc.msg
            ) from None
        return import_archive(work, data, now=now, progress=progress)
    tables, candidate = quick
    archive_check.check_links(tables)
    return _store(work, tables, candidate, now=now, progress=progress)


def _unicode(text: str | bytes) -> str:
    """The archive's text; bytes that are not UTF-8 are not JSON, and say where."""
    if isinstance(text, str):
        return text
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = text.count(b"\n", 0, exc.start) + 1
        column = exc.start - text.rfind(b"\n", 0, exc.start)
        raise InputError("archive_not_json", line=line, column=column, problem=str(exc)) from None


def _store(
    work: UnitOfWork,
    tables: Mapping[str, Sequence[Sequence[Any]]],
    candidate: dict[str, Any] | None,
    *,
    now: datetime,
    progress: Progress | None,
) -> int:
    """Write a checked archive in one transaction; returns the applications added. Its
    links were checked (:func:`archive_check.check_links`) and point at the ids taken under
    the write lock, so the database need not look up every row's parents again."""
    with work.write(links_checked=True) as tx:
        if candidate:
            repo.save_candidate(tx, candidate, now)
        with store.bulk_load(tx, {table: len(rows) for table, rows in tables.items()}):
            apps = _insert_keyed(tx, "applications", tables["applications"], {}, progress)
            ivs = _insert_keyed(tx, "interviews", tables["interviews"], {"applications": apps})
            mapped = {"applications": apps, "interviews": ivs}
            for table in ("actions", "history", "overrides", *OPTIONAL):
                _insert_many(tx, table, tables[table], mapped)
        learn.index_unindexed(tx, now)  # the interviews' questions join the bank
    return len(tables["applications"])


def _checked(data: Any) -> dict[str, list[list[Any]]]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError("not_an_archive", format=FORMAT)
    if data.get("version") != VERSION:
        raise InputError("archive_version", version=data.get("version"))
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise InputError("archive_no_tables")
    out: dict[str, list[list[Any]]] = {}
    for table, columns in COLUMNS.items():
        entry = tables.get(table)
        if entry is None and table in OPTIONAL:
            out[table] = []
            continue
        if not isinstance(entry, dict) or entry.get("columns") != list(columns):
            raise InputError("archive_table_columns", table=table)
        rows = entry.get("rows")
        if not isinstance(rows, list):
            raise InputError("archive_rows_not_list", table=table)
        for index, row in enumerate(rows):
            if not isinstance(row, list) or len(row) != len(columns):
                raise InputError("archive_row_width", table=table, index=index, count=len(columns))
        out[table] = rows
    return out


def _insert_keyed(
    tx: Tx,
    table: str,
    rows: Sequence[Sequence[Any]],
    mapped: dict[str, dict[int, int]],
    progress: Progress | None = None,
) -> dict[int, int]:
    """Insert rows that others point at, with ids chosen first; returns archive id -> new id."""
    ids = store.new_ids(tx, table, len(rows))
    new_ids = {row[0]: new for row, new in zip(rows, ids, strict=True)}
    moves = _moves(table, {**mapped, table: new_ids}, ("id",))
    if moves is not None and progress is None and not _derived(table):
        store.insert_rows(tx, table, COLUMNS[table], rows, moved=moves, fixed=_owned(tx))
        return new_ids
    names = [*COLUMNS[table], "owner_id", *_derived(table)]
    values = _linked(table, rows, mapped, tx.owner)
    for row, new in zip(values, ids, strict=True):
        row[0] = new
        row.extend(_keys(table, row))
    step = PROGRESS_EVERY if progress else max(len(values), 1)
    for start in range(0, len(values), step):
        store.insert_rows(tx, table, names, values[start : start + step])
        if progress and start + step <= len(values):
            progress(start + step, len(values))
    return new_ids


def _keys(table: str, row: list[Any]) -> tuple[str, ...]:
    if table != "applications":
        return ()
    return name_key(row[1]), name_key(row[2])


def _insert_many(
    tx: Tx,
    table: str,
    rows: Sequence[Sequence[Any]],
    mapped: dict[str, dict[int, int]],
) -> None:
    if not rows:
        return
    columns = COLUMNS[table]
    moves = _moves(table, mapped) if table != "messages" else None
    if moves is not None:
        store.insert_rows(
            tx,
            table,
            columns,
            rows,
            skip_conflicts=table in UNIQUE_BY_MESSAGE,
            moved=moves,
            fixed=_owned(tx),
        )
        return
    values = _linked(table, rows, mapped, tx.owner)
    names = [*columns, "owner_id"]
    if table == "messages":
        values = _with_steps(tx, values, columns, mapped)
        names = [n for n in names if n not in ("action_interview_id", "action_key")]
        names.append("action_id")
    store.insert_rows(tx, table, names, values, skip_conflicts=table in UNIQUE_BY_MESSAGE)


def _with_steps(
    tx: Tx,
    values: list[list[Any]],
    columns: tuple[str, ...],
    mapped: dict[str, dict[int, int]],
) -> list[list[Any]]:
    """Outbox rows with the new id of the plan step each belongs to (one query for all)."""
    new_interviews = list(mapped["interviews"].values())
    steps: dict[tuple[int, str], int] = {}
    if new_interviews:
        steps = store.step_ids(tx, min(new_interviews), max(new_interviews))
    iv_at, key_at = columns.index("action_interview_id"), columns.index("action_key")
    out = []
    for row in values:
        step = steps.get((row[iv_at], row[key_at])) if row[iv_at] is not None else None
        out.append([v for i, v in enumerate(row) if i not in (iv_at, key_at)] + [step])
    return out


def _owned(tx: Tx) -> dict[str, int]:
    return {"owner_id": tx.owner}


def _moves(
    table: str, mapped: Mapping[str, Mapping[int, int]], own: tuple[str, ...] = ()
) -> dict[str, int] | None:
    """What the database adds to each link of ``table`` (and to the ``own`` id columns, of
    the table itself) to turn the archive's ids into the new ones, or None when a link
    cannot be turned so and each row is mapped in Python (:func:`_linked`).

    An archive's ids are 1, 2, 3… in export order and the new ones a run of as many, so
    each table's ids usually move by one number: the rows then go in as they were read,
    the links moved by the database, with no copy of a quarter of a million rows made first.
    """
    links = [(column, table) for column in own]
    links += [(COLUMNS[table][position], target) for position, target in _LINKS[table]]
    moves = {}
    for column, target in links:
        shifts = {new - old for old, new in mapped[target].items()}
        if len(shifts) > 1:
            return None
        moves[column] = shifts.pop() if shifts else 0  # no rows: nothing links to them
    return moves


def _linked(
    table: str, rows: Sequence[Sequence[Any]], mapped: dict[str, dict[int, int]], owner: int
) -> list[list[Any]]:
    """Copies of the rows with the owner added and their links to applications and
    interviews turned into the new ids (the archive was checked: every link names a row
    of it). Column by column, which is several times quicker than row by row."""
    out = [[*row, owner] for row in rows]
    for position, target in _LINKS[table]:
        new = mapped[target]
        for row in out:
            if row[position] is not None:
                row[position] = new[row[position]]
    return out


_LINK_TARGETS = {
    "application_id": "applications",
    "interview_id": "interviews",
    "action_interview_id": "interviews",
}
_LINKS: dict[str, tuple[tuple[int, str], ...]] = {
    table: tuple(
        (i, _LINK_TARGETS[c])
        for i, c in enumerate(columns)
        if c in _LINK_TARGETS and not (table == "interviews" and c == "interview_id")
    )
    for table, columns in COLUMNS.items()
}


def _derived(table: str) -> tuple[str, ...]:
    return ("company_key", "role_key") if table == "applications" else ()

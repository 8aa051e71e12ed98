"""The archive's queries: each table's rows as JSON built by the database, fresh ids taken
before a bulk insert, and the bulk insert itself.

Table and column names come from the archive's column lists (``services/archive.py``),
never from an archive's content, so they are written into the SQL text; values are always
parameters. Every read is scoped to ``tx.owner``; ids are the database's, shared by every
account.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from afterview.domain import reasons
from afterview.storage.db import Tx

FETCH = 2000  # rows read from the database at a time
# A table whose import brings at least this many rows, and at least as many as it holds,
# has its secondary indexes built once at the end rather than kept up to date row by row.
BULK_ROWS = 10_000
BULK_CACHE_KIB = 256 * 1024  # the page cache of an import's connection while it loads
BOOLEANS = {"on_paper", "edited", "replan_pending"}  # stored as 0/1 on SQLite


# -- export --------------------------------------------------------------------------------


def export_batches(tx: Tx, table: str, columns: Sequence[str]) -> Iterator[list[str]]:
    """The table's rows as JSON arrays of ``columns``, built by the database itself.

    Turning a quarter of a million rows into Python objects and back into JSON took most of
    an export's time; SQLite's ``json_array`` and PostgreSQL's ``json_build_array`` hand
    over one finished string per row. Ids are renumbered 1, 2, 3… in id order, and
    references follow them.
    """
    coded = table == "actions" and "why" in columns
    cursor = tx.execute(_export_sql(tx.dialect, table, columns, coded), {"o": tx.owner})
    while batch := cursor.fetchmany(FETCH):
        rows = [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in batch]
        yield [_in_english(r[0], r[1], columns) if coded else r[0] for r in rows]


def _in_english(row: str, why: str | None, columns: Sequence[str]) -> str:
    """The row with a step's coded reason worded in English, as archives have always kept
    it (the text, not the code: an archive is read back by any version, anywhere)."""
    if not why or not why.startswith(reasons.MARK):
        return row
    stored, worded = json.dumps(why, ensure_ascii=False), reasons.english(why)
    if row.count(stored) == 1:  # the database quoted it as Python does: swap it in place
        return row.replace(stored, json.dumps(worded, ensure_ascii=False))
    values = json.loads(row)
    values[list(columns).index("why")] = worded
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


_ORDINALS = """WITH
  app AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM applications
          WHERE owner_id = :o),
  iv AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM interviews WHERE owner_id = :o)
"""
_TIMES = {
    "replied_at",
    "outcome_at",
    "created_at",
    "updated_at",
    "start_at",
    "end_at",
    "not_before",
    "due",
    "send_at",
    "done_at",
    "at",
    "approved_at",
    "claimed_at",
    "handoff_at",
    "next_attempt_at",
    "sent_at",
    "received_at",
    "decided_at",
    "written_at",
}
_DATES = {"applied_on", "not_until", "decision_date", "return_on"}


def _export_sql(dialect: str, table: str, columns: Sequence[str], why: bool = False) -> str:
    own = {"applications": "app", "interviews": "iv"}.get(table)
    joins = []
    values = []
    for column in columns:
        if column == "id":
            values.append("ROW_NUMBER() OVER (ORDER BY x.id)")  # the same numbers as app/iv
        elif column == "action_interview_id":
            values.append(
                "(SELECT s.n FROM actions a JOIN iv s ON s.id = a.interview_id"
                " WHERE a.id = x.action_id)"
            )
        elif column == "action_key":
            values.append("(SELECT a.key FROM actions a WHERE a.id = x.action_id)")
        elif column in ("application_id", "interview_id"):
            alias = "app" if column == "application_id" else "iv"
            if alias != own:
                join = "LEFT JOIN" if (table, column) in _NULLABLE_LINKS else "JOIN"
                joins.append(f"{join} {alias} ON {alias}.id = x.{column}")
            values.append(f"{alias}.n")
        else:
            values.append(_value_sql(dialect, column))
    build = "json_array" if dialect == "sqlite" else "json_build_array"
    cast = "" if dialect == "sqlite" else "::text"  # the text itself, not a parsed value
    also = ", x.why AS why" if why else ""  # read as stored too, to be worded
    return (
        f"{_ORDINALS}SELECT {build}({', '.join(values)}){cast} AS row{also} FROM {table} x "
        f"{' '.join(dict.fromkeys(joins))} WHERE x.owner_id = :o ORDER BY x.id"
    )


_NULLABLE_LINKS = {("reflections", "interview_id")}  # an entry about the whole application


def _value_sql(dialect: str, column: str) -> str:
    if dialect == "sqlite":  # SQLite stores the archive's text forms already
        if column in BOOLEANS:
            return f"CASE WHEN x.{column} THEN json('true') ELSE json('false') END"
        return f"x.{column}"
    if column in _TIMES:
        return f"""to_char(x.{column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""
    if column in _DATES:
        return f"to_char(x.{column}, 'YYYY-MM-DD')"
    return f"x.{column}"


# -- import --------------------------------------------------------------------------------


def new_ids(tx: Tx, table: str, count: int) -> list[int]:
    """``count`` fresh ids for ``table``, taken before the rows are written.

    SQLite: the transaction holds the write lock (``BEGIN IMMEDIATE``), so nobody else adds
    rows; the ids after the highest are free. PostgreSQL: the table's own sequence hands
    them out, so concurrent writers never collide.
    """
    if not count:
        return []
    if tx.dialect == "sqlite":
        row = tx.one(f"SELECT COALESCE(MAX(id), 0) AS top FROM {table}")
        top = int(row["top"]) if row else 0
        return list(range(top + 1, top + 1 + count))
    found = tx.all(
        f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) AS id "
        "FROM generate_series(1, :n) ORDER BY 1",
        {"n": count},
    )
    return [int(r["id"]) for r in found]


def insert_rows(
    tx: Tx,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    skip_conflicts: bool = False,
    moved: Mapping[str, int] | None = None,
    fixed: Mapping[str, int] | None = None,
) -> None:
    """Insert many rows of plain values in one statement (see :meth:`Tx.insert_rows`)."""
    tx.insert_rows(table, columns, rows, skip_conflicts=skip_conflicts, moved=moved, fixed=fixed)


@contextlib.contextmanager
def bulk_load(tx: Tx, incoming: Mapping[str, int]) -> Iterator[None]:
    """Load ``incoming`` rows per table inside the block; on SQLite, at the cost of the
    indexes of the tables it fills.

    SQLite keeps every index up to date row by row: a quarter of a million plan steps land
    at random places in three indexes of ``actions`` (owner, status, dates…), and once those
    outgrow the page cache each row reads and writes pages all over the file. So, for a
    large import, the block runs with a page cache large enough for the whole load, and a
    table that gets many rows (``BULK_ROWS``, and no fewer than it holds) loses its
    secondary indexes for the block; they are built again at its end, each in one sorted
    pass. Dropping and creating an index is transactional in SQLite: if the block fails or
    the process dies, the transaction rolls back with the indexes as they were, and other
    connections read the committed indexes meanwhile. Unique indexes (constraints) are kept:
    they check the rows as they come.

    PostgreSQL keeps its indexes: dropping one locks the whole table, every account's rows
    in a career centre, until the import commits.
    """
    if tx.dialect != "sqlite" or max(incoming.values(), default=0) < BULK_ROWS:
        yield
        return
    found = tx.one("PRAGMA cache_size")
    cache = int(found["cache_size"]) if found else -2000
    tx.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        dropped = _drop_indexes(tx, [t for t, n in incoming.items() if _worth_dropping(tx, t, n)])
        yield
        for sql in dropped:
            tx.execute(sql)
    finally:
        with contextlib.suppress(sqlite3.Error):  # the connection may outlive the import
            tx.execute(f"PRAGMA cache_size = {cache}")


def _worth_dropping(tx: Tx, table: str, incoming: int) -> bool:
    """Whether building ``table``'s indexes anew costs less than keeping them up to date:
    the rows coming are many, and at least as many as those there."""
    if incoming < BULK_ROWS:
        return False
    row = tx.one(f"SELECT COUNT(*) AS n FROM {table}")
    return incoming >= (int(row["n"]) if row else 0)


def _drop_indexes(tx: Tx, tables: Sequence[str]) -> list[str]:
    """Drop the tables' secondary indexes (SQLite); returns the SQL that makes them again."""
    if not tables:
        return []
    found = tx.all(
        f"""SELECT name, sql FROM sqlite_master
              WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
                AND tbl_name IN ({", ".join(f"'{t}'" for t in tables)})
              ORDER BY name"""
    )
    for index in found:
        tx.execute(f'DROP INDEX "{index["name"]}"')
    return [str(index["sql"]) for index in found]


def step_ids(tx: Tx, first_interview: int, last_interview: int) -> dict[tuple[int, str], int]:
    """The id of every plan step of the interviews with ids in ``[first, last]``, by
    (interview id, stable key): one query for a whole import."""
    steps: dict[tuple[int, str], int] = {}
    for r in tx.all(
        """SELECT id, interview_id, key FROM actions
               WHERE owner_id = :o AND interview_id BETWEEN :lo AND :hi""",
        {"o": tx.owner, "lo": first_interview, "hi": last_interview},
    ):
        steps[(int(r["interview_id"]), r["key"])] = int(r["id"])
    return steps

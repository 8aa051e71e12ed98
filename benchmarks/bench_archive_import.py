"""Importing an archive of 10,000 applications: checked whole, stored in bulk.

The archive is the search of ``bench_tracking.py`` (``bench_tracking_data``): 10,000
applications, 3 interview rounds each, about 26 plan steps and 10 history entries per
application, 190 MB of JSON. Each variant imports it into a fresh, migrated SQLite
database (the migration is not timed), in-process; the variants alternate, and each is
timed ``--runs`` times (median reported):

* **import** — ``transfer.import_json`` as ``afterview import`` runs it, on the file's bytes
  as the command reads them and with the cyclic collector paused as the command pauses it
  (``cli.common.collector_paused``): read the JSON straight into typed rows and check the
  whole archive (``archive_check``), insert with a few ``executemany`` calls and ids chosen
  up front (a large table without its secondary indexes, built at the end), commit.
* **row at a time** (baseline) — the importer as it was before: parse, no checks, one
  ``INSERT … RETURNING id`` per application and interview, the other tables through
  ``Tx.executemany`` with a dictionary per row.
* **bare sqlite3** (floor) — the same rows written by ``sqlite3.executemany`` with no
  parsing of JSON columns, no checks and no id mapping: what the machine and SQLite
  allow at best.
* **bare sqlite3, indexes at the end** — the same, with the secondary indexes of the four
  large tables dropped first and built at the end, and a 256 MB page cache: the floor for
  the way the import now writes.
* **check only** — reading the JSON into typed rows and checking the links
  (``archive_check.decode`` and ``check_links``): what the import spends before writing.

Run: ``.venv/bin/python benchmarks/bench_archive_import.py`` (``--applications 2000`` for a
quick look, ``--shape applications`` for the applications without their interviews, steps
and history, as a job tracker's export would give).
"""

from __future__ import annotations

import argparse
import functools
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from afterview.wiring import local_work as local

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from afterview.cli.common import collector_paused  # noqa: E402
from afterview.domain.wording import name_key  # noqa: E402
from afterview.services import archive, archive_check, transfer  # noqa: E402
from afterview.storage import repository as repo  # noqa: E402
from afterview.storage.db import Database, Tx, sqlite_url  # noqa: E402
from benchmarks import bench_tracking_data as data  # noqa: E402

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Archive:
    """The generated archive: its text, and the file's bytes as ``afterview import`` reads
    them (msgspec reads bytes; a ``str`` would cache its UTF-8 form after the first run,
    which the command never gets)."""

    text: str
    data: bytes


def fresh(folder: Path, name: str) -> Database:
    for old in folder.glob(f"{name}.db*"):
        old.unlink()
    db = Database(sqlite_url(folder / f"{name}.db"))
    db.ensure_schema()
    return db


# -- the variants ----------------------------------------------------------------------------


def bulk_import(db: Database, archive_file: Archive) -> None:
    with collector_paused():  # as the command imports an archive
        transfer.import_json(local(db), archive_file.data, now=NOW)


def row_at_a_time(db: Database, archive_file: Archive) -> None:
    """The importer before bulk inserts and checks (kept here as the baseline)."""
    doc = json.loads(archive_file.text)
    tables = {t: doc["tables"].get(t, {"rows": []})["rows"] for t in archive.COLUMNS}
    with local(db).write() as tx:
        repo.save_candidate(tx, doc["candidate"], NOW)
        apps = _one_by_one(tx, "applications", tables["applications"], {})
        ivs = _one_by_one(tx, "interviews", tables["interviews"], {"applications": apps})
        mapped = {"applications": apps, "interviews": ivs}
        for table in ("actions", "history", "overrides"):
            columns = archive.COLUMNS[table]
            names = [*columns, "owner_id"]
            sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES "
            sql += f"({', '.join(':' + n for n in names)})"
            tx.executemany(sql, [_named(columns, row, mapped) for row in tables[table]])


def _one_by_one(
    tx: Tx, table: str, rows: list[list[Any]], mapped: dict[str, dict[int, int]]
) -> dict[int, int]:
    columns = archive.COLUMNS[table]
    extra = ["company_key", "role_key"] if table == "applications" else []
    names = [*columns[1:], "owner_id", *extra]
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES "
    sql += f"({', '.join(':' + n for n in names)}) RETURNING id"
    new_ids = {}
    for row in rows:
        values = _named(columns, row, mapped)
        values.pop("id")
        if extra:
            values.update(
                company_key=name_key(values["company"]), role_key=name_key(values["role"])
            )
        new_ids[row[0]] = tx.insert(sql, values)
    return new_ids


def _named(
    columns: tuple[str, ...], row: list[Any], mapped: dict[str, dict[int, int]]
) -> dict[str, Any]:
    values = dict(zip(columns, row, strict=True))
    for column in ("application_id", "interview_id"):
        if values.get(column) is not None:
            values[column] = mapped[column.removesuffix("_id") + "s"][values[column]]
    values["owner_id"] = 1  # the local account, the only one of a fresh database
    return values


def bare_sqlite(db: Database, archive_file: Archive, *, late_indexes: bool = False) -> None:
    """The floor: the archive's rows straight into SQLite, ids as they are; with
    ``late_indexes``, the secondary indexes dropped first and built at the end, as the
    import does for a large table."""
    doc = json.loads(archive_file.text)
    assert db.path is not None
    conn = sqlite3.connect(db.path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("BEGIN IMMEDIATE")
    indexes = []
    if late_indexes:
        conn.execute("PRAGMA cache_size = -262144")
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('applications', 'interviews', 'actions', 'history')"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f"DROP INDEX {name}")
    for table, columns in archive.COLUMNS.items():
        rows = doc["tables"].get(table, {"rows": []})["rows"]
        if not rows or table in archive.OPTIONAL:
            continue
        names = [*columns, "owner_id"]
        extra: Callable[[list[Any]], list[Any]] = lambda row: []  # noqa: E731
        if table == "applications":
            names += ["company_key", "role_key"]
            extra = lambda row: [row[1].casefold(), row[2].casefold()]  # noqa: E731
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        conn.executemany(sql, ([*row, 1, *extra(row)] for row in rows))
    for _, create in indexes:
        conn.execute(create)
    conn.execute("COMMIT")
    conn.close()


def check_only(db: Database, archive_file: Archive) -> None:
    """What the import spends before writing: the typed read and the links."""
    quick = archive_check.decode(archive_file.data)
    assert quick is not None, "the generated archive must take the quick road"
    archive_check.check_links(quick[0])


VARIANTS: dict[str, Callable[[Database, Archive], None]] = {
    "import (checked, bulk)": bulk_import,
    "row at a time (baseline)": row_at_a_time,
    "bare sqlite3 (floor)": bare_sqlite,
    "bare sqlite3, indexes at the end": functools.partial(bare_sqlite, late_indexes=True),
    "check only": check_only,
}


# -- running ---------------------------------------------------------------------------------


def build(folder: Path, n: int, shape: str) -> Archive:
    start = time.perf_counter()
    candidate, by_outcome = data.templates(folder)
    export = data.search_export(candidate, by_outcome, now=NOW, n=n)
    if shape == "applications":  # a tracker's worth: the applications alone
        for table, entry in export["tables"].items():
            if table != "applications":
                entry["rows"] = []
    size = data.write_json(export, folder / "search.json")
    took = time.perf_counter() - start
    print(f"generated {n:,} applications ({size / 1e6:.0f} MB) in {took:.0f} s", file=sys.stderr)
    path = folder / "search.json"
    return Archive(path.read_text(encoding="utf-8"), path.read_bytes())


def measure(folder: Path, archive_file: Archive, runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in VARIANTS}
    names = list(VARIANTS)
    for run in range(runs):
        for name in names[run % len(names) :] + names[: run % len(names)]:  # rotate the order
            db = fresh(folder, "bench")
            start = time.perf_counter()
            VARIANTS[name](db, archive_file)
            times[name].append(time.perf_counter() - start)
            print(f"run {run + 1}: {name}: {times[name][-1]:.2f} s", file=sys.stderr)
    return times


def report(times: dict[str, list[float]], n: int) -> None:
    medians = {name: statistics.median(t) for name, t in times.items()}
    ours = medians["import (checked, bulk)"]
    print("| variant | median | applications/s | ratio to the import |")
    print("|---|---|---|---|")
    for name, median in medians.items():
        rate = f"{n / median:,.0f}" if name != "check only" else "—"
        print(f"| {name} | {median:.2f} s | {rate} | {median / ours:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--shape",
        choices=["full", "applications"],
        default="full",
        help="full: with interviews, plan steps and history; applications: those alone",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="afterview-bench-archive-") as scratch:
        folder = Path(scratch)
        archive_file = build(folder, args.applications, args.shape)
        report(measure(folder, archive_file, args.runs), args.applications)


if __name__ == "__main__":
    main()

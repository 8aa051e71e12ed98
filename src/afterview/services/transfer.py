"""Export, import and backup.

The JSON export is the lossless archive of :mod:`afterview.services.archive`: every
application with its interviews, plan steps (with their status, notes and edits) and
history, plus the candidate profile. CSV gives one summary row per application.

Job trackers' CSV and .xlsx exports are imported by :mod:`afterview.services.tracker_import`.
Every import is one transaction: a process killed half-way leaves the database as it was.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from afterview import csv_cells, private_files
from afterview.domain.errors import InputError
from afterview.services import archive
from afterview.services.ports import BackupSource, Tx, UnitOfWork
from afterview.services.ports import overview_repo as views
from afterview.stored import utc_text

PROGRESS_EVERY = archive.PROGRESS_EVERY

Progress = Callable[[int, int], None]


# -- export ---------------------------------------------------------------------------------


def export_data(work: UnitOfWork, *, now: datetime) -> dict[str, Any]:
    """The lossless archive as one document (see :mod:`afterview.services.archive`)."""
    return archive.export_data(work, now=now)


def write_export(work: UnitOfWork, out: TextIO, fmt: str, *, now: datetime) -> None:
    """``json``: the lossless archive, streamed; ``yaml``: the same document in YAML;
    ``csv``: one summary row per application, for a spreadsheet."""
    if fmt == "json":
        archive.write_archive(work, out, now=now)
    elif fmt == "yaml":
        import yaml

        data = archive.export_data(work, now=now)
        out.write(str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False)))
    elif fmt == "csv":
        with work.read() as tx:
            _write_csv(tx, out)
    else:
        raise InputError("unknown_export_format", value=fmt)


_CSV_HEADER = (
    "id",
    "company",
    "role",
    "status",
    "applied_on",
    "interviews",
    "last_interview",
    "decision",
    "outcome",
    "next_step",
    "next_step_from",
    "url",
    "source",
    "notes",
    "contacts",  # JSON: the people a tracker import recorded
)  # then one column per extra field a tracker import kept, so a round trip loses nothing


def _write_csv(tx: Tx, out: TextIO) -> None:
    rounds = {r["application_id"]: r for r in views.interview_summaries(tx)}
    steps: dict[int, dict[str, Any]] = {}
    for step in views.pending_step_kinds_latest_first(tx):
        steps[step["application_id"]] = step  # descending: the earliest stays
    writer = csv_cells.writer(out, lineterminator="\n")  # formulas neutralised
    apps = views.all_applications(tx)
    extras = [json.loads(app["extra"] or "{}") for app in apps]
    taken = {name.casefold() for name in _CSV_HEADER}
    extra_names = [
        n for n in dict.fromkeys(k for e in extras for k in e) if n.casefold() not in taken
    ]
    writer.writerow([*_CSV_HEADER, *extra_names])
    for app, extra in zip(apps, extras, strict=True):
        r, s = rounds.get(app["id"], {}), steps.get(app["id"], {})
        writer.writerow(
            [
                app["id"],
                app["company"],
                app["role"],
                app["status"],
                _cell(app["applied_on"]),
                r.get("n", 0),
                _cell(r.get("last")),
                r.get("decision") or "",
                app["outcome_kind"] or "",
                s.get("kind", ""),
                _cell(s.get("not_before")),
                app["url"] or "",
                app["source"] or "",
                app["notes"] or "",
                app["contacts"] if app["contacts"] not in (None, "[]") else "",
                *(str(extra.get(name, "")) for name in extra_names),
            ]
        )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return utc_text(value)
    return str(value.isoformat() if isinstance(value, date) else value)


# -- JSON import ----------------------------------------------------------------------------


def import_json(
    work: UnitOfWork,
    text: str | bytes,
    *,
    now: datetime,
    progress: Progress | None = None,
) -> int:
    """Restore an archive, from its text or the file's bytes (UTF-8, the quicker to read);
    returns how many applications were added."""
    # PostgreSQL cannot store it; no afterview export holds one
    if (b"\\u0000" in text) if isinstance(text, bytes) else ("\\u0000" in text):
        raise InputError("archive_has_nul")
    return archive.import_text(work, text, now=now, progress=progress)


# -- backup ---------------------------------------------------------------------------------


def backup(work: UnitOfWork, target: Path, *, now: datetime) -> Path:
    """A consistent copy while the app may be writing: SQLite's online backup when the
    file holds this account alone, else (PostgreSQL, or several accounts in one file) a
    JSON export of the account's search taken in one snapshot. The file is created 0600 before the
    first byte is copied into it, and never replaces an existing file."""
    fd = _new_private_file(target)
    try:
        if work.db.dialect == "sqlite" and work.sole_account():
            os.close(fd)
            _sqlite_copy(work.db, target)
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                archive.write_archive(work, out, now=now)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def _new_private_file(target: Path) -> int:
    try:
        private_files.make_folder(target.parent)
        return private_files.create(target, exclusive=True)
    except FileExistsError:
        raise InputError("file_exists", path=target) from None
    except OSError as exc:
        raise InputError("cannot_create_file", path=target, problem=exc.strerror) from None


def _sqlite_copy(db: BackupSource, target: Path) -> None:
    """SQLite's online backup into the (empty, private) file at ``target``."""
    import sqlite3

    assert db.path is not None
    db.ensure_schema()
    src = sqlite3.connect(db.path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def print_progress(done: int, total: int) -> None:
    print(f"imported {done}/{total}…", file=sys.stderr, flush=True)

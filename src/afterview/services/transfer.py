"""Export, import and backup.

The JSON export is lossless: every application with its interviews, plan steps (with
their status, notes and edits) and history, plus the candidate profile. Importing it into
an empty database and exporting again gives the same document. Record ids are not part of
the export: records nest, so an export can be merged into another database.

CSV import reads the application exports of common job trackers (see
``afterview.importers.tracker_csv``); a file with a broken row is refused whole, so nothing
is ever half-imported. Every import is one transaction: a process killed half-way leaves
the database as it was.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from afterview.domain.errors import InputError
from afterview.storage import repository as repo
from afterview.storage.db import Database, Tx, to_date, to_datetime

FORMAT = "afterview"
VERSION = 1
PROGRESS_EVERY = 200

Progress = Callable[[int, int], None]

_APP_COLUMNS = (
    "company",
    "role",
    "status",
    "channel_before",
    "url",
    "source",
    "notes",
    "applied_on",
    "replied_at",
    "not_until",
    "created_at",
    "updated_at",
)
_IV_COLUMNS = (
    "round",
    "start_at",
    "end_at",
    "timezone",
    "format",
    "decision",
    "decision_date",
    "contact_preference",
    "next_step",
    "created_at",
)
_ACTION_COLUMNS = (
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
    "status",
    "done_at",
    "note",
    "reason",
    "edited",
    "created_at",
    "updated_at",
)
_HISTORY_COLUMNS = ("kind", "to_name", "channel", "at", "about", "note", "created_at")
_TIMES = {
    "replied_at",
    "created_at",
    "updated_at",
    "start_at",
    "end_at",
    "not_before",
    "due",
    "send_at",
    "done_at",
    "at",
    "outcome_at",
}
_DATES = {"applied_on", "not_until", "decision_date"}


# -- export ---------------------------------------------------------------------------------


CHUNK = 500  # applications read per round trip while exporting


def export_data(db: Database, *, now: datetime, owner: int = repo.PERSONAL_OWNER) -> dict[str, Any]:
    """Everything the owner has, as one JSON-ready document."""
    with db.read() as tx:
        return {**_header(tx, now, owner), "applications": list(_applications(tx, owner))}


def write_export(
    db: Database, out: TextIO, fmt: str, *, now: datetime, owner: int = repo.PERSONAL_OWNER
) -> None:
    """Write an export as it is read, one application at a time, in one snapshot.

    JSON comes one application to a line, so memory stays flat however large the search.
    """
    if fmt == "yaml":
        out.write(export_text(export_data(db, now=now, owner=owner), "yaml"))
        return
    if fmt not in ("json", "csv"):
        raise InputError(f"--format: {fmt!r} is not one of json, csv, yaml.")
    with db.read() as tx:
        apps = _applications(tx, owner)
        if fmt == "csv":
            _write_csv(apps, out)
            return
        head = json.dumps(_header(tx, now, owner), ensure_ascii=False)
        out.write(head[:-1] + ', "applications": [')
        for index, app in enumerate(apps):
            out.write("\n" if index == 0 else ",\n")
            out.write(json.dumps(app, ensure_ascii=False))
        out.write("\n]}\n")


def _header(tx: Tx, now: datetime, owner: int) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "candidate": repo.get_candidate(tx, owner),
    }


def _applications(tx: Tx, owner: int) -> Iterator[dict[str, Any]]:
    """Every application with its interviews, steps and history, in id order, by chunks."""
    after = -1
    while True:
        apps = tx.all(
            "SELECT * FROM applications WHERE owner_id = :o AND id > :after ORDER BY id LIMIT :n",
            {"o": owner, "after": after, "n": CHUNK},
        )
        if not apps:
            return
        span = {"o": owner, "lo": apps[0]["id"], "hi": apps[-1]["id"]}
        ivs = _grouped(tx, "interviews", "application_id", span)
        acts = _grouped(tx, "actions", "interview_id", span)
        hist = _grouped(tx, "history", "application_id", span)
        for app in apps:
            yield _export_app(app, ivs, acts, hist)
        after = apps[-1]["id"]


def _grouped(tx: Tx, table: str, by: str, span: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    rows = tx.all(
        f"SELECT * FROM {table} WHERE owner_id = :o AND application_id BETWEEN :lo AND :hi "
        "ORDER BY id",
        span,
    )
    for row in rows:
        out.setdefault(row[by], []).append(row)
    return out


def _export_app(
    app: dict[str, Any],
    ivs: dict[int, list[dict[str, Any]]],
    acts: dict[int, list[dict[str, Any]]],
    hist: dict[int, list[dict[str, Any]]],
) -> dict[str, Any]:
    out = _plain(app, _APP_COLUMNS)
    out["referrer"] = (
        {"name": app["referrer_name"], "email": app["referrer_email"]}
        if app["referrer_name"]
        else None
    )
    for key, column in (
        ("references", "refs"),
        ("links", "links"),
        ("contacts", "contacts"),
        ("extra", "extra"),
    ):
        out[key] = json.loads(app[column])
    out["outcome"] = (
        {
            "kind": app["outcome_kind"],
            "at": _iso(app["outcome_at"]),
            "on_paper": bool(app["on_paper"]),
            "feedback": app["feedback"],
        }
        if app["outcome_kind"]
        else None
    )
    out["interviews"] = []
    for iv in ivs.get(app["id"], []):
        entry = _plain(iv, _IV_COLUMNS)
        for key in ("panel", "promises", "notes"):
            entry[key] = json.loads(iv[key])
        entry["actions"] = [_export_action(a) for a in acts.get(iv["id"], [])]
        out["interviews"].append(entry)
    out["history"] = [_plain(h, _HISTORY_COLUMNS) for h in hist.get(app["id"], [])]
    return out


def _export_action(row: dict[str, Any]) -> dict[str, Any]:
    out = _plain(row, _ACTION_COLUMNS)
    out["edited"] = bool(row["edited"])
    out["sources"] = list(_sources(row["sources"]))
    return out


@lru_cache(maxsize=256)
def _sources(text: str) -> tuple[str, ...]:
    """Steps of one rule share their sources: each distinct list is parsed once."""
    return tuple(json.loads(text))


def _plain(row: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    out = {}
    for column in columns:
        value = row[column]
        if column in _TIMES:
            value = _iso(value)
        elif column in _DATES:
            day = to_date(value)
            value = day.isoformat() if day else None
        out[column] = value
    return out


def _iso(value: Any) -> str | None:
    if isinstance(value, str) and value.endswith("Z"):  # SQLite's stored form: already UTC
        return value[:-1] + "+00:00"
    moment = to_datetime(value)
    return moment.isoformat() if moment else None


def export_text(data: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        import yaml

        return str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    if fmt == "csv":
        return _csv(data)
    raise InputError(f"--format: {fmt!r} is not one of json, csv, yaml.")


def _csv(data: dict[str, Any]) -> str:
    buffer = io.StringIO()
    _write_csv(iter(data["applications"]), buffer)
    return buffer.getvalue()


def _write_csv(apps: Iterator[dict[str, Any]], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
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
        ]
    )
    for app in apps:
        ivs = app["interviews"]
        last = ivs[-1] if ivs else None
        pending = sorted(
            (a for iv in ivs for a in iv["actions"] if a["status"] == "pending"),
            key=lambda a: a["not_before"],
        )
        writer.writerow(
            [
                app["company"],
                app["role"],
                app["status"],
                app["applied_on"] or "",
                len(ivs),
                last["start_at"] if last else "",
                (last or {}).get("decision") or "",
                (app["outcome"] or {}).get("kind", ""),
                pending[0]["kind"] if pending else "",
                pending[0]["not_before"] if pending else "",
                app["url"] or "",
                app["source"] or "",
            ]
        )


# -- JSON import ----------------------------------------------------------------------------


def import_json(
    db: Database,
    text: str,
    *,
    now: datetime,
    owner: int = repo.PERSONAL_OWNER,
    progress: Progress | None = None,
) -> int:
    """Restore an export; returns how many applications were added."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError('not an afterview export (expected "format": "afterview").')
    apps = data.get("applications")
    if not isinstance(apps, list):
        raise InputError("the export has no `applications` list.")
    with db.transaction() as tx:
        if data.get("candidate"):
            repo.save_candidate(tx, owner, data["candidate"], now)
        for index, app in enumerate(apps):
            try:
                _import_app(tx, owner, app, now)
            except (KeyError, TypeError, ValueError) as exc:
                raise InputError(
                    f"applications[{index}]: {_problem(exc)}; nothing was imported."
                ) from None
            if progress and (index + 1) % PROGRESS_EVERY == 0:
                progress(index + 1, len(apps))
    return len(apps)


def _problem(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    return str(exc)


def _import_app(tx: Tx, owner: int, app: dict[str, Any], now: datetime) -> None:
    app_id = repo.create_application(tx, owner, app, app["status"], now)
    fields: dict[str, Any] = {
        c: _value(c, app[c]) for c in ("replied_at", "not_until", "created_at", "updated_at")
    }
    outcome = app.get("outcome")
    if outcome:
        fields.update(
            outcome_kind=outcome["kind"],
            outcome_at=_value("at", outcome["at"]),
            on_paper=bool(outcome["on_paper"]),
            feedback=outcome.get("feedback"),
        )
    sets = ", ".join(f"{k} = :{k}" for k in fields)
    tx.execute(f"UPDATE applications SET {sets} WHERE id = :id", {**fields, "id": app_id})
    for iv in app["interviews"]:
        iv_id = _insert(
            tx,
            "interviews",
            owner,
            app_id,
            None,
            iv,
            _IV_COLUMNS,
            {k: repo.dumps(iv[k]) for k in ("panel", "promises", "notes")},
        )
        for action in iv["actions"]:
            _insert(
                tx,
                "actions",
                owner,
                app_id,
                iv_id,
                action,
                _ACTION_COLUMNS,
                {"sources": repo.dumps(action["sources"])},
            )
    for entry in app["history"]:
        _insert(tx, "history", owner, app_id, None, entry, _HISTORY_COLUMNS, {})


def _insert(
    tx: Tx,
    table: str,
    owner: int,
    app_id: int,
    iv_id: int | None,
    record: dict[str, Any],
    columns: tuple[str, ...],
    extra: dict[str, Any],
) -> int:
    values = {c: _value(c, record[c]) for c in columns}
    values.update(extra, owner_id=owner, application_id=app_id)
    if iv_id is not None:
        values["interview_id"] = iv_id
    names = list(values)
    sql = (
        f"INSERT INTO {table} ({', '.join(names)}) VALUES "
        f"({', '.join(':' + n for n in names)}) RETURNING id"
    )
    return tx.insert(sql, values)


def _value(column: str, value: Any) -> Any:
    if value is None:
        return None
    if column in _TIMES:
        return to_datetime(value)
    if column in _DATES:
        return to_date(value)
    return value


# -- CSV import -----------------------------------------------------------------------------


def import_csv(
    db: Database,
    text: str,
    *,
    now: datetime,
    owner: int = repo.PERSONAL_OWNER,
    progress: Progress | None = None,
) -> tuple[int, list[str]]:
    """Import a job tracker's CSV; returns (applications added, notes for the user)."""
    from zoneinfo import ZoneInfo

    from afterview.importers.tracker_csv import parse_tracker_csv

    with db.read() as tx:
        candidate = repo.get_candidate(tx, owner) or {}
    zone = ZoneInfo(candidate.get("timezone", "UTC"))
    parsed = parse_tracker_csv(text, timezone=zone, dayfirst=candidate.get("country") != "US")
    if parsed.problems:
        first = parsed.problems[0]
        more = f" (and {len(parsed.problems) - 1} more)" if len(parsed.problems) > 1 else ""
        message = first.message.rstrip(".")
        raise InputError(f"line {first.line}: {message}{more}; nothing was imported.")
    notes = [f"line {s.line}: skipped ({s.message.rstrip('.')})" for s in parsed.skipped]
    if parsed.unknown_columns:
        notes.append(
            "kept as extra fields (no afterview field matches): "
            + ", ".join(parsed.unknown_columns)
        )
    with db.transaction() as tx:
        for index, record in enumerate(parsed.applications):
            repo.create_application(tx, owner, _tracked(record), record.status, now)
            if progress and (index + 1) % PROGRESS_EVERY == 0:
                progress(index + 1, len(parsed.applications))
    return len(parsed.applications), notes


def _tracked(record: Any) -> dict[str, Any]:
    contacts = [
        {
            k: v
            for k, v in (
                ("name", c.name),
                ("email", c.email),
                ("title", c.title),
                ("phone", c.phone),
            )
            if v
        }
        for c in record.contacts
    ]
    extra = dict(record.extra)
    if record.interview_at is not None:
        extra["interview_at"] = record.interview_at.isoformat()
    return {
        "company": record.company,
        "role": record.role,
        "applied_on": record.applied_on,
        "url": record.url,
        "source": record.source,
        "notes": record.notes,
        "contacts": contacts,
        "extra": extra,
    }


# -- backup ---------------------------------------------------------------------------------


def backup(db: Database, target: Path, *, now: datetime) -> Path:
    """A consistent copy while the app may be writing: SQLite's online backup, or for
    PostgreSQL a JSON export taken in one snapshot."""
    if target.exists():
        raise InputError(f"{target} already exists; choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    if db.dialect == "sqlite":
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
        target.chmod(0o600)
        return target
    target.write_text(export_text(export_data(db, now=now), "json"), encoding="utf-8")
    target.chmod(0o600)
    return target


def print_progress(done: int, total: int) -> None:
    print(f"imported {done}/{total}…", file=sys.stderr, flush=True)

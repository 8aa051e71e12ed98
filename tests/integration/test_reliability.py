"""Crashes and concurrency with real processes: nothing half-written, nothing lost."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from afterview.interview_file import read_data
from afterview.services import tracking, transfer
from afterview.storage.db import Database
from tests.acting import local
from tests.conftest import EXAMPLES, ROOT

NOW = datetime(2026, 11, 20, 16, 0, tzinfo=ZoneInfo("America/Toronto"))


def _env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["AFTERVIEW_DATABASE_URL"] = url
    env["PYTHONPATH"] = str(ROOT)
    return env


def _count(db: Database, table: str) -> int:
    with local(db).read() as tx:
        row = tx.one(f"SELECT COUNT(*) AS n FROM {table}")
    assert row is not None
    return int(row["n"])


def _copies(archive: dict[str, Any], n: int) -> dict[str, Any]:
    """The archive's rows n times over, with ids shifted so every copy is its own search."""
    tables = archive["tables"]
    apps, ivs = len(tables["applications"]["rows"]), len(tables["interviews"]["rows"])
    shifts = {  # which positions hold (own id, application id, interview id) per table
        "applications": ((0, apps),),
        "interviews": ((0, ivs), (1, apps)),
        "actions": ((0, apps), (1, ivs)),
        "history": ((0, apps),),
    }
    out = {t: {"columns": tables[t]["columns"], "rows": []} for t in tables}
    for copy in range(n):
        for table, moves in shifts.items():
            for row in tables[table]["rows"]:
                row = list(row)
                for position, size in moves:
                    row[position] += copy * size
                out[table]["rows"].append(row)
    return {**archive, "tables": out}


def test_a_process_killed_mid_import_leaves_the_database_as_it_was(
    db: Database, database_url: str, tmp_path: Path
) -> None:
    tracking.add(local(db), read_data(EXAMPLES / "panel-interview.yaml"), source="panel", now=NOW)
    big = _copies(transfer.export_data(local(db), now=NOW), 1000)
    assert len(big["tables"]["applications"]["rows"]) == 4000
    path = tmp_path / "big.json"
    path.write_text(json.dumps(big), encoding="utf-8")
    before = {t: _count(db, t) for t in ("applications", "interviews", "actions", "history")}

    with subprocess.Popen(
        [sys.executable, "-m", "afterview", "import", str(path)],
        env=_env(database_url),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    ) as proc:
        assert proc.stderr is not None
        line = proc.stderr.readline()  # the first progress line: rows written, not committed
        proc.kill()
        proc.wait()
    assert line.startswith("imported 200/4000"), line

    after = {t: _count(db, t) for t in before}
    assert after == before
    if db.path is not None:
        conn = sqlite3.connect(db.path)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.close()
    # The database is usable straight away: no lock or half transaction is left behind.
    tracking.outcome(local(db), 1, "withdrawn", at=NOW, now=NOW)
    assert _count(db, "applications") == before["applications"]


def test_two_processes_writing_at_once_lose_nothing(db: Database, database_url: str) -> None:
    tracking.add(local(db), read_data(EXAMPLES / "panel-interview.yaml"), source="panel", now=NOW)
    apps_before = _count(db, "applications")
    count = 25
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.integration.writer", database_url, label, str(count)],
            env=_env(database_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for label in ("left", "right")
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert out.strip() == "done"
    with local(db).read() as tx:
        abouts = {r["about"] for r in tx.all("SELECT about FROM history WHERE kind = 'call'")}
    assert abouts == {f"{side}-{i}" for side in ("left", "right") for i in range(count)}
    assert _count(db, "applications") == apps_before + 2 * count
    with local(db).read() as tx:
        keys = tx.all(
            "SELECT interview_id, key, COUNT(*) AS n FROM actions "
            "GROUP BY interview_id, key HAVING COUNT(*) > 1"
        )
    assert keys == []

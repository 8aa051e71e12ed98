"""The outbox under load: 1,000 queued notes to a local SMTP server.

Measures, on a fresh SQLite database each run (or ``--database-url``):

* **outbox** — one worker (in-process) sending 1,000 due messages: messages per second,
  median of ``--runs`` runs. Each message is claimed (a batch at a time), checked by the
  guards on a freshly built case, handed off and recorded in the history, one transaction
  at a time on the round's one database connection; the application is replanned once at
  the end of the round.
* **baseline** — the same 1,000 messages handed to the same server by bare ``smtplib`` over
  one connection, no database: the ceiling of the machine and the SMTP server, measured
  in the same run so the ratio survives a noisy machine.
* **two workers** — two ``afterview worker --once`` processes started together on one
  queue of 1,000: the server must receive each Message-ID exactly once.

Run: ``make bench-outbox`` or ``.venv/bin/python benchmarks/bench_outbox.py --runs 3``.
"""

from __future__ import annotations

import argparse
import os
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from afterview.wiring import Dispatch
from afterview.wiring import local_work as local

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.smtp import SmtpServer, queue_notes, running_smtp  # noqa: E402

from afterview.interview_file import read_data  # noqa: E402
from afterview.mail import outbox_worker  # noqa: E402
from afterview.services import tracking  # noqa: E402
from afterview.storage.db import Database, sqlite_url  # noqa: E402

TORONTO = ZoneInfo("America/Toronto")
ADDED = datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO)
MORNING = datetime(2026, 11, 21, 8, 30, tzinfo=TORONTO)


def fresh_database(folder: Path, url: str | None, run: int) -> Database:
    if url is None:
        db = Database(sqlite_url(folder / f"run-{run}.db"))
    else:
        import psycopg

        name = f"afterview_bench_outbox_{os.getpid()}_{run}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        db = Database(f"{url.rpartition('/')[0]}/{name}")
    data = read_data(ROOT / "examples" / "panel-interview.yaml")
    tracking.add(local(db), data, source="bench", now=ADDED)
    return db


def outbox_rate(db: Database, mail: SmtpServer, count: int) -> float:
    queue_notes(db, count, now=MORNING)
    before = len(mail.received)
    start = time.perf_counter()
    report = outbox_worker.deliver(Dispatch(db), mail.server(), clock=lambda: MORNING)
    elapsed = time.perf_counter() - start
    assert report.counts["sent"] == count, report.counts
    assert len(mail.received) - before == count
    return count / elapsed


def baseline_rate(mail: SmtpServer, count: int) -> float:
    """Bare smtplib: the same number of small messages over one connection."""
    body = b"Subject: baseline\r\n\r\nThank you for the conversation.\r\n"
    start = time.perf_counter()
    with smtplib.SMTP(mail.host, mail.port, local_hostname="example.org") as smtp:
        for n in range(count):
            smtp.sendmail("jordan.lee@example.org", [f"note-{n}@northwind.example"], body)
    return count / (time.perf_counter() - start)


def two_workers(db: Database, mail: SmtpServer, count: int) -> tuple[int, int, float]:
    """(distinct Message-IDs received, total received, seconds) for two workers at once."""
    ids = set(queue_notes(db, count, now=MORNING))
    before = len(mail.received)
    env = {**os.environ, **mail.env(), "AFTERVIEW_DATABASE_URL": db.url}
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-m", "afterview", "worker", "--once", "--now", MORNING.isoformat()]
    start = time.perf_counter()
    procs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) for _ in "ab"]
    for proc in procs:
        proc.communicate(timeout=1800)
        assert proc.returncode == 0
    elapsed = time.perf_counter() - start
    got = Counter(r.message_id for r in mail.received[before:])
    assert set(got) == ids, "a queued message never arrived"
    return len(got), sum(got.values()), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", help="a PostgreSQL server URL (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running_smtp() as mail:
        folder = Path(tmp)
        os.environ["AFTERVIEW_HOME"] = str(folder / "home")
        rates, baselines = [], []
        for run in range(args.runs):
            baselines.append(baseline_rate(mail, args.messages))
            rates.append(
                outbox_rate(fresh_database(folder, args.database_url, run), mail, args.messages)
            )
            print(f"run {run + 1}: outbox {rates[-1]:.0f}/s, baseline {baselines[-1]:.0f}/s")
        db = fresh_database(folder, args.database_url, args.runs)
        distinct, total, seconds = two_workers(db, mail, args.messages)
    outbox, base = statistics.median(rates), statistics.median(baselines)
    print()
    print(f"{args.messages} messages, median of {args.runs} runs")
    print(f"| outbox, one worker | {outbox:.0f} messages/s |")
    print(f"| bare smtplib, same server (baseline) | {base:.0f} messages/s |")
    print(f"| ratio outbox / baseline | {outbox / base:.3f} |")
    print(
        f"| two workers at once | {distinct} distinct of {total} received "
        f"({args.messages} queued), {args.messages / seconds:.0f} messages/s |"
    )


if __name__ == "__main__":
    main()

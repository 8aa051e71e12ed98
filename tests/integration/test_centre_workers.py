"""A career centre's workers on procrastinate: two ``afterview worker`` processes as the
runtime role send 1,000 messages of 100 seekers, each through the seeker's own stored
mail account, exactly once, though one of them is killed midway (PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from afterview import compose
from afterview.interview_file import read_data
from afterview.services import mail_accounts, tracking
from afterview.services.mail_accounts import ServerSettings
from afterview.storage import outbox_repo
from afterview.storage.work import create_account
from tests.acting import account
from tests.conftest import EXAMPLES
from tests.integration.centre_support import ADDED, Centre, centre, roles, sql
from tests.support.smtp import SmtpServer, running_smtp

__all__ = ["centre", "roles"]  # the fixtures this module's tests use

SEEKERS = 100
EACH = 10
DUE = ADDED + timedelta(days=1)
DEADLINE_S = 80.0  # the whole run; it takes about a third of that on an idle machine
FAULT_AFTER = 40  # the first worker stops dead holding its 40th message
SECOND_AFTER = 10  # the second worker starts once the first has sent 10
CONCURRENT = {"AFTERVIEW_WORKER_CONCURRENCY": "8"}  # its jobs wait on SMTP and SQL, not CPU
KEY = Fernet.generate_key().decode()


def _seekers(centre: Centre, mail: SmtpServer) -> set[str]:
    """100 seekers, each with the panel interview, their own mail account (the test's
    SMTP server) and 10 approved notes due; returns the notes' Message-IDs."""
    interview = read_data(EXAMPLES / "panel-interview.yaml")
    expected: set[str] = set()
    with centre.app_db().pinned() as db:  # one connection for the set-up's transactions
        for n in range(SEEKERS):
            with db.transaction() as tx:
                work = account(db, create_account(tx, f"seeker-{n}", ADDED))
            added = tracking.add(work, interview, source="t", now=ADDED)
            smtp = ServerSettings(mail.host, mail.port, "plain", None, None)
            mail_accounts.save(work, smtp, None, now=ADDED, env={"AFTERVIEW_SECRET_KEY": KEY})
            with work.write() as tx:
                for k in range(EACH):
                    header = compose.new_message_id(f"seeker-{n}@example.org")
                    app_id = added.replanned.application_id
                    outbox_repo.insert(tx, _note(tx.owner, app_id, n, k, header))
                    expected.add(header)
    return expected


def _note(owner: int, app_id: int, n: int, k: int, header: str) -> dict[str, object]:
    return {
        "owner": owner,
        "app": app_id,
        "action": None,
        "kind": "thank_you",
        "to_name": "Tom Becker",
        "to_email": f"note-{n}-{k}@northwind.example",
        "from_email": f"seeker-{n}@example.org",
        "subject": f"Thank you ({n}.{k})",
        "body": "Dear Tom Becker,\n\nThank you for the conversation.\n\nA seeker\n",
        "message_id": header,
        "in_reply_to": None,
        "refs": None,
        "send_at": DUE,
        "now": ADDED,
    }


def _worker(centre: Centre, home: Path, log: Path, **extra: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "AFTERVIEW_DATABASE_URL": centre.app_url,
        "AFTERVIEW_HOME": str(home),
        "AFTERVIEW_SECRET_KEY": KEY,
        "AFTERVIEW_TASK_EVERY_S": "1",
        "AFTERVIEW_WORKER_STALLED_S": "5",  # a loaded machine can pause a worker for 2 s
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "PYTHONFAULTHANDLER": "1",  # a crash writes every thread's stack into the log
        **extra,
    }
    for name in ("AFTERVIEW_SMTP_HOST", "AFTERVIEW_IMAP_HOST"):  # the seekers' own only
        env.pop(name, None)
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "afterview", "worker", "--now", DUE.isoformat()],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _statuses(centre: Centre) -> Counter[str]:
    with sql(centre.owner_url) as conn:
        return _count_statuses(conn)


def _count_statuses(conn: Any) -> Counter[str]:
    rows = conn.execute("SELECT status, COUNT(*) AS n FROM messages GROUP BY status")
    found = Counter({r["status"]: int(r["n"]) for r in rows.fetchall()})
    conn.rollback()  # the next poll sees what was committed since
    return found


def _until(
    condition: object, what: object, deadline: float, *procs: subprocess.Popen[bytes]
) -> None:
    """Poll ``condition`` until it holds; fail at the deadline or if a worker exits."""
    assert callable(condition)
    while not condition():
        for proc in procs:
            assert proc.poll() is None, f"a worker exited ({proc.returncode})"
        if time.monotonic() > deadline:
            pytest.fail(f"not reached in time: {what() if callable(what) else what}")
        time.sleep(0.05)  # between polls only: the loop ends as soon as the condition holds


def test_two_workers_send_1000_messages_of_100_seekers_exactly_once_one_killed_midway(
    centre: Centre, tmp_path: Path
) -> None:
    """The first worker runs one job at a time and stops dead holding its 40th message
    (taken over, not handed to the server): so when it is killed nothing of it is half
    sent, and the message it holds can only be sent by its job, run again once its
    heartbeat is stale. The second worker starts once the first has sent 10, and both
    work together until the kill. Every step waits on a count, none on a duration."""
    with running_smtp() as mail:
        expected = _seekers(centre, mail)
        assert len(expected) == SEEKERS * EACH
        start = time.monotonic()
        deadline = start + DEADLINE_S
        logs = {"doomed": tmp_path / "doomed.log", "survivor": tmp_path / "survivor.log"}

        def progress() -> str:
            tails = {k: v.read_text(errors="replace")[-2000:] for k, v in logs.items()}
            return f"{_statuses(centre)}, {len(mail.received)} received; {tails}"

        doomed = _worker(
            centre,
            tmp_path / "a",
            logs["doomed"],
            AFTERVIEW_WORKER_CONCURRENCY="1",
            AFTERVIEW_WORKER_FAULT="claimed",
            AFTERVIEW_WORKER_FAULT_AFTER=str(FAULT_AFTER),
        )
        survivor: subprocess.Popen[bytes] | None = None
        polling = sql(centre.owner_url)  # one connection for the polls
        try:
            _until(lambda: len(mail.received) >= SECOND_AFTER, progress, deadline, doomed)
            survivor = _worker(centre, tmp_path / "b", logs["survivor"], **CONCURRENT)
            _until(
                lambda: b"fault point claimed" in logs["doomed"].read_bytes(),
                progress,
                deadline,
                survivor,
            )
            held = len(expected) - len(mail.received)
            assert FAULT_AFTER - 1 <= len(mail.received) < len(expected), progress()
            doomed.send_signal(signal.SIGKILL)
            doomed.wait(timeout=10)
            _until(  # the sink first: the database is asked only once everything arrived
                lambda: (
                    len(mail.received) >= len(expected)
                    and _count_statuses(polling)["sent"] == len(expected)
                ),
                progress,
                deadline,
                survivor,
            )
        finally:
            polling.close()
            for proc in (doomed, survivor):
                if proc is not None and proc.poll() is None:
                    proc.kill()
                    proc.wait(timeout=10)
        elapsed = time.monotonic() - start
        received = Counter(m.message_id for m in mail.received)
    assert held >= 1
    assert set(received) == expected
    assert max(received.values()) == 1, [m for m, c in received.items() if c > 1][:5]
    assert _statuses(centre) == Counter({"sent": len(expected)})
    assert elapsed < DEADLINE_S
    with sql(centre.owner_url) as conn:
        secrets_ = conn.execute("SELECT smtp_secret FROM mail_accounts").fetchall()
    assert len(secrets_) == SEEKERS


def test_the_queue_lives_outside_public_where_row_level_security_is_forced(
    centre: Centre,
) -> None:
    with sql(centre.owner_url) as conn:
        rows = conn.execute(
            """SELECT n.nspname AS schema, c.relrowsecurity AS rls FROM pg_class c
               JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE c.relname = 'procrastinate_jobs'"""
        ).fetchall()
        public = conn.execute(
            """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'alembic_version'
                 AND NOT (c.relrowsecurity AND c.relforcerowsecurity)"""
        ).fetchall()
    assert rows == [{"schema": "procrastinate", "rls": False}]
    assert public == []
    with sql(centre.app_url) as conn:  # the runtime role may use the queue, naming nobody
        conn.execute("SET search_path = procrastinate, public")
        assert conn.execute("SELECT COUNT(*) AS n FROM procrastinate_jobs").fetchone() == {"n": 0}

"""Crashes and concurrency with real worker processes: no message lost, none sent twice.

A worker process is stopped dead with SIGKILL at an injected fault point (the worker reads
``AFTERVIEW_WORKER_FAULT``, announces the point on stderr and waits there to be killed),
then a new worker runs after the dead one's lease has run out. Two workers started at
once share a queue and each message reaches the server exactly once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from afterview.interview_file import read_data
from afterview.services import outbox, tracking
from afterview.services.overview import detail
from afterview.storage import outbox_repo
from afterview.storage.db import Database
from tests.acting import local
from tests.conftest import EXAMPLES, ROOT
from tests.support.smtp import PANEL, SmtpServer, queue_notes, running_smtp

TORONTO = ZoneInfo("America/Toronto")
ADDED = datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO)
MORNING = datetime(2026, 11, 21, 8, 30, tzinfo=TORONTO)
RESTART = MORNING + outbox.CLAIM_LEASE + timedelta(minutes=1)


@pytest.fixture
def mail() -> Iterator[SmtpServer]:
    with running_smtp() as server:
        yield server


@pytest.fixture
def search(db: Database) -> Database:
    tracking.add(local(db), read_data(EXAMPLES / "panel-interview.yaml"), source="panel", now=ADDED)
    return db


def _env(url: str, mail: SmtpServer, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFTERVIEW_WORKER")}
    env.update(mail.env(), AFTERVIEW_DATABASE_URL=url, PYTHONPATH=str(ROOT), **extra)
    return env


def _worker(url: str, mail: SmtpServer, at: datetime, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "afterview", "worker", "--once", "--now", at.isoformat()],
        env=_env(url, mail, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_at(url: str, mail: SmtpServer, point: str) -> None:
    with _worker(url, mail, MORNING, AFTERVIEW_WORKER_FAULT=point) as proc:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        proc.kill()  # SIGKILL: no clean-up of any kind
        proc.wait()
    assert line.strip() == f"afterview worker: stopped at fault point {point}", line


def _finish(url: str, mail: SmtpServer, at: datetime = RESTART) -> str:
    with _worker(url, mail, at) as proc:
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return out + err


def _statuses(db: Database) -> dict[str, str]:
    return {e.row["message_id"]: e.row["status"] for e in outbox.entries(local(db))}


def test_killed_after_claiming_the_messages_are_sent_once_after_restart(
    search: Database, database_url: str, mail: SmtpServer
) -> None:
    ids = queue_notes(search, 3, now=MORNING)
    _kill_at(database_url, mail, "claimed")
    assert set(_statuses(search).values()) == {"scheduled"}
    assert mail.received == []
    # Within the lease a new worker leaves them alone: the first one might still be busy.
    _finish(database_url, mail, MORNING + timedelta(minutes=1))
    assert mail.received == []
    _finish(database_url, mail)
    assert sorted(r.message_id for r in mail.received) == sorted(ids)
    assert set(_statuses(search).values()) == {"sent"}


def test_killed_after_the_hand_off_was_recorded_the_message_waits_for_the_user(
    search: Database, database_url: str, mail: SmtpServer
) -> None:
    first, *rest = queue_notes(search, 3, now=MORNING)
    _kill_at(database_url, mail, "handoff")
    assert mail.received == []
    out = _finish(database_url, mail)
    assert "2 sent, 1 unsure" in out
    statuses = _statuses(search)
    assert statuses[first] == "failed"
    assert sorted(r.message_id for r in mail.received) == sorted(rest)
    [entry] = [e for e in outbox.entries(local(search)) if e.row["message_id"] == first]
    assert "look for it in your Sent folder" in entry.row["error"]
    # The user checked: it is not there, so they send it again, once.
    outbox.retry(local(search), entry.row["id"], now=RESTART)
    _finish(database_url, mail, RESTART + timedelta(minutes=1))
    assert sorted(r.message_id for r in mail.received) == sorted([first, *rest])


def test_killed_after_the_server_accepted_it_is_never_sent_twice(
    search: Database, database_url: str, mail: SmtpServer
) -> None:
    first, *rest = queue_notes(search, 3, now=MORNING)
    _kill_at(database_url, mail, "accepted")
    assert [r.message_id for r in mail.received] == [first]
    _finish(database_url, mail)
    _finish(database_url, mail, RESTART + timedelta(days=1))
    received = [r.message_id for r in mail.received]
    assert sorted(received) == sorted([first, *rest])  # each exactly once
    assert _statuses(search)[first] == "failed"


def test_killed_before_the_round_replanned_the_next_round_refreshes_the_plan(
    search: Database, database_url: str, mail: SmtpServer
) -> None:
    ids = queue_notes(search, 3, now=MORNING)  # no plan step: only a replan marks them done
    _kill_at(database_url, mail, "replan")
    assert sorted(r.message_id for r in mail.received) == sorted(ids)
    assert set(_statuses(search).values()) == {"sent"}
    with local(search).read() as tx:
        history = tx.all("SELECT to_name FROM history WHERE kind = 'thank_you'")
        assert len(history) == 3  # written with "sent": the guards already count them
        assert outbox_repo.sent_unplanned_apps(tx) == [(1, 1)]
    assert {_step(search, name) for name in PANEL} == {"pending"}
    # Any later round, even within the dead worker's lease, replans; nothing is resent.
    out = _finish(database_url, mail, MORNING + timedelta(minutes=1))
    assert "nothing was due" in out
    assert len(mail.received) == 3
    assert {_step(search, name) for name in PANEL} == {"done"}
    with local(search).read() as tx:
        assert outbox_repo.sent_unplanned_apps(tx) == []


def _step(db: Database, name: str) -> str:
    steps = detail(local(db), 1)["steps"]
    return str(next(s["status"] for s in steps if s["kind"] == "thank_you" and s["to"] == name))


def test_the_sent_folder_settles_a_message_handed_off_before_a_crash(
    search: Database, database_url: str, mail: SmtpServer
) -> None:
    dovecot = pytest.importorskip("tests.support.dovecot")
    first, *_ = queue_notes(search, 2, now=MORNING)
    _kill_at(database_url, mail, "accepted")
    [got] = mail.received
    with dovecot.running_dovecot() as imap:
        imap.append(got.data, "Sent", flags=["\\Seen"])  # the provider kept a copy
        before = imap.mailbox("Sent")
        out = _finish_with(database_url, mail, imap.env(AFTERVIEW_IMAP_SENT_MAILBOX="Sent"))
        assert imap.mailbox("Sent") == before  # read-only: nothing moved or flagged
    assert "1 confirmed" in out
    assert _statuses(search)[first] == "sent"
    assert len(mail.received) == 2
    with local(search).read() as tx:
        history = tx.all("SELECT kind, to_name FROM history WHERE kind = 'thank_you'")
    assert len(history) == 2


def _finish_with(url: str, mail: SmtpServer, extra: dict[str, str]) -> str:
    with _worker(url, mail, RESTART, **extra) as proc:
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return out + err


def test_two_workers_at_once_send_each_message_exactly_once(
    search: Database, database_url: str, mail: SmtpServer
) -> None:
    ids = queue_notes(search, 60, now=MORNING)
    procs = [_worker(database_url, mail, MORNING) for _ in range(2)]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        outputs.append(out)
    received = [r.message_id for r in mail.received]
    assert len(received) == 60
    assert sorted(received) == sorted(ids)
    assert set(_statuses(search).values()) == {"sent"}
    sent = [int(o.split(": ")[1].split()[0]) for o in outputs if "sent" in o]
    assert sum(sent) == 60

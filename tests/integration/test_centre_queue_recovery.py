"""The hand-over between a career centre's queue and its send tasks, when a run dies or
runs twice (PostgreSQL, as the runtime role): an enqueue run's claims are named for the
run and given back when it dies; a send task takes a message over only from the queue or
from its own earlier run; two runs of one task at once hand the message off once."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from afterview import compose
from afterview.interview_file import read_data
from afterview.mail import tasks
from afterview.services import outbox, send_tasks, tracking
from afterview.storage import outbox_repo
from afterview.storage.db import Database
from afterview.storage.work import create_account
from tests.acting import account, worker
from tests.conftest import EXAMPLES
from tests.integration.centre_support import ADDED, Centre, centre, roles, sql

__all__ = ["centre", "roles"]  # the fixtures this module's tests use

DUE = ADDED + timedelta(days=1)


def _seekers(db: Database, count: int, each: int) -> list[int]:
    """``count`` seekers with ``each`` approved notes due at DUE; returns their ids."""
    interview = read_data(EXAMPLES / "panel-interview.yaml")
    owners = []
    for n in range(count):
        with db.transaction() as tx:
            owner = create_account(tx, f"recovery-{n}", ADDED)
        work = account(db, owner)
        app_id = tracking.add(work, interview, source="t", now=ADDED).replanned.application_id
        with work.write() as tx:
            for k in range(each):
                outbox_repo.insert(tx, _note(owner, app_id, f"{n}.{k}"))
        owners.append(owner)
    return owners


def _note(owner: int, app_id: int, tag: str) -> dict[str, object]:
    return {
        "owner": owner,
        "app": app_id,
        "action": None,
        "kind": "thank_you",
        "to_name": "Tom Becker",
        "to_email": f"note-{tag}@northwind.example",
        "from_email": "seeker@example.org",
        "subject": f"Thank you ({tag})",
        "body": "Dear Tom Becker,\n\nThank you.\n\nA seeker\n",
        "message_id": compose.new_message_id("seeker@example.org"),
        "in_reply_to": None,
        "refs": None,
        "send_at": DUE,
        "now": ADDED,
    }


def _holders(centre: Centre) -> dict[int, tuple[str, str | None]]:
    with sql(centre.owner_url) as conn:
        rows = conn.execute("SELECT id, status, claimed_by FROM messages").fetchall()
    return {r["id"]: (r["status"], r["claimed_by"]) for r in rows}


def test_a_dead_enqueue_runs_claims_go_back_to_the_outbox_and_no_one_elses(
    centre: Centre,
) -> None:
    db = centre.app_db()
    _seekers(db, 2, 3)
    dead = outbox.claim(worker(db), send_tasks.queue_name(7), now=DUE, limit=4)
    alive = outbox.claim(worker(db), send_tasks.queue_name(8), now=DUE, limit=4)
    assert (len(dead), len(alive)) == (4, 2)
    taken_owner, taken = dead[0]
    assert send_tasks.take_over(account(db, taken_owner), taken, "job:1", now=DUE)

    assert send_tasks.release(worker(db), 7, now=DUE) == 3

    holders = _holders(centre)
    assert holders[taken] == ("scheduled", "job:1")  # a send task holds it: not the queue's
    assert {holders[m] for _, m in dead[1:]} == {("approved", None)}
    assert {holders[m] for _, m in alive} == {("scheduled", "queue:8")}
    again = outbox.claim(worker(db), send_tasks.queue_name(9), now=DUE, limit=10)
    assert sorted(again) == sorted(dead[1:])  # due again at once, whatever the clock
    assert send_tasks.release(worker(db), 7, now=DUE) == 0


def test_a_send_task_takes_over_only_from_the_queue_or_its_own_earlier_run(
    centre: Centre,
) -> None:
    db = centre.app_db()
    _seekers(db, 1, 2)
    (owner, first), (_, second) = outbox.claim(worker(db), "queue:3", now=DUE, limit=2)
    work = account(db, owner)
    assert send_tasks.take_over(work, first, "job:1", now=DUE)
    assert send_tasks.take_over(work, first, "job:1", now=DUE)  # the same job, run again
    assert not send_tasks.take_over(work, first, "job:2", now=DUE)  # another job's now
    assert outbox.prepare(work, first, "job:1", now=DUE) is not None
    assert not send_tasks.take_over(work, first, "job:1", now=DUE)  # handed to a server
    with sql(centre.owner_url) as conn:
        conn.execute("UPDATE messages SET claimed_by = 'personal-worker' WHERE id = %s", (second,))
        conn.commit()
    assert not send_tasks.take_over(work, second, "job:3", now=DUE)  # not the queue's


def test_two_runs_of_one_send_task_at_once_hand_the_message_off_once(centre: Centre) -> None:
    """A worker declared gone while it was only slow: its job runs again elsewhere, and
    both runs have taken the message over (same job, same name) before either hands it
    off. Only the first hand-off is committed; the second run finds it done."""
    db = centre.app_db()
    _seekers(db, 1, 1)
    [(owner, message)] = outbox.claim(worker(db), "queue:1", now=DUE, limit=1)
    slow, again = account(db, owner), account(centre.app_db(), owner)
    assert send_tasks.take_over(slow, message, "job:5", now=DUE)
    assert send_tasks.take_over(again, message, "job:5", now=DUE)
    handed = [outbox.prepare(w, message, "job:5", now=DUE) for w in (again, slow)]
    assert [p is not None for p in handed] == [True, False]
    with sql(centre.owner_url) as conn:
        row = conn.execute("SELECT attempts FROM messages WHERE id = %s", (message,)).fetchone()
    assert row == {"attempts": 1}


@dataclass
class _Job:
    id: int
    task_name: str


class _Manager:
    """procrastinate's job manager as ``retry_stalled`` uses it, recording the calls."""

    def __init__(self, stalled: list[_Job], refused: set[int]) -> None:
        self.stalled, self.refused = stalled, refused
        self.calls: list[tuple[str, int]] = []

    async def get_stalled_jobs(self, seconds_since_heartbeat: float) -> list[_Job]:
        return self.stalled

    async def retry_job_by_id_async(self, job_id: int, retry_at: Any) -> None:
        from procrastinate.exceptions import UniqueViolation

        if job_id in self.refused:  # a newer job for the same message already waits
            raise UniqueViolation(
                constraint_name="procrastinate_jobs_queueing_lock_idx_v1", queueing_lock="m"
            )
        self.calls.append(("retry", job_id))

    async def finish_job_by_id_async(self, job_id: int, status: Any, delete_job: bool) -> None:
        self.calls.append((str(status.value), job_id))


def test_retry_stalled_runs_send_jobs_again_and_gives_back_a_dead_enqueues_claims(
    centre: Centre,
) -> None:
    db = centre.app_db()
    _seekers(db, 1, 2)
    claimed = outbox.claim(worker(db), send_tasks.queue_name(40), now=DUE, limit=2)
    manager = _Manager(
        [_Job(41, tasks.SEND), _Job(42, tasks.SEND), _Job(40, tasks.ENQUEUE)], refused={42}
    )
    app = type("App", (), {"job_manager": manager})()

    with ThreadPoolExecutor(1) as thread:  # a loop of its own: a browser test may hold one
        coroutine = tasks._retry_stalled(app, db, 5.0, lambda: DUE)
        found = thread.submit(asyncio.run, coroutine).result()

    assert found == 3
    assert manager.calls == [("retry", 41), ("failed", 42), ("failed", 40)]
    assert {_holders(centre)[m] for _, m in claimed} == {("approved", None)}


@pytest.mark.parametrize("given", ["1", "8"])
def test_a_workers_concurrency_is_a_setting(given: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_WORKER_CONCURRENCY", given)
    assert tasks.concurrency() == int(given)
    monkeypatch.delenv("AFTERVIEW_WORKER_CONCURRENCY")
    assert tasks.concurrency() == tasks.CONCURRENCY

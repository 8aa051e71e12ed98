"""A career centre's periodic work per seeker (PostgreSQL, as the runtime role): the reply
watch and the nightly replan list who to act for, defer one job per seeker under a lock,
and each job acts as that seeker alone; the watch reads a real IMAP server (dovecot) with
the seeker's own stored settings."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from cryptography.fernet import Fernet

from afterview.interview_file import read_data
from afterview.mail import tasks
from afterview.services import inbox, mail_accounts, periodic, tracking
from afterview.services.mail_accounts import ServerSettings
from afterview.storage.db import Database
from afterview.storage.work import Dispatch, create_account
from tests.acting import account
from tests.conftest import EXAMPLES
from tests.integration.centre_support import ADDED, Centre, centre, roles, sql
from tests.support.dovecot import Dovecot, running_dovecot, thanks_and_a_rejection

__all__ = ["centre", "roles"]  # the fixtures this module's tests use

KEY = Fernet.generate_key().decode()
ENV = {"AFTERVIEW_SECRET_KEY": KEY}
LATER = ADDED + timedelta(days=3)


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_SECRET_KEY", KEY)


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    with running_dovecot() as server:
        yield server


def _seeker(db: Database, name: str, *, applied: bool = True) -> int:
    with db.transaction() as tx:
        owner = create_account(tx, name, ADDED)
    if applied:
        interview = read_data(EXAMPLES / "panel-interview.yaml")
        tracking.add(account(db, owner), interview, source="t", now=ADDED)
    return owner


def _imap(db: Database, owner: int, server: Dovecot) -> None:
    imap = ServerSettings(server.host, server.port, "plain", server.user, server.password)
    mail_accounts.save(account(db, owner), None, imap, now=ADDED, env=ENV)


def _jobs(centre: Centre) -> list[tuple[str, str | None, object]]:
    with sql(centre.owner_url) as conn:
        rows = conn.execute(
            """SELECT task_name, queueing_lock, args FROM procrastinate.procrastinate_jobs
               WHERE status = 'todo' ORDER BY id"""
        ).fetchall()
    return [(r["task_name"], r["queueing_lock"], r["args"]) for r in rows]


def test_the_lists_name_the_seekers_to_act_for_and_nobody_else(
    centre: Centre, dovecot: Dovecot
) -> None:
    db = centre.app_db()
    watched, silent, idle = (_seeker(db, n, applied=n != "idle") for n in ("a", "b", "idle"))
    _imap(db, watched, dovecot)
    with sql(centre.owner_url) as conn:
        conn.execute("UPDATE owners SET disabled_at = now() WHERE id = %s", (silent,))
        conn.commit()
    disabled = silent
    active = _seeker(db, "c")

    assert periodic.mail_watchers(Dispatch(db)) == [watched]
    assert periodic.seekers_to_replan(Dispatch(db)) == [watched, active]
    assert idle not in periodic.seekers_to_replan(Dispatch(db))
    assert disabled not in periodic.seekers_to_replan(Dispatch(db))


def test_the_periodic_tasks_defer_one_job_per_seeker_once_however_often_they_tick(
    centre: Centre, dovecot: Dovecot
) -> None:
    db = centre.app_db()
    first, second = _seeker(db, "a"), _seeker(db, "b")
    for owner in (first, second):
        _imap(db, owner, dovecot)
    app = tasks.build(db)
    with app.open():
        # Two machines ticking at once: the second finds every seeker's job waiting.
        assert app.tasks["afterview.watch_replies"](timestamp=0) == 2
        assert app.tasks["afterview.watch_replies"](timestamp=0) == 0
        assert app.tasks["afterview.replan_nightly"](timestamp=0) == 2
        assert app.tasks["afterview.replan_nightly"](timestamp=0) == 0
    assert _jobs(centre) == [
        (tasks.WATCH, f"watch:{first}", {"owner": first}),
        (tasks.WATCH, f"watch:{second}", {"owner": second}),
        (tasks.REPLAN, f"replan:{first}", {"owner": first}),
        (tasks.REPLAN, f"replan:{second}", {"owner": second}),
    ]


def test_the_watch_job_reads_the_seekers_own_inbox_and_files_for_them_alone(
    centre: Centre, dovecot: Dovecot, keyed: None
) -> None:
    """Both seekers interviewed at Northwind; only A gave an inbox, and it holds a thank-you
    and a rejection. A's job files both for A; B, who has no inbox, is skipped, and B's
    search is as it was."""
    db = centre.app_db()
    a, b = _seeker(db, "a"), _seeker(db, "b")
    _imap(db, a, dovecot)
    thanks_and_a_rejection(dovecot, ADDED + timedelta(hours=2))
    app = tasks.build(db, clock=lambda: LATER)
    with app.open():
        app.tasks["afterview.watch_replies"](timestamp=0)
        with ThreadPoolExecutor(1) as thread:  # its own loop: a browser test may hold one
            run = thread.submit(
                app.run_worker, wait=False, install_signal_handlers=False, listen_notify=False
            )
            run.result()

    assert sorted(e.kind for e in inbox.entries(account(db, a))) == ["human", "rejection"]
    assert inbox.entries(account(db, b)) == []
    with sql(centre.owner_url) as conn:
        done = conn.execute(
            """SELECT task_name, status, args FROM procrastinate.procrastinate_jobs
               WHERE task_name = %s ORDER BY id""",
            (tasks.WATCH,),
        ).fetchall()
        events = conn.execute("SELECT DISTINCT owner_id FROM mail_events").fetchall()
    assert {(r["status"], r["args"]["owner"]) for r in done} == {("succeeded", a)}
    assert events == [{"owner_id": a}]


def test_a_seekers_job_sees_their_search_alone(centre: Centre) -> None:
    db = centre.app_db()
    a, _ = _seeker(db, "a"), _seeker(db, "b")
    with tasks.as_seeker(db, a).read() as tx:
        assert {r["owner_id"] for r in tx.all("SELECT owner_id FROM applications")} == {a}
    assert tasks.as_seeker(db, a).actor.role == "seeker"


def test_the_nightly_replan_moves_one_seekers_plan_and_leaves_the_others(
    centre: Centre,
) -> None:
    db = centre.app_db()
    a, b = _seeker(db, "a"), _seeker(db, "b")

    def plans() -> dict[int, list[object]]:
        with sql(centre.owner_url) as conn:
            rows = conn.execute(
                "SELECT owner_id, updated_at FROM actions ORDER BY owner_id, id"
            ).fetchall()
        found: dict[int, list[object]] = {a: [], b: []}
        for row in rows:
            found[row["owner_id"]].append(row["updated_at"])
        return found

    before = plans()
    app = tasks.build(db, clock=lambda: LATER)
    with app.open():
        replanned = app.tasks[tasks.REPLAN](owner=a)  # the job as a worker runs it
    after = plans()

    assert replanned == 1
    assert after[b] == before[b]
    assert after[a] != before[a]

"""The outbox against a real SMTP server on loopback, on SQLite and on PostgreSQL.

Every test approves real notes from the bundled panel interview, runs the worker against
an aiosmtpd server, and checks what the server received and what the database says.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from afterview.domain.errors import InputError
from afterview.domain.serial import to_builtins
from afterview.interview_file import read_data
from afterview.mail import outbox_worker
from afterview.mail.config import smtp_server
from afterview.services import outbox, tracking
from afterview.services.overview import detail
from afterview.storage import outbox_repo
from afterview.storage.db import Database
from tests.acting import local, worker
from tests.conftest import EXAMPLES
from tests.support.smtp import PANEL, SmtpServer, dead_port, queue_notes, running_smtp

TORONTO = ZoneInfo("America/Toronto")
ADDED = datetime(2026, 11, 20, 16, 0, tzinfo=TORONTO)  # an hour after the interview
EVENING = datetime(2026, 11, 20, 19, 0, tzinfo=TORONTO)
MORNING = datetime(2026, 11, 21, 8, 30, tzinfo=TORONTO)
FOLLOW_UP_DAY = datetime(2026, 12, 7, 9, 0, tzinfo=TORONTO)


@pytest.fixture
def mail() -> Iterator[SmtpServer]:
    with running_smtp() as server:
        yield server


@pytest.fixture
def search(db: Database) -> Database:
    tracking.add(local(db), read_data(EXAMPLES / "panel-interview.yaml"), source="panel", now=ADDED)
    return db


def run(db: Database, mail: SmtpServer, at: datetime) -> outbox_worker.Round:
    return outbox_worker.deliver(worker(db), mail.server(), clock=lambda: at)


def status(db: Database, message_id: int) -> dict[str, object]:
    rows = {e.row["id"]: to_builtins(e) for e in outbox.entries(local(db))}
    return rows[message_id]


def test_the_outbox_knows_when_nothing_will_send_its_notes(search: Database) -> None:
    due = MORNING + timedelta(hours=1)
    outbox.approve(local(search), 1, kind="thank_you", to="Ana López", send_at=due, now=EVENING)
    outbox.approve(local(search), 1, kind="thank_you", to="Tom Becker", send_at=due, now=EVENING)

    no_server = outbox.delivery(local(search), now=EVENING, mail_server=False)
    assert (no_server.problem, no_server.waiting) == ("no_mail_server", 2)
    assert no_server.notice() == (
        "No mail server is set up, so 2 approved notes in the outbox wait and nothing will "
        "send them."
    )
    assert (
        outbox.delivery(local(search), now=due + timedelta(minutes=14), mail_server=True).problem
        is None
    )
    late = outbox.delivery(local(search), now=due + timedelta(minutes=16), mail_server=True)
    assert (late.problem, late.stalled, late.oldest_due) == ("no_worker", 2, due)
    assert to_builtins(late)["problem"] == "no_worker"


def test_an_evening_approval_waits_for_its_hour_and_goes_out_as_a_plain_personal_note(
    search: Database, mail: SmtpServer
) -> None:
    approved = outbox.approve(local(search), 1, kind="thank_you", to="tom becker", now=EVENING)
    # The plan's suggested time: Saturday 08:00 in Berlin, where Tom works.
    assert approved.send_at == datetime(2026, 11, 21, 8, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert approved.message_id.endswith("@example.org>")

    assert run(search, mail, EVENING + timedelta(hours=1)).counts["sent"] == 0
    assert mail.received == []
    assert status(search, approved.id)["status"] == "approved"

    assert run(search, mail, MORNING).counts["sent"] == 1
    [got] = mail.received
    assert got.sender == "jordan.lee@example.org"
    assert got.recipients == ("tom.becker@northwind.example",)
    msg = got.message
    assert msg["From"] == "Jordan Lee <jordan.lee@example.org>"
    assert msg["To"] == "Tom Becker <tom.becker@northwind.example>"
    assert msg["Cc"] is None
    assert msg["Bcc"] is None
    assert msg["Message-ID"] == approved.message_id
    assert msg["Date"].datetime == MORNING  # set at hand-off, not at approval
    assert msg["In-Reply-To"] is None
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    assert not msg.is_multipart()
    assert "data-quality checks" in msg.get_content()
    assert "http" not in "".join(f"{k}{v}" for k, v in msg.items())  # no tracking header

    row = status(search, approved.id)
    assert row["status"] == "sent"
    assert row["sent_at"] == MORNING.astimezone(UTC).isoformat()
    info = detail(local(search), 1)
    assert any(h["kind"] == "thank_you" and h["to"] == "Tom Becker" for h in info["history"]), info[
        "history"
    ]
    step = next(s for s in info["steps"] if s["kind"] == "thank_you" and s["to"] == "Tom Becker")
    assert step["status"] == "done"


def test_a_follow_up_threads_under_the_thank_you_to_the_same_person(
    search: Database, mail: SmtpServer
) -> None:
    thanks = outbox.approve(
        local(search), 1, kind="thank_you", to="Priya Raman", send_at=MORNING, now=EVENING
    )
    run(search, mail, MORNING)
    follow = outbox.approve(
        local(search), 1, kind="follow_up", to="Priya Raman", now=FOLLOW_UP_DAY - timedelta(hours=2)
    )
    assert follow.in_reply_to == thanks.message_id
    run(search, mail, FOLLOW_UP_DAY)
    first, second = (r.message for r in mail.received)
    assert second["In-Reply-To"] == first["Message-ID"]
    assert second["References"] == first["Message-ID"]
    assert second["Message-ID"] != first["Message-ID"]
    assert second["To"] == "Priya Raman <priya.raman@northwind.example>"


def test_the_server_down_keeps_the_message_and_retries_with_backoff(
    search: Database, mail: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    approved = outbox.approve(local(search), 1, kind="thank_you", to="Ana López", now=MORNING)
    down = smtp_server({**mail.env(), "AFTERVIEW_SMTP_PORT": str(dead_port())})
    report = outbox_worker.deliver(worker(search), down, clock=lambda: MORNING)
    assert report.counts["retrying"] == 1
    assert "Cannot reach SMTP" in report.problems[0]
    row = status(search, approved.id)
    assert row["status"] == "approved"
    assert row["attempts"] == 1
    assert row["next_attempt_at"] == (MORNING + timedelta(minutes=1)).astimezone(UTC).isoformat()
    assert "Cannot reach" in str(row["error"])
    # Not before the backoff has passed, then once.
    assert run(search, mail, MORNING + timedelta(seconds=30)).counts["sent"] == 0
    assert run(search, mail, MORNING + timedelta(minutes=2)).counts["sent"] == 1
    assert len(mail.received) == 1
    assert status(search, approved.id)["status"] == "sent"


def test_421_then_success_sends_once(search: Database, mail: SmtpServer) -> None:
    approved = outbox.approve(local(search), 1, kind="thank_you", to="Ana López", now=MORNING)
    mail.fail_next("421")
    assert run(search, mail, MORNING).counts["retrying"] == 1
    row = status(search, approved.id)
    assert row["status"] == "approved"
    assert "421" in str(row["error"])
    assert run(search, mail, MORNING + timedelta(minutes=5)).counts["sent"] == 1
    assert [r.message_id for r in mail.received] == [approved.message_id]
    row = status(search, approved.id)
    assert row["attempts"] == 2
    assert row["error"] is None


def test_too_many_transient_failures_end_in_failed(search: Database, mail: SmtpServer) -> None:
    approved = outbox.approve(local(search), 1, kind="thank_you", to="Ana López", now=MORNING)
    mail.fail_next(*["421"] * outbox.MAX_ATTEMPTS)
    at = MORNING
    for _ in range(outbox.MAX_ATTEMPTS):
        run(search, mail, at)
        at += timedelta(hours=2)
    row = status(search, approved.id)
    assert row["status"] == "failed"
    assert str(row["error"]).startswith(f"Gave up after {outbox.MAX_ATTEMPTS} attempts")
    assert mail.received == []


def test_550_fails_at_once_with_the_servers_answer(search: Database, mail: SmtpServer) -> None:
    approved = outbox.approve(local(search), 1, kind="thank_you", to="Ana López", now=MORNING)
    other = outbox.approve(local(search), 1, kind="thank_you", to="Tom Becker", now=MORNING)
    mail.fail_next("550")
    report = run(search, mail, MORNING)
    assert report.counts == {"failed": 1, "sent": 1}
    row = status(search, approved.id)
    assert row["status"] == "failed"
    assert "550 5.1.1 No such mailbox here" in str(row["error"])
    assert status(search, other.id)["status"] == "sent"
    assert run(search, mail, MORNING + timedelta(days=1)).counts["sent"] == 0
    assert [r.message_id for r in mail.received] == [other.message_id]


def test_a_connection_dropped_before_the_message_is_retried(
    search: Database, mail: SmtpServer
) -> None:
    approved = outbox.approve(local(search), 1, kind="thank_you", to="Ana López", now=MORNING)
    mail.fail_next("drop-at-rcpt")
    assert run(search, mail, MORNING).counts["retrying"] == 1
    assert mail.received == []
    assert run(search, mail, MORNING + timedelta(minutes=2)).counts["sent"] == 1
    assert [r.message_id for r in mail.received] == [approved.message_id]


def test_a_connection_dropped_after_data_is_never_resent_on_a_guess(
    search: Database, mail: SmtpServer
) -> None:
    approved = outbox.approve(local(search), 1, kind="thank_you", to="Ana López", now=MORNING)
    mail.fail_next("drop-after-data")
    report = run(search, mail, MORNING)
    assert report.counts["unsure"] == 1
    row = status(search, approved.id)
    assert row["status"] == "failed"
    assert "Sent folder" in str(row["error"])
    assert f"retry message {approved.id} from the outbox" in str(row["error"])
    assert "afterview outbox" not in str(row["error"])  # kept text: shown on the web too
    for later in (timedelta(minutes=5), timedelta(hours=2), timedelta(days=1)):
        run(search, mail, MORNING + later)
    assert len(mail.received) == 1  # it did arrive; it never arrives twice
    # The user looked and asks for it again: same Message-ID, so mail programs merge them.
    outbox.retry(local(search), approved.id, now=MORNING + timedelta(days=1))
    run(search, mail, MORNING + timedelta(days=1))
    assert [r.message_id for r in mail.received] == [approved.message_id] * 2
    assert status(search, approved.id)["status"] == "sent"


def test_a_reply_recorded_after_approval_blocks_the_follow_up_at_send_time(
    search: Database, mail: SmtpServer
) -> None:
    approved = outbox.approve(
        local(search), 1, kind="follow_up", to="Priya Raman", now=FOLLOW_UP_DAY - timedelta(days=1)
    )
    tracking.reply(local(search), 1, at=FOLLOW_UP_DAY - timedelta(hours=20), now=FOLLOW_UP_DAY)
    assert status(search, approved.id)["status"] == "blocked"  # held when the reply came in
    assert run(search, mail, FOLLOW_UP_DAY).counts["sent"] == 0
    assert mail.received == []
    row = status(search, approved.id)
    assert row["status"] == "blocked"
    assert str(row["error"]).startswith("replied: Northwind Robotics answered on Sun 06 Dec")


def test_a_rejection_recorded_after_approval_blocks_the_note(
    search: Database, mail: SmtpServer
) -> None:
    approved = outbox.approve(local(search), 1, kind="thank_you", to="Ana López", now=EVENING)
    tracking.outcome(local(search), 1, "rejected", at=EVENING + timedelta(hours=1), now=EVENING)
    run(search, mail, MORNING)
    assert mail.received == []
    row = status(search, approved.id)
    assert row["status"] == "blocked"
    assert "after_rejection" in str(row["error"])


def test_a_rejection_holds_the_approved_thank_yous_at_once_with_the_reason(
    search: Database, mail: SmtpServer
) -> None:
    held = [
        outbox.approve(local(search), 1, kind="thank_you", to=name, now=EVENING).id
        for name in ("Ana López", "Tom Becker")
    ]
    tracking.outcome(local(search), 1, "rejected", at=EVENING + timedelta(hours=1), now=EVENING)
    for message_id in held:  # before any sending round: the outbox already says why
        row = status(search, message_id)
        assert row["status"] == "blocked"
        assert str(row["error"]).startswith("after_rejection: Northwind Robotics turned")
    outbox.cancel(local(search), held[0], now=EVENING)  # the user decides: cancel one...
    outbox.retry(local(search), held[1], now=MORNING, override_reason="Tom asked for my notes")
    run(search, mail, MORNING)  # ...and send the other anyway, with a reason
    assert [r.message_id for r in mail.received] == [status(search, held[1])["message_id"]]


def test_approval_runs_the_guards_and_keeps_a_stated_reason(
    search: Database, mail: SmtpServer
) -> None:
    early = FOLLOW_UP_DAY - timedelta(days=7)  # inside "within two weeks"
    with pytest.raises(outbox.Blocked) as blocked:
        outbox.approve(
            local(search), 1, kind="follow_up", to="Priya Raman", send_at=early, now=early
        )
    assert "blocked (Inside their time frame)" in str(blocked.value)
    assert [f.code for f in blocked.value.verdict.findings] == ["within_timeframe"]
    assert outbox.entries(local(search)) == []
    approved = outbox.approve(
        local(search),
        1,
        kind="follow_up",
        to="Priya Raman",
        send_at=early,
        now=early,
        override_reason="Priya asked me to send the numbers early",
    )
    assert run(search, mail, early).counts["sent"] == 1
    assert status(search, approved.id)["status"] == "sent"
    with local(search).read() as tx:
        reasons = tx.all("SELECT rules, reason FROM overrides")
    assert reasons == [
        {"rules": '["within_timeframe"]', "reason": "Priya asked me to send the numbers early"}
    ]


def test_cancel_and_retry(search: Database, mail: SmtpServer) -> None:
    approved = outbox.approve(local(search), 1, kind="thank_you", to="Ana López", now=EVENING)
    with pytest.raises(InputError, match="already in the outbox"):
        outbox.approve(local(search), 1, kind="thank_you", to="Ana López", now=EVENING)
    outbox.cancel(local(search), approved.id, now=EVENING)
    run(search, mail, MORNING)
    assert mail.received == []
    assert status(search, approved.id)["status"] == "cancelled"
    with pytest.raises(InputError, match="already cancelled"):
        outbox.cancel(local(search), approved.id, now=EVENING)
    outbox.retry(local(search), approved.id, now=MORNING)
    run(search, mail, MORNING)
    assert [r.message_id for r in mail.received] == [approved.message_id]
    with pytest.raises(InputError, match="is sent; only a failed"):
        outbox.retry(local(search), approved.id, now=MORNING)


def test_two_workers_never_claim_the_same_message(search: Database) -> None:
    for name in ("Priya Raman", "Tom Becker", "Ana López"):
        outbox.approve(local(search), 1, kind="thank_you", to=name, now=MORNING)
    first = outbox.claim(worker(search), "one", now=MORNING, limit=2)
    second = outbox.claim(worker(search), "two", now=MORNING, limit=2)
    assert len(first) == 2
    assert len(second) == 1
    assert not set(first) & set(second)
    assert outbox.claim(worker(search), "three", now=MORNING, limit=5) == []
    # A worker that vanished before handing off loses its claim once the lease is over.
    later = MORNING + outbox.CLAIM_LEASE + timedelta(seconds=1)
    assert sorted(outbox.claim(worker(search), "four", now=later, limit=5)) == sorted(
        first + second
    )


def _step(db: Database, name: str, kind: str = "thank_you") -> dict[str, object]:
    return next(s for s in detail(local(db), 1)["steps"] if s["kind"] == kind and s["to"] == name)


def test_a_round_replans_each_application_once_and_its_plan_shows_the_notes_sent(
    search: Database, mail: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Notes queued without a plan step: only a replan that sees the history marks the
    # thank-you steps done.
    ids = queue_notes(search, 3, now=MORNING)
    assert {_step(search, name)["status"] for name in PANEL} == {"pending"}
    calls: list[int] = []
    real = tracking.replan_if_planned

    def counting(tx: Any, app_id: int, **kwargs: Any) -> Any:
        calls.append(app_id)
        return real(tx, app_id, **kwargs)

    monkeypatch.setattr(tracking, "replan_if_planned", counting)
    assert run(search, mail, MORNING).counts["sent"] == 3
    assert sorted(r.message_id for r in mail.received) == sorted(ids)
    assert calls == [1]
    assert {_step(search, name)["status"] for name in PANEL} == {"done"}
    with local(search).read() as tx:
        assert outbox_repo.sent_unplanned_apps(tx) == []
    # Nothing new went out: the next round replans nothing.
    run(search, mail, MORNING + timedelta(minutes=5))
    assert calls == [1]


def test_the_plan_is_refreshed_even_when_a_later_message_of_the_round_fails(
    search: Database, mail: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = queue_notes(search, 2, now=MORNING)  # to Priya Raman, then Tom Becker
    real = outbox.prepare
    prepared: list[int] = []

    def failing_second(db: Database, message_id: int, worker: str, **kwargs: Any) -> Any:
        prepared.append(message_id)
        if len(prepared) == 2:
            raise RuntimeError("the database went away")
        return real(db, message_id, worker, **kwargs)

    monkeypatch.setattr(outbox, "prepare", failing_second)
    with pytest.raises(RuntimeError, match="went away"):
        run(search, mail, MORNING)
    assert [r.message_id for r in mail.received] == [first]
    assert _step(search, "Priya Raman")["status"] == "done"
    assert _step(search, "Tom Becker")["status"] == "pending"
    with local(search).read() as tx:
        assert outbox_repo.sent_unplanned_apps(tx) == []


def test_a_reply_recorded_between_two_messages_of_one_round_blocks_the_second(
    search: Database, mail: SmtpServer
) -> None:
    early = FOLLOW_UP_DAY - timedelta(hours=2)
    first = outbox.approve(
        local(search),
        1,
        kind="thank_you",
        to="Tom Becker",
        send_at=FOLLOW_UP_DAY,
        now=early,
        override_reason="We met again at a meetup last week",
    )
    second = outbox.approve(
        local(search), 1, kind="follow_up", to="Priya Raman", send_at=FOLLOW_UP_DAY, now=early
    )
    replied: list[bool] = []

    def clock() -> datetime:
        # The worker reads the clock before each step; once the server holds the first
        # message, the company's answer arrives (recorded by another connection).
        if len(mail.received) == 1 and not replied:
            replied.append(True)
            tracking.reply(local(search), 1, at=FOLLOW_UP_DAY, now=FOLLOW_UP_DAY)
        return FOLLOW_UP_DAY

    report = outbox_worker.deliver(worker(search), mail.server(), clock=clock)
    assert replied == [True]
    assert report.counts == {"sent": 1, "blocked": 1}
    assert [r.message_id for r in mail.received] == [first.message_id]
    assert status(search, first.id)["status"] == "sent"
    row = status(search, second.id)
    assert row["status"] == "blocked"
    assert str(row["error"]).startswith("replied:")

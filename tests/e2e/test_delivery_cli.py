"""Delivery through the command line: approve, the outbox, the worker, the digest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES
from tests.support.smtp import SmtpServer, running_smtp

PANEL = str(EXAMPLES / "panel-interview.yaml")


@pytest.fixture
def mail(monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    with running_smtp() as server:
        for name, value in server.env().items():
            monkeypatch.setenv(name, value)
        yield server


@pytest.fixture
def added(cli: Any) -> None:
    assert cli("add", PANEL, "--now", "2026-11-20T16:00").code == 0


@pytest.mark.usefixtures("added")
def test_a_reply_after_approval_stops_the_follow_up_end_to_end(
    cli: Any, mail: SmtpServer, tmp_path: Path
) -> None:
    body = tmp_path / "follow-up.txt"
    body.write_text("Dear Priya,\n\nI remain very interested in the role.\n\nJordan Lee\n")
    approved = cli(
        "approve", "1", "--kind", "follow_up", "--to", "priya raman",
        "--body-file", str(body), "--send-at", "2026-12-07T09:00",
        "--now", "2026-12-04T17:00", "--json",
    )  # fmt: skip
    assert approved.code == 0, approved.err
    message = approved.json()
    assert message["send_at"] == "2026-12-07T09:00:00-05:00"
    assert message["to_email"] == "priya.raman@northwind.example"

    assert cli("reply", "1", "--at", "2026-12-05T10:00", "--now", "2026-12-05T10:00").code == 0
    held = cli("outbox", "--json").json()["messages"]  # held when the reply was recorded
    assert [(m["id"], m["status"]) for m in held] == [(message["id"], "blocked")]
    ran = cli("worker", "--once", "--now", "2026-12-07T09:05")
    assert ran.code == 0, ran.err
    assert "nothing was due" in ran.out
    assert mail.received == []

    listed = cli("outbox", "--json").json()["messages"]
    assert [(m["id"], m["status"]) for m in listed] == [(message["id"], "blocked")]
    assert listed[0]["error"].startswith("replied: Northwind Robotics answered on Sat 05 Dec")
    text = cli("outbox", "--now", "2026-12-07T09:06").out
    assert "blocked" in text
    assert "They already answered: Northwind Robotics answered" in text
    assert "replied" not in text


@pytest.mark.usefixtures("added")
def test_approve_send_and_see_it_in_the_plan(cli: Any, mail: SmtpServer) -> None:
    approved = cli(
        "approve", "1", "--kind", "thank_you", "--to", "Tom Becker", "--now", "2026-11-20T19:00"
    )
    assert approved.code == 0, approved.err
    assert "Message 1 approved: thank-you note to Tom Becker <tom.becker@northwind.example>" in (
        approved.out
    )
    assert "goes out Sat 21 Nov 02:00 (America/Toronto)" in approved.out
    assert "odd_hour" not in approved.out  # a warning, if any, is named by its title
    early = cli("worker", "--once", "--now", "2026-11-20T21:00")
    assert "nothing was due" in early.out
    ran = cli("worker", "--once", "--now", "2026-11-21T08:30")
    assert "1 sent" in ran.out
    [got] = mail.received
    assert got.message["Subject"].startswith("Thanks for your time")
    shown = cli("show", "1", "--json").json()
    step = next(s for s in shown["steps"] if s["kind"] == "thank_you" and s["to"] == "Tom Becker")
    assert step["status"] == "done"


@pytest.mark.usefixtures("added")
def test_a_blocked_approval_exits_1_and_an_override_is_kept(cli: Any) -> None:
    args = ("approve", "1", "--kind", "follow_up", "--to", "Priya Raman", "--now",
            "2026-11-23T09:00", "--send-at", "2026-11-23T09:30")  # fmt: skip
    blocked = cli(*args)
    assert blocked.code == 1
    assert "blocked (Inside their time frame)" in blocked.err
    assert cli("outbox", "--json").json() == {"messages": []}
    allowed = cli(*args, "--override-reason", "Priya asked for the figures this week")
    assert allowed.code == 0, allowed.err
    assert cli("outbox", "--json").json()["messages"][0]["status"] == "approved"


@pytest.mark.usefixtures("added")
def test_cancel_and_retry_through_the_cli(cli: Any) -> None:
    cli("approve", "1", "--kind", "thank_you", "--to", "Ana López", "--now", "2026-11-20T19:00")
    assert cli("outbox", "cancel", "1").code == 0
    assert cli("outbox", "--json").json()["messages"][0]["status"] == "cancelled"
    assert cli("outbox", "retry", "1").code == 0
    assert cli("outbox", "--json").json()["messages"][0]["status"] == "approved"


BAD = [
    (["approve", "1", "--kind", "thank_you", "--to", "Bob"], "does not go to Bob"),
    (["approve", "9", "--kind", "thank_you", "--to", "Bob"], "No application with id 9"),
    (["approve", "1", "--kind", "dinner", "--to", "Bob"], "dinner"),
    (["approve", "1", "--kind", "keep_in_touch", "--to", "Priya Raman"], "LinkedIn"),
    (["approve", "1", "--kind", "thank_you", "--to", "Tom Becker", "--send-at", "soon"],
     "--send-at: cannot read 'soon'"),
    (["approve", "1", "--kind", "thank_you", "--to", "Tom Becker", "--body-file", "nope.txt"],
     "--body-file: no such file"),
    (["outbox", "cancel", "5"], "No message with id 5 in the outbox"),
    (["outbox", "retry", "5"], "No message with id 5 in the outbox"),
]  # fmt: skip


@pytest.mark.usefixtures("added")
@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_input_is_one_line_and_exit_2(cli: Any, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_the_worker_without_mail_settings_says_what_to_set(cli: Any) -> None:
    result = cli("worker", "--once")
    assert result.code == 2
    assert "AFTERVIEW_SMTP_HOST" in result.err


@pytest.mark.usefixtures("added")
def test_the_digest_prints_the_day_or_mails_it(cli: Any, mail: SmtpServer) -> None:
    cli("approve", "1", "--kind", "thank_you", "--to", "Ana López", "--now", "2026-11-21T07:00",
        "--send-at", "2026-11-21T09:00")  # fmt: skip
    printed = cli("digest", "--now", "2026-11-21T07:30")
    assert printed.code == 0, printed.err
    assert printed.out.startswith("Subject: afterview: your day, Sat 21 Nov\n")
    assert "Thank-you note → Tom Becker — Northwind Robotics" in printed.out
    assert "Going out today from your outbox (1):" in printed.out
    assert mail.received == []
    sent = cli("digest", "--send", "--now", "2026-11-21T07:30")
    assert sent.code == 0, sent.err
    [got] = mail.received
    assert got.recipients == ("jordan.lee@example.org",)
    assert got.message["To"] == "Jordan Lee <jordan.lee@example.org>"
    assert "Going out today" in got.message.get_content()


@pytest.mark.usefixtures("added")
def test_approving_without_a_mail_server_says_so_and_offers_the_other_ways(cli: Any) -> None:
    approved = cli(
        "approve", "1", "--kind", "thank_you", "--to", "Tom Becker", "--now", "2026-11-20T19:00"
    )  # fmt: skip
    assert approved.code == 0, approved.err
    assert "Message 1 approved: thank-you note to Tom Becker" in approved.out
    assert "No mail server is set up, so 1 approved note in the outbox waits" in approved.out
    assert "afterview outbox show 1" in approved.out
    assert "afterview outbox eml 1 > note.eml" in approved.out
    assert "AFTERVIEW_SMTP_HOST" in approved.out
    assert "`afterview worker` sends it" not in approved.out

    listed = cli("outbox", "--now", "2026-11-20T19:01").out
    assert "No mail server is set up" in listed
    assert "thank_you" not in listed
    agenda = cli("agenda", "--now", "2026-11-20T19:01").out
    assert "Outbox: No mail server is set up, so 1 approved note in the outbox waits" in agenda

    assert cli("outbox", "cancel", "1", "--now", "2026-11-20T19:02").code == 0
    again = cli("outbox", "retry", "1", "--now", "2026-11-20T19:03")
    assert "Message 1 is back in the outbox." in again.out
    assert "No mail server is set up" in again.out
    assert "worker sends it" not in again.out


@pytest.mark.usefixtures("added")
def test_a_note_no_worker_took_is_reported_as_no_worker_running(cli: Any, mail: SmtpServer) -> None:
    cli("approve", "1", "--kind", "thank_you", "--to", "Tom Becker", "--now", "2026-11-20T19:00")
    sent_at = cli("outbox", "--json").json()["messages"][0]["send_at"]
    assert sent_at.startswith("2026-11-21T")  # the plan's morning slot

    before = cli("outbox", "--now", "2026-11-20T19:05").out
    assert "no worker" not in before
    late = cli("outbox", "--now", "2026-11-23T12:00").out
    assert "1 note should have gone out by now, but no worker has taken it" in late
    assert "start `afterview worker`" in late
    assert mail.received == []


@pytest.mark.usefixtures("added")
def test_an_approved_note_prints_as_text_with_a_mailto_link_and_as_an_eml_file(
    cli: Any,
) -> None:
    cli("approve", "1", "--kind", "thank_you", "--to", "Tom Becker", "--now", "2026-11-20T19:00")
    shown = cli("outbox", "show", "1")
    assert shown.code == 0, shown.err
    assert shown.out.startswith("To: Tom Becker <")
    assert "Subject: " in shown.out
    assert "Open it in your mail program: mailto:" in shown.out

    eml = cli("outbox", "eml", "1", "--now", "2026-11-21T08:00")
    assert eml.code == 0, eml.err
    assert "Message-ID: <" in eml.out
    assert "To: Tom Becker <" in eml.out

    missing = cli("outbox", "show", "7")
    assert (missing.code, missing.out) == (2, "")
    assert "No message with id 7 in the outbox" in missing.err

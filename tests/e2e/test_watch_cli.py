"""`afterview watch` and `afterview inbox` as a user runs them, against a real dovecot."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import EXAMPLES
from tests.e2e.conftest import Result
from tests.support.dovecot import Dovecot, free_port, message

Cli = Callable[..., Result]
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("America/Toronto"))
NOW = "2026-11-24T09:00"


def test_watch_without_imap_settings_says_what_to_set(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AFTERVIEW_IMAP_HOST", raising=False)
    result = cli("watch")
    assert result.code == 2
    assert result.err.startswith(
        "afterview: The reply watch is not set up: set AFTERVIEW_IMAP_HOST"
    )
    assert result.err.count("\n") == 1
    assert "Traceback" not in result.err


def test_a_wrong_password_is_one_line_without_the_password(
    cli: Cli, imap: Dovecot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AFTERVIEW_IMAP_PASSWORD", "hunter2-wrong")
    result = cli("watch", "--now", NOW)
    assert result.code == 2
    assert "refused the login" in result.err
    assert result.err.count("\n") == 1
    assert "hunter2" not in result.err + result.out
    assert imap.password not in result.err + result.out


def test_a_server_that_is_down_is_one_line(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_IMAP_HOST", "127.0.0.1")
    monkeypatch.setenv("AFTERVIEW_IMAP_PORT", str(free_port()))  # nothing listens there
    monkeypatch.setenv("AFTERVIEW_IMAP_SECURITY", "plain")
    monkeypatch.setenv("AFTERVIEW_IMAP_USER", "jordan")
    monkeypatch.setenv("AFTERVIEW_IMAP_PASSWORD", "secret-pw")
    result = cli("watch", "--now", NOW)
    assert result.code == 2
    assert result.err.startswith("afterview: Cannot reach IMAP jordan@127.0.0.1:")
    assert result.err.count("\n") == 1
    assert "secret-pw" not in result.err


def test_watch_then_inbox_then_confirm_and_dismiss(cli: Cli, imap: Dovecot) -> None:
    assert cli("add", str(EXAMPLES / "panel-interview.yaml"), "--now", "2026-11-20T16:00").code == 0
    for sender, subject, body, mid in (
        ("priya.raman@northwind.example", "Re: Thank you", "Great to meet you!", "<a@nw>"),
        (
            "hr@northwind.example",
            "Update",
            "We regret to inform you…",
            "<b@nw>",
        ),
        ("ana.lopez@northwind.example", "Offer", "We are pleased to offer you the role.", "<c@nw>"),
    ):
        imap.append(message(sender=sender, subject=subject, body=body, message_id=mid, date=MONDAY))
    before = imap.mailbox()

    watched = cli("watch", "--now", NOW, "--json")
    assert watched.code == 0, watched.err
    data = watched.json()
    assert data["scanned"] == 3
    assert data["counts"] == {"human": 1, "auto": 0, "rejection": 1, "offer": 1}
    assert imap.mailbox() == before

    text = cli("watch", "--now", NOW)
    assert text.code == 0
    assert "0 new messages, 0 from employers" in text.out

    agenda = cli("agenda", "--now", NOW)
    assert "Heard back (3):" in agenda.out
    assert "Northwind Robotics (Senior Data Engineer, #1): reply from priya." in agenda.out
    assert cli("agenda", "--now", NOW, "--json").json()["replies"]["total"] == 3

    listed = cli("inbox", "--json").json()["replies"]
    assert [r["status"] for r in listed] == ["new", "new", "applied"]
    waiting = {r["kind"]: r["id"] for r in listed if r["status"] == "new"}
    shown = cli("inbox")
    assert shown.out.startswith("Waiting for you (2):")
    assert f"afterview inbox confirm {waiting['rejection']}" in shown.out

    confirmed = cli("inbox", "confirm", str(waiting["rejection"]))
    assert confirmed.code == 0, confirmed.err
    assert "rejected" in confirmed.out
    assert cli("show", "1", "--json").json()["outcome"] == "rejected"

    dismissed = cli("inbox", "dismiss", str(waiting["offer"]))
    assert dismissed.code == 0
    again = cli("inbox", "dismiss", str(waiting["offer"]))
    assert again.code == 2
    assert "not waiting for a decision (it is dismissed)" in again.err
    assert cli("inbox", "confirm", "424242").code == 2


def test_inbox_undo_takes_back_a_mistaken_match_and_the_follow_ups_return(cli: Cli) -> None:
    from afterview.cli.common import open_work
    from afterview.services import inbox

    assert cli("add", str(EXAMPLES / "panel-interview.yaml"), "--now", "2026-11-20T16:00").code == 0
    event = {
        "message_id": "<news@northwind.example>",
        "in_reply_to": None,
        "from_addr": "news@northwind.example",
        "from_name": "Northwind News",
        "subject": "Our December newsletter",
        "received_at": MONDAY,
        "kind": "human",
        "return_on": None,
        "why": None,
    }
    with open_work().write() as tx:
        event_id = inbox.record(tx, 1, event, now=MONDAY)

    def follow_ups() -> list[str]:
        steps = cli("show", "1", "--json").json()["steps"]
        return [s["status"] for s in steps if s["kind"] == "follow_up"]

    assert set(follow_ups()) == {"cancelled"}
    undone = cli("inbox", "undo", str(event_id), "--now", NOW)
    assert undone.code == 0, undone.err
    assert undone.out.startswith("Undone: the message from Northwind News")
    assert follow_ups() == ["pending", "pending"]
    again = cli("inbox", "undo", str(event_id), "--now", NOW)
    assert again.code == 2
    assert again.err == f"afterview: Reply {event_id} was already undone; nothing was changed.\n"
    assert "(undone)" in cli("inbox").out

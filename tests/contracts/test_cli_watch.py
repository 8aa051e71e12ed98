"""The JSON of ``afterview watch``: one poll of a real IMAP server (Debian's dovecot) holding
three replies to the panel interview."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.conftest import EXAMPLES
from tests.contracts.conftest import Snapshot
from tests.support.dovecot import Dovecot, message

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("America/Toronto"))
REPLIES = (
    ("priya.raman@northwind.example", "Re: Thank you", "Great to meet you!", "<a@nw>"),
    ("hr@northwind.example", "Update", "We regret to inform you…", "<b@nw>"),
    ("ana.lopez@northwind.example", "Offer", "We are pleased to offer you the role.", "<c@nw>"),
)
COMMANDS = {
    "cli/watch.json": ("watch", "--now", "2026-11-24T09:00", "--json"),
    "cli/inbox-after-watch.json": ("inbox", "--json"),
}


def test_the_json_of_a_watch_and_of_the_inbox_it_fills_is_unchanged(
    cli: Any, imap: Dovecot, snapshot: Snapshot
) -> None:
    assert cli("add", str(EXAMPLES / "panel-interview.yaml"), "--now", "2026-11-20T16:00").code == 0
    for sender, subject, body, mid in REPLIES:
        imap.append(message(sender=sender, subject=subject, body=body, message_id=mid, date=MONDAY))
    for name, args in COMMANDS.items():  # in this order: the watch fills the inbox
        result = cli(*args)
        assert (result.code, result.err) == (0, "")
        snapshot(name, result.out.encode("utf-8"))

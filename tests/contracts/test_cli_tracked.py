"""The JSON of the commands that read and change the database: each runs on a search built the
same way every time (the bundled panel interview, or the demo search from a fixed seed), at a
frozen time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from afterview.services import inbox
from afterview.storage.db import Database, sqlite_url
from tests.acting import local
from tests.conftest import EXAMPLES
from tests.contracts.conftest import Snapshot

PANEL = str(EXAMPLES / "panel-interview.yaml")  # Northwind, Fri 20 Nov 2026 14:00
ADDED = "2026-11-20T16:00"
MORNING = "2026-11-21T08:30"
TORONTO = ZoneInfo("America/Toronto")

DEBRIEF = """\
questions:
  - q: Tell me about a time you failed.
    answer: At my last job our nightly load broke. I rewrote the retry logic, which cut
      failures by 90%.
    rating: 4
    asked_by: Priya Raman
  - q: Describe a conflict with a colleague.
    answer: We disagreed about the schema.
    rating: 2
stood_out: Blameless postmortems.
"""
REVISIT = """\
went_well: the failure story
skills_to_build: [data testing]
still_want: 4
still_want_why: the team
"""
ENTRY = "I wanted this one. It stings, and I am proud of the streaming answer.\n"
FILES = {"DEBRIEF": DEBRIEF, "REVISIT": REVISIT, "ENTRY": ENTRY}


def _reply(home: Path) -> None:
    """A human reply from Priya that the watch matched to application 1 (the watch itself
    needs an IMAP server; what it stores is what ``inbox`` reads)."""
    db = Database(sqlite_url(home / "afterview.db"))
    at = datetime(2026, 11, 23, 10, 0, tzinfo=TORONTO)
    event = {
        "message_id": "<reply-1@northwind.example>",
        "in_reply_to": None,
        "from_addr": "priya.raman@northwind.example",
        "from_name": "Priya Raman",
        "subject": "Re: Thank you",
        "received_at": at,
        "kind": "human",
        "return_on": None,
        "why": "from someone on the panel",
    }
    with local(db).write() as tx:
        assert inbox.record(tx, 1, event, now=at) is not None


Step = tuple[str, ...] | Callable[[Path], None]
DEMO: tuple[Step, ...] = (("demo", "--months", "2", "--seed", "7", "--now", MORNING),)
ADD: tuple[Step, ...] = (("add", PANEL, "--now", ADDED),)
DEBRIEFED: tuple[Step, ...] = (
    *ADD,
    ("debrief", "1", "--file", "DEBRIEF", "--now", "2026-11-20T20:00"),
)
APPROVED: tuple[Step, ...] = (
    *ADD,
    ("approve", "1", "--kind", "thank_you", "--to", "Priya Raman", "--now", "2026-11-20T19:00"),
)
OFFER: tuple[Step, ...] = (
    *ADD,
    ("outcome", "1", "offer", "--at", "2026-11-27T10:00", "--now", "2026-11-27T10:05"),
)

# name: (what happened before, the command, its exit code)
COMMANDS: dict[str, tuple[tuple[Step, ...], tuple[str, ...], int]] = {
    "cli/add.json": ((), ("add", PANEL, "--now", ADDED, "--json"), 0),
    "cli/add-again.json": (ADD, ("add", PANEL, "--now", "2026-11-21T09:00", "--json"), 0),
    "cli/agenda.json": (ADD, ("agenda", "--now", MORNING, "--json"), 0),
    "cli/agenda-demo.json": (DEMO, ("agenda", "--now", MORNING, "--json"), 0),
    "cli/agenda-demo-30-days-3-each.json": (
        DEMO, ("agenda", "--days", "30", "--limit", "3", "--now", MORNING, "--json"), 0
    ),
    "cli/list-demo.json": (DEMO, ("list", "--json", "--now", MORNING), 0),
    "cli/show.json": (ADD, ("show", "1", "--json"), 0),
    "cli/show-demo-rejected.json": (DEMO, ("show", "12", "--json"), 0),
    "cli/show-demo-interviewing.json": (DEMO, ("show", "16", "--json"), 0),
    "cli/stats-demo.json": (DEMO, ("stats", "--json", "--now", MORNING), 0),
    "cli/questions-demo.json": (DEMO, ("questions", "--json"), 0),
    "cli/export-demo.json": (DEMO, ("export",), 0),
    "cli/export.json": (APPROVED, ("export", "--format", "json"), 0),
    "cli/approve.json": (
        ADD,
        ("approve", "1", "--kind", "thank_you", "--to", "Priya Raman",
         "--now", "2026-11-20T19:00", "--json"),
        0,
    ),
    "cli/approve-blocked.json": (
        ADD,
        ("approve", "1", "--kind", "follow_up", "--to", "Priya Raman",
         "--now", "2026-11-23T09:00", "--send-at", "2026-11-23T09:30", "--json"),
        1,
    ),
    "cli/approve-overridden.json": (
        ADD,
        ("approve", "1", "--kind", "follow_up", "--to", "Priya Raman",
         "--now", "2026-11-23T09:00", "--send-at", "2026-11-23T09:30",
         "--override-reason", "Priya asked for the figures this week", "--json"),
        0,
    ),
    "cli/approve-with-a-warning.json": (
        ADD,
        ("approve", "1", "--kind", "follow_up", "--to", "Priya Raman",
         "--now", "2026-12-04T19:00", "--send-at", "2026-12-07T21:00", "--json"),
        0,
    ),
    "cli/outbox.json": (APPROVED, ("outbox", "--json", "--now", "2026-11-20T19:01"), 0),
    "cli/inbox.json": ((*ADD, _reply), ("inbox", "--json"), 0),
    "cli/inbox-empty.json": (ADD, ("inbox", "--json"), 0),
    "cli/debrief.json": (
        ADD, ("debrief", "1", "--file", "DEBRIEF", "--now", "2026-11-20T20:00", "--json"), 0
    ),
    "cli/revisit.json": (
        DEBRIEFED, ("revisit", "1", "--file", "REVISIT", "--now", "2026-11-22T20:00", "--json"), 0
    ),
    "cli/rejection.json": (
        ADD, ("rejection", "1", "--at", "2026-11-30T10:00", "--now", "2026-11-30T10:05", "--json"),
        0,
    ),
    "cli/rejection-with-feedback.json": (
        DEBRIEFED,
        ("rejection", "1", "--feedback", "More streaming in production.", "--write", "ENTRY",
         "--at", "2026-11-30T10:00", "--now", "2026-11-30T11:00", "--json"),
        0,
    ),
    "cli/accept.json": (
        OFFER, ("accept", "1", "--on-paper", "--now", "2026-11-27T11:00", "--json"), 0
    ),
    "cli/close.json": (ADD, ("close", "1", "--now", "2027-01-30T09:00", "--json"), 0),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_json_of_a_tracking_command_is_unchanged(
    name: str, cli: Any, snapshot: Snapshot, afterview_home: Path, tmp_path: Path
) -> None:
    before, command, code = COMMANDS[name]
    for label, text in FILES.items():
        (tmp_path / label).write_text(text, encoding="utf-8")

    def run(args: tuple[str, ...]) -> Any:
        return cli(*(str(tmp_path / a) if a in FILES else a for a in args))

    for step in before:
        if callable(step):
            step(afterview_home)
        else:
            done = run(step)
            assert done.code == 0, done.err
    result = run(command)
    assert (result.code, result.err) == (code, "")
    snapshot(name, result.out.encode("utf-8"))

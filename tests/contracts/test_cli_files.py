"""The JSON of the commands that read one interview file: ``plan``, ``check``, ``lint``,
``draft`` and ``rules``, each at a frozen time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES
from tests.contracts.conftest import Snapshot

PANEL = str(EXAMPLES / "panel-interview.yaml")

# Each example planned a little after its interview (and after-rejection after the rejection).
PLANS = {
    "panel-interview": "2026-11-20T16:00",
    "phone-screen": "2026-11-24T12:00",
    "referrer-and-references": "2026-12-02T13:00",
    "after-rejection": "2026-11-16T18:00",
}

WEAK_NOTE = (
    "Hi,\n\nThanks for the interview!!! I really really want this job, please let me know "
    "ASAP.\n\nJ\n"
)
GOOD_NOTE = (
    "Dear Priya,\n\nThank you for your time on Friday and for the conversation about migrating "
    "the nightly batch jobs to streaming at Northwind Robotics. I enjoyed hearing how the team "
    "runs blameless postmortems, and I am keen to help with the move.\n\nBest regards,\n"
    "Jordan Lee\n"
)

# name: (arguments, exit code); a note's PATH is written by the test.
COMMANDS: dict[str, tuple[tuple[str, ...], int]] = {
    **{
        f"cli/plan-{example}.json": (
            ("plan", str(EXAMPLES / f"{example}.yaml"), "--now", now, "--json"),
            0,
        )
        for example, now in PLANS.items()
    },
    "cli/check-allowed.json": (
        ("check", PANEL, "--kind", "thank_you", "--to", "Priya Raman",
         "--at", "2026-11-20T16:00", "--json"),
        0,
    ),
    "cli/check-panel-copied-in.json": (
        ("check", PANEL, "--kind", "thank_you", "--to", "Priya Raman", "--to", "Ana López",
         "--at", "2026-11-20T16:00", "--json"),
        1,
    ),
    "cli/check-too-early.json": (
        ("check", PANEL, "--kind", "follow_up", "--to", "Priya Raman",
         "--at", "2026-11-22T10:00", "--json"),
        1,
    ),
    "cli/check-personal-phone.json": (
        ("check", PANEL, "--kind", "thank_you", "--to", "Tom Becker", "--at", "2026-11-21T03:00",
         "--channel", "phone", "--number", "+49 30 5550 1234", "--json"),
        1,
    ),
    "cli/lint.json": (
        ("lint", PANEL, "--kind", "thank_you", "--note", "Priya Raman=WEAK",
         "--note", "Priya Raman=GOOD", "--json"),
        1,
    ),
    "cli/draft-thank-you-all.json": (
        ("draft", PANEL, "--kind", "thank_you", "--all", "--json"),
        0,
    ),
    "cli/draft-thank-you-card.json": (
        ("draft", PANEL, "--kind", "thank_you", "--to", "Tom Becker", "--variant", "card",
         "--json"),
        0,
    ),
    "cli/draft-follow-up.json": (
        ("draft", PANEL, "--kind", "follow_up", "--to", "Priya Raman", "--json"),
        0,
    ),
    "cli/rules.json": (("rules", "--json"), 0),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_json_of_a_file_command_is_unchanged(
    name: str, cli: Any, snapshot: Snapshot, tmp_path: Path
) -> None:
    args, code = COMMANDS[name]
    notes = {"WEAK": WEAK_NOTE, "GOOD": GOOD_NOTE}
    for label, text in notes.items():
        (tmp_path / f"{label}.txt").write_text(text, encoding="utf-8")
    args = tuple(
        a.replace("=WEAK", f"={tmp_path / 'WEAK.txt'}").replace(
            "=GOOD", f"={tmp_path / 'GOOD.txt'}"
        )
        for a in args
    )
    result = cli(*args)
    assert (result.code, result.err) == (code, "")
    snapshot(name, result.out.encode("utf-8"))
